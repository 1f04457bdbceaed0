package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"permwiz/wizard/apply"
)

// File is one file to write: a name inside the output folder and its bytes.
// It is apply.File, so the files a format renders are written as they are.
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

// WriteFiles writes every file into dir, all or nothing as far as the file
// system allows: without force it refuses before writing anything if any
// file exists; it then writes each file to a temporary file beside it and
// renames them into place only once all are written, so a failure (disk
// full, permission) leaves no half-written policy behind.
func WriteFiles(dir string, files []File, force bool) error {
	if !force {
		if existing := ExistingFiles(dir, files); len(existing) > 0 {
			return usageErrorf("--out %q: %s already exist%s; pass --force to replace, or choose another folder",
				dir, strings.Join(existing, ", "), map[bool]string{true: "s", false: ""}[len(existing) == 1])
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--out %q: cannot create the folder: %s", dir, describeFileError(err))
	}
	temps := make([]string, 0, len(files))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("--out %q: cannot write %s: %s", dir, f.Name, describeFileError(err))
		}
		temps = append(temps, tmp.Name())
		_, werr := tmp.Write(f.Data)
		serr := tmp.Sync()
		cerr := tmp.Close()
		if werr != nil || serr != nil || cerr != nil {
			cleanup()
			return fmt.Errorf("--out %q: cannot write %s: %v", dir, f.Name, firstErr(werr, serr, cerr))
		}
		if err := os.Chmod(tmp.Name(), fileMode(f.Name)); err != nil {
			cleanup()
			return fmt.Errorf("--out %q: cannot write %s: %v", dir, f.Name, err)
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, f.Name)); err != nil {
			cleanup()
			return fmt.Errorf("--out %q: cannot move %s into place: %v", dir, f.Name, err)
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
