package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// Explaining an error on the review: e opens a box to paste an AWS
// access-denied error, enter hands it with the answers to the launcher's
// Explain (permwiz explain's own explanation) as a tea.Cmd, and the answer
// shows beside the document it names, with the statement that grants the
// refused request marked in the gutter. The TUI parses and evaluates
// nothing itself: it cannot import policy/audit.

// ExplainResult is what Options.Explain answers: the document and the
// statement that grant the refused request ("" when none does), and the
// explanation as lines. Err is set for text that is no AWS error.
type ExplainResult struct {
	Doc, Sid string
	Lines    []string
	Err      error
}

// explainBox is the state of the review's explain box.
type explainBox struct {
	run    func(a wizard.Answers, text string) ExplainResult
	open   bool
	busy   bool
	input  *textinput.Model
	result *ExplainResult
}

// explainedMsg carries Explain's answer back to Update.
type explainedMsg struct{ res ExplainResult }

// explainKeys are the box's keys.
type explainKeys struct {
	bar
	Run, Close, Quit key.Binding
}

func (m *Model) explainKeys() explainKeys {
	k := explainKeys{Run: bind("enter", "explain", "enter"), Close: bind("esc", "close", "esc"), Quit: quitKey}
	k.bar = func() []key.Binding { return []key.Binding{k.Run, k.Close, k.Quit} }
	return k
}

// openExplain opens the box (e on the review).
func (m *Model) openExplain() tea.Cmd {
	if m.ex.run == nil {
		m.setStatus(true, "explaining errors is not available here")
		return nil
	}
	if m.ex.input == nil {
		in := m.newInput() // the wizard's input: no colour under NO_COLOR either
		in.Placeholder = "User: arn:aws:... is not authorized to perform: ..."
		in.CharLimit = 64 << 10
		m.ex.input = &in
	}
	m.ex.input.SetValue("")
	// The pane the box is drawn in: beside the document, or the whole
	// width above it on a narrow screen.
	w := m.width
	if m.sideBySide() {
		w = m.infoWidth() - 2
	}
	m.ex.input.SetWidth(max(w-4, 20))
	m.ex.open = true
	return m.ex.input.Focus()
}

// explainKey acts on a key while the box is open: enter explains, esc
// closes the box and clears the answer, anything else types.
func (m *Model) explainKey(k explainKeys, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, k.Quit):
		return m.abort()
	case matches(msg, k.Close):
		m.ex.open, m.ex.result = false, nil
		return nil
	case matches(msg, k.Run):
		text := strings.TrimSpace(m.ex.input.Value())
		if text == "" {
			m.setStatus(true, "paste the error AWS printed first")
			return nil
		}
		m.ex.busy = true
		run, a := m.ex.run, m.a
		return func() tea.Msg { return explainedMsg{run(a, text)} }
	}
	return m.explainInput(msg)
}

// explainInput hands a key or a paste to the box's input.
func (m *Model) explainInput(msg tea.Msg) tea.Cmd {
	next, cmd := m.ex.input.Update(msg)
	*m.ex.input = next
	return cmd
}

// explained shows Explain's answer and turns to the document it names.
func (m *Model) explained(msg explainedMsg) {
	m.ex.busy = false
	if msg.res.Err != nil {
		m.setStatus(true, msg.res.Err.Error())
		return
	}
	m.ex.open, m.ex.result = false, &msg.res
	m.details = false
	for i, d := range m.previewDocs() {
		if d.ID == msg.res.Doc {
			m.doc, m.scroll = i, 0
			m.scrollToMark()
		}
	}
	m.setStatus(false, "explained: e explains another error, e then esc clears this")
}

// reviewInfoLines is the review's side pane: the box, the explanation of
// the current document, or the document's details.
func (m *Model) reviewInfoLines(w int) []string {
	var out []string
	if m.ex.open {
		out = append(out, m.st.title.Render("Explain an AWS error"))
		out = append(out, wrapStyled(m.st.dim, wizard.ExplainHint(m.a.Normalized().Setup), w)...)
		out = append(out, m.ex.input.View())
		if m.ex.busy {
			out = append(out, m.st.dim.Render("explaining…"))
		}
		out = append(out, "")
	}
	if r := m.ex.result; r != nil && (r.Doc == "" || m.previewDoc() != nil && m.previewDoc().ID == r.Doc) {
		for _, l := range r.Lines {
			cmd := strings.TrimSpace(l)
			switch {
			case strings.HasPrefix(l, "  ") && !strings.HasPrefix(cmd, "#"):
				// A command of the fix: wrapped as a command whose copied
				// lines still run, its ARNs broken, never cut.
				for _, c := range commandLines(cmd, "  ", w) {
					out = append(out, m.st.dim.Render(c))
				}
			case strings.HasPrefix(l, "  "):
				out = append(out, hanging(m.st.dim, "  ", cmd, w)...)
			default:
				out = append(out, hanging(m.st.value, "", l, w)...)
			}
		}
		return out
	}
	if out != nil {
		return out
	}
	return m.docInfoLines(w)
}

// reviewInfoHeight is how many lines the pane above a narrow review's
// document gets: more while an explanation shows.
func (m *Model) reviewInfoHeight() int {
	if m.ex.open || m.ex.result != nil {
		return max(min(len(m.reviewInfoLines(m.width)), m.bodyHeight()/2), m.infoHeight())
	}
	return m.infoHeight()
}

// markField is what the preview marks: on the review, the statement the
// explanation names (as "sid:" and its Sid); on a step, the focused field.
func (m *Model) markField() string {
	if !m.onReview() {
		return m.focusedField()
	}
	if r := m.ex.result; r != nil && r.Sid != "" {
		if d := m.previewDoc(); d != nil && d.ID == r.Doc {
			return "sid:" + r.Sid
		}
	}
	return ""
}

// marks reports whether the preview marks a statement for markField's
// value.
func (m *Model) marks(st *policy.Statement, field string) bool {
	if sid, ok := strings.CutPrefix(field, "sid:"); ok {
		return st.Sid == sid
	}
	return m.shapes(st, field)
}
