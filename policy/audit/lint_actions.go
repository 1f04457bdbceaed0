package audit

import (
	"strings"

	"github.com/permwiz/permwiz/assets"

	"github.com/permwiz/permwiz/policy"
)

// expansion is what the actions of an element stand for, for the rules
// that need them: per entry of the list, the catalogue actions it matches
// (nil where it was not expanded: "*", a malformed action, an unknown
// service), and whether the list holds "*".
type expansion struct {
	each [][]*assets.Action
	star bool
}

// actions checks each action and returns what the element stands for.
func (l *linter) actions(i int, s *policy.Statement, elem string, list policy.List) expansion {
	ex := expansion{each: make([][]*assets.Action, len(list))}
	for j, a := range list {
		if a == "*" {
			ex.star = true
			continue
		}
		svc, name, ok := strings.Cut(a, ":")
		if !ok || svc == "" || name == "" || !validPrefix(svc) || hasEither(name, ' ', ':') {
			l.add(SeverityError, policy.RuleActionFormat, i, elem, s.Sid, "%q is not an action; write service:Action, such as kms:Decrypt", a)
			continue
		}
		if l.cat == nil {
			continue
		}
		var m []*assets.Action
		if !hasWildcard(svc) {
			// The service is looked up once, and a single action found in
			// it directly: what matchActionPtrs does for one, on the path
			// of every action of every policy.
			sv, listed := l.cat.Lookup(svc)
			if !listed {
				l.add(SeverityError, policy.RuleUnknownService, i, elem, s.Sid, "%q: there is no service %q in the Service Authorization Reference (data of %s)%s", a, svc, l.cat.Source.DataDate[:min(10, len(l.cat.Source.DataDate))], nearService(l.cat, svc))
				continue
			}
			if !hasWildcard(name) {
				m = []*assets.Action{}
				if sv != nil {
					if k, ok := sv.ActionIndex(name); ok {
						m = sv.Actions[k : k+1 : k+1] // shared: an append must copy
					}
				}
			}
		}
		if m == nil {
			m = matchActionPtrs(l.cat, a)
		}
		ex.each[j] = m
		if len(m) == 0 {
			if hasWildcard(a) {
				l.add(SeverityError, policy.RuleUnknownAction, i, elem, s.Sid, "%q matches no %s action", a, svc)
			} else {
				l.add(SeverityError, policy.RuleUnknownAction, i, elem, s.Sid, "%q: %s has no action %q%s", a, svc, name, l.suggest(svc, name))
			}
			continue
		}
	}
	return ex
}

// Suggestions. A "did you mean" names only something that exists, and is
// cheap: candidates are filtered by length before any edit distance is
// computed, the distance stops as soon as it exceeds the bound, and answers
// are remembered (a corpus names the same unknown thing many times).

var suggestions memo[string] // "svc" or "svc:name" (lower case) → suggestion text

// nearService returns "; did you mean X?" for the catalogue service whose
// prefix is within two edits of svc ("personalise", "kinesys"), or "".
func nearService(c *assets.Catalogue, svc string) string {
	ls := strings.ToLower(svc)
	return suggestions.get(ls, func() string { return nearServiceUncached(c, ls) })
}

func nearServiceUncached(c *assets.Catalogue, ls string) string {
	best, bestD := "", 3
	if len(ls) > 3 {
		for _, n := range c.Index {
			if d := boundedDistance(ls, n.Prefix, bestD-1); d < bestD {
				best, bestD = n.Prefix, d
			}
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func (l *linter) suggest(svc, name string) string {
	return suggestions.get(strings.ToLower(svc+":"+name), func() string { return suggestAction(l.cat, svc, name) })
}

func suggestAction(c *assets.Catalogue, svc, name string) string {
	s, ok := c.Service(svc)
	if !ok {
		return ""
	}
	ln := strings.ToLower(name)
	best, bestD := "", 4
	// Strictly closer only: among equals the first in (sorted) catalogue
	// order stays.
	for i, n := range s.LowerActionNames() {
		if d := boundedDistance(ln, n, bestD-1); d < bestD {
			best, bestD = s.Actions[i].Name, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + s.Prefix + ":" + best + "?"
}

func validPrefix(p string) bool {
	for _, c := range p {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '*' || c == '?') {
			return false
		}
	}
	return true
}

// boundedDistance is the Levenshtein distance between a and b when it is
// at most max, and max+1 otherwise; it gives up early (different lengths,
// a row whose every entry is over the bound), so a hopeless candidate
// costs little.
func boundedDistance(a, b string, max int) int {
	if max < 0 {
		return 0
	}
	if d := len(a) - len(b); d > max || -d > max || len(a) > 64 || len(b) > 64 {
		return max + 1
	}
	// One edit changes at most two letter counts by one each, so half the
	// difference of the letter counts is a lower bound: a cheap reject.
	var count [128]int8
	for i := 0; i < len(a); i++ {
		count[a[i]&127]++
	}
	for i := 0; i < len(b); i++ {
		count[b[i]&127]--
	}
	diff := 0
	for _, s := range [2]string{a, b} {
		for i := 0; i < len(s); i++ {
			c := &count[s[i]&127]
			if *c < 0 {
				diff -= int(*c)
			} else {
				diff += int(*c)
			}
			*c = 0 // counted once
		}
	}
	if (diff+1)/2 > max {
		return max + 1
	}
	var prevA, curA [65]int
	prev, cur := prevA[:len(b)+1], curA[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], max+1)
}

// editDistance is the Levenshtein distance (up to 64 characters), for
// "did you mean" hints over short lists.
func editDistance(a, b string) int { return boundedDistance(a, b, 64) }
