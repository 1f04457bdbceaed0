package assets

import (
	"encoding/json"
)

// decodeService reads one service line of the catalogue. It is a reader
// for exactly the catalogue's schema (what assets/gen/generate.mjs
// writes): linting a directory of policies decodes most of the 456
// services, and encoding/json's reflection costs several times more than
// reading the line once, left to right. Strings without escapes (nearly
// all) are slices of line and allocate nothing. Anything else (an unknown
// member, a value of another type: a catalogue from a newer generator)
// makes it give up, and the caller decodes the line with encoding/json.
// TestDecodeServiceAgrees checks that both read every service alike.
func decodeService(line string, sizes [3]int) (*Service, bool) {
	// The slabs are allocated at the sizes the header gives (see
	// ServiceName.Sizes); they grow if those are short.
	p := &cursor{s: line,
		strSlab:  make([]string, 0, max(sizes[2], 0)),
		resSlab:  make([]ActionResource, 0, max(sizes[1], 0)),
		nActions: max(sizes[0], 0),
	}
	s := new(Service)
	ok := p.object(func(key string) bool {
		switch key {
		case "p":
			return p.str(&s.Prefix)
		case "name":
			return p.str(&s.Name)
		case "a":
			return p.actions(&s.Actions)
		case "t":
			return p.resourceTypes(&s.ResourceTypes)
		case "k":
			s.ConditionKeys = []ConditionKeyInfo{}
			return p.array(func() bool {
				var k ConditionKeyInfo
				ok := p.object(func(key string) bool {
					switch key {
					case "key":
						return p.str(&k.Key)
					case "type":
						return p.str(&k.Type)
					case "category":
						return p.str(&k.Category)
					case "definedBy":
						return p.str(&k.DefinedBy)
					}
					return false
				})
				s.ConditionKeys = append(s.ConditionKeys, k)
				return ok
			})
		}
		return false
	})
	if !ok || p.peek() != 0 {
		return nil, false
	}
	return s, true
}

func (p *cursor) actions(dst *[]*Action) bool {
	// The actions are allocated together, as many as the line has.
	backing := make([]Action, 0, p.nActions)
	*dst = make([]*Action, 0, p.nActions)
	return p.array(func() bool {
		if len(backing) == cap(backing) {
			backing = make([]Action, 0, 32)
		}
		backing = append(backing, Action{})
		a := &backing[len(backing)-1]
		*dst = append(*dst, a)
		return p.object(func(key string) bool {
			switch key {
			case "n":
				return p.str(&a.Name)
			case "description":
				return p.str(&a.Description)
			case "l":
				return p.str(&a.AccessLevel)
			case "k":
				return p.strs(&a.ConditionKeys)
			case "d":
				return p.strs(&a.DependentActions)
			case "r":
				start := len(p.resSlab)
				ok := p.array(func() bool {
					var r ActionResource
					ok := p.object(func(key string) bool {
						switch key {
						case "n":
							return p.str(&r.Name)
						case "q":
							return p.boolean(&r.Required)
						case "k":
							return p.strs(&r.ConditionKeys)
						case "d":
							return p.strs(&r.DependentActions)
						}
						return false
					})
					slabAppend(&p.resSlab, &start, r)
					return ok
				})
				a.ResourceTypes = p.resSlab[start:len(p.resSlab):len(p.resSlab)]
				return ok
			}
			return false
		})
	})
}

func (p *cursor) resourceTypes(dst *[]*ResourceType) bool {
	*dst = []*ResourceType{}
	return p.array(func() bool {
		r := new(ResourceType)
		*dst = append(*dst, r)
		return p.object(func(key string) bool {
			switch key {
			case "n":
				return p.str(&r.Name)
			case "a":
				return p.strs(&r.ARNs)
			case "k":
				return p.strs(&r.ConditionKeys)
			}
			return false
		})
	})
}

// cursor reads JSON from a string.
type cursor struct {
	s string
	i int

	// Slabs: the short lists of a service (an action's condition keys and
	// resource types) are cut from a few shared arrays rather than each
	// allocated on its own.
	strSlab  []string
	resSlab  []ActionResource
	nActions int // how many actions the line has, about
}

// slabAppend appends v to the list being built at (*slab)[*start:],
// moving that list to a new chunk when the slab is full, so that the lists
// cut from it before stay as they are.
func slabAppend[T any](slab *[]T, start *int, v T) {
	if len(*slab) == cap(*slab) {
		cur := (*slab)[*start:]
		grown := make([]T, len(cur), max(256, 2*len(cur)+1))
		copy(grown, cur)
		*slab, *start = grown, 0
	}
	*slab = append(*slab, v)
}

func (p *cursor) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\n', '\r', '\t':
			p.i++
		default:
			return
		}
	}
}

func (p *cursor) peek() byte {
	p.ws()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *cursor) object(member func(key string) bool) bool {
	if p.peek() != '{' {
		return false
	}
	p.i++
	if p.peek() == '}' {
		p.i++
		return true
	}
	for {
		key, ok := p.string()
		if !ok || p.peek() != ':' {
			return false
		}
		p.i++
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

func (p *cursor) array(elem func() bool) bool {
	if p.peek() != '[' {
		return false
	}
	p.i++
	if p.peek() == ']' {
		p.i++
		return true
	}
	for {
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

// str reads a string into dst: a slice of the input when it has no
// escape, else decoded by encoding/json.
func (p *cursor) str(dst *string) bool {
	v, ok := p.string()
	*dst = v
	return ok
}

func (p *cursor) string() (string, bool) {
	if p.peek() != '"' {
		return "", false
	}
	p.i++
	start, escaped := p.i, false
	for p.i < len(p.s) {
		// Eight bytes at a time while none is a quote, a backslash or a
		// control character (a word with a byte at or above 0x80 may be
		// looked at byte by byte for nothing: the test errs only that way).
		for p.i+8 <= len(p.s) {
			x := load8(p.s, p.i)
			q, bs := x^('"'*ones), x^('\\'*ones)
			if (q-ones)&^q&highs != 0 || (bs-ones)&^bs&highs != 0 || (x-0x20*ones)&^x&highs != 0 {
				break
			}
			p.i += 8
		}
		if p.i >= len(p.s) {
			break
		}
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			if !escaped {
				return p.s[start : p.i-1], true
			}
			return unquote(p.s[start-1 : p.i])
		case c == '\\':
			escaped = true
			p.i += 2
		case c < 0x20:
			return "", false
		default:
			p.i++
		}
	}
	return "", false
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// unquote decodes a JSON string with escapes, as encoding/json does.
func unquote(quoted string) (string, bool) {
	var v string
	err := json.Unmarshal([]byte(quoted), &v)
	return v, err == nil
}

// strs reads a list of strings ([] is empty, not nil, as encoding/json
// reads it).
func (p *cursor) strs(dst *[]string) bool {
	start := len(p.strSlab)
	ok := p.array(func() bool {
		v, ok := p.string()
		slabAppend(&p.strSlab, &start, v)
		return ok
	})
	*dst = p.strSlab[start:len(p.strSlab):len(p.strSlab)]
	return ok
}

func (p *cursor) boolean(dst *bool) bool {
	switch {
	case p.peek() == 't' && len(p.s) >= p.i+4 && p.s[p.i:p.i+4] == "true":
		*dst, p.i = true, p.i+4
	case p.peek() == 'f' && len(p.s) >= p.i+5 && p.s[p.i:p.i+5] == "false":
		*dst, p.i = false, p.i+5
	default:
		return false
	}
	return true
}
