package cli

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/permwiz/permwiz/policy"
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

// UsageError marks err (for example a flag parsing error) as a usage error,
// worded without Go's function names (strconv.ParseBool).
func UsageError(err error) error {
	if err != nil {
		if m := boolFlagRE().FindStringSubmatch(err.Error()); m != nil {
			err = fmt.Errorf("%s %s: takes true or false (or no value, meaning true)", m[2], m[1])
		}
	}
	return usage(err)
}

// boolFlagRE is pflag's message for a bad yes/no value.
var boolFlagRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^invalid argument ("(?:[^"\\]|\\.)*") for "([^"]+)" flag: strconv\.ParseBool`)
})

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
	return sanitizeLines(err.Error())
}

// sanitizeLines is s with every line made printable, its newlines kept.
func sanitizeLines(s string) string {
	lines := strings.Split(s, "\n")
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
	if _, err := io.WriteString(l.w, sanitizeLines(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// usageArgs makes every command's argument check a usage error (exit 2):
// a stray argument, a missing FILE or an unknown subcommand is a mistake
// in the command line, not "something is missing" (check's exit 1). An
// unknown subcommand is named with cobra's suggestion, if it has one.
func usageArgs(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		usageArgs(c)
	}
	check := cmd.Args
	if check == nil {
		check = cobra.ArbitraryArgs
	}
	cmd.Args = func(c *cobra.Command, args []string) error {
		err := check(c, args)
		if err == nil {
			return nil
		}
		if c.HasSubCommands() && len(args) > 0 {
			msg := fmt.Sprintf("unknown command %q for %q", sanitize(args[0]), c.CommandPath())
			if c.SuggestionsMinimumDistance <= 0 {
				c.SuggestionsMinimumDistance = 2
			}
			if s := c.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "; did you mean " + strings.Join(s, " or ") + "?"
			}
			return usageErrorf("%s (%s --help lists the commands)", msg, c.CommandPath())
		}
		why := err.Error()
		if strings.HasPrefix(why, "unknown command") {
			why = "takes no arguments"
		}
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = strconv.Quote(sanitize(a))
		}
		got := "none"
		if len(args) > 0 {
			got = strings.Join(quoted, " ")
		}
		return usageErrorf("%s: %s; got %s (usage: %s)", c.CommandPath(), why, got, c.UseLine())
	}
}
