package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WriteFiles' errors name the file and the folder only; generate words
// them as --out errors.
func TestWriteFilesErrorsAreNeutral(t *testing.T) {
	dir := t.TempDir()
	blocked := filepath.Join(dir, "file")
	os.WriteFile(blocked, []byte("x"), 0o644)
	err := WriteFiles(filepath.Join(blocked, "sub"), []File{{Name: "a.json", Data: []byte("{}")}}, false)
	var we *WriteError
	if !errors.As(err, &we) || strings.Contains(err.Error(), "--out") || !strings.Contains(err.Error(), "cannot create the folder "+filepath.Join(blocked, "sub")) {
		t.Errorf("err = %v", err)
	}
	if got := outError("x", err).Error(); !strings.HasPrefix(got, `--out "x": cannot create the folder: `) {
		t.Errorf("as an --out error: %q", got)
	}

	os.WriteFile(filepath.Join(dir, "a.json"), []byte("mine"), 0o644)
	err = WriteFiles(dir, []File{{Name: "a.json", Data: []byte("{}")}}, false)
	var ee *ExistsError
	if !errors.As(err, &ee) || err.Error() != "a.json already exists in "+dir {
		t.Errorf("err = %v", err)
	}
	if got := outError(dir, err); Code(got) != ExitUsage || got.Error() != `--out "`+dir+`": a.json already exists; pass --force to replace, or choose another folder` {
		t.Errorf("as an --out error: %v (exit %d)", got, Code(got))
	}
}
