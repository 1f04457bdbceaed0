package cli

import (
	"io"
	"io/fs"
	"os"

	"github.com/permwiz/permwiz/wizard"
)

// maxPolicyInput bounds what merge, check and lint read: the largest policy
// AWS accepts is 32 KB, so a megabyte is generous and a runaway pipe ends.
const maxPolicyInput = 1 << 20

// maxAnswersInput bounds an answers file: a saved one is a few hundred
// bytes, and a key policy cannot name more principals than fit in 32 KB.
const maxAnswersInput = 1 << 20

// readPolicyInput reads a policy file named on the command line, or stdin
// when the name is "-". what names the flag or argument in messages.
func readPolicyInput(what, name string, stdin io.Reader) ([]byte, error) {
	data, err := readInput(what, name, stdin, maxPolicyInput, "a policy file", "no AWS policy is that large")
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, usageErrorf("%s %q: is empty; expected a policy document", what, sanitize(name))
	}
	return data, nil
}

// readAnswersInput reads an --answers file, or stdin when the name is "-".
func readAnswersInput(name string, stdin io.Reader) ([]byte, error) {
	return readInput("--answers", name, stdin, maxAnswersInput, "an answers file", "an answers file is a few hundred bytes")
}

// readInput reads at most limit bytes from a file named on the command
// line, or stdin for "-". A folder, a device (/dev/zero, a terminal) or a
// socket is refused with a message naming what it is; a FIFO (such as
// <(command) in a shell) is read, as the user asked. What is over limit
// is refused, so a runaway source ends.
func readInput(what, name string, stdin io.Reader, limit int64, want, why string) ([]byte, error) {
	shown := sanitize(name)
	var r io.Reader
	if name == "-" {
		if stdin == nil {
			return nil, usageErrorf("%s %q: no standard input here", what, shown)
		}
		r = stdin
	} else {
		if n, ok := regularSize(name); ok {
			// min(n, limit) + 1: room to read the end of the file.
			data, err := readRegular(name, min(n, limit)+1, limit+1)
			return checkRead(data, err, what, shown, limit, why)
		}
		st, err := os.Stat(name)
		if err != nil {
			return nil, usageErrorf("%s %q: %s", what, shown, describeFileError(err))
		}
		if m := st.Mode(); !m.IsRegular() && m&fs.ModeNamedPipe == 0 {
			return nil, usageErrorf("%s %q: is %s, not %s", what, shown, fileKind(m), want)
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, usageErrorf("%s %q: %s", what, shown, describeFileError(err))
		}
		defer f.Close()
		r = f
	}
	data, err := readAllSized(io.LimitReader(r, limit+1), 512) // what io.ReadAll starts with
	return checkRead(data, err, what, shown, limit, why)
}

// checkRead words readInput's errors: a read that failed, or more than
// limit bytes.
func checkRead(data []byte, err error, what, shown string, limit int64, why string) ([]byte, error) {
	if err != nil {
		return nil, usageErrorf("%s %q: %s", what, shown, describeFileError(err))
	}
	if int64(len(data)) > limit {
		return nil, usageErrorf("%s %q: over %d bytes; %s", what, shown, limit, why)
	}
	return data, nil
}

// readAllSized is io.ReadAll starting with a buffer of size bytes: a
// regular file is read into one buffer of its size, without regrowing.
func readAllSized(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, max(size, 1))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow, as io.ReadAll does
		}
	}
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file"
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
	// A bad setup comes first: which answers are missing depends on it.
	if fe := n.Check(wizard.FieldSetup); fe != nil {
		return nil, usage(fe)
	}
	if missing := n.Missing(); len(missing) > 0 {
		return nil, usageErrorf(missingFormat, flagList(missing))
	}
	b, err := wizard.Build(a)
	if err != nil {
		return nil, usage(err)
	}
	return b, nil
}
