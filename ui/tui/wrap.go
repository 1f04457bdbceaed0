package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// wrapWords wraps plain text to w cells, breaking only at spaces: region
// codes, names, ARNs and URLs stay whole (a broken one is useless when
// copied). A word longer than the line (a long URL) gets a line of its
// own; the caller's fitting truncates such a line with "…".
func wrapWords(text string, w int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		flush := func() {
			if line != "" {
				out = append(out, line)
				line = ""
			}
		}
		for _, word := range strings.Fields(para) {
			if line != "" && ansi.StringWidth(line)+1+ansi.StringWidth(word) > w {
				flush()
			}
			if line == "" {
				line = word
			} else {
				line += " " + word
			}
		}
		if line == "" && len(out) > 0 && para == "" {
			out = append(out, "")
		}
		flush()
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// wrapStyled wraps text at spaces and styles each line.
func wrapStyled(st lipgloss.Style, text string, w int) []string {
	lines := wrapWords(text, max(w, 10))
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// wrapCommand wraps a shell command to w cells at spaces outside quotes,
// ending each broken line with " \\" so that the copied lines still run as
// one command; the following lines are indented. A token longer than the
// line (an ARN, a file:// path) stays whole on a line of its own.
func wrapCommand(cmd string, w int) []string {
	var tokens []string
	var b strings.Builder
	var quote rune
	for _, r := range cmd {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == ' ':
			if b.Len() > 0 {
				tokens = append(tokens, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		tokens = append(tokens, b.String())
	}
	const cont, indent = " \\", "    "
	var out []string
	line := ""
	for i, t := range tokens {
		last := i == len(tokens)-1
		next := t
		if line != "" {
			next = line + " " + t
		}
		room := w
		if !last {
			room -= len(cont)
		}
		if line == "" || ansi.StringWidth(next) <= room {
			line = next
			continue
		}
		out = append(out, line+cont)
		line = indent + t
	}
	return append(out, line)
}
