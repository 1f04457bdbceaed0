package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"permwiz/wizard"
)

// Layout: two header lines (title and step list), the body, and two footer
// lines (status and help bar).
const (
	headerLines = 2
	footerLines = 2
)

func (m *model) bodyHeight() int { return m.height - headerLines - footerLines }

func (m *model) sideBySide() bool { return m.width >= sideBySide }

func (m *model) formWidth() int {
	if !m.sideBySide() {
		return m.width
	}
	return max(m.width*42/100, 44)
}

// previewWidth is the width of the preview's JSON lines.
func (m *model) previewWidth() int {
	if m.onReview() {
		if m.sideBySide() {
			return m.width - m.infoWidth() - 1
		}
		return m.width
	}
	if !m.sideBySide() {
		return m.width
	}
	return m.width - m.formWidth() - 1
}

// previewHeight is how many JSON lines the preview shows.
func (m *model) previewHeight() int {
	if m.onReview() {
		h := m.bodyHeight() - 1 // the tab row
		if !m.sideBySide() {
			h -= m.infoHeight()
		}
		return max(h-1, 1) // the document's title line
	}
	if !m.sideBySide() {
		return max(m.stackedPreviewHeight()-1, 1)
	}
	return max(m.bodyHeight()-1, 1)
}

// stackedPreviewHeight is the preview's share of the body below the form.
func (m *model) stackedPreviewHeight() int { return max(m.bodyHeight()*45/100, 6) }

func (m *model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "permwiz"
	return v
}

// render draws the whole screen as text, exactly height lines of at most
// width cells.
func (m *model) render() string {
	if m.tooSmall() {
		return m.renderTooSmall()
	}
	var body string
	switch {
	case m.resume != nil:
		body = m.renderResume()
	case m.onReview():
		body = m.renderReview()
	default:
		body = m.renderSteps()
	}
	out := []string{m.renderTitle(), m.renderStepList()}
	if m.resume == nil && !m.onReview() {
		// renderSteps fits every line itself; measuring them again is
		// the costliest part of a frame.
		out = append(out, padLines(body, m.bodyHeight())...)
	} else {
		out = append(out, fitLines(body, m.width, m.bodyHeight())...)
	}
	out = append(out, m.renderStatus(), m.renderHelp())
	return strings.Join(out, "\n")
}

func (m *model) renderTooSmall() string {
	msg := fmt.Sprintf("The terminal is too small: permwiz needs %d×%d and this one is %d×%d.\nMake the window larger, or press ctrl+c to quit (your answers are kept).",
		minWidth, minHeight, m.width, m.height)
	return lipgloss.NewStyle().Width(max(m.width, 1)).Render(msg)
}

// padLines cuts or pads s to exactly h lines whose width is already right:
// the preview's lines are wrapped to the pane when they are made.
func padLines(s string, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// fitLines cuts or pads s to exactly h lines of at most w cells.
func fitLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if len(l) > w && ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

func (m *model) setupName() string {
	if m.a.Normalized().Setup == wizard.SetupKinesis {
		return "Kinesis Data Streams, KMS-encrypted"
	}
	return "Amazon Personalize"
}

func (m *model) renderTitle() string {
	left := m.st.title.Render("permwiz") + m.st.dim.Render(" · "+m.setupName())
	s := m.steps[m.step]
	right := s.Title
	if num, of := wizard.Numbering(m.steps, m.step); num > 0 {
		right = fmt.Sprintf("Step %d of %d · %s", num, of, s.Title)
	}
	gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return left
	}
	return left + strings.Repeat(" ", gap) + m.st.labelFocus.Render(right)
}

// renderStepList shows every step, marking done ones and the current one.
// When the full titles do not fit, the steps other than the current one
// shrink to their numbers.
func (m *model) renderStepList() string {
	build := func(short bool) string {
		parts := make([]string, len(m.steps))
		n := 0
		for i, s := range m.steps {
			label := s.Title
			if s.Numbered {
				n++
				label = fmt.Sprintf("%d %s", n, s.Title)
				if short && i != m.step {
					label = fmt.Sprint(n)
				}
			} else if short && i != m.step {
				label = shortTitle(s.ID, s.Title)
			}
			switch {
			case i == m.step:
				parts[i] = m.st.stepNow.Render(" " + label + " ")
			case i < m.step:
				parts[i] = m.st.stepDone.Render("✓ " + label)
			default:
				parts[i] = m.st.step.Render(label)
			}
		}
		return strings.Join(parts, m.st.dim.Render(" › "))
	}
	s := build(false)
	if ansi.StringWidth(s) > m.width {
		s = build(true)
	}
	return s
}

