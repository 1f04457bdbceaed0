package policy

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
)

// The fast path of Parse. Linting a directory of policies spends most of
// its time reading JSON, and the general path (parseChecked) reads every
// document several times over: once to validate it, once per level through
// json.RawMessage, and once more to look for duplicate member names. The
// fast path reads the bytes once, left to right, into the Document, and
// accepts only what it fully understands: a policy that is valid JSON,
// with no duplicate member, every element of the type the grammar wants.
// At the first thing that is not (a syntax error, an unknown element, a
// null, a duplicate, a value of the wrong type), it gives up and Parse
// runs the general path on the same bytes, which finds the problem and
// words the error exactly as before. So the fast path never decides what
// is an error, and never changes a message; FuzzParseFastAgrees checks
// that whatever it accepts, the general path accepts as the same Document.

// fastDec is a cursor over one JSON document.
type fastDec struct {
	b []byte
	i int
	// text is b as a string (a copy, or b's own memory when the caller
	// hands b over): the strings of the Document are slices of it, rather
	// than one allocation each.
	text string
	sc   *parseScratch
}

// parseScratch is where a document's statements and lists are read before
// they are copied into slices of their exact length (8,853 statements of
// 256 bytes over the AWS managed policies: growing the slices allocated
// 5.8 MB for 2.3 MB). It is kept from one document to the next.
type parseScratch struct {
	statements []Statement // len: as many as the document had
	list       []string
	listMax    int // the longest list the document had
}

var scratchPool = sync.Pool{New: func() any { return new(parseScratch) }}

// done returns the scratch to the pool, holding none of the document's
// strings.
func (sc *parseScratch) done() {
	clear(sc.statements)
	clear(sc.list[:sc.listMax])
	sc.statements, sc.list, sc.listMax = sc.statements[:0], sc.list[:0], 0
	scratchPool.Put(sc)
}

// parseFast decodes data (UTF-8, without a BOM), whose text is text, when
// it is a well-formed policy; ok is false otherwise, and then nothing about
// data is implied.
func parseFast(data []byte, text string) (d *Document, ok bool) {
	p := &fastDec{b: data, text: text, sc: scratchPool.Get().(*parseScratch)}
	defer p.sc.done()
	d = &Document{}
	var seen uint8
	const (
		hasVersion = 1 << iota
		hasID
		hasStatement
	)
	if !p.object(func(key []byte) bool {
		switch string(key) {
		case "Version":
			if seen&hasVersion != 0 {
				return false
			}
			seen |= hasVersion
			v, ok := p.str()
			if !ok || v != Version && v != "2008-10-17" {
				return false
			}
			d.Version = v
		case "Id":
			if seen&hasID != 0 {
				return false
			}
			seen |= hasID
			v, ok := p.str()
			if !ok {
				return false
			}
			d.ID = v
		case "Statement":
			if seen&hasStatement != 0 {
				return false
			}
			seen |= hasStatement
			switch p.peek() {
			case '{':
				d.Statement = make([]Statement, 1)
				return p.statement(&d.Statement[0])
			case '[':
				sts := p.sc.statements[:0]
				ok := p.array(func() bool {
					sts = append(sts, Statement{})
					return p.statement(&sts[len(sts)-1])
				})
				d.Statement = make([]Statement, len(sts))
				copy(d.Statement, sts)
				p.sc.statements = sts
				return ok
			}
			return false
		default:
			return false
		}
		return true
	}) {
		return nil, false
	}
	p.ws()
	if p.i != len(p.b) || seen&hasVersion == 0 || len(d.Statement) == 0 {
		return nil, false
	}
	return d, true
}

