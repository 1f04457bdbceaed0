package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// faultyDisk fails the n-th change WriteFiles makes to the disk (1-based)
// and lets every other through: the seam for the all-or-nothing property.
type faultyDisk struct {
	n, calls int
}

var errInjected = errors.New("injected failure")

func (d *faultyDisk) fail() bool { d.calls++; return d.calls == d.n }

func (d *faultyDisk) Create(path string, data []byte, perm os.FileMode) error {
	if d.fail() {
		return errInjected
	}
	return osOps{}.Create(path, data, perm)
}

func (d *faultyDisk) Rename(from, to string) error {
	if d.fail() {
		return errInjected
	}
	return os.Rename(from, to)
}

func (d *faultyDisk) Remove(path string) error {
	if d.fail() {
		return errInjected
	}
	return os.Remove(path)
}

// snapshot is every entry of dir: name → mode and content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		info, _ := e.Info()
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = info.Mode().String() + " " + string(data)
	}
	return out
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Property: whichever single step of writing a set fails (each file
// written to the staging folder, each file moved aside, each moved into
// place, each obsolete file moved aside), the folder holds exactly
// the old set or exactly the new set, with no staging folder, temporary
// file or lock left, and a file permwiz did not write is never touched.
// With --force, a file the old set had and the new one has not is removed
// with the rest of the commit.
func TestWriteFilesIsAllOrNothingWhateverStepFails(t *testing.T) {
	oldSet := []File{{Name: "a.json", Data: []byte("old a")}, {Name: "b.json", Data: []byte("old b")}, {Name: "gone.json", Data: []byte("old gone")}}
	newSet := []File{{Name: "a.json", Data: []byte("new a")}, {Name: "b.json", Data: []byte("new b")}, {Name: "c.sh", Data: []byte("new c")}}
	prepare := func(t *testing.T) string {
		dir := t.TempDir()
		if err := WriteFiles(dir, oldSet, false); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("not permwiz's"), 0o600)
		return dir
	}
	// The new set as a successful run leaves it.
	wantNew := func() map[string]string {
		dir := prepare(t)
		if err := WriteFiles(dir, newSet, true); err != nil {
			t.Fatal(err)
		}
		s := snapshot(t, dir)
		if _, ok := s["gone.json"]; ok {
			t.Fatal("--force kept a file the earlier run wrote and this one does not")
		}
		if s["mine.txt"] == "" {
			t.Fatal("--force removed a file permwiz did not write")
		}
		return s
	}()
	defer func(d fileOps) { disk = d }(disk)
	steps := 0
	for n := 1; ; n++ {
		dir := prepare(t)
		wantOld := snapshot(t, dir)
		fd := &faultyDisk{n: n}
		disk = fd
		err := WriteFiles(dir, newSet, true)
		disk = osOps{}
		got := snapshot(t, dir)
		if fd.calls < n { // no step failed: the run is over
			if err != nil || !sameSnapshot(got, wantNew) {
				t.Fatalf("without a failure: %v\n%v", err, got)
			}
			break
		}
		steps++
		var we *WriteError
		if !errors.As(err, &we) {
			t.Fatalf("step %d failed but WriteFiles returned %v", n, err)
		}
		if !sameSnapshot(got, wantOld) && !sameSnapshot(got, wantNew) {
			t.Fatalf("step %d failed and left a mix:\n got %v\n old %v\n new %v", n, got, wantOld, wantNew)
		}
	}
	if steps < 2*len(newSet) {
		t.Fatalf("only %d steps were tried", steps)
	}
}

