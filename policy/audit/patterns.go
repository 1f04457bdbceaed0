package audit

import "strings"

// Compiling patterns: the one ${…} scanner (splitVars) and what each place
// a pattern is written makes of its wildcards and variables. The matcher
// itself is in match.go.

// part is a run of literal text or one ${name} variable of a string.
type part struct {
	text     string // the literal text, or the variable's name
	variable bool
}

// splitVars is the one ${…} scanner: it splits s into literal text and
// ${name} variables. A "${" without a closing "}" is literal text.
func splitVars(s string) []part { return appendVars(nil, s) }

// appendVars appends splitVars(s) to out (a caller with an array on its
// stack allocates nothing for a string of few parts).
func appendVars(out []part, s string) []part {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		if i > 0 {
			out = append(out, part{text: s[:i]})
		}
		out = append(out, part{text: s[i+2 : i+j], variable: true})
		s = s[i+j+1:]
	}
	if s != "" {
		out = append(out, part{text: s})
	}
	return out
}

// arnFields splits an ARN pattern into at most six fields at the colons
// outside its ${…} variables, as strings.SplitN(s, ":", 6) splits an ARN.
func arnFields(s string) []string {
	fields := []string{""}
	for _, p := range splitVars(s) {
		if p.variable {
			fields[len(fields)-1] += "${" + p.text + "}"
			continue
		}
		rest := p.text
		for len(fields) < 6 {
			i := strings.IndexByte(rest, ':')
			if i < 0 {
				break
			}
			fields[len(fields)-1] += rest[:i]
			fields = append(fields, "")
			rest = rest[i+1:]
		}
		fields[len(fields)-1] += rest
	}
	return fields
}

// escaped returns the character a ${*}, ${?} or ${$} stands for: IAM's way
// of writing those characters literally in a pattern.
func escaped(name string) (string, bool) {
	switch name {
	case "*", "?", "$":
		return name, true
	}
	return "", false
}

// compile builds a pattern from s. With wild, * and ? in the literal text
// are wildcards; without, they are literal. Each ${name} becomes what
// variable returns for it (last reports whether it is the last variable of
// s); a nil variable keeps "${name}" as literal text.
func compile(s string, wild bool, variable func(name string, last bool) pattern) pattern {
	if !strings.Contains(s, "${") {
		return appendText(nil, s, wild)
	}
	var buf [8]part
	parts := appendVars(buf[:0], s)
	lastVar := -1
	for i, p := range parts {
		if p.variable {
			lastVar = i
		}
	}
	out := make(pattern, 0, 2*len(parts)+1)
	for i, p := range parts {
		switch {
		case !p.variable:
			out = appendText(out, p.text, wild)
		case variable == nil:
			out = appendLit(out, "${"+p.text+"}")
		default:
			for _, t := range variable(p.text, i == lastVar) {
				if t.kind == tLit {
					out = appendLit(out, t.lit)
				} else {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// appendText appends literal text, with * and ? as wildcards when wild.
func appendText(p pattern, s string, wild bool) pattern {
	if !wild {
		return appendLit(p, s)
	}
	for s != "" {
		i := strings.IndexAny(s, "*?")
		if i < 0 {
			return appendLit(p, s)
		}
		p = appendLit(p, s[:i])
		if s[i] == '*' {
			p = append(p, tok{kind: tAny})
		} else {
			p = append(p, tok{kind: tOne})
		}
		s = s[i+1:]
	}
	return p
}

// appendLit appends literal text, merging it with a literal before it.
func appendLit(p pattern, s string) pattern {
	if s == "" {
		return p
	}
	if n := len(p); n > 0 && p[n-1].kind == tLit {
		p[n-1].lit += s
		return p
	}
	return append(p, tok{kind: tLit, lit: s})
}

// globPattern compiles an action pattern, or any pattern without policy
// variables: * and ? are wildcards, a ${…} is literal text.
func globPattern(s string) pattern { return compile(s, true, nil) }

// evalPattern compiles a Resource pattern or a StringLike/ArnLike value for
// evaluating a request: * and ? are wildcards; ${*}, ${?} and ${$} are
// those characters, literally; a policy variable with one value in the
// request context is that value, literally; one without stays as written
// ("${aws:username}") and so matches nothing real.
func evalPattern(s string, ctx map[string][]string) pattern {
	return compile(s, true, func(name string, _ bool) pattern {
		if c, ok := escaped(name); ok {
			return pattern{{kind: tLit, lit: c}}
		}
		if v, ok := lookup(ctx, name); ok && len(v) == 1 {
			return pattern{{kind: tLit, lit: v[0]}}
		}
		return pattern{{kind: tLit, lit: "${" + name + "}"}}
	})
}

// substitute replaces policy variables (${aws:username}) with their context
// value, for the operators that compare whole strings; ${*}, ${?} and ${$}
// become those characters; a variable without a value stays as written.
func substitute(s string, ctx map[string][]string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for _, p := range splitVars(s) {
		switch c, esc := escaped(p.text); {
		case !p.variable:
			b.WriteString(p.text)
		case esc:
			b.WriteString(c)
		default:
			if v, ok := lookup(ctx, p.text); ok && len(v) == 1 {
				b.WriteString(v[0])
			} else {
				b.WriteString("${" + p.text + "}")
			}
		}
	}
	return b.String()
}

// policyPattern compiles a Resource pattern as lint and check read it, not
// knowing the request: * and ? are wildcards, and a policy variable may be
// any run of characters ("arn:aws:s3:::b/${aws:username}/*" is a template
// for every user's prefix); ${*}, ${?} and ${$} are literal.
func policyPattern(s string) pattern {
	return compile(s, true, func(name string, _ bool) pattern {
		if c, ok := escaped(name); ok {
			return pattern{{kind: tLit, lit: c}}
		}
		return anyRun
	})
}

// The patterns a variable stands for (compile copies their tokens, and
// nothing writes them).
var (
	anyRun     = pattern{{kind: tAny}}
	someChars  = pattern{{kind: tOne}, {kind: tAny}}
	bucketName = pattern{{kind: tSeg}, {kind: tSegRun}}
	noColon    = pattern{{kind: tCol}, {kind: tColRun}}
)

// keyTemplate compiles a catalogue condition key such as
// "aws:RequestTag/${TagKey}": each ${Var} is one or more characters; the
// rest is literal.
func keyTemplate(key string) pattern {
	return compile(key, false, func(string, bool) pattern { return someChars })
}

// arnTemplate compiles the resource part of a catalogue ARN format such as
// "${BucketName}/${ObjectName}". Each ${Var} is one or more characters.
// Only the last variable may contain ':' (a log stream after its group, an
// object key); the others may contain '/' (a log group is /aws/lambda/f,
// a role path /a/b/), except ${BucketName}, which has neither.
func arnTemplate(format string) pattern {
	return compile(format, false, func(name string, last bool) pattern {
		switch {
		case name == "BucketName":
			return bucketName
		case !last:
			return noColon
		}
		return someChars
	})
}
