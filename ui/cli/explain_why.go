package cli

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// What is most likely missing, and the commands that fix it: the
// commands are the answers' apply plan's (apply.NextSteps), never
// re-derived here.

// missingFor says what is missing when permwiz statements grant the
// request: the document is not attached, or its statement is not merged.
func (x *explainer) missingFor(grants []ExplainGrant) {
	e := x.e
	seen := map[string]bool{}
	var parts []string
	for _, g := range grants {
		if seen[g.Doc] {
			continue
		}
		seen[g.Doc] = true
		doc := x.b.Doc(g.Doc)
		switch doc.Policy.Kind {
		case policy.KindIdentity:
			parts = append(parts, fmt.Sprintf("the %s of %s.json is not attached to %s, or not created yet: its statement %q grants this",
				policyName(x.plan, g.Doc), g.Doc, x.attachedTo(g.Doc), g.Sid))
		case policy.KindKey:
			parts = append(parts, fmt.Sprintf("permwiz's statement %q of %s is not in the key policy of %s: a key policy is one document, and the statements must be merged into it", g.Sid, g.Doc+".json", x.b.Key.ARN))
		case policy.KindBucket:
			parts = append(parts, fmt.Sprintf("permwiz's statement %q of %s is not in the bucket policy of %s: it must be merged into the bucket's policy", g.Sid, g.Doc+".json", x.b.Answers.Bucket))
		case policy.KindTrust:
			parts = append(parts, fmt.Sprintf("the trust policy of %s does not have permwiz's statement %q: Amazon Personalize may not assume the role", x.b.Role.ARN, g.Sid))
		}
		e.Fix = append(e.Fix, x.stepCommands(g.Doc)...)
	}
	if len(parts) == 1 {
		e.Missing = upperFirst(parts[0]) + "."
	} else {
		for i := range parts {
			parts[i] = fmt.Sprintf("(%d) %s", i+1, parts[i])
		}
		e.Missing = "Each of these grants it; check which is not in place: " + strings.Join(parts, "; ") + "."
	}
	if x.plan.Setup == wizard.SetupPersonalize && seen[wizard.DocUserPolicy] {
		switch p := x.d.Principal; p.Kind {
		case audit.PrincipalRole, audit.PrincipalAssumedRole:
			e.Notes = append(e.Notes, "The caller is the role "+p.Name+", not a user: attach the policy with aws iam attach-role-policy --role-name "+shellWord(p.Name)+" instead.")
		}
	}
	for _, g := range grants {
		if len(g.Assumed) > 0 {
			e.Notes = append(e.Notes, fmt.Sprintf("%q grants it only to calls that carry %s; the setup's calls do (the error does not show them).", g.Sid, contextWords(g.Assumed)))
			break
		}
	}
	if x.d.Cause == audit.CauseKeyUnreachable && x.b.Key.ARN != "" {
		e.Notes = append(e.Notes, "KMS gives this message too when the call went to another Region than the key's: the answers' key is in "+x.b.Key.Region+".")
	}
}

// notFixable explains a denial no Allow of permwiz's fixes.
func (x *explainer) notFixable(grants []ExplainGrant) {
	e, d := x.e, &x.d
	e.Verdict, e.Grants = VerdictNotFixable, grants
	has := ""
	if len(grants) > 0 {
		has = fmt.Sprintf("permwiz's %s (statement %q) does grant it, but ", grants[0].Doc, grants[0].Sid)
	}
	switch {
	case d.Cause == audit.CauseS3BlockPublicAccess:
		e.Missing = upperFirst(has + "an S3 Block Public Access setting refuses it; permwiz's documents grant no public access and do not change these settings.")
	case d.Cause == audit.CauseS3SSEC:
		e.Missing = upperFirst(has + "the bucket refuses uploads encrypted with customer-provided keys (SSE-C): upload with SSE-S3 or SSE-KMS instead; no policy changes this.")
	case d.Policy == audit.PolicySCP || d.Policy == audit.PolicyRCP:
		e.Missing = upperFirst(has + "a " + string(d.Policy) + " of your AWS Organization refuses it. permwiz's documents cannot fix that: only the organization's administrators can, in AWS Organizations.")
	case d.Policy == audit.PolicyBoundary:
		e.Missing = upperFirst(has + "the caller's permissions boundary does not let it through; a boundary caps what any policy grants, so attaching permwiz's policy does not fix it: the boundary must allow it.")
	case d.Policy == audit.PolicySession:
		e.Missing = upperFirst(has + "the session policy passed when the role was assumed does not allow it; assume the role without it, or with one that allows it.")
	case d.Policy == audit.PolicyVPCEndpoint:
		e.Missing = upperFirst(has + "the VPC endpoint the call went through has a policy that refuses it; permwiz writes no endpoint policies.")
	default:
		where := "a policy of your own"
		if d.Policy != "" {
			where = article(d.Policy) + " " + string(d.Policy)
		}
		e.Missing = upperFirst(has + "a Deny statement in " + where + " refuses it, and permwiz's documents have no Deny: adding an Allow never overrides it. Find the Deny and narrow it.")
		if d.PolicyARN != "" {
			e.Missing += " AWS names the policy: " + d.PolicyARN + "."
		}
		if d.Policy == audit.PolicyResource || d.Policy == "" {
			e.Fix = append(e.Fix, x.checkCommands()...)
		}
	}
}

