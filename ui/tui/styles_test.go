package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// sgrColour matches SGR parameters that set a colour: 30–37, 38;…, 39 is a
// reset and allowed; 40–48, 90–97, 100–107.
var sgrColour = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

// Plain (the launcher sets it for NO_COLOR) draws without colour.
func TestNoColor(t *testing.T) {
	for _, plain := range []bool{true, false} {
		a := completeAnswers()
		m := New(Options{Answers: a, Preset: map[string]bool{"setup": true}, Plain: plain})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		m.goToField("bucket")
		s := m.render()
		coloured := sgrColour.MatchString(s)
		if plain && coloured {
			t.Errorf("NO_COLOR screen has colour: %q", sgrColour.FindString(s))
		}
		if !plain && !coloured {
			t.Errorf("colour screen has no colour")
		}
		// Without colour the marked statement still shows: the gutter bar.
		if !strings.Contains(s, "▌") {
			t.Errorf("plain=%v: no gutter bar for the marked statement", plain)
		}
	}
}
