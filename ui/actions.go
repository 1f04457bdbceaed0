package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"permwiz/policy"
	"permwiz/wizard"
	"permwiz/wizard/apply"
)

// confirmSave is a save waiting for the user to agree to replace files.
type confirmSave struct {
	files    []File
	existing []string
}

// copyDoc puts the previewed document (or only the statements permwiz adds)
// on the clipboard in both ways there are: OSC 52 through Bubble Tea's own
// renderer (the only safe writer while it owns the terminal), and the
// system clipboard. The status line says which worked.
func (m *model) copyDoc(statements bool) tea.Cmd {
	d := m.previewDoc()
	if d == nil {
		m.setStatus(true, "nothing to copy here: choose a document tab")
		return nil
	}
	if hasPlaceholder(d.Policy) {
		m.setStatus(true, "not yet: "+d.ID+" still has placeholders such as <bucket-name>; answer the questions first")
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
	var sysErr error = errors.New("no system clipboard")
	if m.clipboard != nil {
		sysErr = m.clipboard(text)
	}
	// Short words rather than CopyResult's longer message: the status
	// has three lines at most.
	if sysErr == nil {
		m.setStatus(false, "copied (system clipboard and OSC 52) "+what)
	} else {
		m.setStatus(false, "sent by OSC 52 only (no system clipboard here; tmux needs set -g set-clipboard on) "+what)
	}
	// OSC 52 goes through Bubble Tea's renderer, the only writer of the
	// terminal while the UI runs; it works over SSH.
	return tea.SetClipboard(text)
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
// asking first if that would replace files.
func (m *model) save() tea.Cmd {
	b, err := wizard.Build(m.a)
	if err != nil {
		fe := err.(wizard.Errors)[0]
		m.setStatus(true, "cannot save yet: "+wizard.Ask(fe.Field).Title+": "+fe.Rule)
		return nil
	}
	files, err := apply.Render(b, m.format)
	if err != nil {
		m.setStatus(true, "not saved: "+err.Error())
		return nil
	}
	if existing := ExistingFiles(m.out, files); len(existing) > 0 && !m.force {
		m.confirm = &confirmSave{files: files, existing: existing}
		return nil
	}
	m.write(files)
	return nil
}

func (m *model) write(files []File) {
	if err := WriteFiles(m.out, files, true); err != nil {
		m.setStatus(true, "not saved: "+err.Error())
		return
	}
	m.saved = m.saved[:0]
	for _, f := range files {
		m.saved = append(m.saved, filepath.Join(m.out, f.Name))
	}
	m.setStatus(false, fmt.Sprintf("saved %d files (%s) to %s", len(files), m.format, m.out))
}

func (m *model) confirmKey(k string) tea.Cmd {
	switch k {
	case "y", "Y":
		files := m.confirm.files
		m.confirm = nil
		m.write(files)
	case "n", "N", keyBackStep, "q":
		m.confirm = nil
		m.setStatus(false, "not saved: nothing was replaced")
	}
	return nil
}

// confirmText asks first, then names the files: the question must show
// even where the list is cut.
func (m *model) confirmText() string {
	c := m.confirm
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
func (m *model) abort() tea.Cmd {
	m.aborted = true
	return tea.Quit
}
