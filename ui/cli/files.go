package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"permwiz/wizard/apply"
)

// File is one file to write: a name inside the output folder and its bytes.
// It is format.File, so the files a format renders are written as they are.
type File = apply.File

// ExistingFiles lists which of the files already exist in dir.
func ExistingFiles(dir string, files []File) []string {
	var out []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, f.Name)); err == nil {
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}

// ExistsError is WriteFiles refusing to replace files without force.
type ExistsError struct {
	Dir   string
	Names []string // sorted
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exist%s in %s", strings.Join(e.Names, ", "), plural1(len(e.Names)), e.Dir)
}

// WriteError is a failure of WriteFiles. Its message names the file and the
// folder and nothing else: each command says which of its flags or files
// that is.
type WriteError struct {
	Dir    string
	Name   string // "" when the folder itself could not be made
	Op     string // "create the folder", "write", "move into place"
	Reason string // what went wrong, for the user
	Err    error
}

func (e *WriteError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("cannot create the folder %s: %s", e.Dir, e.Reason)
	}
	if e.Op == opMove {
		return fmt.Sprintf("cannot move %s into place in %s: %s", e.Name, e.Dir, e.Reason)
	}
	return fmt.Sprintf("cannot write %s in %s: %s", e.Name, e.Dir, e.Reason)
}

func (e *WriteError) Unwrap() error { return e.Err }

// detail is the message without the folder, for a command that names the
// folder itself.
func (e *WriteError) detail() string {
	switch {
	case e.Name == "":
		return "cannot create the folder: " + e.Reason
	case e.Op == opMove:
		return fmt.Sprintf("cannot move %s into place: %s", e.Name, e.Reason)
	}
	return fmt.Sprintf("cannot write %s: %s", e.Name, e.Reason)
}

const (
	opMkdir = "create the folder"
	opWrite = "write"
	opMove  = "move into place"
)

// outError words a WriteFiles error for a command's --out flag: where names
// the folder or file the flag gave.
func outError(where string, err error) error {
	var ee *ExistsError
	if errors.As(err, &ee) {
		return usageErrorf("--out %q: %s already exist%s; pass --force to replace, or choose another folder",
			where, strings.Join(ee.Names, ", "), plural1(len(ee.Names)))
	}
	var we *WriteError
	if errors.As(err, &we) {
		return fmt.Errorf("--out %q: %s", where, we.detail())
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

// WriteFiles writes every file into dir, all or nothing as far as the file
// system allows: without force it refuses before writing anything if any
// file exists (an *ExistsError); it then writes each file to a temporary
// file beside it and renames them into place only once all are written, so
// a failure (disk full, permission) leaves no half-written policy behind.
// Other failures are a *WriteError.
func WriteFiles(dir string, files []File, force bool) error {
	if !force {
		if existing := ExistingFiles(dir, files); len(existing) > 0 {
			return &ExistsError{Dir: dir, Names: existing}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &WriteError{Dir: dir, Op: opMkdir, Reason: describeFileError(err), Err: err}
	}
	temps := make([]string, 0, len(files))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	fail := func(name, op, reason string, err error) error {
		cleanup()
		return &WriteError{Dir: dir, Name: name, Op: op, Reason: reason, Err: err}
	}
	for _, f := range files {
		tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp-*")
		if err != nil {
			return fail(f.Name, opWrite, describeFileError(err), err)
		}
		temps = append(temps, tmp.Name())
		_, werr := tmp.Write(f.Data)
		serr := tmp.Sync()
		cerr := tmp.Close()
		if err := firstErr(werr, serr, cerr); err != nil {
			return fail(f.Name, opWrite, err.Error(), err)
		}
		if err := os.Chmod(tmp.Name(), fileMode(f.Name)); err != nil {
			return fail(f.Name, opWrite, err.Error(), err)
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, f.Name)); err != nil {
			return fail(f.Name, opMove, err.Error(), err)
		}
	}
	return nil
}

// WriteFileAtomic writes one file through a temporary file and a rename.
func WriteFileAtomic(path string, data []byte, force bool) error {
	return WriteFiles(filepath.Dir(path), []File{{Name: filepath.Base(path), Data: data}}, force)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// fileMode: scripts (apply.sh) are written executable, so they are ready to
// run the moment the rename puts them in place; everything else 0644.
func fileMode(name string) os.FileMode {
	if strings.HasSuffix(name, ".sh") {
		return 0o755
	}
	return 0o644
}
