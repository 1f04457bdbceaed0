package cli

import (
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// Explanation is what `permwiz explain` says about one access-denied error
// for one set of answers: who was refused what, which permwiz statement
// grants exactly that (the request played through the documents with
// audit.EvaluateIntended), what is most likely missing and the commands
// that fix it, taken from the answers' apply plan.
type Explanation struct {
	Denial  audit.Denial `json:"denial"`
	Who     string       `json:"who"`     // the caller in plain words
	Refused string       `json:"refused"` // who was refused what on which resource
	Blames  string       `json:"blames"`  // what AWS blames, in words
	Verdict Verdict      `json:"verdict"`
	// Grants are the permwiz statements that grant exactly the refused
	// request for these answers (or, for VerdictDifferent* and
	// VerdictNotChosen, for the answers the fix names).
	Grants  []ExplainGrant `json:"grants"`
	Missing string         `json:"missing"` // what is most likely missing, in a sentence
	Fix     []string       `json:"fix"`     // commands, one per line ("#" lines are comments)
	Notes   []string       `json:"notes"`
}

// ExplainGrant is one permwiz statement that grants the refused request.
type ExplainGrant struct {
	Doc     string   `json:"doc"`
	Sid     string   `json:"sid"`
	Title   string   `json:"title"`
	Target  string   `json:"target"`
	Actions []string `json:"actions"`
	// Assumed is the request context the grant needs and the error does not
	// show (such as kms:ViaService), as the setup's own calls carry it.
	Assumed map[string][]string `json:"assumedContext,omitempty"`
}

// Verdict sums up an explanation.
type Verdict string

// The verdicts. Only VerdictGranted exits 0: a permwiz document grants
// exactly the refused request for these answers.
const (
	VerdictGranted            Verdict = "granted"             // a permwiz statement grants it: it is missing where it belongs
	VerdictDifferentResource  Verdict = "different-resource"  // it would, for the bucket, key or stream the answers name
	VerdictDifferentPrincipal Verdict = "different-principal" // it would, for the role or principal the answers name
	VerdictNotChosen          Verdict = "not-chosen"          // it would, with a workflow, key use or policy not chosen
	VerdictNotFixable         Verdict = "not-fixable"         // an explicit deny, an SCP, a boundary...: no Allow fixes it
	VerdictOutside            Verdict = "outside"             // no permwiz document grants it for any answers
)

// Explained reports whether a permwiz document grants the refused request
// as answered (exit 0).
func (e *Explanation) Explained() bool { return e.Verdict == VerdictGranted }

// ExplainDenial plays a parsed denial through the bundle's documents.
func ExplainDenial(b *wizard.Bundle, d audit.Denial) Explanation {
	x := explainer{b: b, d: d, plan: apply.PlanFor(b)}
	x.caller = x.callerARN()
	e := Explanation{Denial: d, Who: x.who(), Blames: d.Kind(), Grants: []ExplainGrant{}, Fix: []string{}, Notes: []string{}}
	e.Refused = x.refused(e.Who)
	x.e = &e
	if d.FromPersonalize() && d.Code == "" {
		e.Notes = append(e.Notes, "permwiz read this as an Amazon Personalize failure reason by what it names; AWS does not list their wording.")
	}
	x.explain()
	return e
}

type explainer struct {
	b      *wizard.Bundle
	d      audit.Denial
	plan   *apply.Plan
	caller string // the caller as the documents name it ("" when unknown)
	e      *Explanation
}

// request is one refused action on one resource.
type request struct{ action, resource string }

func (x *explainer) explain() {
	e, d := x.e, &x.d
	if x.otherStream() {
		return
	}
	reqs := x.requests()
	if len(reqs) == 0 {
		e.Verdict = VerdictOutside
		e.Missing = "The message names no action, so nothing can be played through the documents."
		return
	}
	grants := x.grants(x.b, reqs, x.caller)
	if !d.Fixable() {
		x.notFixable(grants)
		return
	}
	if len(grants) > 0 {
		e.Verdict, e.Grants = VerdictGranted, grants
		x.missingFor(grants)
		return
	}
	if x.differentResource(reqs) || x.differentPrincipal(reqs) || x.notChosen(reqs) {
		return
	}
	e.Verdict = VerdictOutside
	e.Missing = "Outside what this setup grants: no permwiz document for these answers allows " + x.requestWords(reqs) +
		", and no other workflow, key use or policy would. Its permission has to come from a policy of your own."
	for _, at := range x.b.Attachments {
		e.Notes = append(e.Notes, "The answers also attach the AWS managed "+at.Name+" to the "+at.To+"; permwiz does not evaluate AWS managed policies, so check whether it covers this.")
	}
}

// otherStream: Kinesis named a stream other than the answers'.
func (x *explainer) otherStream() bool {
	s := x.d.Stream
	if s == "" || x.b.Stream.Name == "" {
		return false
	}
	name := s[strings.LastIndex(s, "/")+1:]
	if name == x.b.Stream.Name {
		return false
	}
	e := x.e
	e.Verdict = VerdictDifferentResource
	e.Missing = "A different stream than the answers name: the error is about " + s + ", the answers about " + x.b.Stream.ARN + "."
	e.Fix = append(e.Fix, "# if "+name+" is the stream you mean, build the documents for it and apply them again:",
		regenerate(wizard.Flag(wizard.FieldStream)+" "+shellWord(name)))
	return true
}

// requests are the refused actions with the resource each is checked on:
// the message's resource, or where it names none, the resource of the
// answers that the action applies to (said in a note).
func (x *explainer) requests() []request {
	var out []request
	for _, a := range x.d.Actions {
		res := x.d.Resource
		if x.d.Cause == audit.CausePersonalizeS3 && res != "" {
			res = policy.BucketARN(x.b.Partition, bucketOf(res))
		}
		if strings.HasPrefix(a, "s3:") && res != "" && bucketOf(res) == res[strings.LastIndex(res, ":")+1:] && a != "s3:ListBucket" {
			res += "/*" // object actions apply to the bucket's objects
		}
		if res == "" {
			res = x.setupResource(a)
			if res != "" && len(out) == 0 {
				x.e.Notes = append(x.e.Notes, "The message names no resource; permwiz checked "+res+", the one the answers name.")
			}
		}
		out = append(out, request{a, res})
	}
	return out
}

// setupResource is the resource of the answers an action applies to.
func (x *explainer) setupResource(action string) string {
	b := x.b
	switch svc, _, _ := strings.Cut(action, ":"); svc {
	case "kms":
		return b.Key.ARN
	case "kinesis":
		return b.Stream.ARN
	case "s3":
		if b.Answers.Bucket == "" {
			return ""
		}
		if action == "s3:ListBucket" {
			return policy.BucketARN(b.Partition, b.Answers.Bucket)
		}
		return policy.ObjectsARN(b.Partition, b.Answers.Bucket)
	case "sts":
		return b.Role.ARN
	case "iam":
		return b.Role.ARN
	}
	return ""
}

// grants plays each request through every document of b and returns the
// permwiz statements that allow it (account statements, which only hand
// the decision to IAM policies, do not count).
func (x *explainer) grants(b *wizard.Bundle, reqs []request, caller string) []ExplainGrant {
	var out []ExplainGrant
	for _, r := range reqs {
		for i := range b.Docs {
			doc := &b.Docs[i]
			if !x.blames(doc.Policy.Kind) || !x.attachable(b, doc, caller) || !governs(b, doc, r.resource) {
				continue
			}
			for _, p := range x.principalsFor(doc, caller) {
				dec, ctx := audit.EvaluateIntended(doc.Policy, audit.Request{Principal: p, Action: r.action, Resource: r.resource})
				if !dec.Allowed() || dec.ViaAccount || doc.Policy.Statement[dec.Index].Frame {
					continue
				}
				out = addGrant(out, ExplainGrant{Doc: doc.ID, Sid: dec.Sid, Title: doc.Title, Target: doc.Target, Actions: []string{r.action}, Assumed: ctx})
				break
			}
		}
	}
	return out
}

// governs reports whether a resource policy is the policy of the resource:
// a key policy (whose Resource "*" means "this key") governs only the
// answers' key, a trust policy only the service role.
func governs(b *wizard.Bundle, doc *wizard.Doc, resource string) bool {
	switch doc.Policy.Kind {
	case policy.KindKey:
		return resource == b.Key.ARN
	case policy.KindTrust:
		return resource == "" || resource == b.Role.ARN
	}
	return true
}

// addGrant adds a grant, folding the actions of one statement together.
func addGrant(list []ExplainGrant, g ExplainGrant) []ExplainGrant {
	for i := range list {
		if list[i].Doc == g.Doc && list[i].Sid == g.Sid {
			if !slices.Contains(list[i].Actions, g.Actions[0]) {
				list[i].Actions = append(list[i].Actions, g.Actions[0])
			}
			return list
		}
	}
	return append(list, g)
}

// attachable reports whether an identity document could be the caller's:
// the service role's policies for the service role (and for Amazon
// Personalize, which works through it), the user policy for anyone else of
// the answers' account. A policy of the answers' account cannot be attached
// to another account's principal; resource policies are for anyone they
// name.
func (x *explainer) attachable(b *wizard.Bundle, doc *wizard.Doc, caller string) bool {
	if doc.Policy.Kind != policy.KindIdentity {
		return true
	}
	p := x.d.Principal
	if b.Answers.Setup == wizard.SetupKinesis {
		return p.Account == "" || p.Account == b.Answers.AccountID ||
			slices.Contains(b.Answers.Producers, caller) || slices.Contains(b.Answers.Consumers, caller)
	}
	if x.d.FromPersonalize() {
		return doc.ID != wizard.DocUserPolicy
	}
	switch p.Kind {
	case audit.PrincipalUnknown, "":
		return true
	case audit.PrincipalService, audit.PrincipalAnonymous:
		return false
	}
	if p.Account != b.Answers.AccountID {
		return false
	}
	if doc.ID == wizard.DocUserPolicy {
		return caller != b.Role.ARN
	}
	return caller == b.Role.ARN
}

// blames reports whether a document of this kind is one the message points
// at: an identity policy for "no identity-based policy", a key, bucket or
// trust policy for "no resource-based policy", either when it does not say.
func (x *explainer) blames(k policy.Kind) bool {
	identity := k == policy.KindIdentity
	switch x.d.Policy {
	case audit.PolicyIdentity:
		return identity
	case audit.PolicyResource:
		return k == policy.KindKey || k == policy.KindBucket
	case audit.PolicyTrust:
		return k == policy.KindTrust
	}
	if identity && x.d.Principal.Kind == audit.PrincipalService && !x.d.FromPersonalize() {
		return false // a service acting as itself uses no identity policy
	}
	return true
}

// principalsFor are the principals a document is evaluated for: none (the
// identity the policy is attached to) for identity policies; the caller
// for resource policies, or when the message names none, each principal
// the document names.
func (x *explainer) principalsFor(doc *wizard.Doc, caller string) []string {
	if doc.Policy.Kind == policy.KindIdentity {
		return []string{""}
	}
	if caller != "" {
		out := []string{caller}
		if x.d.FromPersonalize() && doc.Policy.Kind != policy.KindTrust {
			out = append(out, x.b.Role.ARN) // the job uses the service role too
		}
		return out
	}
	var out []string
	for _, s := range doc.Policy.Statement {
		if s.Principal == nil || s.Frame {
			continue
		}
		out = append(out, s.Principal.AWS...)
		out = append(out, s.Principal.Service...)
	}
	return out
}

// callerARN is the caller as the documents name it: an assumed-role session
// is its role, with the path the answers give the role of that name.
func (x *explainer) callerARN() string {
	p, b := x.d.Principal, x.b
	switch p.Kind {
	case audit.PrincipalService, audit.PrincipalUser, audit.PrincipalRole, audit.PrincipalRoot:
		return p.Text
	case audit.PrincipalAnonymous:
		return "anonymous" // matches no principal but "*"
	case audit.PrincipalAssumedRole:
		if b.Role.Name == p.Name && p.Account == b.Answers.AccountID {
			return b.Role.ARN
		}
		for _, arn := range slices.Concat(b.Answers.Producers, b.Answers.Consumers) {
			if a := audit.ParsePrincipal(arn); a.Kind == audit.PrincipalRole && a.Name == p.Name && a.Account == p.Account {
				return arn
			}
		}
		return policy.RoleARN(p.Partition, p.Account, "/", p.Name)
	}
	return ""
}

// bucketOf is the bucket of an S3 ARN.
func bucketOf(arn string) string {
	_, rest, ok := strings.Cut(arn, ":s3:::")
	if !ok {
		return ""
	}
	b, _, _ := strings.Cut(rest, "/")
	return b
}
