// Command permwiz builds the AWS IAM, KMS and S3 policies that Amazon
// Personalize and Kinesis Data Streams encryption need, from one set of
// answers, in an interactive wizard or from flags. It never calls AWS.
// The commands are in package ui/cli.
package main

import (
	"fmt"
	"os"

	"github.com/permwiz/permwiz/ui/cli"
)

// The release build sets these (-ldflags "-X main.version=v1.2.3
// -X main.commit=... -X main.date=..."); otherwise permwiz reads them from
// the binary's build information (the module version of go install, or the
// VCS revision of a build from a clone).
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	err := cli.NewRootCmd(version, cli.Stamp{Commit: commit, Date: date}).Execute()
	fmt.Fprint(os.Stderr, cli.ErrorText(err))
	os.Exit(cli.Code(err))
}
