package apply

import (
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// Plan is how a bundle is applied, computed once from it: the customer
// managed policies to create, and the ordered steps, each a list of typed
// actions with the text a person reads beside them. Every output (apply.sh,
// main.tf, template.yaml, NEXT-STEPS.md) is rendered from a Plan, so they
// agree on which document goes where, in which order, merged or put.
type Plan struct {
	Setup     wizard.Setup
	Account   string // the answers' account: the credentials' account
	Region    string
	Partition string
	Bucket    string               // Personalize: the bucket Personalize reads and writes
	Role      wizard.ServiceRole   // Personalize: the service role
	Key       wizard.KMSKey        // the customer managed key (ARN "" when none)
	Stream    wizard.KinesisStream // Kinesis: the stream

	// OutputBucket is Personalize's bucket for batch and export output
	// ("" when the answers name none).
	OutputBucket string

	// KeyPolicyDoc is the ID of the key-policy document ("" when none).
	KeyPolicyDoc string
	// Policies are the customer managed policies, in the order the steps
	// create them.
	Policies []ManagedPolicy
	// Managed are the AWS managed policies to attach, as the bundle lists them.
	Managed []wizard.Attachment
	Steps   []Step

	bundle *wizard.Bundle
}

// Doc returns the bundle's document with the given ID, or nil: renderers
// read the documents' JSON here, never a policy of their own.
func (p *Plan) Doc(id string) *wizard.Doc { return p.bundle.Doc(id) }

// Kinesis reports whether the plan is the Kinesis setup.
func (p *Plan) Kinesis() bool { return p.Setup == wizard.SetupKinesis }

// Policy returns the customer managed policy made from document id.
func (p *Plan) Policy(id string) (ManagedPolicy, bool) {
	for _, m := range p.Policies {
		if m.DocID == id {
			return m, true
		}
	}
	return ManagedPolicy{}, false
}

// PlanFor computes the plan of a bundle. Meant for a bundle from
// wizard.Build; a draft plans too, with its placeholders.
func PlanFor(b *wizard.Bundle) *Plan {
	a := b.Answers
	p := &Plan{Setup: a.Setup, Account: a.AccountID, Region: a.Region, Partition: b.Partition, Bucket: a.Bucket,
		OutputBucket: a.OutputBucket, Role: b.Role, Key: b.Key, Stream: b.Stream, Managed: b.Attachments, bundle: b}
	for _, id := range []string{wizard.DocKMSKeyPolicy, wizard.DocKinesisKey} {
		if b.Doc(id) != nil {
			p.KeyPolicyDoc = id
			break
		}
	}
	order := []struct{ id, to string }{
		{wizard.DocRolePolicy, AttachRole}, {wizard.DocUserPolicy, AttachUser}, {wizard.DocRoleKMSPolicy, AttachRole}, {wizard.DocRoleS3Policy, AttachRole},
		{wizard.DocKinesisProducer, AttachProducers}, {wizard.DocKinesisConsumer, AttachConsumers}, {wizard.DocKinesisAdmin, AttachAdmins},
	}
	for _, o := range order {
		if b.Doc(o.id) != nil {
			name := p.policyName(o.id)
			m := ManagedPolicy{DocID: o.id, Name: name, AttachTo: o.to,
				ARN: "arn:" + p.Partition + ":iam::" + p.Account + ":policy/" + name}
			p.placeElsewhere(&m, map[string][]string{AttachProducers: a.Producers, AttachConsumers: a.Consumers}[o.to])
			p.Policies = append(p.Policies, m)
		}
	}
	if p.Kinesis() {
		p.Steps = kinesisSteps(p)
	} else {
		p.Steps = personalizeSteps(p)
	}
	for i := range p.Steps {
		p.Steps[i].N = i + 1
	}
	return p
}

// placeElsewhere decides once who gets a policy given to the principals
// named: those of other accounts get it from their own account, and when
// none is in the plan's account, the plan's account does nothing with it
// (no policy created for nobody, no placeholder to fill in).
func (p *Plan) placeElsewhere(m *ManagedPolicy, principals []string) {
	others := 0
	for _, arn := range principals {
		a, err := policy.ParseARN(arn)
		if err != nil || a.Account == "" || a.Account == p.Account {
			continue // the plan's account: its own principal, or its root
		}
		others++
		if !slices.Contains(m.Elsewhere, a.Account) {
			m.Elsewhere = append(m.Elsewhere, a.Account)
		}
	}
	m.OnlyElsewhere = len(principals) > 0 && others == len(principals)
}

// kinesisCovered names the Kinesis policies the plan's account creates
// ("producer, consumer and administrator policies"), leaving out those
// only other accounts create, and says who creates those.
func (p *Plan) kinesisCovered() string {
	word := map[string]string{AttachProducers: "producer", AttachConsumers: "consumer", AttachAdmins: "administrator"}
	var here, elsewhere []string
	for _, m := range p.Policies {
		if w := word[m.AttachTo]; w != "" {
			if m.OnlyElsewhere {
				elsewhere = append(elsewhere, w)
			} else {
				here = append(here, w)
			}
		}
	}
	var out string
	switch len(here) {
	case 0:
		out = "no policy in this account"
	case 1:
		out = "the " + here[0] + " policy and attaches it to the roles and users\nnamed in the answers"
	default:
		out = "the " + andList(here) + " policies and attaches them to the roles and users\nnamed in the answers"
	}
	if len(elsewhere) > 0 {
		out += "; the " + andList(elsewhere) + " polic" + map[bool]string{true: "y is", false: "ies are"}[len(elsewhere) == 1] +
			" created by the other accounts " + map[bool]string{true: "it is", false: "they are"}[len(elsewhere) == 1] + " for (the steps below)"
	}
	return out
}

// andList joins words as "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// policyName names a customer managed policy after what it belongs to (the
// role or the stream) and the document, so that two setups in one account
// do not overwrite each other's policies. IAM allows 128 characters of
// [\w+=,.@-]; role and stream names use only those.
func (p *Plan) policyName(id string) string {
	owner := p.Role.Name
	if p.Kinesis() {
		owner = p.Stream.Name
	}
	if max := 128 - len(id) - 1; len(owner) > max {
		owner = owner[:max]
	}
	return owner + "-" + id
}

// principal turns an IAM principal ARN of the plan's account into the
// principal a policy is attached to. ok is false for an account root, a
// principal of another account, or anything else a policy cannot be
// attached to from this account.
func (p *Plan) principal(arn string) (Principal, bool) {
	a, err := policy.ParseARN(arn)
	if err != nil || a.Service != "iam" || a.Account != p.Account {
		return Principal{}, false
	}
	kind, name, ok := roleOrUser(a.Resource)
	if !ok {
		return Principal{}, false
	}
	return Principal{Kind: kind, Name: name, ARN: arn}, true
}

// roleOrUser splits the resource of an IAM ARN, role/PATH/NAME or
// user/PATH/NAME, into its kind (KindRole or KindUser) and name; ok is
// false for anything else (an account's root).
func roleOrUser(resource string) (kind, name string, ok bool) {
	for _, k := range []string{KindRole, KindUser} {
		if rest, found := strings.CutPrefix(resource, k+"/"); found {
			return k, rest[strings.LastIndex(rest, "/")+1:], true
		}
	}
	return "", "", false
}

// serviceRole is the service role as a principal; apply.sh names it
// $ROLE_NAME.
func (p *Plan) serviceRole() Principal {
	return Principal{Kind: KindRole, Name: p.Role.Name, ARN: p.Role.ARN, Var: "ROLE_NAME"}
}

// grants lists the Attach and AttachElsewhere actions of the policy made
// from document doc, in the order of the steps.
func (p *Plan) grants(doc string) []Action {
	m, ok := p.Policy(doc)
	var out []Action
	for _, s := range p.Steps {
		for _, act := range s.Actions {
			switch act := act.(type) {
			case Attach:
				if ok && act.PolicyARN == m.ARN {
					out = append(out, act)
				}
			case AttachElsewhere:
				if act.Doc == doc {
					out = append(out, act)
				}
			}
		}
	}
	return out
}

// mergesKeyPolicy reports whether apply.sh merges the key policy itself: the
// plan has one, and the key belongs to the plan's account, whose
// credentials the script runs with.
func (p *Plan) mergesKeyPolicy() bool {
	return p.KeyPolicyDoc != "" && !p.Key.OtherAccount
}

// keyOwnerNote says who changes the key policy of a key in another account
// ("" when the key is the plan's account's own).
func (p *Plan) keyOwnerNote() string {
	if !p.Key.OtherAccount {
		return ""
	}
	owner := p.Key.Account
	return "The key belongs to account " + owner + ", not " + p.Account + ": only the key's own account can change its key policy. " +
		"Send its administrators answers.yaml (permwiz merge builds " + p.KeyPolicyDoc + ".json's statements from it); they run these commands with credentials of account " + owner + "."
}

// primary reports whether m is on the plan's own key or bucket, not on the
// output bucket or the batch output key.
func (p *Plan) primary(m MergePut) bool {
	switch m.Policy {
	case KeyPolicy:
		return m.Resource == p.Key.ARN
	case BucketPolicy:
		return m.Resource == p.Bucket
	}
	return true
}

// mergeSteps lists the MergePut actions of the plan, in order.
func (p *Plan) mergeSteps() []MergePut {
	var out []MergePut
	for _, s := range p.Steps {
		for _, act := range s.Actions {
			if m, ok := act.(MergePut); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// merge returns the plan's MergePut of a policy kind on the plan's own key
// or bucket (the output bucket's and the batch output key's are separate).
func (p *Plan) merge(kind PolicyKind) (MergePut, bool) {
	for _, m := range p.mergeSteps() {
		if m.Policy == kind && p.primary(m) {
			return m, true
		}
	}
	return MergePut{}, false
}

// encryption returns the plan's EnableEncryption (Kinesis).
func (p *Plan) encryption() (EnableEncryption, bool) {
	for _, s := range p.Steps {
		for _, act := range s.Actions {
			if e, ok := act.(EnableEncryption); ok {
				return e, true
			}
		}
	}
	return EnableEncryption{}, false
}
