package audit

import (
	"fmt"
	"slices"
	"strings"

	"permwiz/assets"
	"permwiz/policy"
)

// knownPartitions are every ARN partition AWS has, including those permwiz
// does not build for: an ARN in aws-iso is odd here but not malformed.
var knownPartitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// sourceKeys are the condition keys that tie a service principal's access
// to the caller's account or resource (IAM confused-deputy guidance).
var sourceKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"}

// linter carries one run's state.
type linter struct {
	d     *policy.Document
	kind  policy.Kind
	cat   *assets.Catalogue
	out   []Finding
	parts map[string]string // partition → first place seen
}

func (l *linter) add(sev Severity, rule string, i int, elem, sid, format string, args ...interface{}) {
	path := stmtPath(i)
	if i < 0 {
		path = elem
	} else if elem != "" {
		path += "." + elem
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
	case policy.KindTrust, policy.KindKey, policy.KindBucket:
		if !hasPrincipal {
			l.add(SeverityError, policy.RuleMissingPrincipal, i, "", s.Sid, "a %s statement must name a Principal", l.kind)
		}
	}
	hasResource := len(s.Resource)+len(s.NotResource) > 0
	switch l.kind {
	case policy.KindTrust:
		if hasResource {
			l.add(SeverityError, policy.RuleResourceInTrust, i, "Resource", s.Sid, "a trust policy's resource is the role itself; IAM rejects a Resource element here")
		}
	case policy.KindIdentity, policy.KindKey, policy.KindBucket:
		if !hasResource {
			l.add(SeverityError, policy.RuleMissingResource, i, "", s.Sid, "a %s statement needs a Resource (in a key policy, \"*\" means this key)", l.kind)
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
		l.resourceFit(i, s, actions)
	}
}

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

func (l *linter) partition(i int, s *policy.Statement, elem string, arn policy.ARN) {
	known := false
	for _, p := range knownPartitions {
		known = known || p == arn.Partition
	}
	if !known {
		l.add(SeverityError, policy.RulePartition, i, elem, s.Sid, "%q is not an AWS partition; use aws, aws-cn (China) or aws-us-gov (GovCloud)", arn.Partition)
		return
	}
	if _, seen := l.parts[arn.Partition]; !seen {
		l.parts[arn.Partition] = stmtPath(i) + "." + elem
	}
}

// region reports an ARN whose region belongs to another partition than the
// ARN's, such as arn:aws-cn:kms:us-east-1:...: no resource has that ARN. It
// judges only the partitions permwiz knows the regions of.
func (l *linter) region(i int, s *policy.Statement, elem, r string, arn policy.ARN) {
	p := policy.PartitionByID(arn.Partition)
	if p == nil || arn.Region == "" || strings.ContainsAny(arn.Region, "*?$") {
		return
	}
	if rp := policy.PartitionOfRegion(arn.Region); rp != nil && rp != p {
		l.add(SeverityError, policy.RulePartition, i, elem, s.Sid, "%q: the region %s is in the %s partition (%s), not in %s (%s); the ARN matches nothing. Use arn:%s:... for %s, or a region of %s such as %s",
			r, arn.Region, rp.ID, rp.Name, p.ID, p.Name, rp.ID, arn.Region, p.ID, exampleRegion(p))
	}
}

// exampleRegion is a region of p to suggest: us-east-1 where there is one.
func exampleRegion(p *policy.Partition) string {
	if p.HasRegion("us-east-1") {
		return "us-east-1"
	}
	return p.Regions[0]
}

func (l *linter) resource(i int, s *policy.Statement, elem, r string) {
	if r == "*" {
		return
	}
	if l.kind == policy.KindKey {
		if strings.HasPrefix(r, "arn:") {
			l.add(SeveritySuggestion, policy.RuleKeyResource, i, elem, s.Sid, "in a key policy the resource is always the key itself; AWS writes \"*\"")
		}
	}
	arn, err := policy.ParseARN(r)
	if err != nil {
		l.add(SeverityError, policy.RuleARNFormat, i, elem, s.Sid, "%q: %v", r, err)
		return
	}
	if strings.ContainsAny(arn.Partition, "*?") {
		return
	}
	l.partition(i, s, elem, arn)
	l.region(i, s, elem, r, arn)
	if arn.Service == "kms" && strings.HasPrefix(arn.Resource, "key/") {
		if id := arn.Resource[len("key/"):]; !strings.ContainsAny(id, "*?$") && !policy.IsKMSKeyID(id) {
			l.add(SeverityError, policy.RuleARNFormat, i, elem, s.Sid, "%q: %q is not a KMS key ID; a key ARN ends in key/ and the key's ID, a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab or a multi-Region key's mrk- ID (aws kms describe-key shows the ARN)", r, id)
		}
	}
	if l.cat == nil || strings.ContainsAny(arn.Service, "*?") {
		return
	}
	svc, ok := l.cat.Service(arn.Service)
	if !ok {
		return
	}
	// Which of the service's resource types could this be? If every one of
	// them has no region (or no account), the ARN must not have one.
	var fits []string
	for _, rt := range svc.ResourceTypes {
		for _, f := range rt.ARNs {
			if fa, err := policy.ParseARN(strings.NewReplacer("${Partition}", "p").Replace(f)); err == nil && arnFormatMatches(fa.Resource, arn.Resource) {
				fits = append(fits, f)
			}
		}
	}
	if len(fits) == 0 {
		return
	}
	regionless, accountless := true, true
	for _, f := range fits {
		fa, _ := policy.ParseARN(strings.NewReplacer("${Partition}", "p").Replace(f))
		regionless = regionless && fa.Region == ""
		accountless = accountless && fa.Account == ""
	}
	if regionless && arn.Region != "" {
		l.add(SeverityError, policy.RuleARNRegion, i, elem, s.Sid, "%q: %s ARNs of this kind have no region (%s); the ARN matches nothing", r, arn.Service, fits[0])
	}
	if accountless && arn.Account != "" {
		l.add(SeverityError, policy.RuleARNAccount, i, elem, s.Sid, "%q: %s ARNs of this kind have no account (%s); the ARN matches nothing", r, arn.Service, fits[0])
	}
	if !accountless && arn.Account != "" && !policy.IsAccountID(arn.Account) && !strings.ContainsAny(arn.Account, "*?$") && arn.Account != "aws" {
		l.add(SeverityError, policy.RuleARNFormat, i, elem, s.Sid, "%q: the account %q is not 12 digits", r, arn.Account)
	}
}

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
		if _, known := l.cat.Service(prefix); !known && !strings.EqualFold(prefix, "aws") {
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

// security applies the security-warning rules to an Allow statement.
func (l *linter) security(i int, s *policy.Statement, actions []string) {
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
	if l.kind == policy.KindKey && grantsKMSAll(s.Action) {
		if p := s.Principal; p != nil && !onlyAccountRoots(p) {
			l.add(SeveritySecurity, policy.RuleKeyFullAccess, i, "Action", s.Sid, "kms:* to a principal other than the account root lets it change the key policy and schedule the key's deletion; grant only the actions it uses")
		}
	}
	if l.kind == policy.KindIdentity && slices.Contains([]string(s.Resource), "*") {
		takesARN := false
		for _, a := range actions {
			if a == "*" {
				takesARN = true
				break
			}
			if act, ok := l.cat.LookupAction(a); ok && !act.WildcardOnly() {
				takesARN = true
				break
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

// resourceFit warns about actions that cannot be granted on any of the
// statement's resources, per the catalogue's resource types.
func (l *linter) resourceFit(i int, s *policy.Statement, actions []string) {
	if l.cat == nil || len(s.Resource) == 0 || slices.Contains([]string(s.Resource), "*") || l.kind == policy.KindKey || l.kind == policy.KindTrust {
		return
	}
	for _, pattern := range s.Action {
		expanded := matchActions(l.cat, pattern)
		if len(expanded) == 0 {
			continue
		}
		usable, wildcardOnly := 0, 0
		for _, a := range expanded {
			for _, r := range s.Resource {
				if takes, ok := actionTakesResource(l.cat, a, r); !ok || takes {
					usable++
					break
				}
			}
			if act, ok := l.cat.LookupAction(a); ok && act.WildcardOnly() {
				wildcardOnly++
			}
		}
		switch {
		case usable > 0:
		case wildcardOnly == len(expanded):
			l.add(SeverityWarning, policy.RuleActionResource, i, "Resource", s.Sid, "%s works only with Resource \"*\"; on %s it grants nothing", pattern, strings.Join(s.Resource, ", "))
		default:
			l.add(SeverityWarning, policy.RuleActionResource, i, "Resource", s.Sid, "%s cannot be granted on %s: none of its resource types has that ARN shape, so the statement grants nothing for it", pattern, strings.Join(s.Resource, ", "))
		}
	}
	_ = actions
}

func public(p *policy.Principal) bool {
	return p != nil && (p.Wildcard || slices.Contains([]string(p.AWS), "*"))
}

func grantsKMSAll(actions policy.List) bool {
	for _, a := range actions {
		if a == "*" || strings.EqualFold(a, "kms:*") {
			return true
		}
	}
	return false
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
