package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/permwiz/permwiz/wizard/apply"
)

// File is one file to write: a name inside the output folder and its bytes.
// It is format.File, so the files a format renders are written as they are.
type File = apply.File

// The files WriteFiles keeps beside a set, each its own: the list of the
// files permwiz wrote (so --force can remove those the new answers no longer
// produce, and never anything else), the lock of a write under way, and the
// prefix of the staging folder a set is written into before it is moved
// into place.
const (
	ManifestName = ".permwiz-files"
	LockName     = ".permwiz.lock"
	stagePrefix  = ".permwiz-stage-"
)

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

// ObsoleteFiles lists the files an earlier run of permwiz wrote into dir
// (by dir's manifest) that are still there and that files no longer has:
// what WriteFiles with force removes.
func ObsoleteFiles(dir string, files []File) []string {
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
	}
	var out []string
	for _, name := range readManifest(dir) {
		if want[name] {
			continue
		}
		if st, err := os.Lstat(filepath.Join(dir, name)); err == nil && st.Mode().IsRegular() {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// ReplacedFiles is what a save with force changes of what is there: the
// files it replaces and those it removes, for the question the wizard asks.
func ReplacedFiles(dir string, files []File) []string {
	out := append(ExistingFiles(dir, files), ObsoleteFiles(dir, files)...)
	sort.Strings(out)
	return out
}

// fileOps is the seam through which WriteFiles changes the disk, so that a
// test can make any one step fail and see that the folder holds the old set
// or the new one, never a mix.
type fileOps interface {
	// Create writes a new file (it must not exist) with data and perm
	// (before the umask) and syncs it.
	Create(path string, data []byte, perm os.FileMode) error
	Rename(from, to string) error
	Remove(path string) error
}

type osOps struct{}

func (osOps) Create(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := firstErr(werr, serr, cerr); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func (osOps) Rename(from, to string) error { return os.Rename(from, to) }
func (osOps) Remove(path string) error     { return os.Remove(path) }

// disk is the fileOps WriteFiles uses; tests replace it.
var disk fileOps = osOps{}

// WriteFiles writes every file into dir as one set, all or nothing:
//
//   - Without force it refuses before writing anything if any of the files
//     exists (an *ExistsError).
//   - A second permwiz writing into dir at the same time is refused (a
//     *BusyError): a lock file, made with exclusive creation, says who writes.
//   - Every file is first written into a staging folder inside dir; only
//     when all are written are they moved into place, the files they replace
//     moved aside first. A failure at any step moves everything back, so dir
//     holds the old set or the new set, never a mix, and no staging files.
//     SIGINT and SIGTERM wait until the set is in place or rolled back.
//   - dir's manifest lists the files permwiz wrote. With force, the files an
//     earlier run wrote that this set no longer has are removed in the same
//     step; a file permwiz did not write is never removed.
//   - Modes honour the umask: 0666 (0777 for .sh scripts) less the umask.
//
// Other failures are a *WriteError.
func WriteFiles(dir string, files []File, force bool) (err error) {
	if len(files) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return &WriteError{Dir: dir, Op: opMkdir, Err: err}
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	removeStaleStages(dir)
	if !force {
		if existing := ExistingFiles(dir, files); len(existing) > 0 {
			return &ExistsError{Dir: dir, Names: existing}
		}
	}
	// The manifest: this set's files and, without force, the earlier
	// runs' files still there (they are still permwiz's).
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, f.Name)
	}
	var obsolete []string
	if force {
		obsolete = ObsoleteFiles(dir, files)
	} else {
		names = append(names, ObsoleteFiles(dir, files)...)
	}
	sort.Strings(names)
	all := append(append([]File(nil), files...), File{Name: ManifestName, Data: manifestData(names)})

	stage, err := os.MkdirTemp(dir, stagePrefix)
	if err != nil {
		return &WriteError{Dir: dir, Name: files[0].Name, Op: opWrite, Err: err}
	}
	defer os.RemoveAll(stage)
	for _, f := range all {
		if err := disk.Create(filepath.Join(stage, f.Name), f.Data, fileMode(f.Name)); err != nil {
			return &WriteError{Dir: dir, Name: f.Name, Op: opWrite, Err: err}
		}
	}
	aside := filepath.Join(stage, ".replaced")
	if err := os.Mkdir(aside, 0o700); err != nil {
		return &WriteError{Dir: dir, Name: files[0].Name, Op: opWrite, Err: err}
	}

	// From here the folder changes: hold signals until it is whole.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer func() {
		signal.Stop(sigs)
		select {
		case s := <-sigs:
			// The set is whole (new or old): now let the signal do
			// what it was sent to do.
			if p, perr := os.FindProcess(os.Getpid()); perr == nil {
				p.Signal(s)
			}
		default:
		}
	}()

	var undo []func() // in reverse order on failure
	rollback := func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	moveAside := func(name string) error {
		target := filepath.Join(dir, name)
		if _, err := os.Lstat(target); err != nil {
			return nil
		}
		if err := disk.Rename(target, filepath.Join(aside, name)); err != nil {
			return err
		}
		undo = append(undo, func() { disk.Rename(filepath.Join(aside, name), target) })
		return nil
	}
	for _, f := range all {
		if err := moveAside(f.Name); err != nil {
			rollback()
			return &WriteError{Dir: dir, Name: f.Name, Op: opMove, Err: err}
		}
		target := filepath.Join(dir, f.Name)
		if err := disk.Rename(filepath.Join(stage, f.Name), target); err != nil {
			rollback()
			return &WriteError{Dir: dir, Name: f.Name, Op: opMove, Err: err}
		}
		undo = append(undo, func() { disk.Remove(target) })
	}
	for _, name := range obsolete {
		if err := moveAside(name); err != nil {
			rollback()
			return &WriteError{Dir: dir, Name: name, Op: opMove, Err: err}
		}
	}
	return nil
}

