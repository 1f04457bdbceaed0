package ui

import "permwiz/wizard"

// Keys the wizard answers to, as tea.KeyPressMsg.String() spells them. One
// table, so that Update and the help bar cannot disagree.
const (
	keyQuit     = "ctrl+c"
	keyCopy     = "ctrl+y"
	keySave     = "ctrl+s"
	keyNextDoc  = "ctrl+n"
	keyPrevDoc  = "ctrl+p"
	keyNext     = "enter"
	keyTab      = "tab"
	keyBack     = "shift+tab"
	keyBackStep = "esc"
	keyUp       = "up"
	keyDown     = "down"
	keyLeft     = "left"
	keyRight    = "right"
	keyToggle   = "space"
	keyPgUp     = "pgup"
	keyPgDown   = "pgdown"
)

// binding is one entry of the help bar.
type binding struct{ key, desc string }

// helpBindings lists the keys that work in the model's current state, and
// only those: a key the bar shows must do something now.
func (m *model) helpBindings() []binding {
	switch {
	case m.tooSmall():
		return []binding{{keyQuit, "quit"}}
	case m.resume != nil:
		return []binding{{"y", "resume"}, {"n", "start afresh"}, {keyQuit, "quit"}}
	case m.confirm != nil:
		return []binding{{"y", "replace"}, {"n", "cancel"}}
	case m.onReview():
		b := []binding{{"c", "copy"}}
		if d := m.previewDoc(); d != nil && len(d.Policy.Added()) > 0 {
			b = append(b, binding{"y", "copy statements"})
		}
		b = append(b, binding{"s", "save " + string(m.format)}, binding{"f", "format"}, binding{"tab", "next tab"}, binding{"↑↓", "scroll"}, binding{keyBackStep, "back"}, binding{"q", "finish"})
		return b
	}
	var b []binding
	q := m.focusedQuestion()
	switch q.Kind {
	case wizard.KindChoice, wizard.KindBool:
		b = append(b, binding{"↑↓", "choose"})
	case wizard.KindMulti:
		b = append(b, binding{"↑↓", "move"}, binding{"space", "toggle"})
	}
	b = append(b, binding{"enter", "next"})
	if m.step > 0 || m.field > 0 {
		b = append(b, binding{keyBack, "back"})
	}
	if m.step > 0 {
		b = append(b, binding{keyBackStep, "prev step"})
	}
	if m.canCopy() {
		b = append(b, binding{keyCopy, "copy"})
	}
	if m.valid() {
		b = append(b, binding{keySave, "save"})
	}
	if len(m.previewDocs()) > 1 {
		b = append(b, binding{"ctrl+n/p", "next/prev doc"})
	}
	if m.previewOverflows() {
		b = append(b, binding{"pgup/pgdn", "scroll"})
	}
	return append(b, binding{keyQuit, "quit"})
}
