package cli

// What writing files can fail with, worded for the commands that wrap it.

import (
	"errors"
	"fmt"
	"strings"
)

// ExistsError is WriteFiles refusing to replace files without force.
type ExistsError struct {
	Dir   string
	Names []string // sorted
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exist%s in %s", strings.Join(e.Names, ", "), plural1(len(e.Names)), e.Dir)
}

// BusyError is WriteFiles finding another permwiz writing into the same
// folder: one of two runs wins, the other writes nothing.
type BusyError struct {
	Dir string
	PID int // the other run's process, 0 when its lock does not say
}

func (e *BusyError) Error() string {
	return "another permwiz is writing " + e.detail() + " in " + e.Dir
}

func (e *BusyError) detail() string {
	who := "another permwiz"
	if e.PID > 0 {
		who += fmt.Sprintf(" (process %d)", e.PID)
	}
	return fmt.Sprintf("%s is writing into the folder right now; nothing was written. Try again when it has finished (if no permwiz is running, remove %s)", who, LockName)
}

// WriteError is a failure of WriteFiles. Its message names the file and the
// folder and nothing else: each command says which of its flags or files
// that is.
type WriteError struct {
	Dir  string
	Name string // "" when the folder itself could not be made
	Op   string // "create the folder", "write", "move into place"
	Err  error
}

// reason is what went wrong, for the user.
func (e *WriteError) reason() string { return describeFileError(e.Err) }

func (e *WriteError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("cannot create the folder %s: %s", e.Dir, e.reason())
	}
	if e.Op == opMove {
		return fmt.Sprintf("cannot move %s into place in %s: %s", e.Name, e.Dir, e.reason())
	}
	return fmt.Sprintf("cannot write %s in %s: %s", e.Name, e.Dir, e.reason())
}

func (e *WriteError) Unwrap() error { return e.Err }

// detail is the message without the folder, for a command that names the
// folder itself.
func (e *WriteError) detail() string {
	switch {
	case e.Name == "":
		return "cannot create the folder: " + e.reason()
	case e.Op == opMove:
		return fmt.Sprintf("cannot move %s into place: %s", e.Name, e.reason())
	}
	return fmt.Sprintf("cannot write %s: %s", e.Name, e.reason())
}

const (
	opMkdir = "create the folder"
	opWrite = "write"
	opMove  = "move into place"
)

// outError words a WriteFiles error for a command's --out flag: where names
// the folder or file the flag gave. A refusal to replace is a usage error
// (exit 2); a write that failed is ExitIO; nothing was written in either
// case.
func outError(where string, err error) error {
	var ee *ExistsError
	if errors.As(err, &ee) {
		return usageErrorf("--out %q: %s already exist%s; pass --force to replace, or choose another folder",
			where, strings.Join(ee.Names, ", "), plural1(len(ee.Names)))
	}
	var be *BusyError
	if errors.As(err, &be) {
		return &ExitError{Code: ExitIO, Err: fmt.Errorf("--out %q: %s", where, be.detail())}
	}
	var we *WriteError
	if errors.As(err, &we) {
		return &ExitError{Code: ExitIO, Err: fmt.Errorf("--out %q: %s; nothing was changed", where, we.detail())}
	}
	return err
}

// outFileError words a WriteFileAtomic error for an --out FILE flag: the
// message names the file.
func outFileError(path string, err error) error {
	var ee *ExistsError
	if errors.As(err, &ee) {
		return usageErrorf("--out %q: already exists; pass --force to replace it, or choose another file", path)
	}
	var we *WriteError
	if errors.As(err, &we) {
		reason := we.reason()
		if we.Name == "" {
			reason = "cannot create its folder: " + reason
		}
		return &ExitError{Code: ExitIO, Err: fmt.Errorf("--out %q: cannot write it: %s; nothing was changed", path, reason)}
	}
	return err
}

// plural1 is the verb ending for n subjects: "exists", "exist".
func plural1(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}