// shortTitle names an unnumbered step in a narrow step list.
func shortTitle(id, title string) string {
	switch id {
	case wizard.StepBasics:
		return "Basics"
	case wizard.StepStart:
		return "Setup"
	}
	return title
}

func (m *model) renderStatus() string {
	if m.confirm != nil {
		return ansi.Truncate(m.st.statusErr.Render(m.confirmText()), m.width, "…")
	}
	if m.status == "" {
		return ""
	}
	st := m.st.status
	if m.statusErr {
		st = m.st.statusErr
	}
	return ansi.Truncate(st.Render(m.status), m.width, "…")
}

func (m *model) renderHelp() string {
	var parts []string
	for _, b := range m.helpBindings() {
		parts = append(parts, m.st.key.Render(b.key)+" "+m.st.keyDesc.Render(b.desc))
	}
	// Drop the least important keys (they come last, before quit) until the
	// bar fits; quit always stays.
	for len(parts) > 1 {
		s := strings.Join(parts, m.st.dim.Render(" · "))
		if ansi.StringWidth(s) <= m.width {
			return s
		}
		parts = append(parts[:len(parts)-2], parts[len(parts)-1])
	}
	return strings.Join(parts, "")
}

// renderSteps draws a step: the form, and beside or below it the preview.
func (m *model) renderSteps() string {
	if !m.sideBySide() {
		ph := m.stackedPreviewHeight()
		form := fitLines(m.renderForm(m.width, m.bodyHeight()-ph), m.width, m.bodyHeight()-ph)
		return strings.Join(form, "\n") + "\n" + strings.Join(padLines(m.renderPreview(m.width, ph), ph), "\n")
	}
	fw := m.formWidth()
	form := fitLines(m.renderForm(fw-1, m.bodyHeight()), fw-1, m.bodyHeight())
	prev := padLines(m.renderPreview(m.previewWidth(), m.bodyHeight()), m.bodyHeight())
	var b strings.Builder
	sep := m.st.rule.Render("│")
	for i := range form {
		b.WriteString(form[i])
		b.WriteString(strings.Repeat(" ", max(fw-1-ansi.StringWidth(form[i]), 0)))
		b.WriteString(sep)
		b.WriteString(prev[i])
		if i < len(form)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// renderPreview draws the previewed document's title line and as many of
// its lines as fit, from the scroll position.
func (m *model) renderPreview(w, h int) string {
	docs := m.previewDocs()
	d := m.previewDoc()
	if d == nil {
		return m.renderNoPreview(w, h)
	}
	title := m.st.title.Render(d.ID+".json") + m.st.dim.Render(" · "+d.Title)
	if len(docs) > 1 {
		title += m.st.dim.Render(fmt.Sprintf(" · %d/%d", m.doc+1, len(docs)))
	}
	lines, _ := m.previewLines(w)
	end := min(m.scroll+h-1, len(lines))
	more := ""
	if m.scroll > 0 || end < len(lines) {
		more = m.st.dim.Render(fmt.Sprintf(" · lines %d–%d of %d", m.scroll+1, end, len(lines)))
	}
	out := []string{ansi.Truncate(title+more, w, "…")}
	out = append(out, lines[m.scroll:end]...)
	return strings.Join(out, "\n")
}

func (m *model) renderNoPreview(w, h int) string {
	s := m.steps[m.step]
	var msg string
	switch {
	case s.ID == wizard.StepStart:
		return m.renderStartPreview(w)
	case s.ID == wizard.StepKMS || s.ID == wizard.StepKey:
		msg = "No key yet, so no KMS documents. Type the key's ARN to see the key policy and the role's KMS policy."
	case s.ID == wizard.StepPrincipals:
		msg = "No producers or consumers named: no key policy to add. Name them to see the key policy statements."
	default:
		msg = "No document for these answers at this step."
	}
	return lipgloss.NewStyle().Width(w).Render(m.st.dim.Render(msg))
}

// renderStartPreview lists, on the first screen, what the chosen setup
// builds: the documents that will appear here as the user answers.
func (m *model) renderStartPreview(w int) string {
	wrap := func(st lipgloss.Style, pad int, s string) string { return st.PaddingLeft(pad).Width(w).Render(s) }
	b := m.bundle()
	lines := []string{m.st.title.Render("What permwiz builds for " + m.setupName()), ""}
	for _, d := range b.Docs {
		lines = append(lines, wrap(m.st.value, 0, "• "+d.ID+".json: "+d.Title), wrap(m.st.dim, 2, "for "+d.Target))
	}
	lines = append(lines, "", wrap(m.st.dim, 0, "The documents appear here from the next screen on, built as you type, with <placeholders> for what is not answered yet. Later answers add or remove documents (a KMS key adds the key policy)."))
	return strings.Join(lines, "\n")
}
