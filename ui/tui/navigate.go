package tui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

// Keys and moves: what each key does on a step, how the focus moves
// between questions and steps, and how choices change the answers.

// key acts on a key press through the current state's keymap (keys.go):
// only keys that match one of its enabled bindings do anything, apart from
// typing into a text question.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	switch km := m.keyMap().(type) {
	case tooSmallKeys:
		if matches(msg, km.Quit) {
			return m.abort()
		}
		return nil
	case resumeKeys:
		return m.resumeKey(km, msg)
	case overlayKeys:
		if matches(msg, km.Quit) {
			return m.abort()
		}
		switch {
		case matches(msg, km.ScrollDown):
			m.overlayScroll++ // renderOverlay keeps it in range
			return nil
		case matches(msg, km.ScrollUp):
			m.overlayScroll = max(m.overlayScroll-1, 0)
			return nil
		}
		m.overlay, m.overlayScroll = false, 0 // any other key closes it, and does nothing else
		return nil
	case confirmKeys:
		return m.confirmKey(km, msg)
	case explainKeys:
		return m.explainKey(km, msg)
	case finishKeys:
		return m.finishKey(km, msg)
	case folderKeys:
		return m.folderKey(km, msg)
	case reviewKeys:
		if matches(msg, km.Help) {
			m.overlay = true
			return nil
		}
		if cmd, ok := m.docKey(km.docKeys, msg); ok {
			return cmd
		}
		return m.reviewKey(km, msg)
	case formKeys:
		if matches(msg, km.Help) {
			m.overlay = true
			return nil
		}
		if matches(msg, km.FormPage) {
			if m.formOverflow {
				m.formPage++
			}
			return nil
		}
		if m.formPage > 0 && !matches(msg, km.Quit) {
			// The notes pager is open: the key that closes it does
			// nothing else (a space would untick a workflow, esc go back
			// a step, a letter land in a field the pager hides).
			m.formPage = 0
			return nil
		}
		if cmd, ok := m.docKey(km.docKeys, msg); ok {
			return cmd
		}
		return m.formKey(km, msg)
	}
	return nil
}

// docKey handles the keys of every step and the review. Any key but ctrl+o
// first returns the form to its own layout, so that typing lands where it
// is seen.
func (m *Model) docKey(k docKeys, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if matches(msg, k.Quit) {
		return m.abort(), true
	}
	m.formPage = 0
	switch {
	case matches(msg, k.Copy):
		return m.copyDoc(false), true
	case matches(msg, k.Save):
		return m.save(), true
	case matches(msg, k.NextDoc):
		m.nextDoc(1)
	case matches(msg, k.PrevDoc):
		m.nextDoc(-1)
	case matches(msg, k.PageDown):
		m.scrollBy(m.previewHeight() - 1)
	case matches(msg, k.PageUp):
		m.scrollBy(-(m.previewHeight() - 1))
	default:
		return nil, false
	}
	return nil, true
}

// formKey handles a step's own keys.
func (m *Model) formKey(k formKeys, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, k.Next):
		m.advance()
		return nil
	case matches(msg, k.Back):
		m.back()
		return nil
	case matches(msg, k.BackStep):
		m.backStep()
		return nil
	}
	field := m.focusedField()
	q := wizard.Ask(field)
	switch {
	case matches(msg, k.ChoicePrev, k.ChoiceNext, k.Yes, k.No):
		m.choose(field, q, k, msg)
	case matches(msg, k.CursorUp, k.CursorDown, k.Toggle):
		m.toggle(field, q, k, msg)
	default:
		if in := m.input(field); in != nil {
			return m.updateInput(in, msg)
		}
	}
	return nil
}

func (m *Model) updateInput(in *textinput.Model, msg tea.Msg) tea.Cmd {
	field := m.focusedField()
	// The cursor does not blink (see input), so the command is only ever
	// ctrl+v's read of the system clipboard, whose answer Update passes
	// back here.
	next, cmd := in.Update(msg)
	*in = next
	m.setAnswer(field, in.Value())
	if !m.docPinned {
		m.doc = m.docForField()
	}
	m.scrollToMark()
	return cmd
}

// options returns the values a choice or bool question offers.
func options(q wizard.Question) []wizard.Option {
	if q.Kind == wizard.KindBool {
		return []wizard.Option{{Value: "no", Label: "No"}, {Value: "yes", Label: "Yes"}}
	}
	return q.Options
}

func (m *Model) choose(field string, q wizard.Question, k formKeys, msg tea.KeyPressMsg) {
	opts := options(q)
	cur := m.a.Normalized().Value(field)
	i := 0
	for j, o := range opts {
		if o.Value == cur {
			i = j
		}
	}
	switch {
	case matches(msg, k.ChoicePrev):
		i = (i + len(opts) - 1) % len(opts)
	case matches(msg, k.ChoiceNext):
		i = (i + 1) % len(opts)
	case matches(msg, k.Yes):
		i = 1
	case matches(msg, k.No):
		i = 0
	default:
		return
	}
	m.setAnswer(field, opts[i].Value)
	if !m.docPinned {
		m.doc = m.docForField()
	}
	m.scrollToMark()
}

