package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Strings is a policy value that AWS accepts either as a single string or as
// a list of strings ("Action": "s3:GetObject" and "Action": ["s3:GetObject"]
// mean the same). It marshals a single value as a plain string and more than
// one as a list, which is how the AWS documentation writes them.
type Strings []string

// MarshalJSON writes one value as a string and several as a list.
func (s Strings) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]string(s))
}

// UnmarshalJSON accepts a string or a list of strings.
func (s *Strings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = Strings{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("expected a string or a list of strings, got %s", abbreviate(b))
	}
	*s = many
	return nil
}

// List is a Strings that always marshals as a JSON list, even with one value.
// permwiz writes Action this way so that a user who adds an action to a
// generated policy edits a list rather than turning a string into one.
type List []string

// MarshalJSON always writes a list.
func (l List) MarshalJSON() ([]byte, error) { return json.Marshal([]string(l)) }

// UnmarshalJSON accepts a string or a list of strings.
func (l *List) UnmarshalJSON(b []byte) error {
	var s Strings
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*l = List(s)
	return nil
}

func abbreviate(b []byte) string {
	const max = 40
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// Printable returns s as it may be echoed to a terminal: every control
// character (C0 including CR, LF and ESC, DEL, C1), every Unicode
// bidirectional override or isolate (which reorder what follows them on
// screen), the line and paragraph separators, and every byte that is not
// UTF-8 are written as Go escapes (\x1b, \r, \n, \u202e, \xff), so a value
// read from a file or a flag cannot move the cursor, recolour, retitle or
// rewrite the terminal, or forge a line of output. Printable text is
// returned as it is, without allocating.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if !printableRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && !printableRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case !printableRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func printableRune(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return false // also U+FFFD itself: cheaper than telling them apart, and rare
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return false
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return false
	case r == 0x2028, r == 0x2029:
		return false
	}
	return true
}
