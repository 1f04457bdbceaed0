package cli

// The accessible mode's prompts: a numbered single choice, a numbered
// multiple choice, and the line reader and plain writer they use.

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/wizard"
)

// askChoice asks a single-choice question by number. huh's accessible
// Select panics on a number out of range or on input that ends after a
// wrong answer; this one says what was wrong, asks again, and stops with
// errInputEnded when the input ends.
func askChoice(w io.Writer, r *lineReader, title string, opts []wizard.Option, cur string) (string, error) {
	def := 0
	for i, o := range opts {
		if o.Value == cur {
			def = i
		}
	}
	fmt.Fprintln(w, title)
	for i, o := range opts {
		mark := ""
		if i == def {
			mark = " (current)"
		}
		fmt.Fprintf(w, "%d. %s%s\n", i+1, o.Label, mark)
	}
	for {
		fmt.Fprintf(w, "Type a number from 1 to %d, or just Enter for %d: ", len(opts), def+1)
		line, eof := r.readLine()
		line = strings.TrimSpace(line)
		if eof && line == "" {
			fmt.Fprintln(w)
			return "", errInputEnded
		}
		if line == "" {
			return opts[def].Value, nil
		}
		if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(opts) {
			fmt.Fprintf(w, "Chose %d: %s.\n", n, opts[n-1].Label)
			return opts[n-1].Value, nil
		}
		fmt.Fprintf(w, "%q is not a number from 1 to %d; nothing chosen yet.\n", line, len(opts))
		if eof {
			return "", errInputEnded
		}
	}
}

// errInputEnded stops the prompts when stdin ends before the last answer.
var errInputEnded = errors.New("input ended before every question was answered")

// askMulti asks a multiple-choice question. huh's accessible multi-select
// starts with the current answers ticked and toggles whatever number is
// typed, without saying so, and loops forever when the input ends; this
// one says what typing a number does and what is ticked after each change.
func askMulti(w io.Writer, r *lineReader, title string, opts []wizard.Option, cur []string) ([]string, error) {
	ticked := make([]bool, len(opts))
	for i, o := range opts {
		ticked[i] = slices.Contains(cur, o.Value)
	}
	fmt.Fprintln(w, title)
	for {
		for i, o := range opts {
			box := "[ ]"
			if ticked[i] {
				box = "[x] (ticked)"
			}
			fmt.Fprintf(w, "%d. %s %s\n", i+1, box, o.Label)
		}
		fmt.Fprintf(w, "Type a number from 1 to %d to tick or untick it, or 0 (or just Enter) to confirm the ticked ones: ", len(opts))
		line, eof := r.readLine()
		line = strings.TrimSpace(line)
		if eof && line == "" {
			fmt.Fprintln(w)
			return nil, errInputEnded
		}
		n, err := strconv.Atoi(line)
		if line == "" {
			n, err = 0, nil
		}
		switch {
		case err != nil || n < 0 || n > len(opts):
			fmt.Fprintf(w, "%q is not a number from 0 to %d; nothing changed.\n", line, len(opts))
		case n == 0:
			var v []string
			for i, o := range opts {
				if ticked[i] {
					v = append(v, o.Value)
				}
			}
			if len(v) > 0 {
				return v, nil
			}
			fmt.Fprintln(w, "Nothing is ticked: tick at least one before confirming.")
		default:
			ticked[n-1] = !ticked[n-1]
			what := "Ticked"
			if !ticked[n-1] {
				what = "Unticked"
			}
			fmt.Fprintf(w, "%s %d: %s.\n", what, n, opts[n-1].Label)
		}
		if eof {
			return nil, errInputEnded
		}
	}
}

// lineReader hands huh one byte at a time. huh starts a new bufio.Scanner
// for every prompt; from a pipe, a scanner with a larger read would swallow
// the answers to the next questions.
type lineReader struct {
	r   io.Reader
	eof bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	n, err := l.r.Read(p)
	if err == io.EOF {
		l.eof = true
	}
	return n, err
}

// readLine reads up to a newline, one byte at a time like huh does.
func (l *lineReader) readLine() (string, bool) {
	var b strings.Builder
	var c [1]byte
	for {
		n, err := l.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), false
			}
			b.WriteByte(c[0])
		}
		if err != nil {
			return b.String(), true
		}
	}
}

// plainWriter drops ANSI escape sequences from what it writes.
type plainWriter struct{ w io.Writer }

func (p plainWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, ansi.Strip(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
