package cli

import (
	"io"
	"os"

	"permwiz/wizard"
)

// maxPolicyInput bounds what merge, check and lint read: the largest policy
// AWS accepts is 32 KB, so a megabyte is generous and a runaway pipe ends.
const maxPolicyInput = 1 << 20

// readPolicyInput reads a policy file named on the command line, or stdin
// when the name is "-". what names the flag or argument in messages.
func readPolicyInput(what, name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if stdin == nil {
			return nil, usageErrorf("%s %q: no standard input here", what, name)
		}
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, usageErrorf("%s %q: %s", what, name, describeFileError(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, usageErrorf("%s %q: is a folder, not a policy file", what, name)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxPolicyInput+1))
	if err != nil {
		return nil, usageErrorf("%s %q: %s", what, name, describeFileError(err))
	}
	if len(data) > maxPolicyInput {
		return nil, usageErrorf("%s %q: over %d bytes; no AWS policy is that large", what, name, maxPolicyInput)
	}
	if len(data) == 0 {
		return nil, usageErrorf("%s %q: is empty; expected a policy document", what, name)
	}
	return data, nil
}

// requireDoc is the check of merge's and check's --doc flag.
func requireDoc(cmd, id string) error {
	if id == "" {
		return usageErrorf("permwiz %s: --doc is required: which document, such as kms-key-policy or s3-bucket-policy", cmd)
	}
	return nil
}

// bundleDoc builds the answers' documents and returns the one named by
// --doc, with the same messages as generate for missing answers.
func bundleDoc(cmd string, flags *AnswerFlags, id string) (*wizard.Doc, error) {
	if err := requireDoc(cmd, id); err != nil {
		return nil, err
	}
	a, err := flags.Answers()
	if err != nil {
		return nil, err
	}
	b, err := buildAnswers(cmd+": missing %s (or --answers FILE)", a)
	if err != nil {
		return nil, err
	}
	d := b.Doc(id)
	if d == nil {
		return nil, usageErrorf("--doc %q: %s", id, whyNoDoc(b, id))
	}
	return d, nil
}

// buildAnswers builds the answers' documents for a command, as usage errors:
// first the answers still missing, named as flags in missingFormat (one %s),
// then anything Build refuses.
func buildAnswers(missingFormat string, a wizard.Answers) (*wizard.Bundle, error) {
	n := a.Normalized()
	if missing := n.Missing(); len(missing) > 0 {
		return nil, usageErrorf(missingFormat, flagList(missing))
	}
	b, err := wizard.Build(a)
	if err != nil {
		return nil, usage(err)
	}
	return b, nil
}
