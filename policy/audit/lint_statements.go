package audit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/permwiz/permwiz/assets"
	"github.com/permwiz/permwiz/policy"
)

// linter carries one run's state.
type linter struct {
	d     *policy.Document
	kind  policy.Kind
	cat   *assets.Catalogue
	out   []Finding
	parts map[string]string // partition → first place seen
}

func (l *linter) add(sev Severity, rule string, i int, elem, sid, format string, args ...any) {
	var path string
	switch {
	case i < 0:
		path = elem
	case elem != "":
		path = "Statement[" + strconv.Itoa(i) + "]." + elem // stmtPath(i) + "." + elem
	default:
		path = stmtPath(i)
	}
	l.out = append(l.out, Finding{Severity: sev, Rule: rule, Path: path, Sid: sid, Message: fmt.Sprintf(format, args...)})
}

// lintDocument applies every rule that looks at the parsed document.
func lintDocument(d *policy.Document, kind policy.Kind) []Finding {
	l := &linter{d: d, kind: kind, cat: catalogue(), parts: map[string]string{}}
	if d.Version == "2008-10-17" {
		l.add(SeverityWarning, policy.RuleVersion, -1, "Version", "",
			`"2008-10-17" is the legacy policy language: policy variables do not work under it and KMS rejects it in key policies; use "2012-10-17"`)
	}
	sids := map[string]int{}
	for i := range d.Statement {
		s := &d.Statement[i]
		if s.Sid != "" {
			if j, dup := sids[s.Sid]; dup {
				l.add(SeverityError, policy.RuleDuplicateSid, i, "Sid", s.Sid, "Sid %q is also the Sid of Statement[%d]; Sids must be unique within a policy", s.Sid, j)
			} else {
				sids[s.Sid] = i
			}
			if (kind == policy.KindIdentity || kind == policy.KindTrust) && !alnum(s.Sid) {
				l.add(SeverityError, policy.RuleSidFormat, i, "Sid", s.Sid, "IAM accepts only letters and digits in a Sid (key and bucket policies allow more); try %q", alnumOnly(s.Sid))
			}
		}
		l.statement(i, s)
	}
	if len(l.parts) > 1 {
		var list []string
		for _, p := range knownPartitions {
			if where, ok := l.parts[p]; ok {
				list = append(list, p+" ("+where+")")
			}
		}
		l.add(SeverityError, policy.RuleMixedPartitions, -1, "", "", "ARNs of more than one partition: %s; a policy lives in one partition, so some of them can never match", strings.Join(list, ", "))
	}
	return l.out
}

func (l *linter) statement(i int, s *policy.Statement) {
	hasPrincipal := s.Principal != nil || s.NotPrincipal != nil
	switch l.kind {
	case policy.KindIdentity:
		if hasPrincipal {
			l.add(SeverityError, policy.RulePrincipalInIdentity, i, "Principal", s.Sid, "an identity policy applies to whoever it is attached to and cannot name a Principal; IAM rejects it")
		}
	case policy.KindTrust, policy.KindKey, policy.KindBucket, policy.KindResource:
		if !hasPrincipal {
			l.add(SeverityError, policy.RuleMissingPrincipal, i, "", s.Sid, "%s statement must name a Principal", l.kind.WithArticle())
		}
	}
	hasResource := len(s.Resource)+len(s.NotResource) > 0
	switch l.kind {
	case policy.KindTrust:
		if hasResource {
			l.add(SeverityError, policy.RuleResourceInTrust, i, "Resource", s.Sid, "a trust policy's resource is the role itself; IAM rejects a Resource element here")
		}
	case policy.KindIdentity, policy.KindKey, policy.KindBucket, policy.KindResource:
		if !hasResource {
			l.add(SeverityError, policy.RuleMissingResource, i, "", s.Sid, "%s statement needs a Resource (in a key policy, \"*\" means this key)", l.kind.WithArticle())
		}
	}
	if s.Effect == policy.Allow && len(s.NotAction) > 0 {
		l.add(SeverityWarning, policy.RuleAllowNotAction, i, "NotAction", s.Sid, "Allow with NotAction grants every action not listed, including those of services AWS adds later; list the actions to allow instead")
	}
	if s.Effect == policy.Allow && len(s.NotResource) > 0 {
		l.add(SeverityWarning, policy.RuleAllowNotResource, i, "NotResource", s.Sid, "Allow with NotResource grants every resource not listed, including new ones; list the resources instead")
	}
	l.principal(i, s, "Principal", s.Principal)
	l.principal(i, s, "NotPrincipal", s.NotPrincipal)
	actions := l.actions(i, s, "Action", s.Action)
	l.actions(i, s, "NotAction", s.NotAction)
	for j, r := range s.Resource {
		l.resource(i, s, fmt.Sprintf("Resource[%d]", j), r)
	}
	for j, r := range s.NotResource {
		l.resource(i, s, fmt.Sprintf("NotResource[%d]", j), r)
	}
	l.conditions(i, s)
	if l.kind == policy.KindTrust {
		for _, a := range s.Action {
			la := strings.ToLower(a)
			if !strings.HasPrefix(la, "sts:") && la != "*" {
				l.add(SeverityError, policy.RuleTrustAction, i, "Action", s.Sid, "%s is not an action a trust policy can grant; use sts:AssumeRole (or AssumeRoleWithWebIdentity, AssumeRoleWithSAML, TagSession)", a)
			}
		}
	}
	if s.Effect == policy.Allow {
		l.security(i, s, actions)
		l.resourceFit(i, s, actions.each)
	}
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func alnumOnly(s string) string {
	var b strings.Builder
	up := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			if up {
				c -= 'a' - 'A'
			}
			b.WriteByte(c)
			up = false
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			b.WriteByte(c)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}
