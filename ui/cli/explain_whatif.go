package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/wizard"
)

// When no permwiz statement grants the refused request as answered, these
// ask what would: the bucket, key or stream the answers name instead of the
// one in the error; the role the answers name instead of the caller; or
// answers with one more workflow, key use, Kinesis policy, producer or
// consumer. Each is the same evaluation on a rebuilt bundle, never a guess.

// differentResource: would the documents grant it on the answers' own
// bucket, key or stream?
func (x *explainer) differentResource(reqs []request) bool {
	b := x.b
	var sub []request
	var theirs, ours, flag string
	for _, r := range reqs {
		mine := x.setupResource(r.action)
		if mine == "" || r.resource == "" || sameResource(r.resource, mine) {
			sub = append(sub, r)
			continue
		}
		switch {
		case strings.HasPrefix(r.action, "s3:"):
			theirs, ours, flag = bucketOf(r.resource), b.Answers.Bucket, wizard.Flag(wizard.FieldBucket)
		case strings.HasPrefix(r.action, "kms:"):
			theirs, ours, flag = r.resource, b.Key.ARN, wizard.Flag(wizard.FieldKMSKeyARN)
		case strings.HasPrefix(r.action, "kinesis:"):
			theirs, ours, flag = r.resource, b.Stream.ARN, wizard.Flag(wizard.FieldStream)
		case r.action == "sts:AssumeRole" || r.action == "iam:PassRole":
			theirs, ours, flag = r.resource, b.Role.ARN, wizard.Flag(wizard.FieldRoleARN)
		default:
			sub = append(sub, r)
			continue
		}
		sub = append(sub, request{r.action, mine})
	}
	if flag == "" {
		return false
	}
	grants := x.grants(b, sub, x.caller)
	if len(grants) == 0 {
		return false
	}
	e := x.e
	e.Verdict, e.Grants = VerdictDifferentResource, grants
	e.Missing = fmt.Sprintf("A different resource than the answers name: the error is about %s, the answers about %s. permwiz's %s grants this for %s only.",
		theirs, ours, grants[0].Doc, ours)
	value := theirs
	if flag == "--stream" {
		value = theirs[strings.LastIndex(theirs, "/")+1:]
	}
	e.Fix = append(e.Fix, "# if "+theirs+" is the one you mean, build the documents for it and apply them again:",
		regenerate(flag+" "+shellWord(value)),
		"# otherwise point the job or client at "+ours)
	return true
}

// sameResource compares an error's resource with the answers' (an S3 object
// of the answers' bucket is the bucket's).
func sameResource(theirs, ours string) bool {
	if b := bucketOf(theirs); b != "" {
		return b == bucketOf(ours)
	}
	return theirs == ours
}

// differentPrincipal: would the key, bucket or trust policy grant it to the
// service role the answers name, where the error names another role?
func (x *explainer) differentPrincipal(reqs []request) bool {
	b, p := x.b, x.d.Principal
	if b.Role.ARN == "" || x.caller == "" || x.caller == b.Role.ARN || (p.Kind != audit.PrincipalRole && p.Kind != audit.PrincipalAssumedRole) {
		return false
	}
	grants := x.grants(b, reqs, b.Role.ARN)
	grants = slices.DeleteFunc(grants, func(g ExplainGrant) bool { return b.Doc(g.Doc).Policy.Kind == policy.KindIdentity })
	if len(grants) == 0 {
		return false
	}
	e := x.e
	e.Verdict, e.Grants = VerdictDifferentPrincipal, grants
	e.Missing = fmt.Sprintf("A different role than the answers name: permwiz's %s grants this to the service role %s; the error names the role %s.",
		grants[0].Doc, b.Role.ARN, p.Name)
	e.Fix = append(e.Fix, "# if "+p.Name+" is the role Amazon Personalize should use, build the documents for it (its ARN with its path: aws iam get-role --role-name "+shellWord(p.Name)+" --query Role.Arn):",
		regenerate(wizard.Flag(wizard.FieldRoleARN)+" "+shellWord(x.caller)),
		"# otherwise give Personalize the role "+b.Role.ARN+" (the roleArn of the job or dataset group)")
	return true
}

// notChosen: would one more answer make a document grant it?
func (x *explainer) notChosen(reqs []request) bool {
	for _, v := range x.variants() {
		nb, err := wizard.Build(v.answers)
		if err != nil {
			continue
		}
		grants := x.grants(nb, reqs, x.caller)
		if len(grants) == 0 {
			continue
		}
		e := x.e
		e.Verdict, e.Grants = VerdictNotChosen, grants
		e.Missing = fmt.Sprintf("%s was not chosen: with it, permwiz's %s grants this (statement %q). The answers as given do not ask for it.",
			upperFirst(v.what), grants[0].Doc, grants[0].Sid)
		e.Fix = append(e.Fix, "# rebuild with it, then apply what changed (NEXT-STEPS.md lists the steps):", regenerate(v.flags))
		return true
	}
	return false
}

type variant struct {
	what, flags string
	answers     wizard.Answers
}

// variants are the answers with one more choice each, in the order a
// person would most likely have missed them.
func (x *explainer) variants() []variant {
	a := x.b.Answers
	var out []variant
	if a.Setup == wizard.SetupKinesis {
		for _, p := range wizard.AllKinesisPolicies {
			if !a.Wants(p) {
				v := a
				v.Policies = append(slices.Clone(a.Policies), p)
				out = append(out, variant{"the " + string(p) + " policy", wizard.Flag(wizard.FieldPolicies) + " " + joinList(v.Policies), v})
			}
		}
		if c := x.caller; c != "" && x.d.Principal.Kind != audit.PrincipalService {
			name := c
			if p := x.d.Principal; p.Name != "" {
				name = "the " + strings.TrimPrefix(string(p.Kind), "assumed-") + " " + p.Name
			}
			if !slices.Contains(a.Producers, c) {
				v := a
				v.Producers = append(slices.Clone(a.Producers), c)
				out = append(out, variant{name + " as a producer", wizard.Flag(wizard.FieldProducers) + " " + shellWord(strings.Join(v.Producers, ",")), v})
			}
			if !slices.Contains(a.Consumers, c) {
				v := a
				v.Consumers = append(slices.Clone(a.Consumers), c)
				out = append(out, variant{name + " as a consumer", wizard.Flag(wizard.FieldConsumers) + " " + shellWord(strings.Join(v.Consumers, ",")), v})
			}
		}
		return out
	}
	for _, w := range wizard.AllWorkflows {
		if !a.Has(w) {
			v := a
			v.Workflows = append(slices.Clone(a.Workflows), w)
			out = append(out, variant{"the " + string(w) + " workflow", wizard.Flag(wizard.FieldWorkflows) + " " + joinList(v.Workflows), v})
		}
	}
	if a.KMSKeyARN != "" {
		for _, u := range wizard.AllKeyUses {
			if !a.KeyEncrypts(u) {
				v := a
				v.KeyUse = append(slices.Clone(a.KeyUse), u)
				out = append(out, variant{"the key on the " + strings.ReplaceAll(string(u), "-", " "), wizard.Flag(wizard.FieldKeyUse) + " " + joinList(v.KeyUse), v})
			}
		}
	}
	return out
}

func joinList[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ",")
}

// regenerate is the command that rebuilds the setup with changed answers.
func regenerate(flags string) string {
	return "permwiz generate --answers answers.yaml " + flags + " --format cli --out ./setup"
}

// shellWord quotes s for a POSIX shell unless it holds only characters no
// shell interprets.
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@+", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
