package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// The review screen: one tab per document and a last tab with the managed
// policies to attach, the warnings and the next steps in the order AWS
// requires. m.doc is the tab; len(docs) is the next-steps tab.

func (m *Model) onNextStepsTab() bool { return m.onReview() && m.doc == len(m.previewDocs()) }

func (m *Model) reviewKey(k reviewKeys, msg tea.KeyPressMsg) tea.Cmd {
	tabs := len(m.previewDocs()) + 1
	switch {
	case matches(msg, k.CopyDoc):
		return m.copyDoc(false)
	case matches(msg, k.CopyStatements):
		return m.copyDoc(true)
	case matches(msg, k.SaveAs):
		return m.save()
	case matches(msg, k.Format):
		m.format = nextFormat(m.format)
		m.setStatus(false, "s saves as "+formatLabel(m.format))
	case matches(msg, k.NextTab):
		m.doc = (m.doc + 1) % tabs
		m.scroll = 0
	case matches(msg, k.PrevTab):
		m.doc = (m.doc + tabs - 1) % tabs
		m.scroll = 0
	case matches(msg, k.Details):
		m.details = !m.details
		m.scroll = 0
	case matches(msg, k.ScrollDown):
		m.scrollBy(1)
	case matches(msg, k.ScrollUp):
		m.scrollBy(-1)
	case matches(msg, k.Back):
		m.openStep(m.step - 1)
	case matches(msg, k.Folder):
		m.editFolder()
	case matches(msg, k.Finish):
		return m.finish()
	case matches(msg, k.GoStep):
		n := int(msg.Code - '0')
		for i := range m.steps {
			if num, _ := wizard.Numbering(m.steps, i); num == n {
				m.goToStep(i)
				m.returnTo, m.returnAtEnd = wizard.StepReview, true
			}
		}
	case matches(msg, k.GoBasics):
		m.goToStep(wizard.StepIndex(m.steps, wizard.StepBasics))
		m.returnTo, m.returnAtEnd = wizard.StepReview, true
	case matches(msg, k.Explain):
		// The box is drawn beside a document: from the next-steps tab or
		// a document's details (d), which fill the screen, turn to the
		// document view first, or the box would be open and invisible.
		if m.onNextStepsTab() {
			m.doc, m.scroll = 0, 0
		}
		m.details = false
		return m.openExplain()
	}
	return nil
}

func (m *Model) infoWidth() int { return max(m.width*40/100, 36) }

func (m *Model) infoHeight() int { return 5 }

func (m *Model) renderTabs() string {
	docs := m.previewDocs()
	labels := make([]string, 0, len(docs)+1)
	for _, d := range docs {
		labels = append(labels, d.ID)
	}
	labels = append(labels, "next steps")
	render := func(i int) string {
		if i == m.doc {
			return m.st.tabNow.Render(" " + labels[i] + " ")
		}
		return m.st.tab.Render(" " + labels[i] + " ")
	}
	// Show a window of tabs around the current one that fits the width.
	lo, hi := m.doc, m.doc+1
	width := ansi.StringWidth(render(m.doc))
	for {
		grew := false
		if hi < len(labels) && width+ansi.StringWidth(render(hi))+4 <= m.width {
			width += ansi.StringWidth(render(hi))
			hi++
			grew = true
		}
		if lo > 0 && width+ansi.StringWidth(render(lo-1))+4 <= m.width {
			lo--
			width += ansi.StringWidth(render(lo))
			grew = true
		}
		if !grew {
			break
		}
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString(m.st.dim.Render("‹ "))
	}
	for i := lo; i < hi; i++ {
		b.WriteString(render(i))
	}
	if hi < len(labels) {
		b.WriteString(m.st.dim.Render(" ›"))
	}
	return b.String()
}

// reviewLines is what a review tab shows full-width and scrolls with ↑↓:
// the next steps, or a document's details (d); nil for the document view.
func (m *Model) reviewLines() []string {
	switch {
	case m.onNextStepsTab():
		return m.nextStepsLines(m.width)
	case m.details && m.previewDoc() != nil:
		return m.docInfoLines(m.width)
	}
	return nil
}

// infoOverflows reports whether the side pane of a wide review cuts the
// document's details: d then shows them whole.
func (m *Model) infoOverflows() bool {
	return m.sideBySide() && len(m.docInfoLines(m.infoWidth()-2)) > m.bodyHeight()-1
}

// reviewOverflows reports whether ↑↓ scroll anything on this tab.
func (m *Model) reviewOverflows() bool {
	if lines := m.reviewLines(); lines != nil {
		return len(lines) > m.bodyHeight()-1
	}
	return m.previewOverflows()
}

func (m *Model) renderReview() string {
	tabs := m.renderTabs()
	if lines := m.reviewLines(); lines != nil {
		h := m.bodyHeight() - 1
		m.clampScroll(len(lines), h)
		end := min(m.scroll+h, len(lines))
		shown := lines[m.scroll:end]
		if len(lines) > h && h > 1 {
			// Say where in the tab the user is, in place of its last line.
			end = min(m.scroll+h-1, len(lines))
			shown = append(lines[m.scroll:end:end], m.st.dim.Render(fmt.Sprintf("lines %d–%d of %d · ↑↓ scroll", m.scroll+1, end, len(lines))))
		}
		return tabs + "\n" + strings.Join(shown, "\n")
	}
	if m.sideBySide() {
		pw, iw := m.previewWidth(), m.infoWidth()
		h := m.bodyHeight() - 1
		prev := fitLines(m.renderPreview(pw, h), pw, h)
		info := fitLines(strings.Join(m.reviewInfoLines(iw-2), "\n"), iw-2, h)
		var b strings.Builder
		b.WriteString(tabs)
		sep := m.st.rule.Render("│ ")
		for i := range prev {
			b.WriteByte('\n')
			b.WriteString(prev[i])
			b.WriteString(strings.Repeat(" ", max(pw-ansi.StringWidth(prev[i]), 0)))
			b.WriteString(sep)
			b.WriteString(info[i])
		}
		return b.String()
	}
	ih := m.reviewInfoHeight()
	info := fitLines(strings.Join(m.reviewInfoLines(m.width), "\n"), m.width, ih)
	return tabs + "\n" + strings.Join(info, "\n") + "\n" + m.renderPreview(m.width, m.bodyHeight()-1-ih)
}