// toggle moves the cursor of a multiple-choice question or flips the option
// under it. The last chosen option cannot be unchosen: the answers would
// silently fall back to the default, which is not what the screen showed.
func (m *Model) toggle(field string, q wizard.Question, k formKeys, msg tea.KeyPressMsg) {
	c := m.cursor[field]
	switch {
	case matches(msg, k.CursorUp):
		m.cursor[field] = (c + len(q.Options) - 1) % len(q.Options)
		m.followCursor()
		return
	case matches(msg, k.CursorDown):
		m.cursor[field] = (c + 1) % len(q.Options)
		m.followCursor()
		return
	case matches(msg, k.Toggle):
	default:
		return
	}
	chosen := m.chosen(field)
	v := q.Options[c].Value
	var next []string
	found := false
	for _, s := range chosen {
		if s == v {
			found = true
			continue
		}
		next = append(next, s)
	}
	if !found {
		// Keep the options' order, so answers files are stable.
		next = next[:0]
		for _, o := range q.Options {
			if o.Value == v || slices.Contains(chosen, o.Value) {
				next = append(next, o.Value)
			}
		}
	}
	if len(next) == 0 {
		m.setStatus(true, "choose at least one: "+q.Title)
		return
	}
	m.setAnswer(field, strings.Join(next, ","))
	m.scrollToMark()
}

// followCursor shows the document of the option under the cursor, unless
// the user picked one.
func (m *Model) followCursor() {
	if !m.docPinned {
		m.doc = m.docForField()
		m.scroll = 0
		m.scrollToMark()
	}
}

// chosen lists a multiple-choice field's values as they take effect, the
// defaults included (Normalized: what the key encrypts defaults to the
// dataset group whenever the question is asked, with a key).
func (m *Model) chosen(field string) []string {
	v := m.a.Normalized().Value(field)
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// advance moves to the next field, or the next step, once the focused
// field is valid; a bad answer keeps the user here with the rule shown.
func (m *Model) advance() {
	if m.focusedField() == wizard.FieldRoleName && m.roleARNAsName() {
		m.field = len(m.fields()) - 1
		status := m.status
		m.advance()
		if !m.statusErr {
			m.setStatus(false, status)
		}
		return
	}
	if f := m.focusedField(); f != "" {
		if msg := m.fieldError(f); msg != "" {
			// The rule shows under the focused question (✗): the status
			// line stays clear rather than say it twice.
			m.shown[f] = true
			m.status = ""
			return
		}
	}
	m.status = ""
	if m.returnTo != "" && (!m.returnAtEnd || m.field+1 >= len(m.fields())) && m.returnToward() {
		return
	}
	if m.field+1 < len(m.fields()) {
		m.field++
		m.focus()
		return
	}
	if m.steps[m.step+1].ID == wizard.StepReview {
		if err := m.a.Validate(); err != nil {
			// A field of an earlier step went bad (a key in the wrong region
			// after the region changed): take the user to it.
			var errs wizard.Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				m.setStatus(true, err.Error())
				return
			}
			fe := errs[0]
			// Once it is fixed, enter comes back here rather than
			// through every step in between (returnToward).
			m.returnTo, m.returnAtEnd = m.steps[m.step+1].ID, false
			m.goToField(fe.Field)
			m.shown[fe.Field] = true
			m.setStatus(true, wizard.Sentence(wizard.Ask(fe.Field).Title, QuestionWords(fe.Rule)))
			return
		}
	}
	m.openStep(m.step + 1)
}

// returnToward ends a detour: the wizard took the user back to an
// answer that went bad (advance), and the answer is now valid, or the
// user opened a step from the review (1-5, b) and is leaving its last
// question. The next bad answer is shown the same way, or, once every
// answer is valid, the user returns to the step they were going to (the
// review), not through every step in between. It reports whether it moved
// the user.
func (m *Model) returnToward() bool {
	var errs wizard.Errors
	if err := m.a.Validate(); err != nil {
		if !errors.As(err, &errs) || len(errs) == 0 || errs[0].Field == m.focusedField() {
			return false
		}
		fe := errs[0]
		m.goToField(fe.Field)
		m.shown[fe.Field] = true
		m.returnAtEnd = false // a detour now: back once this answer is fixed
		m.setStatus(true, wizard.Sentence(wizard.Ask(fe.Field).Title, QuestionWords(fe.Rule)))
		return true
	}
	i := wizard.StepIndex(m.steps, m.returnTo)
	m.returnTo, m.returnAtEnd = "", false
	if i < 0 || i <= m.step {
		return false
	}
	m.openStep(i)
	if m.onReview() {
		m.setStatus(false, "back to the review")
	}
	return true
}

// openStep opens step i at its first question, showing the document that
// question shapes from its top.
func (m *Model) openStep(i int) {
	m.step, m.field = i, 0
	m.doc, m.scroll, m.docPinned, m.details = 0, 0, false, false
	m.focus()
}

// goToStep opens step i from the review (1-9, b).
func (m *Model) goToStep(i int) {
	if i < 0 || i >= len(m.steps) || m.steps[i].ID == wizard.StepReview {
		return
	}
	m.status = ""
	m.openStep(i)
}

func (m *Model) goToField(field string) {
	for i, s := range m.steps {
		for j, f := range s.Fields {
			if f == field {
				m.step, m.field = i, j
				m.docPinned = false
				m.focus()
				return
			}
		}
	}
}

// back moves to the previous field, whatever the focused field holds.
func (m *Model) back() {
	m.status, m.returnTo, m.returnAtEnd = "", "", false
	switch {
	case m.field > 0:
		m.field--
	case m.step > 0:
		m.step--
		m.field = max(len(m.fields())-1, 0)
		m.docPinned = false
		m.scroll = 0
	default:
		return
	}
	m.focus()
}

// backStep moves to the first field of the previous step.
func (m *Model) backStep() {
	m.status, m.returnTo, m.returnAtEnd = "", "", false
	if m.step == 0 {
		m.setStatus(false, "this is the first step; ctrl+c quits and keeps your answers")
		return
	}
	m.openStep(m.step - 1)
}
