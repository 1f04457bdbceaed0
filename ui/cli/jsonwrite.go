package cli

import (
	"strconv"
	"unicode/utf8"
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

// appendSARIFResult appends what json.MarshalIndent(r, sarifResultIndent,
// "  ") writes for a result of lint's log (no properties; a region).
func appendSARIFResult(b []byte, r sarifResult) []byte {
	const p = sarifResultIndent
	str := func(b []byte, indent, key, v string) []byte {
		b = append(b, p+indent+`"`...)
		b = append(b, key...)
		b = append(b, `": `...)
		return appendJSONString(b, v)
	}
	b = append(b, "{\n"...)
	b = str(b, "  ", "ruleId", r.RuleID)
	b = append(b, ",\n"...)
	b = str(b, "  ", "level", r.Level)
	b = append(b, ",\n"+p+"  \"message\": {\n"...)
	b = str(b, "    ", "text", r.Message.Text)
	b = append(b, "\n"+p+"  },\n"+p+"  \"locations\": ["...)
	for i, l := range r.Locations {
		if i > 0 {
			b = append(b, ","...)
		}
		b = append(b, "\n"+p+"    {\n"+p+"      \"physicalLocation\": {\n"+p+"        \"artifactLocation\": {\n"...)
		b = str(b, "          ", "uri", l.PhysicalLocation.ArtifactLocation.URI)
		b = append(b, "\n"+p+"        }"...)
		if reg := l.PhysicalLocation.Region; reg != nil {
			b = append(b, ",\n"+p+"        \"region\": {\n"+p+"          \"startLine\": "...)
			b = strconv.AppendInt(b, int64(reg.StartLine), 10)
			b = append(b, "\n"+p+"        }"...)
		}
		b = append(b, "\n"+p+"      }"...)
		if len(l.LogicalLocations) > 0 {
			b = append(b, ",\n"+p+"      \"logicalLocations\": ["...)
			for j, ll := range l.LogicalLocations {
				if j > 0 {
					b = append(b, ","...)
				}
				b = append(b, "\n"+p+"        {\n"...)
				b = str(b, "          ", "fullyQualifiedName", ll.FullyQualifiedName)
				b = append(b, "\n"+p+"        }"...)
			}
			b = append(b, "\n"+p+"      ]"...)
		}
		b = append(b, "\n"+p+"    }"...)
	}
	if len(r.Locations) > 0 {
		b = append(b, "\n"+p+"  ]"...)
	} else {
		b = append(b, "]"...)
	}
	if len(r.Suppressions) > 0 {
		b = append(b, ",\n"+p+"  \"suppressions\": ["...)
		for i, s := range r.Suppressions {
			if i > 0 {
				b = append(b, ","...)
			}
			b = append(b, "\n"+p+"    {\n"...)
			b = str(b, "      ", "kind", s.Kind)
			if s.Justification != "" {
				b = append(b, ",\n"...)
				b = str(b, "      ", "justification", s.Justification)
			}
			b = append(b, "\n"+p+"    }"...)
		}
		b = append(b, "\n"+p+"  ]"...)
	}
	return append(b, "\n"+p+"}"...)
}
