package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// wrapWords wraps plain text to w cells, breaking at spaces: region codes,
// names, ARNs and URLs stay whole where they fit. A word longer than the
// line (a long URL or ARN) is broken by breakToken, never cut with "…":
// it is what the user copies.
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
			if ansi.StringWidth(word) > w {
				pieces := breakToken(word, w)
				out = append(out, pieces[:len(pieces)-1]...)
				word = pieces[len(pieces)-1]
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
// line (an ARN, a file:// path) is broken by breakToken, each piece but the
// last ending with "\\" and the next starting at the line's first column:
// the shell joins the pieces into the one word again (not inside single
// quotes, where no token of permwiz's commands is that long).
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
		if line == "" && ansi.StringWidth(t) <= room || line != "" && ansi.StringWidth(next) <= room {
			line = next
			continue
		}
		if line != "" {
			out = append(out, line+cont)
			line = indent
		}
		if ansi.StringWidth(line)+ansi.StringWidth(t) <= room {
			line += t
			continue
		}
		// Too long for any line: pieces ending in "\\", the first after
		// the indent.
		first := tokenCut([]rune(t), max(w-ansi.StringWidth(line)-1, 4))
		out = append(out, line+string([]rune(t)[:first])+"\\")
		pieces := breakToken(string([]rune(t)[first:]), w-1)
		for _, p := range pieces[:len(pieces)-1] {
			out = append(out, p+"\\")
		}
		line = pieces[len(pieces)-1]
	}
	return append(out, line)
}

// breakToken breaks a token wider than w cells (an ARN, a URL, a key ID)
// into pieces of at most w cells, at the most natural boundary it can: after
// a "/" in the second half of the piece, else after a ":" or ",", else after
// a "-", "." or "_", else after any of them past the first quarter, and only
// for a token with none of them, after w cells. A piece is never cut with
// "…" and never broken in the middle of a word that has a boundary.
func breakToken(s string, w int) []string {
	w = max(w, 4)
	r := []rune(s)
	var out []string
	for len(r) > w {
		cut := tokenCut(r, w)
		out = append(out, string(r[:cut]))
		r = r[cut:]
	}
	return append(out, string(r))
}

// tokenCut is where breakToken ends a piece of r, at most w runes.
func tokenCut(r []rune, w int) int {
	tiers := []struct {
		after string
		min   int
	}{{"/", w / 2}, {":,", w / 2}, {"-._", w / 2}, {"/:,-._", w / 4}}
	for _, t := range tiers {
		for j := w; j > max(t.min, 1); j-- {
			if strings.ContainsRune(t.after, r[j-1]) {
				return j
			}
		}
	}
	return w
}

// commandLines wraps a shell command to w cells behind pad (the first
// line) and its continuation lines: see wrapCommand. A piece of a token
// broken over lines is not padded, so the copied lines still run.
func commandLines(cmd, pad string, w int) []string {
	lines := wrapCommand(cmd, w-len(pad))
	for i, l := range lines {
		if i == 0 || strings.HasPrefix(l, " ") {
			lines[i] = pad + l
		}
	}
	return lines
}
