package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/permwiz/permwiz/assets"
	"github.com/permwiz/permwiz/policy"
)

// A permwiz statement's conditions are part of what it grants: the trust
// policy lets Amazon Personalize assume the role only for the account's own
// resources (aws:SourceAccount, aws:SourceArn), the Kinesis key policy lets
// producers use the key only through Kinesis and only for one stream. An
// existing Allow that grants the same principal the same access without
// those conditions makes them pointless while it stands, so it does not
// count as already granting permwiz's statement, and check reports it.

// refusal is one kind of request that a permwiz statement's conditions
// refuse: the statement's own request context with a condition key taken
// away, or with the source account swapped for another.
type refusal struct {
	ctx     map[string][]string
	source  bool   // the source keys (confused-deputy guard) are what differ
	account string // for source: the other account, "" when the keys are absent
	named   bool   // for source: the other account is one the policy names
	key     string // otherwise: the key taken away, or given another value
	value   string // the other value given to key ("" when it is taken away)
}

// maxForeignAccounts bounds the accounts tried per statement, so that a
// policy naming thousands of accounts cannot make the check slow.
const maxForeignAccounts = 8

// anotherAccount stands for an account that no policy names.
const anotherAccount = "000000000000"

// broaderGrants returns, for a permwiz statement s, one risk for every Allow
// statement of d that grants one of s's principals (directly, not through
// its account) one of s's actions on one of s's resources in a request that
// s's conditions refuse, and that d as a whole allows. Such a grant to a
// service principal without the source conditions is a confused deputy and
// blocks; any other is reported as risky.
func broaderGrants(d *policy.Document, s *policy.Statement) []Risk {
	if s.Effect != policy.Allow || len(s.Condition) == 0 {
		return nil
	}
	refusals := refusalsOf(d, s)
	if len(refusals) == 0 {
		return nil
	}
	var principals []string
	if s.Principal == nil {
		// An identity policy: whoever it is attached to.
		principals = []string{""}
	} else {
		for _, list := range []policy.Strings{s.Principal.Service, s.Principal.AWS, s.Principal.Federated, s.Principal.CanonicalUser} {
			principals = append(principals, list...)
		}
	}
	resources := []string(s.Resource)
	if len(resources) == 0 {
		resources = []string{""}
	}
	cat := catalogue()
	type finding struct {
		why        refusal
		keys       []string // every key whose absence it ignores
		widened    []string // "key = value": other values it lets through
		principals []string
		actions    []string
	}
	found := map[int]*finding{}
	var order []int
	addUnique := func(list []string, v string) []string {
		for _, x := range list {
			if x == v {
				return list
			}
		}
		return append(list, v)
	}
	for _, why := range refusals {
		for _, p := range principals {
			ctx := withPrincipal(why.ctx, p)
			if conditionsHold(s.Condition, ctx) {
				continue // not a request s refuses
			}
			for _, pattern := range s.Action {
				for _, r := range resources {
					for _, a := range actionsToTry(cat, d, pattern, p, r, ctx) {
						req := Request{Principal: p, Action: a, Resource: r, Context: ctx}
						if !Evaluate(d, req).Allowed() {
							continue
						}
						for i := range d.Statement {
							e := &d.Statement[i]
							if e.Effect != policy.Allow {
								continue
							}
							if via, ok := statementApplies(e, req); !ok || via {
								continue
							}
							f := found[i]
							if f == nil {
								f = &finding{why: why}
								found[i] = f
								order = append(order, i)
							}
							if !why.source && !f.why.source {
								if why.value == "" {
									f.keys = addUnique(f.keys, why.key)
								} else if !slices.Contains(f.keys, why.key) {
									f.widened = addUnique(f.widened, why.key+" = "+why.value)
								}
							}
							if why.source == f.why.source && why.account == f.why.account {
								f.principals = addUnique(f.principals, p)
								f.actions = addUnique(f.actions, pattern)
							}
						}
					}
				}
			}
		}
	}
	var out []Risk
	for _, i := range order {
		f := found[i]
		service := false
		for _, p := range f.principals {
			service = service || s.Principal != nil && slices.Contains(s.Principal.Service, p)
		}
		who := strings.Join(f.principals, ", ")
		if who == "" {
			who = "whoever holds this policy"
		}
		what := strings.Join(f.actions, ", ")
		own := sourceAccountOf(s.Condition)
		var msg string
		switch {
		case f.why.source && f.why.account == "":
			msg = fmt.Sprintf("lets %s %s for any account's resources (no aws:SourceAccount/aws:SourceArn): the confused-deputy guard permwiz adds has no effect while it stands; remove it or add the conditions", who, what)
		case f.why.source && f.why.named:
			msg = fmt.Sprintf("lets %s %s for the resources of account %s (its aws:SourceAccount/aws:SourceArn condition names %s, not %s): the confused-deputy guard permwiz adds does not stop that account; remove it unless account %s is meant to have this access", who, what, f.why.account, f.why.account, own, f.why.account)
		case f.why.source:
			msg = fmt.Sprintf("lets %s %s for any account's resources (its aws:SourceAccount/aws:SourceArn condition does not limit them to account %s): the confused-deputy guard permwiz adds has no effect while it stands; remove it or add the conditions", who, what, own)
		case len(f.keys) == 0 && len(f.widened) > 0:
			msg = fmt.Sprintf("lets %s %s with %s, which permwiz's %q refuses: its condition allows values permwiz's does not, so that limit has no effect while it stands; narrow or remove it if that is not intended", who, what, strings.Join(f.widened, " and "), s.Sid)
		default:
			noun := "condition"
			if len(f.keys) > 1 {
				noun = "conditions"
			}
			msg = fmt.Sprintf("lets %s %s without the %s %s that permwiz's %q carries, so that limit has no effect while it stands; narrow or remove it if that is not intended", who, what, strings.Join(f.keys, " and "), noun, s.Sid)
		}
		out = append(out, Risk{Path: stmtPath(i), Sid: d.Statement[i].Sid, Blocking: f.why.source && service, Defeats: s.Sid, Message: msg})
	}
	return out
}

