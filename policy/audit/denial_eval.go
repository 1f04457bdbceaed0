package audit

import "github.com/permwiz/permwiz/policy"

// EvaluateIntended decides a request that came the way the policy's own
// Allow statements expect: for each of them in turn, the request carries
// what its conditions ask for (kms:ViaService, aws:SourceAccount, the
// stream's encryption context, iam:PassedToService, as Check assumes) plus
// the global keys AWS sets for the principal, and the first context under
// which the whole policy allows it wins. An access-denied message gives
// the principal, action and resource but not the request context, so this
// is the question "would this policy allow it, if the call came the way the
// setup makes it". It returns the decision and the context it assumed
// (nil when none was needed, or when nothing allows it).
func EvaluateIntended(d *policy.Document, r Request) (Decision, map[string][]string) {
	base := withPrincipal(r.Context, r.Principal)
	plain := r
	plain.Context = base
	first := Evaluate(d, plain)
	if first.Outcome == ExplicitDeny || (first.Allowed() && !first.ViaAccount) {
		return first, nil
	}
	// Nothing, or only an account statement, allows it as it stands: try
	// the contexts the statements ask for, for a direct grant.
	best := first
	for i := range d.Statement {
		s := &d.Statement[i]
		if s.Effect != policy.Allow || len(s.Condition) == 0 {
			continue
		}
		ctx := contextFrom(s.Condition)
		for k, v := range base {
			if _, ok := lookup(ctx, k); !ok {
				ctx[k] = v
			}
		}
		try := r
		try.Context = ctx
		dec := Evaluate(d, try)
		if dec.Allowed() && !dec.ViaAccount {
			return dec, contextFrom(s.Condition)
		}
		if dec.Outcome == ExplicitDeny {
			best = dec
		}
	}
	return best, nil
}