// checkCommands fetch the key or bucket policy and run permwiz check on it,
// which names the Deny that blocks the setup.
func (x *explainer) checkCommands() []string {
	for _, kind := range []apply.StepID{apply.StepKeyPolicy, apply.StepBucketPolicy} {
		for _, s := range apply.NextSteps(x.plan) {
			if s.ID != kind || !x.touches(s.Doc) {
				continue
			}
			get := strings.SplitN(s.CLI, "\n", 2)[0]
			if !strings.Contains(get, " > ") {
				continue
			}
			file := get[strings.LastIndex(get, " > ")+3:]
			return []string{"# which statement denies it: fetch the current policy and let permwiz check name it", get,
				"permwiz check --doc " + s.Doc + " --answers answers.yaml " + file}
		}
	}
	return nil
}

// touches reports whether a document is about the denial's resource.
func (x *explainer) touches(doc string) bool {
	switch doc {
	case wizard.DocKMSKeyPolicy, wizard.DocKinesisKey:
		return strings.HasPrefix(x.d.Action(), "kms:")
	case wizard.DocS3BucketPolicy:
		return strings.HasPrefix(x.d.Action(), "s3:")
	}
	return false
}

// stepCommands are the commands of the plan's step that puts doc in place.
func (x *explainer) stepCommands(doc string) []string {
	for _, s := range apply.NextSteps(x.plan) {
		if s.Doc == doc {
			lines := strings.Split(s.CLI, "\n")
			for i, l := range lines {
				lines[i] = x.fillPlaceholder(doc, l)
			}
			return append([]string{fmt.Sprintf("# step %d of NEXT-STEPS.md: %s", s.N, s.Title)}, lines...)
		}
	}
	return nil
}

