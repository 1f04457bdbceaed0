package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"permwiz/wizard"
)

// renderForm draws the current step's questions in w×h: why the step is
// needed (with its AWS source), the questions, and the notes that matter
// for the answers given. The questions always show; the why and the notes
// get what room is left.
func (m *model) renderForm(w, h int) string {
	s := m.steps[m.step]
	wrap := func(st lipgloss.Style, text string) []string {
		return m.memo("w", w, text, func() []string { return strings.Split(st.Width(w).Render(text), "\n") })
	}
	var fields []string
	for i, f := range s.Fields {
		fields = append(fields, m.renderField(f, i == m.field, w)...)
	}
	why := wrap(m.st.why, s.Why)
	src := strings.Split(ansi.Hardwrap(m.st.source.Render(s.Source), w, true), "\n")
	var noteGroups [][]string
	for _, n := range wizard.Notes(m.a, s.ID) {
		noteGroups = append(noteGroups, m.memo("n", w, n, func() []string { return hanging(m.st.note, "! ", n, w) }))
	}
	// Then the reasons of the statements the focused question shapes:
	// they explain the marked lines of the preview, but the warnings
	// matter more when room is short.
	noteGroups = append(noteGroups, m.markedReasons(w)...)
	var notes []string
	if len(noteGroups) > 0 {
		notes = noteGroups[0]
	}
	out := make([]string, 0, h)
	room := h - len(fields)
	// The notes matter more than the why when room is short: keep space
	// for a blank line and at least the first two lines of notes.
	noteRoom := 0
	if len(notes) > 0 {
		noteRoom = min(len(notes), 2) + 1
	}
	if room-noteRoom >= len(why)+len(src)+1 {
		out = append(out, why...)
		out = append(out, src...)
		out = append(out, "")
		room -= len(why) + len(src) + 1
	} else if room-noteRoom >= len(why)+1 {
		out = append(out, why...)
		out = append(out, "")
		room -= len(why) + 1
	}
	out = append(out, fields...)
	if len(noteGroups) > 0 && room >= 2 {
		// Whole notes only, in order, leaving a line to say more follow.
		out = append(out, "")
		room--
		shown := 0
		for i, g := range noteGroups {
			need := len(g)
			if i < len(noteGroups)-1 {
				need++ // the "more notes" line, in case the next does not fit
			}
			if need > room {
				break
			}
			out = append(out, g...)
			room -= len(g)
			shown++
		}
		if shown < len(noteGroups) {
			out = append(out, m.st.dim.Render(fmt.Sprintf("(%d more not shown: a taller window shows them; the review lists every warning)", len(noteGroups)-shown)))
		}
	}
	return strings.Join(out, "\n")
}

func (m *model) renderField(field string, focused bool, w int) []string {
	q := wizard.Ask(field)
	errMsg := ""
	if m.shown[field] {
		errMsg = m.fieldError(field)
	}
	if !focused {
		v := m.a.Normalized().Value(field)
		if q.Kind == wizard.KindChoice {
			for _, o := range q.Options {
				if o.Value == v {
					v = o.Label
				}
			}
		}
		if v == "" {
			v = m.st.dim.Render("—")
		}
		line := "  " + m.st.label.Render(q.Title+": ") + m.st.value.Render(v)
		if errMsg != "" {
			line = m.st.errText.Render("✗ ") + line[2:]
		}
		return []string{truncate2(line, w)}
	}
	out := hanging(m.st.labelFocus, "› ", q.Title, w)
	switch q.Kind {
	case wizard.KindChoice, wizard.KindBool:
		cur := m.a.Normalized().Value(field)
		for _, o := range options(q) {
			mark, st := "  ( ) ", m.st.option
			if o.Value == cur {
				mark, st = "  (•) ", m.st.optionOn
			}
			out = append(out, hanging(st, mark, o.Label, w)...)
		}
	case wizard.KindMulti:
		chosen := m.chosen(field)
		for i, o := range q.Options {
			box := "[ ]"
			if containsString(chosen, o.Value) {
				box = "[x]"
			}
			pointer := "  "
			st := m.st.option
			if i == m.cursor[field] {
				pointer, st = "› ", m.st.optionOn
			}
			out = append(out, hanging(st, pointer+box+" ", o.Label, w)...)
		}
	default:
		in := m.input(field)
		in.SetWidth(max(w-6, 10))
		out = append(out, "  "+in.View())
	}
	if q.Help != "" {
		out = append(out, strings.Split(m.st.help.PaddingLeft(2).Width(w).Render(q.Help), "\n")...)
	}
	if errMsg != "" {
		out = append(out, strings.Split(m.st.errText.PaddingLeft(2).Width(w).Render("✗ "+errMsg), "\n")...)
	}
	return out
}

// truncate2 cuts a styled line to w cells.
func truncate2(s string, w int) string { return fitLines(s, w, 1)[0] }

// hanging wraps text to w cells behind a prefix, indenting the following
// lines under the text.
func hanging(st lipgloss.Style, prefix, text string, w int) []string {
	pad := len([]rune(prefix))
	lines := strings.Split(st.Width(max(w-pad, 10)).Render(text), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = st.Render(prefix) + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", pad) + lines[i]
		}
	}
	return lines
}

type memoKey struct {
	kind string
	w    int
	text string
}

// memo keeps wrapped text: the why and the notes of a step change rarely,
// and Lip Gloss's wrapping is the dearest part of drawing the form.
func (m *model) memo(kind string, w int, text string, f func() []string) []string {
	k := memoKey{kind, w, text}
	if v, ok := m.wrapped[k]; ok {
		return v
	}
	if m.wrapped == nil || len(m.wrapped) > 256 {
		m.wrapped = map[memoKey][]string{}
	}
	v := f()
	m.wrapped[k] = v
	return v
}

// markedReasons explains the statements the focused question shapes in the
// previewed document, one wrapped group each: "▌ Sid: reason".
func (m *model) markedReasons(w int) [][]string {
	d := m.previewDoc()
	f := m.focusedField()
	if d == nil || f == "" {
		return nil
	}
	var out [][]string
	for _, st := range d.Policy.Statement {
		if !containsString(st.Fields, f) {
			continue
		}
		text := st.Reason
		if st.Sid != "" {
			text = st.Sid + ": " + st.Reason
		}
		out = append(out, m.memo("r", w, text, func() []string { return hanging(m.st.why, "▌ ", text, w) }))
	}
	return out
}
