package audit

import (
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// sourceKeys are the condition keys that tie a service principal's access
// to the caller's account or resource (IAM confused-deputy guidance).
var sourceKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"}

func (l *linter) conditions(i int, s *policy.Statement) {
	for _, e := range s.Condition {
		elem := "Condition." + e.Operator
		if _, ok := parseOperator(e.Operator); !ok {
			l.add(SeverityError, policy.RuleOperator, i, elem, s.Sid, "%q is not a condition operator%s", e.Operator, suggestOperator(e.Operator))
		}
		if l.cat == nil {
			continue
		}
		prefix, _, ok := strings.Cut(e.Key, ":")
		if !ok {
			l.add(SeverityError, policy.RuleConditionKey, i, elem+"."+e.Key, s.Sid, "%q is not a condition key; keys look like aws:SourceAccount or kms:ViaService", e.Key)
			continue
		}
		if !l.cat.HasService(prefix) && !strings.EqualFold(prefix, "aws") {
			continue // a service outside the catalogue: not checked
		}
		if _, found := conditionKey(l.cat, e.Key); !found {
			l.add(SeverityError, policy.RuleConditionKey, i, elem+"."+e.Key, s.Sid, "%q is not a condition key AWS defines; a condition on an unknown key never matches", e.Key)
		}
	}
}

func suggestOperator(op string) string {
	best, bestD := "", 4
	for _, b := range baseOperators {
		if d := editDistance(strings.ToLower(b), strings.ToLower(op)); d < bestD {
			best, bestD = b, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func hasAnyKey(c policy.Condition, keys []string) bool {
	for _, e := range c {
		for _, k := range keys {
			if strings.EqualFold(e.Key, k) {
				return true
			}
		}
	}
	return false
}