func (p *fastDec) statement(s *Statement) bool {
	var seen uint16
	const (
		hasSid = 1 << iota
		hasEffect
		hasPrincipal
		hasNotPrincipal
		hasAction
		hasNotAction
		hasResource
		hasNotResource
		hasCondition
	)
	once := func(bit uint16) bool {
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}
	if !p.object(func(key []byte) bool {
		switch string(key) {
		case "Sid":
			v, ok := p.str()
			s.Sid = v
			return ok && once(hasSid)
		case "Effect":
			v, ok := p.str()
			if !ok || v != string(Allow) && v != string(Deny) {
				return false
			}
			s.Effect = Effect(v)
			return once(hasEffect)
		case "Action":
			v, ok := p.strings()
			s.Action = List(v)
			return ok && once(hasAction)
		case "NotAction":
			v, ok := p.strings()
			s.NotAction = List(v)
			return ok && once(hasNotAction)
		case "Resource":
			v, ok := p.strings()
			s.Resource = v
			return ok && once(hasResource)
		case "NotResource":
			v, ok := p.strings()
			s.NotResource = v
			return ok && once(hasNotResource)
		case "Principal":
			v, ok := p.principal()
			s.Principal = v
			return ok && once(hasPrincipal)
		case "NotPrincipal":
			v, ok := p.principal()
			s.NotPrincipal = v
			return ok && once(hasNotPrincipal)
		case "Condition":
			v, ok := p.condition()
			s.Condition = v
			return ok && once(hasCondition)
		}
		return false
	}) {
		return false
	}
	return seen&hasEffect != 0 && (len(s.Action) > 0) != (len(s.NotAction) > 0)
}

// strings reads a string or a list of strings, as Strings.UnmarshalJSON
// does ([] is an empty, non-nil list).
func (p *fastDec) strings() (Strings, bool) {
	if p.peek() == '"' {
		v, ok := p.str()
		return Strings{v}, ok
	}
	list := p.sc.list[:0]
	ok := p.array(func() bool {
		v, ok := p.str()
		list = append(list, v)
		return ok
	})
	out := make(Strings, len(list))
	copy(out, list)
	p.sc.list, p.sc.listMax = list, max(p.sc.listMax, len(list))
	return out, ok
}

func (p *fastDec) principal() (*Principal, bool) {
	if p.peek() == '"' {
		v, ok := p.str()
		return &Principal{Wildcard: true}, ok && v == "*"
	}
	pr := &Principal{}
	var seen uint8
	ok := p.object(func(key []byte) bool {
		var dst *Strings
		var bit uint8
		switch string(key) {
		case "AWS":
			dst, bit = &pr.AWS, 1
		case "CanonicalUser":
			dst, bit = &pr.CanonicalUser, 2
		case "Federated":
			dst, bit = &pr.Federated, 4
		case "Service":
			dst, bit = &pr.Service, 8
		default:
			return false
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		v, ok := p.strings()
		*dst = v
		return ok
	})
	return pr, ok
}

// condition reads operator → key → values in the file's order, refusing
// (that is, leaving to the general path) an operator or a key that appears
// twice in its object.
func (p *fastDec) condition() (Condition, bool) {
	var c Condition
	var ops []string
	ok := p.object(func(rawOp []byte) bool {
		op, ok := p.keyString(rawOp)
		if !ok {
			return false
		}
		for _, o := range ops {
			if o == op {
				return false // a second object for the operator: a duplicate
			}
		}
		ops = append(ops, op)
		first := len(c)
		if p.peek() != '{' {
			return false
		}
		return p.object(func(rawKey []byte) bool {
			key, ok := p.keyString(rawKey)
			if !ok {
				return false
			}
			for _, e := range c[first:] {
				if e.Key == key {
					return false
				}
			}
			vals, ok := p.conditionValues()
			c = append(c, ConditionEntry{Operator: op, Key: key, Values: vals})
			return ok
		})
	})
	return c, ok
}

// conditionValues reads a string, boolean or number, or a list of them,
// each kept as conditionValues (decode.go) keeps it.
func (p *fastDec) conditionValues() (Strings, bool) {
	if p.peek() != '[' {
		v, ok := p.scalar()
		return Strings{v}, ok
	}
	out := make(Strings, 0, 2)
	ok := p.array(func() bool {
		v, ok := p.scalar()
		out = append(out, v)
		return ok
	})
	return out, ok
}

func (p *fastDec) scalar() (string, bool) {
	switch c := p.peek(); {
	case c == '"':
		return p.str()
	case c == 't':
		return "true", p.literal("true")
	case c == 'f':
		return "false", p.literal("false")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return "", false
}

func (p *fastDec) literal(lit string) bool {
	if !strings.HasPrefix(string(p.b[p.i:]), lit) {
		return false
	}
	p.i += len(lit)
	return true
}

// number reads a JSON number and returns it as encoding/json writes the
// float64 it stands for (10 for 1e1), which is what the general path keeps.
func (p *fastDec) number() (string, bool) {
	start := p.i
	b := p.b
	if p.i < len(b) && b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(b) && b[p.i] == '0':
		p.i++
	case p.i < len(b) && b[p.i] >= '1' && b[p.i] <= '9':
		for p.i < len(b) && b[p.i] >= '0' && b[p.i] <= '9' {
			p.i++
		}
	default:
		return "", false
	}
	if p.i < len(b) && b[p.i] == '.' {
		p.i++
		if !p.digits() {
			return "", false
		}
	}
	if p.i < len(b) && (b[p.i] == 'e' || b[p.i] == 'E') {
		p.i++
		if p.i < len(b) && (b[p.i] == '+' || b[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return "", false
		}
	}
	f, err := strconv.ParseFloat(string(b[start:p.i]), 64)
	if err != nil {
		return "", false
	}
	out, err := json.Marshal(f)
	if err != nil {
		return "", false
	}
	return string(out), true
}

func (p *fastDec) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// object reads an object, calling member with each member's name (its raw
// bytes between the quotes, escapes and all) with the cursor on the value,
// which member must read.
func (p *fastDec) object(member func(key []byte) bool) bool {
	if p.peek() != '{' {
		return false
	}
	p.i++
	if p.peek() == '}' {
		p.i++
		return true
	}
	for {
		if p.peek() != '"' {
			return false
		}
		key, ok := p.rawStr()
		if !ok || p.peek() != ':' {
			return false
		}
		p.i++
		p.ws()
		if !member(key) {
			return false
		}
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return true
		default:
			return false
		}
	}
}

// array reads a list, calling elem with the cursor
// on each element, which elem must read.
func (p *fastDec) array(elem func() bool) bool {
	if p.peek() != '[' {
		return false
	}
	p.i++
	if p.peek() == ']' {
		p.i++
		return true
	}
	for {
		p.ws()
		if !elem() {
			return false
		}
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return true
		default:
			return false
		}
	}
}

