package cli

import (
	"errors"
	"fmt"
)

// Exit codes. 2 is bad input or usage, as for most CLIs; 130 is an abort by
// the user (128 + SIGINT), as gum and shells report it.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
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
