package tui

import (
	"github.com/charmbracelet/x/ansi"
)

// linkLines shows a URL whole in lines of at most w cells: broken after a
// "/" (or, for a part longer than a line, after a "-" or "." of it:
// breakToken), never cut with "…",
// so that it can be read and typed. Each line is an OSC 8 hyperlink to the
// whole URL, so a terminal that has them opens the page from any line.
func (m *Model) linkLines(url string, w int) []string {
	w = max(w, 10)
	var lines []string
	if url != "" {
		lines = breakToken(url, w)
	}
	for i, l := range lines {
		l = m.st.source.Render(l)
		if !m.noOSC8 {
			l = ansi.SetHyperlink(url) + l + ansi.ResetHyperlink()
		}
		lines[i] = l
	}
	return lines
}