// docInfoLines: what the document is for, its size against its AWS limit,
// and its warnings.
func (m *Model) docInfoLines(w int) []string {
	d := m.previewDoc()
	if d == nil {
		return nil
	}
	wrap := func(st lipgloss.Style, s string) []string { return wrapStyled(st, s, w) }
	size := d.Size()
	sizeText := fmt.Sprintf("Size: %s; the %s limit", size, d.Policy.Kind)
	sizeStyle := m.st.value
	if size.Over() {
		sizeStyle = m.st.errText
		sizeText += ": OVER THE LIMIT"
	}
	out := wrap(sizeStyle, sizeText)
	out = append(out, wrap(m.st.value, "Attach to "+d.Target+".")...)
	for _, f := range m.findings(d) {
		out = append(out, wrap(m.st.note, "! "+f)...)
	}
	out = append(out, wrap(m.st.why, d.Why)...)
	out = append(out, m.linkLines(d.Source, w)...) // a URL: whole, broken after a /
	// Every statement with its reason and any lint rule it breaks on
	// purpose: what a reviewer asks before approving the document.
	for _, st := range d.Policy.Statement {
		name := st.Sid
		if name == "" {
			name = "(no Sid)"
		}
		out = append(out, "")
		out = append(out, hanging(m.st.labelFocus, "", name, w)...)
		out = append(out, hanging(m.st.why, "  ", st.Reason, w)...)
		for _, ex := range st.Exceptions {
			out = append(out, hanging(m.st.dim, "  ", "Deliberate exception to "+ex.Rule+": "+ex.Why, w)...)
		}
	}
	return out
}

// nextStepsLines is the last tab: managed policies to attach, warnings, and
// the steps in the order AWS requires.
func (m *Model) nextStepsLines(w int) []string {
	b := m.bundle()
	wrap := func(st lipgloss.Style, s string) []string { return wrapStyled(st, s, w) }
	var out []string
	if len(b.Attachments) > 0 {
		out = append(out, m.st.title.Render("Managed policies to attach"))
		for _, at := range b.Attachments {
			out = append(out, wrap(m.st.value, fmt.Sprintf("• %s to the %s: %s", at.Name, at.To, at.PolicyARN))...)
			out = append(out, wrap(m.st.dim, "  "+at.Why)...)
		}
		out = append(out, "")
	}
	out = append(out, m.st.title.Render("Next steps, in the order AWS requires"))
	indent := func(st lipgloss.Style, pad int, s string) []string {
		return hanging(st, strings.Repeat(" ", pad), s, w)
	}
	for _, s := range nextSteps(b) {
		out = append(out, hanging(m.st.value, fmt.Sprintf("%d. ", s.N), s.Title, w)...)
		if s.Where != "" {
			out = append(out, indent(m.st.dim, 3, s.Where)...)
		}
		if s.Note != "" {
			out = append(out, indent(m.st.note, 3, "! "+s.Note)...)
		}
		for _, c := range s.Lines {
			if c.Text != "" {
				for _, l := range commandLines(c.Shown(), "     ", w) {
					out = append(out, m.st.value.Render(l))
				}
			}
		}
		for i, v := range strings.Split(s.Verify, "\n") {
			switch {
			case v == "":
			case strings.HasPrefix(v, "#"):
				out = append(out, indent(m.st.dim, 5, v)...)
			default:
				if i == 0 {
					v = "Check: " + v
				}
				for _, l := range commandLines(v, "     ", w) {
					out = append(out, m.st.dim.Render(l))
				}
			}
		}
	}
	if notes := wizard.Notes(m.a, wizard.StepReview); len(notes) > 0 {
		out = append(out, "", m.st.title.Render("Warnings"))
		for _, n := range notes {
			out = append(out, wrap(m.st.note, "! "+n)...)
		}
	}
	return out
}

// nextFormat cycles the save format on the review screen: the same choice as
// generate's --format.
func nextFormat(f apply.Format) apply.Format {
	for i, g := range apply.All {
		if g == f {
			return apply.All[(i+1)%len(apply.All)]
		}
	}
	return apply.JSON
}

func formatLabel(f apply.Format) string {
	switch f {
	case apply.CLI:
		return "cli: the JSON documents, apply.sh and NEXT-STEPS.md"
	case apply.Terraform:
		return "terraform: main.tf, answers.yaml and NEXT-STEPS.md"
	case apply.CloudFormation:
		return "cloudformation: template.yaml, answers.yaml and NEXT-STEPS.md"
	}
	return "json: <id>.json for every document, answers.yaml and NEXT-STEPS.md"
}

// The review shows two things other packages compute: the lint findings of
// each document and the ordered next steps. They are read here only, so the
// review's layout does not depend on their shapes.

// findings are a document's lint findings, one line each, through the
// function the launcher handed in (none without one).
func (m *Model) findings(d *wizard.Doc) []string {
	if m.fx.lint == nil {
		return nil
	}
	return m.fx.lint(d)
}

// nextSteps lists what to do with the documents, in the order AWS requires.
func nextSteps(b *wizard.Bundle) []apply.NextStep { return apply.NextSteps(apply.PlanFor(b)) }
