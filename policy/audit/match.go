package audit

import (
	"strings"
	"unicode/utf8"
)

// This file is permwiz's one pattern matcher and its one ${…} scanner.
// Everything audit compares goes through them: action patterns
// ("kms:Describe*"), Resource patterns, StringLike and ArnLike values, the
// catalogue's templated condition keys ("aws:RequestTag/${TagKey}") and
// ARN formats ("arn:${Partition}:s3:::${BucketName}/${ObjectName}").
//
// A pattern is compiled into tokens. In IAM patterns * matches any run of
// characters, the empty run included and across '/' and ':', and ? exactly
// one character (a rune, not a byte). What a ${…} becomes depends on where
// it is written, so each compiler below says it.

// tokKind is the kind of one pattern token.
type tokKind uint8

const (
	tLit    tokKind = iota // literal text
	tOne                   // exactly one character
	tAny                   // any run of characters, possibly empty
	tSeg                   // one character other than '/' and ':'
	tSegRun                // any run, possibly empty, of characters other than '/' and ':'
)

type tok struct {
	kind tokKind
	lit  string // tLit only
}

// pattern is a compiled pattern.
type pattern []tok

// part is a run of literal text or one ${name} variable of a string.
type part struct {
	text     string // the literal text, or the variable's name
	variable bool
}

// splitVars is the one ${…} scanner: it splits s into literal text and
// ${name} variables. A "${" without a closing "}" is literal text.
func splitVars(s string) []part {
	var out []part
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
	parts := splitVars(s)
	lastVar := -1
	for i, p := range parts {
		if p.variable {
			lastVar = i
		}
	}
	var out pattern
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
		return pattern{{kind: tAny}}
	})
}

// keyTemplate compiles a catalogue condition key such as
// "aws:RequestTag/${TagKey}": each ${Var} is one or more characters; the
// rest is literal.
func keyTemplate(key string) pattern {
	return compile(key, false, func(string, bool) pattern {
		return pattern{{kind: tOne}, {kind: tAny}}
	})
}

// arnTemplate compiles the resource part of a catalogue ARN format such as
// "${BucketName}/${ObjectName}". Each ${Var} is one or more characters;
// only the last variable may contain '/' or ':' (a role path, an object
// key), except ${BucketName}, which never does.
func arnTemplate(format string) pattern {
	return compile(format, false, func(name string, last bool) pattern {
		if name == "BucketName" || !last {
			return pattern{{kind: tSeg}, {kind: tSegRun}}
		}
		return pattern{{kind: tOne}, {kind: tAny}}
	})
}

// literalLen is the length of the pattern's literal text: the more, the
// more specific a template is.
func (p pattern) literalLen() int {
	n := 0
	for _, t := range p {
		n += len(t.lit)
	}
	return n
}

// match reports whether the pattern matches all of s, taken literally.
func (p pattern) match(s string) bool {
	for _, t := range p {
		if t.kind == tSeg || t.kind == tSegRun {
			return p.overlaps(pattern{{kind: tLit, lit: s}})
		}
	}
	return p.matchGlob(s)
}

// matchGlob matches patterns of literals, * and ? only: iterative, with one
// backtracking point, so linear enough for policy-sized strings and immune
// to the exponential blow-up of the naive recursive form on patterns such
// as "a*a*a*a*b". (A later * always subsumes an earlier one, so the last
// one is the only point worth returning to.)
func (p pattern) matchGlob(s string) bool {
	ti, si := 0, 0
	star, mark := -1, 0
	for {
		if ti < len(p) {
			t := p[ti]
			switch t.kind {
			case tAny:
				star, mark = ti, si
				ti++
				continue
			case tLit:
				if strings.HasPrefix(s[si:], t.lit) {
					ti++
					si += len(t.lit)
					continue
				}
			case tOne:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					ti++
					si += n
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if star < 0 || mark >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[mark:])
		mark += n
		ti, si = star+1, mark
	}
}

// unit is one character position of a pattern: a literal rune or a
// wildcard token.
type unit struct {
	kind tokKind
	r    rune // tLit only
}

func (p pattern) units() []unit {
	var out []unit
	for _, t := range p {
		if t.kind != tLit {
			out = append(out, unit{kind: t.kind})
			continue
		}
		for _, r := range t.lit {
			out = append(out, unit{kind: tLit, r: r})
		}
	}
	return out
}

func (u unit) run() bool { return u.kind == tAny || u.kind == tSegRun }

// compatible reports whether some one character satisfies both units.
func compatible(a, b unit) bool {
	sep := func(r rune) bool { return r == '/' || r == ':' }
	switch {
	case a.kind == tLit && b.kind == tLit:
		return a.r == b.r
	case a.kind == tLit && (b.kind == tSeg || b.kind == tSegRun):
		return !sep(a.r)
	case b.kind == tLit && (a.kind == tSeg || a.kind == tSegRun):
		return !sep(b.r)
	}
	return true
}

// overlaps reports whether some string matches both patterns: whether a
// Resource pattern (itself holding wildcards) can name a resource of an ARN
// format. It walks the product of the two patterns, each pair of positions
// at most once, so its work is bounded by the product of their lengths.
func (p pattern) overlaps(q pattern) bool {
	a, b := p.units(), q.units()
	n, m := len(a), len(b)
	seen := make([]bool, (n+1)*(m+1))
	var visit func(i, j int) bool
	visit = func(i, j int) bool {
		if seen[i*(m+1)+j] {
			return false
		}
		seen[i*(m+1)+j] = true
		if i == n && j == m {
			return true
		}
		ar, br := i < n && a[i].run(), j < m && b[j].run()
		// A run may end here, matching no more characters.
		if ar && visit(i+1, j) || br && visit(i, j+1) {
			return true
		}
		if i == n || j == m || ar && br {
			// Two runs taking the same character together lead nowhere
			// that ending one of them does not.
			return false
		}
		if !compatible(a[i], b[j]) {
			return false
		}
		ni, nj := i+1, j+1
		if ar {
			ni = i // the run takes the character and goes on
		}
		if br {
			nj = j
		}
		return visit(ni, nj)
	}
	return visit(0, 0)
}

// wildMatch matches s against an IAM glob (* and ?). fold makes the match
// case-insensitive, as action names are; resource ARNs are case-sensitive.
func wildMatch(pat, s string, fold bool) bool {
	if fold {
		pat, s = strings.ToLower(pat), strings.ToLower(s)
	}
	return globPattern(pat).match(s)
}

// actionMatches reports whether an Action pattern ("kms:*", "kms:Describe*",
// "*") covers a qualified action name, case-insensitively.
func actionMatches(pat, action string) bool {
	return wildMatch(pat, action, true)
}

// resourceMatches reports whether a compiled Resource pattern covers a
// resource. The resource may itself contain * (a statement's own pattern,
// as check asks "is arn:aws:s3:::b/* covered?"); a literal * in it is then
// only covered by a * in the pattern, which the match gives for free
// because * matches "*".
func resourceMatches(pat pattern, resource string) bool {
	if len(pat) == 1 && pat[0].kind == tAny {
		return true
	}
	return pat.match(resource)
}