// manifestData is the manifest's text: a comment, then one name a line.
func manifestData(names []string) []byte {
	var b bytes.Buffer
	b.WriteString("# Files permwiz wrote into this folder; permwiz generate --force removes those it no longer writes.\n")
	for _, n := range names {
		b.WriteString(n + "\n")
	}
	return b.Bytes()
}

// readManifest lists the names in dir's manifest that could be permwiz's:
// plain names, no paths, not the manifest or lock.
func readManifest(dir string) []string {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil || len(data) > maxPolicyInput {
		return nil
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		n := strings.TrimSpace(sc.Text())
		if n == "" || strings.HasPrefix(n, "#") || n == ManifestName || n == LockName || n == "." || n == ".." ||
			strings.ContainsAny(n, `/\:`) || strings.HasPrefix(n, stagePrefix) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// lockDir takes dir's lock by creating the lock file exclusively, holding
// this process's ID. A lock whose process has ended (a run killed outright)
// is taken over. It returns the function that releases it.
func lockDir(dir string) (func(), error) {
	path := filepath.Join(dir, LockName)
	for try := 0; ; try++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, &WriteError{Dir: dir, Name: LockName, Op: opWrite, Err: err}
		}
		data, _ := os.ReadFile(path)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
		if try > 0 || !processEnded(pid) {
			return nil, &BusyError{Dir: dir, PID: pid}
		}
		os.Remove(path)
	}
}

// processEnded reports whether pid is known not to run any more.
func processEnded(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return true
	}
	return errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

// removeStaleStages removes staging folders a killed run left in dir; they
// are permwiz's own (by name) and the lock says no run is using them.
func removeStaleStages(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), stagePrefix) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// WriteFileAtomic writes one file through a temporary file beside it and a
// rename, with no manifest or lock (it writes where the user said, such as
// merge --out merged.json). Without force an existing file is refused (an
// *ExistsError) and the file is created by a hard link, which fails rather
// than replace a file made meanwhile. perm is before the umask.
func WriteFileAtomic(path string, data []byte, force bool, perm os.FileMode) error {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	dir = filepath.Clean(dir)
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return &ExistsError{Dir: dir, Names: []string{name}}
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return &WriteError{Dir: dir, Op: opMkdir, Err: err}
	}
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return &WriteError{Dir: dir, Name: name, Op: opWrite, Err: err}
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName)
	if err := disk.Create(tmpName, data, perm); err != nil {
		return &WriteError{Dir: dir, Name: name, Op: opWrite, Err: err}
	}
	defer os.Remove(tmpName)
	if !force {
		if err := os.Link(tmpName, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return &ExistsError{Dir: dir, Names: []string{name}}
			}
			// No hard links here (some network and FAT file
			// systems): the Lstat above is the check.
		} else {
			return nil
		}
	}
	if err := disk.Rename(tmpName, path); err != nil {
		return &WriteError{Dir: dir, Name: name, Op: opMove, Err: err}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// fileMode is a file's mode before the umask: scripts (apply.sh) are
// executable, so they are ready to run the moment they are in place;
// everything else is read-write.
func fileMode(name string) os.FileMode {
	if strings.HasSuffix(name, ".sh") {
		return 0o777
	}
	return 0o666
}
