package audit

import (
	"strings"

	"permwiz/assets"
)

// wildMatch matches s against an IAM pattern in which * stands for any run
// of characters and ? for exactly one. fold makes the match
// case-insensitive, as action names are; resource ARNs are case-sensitive.
func wildMatch(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	// Iterative matcher with one backtracking point: linear enough for
	// policy-sized strings and immune to the exponential blow-up of the
	// naive recursive form on patterns such as "a*a*a*a*b".
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// actionMatches reports whether an Action pattern ("kms:*", "kms:Describe*",
// "*") covers a qualified action name, case-insensitively.
func actionMatches(pattern, action string) bool {
	return wildMatch(pattern, action, true)
}

// resourceMatches reports whether a Resource pattern covers a resource. The
// resource may itself contain * (a statement's own pattern, as check asks
// "is arn:aws:s3:::b/* covered?"); a literal * in it is then only covered by
// a * in the pattern, which wildMatch gives for free because * matches "*".
func resourceMatches(pattern, resource string) bool {
	if pattern == "*" {
		return true
	}
	return wildMatch(pattern, resource, false)
}

// catalogue returns the embedded action catalogue, or nil when it cannot be
// decoded (a build defect that the assets tests catch); every caller copes
// with nil by skipping the checks that need it.
func catalogue() *assets.Catalogue {
	c, err := assets.LoadCatalogue()
	if err != nil {
		return nil
	}
	return c
}

// expandActions returns the catalogue actions a pattern stands for. For a
// service outside the catalogue it returns the pattern itself, so that a
// caller still has something to evaluate.
func expandActions(c *assets.Catalogue, pattern string) []string {
	if c == nil {
		return []string{pattern}
	}
	svc, _, _ := strings.Cut(pattern, ":")
	if _, ok := c.Service(svc); !ok && !strings.ContainsAny(svc, "*?") {
		return []string{pattern}
	}
	if m := c.MatchActions(pattern); len(m) > 0 {
		return m
	}
	return []string{pattern}
}

// arnFormatMatches reports whether a resource ARN (which may hold wildcards)
// has the shape of a catalogue ARN format such as
// "arn:${Partition}:s3:::${BucketName}/${ObjectName}". Each ${Var} matches
// one or more characters; only the last variable of a format may contain a
// slash (a role path, an object key), except ${BucketName}, which never does.
func arnFormatMatches(format, arn string) bool {
	var pat strings.Builder
	rest := format
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		pat.WriteString(rest[:i])
		name := rest[i+2 : i+j]
		last := !strings.Contains(rest[i+j+1:], "${")
		switch {
		case name == "BucketName" || !last:
			pat.WriteByte('\x01') // one segment: no '/' or ':'
		default:
			pat.WriteByte('\x02') // anything
		}
		rest = rest[i+j+1:]
	}
	pat.WriteString(rest)
	return segMatch(pat.String(), arn)
}

// segMatch matches s against a compiled format in which \x01 is one or more
// characters other than '/' and ':' and \x02 is one or more characters. A *
// or ? in s (the resource under test is itself a pattern) may stand for
// anything, so it is accepted wherever a variable is.
func segMatch(p, s string) bool {
	if p == "" {
		return s == ""
	}
	switch p[0] {
	case '\x01', '\x02':
		for n := 1; n <= len(s); n++ {
			c := s[n-1]
			if p[0] == '\x01' && (c == '/' || c == ':') {
				break
			}
			if segMatch(p[1:], s[n:]) {
				return true
			}
		}
		// A trailing * in s can cover the rest of the format.
		return s == "*" || strings.HasPrefix(s, "*") && segMatch(p[1:], s[1:])
	default:
		if s == "" {
			return false
		}
		if s[0] == '*' {
			// A wildcard in the resource may swallow literal text too.
			return segMatch(p, s[1:]) || segMatch(p[1:], s)
		}
		if p[0] != s[0] {
			return false
		}
		return segMatch(p[1:], s[1:])
	}
}

// actionTakesResource reports whether a catalogue action can be granted on
// the resource: "*" always; an ARN when it has the shape of one of the
// action's resource types. ok is false when the catalogue does not know the
// action, in which case callers must not draw conclusions.
func actionTakesResource(c *assets.Catalogue, action, resource string) (takes, ok bool) {
	if c == nil {
		return false, false
	}
	a, found := c.LookupAction(action)
	if !found {
		return false, false
	}
	if resource == "*" {
		return true, true
	}
	if len(resource) > 2048 || strings.Count(resource, "*") > 8 {
		return true, true // too wild to judge; and bounds the matcher's work
	}
	if a.WildcardOnly() {
		return false, true
	}
	for _, rt := range a.ResourceTypes {
		t, found := c.ResourceType(a.Service, rt.Name)
		if !found {
			// A resource type of another service (the catalogue names some
			// with a prefix); do not judge.
			return true, true
		}
		for _, f := range t.ARNs {
			if arnFormatMatches(f, resource) {
				return true, true
			}
		}
	}
	return false, true
}
