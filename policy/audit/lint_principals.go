package audit

import (
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

func (l *linter) principal(i int, s *policy.Statement, elem string, p *policy.Principal) {
	if p == nil {
		return
	}
	if p.IsEmpty() {
		l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem, s.Sid, "names nobody")
		return
	}
	for _, a := range p.AWS {
		switch {
		case a == "*" || policy.IsAccountID(a):
		case strings.HasPrefix(a, "arn:"):
			arn, err := policy.ParseARN(a)
			if err != nil {
				l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem+".AWS", s.Sid, "%q: %v", a, err)
				continue
			}
			l.partition(i, s, elem+".AWS", arn)
			if arn.Service != "iam" && arn.Service != "sts" {
				l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem+".AWS", s.Sid, "%q is not an IAM or STS principal ARN", a)
			} else if arn.Region != "" {
				l.add(SeverityError, policy.RuleARNRegion, i, elem+".AWS", s.Sid, "%q: IAM ARNs have no region; write arn:%s:%s::%s:%s", a, arn.Partition, arn.Service, arn.Account, arn.Resource)
			} else if !policy.IsAccountID(arn.Account) {
				l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem+".AWS", s.Sid, "%q: the account must be 12 digits", a)
			} else if strings.Contains(a, "${") {
				l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem+".AWS", s.Sid, "%q: a principal ARN cannot hold a policy variable (${...}); name the role or user, or use an aws:PrincipalArn condition", a)
			} else if strings.Contains(a, "*") {
				l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem+".AWS", s.Sid, "%q: a principal ARN cannot hold wildcards; use Principal \"*\" with an aws:PrincipalArn condition", a)
			}
		default:
			l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem+".AWS", s.Sid, "%q is neither \"*\", a 12-digit account ID nor an ARN", a)
		}
	}
	for _, svc := range p.Service {
		if svc != "*" && !strings.HasSuffix(svc, ".amazonaws.com") && !strings.HasSuffix(svc, ".amazonaws.com.cn") {
			l.add(SeverityError, policy.RuleInvalidPrincipal, i, elem+".Service", s.Sid, "%q is not a service principal (such as personalize.amazonaws.com)", svc)
		}
	}
}

func public(p *policy.Principal) bool {
	return p != nil && (p.Wildcard || slices.Contains([]string(p.AWS), "*"))
}

func onlyAccountRoots(p *policy.Principal) bool {
	if p.Wildcard || len(p.Service)+len(p.Federated)+len(p.CanonicalUser) > 0 || len(p.AWS) == 0 {
		return false
	}
	for _, a := range p.AWS {
		if _, ok := accountOf(a); !ok {
			return false
		}
	}
	return true
}
