package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/wizard"
)

// Layout: two header lines (title and step list), the body, and the
// footer: the status (one line, up to three for a long message) and the
// help bar (one line, two when the keys need them).
const headerLines = 2

func (m *Model) bodyHeight() int {
	return m.height - headerLines - len(m.statusLines()) - max(m.helpRows, 1)
}

func (m *Model) sideBySide() bool { return m.width >= sideBySide }

func (m *Model) formWidth() int {
	if !m.sideBySide() {
		return m.width
	}
	return max(m.width*42/100, 44)
}

// previewWidth is the width of the preview's JSON lines.
func (m *Model) previewWidth() int {
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
func (m *Model) previewHeight() int {
	if m.onReview() {
		h := m.bodyHeight() - 1 // the tab row
		if !m.sideBySide() {
			h -= m.reviewInfoHeight()
		}
		return max(h-1, 1) // the document's title line
	}
	if !m.sideBySide() {
		return max(m.stackedPreviewHeight()-1, 1)
	}
	return max(m.bodyHeight()-1, 1)
}

// stackedPreviewHeight is the preview's share of the body below the form.
func (m *Model) stackedPreviewHeight() int { return max(m.bodyHeight()*45/100, 6) }

func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "permwiz"
	return v
}

// render draws the whole screen as text, exactly height lines of at most
// width cells.
func (m *Model) render() string {
	if m.tooSmall() {
		return m.renderTooSmall()
	}
	// The help bar depends on the body (whether the form or the preview
	// overflows) and the body's height on the help bar: draw again in the
	// rare frame where the bar's height changed. A smaller body only adds
	// keys, so the second drawing settles.
	body := m.renderBody()
	help := m.helpLines()
	if len(help) != max(m.helpRows, 1) {
		m.helpRows = len(help)
		body = m.renderBody()
		help = m.helpLines()
		help = help[:min(len(help), m.helpRows)]
		for len(help) < m.helpRows {
			help = append(help, "")
		}
	}
	out := []string{m.renderTitle(), m.renderStepList()}
	out = append(out, body...)
	out = append(out, m.statusLines()...)
	out = append(out, help...)
	return strings.Join(out, "\n")
}

func (m *Model) renderBody() []string {
	var body string
	switch {
	case m.resume != nil:
		body = m.renderResume()
	case m.overlay:
		body = m.renderOverlay()
	case m.confirm != nil:
		body = m.renderConfirm()
	case m.finishing || m.folder != nil:
		body = m.renderFinish()
	case m.onReview():
		body = m.renderReview()
	default:
		// renderSteps fits every line itself; measuring them again is
		// the costliest part of a frame.
		return padLines(m.renderSteps(), m.bodyHeight())
	}
	return fitLines(body, m.width, m.bodyHeight())
}

