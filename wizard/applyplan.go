package wizard

import (
	"strings"

	"permwiz/policy"
)

// Who a customer managed policy is attached to.
const (
	AttachRole      = "role"
	AttachUser      = "user"
	AttachProducers = "producers"
	AttachConsumers = "consumers"
	AttachAdmins    = "admins"
)

// ManagedPolicy is a generated identity policy that the setup creates as a
// customer managed policy.
type ManagedPolicy struct {
	DocID    string
	Name     string // the customer managed policy's name
	AttachTo string // AttachRole, AttachUser, AttachProducers, AttachConsumers or AttachAdmins
}

// ARN is the policy's ARN once created in the bundle's account.
func (m ManagedPolicy) ARN(b *Bundle) string {
	return "arn:" + b.Partition + ":iam::" + b.Answers.AccountID + ":policy/" + m.Name
}

// ManagedPolicies lists the customer managed policies of the bundle in the
// order they are applied (the order of NextSteps).
func (b *Bundle) ManagedPolicies() []ManagedPolicy {
	order := []struct{ id, to string }{
		{DocRolePolicy, AttachRole}, {DocUserPolicy, AttachUser}, {DocRoleKMSPolicy, AttachRole}, {DocRoleS3Policy, AttachRole},
		{DocKinesisProducer, AttachProducers}, {DocKinesisConsumer, AttachConsumers}, {DocKinesisAdmin, AttachAdmins},
	}
	var out []ManagedPolicy
	for _, o := range order {
		if b.Doc(o.id) != nil {
			out = append(out, ManagedPolicy{DocID: o.id, Name: b.policyName(o.id), AttachTo: o.to})
		}
	}
	return out
}

// ManagedPolicy returns the customer managed policy made from the document
// id, if the bundle has one.
func (b *Bundle) ManagedPolicy(id string) (ManagedPolicy, bool) {
	for _, m := range b.ManagedPolicies() {
		if m.DocID == id {
			return m, true
		}
	}
	return ManagedPolicy{}, false
}

// policyName names a customer managed policy after what it belongs to (the
// role or the stream) and the document, so that two setups in one account
// do not overwrite each other's policies. IAM allows 128 characters of
// [\w+=,.@-]; role and stream names use only those.
func (b *Bundle) policyName(id string) string {
	owner := b.Role.Name
	if b.Answers.Setup == SetupKinesis {
		owner = b.Stream.Name
	}
	if max := 128 - len(id) - 1; len(owner) > max {
		owner = owner[:max]
	}
	return owner + "-" + id
}

// KeyPolicyDoc is the ID of the bundle's key-policy document ("" if none).
func (b *Bundle) KeyPolicyDoc() string {
	for _, id := range []string{DocKMSKeyPolicy, DocKinesisKey} {
		if b.Doc(id) != nil {
			return id
		}
	}
	return ""
}

// PrincipalName splits an IAM principal ARN of the bundle's account into its
// kind (AttachRole or AttachUser) and name, for attaching a policy to it.
// ok is false for an account root, a principal of another account, or
// anything else a policy cannot be attached to from this account.
func (b *Bundle) PrincipalName(arn string) (kind, name string, ok bool) {
	p, err := policy.ParseARN(arn)
	if err != nil || p.Service != "iam" || p.Account != b.Answers.AccountID {
		return "", "", false
	}
	for _, k := range []string{AttachRole, AttachUser} {
		if rest, found := strings.CutPrefix(p.Resource, k+"/"); found {
			return k, rest[strings.LastIndex(rest, "/")+1:], true
		}
	}
	return "", "", false
}
