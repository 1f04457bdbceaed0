package audit

import (
	"slices"
	"strings"

	"github.com/permwiz/permwiz/assets"
	"github.com/permwiz/permwiz/policy"
)

// knownPartitions are every ARN partition AWS has, including those permwiz
// does not build for: an ARN in aws-iso is odd here but not malformed.
var knownPartitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

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
	if hasWildcard(arn.Partition) {
		return
	}
	l.partition(i, s, elem, arn)
	l.region(i, s, elem, r, arn)
	if arn.Service == "kms" && strings.HasPrefix(arn.Resource, "key/") {
		if id := arn.Resource[len("key/"):]; !strings.ContainsAny(id, "*?$") && !policy.IsKMSKeyID(id) {
			l.add(SeverityError, policy.RuleARNFormat, i, elem, s.Sid, "%q: %q is not a KMS key ID; a key ARN ends in key/ and the key's ID, a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab or a multi-Region key's mrk- ID (aws kms describe-key shows the ARN)", r, id)
		}
	}
	if l.cat == nil || hasWildcard(arn.Service) {
		return
	}
	svc, ok := l.cat.Service(arn.Service)
	if !ok {
		return
	}
	// Which of the service's resource types could this be? If every one of
	// them has no region (or no account), the ARN must not have one.
	fit := fitMemo.get2(svc.Prefix, arn.Resource, func() resourceFitInfo {
		info := resourceFitInfo{regionless: true, accountless: true}
		ru := resourceShape(arn.Resource).wholeUnits()
		shapes := serviceShapes(svc)
		for ti, rt := range svc.ResourceTypes {
			for k, f := range rt.ARNs {
				fs := shapes[ti][k]
				if !fs.six || !unitsOverlap(fs.fields[5], ru) {
					continue
				}
				if info.first == "" {
					info.first = f
				}
				info.regionless = info.regionless && fs.regionless
				info.accountless = info.accountless && fs.accountless
			}
		}
		return info
	})
	if fit.first == "" {
		return
	}
	// A region or account that is all wildcards ("*") may be empty, as
	// these ARNs' are: arn:aws:s3::*:b names bucket b.
	if fit.regionless && !mayBeEmpty(arn.Region) {
		l.add(SeverityError, policy.RuleARNRegion, i, elem, s.Sid, "%q: %s ARNs of this kind have no region (%s); the ARN matches nothing", r, arn.Service, fit.first)
	}
	if fit.accountless && !mayBeEmpty(arn.Account) {
		l.add(SeverityError, policy.RuleARNAccount, i, elem, s.Sid, "%q: %s ARNs of this kind have no account (%s); the ARN matches nothing", r, arn.Service, fit.first)
	}
	if !fit.accountless && arn.Account != "" && !policy.IsAccountID(arn.Account) && !strings.ContainsAny(arn.Account, "*?$") && arn.Account != "aws" {
		l.add(SeverityError, policy.RuleARNFormat, i, elem, s.Sid, "%q: the account %q is not 12 digits", r, arn.Account)
	}
}

// resourceFitInfo is what a service's ARN formats say about a resource part.
type resourceFitInfo struct {
	first                   string // the first format the resource part fits; "" for none
	regionless, accountless bool   // every format it fits has no region / no account
}

var fitMemo memo[resourceFitInfo]

// mayBeEmpty reports whether an ARN field pattern matches the empty field.
func mayBeEmpty(field string) bool { return policyPattern(field).match("") }

// resourceFit warns about actions that cannot be granted on any of the
// statement's resources, per the catalogue's resource types.
func (l *linter) resourceFit(i int, s *policy.Statement, each [][]*assets.Action) {
	if l.cat == nil || len(s.Resource) == 0 || slices.Contains([]string(s.Resource), "*") || l.kind == policy.KindKey || l.kind == policy.KindTrust {
		return
	}
	for j, pattern := range s.Action {
		expanded := each[j]
		if expanded == nil {
			expanded = matchActionPtrs(l.cat, pattern) // "*", or one actions() did not expand
		}
		if len(expanded) == 0 {
			continue
		}
		usable, wildcardOnly := 0, 0
		// Per resource, what it fits among the types of the service of
		// the actions at hand (a pattern's actions are mostly of one).
		fits := make([]*typeFits, len(s.Resource))
		fitsOf := ""
	actions:
		for _, a := range expanded {
			if a.Service != fitsOf {
				clear(fits)
				fitsOf = a.Service
			}
			for k, r := range s.Resource {
				if takesResourceFits(l.cat, a, r, &fits[k]) {
					usable++
					break actions // one is enough: the pattern grants something
				}
			}
			if a.WildcardOnly() {
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
}
