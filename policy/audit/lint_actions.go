package audit

import (
	"strings"

	"permwiz/policy"
)

// actions checks each action and returns the catalogue actions the element
// stands for (for the rules that need them).
func (l *linter) actions(i int, s *policy.Statement, elem string, list policy.List) []string {
	var all []string
	for _, a := range list {
		if a == "*" {
			all = append(all, "*")
			continue
		}
		svc, name, ok := strings.Cut(a, ":")
		if !ok || svc == "" || name == "" || !validPrefix(svc) || strings.ContainsAny(name, " :") {
			l.add(SeverityError, policy.RuleActionFormat, i, elem, s.Sid, "%q is not an action; write service:Action, such as kms:Decrypt", a)
			continue
		}
		if l.cat == nil {
			continue
		}
		if _, known := l.cat.Service(svc); !known && !strings.ContainsAny(svc, "*?") {
			if near := l.nearService(svc); near != "" {
				l.add(SeverityError, policy.RuleUnknownService, i, elem, s.Sid, "%q: there is no service %q; did you mean %s?", a, svc, near)
				continue
			}
			l.add(SeveritySuggestion, policy.RuleUncheckedService, i, elem, s.Sid, "%q: permwiz's catalogue covers personalize, kms, s3, kinesis, iam, sts and cloudwatch only; this action was not checked", a)
			all = append(all, a)
			continue
		}
		m := matchActions(l.cat, a)
		if len(m) == 0 {
			if strings.ContainsAny(a, "*?") {
				l.add(SeverityError, policy.RuleUnknownAction, i, elem, s.Sid, "%q matches no %s action", a, svc)
			} else {
				l.add(SeverityError, policy.RuleUnknownAction, i, elem, s.Sid, "%q: %s has no action %q%s", a, svc, name, l.suggest(svc, name))
			}
			continue
		}
		all = append(all, m...)
	}
	return all
}

// nearService returns the catalogue service whose prefix is a likely typo
// of svc ("personalise", "kinesys"), or "". The catalogue holds only the
// services permwiz deals with, so a prefix far from all of them may be any
// other real service and is not judged.
func (l *linter) nearService(svc string) string {
	ls := strings.ToLower(svc)
	for _, s := range l.cat.Services {
		if d := editDistance(ls, s.Prefix); d > 0 && d <= 2 && len(ls) > 3 {
			return s.Prefix
		}
	}
	return ""
}

func (l *linter) suggest(svc, name string) string {
	s, ok := l.cat.Service(svc)
	if !ok {
		return ""
	}
	best, bestD := "", 4
	for _, n := range s.ActionNames() {
		if d := editDistance(strings.ToLower(n), strings.ToLower(name)); d < bestD {
			best, bestD = n, d
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

// editDistance is the Levenshtein distance, for "did you mean" hints.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
