package policy

import (
	"bytes"
	"unicode/utf8"
)

// JSON returns the document as indented JSON with a trailing newline: the
// form permwiz prints and saves. Element order is fixed (Version, Id,
// Statement; Sid, Effect, Principal, …, Condition), so the same document
// always gives the same bytes.
func (d *Document) JSON() []byte { return d.encode(true) }

// Compact returns the document as JSON without insignificant white space:
// the form whose size AWS counts against the byte limits of key and bucket
// policies.
func (d *Document) Compact() []byte { return d.encode(false) }

// StatementsJSON returns the statements as an indented JSON list: the
// snippet to paste into the Statement list of an existing policy.
func StatementsJSON(stmts []Statement) []byte {
	e := encoder{pretty: true, buf: make([]byte, 0, 256*len(stmts)+8)}
	e.open('[')
	for i := range stmts {
		e.item(i)
		e.statement(&stmts[i])
	}
	e.close(']', len(stmts))
	e.buf = append(e.buf, '\n')
	return e.buf
}

// MarshalJSON makes Document usable with encoding/json.
func (d Document) MarshalJSON() ([]byte, error) { return d.Compact(), nil }

// MarshalJSON makes Statement usable with encoding/json.
func (s Statement) MarshalJSON() ([]byte, error) {
	e := encoder{}
	e.statement(&s)
	return e.buf, nil
}

func (d *Document) encode(pretty bool) []byte { return d.encodeTo(pretty, nil) }

// encodeTo encodes the document and, when spans is not nil, records the
// line range of each statement in it (see JSONLines).
func (d *Document) encodeTo(pretty bool, spans []StatementSpan) []byte {
	e := encoder{pretty: pretty, buf: make([]byte, 0, estimate(d, pretty))}
	e.open('{')
	n := 0
	e.field(&n, "Version")
	e.str(d.Version)
	if d.ID != "" {
		e.field(&n, "Id")
		e.str(d.ID)
	}
	e.field(&n, "Statement")
	e.open('[')
	line, counted := 0, 0 // newlines counted in buf[:counted]
	lineAt := func(off int) int {
		line += bytes.Count(e.buf[counted:off], []byte{'\n'})
		counted = off
		return line
	}
	for i := range d.Statement {
		e.item(i)
		if spans != nil {
			spans[i].First = lineAt(len(e.buf))
		}
		e.statement(&d.Statement[i])
		if spans != nil {
			spans[i].Last = lineAt(len(e.buf))
		}
	}
	e.close(']', len(d.Statement))
	e.close('}', n)
	if pretty {
		e.buf = append(e.buf, '\n')
	}
	return e.buf
}

// estimate returns a buffer size the document's JSON fits in, so that the
// buffer is allocated once instead of growing (the preview encodes every
// document on every keystroke).
func estimate(d *Document, pretty bool) int {
	per := 8 // quotes, colon, comma
	if pretty {
		per = 40 // plus a newline and up to seven levels of indentation
	}
	n := 64 + len(d.ID)
	for i := range d.Statement {
		s := &d.Statement[i]
		n += 12*per + len(s.Sid)
		for _, l := range [][]string{s.Action, s.NotAction, s.Resource, s.NotResource} {
			for _, v := range l {
				n += len(v) + per
			}
		}
		for _, p := range []*Principal{s.Principal, s.NotPrincipal} {
			if p != nil {
				for _, l := range [][]string{p.AWS, p.CanonicalUser, p.Federated, p.Service} {
					for _, v := range l {
						n += len(v) + 2*per
					}
				}
			}
		}
		for _, c := range s.Condition {
			n += len(c.Operator) + len(c.Key) + 3*per
			for _, v := range c.Values {
				n += len(v) + per
			}
		}
	}
	return n
}

// encoder writes JSON by hand: it is several times faster than reflection,
// which matters because the wizard re-renders every document on every
// keystroke, and it fixes the element order without struct-tag tricks.
type encoder struct {
	buf    []byte
	pretty bool
	depth  int
}

// Indent is one level of indentation in the JSON permwiz writes: four
// spaces, as the AWS documentation indents policies.
const Indent = "    "