// Two runs into one folder at once: one wins, the other is refused with
// nothing written; a lock left by a run that was killed is taken over.
func TestWriteFilesLocksTheFolder(t *testing.T) {
	dir := t.TempDir()
	// A live holder: this test's own process.
	os.WriteFile(filepath.Join(dir, LockName), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
	err := WriteFiles(dir, []File{{Name: "a.json", Data: []byte("{}")}}, true)
	var be *BusyError
	if !errors.As(err, &be) || be.PID != os.Getpid() {
		t.Fatalf("err = %v, want a BusyError", err)
	}
	if got := outError(dir, err); Code(got) != ExitIO || !strings.Contains(got.Error(), "another permwiz (process") {
		t.Errorf("as an --out error: %v (exit %d)", got, Code(got))
	}
	if _, err := os.Stat(filepath.Join(dir, "a.json")); err == nil {
		t.Error("a refused run wrote a file")
	}
	// A dead holder, and a staging folder it left.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, LockName), []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644)
	os.Mkdir(filepath.Join(dir, stagePrefix+"123"), 0o700)
	if err := WriteFiles(dir, []File{{Name: "a.json", Data: []byte("{}")}}, true); err != nil {
		t.Fatalf("a stale lock was not taken over: %v", err)
	}
	if got := snapshot(t, dir); len(got) != 2 || got["a.json"] == "" || got[ManifestName] == "" {
		t.Errorf("left behind: %v", got)
	}
	// Racing runs: exactly the winners write; the others are busy.
	const runs = 8
	errs := make(chan error, runs)
	for i := 0; i < runs; i++ {
		go func(i int) {
			errs <- WriteFiles(dir, []File{{Name: "a.json", Data: []byte(strconv.Itoa(i))}}, true)
		}(i)
	}
	for i := 0; i < runs; i++ {
		if err := <-errs; err != nil && !errors.As(err, &be) {
			t.Errorf("a racing run failed otherwise than busy: %v", err)
		}
	}
	if got := snapshot(t, dir); len(got) != 2 {
		t.Errorf("racing runs left: %v", got)
	}
}

// Without --force an earlier run's files are kept in the manifest (they
// are still permwiz's); a manifest naming a file outside the folder or a
// file permwiz did not write never makes --force remove it.
func TestManifestOnlyRemovesPermwizFiles(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "precious")
	os.WriteFile(outside, []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if err := WriteFiles(dir, []File{{Name: "a.json", Data: []byte("1")}}, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(dir, []File{{Name: "b.json", Data: []byte("2")}}, false); err != nil {
		t.Fatal(err)
	}
	if m := readManifest(dir); strings.Join(m, ",") != "a.json,b.json" {
		t.Errorf("manifest %v", m)
	}
	// A hand-edited manifest: paths and names of other files.
	os.WriteFile(filepath.Join(dir, ManifestName), []byte("a.json\n../"+filepath.Base(filepath.Dir(outside))+"/precious\n"+outside+"\n.\n..\n"), 0o644)
	if err := WriteFiles(dir, []File{{Name: "b.json", Data: []byte("3")}}, true); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, dir)
	if _, ok := got["a.json"]; ok {
		t.Error("--force kept a.json, which the manifest lists and this set does not have")
	}
	if got["notes.txt"] == "" {
		t.Error("--force removed a file permwiz did not write")
	}
	if _, err := os.Stat(outside); err != nil {
		t.Error("a manifest path outside the folder was removed")
	}
}

// merge --out FILE names the file in its errors.
func TestWriteFileAtomicErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "merged.json")
	os.WriteFile(path, []byte("old"), 0o644)
	err := outFileError(path, WriteFileAtomic(path, []byte("new"), false, 0o666))
	if Code(err) != ExitUsage || err.Error() != `--out "`+path+`": already exists; pass --force to replace it, or choose another file` {
		t.Errorf("err = %v", err)
	}
	blocked := filepath.Join(dir, "merged.json", "sub", "x.json")
	err = outFileError(blocked, WriteFileAtomic(blocked, []byte("new"), true, 0o666))
	if Code(err) != ExitIO || !strings.HasPrefix(err.Error(), `--out "`+blocked+`": cannot write it: cannot create its folder: `) {
		t.Errorf("err = %v (exit %d)", err, Code(err))
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
		t.Errorf("left behind: %v", leftovers)
	}
}