// ws skips JSON white space.
func (p *fastDec) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\n', '\r', '\t':
			p.i++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte, 0 at the end.
func (p *fastDec) peek() byte {
	p.ws()
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// rawStr reads a string and returns the bytes between its quotes. A
// control character ends the fast path; an escape is checked later, when
// the string is decoded.
func (p *fastDec) rawStr() ([]byte, bool) {
	if p.peek() != '"' {
		return nil, false
	}
	p.i++
	start := p.i
	b := p.b
	for p.i < len(b) {
		// Eight bytes at a time while none is a quote, a backslash or a
		// control character (a word with a byte at or above 0x80 may be
		// looked at byte by byte for nothing: the test errs only that way).
		for p.i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[p.i:])
			if hasZeroByte(x^quotes) || hasZeroByte(x^backslashes) || (x-0x20*ones)&^x&highs != 0 {
				break
			}
			p.i += 8
		}
		if p.i >= len(b) {
			break
		}
		c := b[p.i]
		switch {
		case c == '"':
			p.i++
			return b[start : p.i-1], true
		case c == '\\':
			p.i += 2
		case c < 0x20:
			return nil, false
		default:
			p.i++
		}
	}
	return nil, false
}

const (
	ones        = 0x0101010101010101
	highs       = 0x8080808080808080
	quotes      = '"' * ones
	backslashes = '\\' * ones
)

// hasZeroByte reports whether a byte of x is zero.
func hasZeroByte(x uint64) bool { return (x-ones)&^x&highs != 0 }

// str reads a string value.
func (p *fastDec) str() (string, bool) {
	raw, ok := p.rawStr()
	if !ok {
		return "", false
	}
	return p.keyString(raw)
}

// keyString decodes the raw bytes of a string: as they are when there is
// no escape, else as encoding/json decodes them (\u escapes, surrogate
// pairs), so both paths read the same text.
func (p *fastDec) keyString(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '\\') >= 0 {
		var s string
		quoted := make([]byte, 0, len(raw)+2)
		quoted = append(append(append(quoted, '"'), raw...), '"')
		if json.Unmarshal(quoted, &s) != nil {
			return "", false
		}
		return s, true
	}
	// raw is p.b[start:end]; its capacity tells where it starts.
	start := cap(p.b) - cap(raw)
	return p.text[start : start+len(raw)], true
}
