package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

// Keys. Each state of the wizard (too small, resume offer, replace
// question, a step's form, the review) has one keymap of key.Bindings:
// Update acts only on a key that matches one of the state's enabled
// bindings, and the help bar is drawn from the same keymap's ShortHelp, so
// the bar cannot show a key that does nothing. A binding without help is
// matched but not shown (l and h beside → and ←); a state's bar lists, in
// order of importance, only the bindings worth showing now. Keys are
// spelled as tea.KeyPressMsg.String() spells them.

// bind makes a binding: the help bar shows helpKey and desc ("" for a key
// that is matched but not shown), and keys are what it matches.
func bind(helpKey, desc string, keys ...string) key.Binding {
	opts := []key.BindingOpt{key.WithKeys(keys...)}
	if helpKey != "" {
		opts = append(opts, key.WithHelp(helpKey, desc))
	}
	return key.NewBinding(opts...)
}

// enabled is b, enabled or disabled.
func enabled(b key.Binding, on bool) key.Binding {
	b.SetEnabled(on)
	return b
}

// bar is the part of a keymap the help bar draws: the bindings to show now,
// most important first, computed only when the bar is drawn.
type bar func() []key.Binding

func (b bar) ShortHelp() []key.Binding  { return b() }
func (b bar) FullHelp() [][]key.Binding { return [][]key.Binding{b()} }

// quitKey works in every state.
var quitKey = bind("ctrl+c", "quit", "ctrl+c")

// helpKey opens the overlay of every key: ? where it cannot be an answer's
// character (a choice, the review), f1 everywhere.
func helpKey(text bool) key.Binding {
	if text {
		return bind("f1", "all keys", "f1")
	}
	return bind("?", "all keys", "?", "f1")
}

// overlayKeys: the overlay of every key; any key closes it.
type overlayKeys struct {
	bar
	ScrollDown, ScrollUp, Quit key.Binding
}

// tooSmallKeys: only quitting works while the terminal is too small.
type tooSmallKeys struct {
	bar
	Quit key.Binding
}

// resumeKeys answer the offer to resume the last session.
type resumeKeys struct {
	bar
	Resume, Afresh, Quit key.Binding
}

// confirmKeys answer the question before replacing files.
type confirmKeys struct {
	bar
	Replace, Subfolder, Cancel, Quit key.Binding
}

// finishKeys answer "save before finishing?".
type finishKeys struct {
	bar
	Save, Folder, Format, Discard, Stay, Quit key.Binding
}

// folderKeys edit the output folder; other keys type into it.
type folderKeys struct {
	bar
	Accept, Cancel, Quit key.Binding
}

// docKeys work on every step and on the review: the previewed document and
// saving.
type docKeys struct {
	Copy, Save, NextDoc, PrevDoc, PageDown, PageUp, Quit key.Binding
}

// formKeys are a step's keys: moving between questions and steps, and the
// keys of the focused question's kind. Keys no binding matches type into
// a text question.
type formKeys struct {
	bar
	docKeys
	FormPage, Next, Back, BackStep, Help key.Binding
	// a choice or yes/no question
	ChoicePrev, ChoiceNext, Yes, No key.Binding
	// a multiple-choice question
	CursorUp, CursorDown, Toggle key.Binding
}

// reviewKeys are the review's: tabs, copying, saving and finishing.
type reviewKeys struct {
	bar
	docKeys
	CopyDoc, CopyStatements, SaveAs, Format, Folder, NextTab, PrevTab, Details, ScrollDown, ScrollUp, Back, Finish, Help key.Binding
	GoStep, GoBasics, Explain                                                                                            key.Binding
}

var (
	_ help.KeyMap = formKeys{}
	_ help.KeyMap = reviewKeys{}
)

