package audit

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// AccessAnalyzerCheck names the IAM Access Analyzer policy check a rule
// corresponds to, as the "IAM policy validation check reference"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
// titles and codes it, so that a team used to Access Analyzer's findings
// recognises permwiz's. Rules without a counterpart are absent.
type AccessAnalyzerCheck struct {
	Title string `json:"title"` // e.g. "Error – Invalid action"
	Code  string `json:"code"`  // e.g. "INVALID_ACTION"
}

var accessAnalyzerChecks = map[string]AccessAnalyzerCheck{
	policy.RuleParse:               {"Error – Json syntax error", "JSON_SYNTAX_ERROR"},
	policy.RuleSize:                {"Error – Policy size exceeds identity policy quota", "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"},
	policy.RuleDuplicateSid:        {"Error – Unique Sids required", "UNIQUE_SIDS_REQUIRED"},
	policy.RuleSidFormat:           {"Error – Unsupported Sid", "UNSUPPORTED_SID"},
	policy.RuleActionFormat:        {"Error – Invalid action", "INVALID_ACTION"},
	policy.RuleUnknownAction:       {"Error – Invalid action", "INVALID_ACTION"},
	policy.RuleUnknownService:      {"Error – Invalid service", "INVALID_SERVICE"},
	policy.RuleARNFormat:           {"Error – Invalid ARN resource", "INVALID_ARN_RESOURCE"},
	policy.RulePartition:           {"Error – Invalid partition", "INVALID_PARTITION"},
	policy.RuleARNRegion:           {"Error – ARN Region not allowed", "ARN_REGION_NOT_ALLOWED"},
	policy.RuleARNAccount:          {"Error – ARN account not allowed", "ARN_ACCOUNT_NOT_ALLOWED"},
	policy.RuleOperator:            {"Error – Invalid condition operator", "INVALID_CONDITION_OPERATOR"},
	policy.RuleConditionKey:        {"Error – Invalid service condition key", "INVALID_SERVICE_CONDITION_KEY"},
	policy.RulePrincipalInIdentity: {"Error – Unsupported principal", "UNSUPPORTED_PRINCIPAL"},
	policy.RuleMissingPrincipal:    {"Error – Missing principal", "MISSING_PRINCIPAL"},
	policy.RuleMissingResource:     {"Error – Missing resource", "MISSING_RESOURCE"},
	policy.RuleInvalidPrincipal:    {"Error – Invalid principal format", "INVALID_PRINCIPAL_FORMAT"},
	policy.RulePassRoleWildcard:    {"Security Warning – Pass role with star in resource", "PASS_ROLE_WITH_STAR_IN_RESOURCE"},
	policy.RuleServiceWithoutSource: {"Security Warning – Restrict access to service principal",
		"RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"},
}

// AccessAnalyzer returns the Access Analyzer check a rule corresponds to.
func AccessAnalyzer(rule string) (AccessAnalyzerCheck, bool) {
	c, ok := accessAnalyzerChecks[rule]
	return c, ok
}

// Suppression silences findings a team has decided to live with: of one
// rule ("*" for every rule), optionally only in statements with a given
// Sid and only in files matching a glob. Reason is shown beside what it
// suppressed, so a reviewer sees the decision and why.
type Suppression struct {
	Rule   string `yaml:"rule" json:"rule"`
	Sid    string `yaml:"sid,omitempty" json:"sid,omitempty"`
	Files  string `yaml:"files,omitempty" json:"files,omitempty"` // a path.Match glob: "legacy/*.json" on the path, "*.bucket.json" on the name
	Reason string `yaml:"reason,omitempty" json:"reason,omitempty"`
}

// Suppressed is a finding a Suppression silenced.
type Suppressed struct {
	Finding
	Reason string `json:"reason,omitempty"`
}

// Matches reports whether the suppression covers a finding in file.
func (s Suppression) Matches(file string, f Finding) bool {
	if s.Rule != "*" && s.Rule != f.Rule {
		return false
	}
	if s.Sid != "" && s.Sid != f.Sid {
		return false
	}
	if s.Files != "" {
		// A glob with a '/' matches the path as given; one without, the
		// file's name ("*.bucket.json").
		name := filepath.ToSlash(file)
		if !strings.Contains(s.Files, "/") {
			name = path.Base(name)
		}
		if ok, _ := path.Match(s.Files, name); !ok {
			return false
		}
	}
	return true
}

// Suppress splits a file's findings into those kept and those a
// suppression silences.
func Suppress(file string, fs []Finding, sup []Suppression) (kept []Finding, suppressed []Suppressed) {
	if len(sup) == 0 {
		return fs, nil // nothing to suppress: fs as it is
	}
	kept = fs[:0:0]
	for _, f := range fs {
		hit := -1
		for i, s := range sup {
			if s.Matches(file, f) {
				hit = i
				break
			}
		}
		if hit < 0 {
			kept = append(kept, f)
			continue
		}
		suppressed = append(suppressed, Suppressed{Finding: f, Reason: sup[hit].Reason})
	}
	return kept, suppressed
}
