//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/permwiz/permwiz/wizard"
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

// The resume file is never opened when it is a FIFO (the wizard would
// wait on a blank screen): the launcher says what it is instead. A resume
// folder that exists with wider permissions is narrowed to 0700.
func TestResumeFileIsPrivateAndRegular(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "resume.yaml")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no FIFOs here")
	}
	offer, warn := loadResume(path)
	if offer != nil || !strings.Contains(warn, "is a FIFO (named pipe), not a regular file; not resuming from it") {
		t.Errorf("FIFO resume file: %v %q", offer, warn)
	}
	os.Remove(path)
	if err := keepAnswers(path, wizard.Answers{AccountID: "111122223333"}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", st.Mode().Perm())
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", st.Mode().Perm())
	}
}

// --answers reads a FIFO (a shell's <(...)), as the user asked.
func TestAnswersFromAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "answers")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here")
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			f.WriteString("account_id: \"111122223333\"\nregion: us-east-1\nrole_name: R\nbucket: my-data\n")
			f.Close()
		}
	}()
	out, errOut, code := run(t, "generate", "--answers", fifo, "--doc", "role-trust-policy")
	if code != 0 || !strings.Contains(out, "111122223333") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
