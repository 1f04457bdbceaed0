package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"permwiz/policy"
	"permwiz/wizard"
	"permwiz/wizard/format"
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
		text = string(policy.StatementsJSON(added))
		what = fmt.Sprintf("the %d statement(s) permwiz adds to %s", len(added), d.ID)
	}
	var sysErr error = errors.New("no system clipboard")
	if m.clipboard != nil {
		sysErr = m.clipboard(text)
	}
	// The status line has one row: say what happened in words that fit,
	// the tmux hint included, rather than CopyResult's longer message.
	if sysErr == nil {
		m.setStatus(false, "copied "+what+" to the clipboard (also sent with OSC 52)")
	} else {
		m.setStatus(false, "sent "+what+" with OSC 52 (no system clipboard here); it arrives if the terminal allows OSC 52 (tmux: set -g set-clipboard on)")
	}
	// OSC 52 goes through Bubble Tea's renderer, the only writer of the
	// terminal while the UI runs; it works over SSH.
	return tea.SetClipboard(text)
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
	files, err := format.Render(b, m.format)
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

func (m *model) confirmText() string {
	c := m.confirm
	return fmt.Sprintf("%s already has %s. Replace %s? y replaces, n cancels",
		m.out, strings.Join(c.existing, ", "), map[bool]string{true: "it", false: "them"}[len(c.existing) == 1])
}

// abort ends the wizard on ctrl+c; RunWizard keeps the answers for the next
// start.
func (m *model) abort() tea.Cmd {
	m.aborted = true
	return tea.Quit
}
