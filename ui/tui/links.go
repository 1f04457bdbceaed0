package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// linkLines shows a URL whole in lines of at most w cells: broken after a
// "/" (or, for a part longer than a line, anywhere), never cut with "…",
// so that it can be read and typed. Each line is an OSC 8 hyperlink to the
// whole URL, so a terminal that has them opens the page from any line.
func (m *Model) linkLines(url string, w int) []string {
	w = max(w, 10)
	var lines []string
	rest := url
	for len(rest) > w {
		cut := strings.LastIndex(rest[:w], "/") + 1
		if cut < w/2 {
			cut = w
		}
		lines = append(lines, rest[:cut])
		rest = rest[cut:]
	}
	if rest != "" {
		lines = append(lines, rest)
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
