package ui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"permwiz/wizard"
)

// Keys and moves: what each key does on a step, how the focus moves
// between questions and steps, and how choices change the answers.

func (m *model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	if k == keyQuit {
		return m.abort()
	}
	switch {
	case m.tooSmall():
		return nil
	case m.resume != nil:
		return m.resumeKey(k)
	case m.confirm != nil:
		return m.confirmKey(k)
	}
	if k == keyFormPage && !m.onReview() {
		if m.formOverflow {
			m.formPage++
		}
		return nil
	}
	// Any other key returns to the form, so that typing lands where it
	// is seen.
	m.formPage = 0
	switch k {
	case keyCopy:
		return m.copyDoc(false)
	case keySave:
		return m.save()
	case keyNextDoc:
		m.nextDoc(1)
		return nil
	case keyPrevDoc:
		m.nextDoc(-1)
		return nil
	case keyPgDown:
		m.scrollBy(m.previewHeight() - 1)
		return nil
	case keyPgUp:
		m.scrollBy(-(m.previewHeight() - 1))
		return nil
	}
	if m.onReview() {
		return m.reviewKey(k)
	}
	switch k {
	case keyNext, keyTab:
		m.advance()
		return nil
	case keyBack:
		m.back()
		return nil
	case keyBackStep:
		m.backStep()
		return nil
	}
	field := m.focusedField()
	q := wizard.Ask(field)
	switch q.Kind {
	case wizard.KindChoice, wizard.KindBool:
		m.choose(field, q, k)
	case wizard.KindMulti:
		m.toggle(field, q, k)
	default:
		if in := m.input(field); in != nil {
			return m.updateInput(in, msg)
		}
	}
	return nil
}

func (m *model) updateInput(in *textinput.Model, msg tea.Msg) tea.Cmd {
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

func (m *model) choose(field string, q wizard.Question, k string) {
	opts := options(q)
	cur := m.a.Normalized().Value(field)
	i := 0
	for j, o := range opts {
		if o.Value == cur {
			i = j
		}
	}
	// Only the keys the help bar shows change a choice: a letter typed
	// by mistake (the start of an answer to the next question) must not
	// switch the setup unseen.
	switch k {
	case keyUp, keyLeft:
		i = (i + len(opts) - 1) % len(opts)
	case keyDown, keyRight, keyToggle:
		i = (i + 1) % len(opts)
	case "y":
		if q.Kind == wizard.KindBool {
			i = 1
		}
	case "n":
		if q.Kind == wizard.KindBool {
			i = 0
		}
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
func (m *model) toggle(field string, q wizard.Question, k string) {
	c := m.cursor[field]
	switch k {
	case keyUp, "k":
		m.cursor[field] = (c + len(q.Options) - 1) % len(q.Options)
		m.followCursor()
		return
	case keyDown, "j":
		m.cursor[field] = (c + 1) % len(q.Options)
		m.followCursor()
		return
	case keyToggle, "x":
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
			if o.Value == v || containsString(chosen, o.Value) {
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
func (m *model) followCursor() {
	if !m.docPinned {
		m.doc = m.docForField()
		m.scroll = 0
		m.scrollToMark()
	}
}

// chosen lists a multiple-choice field's values as they take effect, the
// defaults included.
func (m *model) chosen(field string) []string {
	v := m.a.Normalized().Value(field)
	if field == wizard.FieldKeyUse && v == "" {
		v = string(wizard.KeyDatasetGroup)
	}
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// advance moves to the next field, or the next step, once the focused
// field is valid; a bad answer keeps the user here with the rule shown.
func (m *model) advance() {
	if f := m.focusedField(); f != "" {
		if msg := m.fieldError(f); msg != "" {
			m.shown[f] = true
			m.setStatus(true, wizard.Ask(f).Title+": "+msg)
			return
		}
	}
	m.status = ""
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
			m.goToField(fe.Field)
			m.shown[fe.Field] = true
			m.setStatus(true, wizard.Ask(fe.Field).Title+": "+fe.Rule)
			return
		}
	}
	m.step++
	m.field = 0
	m.docPinned = false
	m.doc, m.scroll = 0, 0
	m.focus()
}

func (m *model) goToField(field string) {
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
func (m *model) back() {
	m.status = ""
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
func (m *model) backStep() {
	m.status = ""
	if m.step == 0 {
		m.setStatus(false, "this is the first step; ctrl+c quits and keeps your answers")
		return
	}
	m.step--
	m.field = 0
	m.docPinned = false
	m.doc, m.scroll = 0, 0
	m.focus()
}
