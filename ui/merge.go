package ui

import (
	"errors"
	"fmt"
	"io"

	"permwiz/policy/audit"
)

// MergeOptions are the options of `permwiz merge`.
type MergeOptions struct {
	Flags AnswerFlags
	Doc   string
	Into  string // the existing policy; "-" for stdin
	Out   string // write here instead of stdout
	Force bool   // let --out replace an existing file

	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// RunMerge prints (or writes with --out) the --into policy with permwiz's
// statements for --doc merged in, and reports what it did on stderr.
// Nothing is written unless the whole merge succeeds.
func RunMerge(o *MergeOptions) error {
	if o.Into == "" {
		return usageErrorf("permwiz merge: --into FILE is required: the existing policy (- for stdin), such as the output of aws kms get-key-policy")
	}
	d, err := bundleDoc("merge", &o.Flags, o.Doc)
	if err != nil {
		return err
	}
	data, err := readPolicyInput("--into", o.Into, o.Stdin)
	if err != nil {
		return err
	}
	res, err := audit.Merge(data, d.Policy)
	if err != nil {
		var me *audit.MergeError
		if errors.As(err, &me) {
			return usageErrorf("--into %q: %s", o.Into, me.Msg)
		}
		return err
	}
	if o.Out != "" {
		if err := WriteFileAtomic(o.Out, res.Data, o.Force); err != nil {
			return err
		}
	} else if _, err := o.Stdout.Write(res.Data); err != nil {
		return err
	}
	fmt.Fprintf(o.Stderr, "permwiz merge --doc %s:\n%s", o.Doc, indentLines(res.Report(), "  "))
	if o.Out != "" {
		fmt.Fprintf(o.Stderr, "  wrote %s\n", o.Out)
	}
	return nil
}

func indentLines(s, prefix string) string {
	out := make([]byte, 0, len(s)+16)
	start := true
	for i := 0; i < len(s); i++ {
		if start && s[i] != '\n' {
			out = append(out, prefix...)
		}
		out = append(out, s[i])
		start = s[i] == '\n'
	}
	return string(out)
}
