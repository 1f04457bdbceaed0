package audit

import (
	"sort"
	"strings"

	"permwiz/assets"
)

// catalogue returns the embedded action catalogue, or nil when it cannot be
// decoded (a build defect that the assets tests catch); every caller copes
// with nil by skipping the checks that need it.
func catalogue() *assets.Catalogue {
	c, err := assets.LoadCatalogue()
	if err != nil {
		return nil
	}
	return c
}

// matchActions expands an IAM action pattern such as "kms:List*",
// "s3:*Object" or "kinesis:Get?hard*" into the qualified names of the
// catalogue's actions it matches ("kms:ListAliases", ...). Matching is
// case-insensitive; * matches any run of characters and ? exactly one, in
// both the service prefix and the action name. "*" alone matches every
// action. Results are in catalogue order (services, then action names).
// A pattern naming an unknown service matches nothing.
func matchActions(c *assets.Catalogue, pat string) []string {
	return actionsMemo.get(strings.ToLower(pat), func() []string { return matchActionsUncached(c, pat) })
}

// actionsMemo remembers expansions; callers must not modify the slices.
var actionsMemo memo[[]string]

func matchActionsUncached(c *assets.Catalogue, pat string) []string {
	if pat == "*" {
		pat = "*:*"
	}
	svcPat, actPat, ok := strings.Cut(pat, ":")
	if !ok {
		return nil
	}
	if !strings.ContainsAny(svcPat, "*?") {
		s, ok := c.Service(svcPat)
		if !ok {
			return nil
		}
		return serviceActions(s, actPat)
	}
	sg := globPattern(strings.ToLower(svcPat))
	var out []string
	for _, s := range c.Services() {
		if sg.match(strings.ToLower(s.Prefix)) {
			out = append(out, serviceActions(s, actPat)...)
		}
	}
	return out
}

// serviceActions returns the qualified names of the service's actions whose
// name matches the case-insensitive pattern, in catalogue order.
func serviceActions(s *assets.Service, pat string) []string {
	if !strings.ContainsAny(pat, "*?") {
		if a, ok := s.Action(pat); ok {
			return []string{a.FullName()}
		}
		return nil
	}
	lp := strings.ToLower(pat)
	names := s.LowerActionNames()
	if i := strings.IndexAny(lp, "*?"); i == len(lp)-1 && lp[i] == '*' {
		// "Describe*", the common case: the names are sorted, so the
		// matches are one run found by binary search.
		prefix := lp[:i]
		lo := sort.SearchStrings(names, prefix)
		var out []string
		for j := lo; j < len(names) && strings.HasPrefix(names[j], prefix); j++ {
			out = append(out, s.Actions[j].FullName())
		}
		return out
	}
	g := globPattern(lp)
	var out []string
	for i, n := range names {
		if g.match(n) {
			out = append(out, s.Actions[i].FullName())
		}
	}
	return out
}

// conditionKey looks a condition key up among the catalogue's service keys
// and the global keys, case-insensitively. Keys with a variable part match
// the catalogue's template: "kms:EncryptionContext:aws:kinesis:arn" finds
// "kms:EncryptionContext:${EncryptionContextKey}" and "aws:RequestTag/team"
// finds "aws:RequestTag/${TagKey}". Among several templates the most
// authoritative definition wins (see [assets.ConditionKeyInfo.Rank]), then
// the most specific one. The returned Key is the catalogue's (possibly
// templated) spelling.
func conditionKey(c *assets.Catalogue, key string) (assets.ConditionKeyInfo, bool) {
	if k, ok := c.ConditionKeyExact(key); ok {
		return k, true
	}
	lk := strings.ToLower(key)
	var best assets.ConditionKeyInfo
	bestRank, bestLen := -1, 0
	for _, k := range c.ConditionKeyTemplates(key) {
		t := keyTemplate(strings.ToLower(k.Key))
		if !t.match(lk) {
			continue
		}
		r := k.Rank(lk)
		if n := t.literalLen(); r > bestRank || r == bestRank && n > bestLen {
			best, bestRank, bestLen = k, r, n
		}
	}
	return best, bestRank >= 0
}

// expandActions returns the catalogue actions a pattern stands for. For a
// service outside the catalogue it returns the pattern itself, so that a
// caller still has something to evaluate.
func expandActions(c *assets.Catalogue, pat string) []string {
	if c == nil {
		return []string{pat}
	}
	svc, _, _ := strings.Cut(pat, ":")
	if _, ok := c.Service(svc); !ok && !strings.ContainsAny(svc, "*?") {
		return []string{pat}
	}
	if m := matchActions(c, pat); len(m) > 0 {
		return m[:len(m):len(m)] // shared: an append must copy
	}
	return []string{pat}
}

// arnFormatMatches reports whether a resource (which may hold wildcards and
// policy variables, see [policyPattern]) can have the shape of a catalogue
// ARN format such as "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
// (see [arnTemplate]). Two full ARNs are compared field by field, as
// ArnLike compares them, so a * in the region field stands for a region
// and not for the colons and fields after it; anything else (a format's or
// a resource's resource part alone) is compared whole.
func arnFormatMatches(format, resource string) bool {
	return shapesOverlap(formatShape(format), resourceShape(resource))
}

// actionTakesResource reports whether a catalogue action can be granted on
// the resource: "*" always; an ARN when it has the shape of one of the
// action's resource types. ok is false when the catalogue does not know the
// action, in which case callers must not draw conclusions.
func actionTakesResource(c *assets.Catalogue, action, resource string) (takes, ok bool) {
	if c == nil {
		return false, false
	}
	r := takesMemo.get(strings.ToLower(action)+"\x00"+resource, func() [2]bool {
		t, k := actionTakesResourceUncached(c, action, resource)
		return [2]bool{t, k}
	})
	return r[0], r[1]
}

var takesMemo memo[[2]bool]

func actionTakesResourceUncached(c *assets.Catalogue, action, resource string) (takes, ok bool) {
	a, found := c.LookupAction(action)
	if !found {
		return false, false
	}
	if resource == "*" {
		return true, true
	}
	if len(resource) > 2048 || strings.Count(resource, "*") > 8 {
		return true, true // too wild to judge; and bounds the matcher's work
	}
	if a.WildcardOnly() {
		return false, true
	}
	for _, rt := range a.ResourceTypes {
		t, found := c.ResourceType(a.Service, rt.Name)
		if !found {
			// A resource type of another service (the catalogue names some
			// with a prefix); do not judge.
			return true, true
		}
		rs := resourceShape(resource)
		for _, f := range t.ARNs {
			if shapesOverlap(formatShape(f), rs) {
				return true, true
			}
		}
	}
	return false, true
}
