package cli

import (
	"errors"
	"fmt"

	"github.com/permwiz/permwiz/policy/audit"
)

// MergeOptions are the options of `permwiz merge`.
type MergeOptions struct {
	Flags AnswerFlags
	Doc   string
	Into  string // the existing policy; "-" for stdin
	Out   string // write here instead of stdout
	Force bool   // let --out replace an existing file

	IO *IOStreams
}

// Validate checks the flags; the command runs it before RunMerge.
func (o *MergeOptions) Validate() error {
	if o.Into == "" {
		return usageErrorf("merge: --into FILE is required: the existing policy (- for stdin), such as the output of aws kms get-key-policy")
	}
	if o.Into == "-" && o.Flags.AnswersFile == "-" {
		return usageErrorf("--into - and --answers - both read stdin; give one of them as a file")
	}
	if o.Out == "-" && o.Force {
		return usageErrorf("--out - writes to stdout, which --force does not apply to; drop one of them")
	}
	return requireDoc("merge", o.Doc)
}

// RunMerge prints (or writes with --out) the --into policy with permwiz's
// statements for --doc merged in, and reports what it did on stderr.
// Nothing is written unless the whole merge succeeds. Validate first.
func RunMerge(o *MergeOptions) error {
	o.Flags.Stdin = o.IO.In
	d, err := bundleDoc("merge", &o.Flags, o.Doc)
	if err != nil {
		return err
	}
	data, err := readPolicyInput("--into", o.Into, o.IO.In)
	if err != nil {
		return err
	}
	res, err := audit.Merge(data, d.Policy)
	if err != nil {
		var me *audit.MergeError
		if errors.As(err, &me) {
			return usageErrorf("--into %q: %s", sanitize(o.Into), me.Msg)
		}
		return err
	}
	toFile := o.Out != "" && o.Out != "-" // --out - is stdout, as without --out
	if toFile {
		if err := WriteFileAtomic(o.Out, res.Data, o.Force, 0o666); err != nil {
			return outFileError(sanitize(o.Out), err)
		}
	} else if _, err := o.IO.Out.Write(res.Data); err != nil {
		return err
	}
	fmt.Fprintf(printableLines(o.IO.ErrOut), "permwiz merge --doc %s:\n%s", o.Doc, indentLines(res.Report(), "  "))
	if toFile {
		fmt.Fprintf(o.IO.ErrOut, "  wrote %s\n", o.Out)
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
