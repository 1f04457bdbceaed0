package tui

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// Finishing: q on the review never drops unsaved work silently. When the
// answers (or the format) changed since the last save, it asks whether to
// save first, shows the folder and the files, and lets the user change the
// folder (o) before saving.

// savedKey identifies what the last save wrote: the answers, the format
// and the folder.
func (m *Model) savedKey() string {
	return string(wizard.MarshalAnswers(m.a)) + "\x00" + string(m.format) + "\x00" + m.out
}

// unsaved reports whether the review's documents are not on disk as shown.
func (m *Model) unsaved() bool { return m.lastSaved != m.savedKey() }

// finish is q on the review.
func (m *Model) finish() tea.Cmd {
	if !m.unsaved() {
		m.finished = true
		return tea.Quit
	}
	m.finishing = true
	m.status = ""
	return nil
}

func (m *Model) finishKey(k finishKeys, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, k.Quit):
		return m.abort()
	case matches(msg, k.Save):
		m.finishing = false
		m.quitAfterSave = true
		return m.save()
	case matches(msg, k.Folder):
		m.editFolder()
	case matches(msg, k.Format):
		m.format = nextFormat(m.format)
	case matches(msg, k.Discard):
		m.finished = true
		return tea.Quit
	case matches(msg, k.Stay):
		m.finishing = false
	}
	return nil
}

// editFolder opens the output folder's input, filled with the folder.
func (m *Model) editFolder() {
	in := m.newInput()
	in.SetValue(m.out)
	in.SetWidth(max(m.width-4, 20))
	in.Focus()
	m.folder = &in
}

func (m *Model) folderKey(k folderKeys, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, k.Quit):
		return m.abort()
	case matches(msg, k.Accept):
		v := strings.TrimSpace(m.folder.Value())
		if v == "" {
			m.setStatus(true, "the folder is empty: type where to save, or esc to keep "+m.out)
			return nil
		}
		if m.fx.abs != nil {
			v = m.fx.abs(v)
		}
		m.out = v
		m.folder = nil
		m.setStatus(false, "saving writes to "+m.out)
		return nil
	case matches(msg, k.Cancel):
		m.folder = nil
		m.status = ""
		return nil
	}
	next, cmd := m.folder.Update(msg)
	*m.folder = next
	return cmd
}

// renderConfirm lists every file a save would replace, and the other
// format's files the folder holds, while the status line asks.
func (m *Model) renderConfirm() string {
	c := m.confirm
	w := m.width
	var lines []string
	if len(c.existing) > 0 {
		lines = append(lines, wrapStyled(m.st.title, fmt.Sprintf("Saving %s into %s replaces %s:", m.format, m.out, filesN(len(c.existing))), w)...)
		for _, f := range c.existing {
			lines = append(lines, "  "+f)
		}
		lines = append(lines, "")
	}
	if len(c.others) > 0 {
		lines = append(lines, wrapWords(fmt.Sprintf("%s also holds files another format wrote; saving %s beside them would leave a mix that looks like one set:", m.out, m.format), w)...)
		for _, f := range c.others {
			lines = append(lines, "  "+f)
		}
		lines = append(lines, "")
		lines = append(lines, wrapWords(fmt.Sprintf("s saves into %s instead (one folder per format).", filepath.Join(m.out, string(m.format))), w)...)
	}
	return strings.Join(lines, "\n")
}

// saveFiles are the files saving writes now, for the finish screen.
func (m *Model) saveFiles() []apply.File {
	b, err := wizard.Build(m.a)
	if err != nil {
		return nil
	}
	files, err := apply.Render(b, m.format)
	if err != nil {
		return nil
	}
	return files
}

// renderFinish is the body while finishing or changing the folder.
func (m *Model) renderFinish() string {
	w := m.width
	var lines []string
	if m.folder != nil {
		lines = append(lines, m.st.title.Render("Where should saving write?"), "")
		lines = append(lines, wrapWords("Type a folder (relative to where permwiz started, or absolute); enter keeps it, esc cancels.", w)...)
		lines = append(lines, "", m.folder.View())
		return strings.Join(lines, "\n")
	}
	lines = append(lines, m.st.title.Render("Save before finishing?"), "")
	if m.lastSaved == "" {
		lines = append(lines, wrapWords("Nothing from this session is saved yet.", w)...)
	} else {
		lines = append(lines, wrapWords("The answers, the format or the folder changed since the last save.", w)...)
	}
	files := m.saveFiles()
	lines = append(lines, wrapWords(fmt.Sprintf("y saves %s (%s) into this folder, then finishes:", filesN(len(files)), m.format), w)...)
	lines = append(lines, "  "+m.st.value.Render(m.out))
	for _, f := range files {
		lines = append(lines, "    "+path.Base(f.Name))
	}
	lines = append(lines, "")
	lines = append(lines, wrapWords("o changes the folder · f the format · n finishes without saving · esc goes back to the review", w)...)
	return strings.Join(lines, "\n")
}
