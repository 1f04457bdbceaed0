package ui

import (
	"strings"

	"permwiz/wizard"
)

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
	keyFormPage = "ctrl+o"
	keyDetails  = "d" // review, narrow: the document's details instead of its JSON
)

// binding is one entry of the help bar; short is the description when
// room is short ("" keeps desc).
type binding struct{ key, desc, short string }

func (b binding) shortDesc() string {
	if b.short != "" {
		return b.short
	}
	return b.desc
}

// shortKey spells a key the short way for a narrow help bar.
func shortKey(k string) string {
	switch {
	case k == keyBack:
		return "S-tab"
	case k == "pgup/pgdn":
		return "pgup/dn"
	case strings.HasPrefix(k, "ctrl+"):
		return "^" + strings.ReplaceAll(strings.TrimPrefix(k, "ctrl+"), "/", "/^")
	}
	return k
}

// helpBindings lists the keys that work in the model's current state, and
// only those: a key the bar shows must do something now. The most
// important come first: when room is short the bar drops from the end.
func (m *model) helpBindings() []binding {
	switch {
	case m.tooSmall():
		return []binding{{keyQuit, "quit", ""}}
	case m.resume != nil:
		return []binding{{"y", "resume", ""}, {"n", "start afresh", "afresh"}, {keyQuit, "quit", ""}}
	case m.confirm != nil:
		return []binding{{"y", "replace", ""}, {"n", "cancel", ""}}
	case m.onReview():
		var b []binding
		if m.previewDoc() != nil {
			b = append(b, binding{"c", "copy document", "copy"})
			if len(m.previewDoc().Policy.Added()) > 0 {
				b = append(b, binding{"y", "copy statements", "copy stmts"})
			}
		}
		b = append(b, binding{"s", "save " + string(m.format), ""}, binding{"f", "format", ""}, binding{"tab", "next tab", "next"})
		if m.previewDoc() != nil && (m.details || !m.sideBySide() || m.infoOverflows()) {
			what := "details"
			if m.details {
				what = "document"
			}
			b = append(b, binding{keyDetails, "show " + what, what})
		}
		if m.reviewOverflows() {
			b = append(b, binding{"↑↓", "scroll", ""})
		}
		return append(b, binding{keyBackStep, "back to the steps", "steps"}, binding{"q", "finish", ""}, binding{keyQuit, "quit", ""})
	}
	var b []binding
	q := m.focusedQuestion()
	switch q.Kind {
	case wizard.KindChoice, wizard.KindBool:
		b = append(b, binding{"↑↓", "choose", ""})
	case wizard.KindMulti:
		b = append(b, binding{"↑↓", "move", ""}, binding{"space", "toggle", ""})
	}
	b = append(b, binding{"enter", "next", ""})
	if m.step > 0 || m.field > 0 {
		b = append(b, binding{keyBack, "back", ""})
	}
	if m.step > 0 {
		b = append(b, binding{keyBackStep, "previous step", "step"})
	}
	if m.formOverflow {
		b = append(b, binding{keyFormPage, "all notes", "notes"})
	}
	if m.canCopy() {
		b = append(b, binding{keyCopy, "copy", ""})
	}
	if m.valid() {
		b = append(b, binding{keySave, "save", ""})
	}
	if len(m.previewDocs()) > 1 {
		b = append(b, binding{"ctrl+n/p", "next/prev doc", "doc"})
	}
	if m.previewOverflows() {
		b = append(b, binding{"pgup/pgdn", "scroll", ""})
	}
	return append(b, binding{keyQuit, "quit", ""})
}