// keyMap is the keymap of the model's current state.
func (m *Model) keyMap() help.KeyMap {
	switch {
	case m.tooSmall():
		return tooSmallKeys{bar: func() []key.Binding { return []key.Binding{quitKey} }, Quit: quitKey}
	case m.resume != nil:
		k := resumeKeys{Resume: bind("y", "resume", "y", "Y", "enter"), Afresh: bind("n", "start afresh", "n", "N", "esc"), Quit: quitKey}
		k.bar = func() []key.Binding { return []key.Binding{k.Resume, k.Afresh, k.Quit} }
		return k
	case m.folder != nil:
		return m.folderKeysMap()
	case m.confirm != nil:
		k := confirmKeys{Replace: bind("y", "replace", "y", "Y"), Cancel: bind("n", "cancel", "n", "N", "esc", "q"), Quit: quitKey,
			Subfolder: enabled(bind("s", "save into "+string(m.format)+"/", "s"), len(m.confirm.others) > 0)}
		if len(m.confirm.existing) == 0 {
			k.Replace = bind("y", "save here", "y", "Y")
		}
		k.bar = func() []key.Binding {
			if k.Subfolder.Enabled() {
				return []key.Binding{k.Subfolder, k.Replace, k.Cancel}
			}
			return []key.Binding{k.Replace, k.Cancel}
		}
		return k
	case m.finishing:
		return m.finishKeysMap()
	case m.overlay:
		over := m.overlayOverflows()
		k := overlayKeys{Quit: quitKey, ScrollDown: enabled(bind("↑↓", "scroll", "down", "j", "pgdown"), over),
			ScrollUp: enabled(bind("", "", "up", "k", "pgup"), over)}
		k.bar = func() []key.Binding {
			if over {
				return []key.Binding{k.ScrollDown, bind("any other key", "close", "?"), k.Quit}
			}
			return []key.Binding{bind("any key", "close", "?"), k.Quit}
		}
		return k
	case m.onReview() && m.ex.open:
		return m.explainKeys()
	case m.onReview():
		return m.reviewKeys()
	}
	return m.formKeys()
}

func (m *Model) folderKeysMap() folderKeys {
	k := folderKeys{Accept: bind("enter", "use this folder", "enter"), Cancel: bind("esc", "cancel", "esc"), Quit: quitKey}
	k.bar = func() []key.Binding { return []key.Binding{k.Accept, k.Cancel, k.Quit} }
	return k
}

func (m *Model) finishKeysMap() finishKeys {
	k := finishKeys{Save: bind("y", "save and finish", "y", "Y", "enter"), Folder: bind("o", "change folder", "o"),
		Format: bind("f", "format", "f"), Discard: bind("n", "finish without saving", "n", "N"),
		Stay: bind("esc", "back to the review", "esc"), Quit: quitKey}
	k.bar = func() []key.Binding { return []key.Binding{k.Save, k.Folder, k.Format, k.Discard, k.Stay, k.Quit} }
	return k
}

func (m *Model) docKeys() docKeys {
	return docKeys{
		Copy:     bind("ctrl+y", "copy", "ctrl+y"),
		Save:     bind("ctrl+s", "save", "ctrl+s"),
		NextDoc:  bind("ctrl+n/p", "next/prev doc", "ctrl+n"),
		PrevDoc:  bind("", "", "ctrl+p"),
		PageDown: bind("pgup/pgdn", "scroll", "pgdown"),
		PageUp:   bind("", "", "pgup"),
		Quit:     quitKey,
	}
}

func (m *Model) formKeys() formKeys {
	q := m.focusedQuestion()
	choice := q.Kind == wizard.KindChoice || q.Kind == wizard.KindBool
	multi := q.Kind == wizard.KindMulti
	k := formKeys{
		docKeys:    m.docKeys(),
		FormPage:   bind("ctrl+o", "all notes", "ctrl+o"),
		Next:       bind("enter", "next", "enter", "tab"),
		Back:       bind("shift+tab", "back", "shift+tab"),
		BackStep:   bind("esc", "previous step", "esc"),
		Help:       helpKey(q.Kind == wizard.KindText || q.Kind == wizard.KindList),
		ChoicePrev: enabled(bind("↑↓", "choose", "up", "left"), choice),
		ChoiceNext: enabled(bind("←→ space", "choose", "down", "right", "space"), choice),
		// Only these change a choice: a letter typed by mistake (the start
		// of an answer to the next question) must not switch it unseen.
		Yes:        enabled(bind("y", "yes, on a yes/no question", "y"), q.Kind == wizard.KindBool),
		No:         enabled(bind("n", "no, on a yes/no question", "n"), q.Kind == wizard.KindBool),
		CursorUp:   enabled(bind("↑↓", "move", "up", "k"), multi),
		CursorDown: enabled(bind("", "", "down", "j"), multi),
		Toggle:     enabled(bind("space", "toggle", "space", "x"), multi),
	}
	k.bar = func() []key.Binding {
		if m.formPage > 0 {
			// The notes pager: ctrl+o pages on, any other key closes it
			// and does nothing else (navigate.go).
			return []key.Binding{bind("ctrl+o", "next page", "ctrl+o"), bind("any other key", "close", "?"), quitKey}
		}
		var b []key.Binding
		switch {
		case choice:
			b = append(b, k.ChoicePrev)
		case multi:
			b = append(b, k.CursorUp, k.Toggle)
		}
		b = append(b, k.Next)
		if m.step > 0 || m.field > 0 {
			b = append(b, k.Back)
		}
		if m.step > 0 {
			b = append(b, k.BackStep)
		}
		if m.formOverflow {
			b = append(b, k.FormPage)
		}
		if m.canCopy() {
			b = append(b, k.Copy)
		}
		if m.valid() {
			b = append(b, k.Save)
		}
		if len(m.previewDocs()) > 1 {
			b = append(b, k.NextDoc)
		}
		if m.previewOverflows() {
			b = append(b, k.PageDown)
		}
		if m.step > 0 {
			// Not on the first screen, which stays as it was; ? works there too.
			b = append(b, k.Help)
		}
		return append(b, k.Quit)
	}
	return k
}

