package audit

import (
	"fmt"
	"strings"

	"github.com/permwiz/permwiz/assets"
	"github.com/permwiz/permwiz/policy"
)

// Gap is something a permwiz statement grants that the existing policy does
// not: one principal, one resource, the actions it lacks there.
type Gap struct {
	Sid       string   `json:"sid"` // the permwiz statement that needs it
	Principal string   `json:"principal,omitempty"`
	Actions   []string `json:"actions"`
	Resource  string   `json:"resource,omitempty"`
	DeniedBy  string   `json:"deniedBy,omitempty"` // the Deny statement that blocks it, if one does
	Message   string   `json:"message"`
}

// Risk is something the existing policy does that is riskier than the setup
// needs, or that fails the check (Blocking): it stops the setup from
// working, or it defeats the confused-deputy guard of a permwiz statement.
type Risk struct {
	Path     string `json:"path"` // the statement; "" for the policy as a whole
	Sid      string `json:"sid,omitempty"`
	Blocking bool   `json:"blocking"`
	// Defeats is the Sid of the permwiz statement whose conditions this
	// statement makes pointless, by granting the same without them.
	Defeats string `json:"defeats,omitempty"`
	// Info marks a note about the policy rather than a risk of a statement.
	Info    bool   `json:"info,omitempty"`
	Message string `json:"message"`
}

// Grant says that a permwiz statement's access is already there, and how.
type Grant struct {
	Sid        string   `json:"sid"`
	By         []string `json:"by"` // Sids (or paths) of the existing statements that grant it
	ViaAccount bool     `json:"viaAccount,omitempty"`
	Message    string   `json:"message"`
}

// CheckReport is what `permwiz check` prints.
type CheckReport struct {
	Kind    string  `json:"kind"`
	Missing []Gap   `json:"missing"`
	Risks   []Risk  `json:"risks"`
	Granted []Grant `json:"granted"`
}

// Failed reports whether the setup cannot work with the existing policy:
// something is missing or something blocks it.
func (r *CheckReport) Failed() bool {
	if len(r.Missing) > 0 {
		return true
	}
	for _, k := range r.Risks {
		if k.Blocking {
			return true
		}
	}
	return false
}

// vpcKeys are the condition keys that tie access to a VPC. Personalize does
// not reach S3 through a VPC, so a bucket that requires one is closed to it
// (Personalize developer guide, "granting-personalize-s3-access").
var vpcKeys = []string{"aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp"}

// Check reports, for every statement permwiz would add to want (its Frame
// statements aside), the principals, actions and resources existing does
// not allow, and what existing grants that is riskier than needed or blocks
// the setup. existing is evaluated as the kind of want.
func Check(existing, want *policy.Document) CheckReport {
	rep := CheckReport{Kind: want.Kind.String(), Missing: []Gap{}, Risks: []Risk{}, Granted: []Grant{}}
	var wanted []string // every action requested, for the VPC rule
	var broader []Risk
	for i := range want.Statement {
		s := &want.Statement[i]
		if s.Frame || s.Effect != policy.Allow {
			continue
		}
		gaps, by, via := checkStatement(existing, s, want.Kind)
		rep.Missing = append(rep.Missing, gaps...)
		// A grant broader than s in its conditions does not count as
		// granting s: the risk it is reported as says what it does.
		wide := broaderGrants(existing, s)
		broader = append(broader, wide...)
		if via && len(gaps) > 0 {
			// Part granted, part missing: still say which principals rely on
			// the account grant, as that needs an IAM policy too.
			rep.Granted = append(rep.Granted, Grant{Sid: s.Sid, By: by, ViaAccount: true,
				Message: fmt.Sprintf("for %q, the IAM principals named are granted only through the account (%s), so each also needs an IAM policy that allows the actions", s.Sid, strings.Join(quoteAll(by), ", "))})
		}
		for _, a := range s.Action {
			wanted = append(wanted, a)
		}
		if len(gaps) == 0 && len(wide) == 0 {
			g := Grant{Sid: s.Sid, By: by, ViaAccount: via}
			g.Message = fmt.Sprintf("%q is already granted by %s", s.Sid, strings.Join(quoteAll(by), ", "))
			if via {
				g.Message += "; part of it is granted to the account as a whole, so the IAM principals named also need an IAM policy that allows it"
			}
			rep.Granted = append(rep.Granted, g)
		}
	}
	rep.Risks = append(risks(existing, want.Kind, wanted), broader...)
	for i := range want.Statement {
		s := &want.Statement[i]
		if !s.Frame {
			continue
		}
		// A frame statement is not what permwiz was asked for, so its
		// absence is not a gap; but without the key policy's account
		// statement the IAM policies permwiz writes for the key do nothing.
		if gaps, _, via := checkStatement(existing, s, want.Kind); len(gaps) > 0 || via {
			rep.Risks = append(rep.Risks, Risk{Info: true, Message: frameNote(want.Kind, s)})
		}
	}
	return rep
}

