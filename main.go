// Command permwiz builds the AWS IAM, KMS and S3 policies that Amazon
// Personalize and Kinesis Data Streams encryption need, from one set of
// answers, in an interactive wizard or from flags. It never calls AWS.
// The commands are in package ui/cli.
package main

import (
	"fmt"
	"os"

	"permwiz/ui/cli"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	err := cli.NewRootCmd(version).Execute()
	if err != nil {
		if msg := cli.Message(err); msg != "" {
			fmt.Fprintln(os.Stderr, "permwiz:", msg)
		}
	}
	os.Exit(cli.Code(err))
}
