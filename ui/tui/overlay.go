package tui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// The ? overlay lists every key, read from the keymaps themselves: every
// binding with help of each state's keymap, in the order the keymap
// declares them, enabled or not, so that the list cannot drift from what
// the keys do nor miss one (e on the review). It never drops a row: one
// column where it fits, two where it does not, and ↑↓ scroll the rest.

type overlaySection struct {
	title string
	keys  []key.Binding
}

// bindingsOf lists the key.Binding fields of a keymap struct that have
// help, in declaration order, but for the fields named in skip (the
// embedded docKeys, the bar, are not bindings and are never listed).
func bindingsOf(km any, skip ...string) []key.Binding {
	v := reflect.ValueOf(km)
	bt := reflect.TypeFor[key.Binding]()
	var out []key.Binding
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Type != bt || slices.Contains(skip, f.Name) {
			continue
		}
		b := v.Field(i).Interface().(key.Binding)
		if b.Help().Key == "" {
			continue
		}
		out = append(out, b)
	}
	return out
}

// overlaySections are the keymaps' bindings with help, by where they work.
func (m *Model) overlaySections() []overlaySection {
	f := m.formKeys()
	r := m.reviewKeys()
	r.Explain = enabled(r.Explain, true)
	fin := m.finishKeysMap()
	ex := m.explainKeys()
	fo := m.folderKeysMap()
	return []overlaySection{
		{"On a step", bindingsOf(f, "Help")},
		{"The preview, on a step and the review", bindingsOf(f.docKeys, "Quit")},
		{"On the review", bindingsOf(r, "Help")},
		{"Explaining an AWS error (e)", bindingsOf(ex, "Quit")},
		{"Finishing with unsaved work", bindingsOf(fin, "Quit")},
		{"Changing the output folder (o)", bindingsOf(fo, "Quit")},
		{"Everywhere", []key.Binding{bind("? or f1", "this list (f1 where ? would be typed)", "?"), quitKey}},
	}
}

// overlayLines are the overlay's rows below its title: in one column of
// the screen's width where they fit the body, else in two.
func (m *Model) overlayLines() []string {
	secs := m.overlaySections()
	kw := 0
	for _, sec := range secs {
		for _, b := range sec.keys {
			kw = max(kw, ansi.StringWidth(b.Help().Key))
		}
	}
	build := func(w int) []string {
		var lines []string
		for _, sec := range secs {
			lines = append(lines, m.st.labelFocus.Render(sec.title))
			for _, b := range sec.keys {
				h := b.Help()
				pad := strings.Repeat(" ", kw-ansi.StringWidth(h.Key))
				lines = append(lines, hanging(m.st.value, fmt.Sprintf("  %s%s  ", h.Key, pad), h.Desc, w)...)
			}
		}
		return lines
	}
	lines := build(m.width)
	if len(lines)+1 <= m.bodyHeight() {
		return lines
	}
	// Two columns where one is too long.
	cw := m.width/2 - 1
	lines = build(cw)
	half := (len(lines) + 1) / 2
	out := make([]string, 0, half)
	for i := 0; i < half; i++ {
		l := lines[i]
		l += strings.Repeat(" ", max(cw+2-ansi.StringWidth(l), 0))
		if i+half < len(lines) {
			l += lines[i+half]
		}
		out = append(out, l)
	}
	return out
}

// overlayRoom is how many of the overlay's rows the body shows at once.
func (m *Model) overlayRoom() int { return max(m.bodyHeight()-1, 1) }

// overlayOverflows reports whether ↑↓ scroll the overlay.
func (m *Model) overlayOverflows() bool { return len(m.overlayLines()) > m.overlayRoom() }

func (m *Model) renderOverlay() string {
	head := m.st.title.Render("Keys") + m.st.dim.Render(" · any other key closes this")
	lines := m.overlayLines()
	h := m.overlayRoom()
	if len(lines) <= h {
		return head + "\n" + strings.Join(lines, "\n")
	}
	// Still too long (80×24 with a long status): a window of rows, and
	// where it is in place of its last row.
	h = max(h-1, 1)
	m.overlayScroll = min(max(m.overlayScroll, 0), len(lines)-h)
	end := m.overlayScroll + h
	out := append([]string{head}, lines[m.overlayScroll:end]...)
	out = append(out, m.st.dim.Render(fmt.Sprintf("rows %d–%d of %d · ↑↓ scroll", m.overlayScroll+1, end, len(lines))))
	return strings.Join(out, "\n")
}
