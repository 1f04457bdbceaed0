package cli

import (
	"fmt"
	"io"
	"runtime"

	"permwiz/assets"
	"permwiz/wizard"
)

// RunVersion prints the version and where permwiz's AWS data comes from.
func RunVersion(w io.Writer, version string) error {
	fmt.Fprintf(w, "permwiz %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	src := assets.CatalogSource()
	for _, p := range src.Packages {
		fmt.Fprintf(w, "%s\n", p.String())
	}
	fmt.Fprintf(w, "personalize regions: %s\n", wizard.PersonalizeRegionsSource)
	fmt.Fprintf(w, "policy rules: from the AWS documentation pages cited in each statement's Source (Personalize, KMS, S3, Kinesis)\n")
	return nil
}
