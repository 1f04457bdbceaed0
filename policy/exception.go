package policy

// Exception records a deliberate departure from a lint rule.
type Exception struct {
	Rule string
	Why  string
}

// Rule IDs name the lint rules of package audit. They live in the model
// because an [Exception] names the rule a statement breaks on purpose, and
// the builders that declare exceptions must not depend on the analysis.
const (
	RuleParse                = "parse-error"
	RuleCharacters           = "invalid-character"
	RuleSize                 = "policy-size"
	RuleDuplicateSid         = "duplicate-sid"
	RuleSidFormat            = "invalid-sid"
	RuleVersion              = "legacy-version"
	RuleActionFormat         = "invalid-action"
	RuleUnknownAction        = "unknown-action"
	RuleUncheckedService     = "unchecked-service"
	RuleUnknownService       = "unknown-service"
	RuleARNFormat            = "invalid-arn"
	RulePartition            = "wrong-partition"
	RuleMixedPartitions      = "mixed-partitions"
	RuleARNRegion            = "arn-region-not-allowed"
	RuleARNAccount           = "arn-account-not-allowed"
	RuleOperator             = "invalid-condition-operator"
	RuleConditionKey         = "unknown-condition-key"
	RulePrincipalInIdentity  = "principal-in-identity-policy"
	RuleResourceInTrust      = "resource-in-trust-policy"
	RuleMissingPrincipal     = "missing-principal"
	RuleMissingResource      = "missing-resource"
	RuleInvalidPrincipal     = "invalid-principal"
	RuleServiceWithoutSource = "service-principal-without-source"
	RulePassRoleWildcard     = "pass-role-wildcard"
	RulePublicPrincipal      = "public-principal"
	RuleKeyFullAccess        = "key-policy-full-access"
	RuleAllowNotAction       = "allow-not-action"
	RuleAllowNotResource     = "allow-not-resource"
	RuleWildcardResource     = "wildcard-resource"
	RuleActionResource       = "action-resource-mismatch"
	RuleTrustAction          = "trust-action"
	RuleKindUnknown          = "kind-unknown"
	RuleKeyResource          = "key-policy-resource"
)

// KnownExceptions maps the Sids of permwiz's own statements to the lint
// rules they break on purpose, so that linting a saved permwiz document
// reports those as deliberate rather than as findings.
type KnownExceptions map[string][]Exception