// refusalsOf lists the requests s's conditions refuse that an existing grant
// might allow: s's context without every source key; with the source
// account swapped for each other account d names in a source condition,
// then for one that d does not name; and without each other key.
func refusalsOf(d *policy.Document, s *policy.Statement) []refusal {
	base := contextFrom(s.Condition)
	var guards, others []string
	for _, e := range s.Condition {
		if _, ok := base[e.Key]; !ok {
			continue // a negated or set operator: nothing to take away
		}
		if isSourceKey(e.Key) {
			guards = append(guards, e.Key)
		} else if !slices.Contains(others, e.Key) {
			others = append(others, e.Key)
		}
	}
	var out []refusal
	// The source refusals come first: a grant that ignores the
	// confused-deputy guard is reported as that, whatever else it ignores.
	if len(guards) > 0 {
		out = append(out, refusal{ctx: without(base, guards...), source: true})
		if own := sourceAccountOf(s.Condition); own != "" {
			swap := func(acct string, named bool) {
				ctx := without(base)
				for _, k := range guards {
					vals := make([]string, len(base[k]))
					for i, v := range base[k] {
						vals[i] = strings.ReplaceAll(v, own, acct)
					}
					ctx[k] = vals
				}
				out = append(out, refusal{ctx: ctx, source: true, account: acct, named: named})
			}
			for _, acct := range namedAccounts(d, own) {
				swap(acct, true)
			}
			swap(anotherAccount, false)
		}
	}
	for _, k := range others {
		out = append(out, refusal{ctx: without(base, k), key: k})
	}
	// A grant may keep the key but widen its values (a list naming another
	// stream, StringLike with *): each other value d names for the key, and
	// one that nobody names, stand for the requests s refuses.
	for _, k := range others {
		for _, v := range otherValues(d, k, base[k]) {
			ctx := without(base, k)
			ctx[k] = []string{v}
			out = append(out, refusal{ctx: ctx, key: k, value: v})
		}
	}
	return out
}

