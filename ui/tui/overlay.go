package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"permwiz/wizard"
)

// The ? overlay lists every key, read from the keymaps themselves (with
// every binding enabled), so that it cannot drift from what the keys do.

// overlaySections are the keymaps' bindings with help, by where they work.
func (m *Model) overlaySections() []struct {
	title string
	keys  []key.Binding
} {
	f := m.formKeys()
	r := m.reviewKeys()
	fin := finishKeys{Save: bind("y", "save and finish", "y"), Folder: bind("o", "change the output folder", "o"),
		Discard: bind("n", "finish without saving", "n"), Stay: bind("esc", "back to the review", "esc")}
	return []struct {
		title string
		keys  []key.Binding
	}{
		{"On a step", []key.Binding{f.Next, f.Back, f.BackStep, bind("↑↓ ←→ space", "choose an option", "x"),
			bind("y / n", "answer a yes/no question", "y"), bind("↑↓ space x", "move; tick or untick a choice", "x"), f.FormPage}},
		{"The preview, on a step and the review", []key.Binding{f.Copy, f.Save, f.NextDoc, f.PageDown}},
		{"On the review", []key.Binding{r.CopyDoc, r.CopyStatements, r.SaveAs, r.Format, r.Folder, r.NextTab,
			bind("shift+tab", "previous tab", "x"), r.Details, r.ScrollDown, r.GoStep, r.GoBasics, r.Back, r.Finish}},
		{"Finishing with unsaved work", []key.Binding{fin.Save, fin.Folder, fin.Discard, fin.Stay}},
		{"Everywhere", []key.Binding{bind("? or f1", "this list (f1 where ? would be typed)", "x"), quitKey}},
	}
}

func (m *Model) renderOverlay() string {
	kw := 0
	for _, sec := range m.overlaySections() {
		for _, b := range sec.keys {
			kw = max(kw, ansi.StringWidth(b.Help().Key))
		}
	}
	build := func(w int) []string {
		var lines []string
		for _, sec := range m.overlaySections() {
			lines = append(lines, m.st.labelFocus.Render(sec.title))
			for _, b := range sec.keys {
				h := b.Help()
				if h.Key == "" {
					continue
				}
				pad := strings.Repeat(" ", kw-ansi.StringWidth(h.Key))
				lines = append(lines, hanging(m.st.value, fmt.Sprintf("  %s%s  ", h.Key, pad), h.Desc, w)...)
			}
		}
		return lines
	}
	head := m.st.title.Render("Keys") + m.st.dim.Render(" · any key closes this")
	lines := build(m.width)
	if len(lines)+1 <= m.bodyHeight() {
		return head + "\n" + strings.Join(lines, "\n")
	}
	// Two columns where one is too long.
	cw := m.width/2 - 1
	lines = build(cw)
	half := (len(lines) + 1) / 2
	out := []string{head}
	for i := 0; i < half; i++ {
		l := lines[i]
		l += strings.Repeat(" ", max(cw+2-ansi.StringWidth(l), 0))
		if i+half < len(lines) {
			l += lines[i+half]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// goToStep opens step i at its first question.
func (m *Model) goToStep(i int) {
	if i < 0 || i >= len(m.steps) || m.steps[i].ID == wizard.StepReview {
		return
	}
	m.step, m.field = i, 0
	m.doc, m.scroll, m.docPinned, m.details = 0, 0, false, false
	m.status = ""
	m.focus()
}
