package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// What the wizard asks of the world (copying, saving) goes out as tea.Cmds
// that call the functions the launcher handed in; the answers come back as
// messages that Update hands to copyDone, checked and saveDone.

// effects are the injected functions of Options.
type effects struct {
	save      func(dir string, files []apply.File, force bool) error
	existing  func(dir string, files []apply.File) []string
	clipboard func(text string) error
	lint      func(d *wizard.Doc) []string
	abs       func(dir string) string
}

// confirmSave is a save waiting for the user to agree to replace files,
// or to choose where to save when the folder holds another format's files.
type confirmSave struct {
	files    []apply.File
	existing []string // files of this save the folder already holds
	others   []string // files of other formats the folder holds
}

// copyDoc puts the previewed document (or only the statements permwiz adds)
// on the clipboard in both ways there are: OSC 52 through Bubble Tea's own
// renderer (the only safe writer while it owns the terminal), and the
// system clipboard. The status line says which worked.
func (m *Model) copyDoc(statements bool) tea.Cmd {
	d := m.previewDoc()
	if d == nil {
		m.setStatus(true, "nothing to copy here: choose a document tab")
		return nil
	}
	if hasPlaceholder(d.Policy) {
		m.setStatus(true, "not yet: "+d.ID+" still has placeholders such as "+firstPlaceholder(d.Policy)+"; answer the questions first")
		return nil
	}
	text, what := string(d.Policy.JSON()), d.ID+".json"
	if statements {
		added := d.Policy.Added()
		if len(added) == 0 {
			m.setStatus(true, d.ID+" has no statements of permwiz's own to copy")
			return nil
		}
		text = statementsSnippet(added)
		what = fmt.Sprintf("%d statement%s of %s, without brackets: paste after the last statement in the existing Statement list, after a comma", len(added), map[bool]string{true: "", false: "s"}[len(added) == 1], d.ID)
	}
	clip := m.fx.clipboard
	system := func() tea.Msg {
		if clip == nil {
			return copiedMsg{what: what, err: errNoClipboard}
		}
		return copiedMsg{what: what, err: clip(text)}
	}
	// OSC 52 goes through Bubble Tea's renderer, the only writer of the
	// terminal while the UI runs; it works over SSH. The system clipboard
	// answers with a copiedMsg, which the status reports.
	return tea.Batch(tea.SetClipboard(text), system)
}

var errNoClipboard = errors.New("no system clipboard")

// copiedMsg is the system clipboard's answer to a copy.
type copiedMsg struct {
	what string
	err  error
}

func (m *Model) copyDone(msg copiedMsg) {
	// Short words rather than the command line's longer message: the
	// status has three lines at most.
	if msg.err == nil {
		m.setStatus(false, "copied (system clipboard and OSC 52) "+msg.what)
	} else {
		m.setStatus(false, "sent by OSC 52 only (no system clipboard here; tmux needs set -g set-clipboard on) "+msg.what)
	}
}