// iamName is what an IAM user or role name may hold; a name from the
// error is put into the commands only if it is one, so no text of the
// message can become shell syntax.
var iamName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\w+=,.@-]{1,128}$`) })

// fillPlaceholder puts the caller the error names into a command line of
// the plan in place of the placeholder that stands for it
// ('<user-name>', '<consumer-role-name>'...): the commands then fix the
// caller that was refused, with nothing left to fill in. A caller of
// another account than the answers', or of another kind than the
// placeholder's, leaves the line as it is.
func (x *explainer) fillPlaceholder(doc, line string) string {
	p := x.d.Principal
	if !iamName().MatchString(p.Name) || (p.Account != "" && p.Account != x.plan.Account) {
		return line
	}
	kind := apply.KindRole
	switch p.Kind {
	case audit.PrincipalUser:
		kind = apply.KindUser
	case audit.PrincipalRole, audit.PrincipalAssumedRole:
	default:
		return line
	}
	ph := map[string]string{wizard.DocUserPolicy: apply.PHUserName, wizard.DocKinesisProducer: apply.PHProducerRole,
		wizard.DocKinesisConsumer: apply.PHConsumerRole, wizard.DocKinesisAdmin: apply.PHAdminRoleName}[doc]
	if ph == "" || !strings.Contains(line, ph) {
		return line
	}
	phKind := apply.KindRole
	if ph == apply.PHUserName {
		phKind = apply.KindUser
	}
	switch {
	case kind == apply.KindRole && phKind == apply.KindUser:
		return line // a role where a user was meant: a note says how
	case kind == apply.KindUser && phKind == apply.KindRole:
		// A user refused a Kinesis call: the policy goes to the user.
		line = strings.ReplaceAll(line, "attach-role-policy --role-name", "attach-user-policy --user-name")
		line = strings.ReplaceAll(line, ":role/"+ph, ":user/"+ph)
	}
	line = strings.ReplaceAll(line, "'"+ph+"'", shellWord(p.Name))
	return strings.ReplaceAll(line, ph, p.Name)
}

// attachedTo names who a document is attached to in the plan.
func (x *explainer) attachedTo(doc string) string {
	if m, ok := x.plan.Policy(doc); ok {
		switch m.AttachTo {
		case apply.AttachRole:
			return "the service role " + x.b.Role.Name
		case apply.AttachUser:
			if x.d.Principal.Kind == audit.PrincipalUser {
				return "the user " + x.d.Principal.Name
			}
			return "the user or group that works with Personalize"
		default:
			switch p := x.d.Principal; p.Kind {
			case audit.PrincipalRole, audit.PrincipalAssumedRole:
				return "the role " + p.Name
			case audit.PrincipalUser:
				return "the user " + p.Name
			}
		}
	}
	if d := x.b.Doc(doc); d != nil {
		return d.Target
	}
	return "its principal"
}

func policyName(p *apply.Plan, doc string) string {
	if m, ok := p.Policy(doc); ok {
		return "policy " + m.Name
	}
	return "policy"
}

// who names the caller in plain words.
func (x *explainer) who() string {
	p, b := x.d.Principal, x.b
	account := b.Answers.AccountID
	other := ""
	if p.Account != "" && p.Account != account {
		other = " of account " + p.Account + " (the answers' account is " + account + ")"
	}
	switch p.Kind {
	case audit.PrincipalService:
		if p.Text == "personalize.amazonaws.com" {
			return "Amazon Personalize (" + p.Text + ")"
		}
		return "the service " + p.Text
	case audit.PrincipalAssumedRole:
		s := "the role " + p.Name
		if x.caller == b.Role.ARN && b.Role.ARN != "" {
			s = "the service role " + p.Name
		}
		return s + " (session " + p.Session + ")" + other
	case audit.PrincipalRole:
		if p.Text == b.Role.ARN {
			return "the service role " + p.Name
		}
		return "the role " + p.Name + other
	case audit.PrincipalUser:
		return "the IAM user " + p.Name + other
	case audit.PrincipalRoot:
		return "the root user of account " + p.Account
	case audit.PrincipalFederated:
		return "the federated user " + p.Name + other
	case audit.PrincipalAnonymous:
		return "an anonymous (unsigned) caller"
	}
	if p.Text != "" {
		return p.Text + " (an ID permwiz cannot read as a user or role)"
	}
	return "the caller (the message does not name it)"
}

func (x *explainer) refused(who string) string {
	d := &x.d
	what := strings.Join(d.Actions, ", ")
	if what == "" {
		what = "an action the message does not name"
	}
	on := ""
	switch {
	case d.Resource != "":
		on = " on " + d.Resource
	case d.Stream != "":
		on = " for records of stream " + d.Stream
	}
	verb := "was refused "
	if d.FromPersonalize() {
		verb = "could not use "
	}
	return upperFirst(who) + " " + verb + what + on + "."
}

func (x *explainer) requestWords(reqs []request) string {
	var parts []string
	for _, r := range reqs {
		s := r.action
		if r.resource != "" {
			s += " on " + r.resource
		}
		parts = append(parts, s)
	}
	who := x.caller
	if who == "" {
		who = "the caller"
	}
	return strings.Join(parts, ", ") + " to " + who
}

func contextWords(ctx map[string][]string) string {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " = " + strings.Join(ctx[k], ", ")
	}
	return strings.Join(parts, " and ")
}

func article(p audit.PolicyType) string {
	if p == audit.PolicyIdentity {
		return "an"
	}
	return "a"
}

func upperFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "permwiz") || strings.HasPrefix(s, "arn:") {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
