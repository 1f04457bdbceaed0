package audit

import (
	"sort"
	"strings"
	"sync/atomic"

	"github.com/permwiz/permwiz/assets"
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
	return actionsMemo.get(strings.ToLower(pat), func() []string {
		acts := matchActionPtrs(c, pat)
		out := make([]string, len(acts))
		for i, a := range acts {
			out[i] = a.FullName()
		}
		return out
	})
}

// actionsMemo remembers expansions; callers must not modify the slices.
var actionsMemo memo[[]string]

// matchActionPtrs is matchActions returning the catalogue's actions, for
// lint, which asks about each action's resource types. Patterns are
// remembered as written (a pattern spelt in another case is another entry
// with the same answer), which spares lower-casing every action of every
// policy to look it up. The result is empty, not nil, when nothing matches.
func matchActionPtrs(c *assets.Catalogue, pat string) []*assets.Action {
	if !hasWildcard(pat) {
		// One action: finding it in its service costs no more than the
		// memo's look-up, and needs neither its lock nor its memory.
		if svc, name, ok := strings.Cut(pat, ":"); ok {
			if s, ok := c.Service(svc); ok {
				if i, ok := s.ActionIndex(name); ok {
					return s.Actions[i : i+1 : i+1] // shared: an append must copy
				}
			}
		}
		return []*assets.Action{}
	}
	return actionPtrsMemo.get(pat, func() []*assets.Action {
		out := matchActionsUncached(c, pat)
		if out == nil {
			out = []*assets.Action{}
		}
		return out
	})
}

var actionPtrsMemo memo[[]*assets.Action]

func matchActionsUncached(c *assets.Catalogue, pat string) []*assets.Action {
	if pat == "*" {
		pat = "*:*"
	}
	svcPat, actPat, ok := strings.Cut(pat, ":")
	if !ok {
		return nil
	}
	if !hasWildcard(svcPat) {
		s, ok := c.Service(svcPat)
		if !ok {
			return nil
		}
		return serviceActions(s, actPat)
	}
	sg := globPattern(strings.ToLower(svcPat))
	var out []*assets.Action
	for _, s := range c.Services() {
		if sg.match(strings.ToLower(s.Prefix)) {
			out = append(out, serviceActions(s, actPat)...)
		}
	}
	return out
}

// serviceActions returns the service's actions whose name matches the
// case-insensitive pattern, in catalogue order.
func serviceActions(s *assets.Service, pat string) []*assets.Action {
	if !hasWildcard(pat) {
		if a, ok := s.Action(pat); ok {
			return []*assets.Action{a}
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
		hi := lo
		for hi < len(names) && strings.HasPrefix(names[hi], prefix) {
			hi++
		}
		return s.Actions[lo:hi:hi] // shared: an append must copy
	}
	g := globPattern(lp)
	var out []*assets.Action
	for i, n := range names {
		if g.match(n) {
			out = append(out, s.Actions[i])
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
	if c != catalogue() {
		return conditionKeyUncached(c, key)
	}
	// The answer depends on the key alone (a corpus names the same keys
	// again and again; finding a templated one compiles the templates).
	a := conditionKeys.get(key, func() keyAnswer {
		k, ok := conditionKeyUncached(c, key)
		return keyAnswer{k, ok}
	})
	return a.info, a.ok
}

type keyAnswer struct {
	info assets.ConditionKeyInfo
	ok   bool
}

var conditionKeys memo[keyAnswer]

func conditionKeyUncached(c *assets.Catalogue, key string) (assets.ConditionKeyInfo, bool) {
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
	if _, ok := c.Service(svc); !ok && !hasWildcard(svc) {
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
	a, found := c.LookupAction(action)
	if !found {
		return false, false
	}
	return takesResource(c, a, resource), true
}

// takesResource is actionTakesResource for an action of the catalogue.
func takesResource(c *assets.Catalogue, a *assets.Action, resource string) bool {
	var fits *typeFits
	return takesResourceFits(c, a, resource, &fits)
}

// takesResourceFits is takesResource with the answer of resourceFits for
// the action's service and the resource kept in *fits (nil to look it up),
// for a caller asking about many actions of one service.
func takesResourceFits(c *assets.Catalogue, a *assets.Action, resource string, fits **typeFits) bool {
	if resource == "*" {
		return true
	}
	if len(resource) > 2048 || strings.Count(resource, "*") > 8 {
		return true // too wild to judge; and bounds the matcher's work
	}
	if a.WildcardOnly() {
		return false
	}
	for _, rt := range a.ResourceTypes {
		i, found := rt.TypeIndex()
		if !found {
			// A resource type of another service (the catalogue names some
			// with a prefix); do not judge.
			return true
		}
		if *fits == nil {
			if *fits = resourceFits(c, a.Service, resource); *fits == nil {
				return true
			}
		}
		if (*fits).fits(i) {
			return true
		}
	}
	return false
}

// typeFits answers, for one service and one resource, which of the
// service's resource types the resource can be an ARN of. Every action of
// the service asks the same question of the same resource, so the answer
// is kept per service and resource, and filled in per resource type as
// actions ask (a service has up to a hundred types; an action uses one or
// two).
type typeFits struct {
	svc      *assets.Service
	shapes   [][]*arnShape // serviceShapes(svc)
	resource *arnShape
	state    []atomic.Uint32 // per resource type: 0 not known yet, 1 fits, 2 does not
}

func (t *typeFits) fits(i int) bool {
	switch t.state[i].Load() {
	case 1:
		return true
	case 2:
		return false
	}
	fit := false
	for _, f := range t.shapes[i] {
		if shapesOverlap(f, t.resource) {
			fit = true
			break
		}
	}
	// Two goroutines may both compute it; they store the same answer.
	if fit {
		t.state[i].Store(1)
	} else {
		t.state[i].Store(2)
	}
	return fit
}

var fitsMemo memo[*typeFits]

func resourceFits(c *assets.Catalogue, service, resource string) *typeFits {
	return fitsMemo.get2(service, resource, func() *typeFits {
		s, ok := c.Service(service)
		if !ok {
			return nil
		}
		return &typeFits{svc: s, shapes: serviceShapes(s), resource: resourceShape(resource), state: make([]atomic.Uint32, len(s.ResourceTypes))}
	})
}

// serviceShapes returns the compiled ARN formats of each of a service's
// resource types (in the order of ResourceTypes and of their ARNs), so
// that matching a resource against a service's formats costs one look-up
// rather than one per format.
func serviceShapes(s *assets.Service) [][]*arnShape {
	return serviceShapesMemo.get(s.Prefix, func() [][]*arnShape {
		out := make([][]*arnShape, len(s.ResourceTypes))
		for i, t := range s.ResourceTypes {
			out[i] = make([]*arnShape, len(t.ARNs))
			for k, f := range t.ARNs {
				out[i][k] = formatShape(f)
			}
		}
		return out
	})
}

var serviceShapesMemo memo[[][]*arnShape]
