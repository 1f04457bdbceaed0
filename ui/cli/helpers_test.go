package cli

import (
	"io"
	"os"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// testIO is IOStreams for a test: the given streams, none a terminal, no
// system clipboard, and the process's environment (tests set it with
// t.Setenv).
func testIO(in io.Reader, out, errOut io.Writer) *IOStreams {
	return &IOStreams{In: in, Out: out, ErrOut: errOut, Getenv: os.Getenv}
}

// validated runs a command's flag checks and then the command, as its
// cobra RunE does.
func validated[O interface{ Validate() error }](o O, run func(O) error) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return run(o)
}

// bundleFiles lists the files --out writes in the default (json) format:
// <id>.json for every document, answers.yaml and NEXT-STEPS.md.
func bundleFiles(b *wizard.Bundle) []File {
	files, err := apply.Render(b, apply.JSON)
	if err != nil {
		panic(err) // b comes from wizard.Build: rendering JSON cannot fail
	}
	return files
}
