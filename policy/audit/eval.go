package audit

import (
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// Request is one call to evaluate against a policy: who, what, on which
// resource, with which request context.
type Request struct {
	// Principal is the caller: an IAM ARN (role, user, account root), an
	// account ID, or a service principal such as personalize.amazonaws.com.
	// Empty means "the identity the policy is attached to" and matches the
	// principal-less statements of identity policies.
	Principal string
	Action    string // qualified, e.g. "kms:CreateGrant"
	Resource  string
	// Context holds the request's condition keys. Keys are compared
	// case-insensitively; a key that is absent is absent, as in AWS.
	Context map[string][]string
}

// Outcome is the result of evaluating one policy.
type Outcome string

// The three outcomes of evaluating a single policy.
const (
	Allowed      Outcome = "Allow"
	ExplicitDeny Outcome = "ExplicitDeny"
	ImplicitDeny Outcome = "ImplicitDeny"
)

// Decision is the outcome and the statement that decided it.
type Decision struct {
	Outcome Outcome
	// Index is the deciding statement's position, -1 for ImplicitDeny.
	Index int
	Sid   string
	// ViaAccount is set when the allow comes only from an account
	// principal (account ID or :root) and the caller is a principal inside
	// that account: the account is granted, and the caller still needs an
	// IAM policy of its own.
	ViaAccount bool
}

// Allowed reports whether the policy allows the request.
func (d Decision) Allowed() bool { return d.Outcome == Allowed }

// Evaluate decides a request against one policy as IAM does for a single
// policy: an explicit Deny wins, then any Allow, else the request is
// implicitly denied. It does not combine several policies (identity,
// resource, SCP, boundary); callers that need that combine Decisions.
func Evaluate(d *policy.Document, r Request) Decision {
	allow := Decision{Outcome: ImplicitDeny, Index: -1}
	for i := range d.Statement {
		s := &d.Statement[i]
		via, ok := statementApplies(s, r)
		if !ok {
			continue
		}
		if s.Effect == policy.Deny {
			return Decision{Outcome: ExplicitDeny, Index: i, Sid: s.Sid}
		}
		// Prefer a direct grant over one through the account.
		if allow.Outcome != Allowed || (allow.ViaAccount && !via) {
			allow = Decision{Outcome: Allowed, Index: i, Sid: s.Sid, ViaAccount: via}
		}
	}
	return allow
}

// statementApplies reports whether every element of s matches r; via is
// set when the principal matched only as a member of an account principal.
func statementApplies(s *policy.Statement, r Request) (via, ok bool) {
	if s.Principal != nil {
		m, v := principalMatches(s.Principal, r.Principal)
		if !m {
			return false, false
		}
		via = v
	}
	if s.NotPrincipal != nil && notPrincipalExempts(s.NotPrincipal, r.Principal) {
		return false, false
	}
	if len(s.Action) > 0 && !anyMatch(s.Action, r.Action, actionMatches) {
		return false, false
	}
	if len(s.NotAction) > 0 && anyMatch(s.NotAction, r.Action, actionMatches) {
		return false, false
	}
	res := func(p, v string) bool { return resourceMatches(evalPattern(p, r.Context), v) }
	if len(s.Resource) > 0 && !anyMatch(s.Resource, r.Resource, res) {
		return false, false
	}
	if len(s.NotResource) > 0 && anyMatch(s.NotResource, r.Resource, res) {
		return false, false
	}
	for _, e := range s.Condition {
		if !conditionHolds(e, r.Context) {
			return false, false
		}
	}
	return via, true
}

func anyMatch[T ~[]string](patterns T, v string, match func(p, v string) bool) bool {
	for _, p := range patterns {
		if match(p, v) {
			return true
		}
	}
	return false
}

// principalMatches reports whether p names the caller. An account principal
// (an account ID or arn:P:iam::ACCOUNT:root) matches the root itself
// directly and any other principal of that account through the account
// (via = true).
func principalMatches(p *policy.Principal, caller string) (match, via bool) {
	if p.Wildcard {
		return true, false
	}
	for _, a := range p.AWS {
		if a == "*" {
			return true, false
		}
		if strings.EqualFold(a, caller) {
			return true, false
		}
		if acct, isAccount := accountOf(a); isAccount {
			callerAcct, callerIsAccount := accountOf(caller)
			if callerIsAccount && callerAcct == acct {
				return true, false
			}
			if arn, err := policy.ParseARN(caller); err == nil && arn.Account == acct {
				via = true
			}
		}
	}
	if via {
		return true, true
	}
	for _, svc := range p.Service {
		if svc == "*" || strings.EqualFold(svc, caller) {
			return true, false
		}
	}
	for _, f := range p.Federated {
		if strings.EqualFold(f, caller) {
			return true, false
		}
	}
	for _, c := range p.CanonicalUser {
		if c == caller {
			return true, false
		}
	}
	return false, false
}

// notPrincipalExempts reports whether NotPrincipal leaves the caller out.
// Unlike Principal it is not expanded: listing an account exempts only the
// account root, not the account's roles and users. A request is made by
// every identity in the caller's chain (a role's request comes from one of
// its assumed-role sessions, of the role, of the account), and the
// statement applies unless each of them is listed, so a role is exempt only
// when its ARN, an assumed-role session of it and its account are all
// listed (IAM reference_policies_elements_notprincipal).
func notPrincipalExempts(p *policy.Principal, caller string) bool {
	if p.Wildcard {
		return true
	}
	listed := func(id string) bool {
		for _, list := range []policy.Strings{p.AWS, p.Service, p.Federated} {
			for _, v := range list {
				if strings.EqualFold(v, id) {
					return true
				}
			}
		}
		for _, v := range p.CanonicalUser {
			if v == id {
				return true
			}
		}
		return false
	}
	if acct, ok := accountOf(caller); ok {
		return listsAccount(p, acct) // the ID and the root ARN are one identity
	}
	a, err := policy.ParseARN(caller)
	if err != nil {
		return listed(caller) // a service or canonical user
	}
	accountListed := listsAccount(p, a.Account)
	kind, rest, _ := strings.Cut(a.Resource, "/")
	switch {
	case a.Service == "iam" && kind == "role":
		name := rest[strings.LastIndexByte(rest, '/')+1:]
		return listed(caller) && accountListed && hasSession(p, a.Partition, a.Account, name)
	case a.Service == "sts" && kind == "assumed-role":
		name, _, _ := strings.Cut(rest, "/")
		return listed(caller) && accountListed && hasRole(p, a.Account, name)
	case a.Service == "iam" || a.Service == "sts":
		return listed(caller) && accountListed
	}
	return listed(caller)
}

// listsAccount reports whether p lists the account, by ID or root ARN.
func listsAccount(p *policy.Principal, account string) bool {
	for _, v := range p.AWS {
		if acct, ok := accountOf(v); ok && acct == account {
			return true
		}
	}
	return false
}

// hasSession reports whether p lists an assumed-role session of the role.
func hasSession(p *policy.Principal, partition, account, role string) bool {
	prefix := "arn:" + partition + ":sts::" + account + ":assumed-role/" + role + "/"
	for _, v := range p.AWS {
		if len(v) > len(prefix) && strings.EqualFold(v[:len(prefix)], prefix) {
			return true
		}
	}
	return false
}

// hasRole reports whether p lists a role of the account with that name,
// under any path (the session ARN does not carry the role's path).
func hasRole(p *policy.Principal, account, role string) bool {
	for _, v := range p.AWS {
		a, err := policy.ParseARN(v)
		if err != nil || a.Service != "iam" || a.Account != account || !strings.HasPrefix(a.Resource, "role/") {
			continue
		}
		if strings.EqualFold(a.Resource[strings.LastIndexByte(a.Resource, '/')+1:], role) {
			return true
		}
	}
	return false
}

// accountOf returns the account of an account principal: a bare 12-digit
// ID or arn:P:iam::ID:root.
func accountOf(p string) (string, bool) {
	if policy.IsAccountID(p) {
		return p, true
	}
	if a, err := policy.ParseARN(p); err == nil && a.Service == "iam" && a.Resource == "root" && policy.IsAccountID(a.Account) {
		return a.Account, true
	}
	return "", false
}