// otherValues returns values for key that differ from own: those d's
// conditions give it (without wildcards), then one made from own that no
// policy names (an ARN's last name replaced, a host name's first label),
// at most maxForeignAccounts of them.
func otherValues(d *policy.Document, key string, own []string) []string {
	if len(own) == 0 {
		return nil
	}
	seen := map[string]bool{}
	for _, v := range own {
		seen[v] = true
	}
	var out []string
	add := func(v string) {
		if !seen[v] && len(out) < maxForeignAccounts {
			seen[v] = true
			out = append(out, v)
		}
	}
	for i := range d.Statement {
		for _, e := range d.Statement[i].Condition {
			if !strings.EqualFold(e.Key, key) {
				continue
			}
			for _, v := range e.Values {
				if !hasWildcard(v) && !strings.Contains(v, "${") {
					add(v)
				}
			}
		}
	}
	add(unnamedLike(own[0]))
	return out
}

// unnamedLike returns a value shaped like v that no policy names: for an
// ARN its last name replaced (stream/orders → stream/permwiz-other), for a
// host name its first label (kinesis.us-west-2.amazonaws.com →
// permwiz-other.us-west-2.amazonaws.com), else v with a suffix.
func unnamedLike(v string) string {
	const other = "permwiz-other"
	if strings.HasPrefix(v, "arn:") {
		if i := strings.LastIndexAny(v, "/:"); i >= 0 && i < len(v)-1 {
			return v[:i+1] + other
		}
	}
	if i := strings.IndexByte(v, '.'); i > 0 {
		return other + v[i:]
	}
	return v + "-" + other
}

func isSourceKey(k string) bool {
	for _, s := range sourceKeys {
		if strings.EqualFold(s, k) {
			return true
		}
	}
	return false
}

// sourceAccountOf returns the account a permwiz statement's source
// conditions name: aws:SourceAccount, else the account of aws:SourceArn.
func sourceAccountOf(c policy.Condition) string {
	for _, e := range c {
		if strings.EqualFold(e.Key, "aws:SourceAccount") && len(e.Values) > 0 && policy.IsAccountID(e.Values[0]) {
			return e.Values[0]
		}
	}
	for _, e := range c {
		if strings.EqualFold(e.Key, "aws:SourceArn") && len(e.Values) > 0 {
			if a, err := policy.ParseARN(e.Values[0]); err == nil && policy.IsAccountID(a.Account) {
				return a.Account
			}
		}
	}
	return ""
}

// namedAccounts returns the accounts other than own that d's source
// conditions name, as account IDs or in ARNs, in order, at most
// maxForeignAccounts of them.
func namedAccounts(d *policy.Document, own string) []string {
	var out []string
	seen := map[string]bool{own: true}
	for i := range d.Statement {
		for _, e := range d.Statement[i].Condition {
			if !isSourceKey(e.Key) {
				continue
			}
			for _, v := range e.Values {
				acct := v
				if a, err := policy.ParseARN(v); err == nil {
					acct = a.Account
				}
				if policy.IsAccountID(acct) && !seen[acct] {
					seen[acct] = true
					out = append(out, acct)
					if len(out) == maxForeignAccounts {
						return out
					}
				}
			}
		}
	}
	return out
}

// without copies ctx leaving out keys.
func without(ctx map[string][]string, keys ...string) map[string][]string {
	out := make(map[string][]string, len(ctx))
outer:
	for k, v := range ctx {
		for _, drop := range keys {
			if strings.EqualFold(k, drop) {
				continue outer
			}
		}
		out[k] = v
	}
	return out
}

func conditionsHold(c policy.Condition, ctx map[string][]string) bool {
	for _, e := range c {
		if !conditionHolds(e, ctx) {
			return false
		}
	}
	return true
}

// actionsToTry returns the pattern itself when d can be matched against it
// as written, else the catalogue actions it stands for, so that a narrower
// wildcard in d ("kms:Describe*" under "kms:*") is found.
func actionsToTry(cat *assets.Catalogue, d *policy.Document, pattern, p, r string, ctx map[string][]string) []string {
	if !hasWildcard(pattern) || Evaluate(d, Request{Principal: p, Action: pattern, Resource: r, Context: ctx}).Allowed() {
		return []string{pattern}
	}
	return expandActions(cat, pattern)
}
