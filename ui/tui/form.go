package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/wizard"
)

// renderForm draws the current step's questions in w×h: why the step is
// needed (with its AWS source), the questions, and the notes that matter
// for the answers given, the most important first. When all of it does not
// fit, the questions and the first notes show, and ctrl+o pages through
// the whole of it (m.formPage > 0).
func (m *Model) renderForm(w, h int) string {
	s := m.steps[m.step]
	var fields []string
	for i, f := range s.Fields {
		fields = append(fields, m.renderField(f, i == m.field, w)...)
	}
	why := m.memo("w", w, s.Why, func() []string { return wrapStyled(m.st.why, s.Why, w) })
	// The source is a URL: broken after a / where it does not fit, never
	// cut, and a hyperlink (OSC 8) on every line where the terminal has them.
	src := m.memo("l", w, s.Source, func() []string { return m.linkLines(s.Source, w) })
	var noteGroups [][]string
	for _, n := range wizard.Notes(m.a, s.ID) {
		noteGroups = append(noteGroups, m.memo("n", w, n, func() []string { return hanging(m.st.note, "! ", n, w) }))
	}
	// Then the reasons of the statements the focused question shapes:
	// they explain the marked lines of the preview, but the warnings
	// matter more when room is short.
	noteGroups = append(noteGroups, m.markedReasons(w)...)

	// The whole step as blocks that a page keeps together when it can.
	blocks := [][]string{append(append(append([]string{}, why...), src...), ""), fields}
	if len(noteGroups) > 0 {
		blocks = append(blocks, []string{""})
		blocks = append(blocks, noteGroups...)
	}
	total := 0
	for _, b := range blocks {
		total += len(b)
	}
	m.formOverflow = total > h
	if !m.formOverflow {
		m.formPage = 0
		var out []string
		for _, b := range blocks {
			out = append(out, b...)
		}
		return strings.Join(out, "\n")
	}
	if pages := paginate(blocks, max(h-1, 1)); m.formPage > len(pages) {
		m.formPage = 0 // past the last page: back to the questions
	} else if m.formPage > 0 {
		next := "next"
		if m.formPage == len(pages) {
			next = "back"
		}
		out := append(pages[m.formPage-1], m.st.dim.Render(fmt.Sprintf("(page %d/%d · ctrl+o: %s)", m.formPage, len(pages), next)))
		return strings.Join(out, "\n")
	}

	out := make([]string, 0, h)
	room := h - len(fields) - 1 // the last line says how to see the rest
	// The notes matter more than the why when room is short: keep space
	// for a blank line and at least the first two lines of notes.
	noteRoom := 0
	if len(noteGroups) > 0 {
		noteRoom = min(len(noteGroups[0]), 2) + 1
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
	shown := 0
	if len(noteGroups) > 0 && room >= 2 {
		// Whole notes only, in order of importance.
		out = append(out, "")
		room--
		for _, g := range noteGroups {
			if len(g) > room {
				break
			}
			out = append(out, g...)
			room -= len(g)
			shown++
		}
	}
	more := "(ctrl+o shows all of this step)"
	if hidden := len(noteGroups) - shown; hidden > 0 {
		more = fmt.Sprintf("(%d more note%s · ctrl+o shows all)", hidden, map[bool]string{true: "", false: "s"}[hidden == 1])
	}
	out = append(out, m.st.dim.Render(more))
	return strings.Join(out, "\n")
}

// paginate lays blocks of lines on pages of h lines, starting a new page
// rather than splitting a block that fits on one; a taller block is split.
func paginate(blocks [][]string, h int) [][]string {
	var pages [][]string
	var page []string
	for _, b := range blocks {
		if len(page) > 0 && len(page)+len(b) > h && len(b) <= h {
			pages = append(pages, page)
			page = nil
		}
		if len(page) == 0 && len(b) == 1 && b[0] == "" {
			continue // no blank line at the top of a page
		}
		for _, l := range b {
			if len(page) == h {
				pages = append(pages, page)
				page = nil
			}
			page = append(page, l)
		}
	}
	if len(page) > 0 {
		pages = append(pages, page)
	}
	return pages
}

func (m *Model) renderField(field string, focused bool, w int) []string {
	q := wizard.Ask(field)
	errMsg := ""
	if m.shown[field] {
		errMsg = m.fieldError(field)
	}
	if !focused {
		v, label := m.a.Normalized().Value(field), q.Title
		if q.Kind != wizard.KindText && q.Kind != wizard.KindList {
			// A closed question's title is long; its answer is what the
			// line must show.
			v, label = wizard.ShortAnswer(field, v), wizard.ShortLabel(field)
		}
		if v == "" {
			v = m.st.dim.Render("—")
		}
		mark := "  "
		if errMsg != "" {
			mark = m.st.errText.Render("✗ ")
		}
		if 2+ansi.StringWidth(label)+2+ansi.StringWidth(v) <= w {
			return []string{mark + m.st.label.Render(label+": ") + m.st.value.Render(v)}
		}
		// Too long for the line (an ARN at 80 columns): the whole value on
		// the lines below, broken after a : / or , rather than cut.
		out := []string{truncate2(mark+m.st.label.Render(label+":"), w)}
		for _, l := range breakValue(v, w-4) {
			out = append(out, "    "+m.st.value.Render(l))
		}
		return out
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
			if slices.Contains(chosen, o.Value) {
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
		iw := max(w-6, 10)
		in.SetWidth(iw)
		if ph := in.Placeholder; in.Value() == "" && ansi.StringWidth(ph) > iw {
			// The input would cut its example: the example shows whole
			// below it, broken at / : or - (an ARN the user may copy).
			in.Placeholder = ""
			out = append(out, "  "+in.View())
			in.Placeholder = ph
			out = append(out, hanging(m.st.help, "  e.g. ", strings.TrimPrefix(ph, "e.g. "), w)...)
			break
		}
		out = append(out, "  "+in.View())
	}
	if q.Help != "" {
		out = append(out, hanging(m.st.help, "  ", q.Help, w)...)
	}
	if from := m.origins[field]; from != "" {
		out = append(out, hanging(m.st.help, "  ", "Pre-filled from "+from+".", w)...)
	}
	if errMsg != "" {
		out = append(out, hanging(m.st.errText, "  ✗ ", SubjectRule(field, errMsg), w)...)
	}
	return out
}

// breakValue breaks a long value without spaces (an ARN, a list of them)
// into lines of at most w cells, after a "," "/" or ":" where it can.
func breakValue(v string, w int) []string {
	w = max(w, 10)
	r := []rune(v) // one cell each: answers are checked to be printable ASCII where this matters
	var out []string
	for len(r) > w {
		cut := strings.LastIndexAny(string(r[:w]), ",/:") + 1
		if cut < w/2 || cut > w {
			cut = tokenCut(r, w) // after a - or . rather than mid-word
		}
		out = append(out, string(r[:cut]))
		r = r[cut:]
	}
	return append(out, string(r))
}

// truncate2 cuts a styled line to w cells.
func truncate2(s string, w int) string { return fitLines(s, w, 1)[0] }

// hanging wraps text to w cells behind a prefix, indenting the following
// lines under the text.
func hanging(st lipgloss.Style, prefix, text string, w int) []string {
	pad := ansi.StringWidth(prefix)
	lines := wrapStyled(st, text, w-pad)
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
func (m *Model) memo(kind string, w int, text string, f func() []string) []string {
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
func (m *Model) markedReasons(w int) [][]string {
	d := m.previewDoc()
	f := m.focusedField()
	if d == nil || f == "" {
		return nil
	}
	var out [][]string
	for i := range d.Policy.Statement {
		st := &d.Policy.Statement[i]
		if !m.shapes(st, f) {
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
