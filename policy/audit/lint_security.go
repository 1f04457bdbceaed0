package audit

import (
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// security applies the security-warning rules to an Allow statement.
func (l *linter) security(i int, s *policy.Statement, actions expansion) {
	if p := s.Principal; p != nil && len(p.Service) > 0 && !hasAnyKey(s.Condition, sourceKeys) {
		l.add(SeveritySecurity, policy.RuleServiceWithoutSource, i, "Principal.Service", s.Sid,
			"%s may act here for any AWS account's resources (confused deputy); add an aws:SourceAccount or aws:SourceArn condition", strings.Join(p.Service, ", "))
	}
	if public(s.Principal) && len(s.Condition) == 0 {
		l.add(SeveritySecurity, policy.RulePublicPrincipal, i, "Principal", s.Sid, "Principal \"*\" without a condition grants this to everyone, in any AWS account and anonymous callers")
	}
	passRole := false
	for _, a := range s.Action {
		passRole = passRole || actionMatches(a, "iam:PassRole")
	}
	if passRole && (len(s.NotResource) > 0 || slices.Contains([]string(s.Resource), "*") || hasWildcardRole(s.Resource)) {
		l.add(SeveritySecurity, policy.RulePassRoleWildcard, i, "Resource", s.Sid, "iam:PassRole on every role lets the caller hand any role, including administrators, to a service; name the role's ARN")
	}
	if passRole {
		for _, r := range s.Resource {
			if strings.HasPrefix(r, "arn:") && strings.Contains(r, ":role/") && strings.Contains(r, "${") {
				l.add(SeveritySecurity, policy.RulePassRoleWildcard, i, "Resource", s.Sid, "iam:PassRole on %q: the policy variable makes it a different role for each caller, not the role you named; name the role's ARN", r)
			}
		}
	}
	if l.kind == policy.KindKey && grantsKMSAll(s.Action) {
		if p := s.Principal; p != nil && !onlyAccountRoots(p) {
			l.add(SeveritySecurity, policy.RuleKeyFullAccess, i, "Action", s.Sid, "kms:* to a principal other than the account root lets it change the key policy and schedule the key's deletion; grant only the actions it uses")
		}
	}
	if l.kind == policy.KindIdentity && slices.Contains([]string(s.Resource), "*") {
		takesARN := actions.star
	each:
		for _, m := range actions.each {
			for _, act := range m {
				if !act.WildcardOnly() {
					takesARN = true
					break each
				}
			}
		}
		if takesARN {
			l.add(SeveritySuggestion, policy.RuleWildcardResource, i, "Resource", s.Sid, "Resource \"*\" where some of the actions can be limited to specific resources")
		}
	}
}

// hasWildcardRole reports whether a resource list has a role ARN pattern
// as broad as "role/*".
func hasWildcardRole(rs policy.Strings) bool {
	for _, r := range rs {
		if a, err := policy.ParseARN(r); err == nil && a.Service == "iam" && (a.Resource == "*" || a.Resource == "role/*") {
			return true
		}
	}
	return false
}

func grantsKMSAll(actions policy.List) bool {
	for _, a := range actions {
		if a == "*" || strings.EqualFold(a, "kms:*") {
			return true
		}
	}
	return false
}
