package cli

import (
	"strconv"
	"unicode/utf8"

	"github.com/permwiz/permwiz/policy/audit"
)

// Writing JSON by hand where lint writes a great deal of it (a SARIF log
// of the AWS managed policies is 3.6 MB): what encoding/json writes, byte
// for byte, without its reflection. The tests hold each writer to
// encoding/json.

// appendJSONString appends s as encoding/json writes a string: quoted, with
// <, > and & escaped for HTML, control characters escaped, invalid UTF-8 as
// \ufffd, and U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while none is one to escape or to decode
		// (a quote, a backslash, <, >, &, a control character, a byte at
		// or above 0x80).
		for i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if x&highs != 0 || (x-0x20*ones)&^x&highs != 0 ||
				hasZero(x^('"'*ones)) || hasZero(x^('\\'*ones)) || hasZero(x^('<'*ones)) || hasZero(x^('>'*ones)) || hasZero(x^('&'*ones)) {
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// hasZero reports whether a byte of x is zero.
func hasZero(x uint64) bool { return (x-ones)&^x&highs != 0 }

// appendSARIFResult appends what json.MarshalIndent(r, sarifResultIndent,
// "  ") writes for a result of lint's log.
func appendSARIFResult(b []byte, r sarifResult) []byte {
	const ind, s1, s2 = sarifResultIndent, sarifResultIndent + "  ", sarifResultIndent + "    "
	o := jsonObject{b: append(b, '{'), inner: s1}
	o.str("ruleId", r.RuleID)
	o.str("level", r.Level)
	o.key("message")
	m := jsonObject{b: append(o.b, '{'), inner: s2}
	m.str("text", r.Message.Text)
	o.b = m.end(s1)
	o.key("locations")
	o.b = appendJSONList(o.b, r.Locations, s1, s2, func(b []byte, l sarifLocation, in string) []byte {
		const step = "  "
		lo := jsonObject{b: append(b, '{'), inner: in + step}
		lo.key("physicalLocation")
		pl := jsonObject{b: append(lo.b, '{'), inner: in + step + step}
		pl.key("artifactLocation")
		al := jsonObject{b: append(pl.b, '{'), inner: in + step + step + step}
		al.str("uri", l.PhysicalLocation.ArtifactLocation.URI)
		pl.b = al.end(in + step + step)
		if reg := l.PhysicalLocation.Region; reg != nil {
			pl.key("region")
			rg := jsonObject{b: append(pl.b, '{'), inner: in + step + step + step}
			rg.key("startLine")
			rg.b = strconv.AppendInt(rg.b, int64(reg.StartLine), 10)
			pl.b = rg.end(in + step + step)
		}
		lo.b = pl.end(in + step)
		if len(l.LogicalLocations) > 0 {
			lo.key("logicalLocations")
			lo.b = appendJSONList(lo.b, l.LogicalLocations, in+step, in+step+step, func(b []byte, ll sarifLogical, in string) []byte {
				x := jsonObject{b: append(b, '{'), inner: in + step}
				x.str("fullyQualifiedName", ll.FullyQualifiedName)
				return x.end(in)
			})
		}
		return lo.end(in)
	})
	if len(r.Suppressions) > 0 {
		o.key("suppressions")
		o.b = appendJSONList(o.b, r.Suppressions, s1, s2, func(b []byte, sp sarifSuppression, in string) []byte {
			x := jsonObject{b: append(b, '{'), inner: in + "  "}
			x.str("kind", sp.Kind)
			if sp.Justification != "" {
				x.str("justification", sp.Justification)
			}
			return x.end(in)
		})
	}
	return o.end(ind)
}

// jsonObject writes the members of one object as json.MarshalIndent does:
// each on its own line at the object's indentation plus one step.
type jsonObject struct {
	b     []byte
	inner string // indentation of the members
	n     int    // members written
}

func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, '\n')
	o.b = append(o.b, o.inner...)
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, `": `...)
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

// end closes the object opened at indentation outer.
func (o *jsonObject) end(outer string) []byte {
	if o.n == 0 {
		return append(o.b, '}')
	}
	o.b = append(o.b, '\n')
	o.b = append(o.b, outer...)
	return append(o.b, '}')
}

// appendJSONList writes a list as json.MarshalIndent does, each element
// written by elem at indentation inner; [] when empty, null when nil.
func appendJSONList[T any](b []byte, list []T, outer, inner string, elem func([]byte, T, string) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, inner...)
		b = elem(b, v, inner)
	}
	if len(list) > 0 {
		b = append(b, '\n')
		b = append(b, outer...)
	}
	return append(b, ']')
}

const jsonStep = "    " // lint --json's indentation

// appendFindingJSON writes a finding (and a suppressed finding's reason)
// as an object at indentation ind.
func appendFindingJSON(b []byte, f audit.Finding, reason, ind string) []byte {
	in := ind + jsonStep
	o := jsonObject{b: append(b, '{'), inner: in}
	o.str("severity", string(f.Severity))
	o.str("rule", f.Rule)
	if f.Path != "" {
		o.str("path", f.Path)
	}
	if f.Sid != "" {
		o.str("sid", f.Sid)
	}
	o.str("message", f.Message)
	if f.AccessAnalyzer != nil {
		o.key("accessAnalyzer")
		a := jsonObject{b: append(o.b, '{'), inner: in + jsonStep}
		a.str("title", f.AccessAnalyzer.Title)
		a.str("code", f.AccessAnalyzer.Code)
		o.b = a.end(in)
	}
	if reason != "" {
		o.str("reason", reason)
	}
	return o.end(ind)
}

// appendLintFileJSON writes what json.MarshalIndent(r, jsonStep, jsonStep)
// writes for one file of lint --json.
func appendLintFileJSON(b []byte, r lintFileJSON) []byte {
	const ind, in = jsonStep, jsonStep + jsonStep
	finding := func(b []byte, f audit.Finding, ind string) []byte { return appendFindingJSON(b, f, "", ind) }
	o := jsonObject{b: append(b, '{'), inner: in}
	o.str("file", r.File)
	o.str("kind", r.Kind)
	o.key("findings")
	o.b = appendJSONList(o.b, r.Findings, in, in+jsonStep, finding)
	if len(r.Exceptions) > 0 {
		o.key("exceptions")
		o.b = appendJSONList(o.b, r.Exceptions, in, in+jsonStep, func(b []byte, e audit.Excepted, ind string) []byte {
			e1 := jsonObject{b: append(b, '{'), inner: ind + jsonStep}
			e1.str("rule", e.Rule)
			if e.Sid != "" {
				e1.str("sid", e.Sid)
			}
			e1.str("path", e.Path)
			e1.str("why", e.Why)
			if len(e.Suppressed) > 0 {
				e1.key("suppressed")
				e1.b = appendJSONList(e1.b, e.Suppressed, ind+jsonStep, ind+jsonStep+jsonStep, finding)
			}
			return e1.end(ind)
		})
	}
	if len(r.Suppressed) > 0 {
		o.key("suppressed")
		o.b = appendJSONList(o.b, r.Suppressed, in, in+jsonStep, func(b []byte, s audit.Suppressed, ind string) []byte {
			return appendFindingJSON(b, s.Finding, s.Reason, ind)
		})
	}
	return o.end(ind)
}
