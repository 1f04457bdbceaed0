package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"permwiz/policy"
)

// Exit codes. 1 is check's "something is missing" and lint's findings; 2
// is bad input or usage, as for most CLIs; 3 is a write that failed (disk
// full, permission denied, another permwiz writing into the same folder),
// with nothing changed; 130 is an abort by the user (128 + SIGINT), as gum
// and shells report it.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
	ExitIO       = 3
	ExitAbort    = 130
)

// ExitError carries the exit code a command ends with. Its message is what
// the user sees on stderr (empty for a silent exit).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

func usageErrorf(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// usage wraps an error (such as wizard.Errors) as a usage error.
func usage(err error) error {
	if err == nil {
		return nil
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return err
	}
	return &ExitError{Code: ExitUsage, Err: err}
}

// Code returns the exit code for an error returned by a command.
func Code(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 1
}

// UsageError marks err (for example a flag parsing error) as a usage error.
func UsageError(err error) error { return usage(err) }

// sanitize makes a value safe to echo on the terminal (see
// policy.Printable): no escape sequence, CR or LF from a file or a flag
// reaches it.
func sanitize(s string) string { return policy.Printable(s) }

// Message is what main prints for err: its text with every line made
// printable, so that neither an escape sequence nor a carriage return in
// an echoed value (a YAML error quoting the file, an unknown flag) reaches
// the terminal. The lines permwiz itself breaks the message into are kept.
func Message(err error) string {
	if err == nil {
		return ""
	}
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = sanitize(l)
	}
	return strings.Join(lines, "\n")
}

// printableLines wraps w so that every line written through it is made
// printable (its newlines kept): for reports that quote a file's own text,
// such as lint's paths and check's Sids.
func printableLines(w io.Writer) io.Writer { return lineSanitizer{w} }

type lineSanitizer struct{ w io.Writer }

func (l lineSanitizer) Write(p []byte) (int, error) {
	parts := strings.Split(string(p), "\n")
	for i, part := range parts {
		parts[i] = sanitize(part)
	}
	if _, err := io.WriteString(l.w, strings.Join(parts, "\n")); err != nil {
		return 0, err
	}
	return len(p), nil
}