// frameNote says what a policy without one of permwiz's frame statements
// means. permwiz does not add a frame statement to an existing policy: the
// policy's owner may have left it out on purpose (a key only its key policy
// controls), and the statements permwiz adds name their principals directly.
func frameNote(kind policy.Kind, s *policy.Statement) string {
	if kind == policy.KindKey {
		return fmt.Sprintf("the policy has no account statement (like permwiz's %q, which allows the account root kms:*), so IAM policies that allow use of this key, such as role-kms-policy, have no effect on it; permwiz's statements name their principals directly, so the setup works without it", s.Sid)
	}
	return fmt.Sprintf("the policy has no statement like permwiz's %q (%s); permwiz does not add it to an existing policy", s.Sid, strings.TrimSuffix(s.Reason, "."))
}

// checkStatement evaluates every request a statement stands for and groups
// the denied ones by principal and resource.
func checkStatement(existing *policy.Document, s *policy.Statement, kind policy.Kind) (gaps []Gap, by []string, via bool) {
	cat := catalogue()
	base := contextFrom(s.Condition)
	principals := []string{""}
	if s.Principal != nil {
		principals = nil
		for _, list := range []policy.Strings{s.Principal.AWS, s.Principal.Service, s.Principal.Federated, s.Principal.CanonicalUser} {
			principals = append(principals, list...)
		}
		if s.Principal.Wildcard {
			principals = append(principals, "*")
		}
	}
	resources := []string(s.Resource)
	if len(resources) == 0 {
		resources = []string{""}
	}
	type groupKey struct{ principal, resource, deniedBy string }
	groups := map[groupKey][]string{}
	var order []groupKey
	seenBy := map[string]bool{}
	for _, p := range principals {
		ctx := withPrincipal(base, p)
		for _, pattern := range s.Action {
			for _, r := range resources {
				// A pattern the existing policy grants as written ("kms:*"
				// under "kms:*") is covered without expanding it.
				actions := []string{pattern}
				if d := Evaluate(existing, Request{Principal: p, Action: pattern, Resource: r, Context: ctx}); !d.Allowed() {
					actions = expandActions(cat, pattern)
				}
				for _, a := range actions {
					if r != "" && len(resources) > 1 {
						if takes, ok := actionTakesResource(cat, a, r); ok && !takes && anyTakes(cat, a, resources) {
							continue // e.g. s3:GetObject is not asked of the bucket ARN
						}
					}
					d := Evaluate(existing, Request{Principal: p, Action: a, Resource: r, Context: ctx})
					if d.Allowed() {
						name := d.Sid
						if name == "" {
							name = stmtPath(d.Index)
						}
						if !seenBy[name] {
							seenBy[name] = true
							by = append(by, name)
						}
						via = via || d.ViaAccount
						continue
					}
					k := groupKey{principal: p, resource: r}
					if d.Outcome == ExplicitDeny {
						k.deniedBy = stmtPath(d.Index)
						if d.Sid != "" {
							k.deniedBy += fmt.Sprintf(" (%q)", d.Sid)
						}
					}
					if _, ok := groups[k]; !ok {
						order = append(order, k)
					}
					groups[k] = append(groups[k], a)
				}
			}
		}
	}
	for _, k := range order {
		g := Gap{Sid: s.Sid, Principal: k.principal, Actions: groups[k], Resource: k.resource, DeniedBy: k.deniedBy}
		g.Message = gapMessage(kind, g)
		gaps = append(gaps, g)
	}
	return gaps, by, via
}

// anyTakes reports whether the action can be granted on one of rs.
func anyTakes(cat *assets.Catalogue, a string, rs []string) bool {
	for _, r := range rs {
		if takes, ok := actionTakesResource(cat, a, r); ok && takes {
			return true
		}
	}
	return false
}

func gapMessage(kind policy.Kind, g Gap) string {
	who := g.Principal
	if who == "" {
		who = "the identity it is attached to"
	}
	acts := g.Actions
	more := ""
	if len(acts) > 6 {
		more = fmt.Sprintf(" and %d more", len(acts)-6)
		acts = acts[:6]
	}
	where := ""
	if g.Resource != "" && !(kind == policy.KindKey && g.Resource == "*") {
		where = " on " + g.Resource
	}
	msg := fmt.Sprintf("the %s does not let %s %s%s%s", kind, who, strings.Join(acts, ", "), more, where)
	if g.DeniedBy != "" {
		msg += "; " + g.DeniedBy + " denies it"
	}
	return msg
}