// statementsSnippet is what y copies: the statements as comma-separated
// objects without the array's brackets, ready to paste into an existing
// policy's Statement list (generate --statements keeps printing the array).
func statementsSnippet(stmts []policy.Statement) string {
	lines := strings.Split(strings.TrimSpace(string(policy.StatementsJSON(stmts))), "\n")
	lines = lines[1 : len(lines)-1] // the brackets
	indent := len(lines[0]) - len(strings.TrimLeft(lines[0], " "))
	for i, l := range lines {
		if len(l) >= indent && strings.TrimSpace(l[:indent]) == "" {
			lines[i] = l[indent:]
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// save writes every document and answers.yaml into the output folder,
// asking first if that would replace files: it checks which exist (a
// checkedMsg), then writes (a savedMsg).
func (m *Model) save() tea.Cmd {
	b, err := wizard.Build(m.a)
	if err != nil {
		var errs wizard.Errors
		if errors.As(err, &errs) && len(errs) > 0 {
			m.setStatus(true, "cannot save yet: "+wizard.Sentence(wizard.Ask(errs[0].Field).Title, QuestionWords(errs[0].Rule)))
		} else {
			m.setStatus(true, "cannot save yet: "+err.Error())
		}
		return nil
	}
	files, err := apply.Render(b, m.format)
	if err != nil {
		m.setStatus(true, "not saved: "+err.Error())
		return nil
	}
	if m.force || m.fx.existing == nil {
		return m.write(files)
	}
	others := otherFormatFiles(b, m.format, files)
	dir, existing, f := m.out, m.fx.existing, m.format
	return func() tea.Msg {
		// existing also names what a save would remove (the files an
		// earlier save of this format listed and this one does not): of
		// the other formats' files, only those that are there count.
		return checkedMsg{dir: dir, format: f, files: files, existing: existing(dir, files), others: among(existing(dir, others), others)}
	}
}

// among keeps the names that are files' names.
func among(names []string, files []apply.File) []string {
	var out []string
	for _, n := range names {
		if slices.ContainsFunc(files, func(f apply.File) bool { return f.Name == n }) {
			out = append(out, n)
		}
	}
	return out
}

// otherFormatFiles are the files the other formats write that this one
// does not (main.tf beside role-policy.json): found in the folder, they
// would make two sets look like one.
func otherFormatFiles(b *wizard.Bundle, f apply.Format, files []apply.File) []apply.File {
	mine := map[string]bool{}
	for _, x := range files {
		mine[x.Name] = true
	}
	var out []apply.File
	for _, g := range apply.All {
		if g == f {
			continue
		}
		other, err := apply.Render(b, g)
		if err != nil {
			continue
		}
		for _, x := range other {
			if !mine[x.Name] {
				mine[x.Name] = true
				out = append(out, apply.File{Name: x.Name})
			}
		}
	}
	return out
}

// checkedMsg says which of the files to save already exist.
type checkedMsg struct {
	dir      string
	format   apply.Format
	files    []apply.File
	existing []string
	others   []string
}

func (m *Model) checked(msg checkedMsg) tea.Cmd {
	if len(msg.existing) > 0 || len(msg.others) > 0 {
		m.confirm = &confirmSave{files: msg.files, existing: msg.existing, others: msg.others}
		return nil
	}
	return m.write(msg.files)
}

// savedMsg is the outcome of writing the files.
type savedMsg struct {
	dir    string
	format apply.Format
	files  []apply.File
	err    error
}

func (m *Model) write(files []apply.File) tea.Cmd {
	dir, save, f := m.out, m.fx.save, m.format
	return func() tea.Msg {
		if save == nil {
			return savedMsg{dir: dir, format: f, files: files, err: errors.New("saving is not available here")}
		}
		return savedMsg{dir: dir, format: f, files: files, err: save(dir, files, true)}
	}
}

func (m *Model) saveDone(msg savedMsg) tea.Cmd {
	quit := m.quitAfterSave
	m.quitAfterSave = false
	if msg.err != nil {
		m.setStatus(true, "not saved: "+msg.err.Error())
		return nil
	}
	m.saved = m.saved[:0]
	for _, f := range msg.files {
		m.saved = append(m.saved, filepath.Join(msg.dir, f.Name))
	}
	m.setStatus(false, fmt.Sprintf("saved %s (%s) to %s", filesN(len(msg.files)), msg.format, msg.dir))
	if msg.dir == m.out && msg.format == m.format {
		m.lastSaved = m.savedKey()
	}
	if quit {
		m.finished = true
		return tea.Quit
	}
	return nil
}

func (m *Model) confirmKey(k confirmKeys, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, k.Quit):
		return m.abort()
	case matches(msg, k.Replace):
		files := m.confirm.files
		m.confirm = nil
		return m.write(files)
	case matches(msg, k.Subfolder):
		m.confirm = nil
		m.out = filepath.Join(m.out, string(m.format))
		return m.save()
	case matches(msg, k.Cancel):
		m.confirm = nil
		m.quitAfterSave = false
		m.setStatus(false, "not saved: nothing was replaced")
	}
	return nil
}

// confirmText asks first, then names the files: the question must show
// even where the list is cut.
func (m *Model) confirmText() string {
	c := m.confirm
	if len(c.others) > 0 {
		return fmt.Sprintf("%s holds another format's files: s saves %s into %s instead, y saves here anyway, n cancels.",
			m.out, m.format, filepath.Join(m.out, string(m.format)))
	}
	files := c.existing
	if len(files) > 3 {
		files = append(files[:2:2], fmt.Sprintf("%d more", len(c.existing)-2))
	}
	list := strings.Join(files, ", ")
	if len(files) > 1 {
		list = strings.Join(files[:len(files)-1], ", ") + " and " + files[len(files)-1]
	}
	return fmt.Sprintf("Replace %d existing file%s in %s? y replaces, n cancels. (%s)",
		len(c.existing), map[bool]string{true: "", false: "s"}[len(c.existing) == 1], m.out, list)
}

// abort ends the wizard on ctrl+c; RunWizard keeps the answers for the next
// start.
func (m *Model) abort() tea.Cmd {
	m.aborted = true
	return tea.Quit
}

// filesN is "1 file" or "n files".
func filesN(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}