func (m *Model) renderTooSmall() string {
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

func (m *Model) setupName() string {
	a := m.a
	if m.resume != nil {
		a = m.resume.Answers // the title names the session on offer
	}
	if a.Normalized().Setup == wizard.SetupKinesis {
		return "Kinesis Data Streams, KMS-encrypted"
	}
	return "Amazon Personalize"
}

func (m *Model) renderTitle() string {
	left := m.st.title.Render("permwiz") + m.st.dim.Render(" · "+m.setupName())
	s := m.steps[m.step]
	right := s.Title
	if s.ShortTitle() != s.Title {
		// The name the step list and the keys use ("Basics", b on the
		// review) first, so that the screen names the step one way.
		right = s.ShortTitle() + " · " + s.Title
	}
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
// When the full titles do not fit, the steps shrink to short names, and
// only then the ones other than the current one to their numbers.
func (m *Model) renderStepList() string {
	if m.resume != nil {
		// The steps are the setup's, and which setup is the question.
		return ""
	}
	build := func(level int) string {
		parts := make([]string, len(m.steps))
		n := 0
		for i, s := range m.steps {
			label := s.Title
			if level > 0 && i != m.step {
				label = s.ShortTitle()
			}
			if s.Numbered {
				n++
				label = fmt.Sprintf("%d %s", n, label)
				if level > 1 && i != m.step {
					label = fmt.Sprint(n)
				}
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
	s := build(0)
	for level := 1; level <= 2 && ansi.StringWidth(s) > m.width; level++ {
		s = build(level)
	}
	return s
}

func (m *Model) statusLines() []string {
	text, st := m.status, m.st.status
	if m.statusErr {
		st = m.st.statusErr
	}
	if m.confirm != nil {
		text, st = m.confirmText(), m.st.statusErr
	}
	if len(text) <= m.width {
		return []string{st.Render(text)}
	}
	lines := wrapWords(text, m.width)
	if len(lines) > 3 {
		lines = append(lines[:2], lines[2]+" "+strings.Join(lines[3:], " "))
	}
	for i, l := range lines {
		lines[i] = st.Render(ansi.Truncate(l, m.width, "…"))
	}
	return lines
}

// helpLines is the help bar: every key that works now, on one line when
// it fits, else with shorter names, else over two lines, and only then
// without the least important keys (quit always stays).
func (m *Model) helpLines() []string {
	bs := m.helpEntries()
	// The bar changes with the state, not with each key typed: its lines
	// are kept for the same entries and width.
	var kb strings.Builder
	fmt.Fprint(&kb, m.width)
	for _, b := range bs {
		kb.WriteString("\x00" + b.key + "\x00" + b.desc)
	}
	if k := kb.String(); k == m.helpMemoKey {
		return append([]string(nil), m.helpMemo...)
	} else {
		defer func() { m.helpMemoKey = k }()
	}
	lines := m.layoutHelp(bs)
	m.helpMemo = lines
	return append([]string(nil), lines...)
}

// layoutHelp lays the bar's entries out (see helpLines).
func (m *Model) layoutHelp(bs []helpEntry) []string {
	sep := m.st.dim.Render(" · ")
	layout := func(bs []helpEntry, short bool) []string {
		parts := make([]string, len(bs))
		widths := make([]int, len(bs))
		for i, b := range bs {
			k, d := b.key, b.desc
			if short {
				k, d = b.shortKey, b.shortDesc
			}
			parts[i] = m.st.key.Render(k) + " " + m.st.keyDesc.Render(d)
			widths[i] = ansi.StringWidth(k) + 1 + ansi.StringWidth(d)
		}
		// Greedy lines, by the index each starts at.
		var starts []int
		lw := 0
		for i, pw := range widths {
			if i == 0 || lw+3+pw > m.width {
				starts = append(starts, i)
				lw = pw
				continue
			}
			lw += 3 + pw
		}
		// A last line holding one key alone (a lone "^c quit") takes the
		// key before it along, where the line allows.
		if n := len(starts); n > 1 && starts[n-1] == len(bs)-1 && starts[n-1]-starts[n-2] > 1 &&
			widths[len(bs)-2]+3+widths[len(bs)-1] <= m.width {
			starts[n-1]--
		}
		lines := make([]string, len(starts))
		for j, st := range starts {
			end := len(bs)
			if j+1 < len(starts) {
				end = starts[j+1]
			}
			lines[j] = strings.Join(parts[st:end], sep)
		}
		return lines
	}
	if l := layout(bs, false); len(l) == 1 {
		return l
	}
	for {
		if l := layout(bs, true); len(l) <= 2 || len(bs) <= 1 {
			return l
		}
		bs = append(bs[:len(bs)-2], bs[len(bs)-1])
	}
}

// renderSteps draws a step: the form, and beside or below it the preview.
func (m *Model) renderSteps() string {
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
func (m *Model) renderPreview(w, h int) string {
	docs := m.previewDocs()
	d := m.previewDoc()
	if d == nil {
		return m.renderNoPreview(w, h)
	}
	count := ""
	if len(docs) > 1 {
		count = m.st.dim.Render(fmt.Sprintf(" · %d/%d", m.doc+1, len(docs)))
	}
	lines, _ := m.previewLines(w)
	end := min(m.scroll+h-1, len(lines))
	more := ""
	if m.scroll > 0 || end < len(lines) {
		more = m.st.dim.Render(fmt.Sprintf(" · lines %d–%d of %d", m.scroll+1, end, len(lines)))
	}
	// Where the line is too narrow, the document's title goes first (the
	// file name says which it is), so that the position is never cut.
	title := m.st.title.Render(d.ID+".json") + m.st.dim.Render(" · "+d.Title) + count + more
	if ansi.StringWidth(title) > w {
		title = m.st.title.Render(d.ID+".json") + count + more
	}
	out := []string{ansi.Truncate(title, w, "…")}
	out = append(out, lines[m.scroll:end]...)
	return strings.Join(out, "\n")
}

func (m *Model) renderNoPreview(w, h int) string {
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
	return strings.Join(wrapStyled(m.st.dim, msg, w), "\n")
}

// renderStartPreview lists, on the first screen, what the chosen setup
// builds: the documents that will appear here as the user answers.
func (m *Model) renderStartPreview(w int) string {
	wrap := func(st lipgloss.Style, pad int, s string) string {
		return strings.Join(hanging(st, strings.Repeat(" ", pad), s, w), "\n")
	}
	b := m.bundle()
	lines := []string{m.st.title.Render("What permwiz builds for " + m.setupName()), ""}
	for _, d := range b.Docs {
		lines = append(lines, wrap(m.st.value, 0, "• "+d.ID+".json: "+d.Title), wrap(m.st.dim, 2, "for "+d.Target))
	}
	lines = append(lines, "", wrap(m.st.dim, 0, "The documents appear here from the next screen on, built as you type, with <placeholders> for what is not answered yet. Later answers add or remove documents (a KMS key adds the key policy)."))
	return strings.Join(lines, "\n")
}
