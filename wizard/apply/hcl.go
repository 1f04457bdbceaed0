package apply

// The HCL writer of main.tf: the policies' JSON as HCL expressions, string
// literals, resource names and terraform fmt's alignment. What main.tf
// declares for a setup is in terraform.go.

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// tfWriter accumulates main.tf.
type tfWriter struct {
	strings.Builder
	err   error
	taken map[string]bool // resource addresses written so far
}

// resourceName returns a name for a resource of type typ made from s, unique
// among the resources of that type: names that tfName makes alike (my.role
// and my_role) get _2, _3, ... in the order they are written, which is the
// answers' order, so the same answers always give the same addresses.
func (h *tfWriter) resourceName(typ, s string) string {
	if h.taken == nil {
		h.taken = map[string]bool{}
	}
	base := tfName(s)
	name := base
	for i := 2; h.taken[typ+"."+name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	h.taken[typ+"."+name] = true
	return name
}

func (h *tfWriter) line(format string, args ...any) {
	fmt.Fprintf(&h.Builder, format, args...)
	h.WriteByte('\n')
}

// comment writes each line of text as a # comment.
func (h *tfWriter) comment(text string) {
	for _, l := range strings.Split(text, "\n") {
		h.line("# %s", l)
	}
}

// policy writes `name = jsonencode({...})` for a document, from its JSON.
func (h *tfWriter) policy(attr string, d *policy.Document, indent string) {
	tree, err := parseTree(d.JSON())
	if err != nil {
		h.err = err
		return
	}
	h.WriteString(indent + attr + " = jsonencode(")
	writeHCL(&h.Builder, tree, indent)
	h.WriteString(")\n")
}

// writeHCL writes a JSON value as an HCL expression.
func writeHCL(sb *strings.Builder, n *node, indent string) {
	inner := indent + "  "
	switch n.kind {
	case 'o':
		sb.WriteString("{\n")
		for i, k := range n.keys {
			sb.WriteString(inner + hclKey(k) + " = ")
			writeHCL(sb, n.vals[i], inner)
			sb.WriteByte('\n')
		}
		sb.WriteString(indent + "}")
	case 'a':
		if allScalars(n.vals) && len(n.vals) <= 1 {
			sb.WriteByte('[')
			for i, v := range n.vals {
				if i > 0 {
					sb.WriteString(", ")
				}
				writeHCL(sb, v, inner)
			}
			sb.WriteByte(']')
			return
		}
		sb.WriteString("[\n")
		for _, v := range n.vals {
			sb.WriteString(inner)
			writeHCL(sb, v, inner)
			sb.WriteString(",\n")
		}
		sb.WriteString(indent + "]")
	case 's':
		sb.WriteString(hclString(n.str))
	default:
		sb.WriteString(n.str)
	}
}

func allScalars(list []*node) bool {
	for _, n := range list {
		if n.kind == 'o' || n.kind == 'a' {
			return false
		}
	}
	return true
}

var hclIdentRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// hclKey writes an object key bare when HCL reads it as the same literal
// (Version, Statement) and quoted otherwise (aws:SourceAccount).
func hclKey(k string) string {
	if hclIdentRE.MatchString(k) {
		return k
	}
	return hclString(k)
}

// hclString is an HCL string literal. HCL strings are templates, so ${ and
// %{ (an IAM policy variable such as ${aws:username}) are escaped to stay
// literal.
func hclString(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c < 0x20:
			fmt.Fprintf(&sb, `\u%04x`, c)
		case (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{':
			sb.WriteByte(c)
			sb.WriteByte(c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

var tfNameRE = regexp.MustCompile(`[^A-Za-z0-9_]`)

// tfName makes a Terraform resource name from a document ID or IAM name.
func tfName(s string) string {
	s = tfNameRE.ReplaceAllString(s, "_")
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "_" + s
	}
	return s
}

var hclAttrRE = regexp.MustCompile(`^(\s*)([A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*") += (.*)$`)

// alignAttributes lines up the = of consecutive attributes at one level, as
// terraform fmt (hclwrite.Format) does, so main.tf passes terraform fmt
// -check. An attribute whose value spans lines ends the group before it
// and is not padded itself: hclwrite aligns only attributes whose whole
// expression is on their line.
func alignAttributes(src string) []byte {
	lines := strings.Split(src, "\n")
	flush := func(start, end int) {
		if start < 0 {
			return
		}
		width := 0
		for _, l := range lines[start:end] {
			width = max(width, len(hclAttrRE.FindStringSubmatch(l)[2]))
		}
		for i := start; i < end; i++ {
			m := hclAttrRE.FindStringSubmatch(lines[i])
			lines[i] = m[1] + m[2] + strings.Repeat(" ", width-len(m[2])) + " = " + m[3]
		}
	}
	start, indent := -1, ""
	for i, l := range lines {
		m := hclAttrRE.FindStringSubmatch(l)
		if m == nil || (start >= 0 && m[1] != indent) {
			flush(start, i)
			start = -1
		}
		if m == nil {
			continue
		}
		if start < 0 {
			start, indent = i, m[1]
		}
		if opensBlock(m[3]) {
			flush(start, i)
			start = -1
		}
	}
	flush(start, len(lines))
	return []byte(strings.Join(lines, "\n"))
}

// opensBlock reports whether an attribute's value continues on the next
// lines.
func opensBlock(value string) bool {
	return strings.HasSuffix(value, "{") || strings.HasSuffix(value, "[") || strings.HasSuffix(value, "(")
}