// indentSpaces covers eight levels of indentation in one append.
const indentSpaces = "                                "

func (e *encoder) newline() {
	if !e.pretty {
		return
	}
	n := e.depth * len(Indent)
	for n > len(indentSpaces) {
		e.buf = append(e.buf, indentSpaces...)
		n -= len(indentSpaces)
	}
	e.buf = append(e.buf, '\n')
	e.buf = append(e.buf, indentSpaces[:n]...)
}

func (e *encoder) open(c byte) {
	e.buf = append(e.buf, c)
	e.depth++
}

func (e *encoder) close(c byte, n int) {
	e.depth--
	if n > 0 {
		e.newline()
	}
	e.buf = append(e.buf, c)
}

// item starts the i-th element of a list.
func (e *encoder) item(i int) {
	if i > 0 {
		e.buf = append(e.buf, ',')
	}
	e.newline()
}

// field starts the next key of an object; n counts the keys written so far.
func (e *encoder) field(n *int, key string) {
	e.item(*n)
	*n++
	e.str(key)
	e.buf = append(e.buf, ':')
	if e.pretty {
		e.buf = append(e.buf, ' ')
	}
}

func (e *encoder) strings(s Strings) {
	if len(s) == 1 {
		e.str(s[0])
		return
	}
	e.list(s)
}

func (e *encoder) list(s []string) {
	e.open('[')
	for i, v := range s {
		e.item(i)
		e.str(v)
	}
	e.close(']', len(s))
}

func (e *encoder) statement(s *Statement) {
	e.open('{')
	n := 0
	if s.Sid != "" {
		e.field(&n, "Sid")
		e.str(s.Sid)
	}
	e.field(&n, "Effect")
	e.str(string(s.Effect))
	if s.Principal != nil {
		e.field(&n, "Principal")
		e.principal(s.Principal)
	}
	if s.NotPrincipal != nil {
		e.field(&n, "NotPrincipal")
		e.principal(s.NotPrincipal)
	}
	if len(s.Action) > 0 {
		e.field(&n, "Action")
		e.list(s.Action)
	}
	if len(s.NotAction) > 0 {
		e.field(&n, "NotAction")
		e.list(s.NotAction)
	}
	if len(s.Resource) > 0 {
		e.field(&n, "Resource")
		e.strings(s.Resource)
	}
	if len(s.NotResource) > 0 {
		e.field(&n, "NotResource")
		e.strings(s.NotResource)
	}
	if len(s.Condition) > 0 {
		e.field(&n, "Condition")
		e.condition(s.Condition)
	}
	e.close('}', n)
}

func (e *encoder) principal(p *Principal) {
	if p.Wildcard {
		e.str("*")
		return
	}
	e.open('{')
	n := 0
	for _, kv := range [...]struct {
		k string
		v Strings
	}{{"AWS", p.AWS}, {"CanonicalUser", p.CanonicalUser}, {"Federated", p.Federated}, {"Service", p.Service}} {
		if len(kv.v) > 0 {
			e.field(&n, kv.k)
			e.strings(kv.v)
		}
	}
	e.close('}', n)
}

func (e *encoder) condition(c Condition) {
	e.open('{')
	n := 0
	for _, op := range c.operators() {
		e.field(&n, op)
		e.open('{')
		m := 0
		for _, entry := range c {
			if entry.Operator == op {
				e.field(&m, entry.Key)
				e.strings(entry.Values)
			}
		}
		e.close('}', m)
	}
	e.close('}', n)
}

// str appends s as a JSON string. Non-ASCII text is kept as UTF-8 (policy
// documents accept Latin-1 at most, which lint reports separately).
func (e *encoder) str(s string) {
	e.buf = append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				e.buf = append(e.buf, s[start:i]...)
				e.buf = append(e.buf, `\ufffd`...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		e.buf = append(e.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			e.buf = append(e.buf, '\\', c)
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		default:
			e.buf = append(e.buf, `\u00`...)
			e.buf = append(e.buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		}
		i++
		start = i
	}
	e.buf = append(e.buf, s[start:]...)
	e.buf = append(e.buf, '"')
}