// contextFrom turns the conditions of a permwiz statement into the request
// context its requests carry: the statement grants only requests that
// satisfy them, so those are the requests the existing policy must allow.
func contextFrom(c policy.Condition) map[string][]string {
	ctx := map[string][]string{}
	for _, e := range c {
		op, ok := parseOperator(e.Operator)
		if !ok || op.set != "" || op.negated() || op.base == "Null" {
			continue
		}
		switch op.base {
		case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool":
			ctx[e.Key] = append(ctx[e.Key], e.Values...)
		}
	}
	return ctx
}

// withPrincipal returns ctx plus the global condition keys AWS sets for
// the caller (IAM reference_policies_condition-keys), so that an existing
// Deny "unless aws:PrincipalArn is ..." exempts the principal it names: for
// a role or user its ARN and account, for a service its name. Keys the
// context already has are kept.
func withPrincipal(ctx map[string][]string, principal string) map[string][]string {
	out := make(map[string][]string, len(ctx)+3)
	for k, v := range ctx {
		out[k] = v
	}
	set := func(k, v string) {
		if _, ok := lookup(out, k); !ok {
			out[k] = []string{v}
		}
	}
	if a, err := policy.ParseARN(principal); err == nil && (a.Service == "iam" || a.Service == "sts") && policy.IsAccountID(a.Account) {
		set("aws:PrincipalArn", principal)
		set("aws:PrincipalAccount", a.Account)
		set("aws:PrincipalIsAWSService", "false")
	} else if strings.HasSuffix(principal, ".amazonaws.com") || strings.HasSuffix(principal, ".amazonaws.com.cn") {
		set("aws:PrincipalServiceName", principal)
		set("aws:PrincipalIsAWSService", "true")
	}
	return out
}

// risks lists what the existing policy grants beyond need, and conditions
// that block the setup.
func risks(d *policy.Document, kind policy.Kind, wanted []string) []Risk {
	out := []Risk{}
	for i := range d.Statement {
		s := &d.Statement[i]
		add := func(blocking bool, format string, args ...any) {
			out = append(out, Risk{Path: stmtPath(i), Sid: s.Sid, Blocking: blocking, Message: fmt.Sprintf(format, args...)})
		}
		if hasAnyKey(s.Condition, vpcKeys) && touches(s, wanted) {
			if s.Effect == policy.Deny {
				add(true, "denies requests that do not come through a VPC (aws:SourceVpc/aws:SourceVpce); Amazon Personalize does not reach S3 through a VPC, so it cannot use this bucket. Exclude the Personalize requests from this Deny, or use another bucket")
			} else {
				add(true, "allows only requests through a VPC (aws:SourceVpc/aws:SourceVpce); Amazon Personalize does not reach S3 through a VPC, so this grant cannot serve it")
			}
		}
		if s.Effect != policy.Allow {
			continue
		}
		if public(s.Principal) && len(s.Condition) == 0 {
			add(false, "grants %s to everyone (Principal \"*\" without a condition)", strings.Join(s.Action, ", "))
		}
		if p := s.Principal; p != nil && len(p.Service) > 0 {
			for _, a := range s.Action {
				if a == "*" || strings.HasSuffix(a, ":*") {
					add(false, "grants %s to %s; the setup needs only the actions permwiz lists", a, strings.Join(p.Service, ", "))
					break
				}
			}
		}
		if kind == policy.KindKey && grantsKMSAll(s.Action) && s.Principal != nil && !onlyAccountRoots(s.Principal) {
			add(false, "grants kms:* to a principal other than the account root: it can change this key policy and schedule the key's deletion")
		}
	}
	return out
}

// touches reports whether a statement's actions overlap the wanted ones.
func touches(s *policy.Statement, wanted []string) bool {
	for _, w := range wanted {
		for _, a := range s.Action {
			if actionMatches(a, w) || actionMatches(w, a) {
				return true
			}
		}
		if len(s.NotAction) > 0 && !anyMatch(s.NotAction, w, actionMatches) {
			return true
		}
	}
	return false
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		if strings.HasPrefix(s, "Statement[") {
			out[i] = s
		} else {
			out[i] = fmt.Sprintf("%q", s)
		}
	}
	return out
}
