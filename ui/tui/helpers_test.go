package tui

import (
	"flag"
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// press sends keys by name ("enter", "shift+tab", "ctrl+s") or, for any
// other string, types it one character at a time.
func press(t testing.TB, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			_, cmd := m.Update(msg)
			deliver(m, cmd)
		}
	}
}

// deliver runs a command the model returned, as Bubble Tea would, and
// hands the model the answers meant for it (saves, copies), running the
// commands those return in turn. Bubble Tea's own messages (quit, OSC 52)
// are dropped.
func deliver(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			deliver(m, c)
		}
	case checkedMsg, savedMsg, copiedMsg:
		_, next := m.Update(msg)
		deliver(m, next)
	}
}

func keyMsgs(k string) []tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc": {Code: tea.KeyEscape}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "space": {Code: tea.KeySpace, Text: " "},
		"backspace": {Code: tea.KeyBackspace}, "pgdown": {Code: tea.KeyPgDown}, "pgup": {Code: tea.KeyPgUp},
	}
	if msg, ok := named[k]; ok {
		return []tea.KeyPressMsg{msg}
	}
	if strings.HasPrefix(k, "ctrl+") && len(k) == 6 {
		return []tea.KeyPressMsg{{Code: rune(k[5]), Mod: tea.ModCtrl}}
	}
	var out []tea.KeyPressMsg
	for _, r := range k {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

type fakeClipboard struct{ got []string }

func (f *fakeClipboard) write(s string) error { f.got = append(f.got, s); return nil }

// fakeDisk stands in for the file system the launcher saves to: files by
// path, and the names each folder's last save wrote (its manifest).
type fakeDisk struct {
	files    map[string][]byte
	manifest map[string][]string
}

func (d *fakeDisk) save(dir string, files []apply.File, force bool) error {
	if existing := d.existing(dir, files); len(existing) > 0 && !force {
		return fmt.Errorf("%s already exist in %s", strings.Join(existing, ", "), dir)
	}
	if d.manifest == nil {
		d.manifest = map[string][]string{}
	}
	var names []string
	for _, f := range files {
		d.files[path.Join(dir, f.Name)] = f.Data
		names = append(names, f.Name)
	}
	d.manifest[dir] = names
	return nil
}

// existing is what the launcher's (cli.ReplacedFiles) answers: the files
// dir holds, and those its last save wrote that files does not.
func (d *fakeDisk) existing(dir string, files []apply.File) []string {
	var out []string
	asked := map[string]bool{}
	for _, f := range files {
		asked[f.Name] = true
		if _, ok := d.files[path.Join(dir, f.Name)]; ok {
			out = append(out, f.Name)
		}
	}
	for _, n := range d.manifest[dir] {
		if _, ok := d.files[path.Join(dir, n)]; ok && !asked[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// testLint is the launcher's lint, as the review shows it.
func testLint(d *wizard.Doc) []string {
	findings, _ := audit.Lint(d.Policy)
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = f.String()
	}
	return out
}

// testOptions are a model's options with fakes for everything it asks of
// the world.
func testOptions(a wizard.Answers, preset map[string]bool) (Options, *fakeClipboard, *fakeDisk) {
	clip, disk := &fakeClipboard{}, &fakeDisk{files: map[string][]byte{}}
	return Options{Answers: a, Preset: preset, Out: "/out", Plain: true,
		Save: disk.save, Existing: disk.existing, Clipboard: clip.write, Lint: testLint}, clip, disk
}

func testModel(t testing.TB, a wizard.Answers, preset map[string]bool) (*Model, *fakeClipboard) {
	m, clip, _ := testModelDisk(t, a, preset)
	return m, clip
}

func testModelDisk(t testing.TB, a wizard.Answers, preset map[string]bool) (*Model, *fakeClipboard, *fakeDisk) {
	t.Helper()
	o, clip, disk := testOptions(a, preset)
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m, clip, disk
}

func screen(m *Model) string { return ansi.Strip(m.render()) }

const keyARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
