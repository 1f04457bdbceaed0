//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Modes follow the umask, as every other program's files do.
func TestWriteFilesHonoursTheUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteFiles(dir, []File{{Name: "a.json", Data: []byte("{}")}, {Name: "apply.sh", Data: []byte("#!/bin/sh\n")}}, false); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{"a.json": 0o600, "apply.sh": 0o700, ManifestName: 0o600, ".": 0o700} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", name, st.Mode().Perm(), want, err)
		}
	}
	syscall.Umask(0o022)
	if err := WriteFileAtomic(filepath.Join(dir, "merged.json"), []byte("{}"), false, 0o666); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "merged.json")); st.Mode().Perm() != 0o644 {
		t.Errorf("merged.json: mode %v, want 0644", st.Mode().Perm())
	}
}