func (m *Model) reviewKeys() reviewKeys {
	d := m.previewDoc()
	details := "show details"
	if m.details {
		details = "show document"
	}
	k := reviewKeys{
		docKeys:        m.docKeys(),
		CopyDoc:        bind("c", "copy document", "c"),
		CopyStatements: bind("y", "copy statements", "y"),
		SaveAs:         bind("s", "save "+string(m.format), "s"),
		Format:         bind("f", "format", "f"),
		Folder:         bind("o", "change the output folder", "o"),
		NextTab:        bind("tab", "next tab", "tab", "right", "l"),
		PrevTab:        bind("shift+tab", "previous tab", "shift+tab", "left", "h"),
		Details:        enabled(bind("d", details, "d"), d != nil),
		ScrollDown:     bind("↑↓", "scroll", "down", "j"),
		ScrollUp:       bind("", "", "up", "k"),
		Back:           bind("esc", "back to the steps", "esc"),
		Finish:         bind("q", "finish", "q"),
		Explain:        enabled(bind("e", "explain error", "e"), m.ex.run != nil),
		Help:           helpKey(false),
		GoStep:         bind(fmt.Sprintf("1-%d", m.numberedSteps()), "go to step", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		GoBasics:       bind("b", "basics", "b"),
	}
	k.bar = func() []key.Binding {
		var b []key.Binding
		if d != nil {
			b = append(b, k.CopyDoc)
			if len(d.Policy.Added()) > 0 {
				b = append(b, k.CopyStatements)
			}
		}
		b = append(b, k.SaveAs, k.Format, k.NextTab) // o (folder): on the finish screen and in the ? list
		if d != nil && (m.details || !m.sideBySide() || m.infoOverflows()) {
			b = append(b, k.Details)
		}
		if m.reviewOverflows() {
			b = append(b, k.ScrollDown)
		}
		if k.Explain.Enabled() {
			b = append(b, k.Explain)
		}
		return append(b, k.Back, k.Finish, k.Help, k.Quit)
	}
	return k
}

// numberedSteps is how many steps have a number ("Step 2 of 4").
func (m *Model) numberedSteps() int {
	_, of := wizard.Numbering(m.steps, 0)
	return of
}

// matches reports whether the key is one of the enabled bindings.
func matches(msg tea.KeyPressMsg, b ...key.Binding) bool { return key.Matches(msg, b...) }

// shortDescs are the descriptions a narrow help bar uses instead.
var shortDescs = map[string]string{
	"start afresh":          "afresh",
	"copy document":         "copy",
	"copy statements":       "copy stmts",
	"next tab":              "next",
	"show details":          "details",
	"show document":         "document",
	"back to the steps":     "steps",
	"back to the review":    "review",
	"save and finish":       "save",
	"finish without saving": "don't save",
	"change folder":         "folder",
	"use this folder":       "use",
	"previous step":         "step",
	"all notes":             "notes",
	"next/prev doc":         "doc",
	"all keys":              "keys",
	"go to step":            "step",
	"explain error":         "explain",
}

// shortKey spells a key the short way for a narrow help bar.
func shortKey(k string) string {
	switch {
	case k == "shift+tab":
		return "S-tab"
	case k == "pgup/pgdn":
		return "pgup/dn"
	case strings.HasPrefix(k, "ctrl+"):
		return "^" + strings.ReplaceAll(strings.TrimPrefix(k, "ctrl+"), "/", "/^")
	}
	return k
}

// helpEntry is one entry of the help bar, in its long and short forms.
type helpEntry struct{ key, desc, shortKey, shortDesc string }

// helpEntries are the bar's entries: the enabled bindings with help of the
// current keymap's ShortHelp.
func (m *Model) helpEntries() []helpEntry {
	var out []helpEntry
	for _, b := range m.keyMap().ShortHelp() {
		h := b.Help()
		if !b.Enabled() || h.Key == "" {
			continue
		}
		e := helpEntry{key: h.Key, desc: h.Desc, shortKey: shortKey(h.Key), shortDesc: h.Desc}
		if s, ok := shortDescs[h.Desc]; ok {
			e.shortDesc = s
		}
		out = append(out, e)
	}
	return out
}
