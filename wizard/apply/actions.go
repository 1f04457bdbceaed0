package apply

// The plan's vocabulary: its steps, the typed actions they hold, the
// principals policies are attached to, and the customer managed policies.

import "github.com/permwiz/permwiz/wizard"

// Step is one step of the plan, in the order AWS requires.
type Step struct {
	N       int
	ID      StepID
	Title   string
	Doc     string // the document the step uses, or ""
	Where   string // the console page
	Note    string // a caveat worth reading before the step ("" if none)
	Verify  string // how to check that it worked: commands (one per line, # comments) or prose
	Actions []Action
}

// StepID names what a step does, so that renderers find a step without
// matching its title.
type StepID string

// The step IDs.
const (
	StepRole         StepID = "role"
	StepRolePolicy   StepID = "role-policy"
	StepUser         StepID = "user"
	StepRoleKMS      StepID = "role-kms"
	StepKeyPolicy    StepID = "key-policy"
	StepRoleS3       StepID = "role-s3"
	StepBucketPolicy StepID = "bucket-policy"
	StepOutputBucket StepID = "output-bucket-policy"
	StepBatchKey     StepID = "batch-output-key-policy"
	StepProducers    StepID = "producers"
	StepConsumers    StepID = "consumers"
	StepAdmins       StepID = "admins"
	StepStreamPolicy StepID = "stream-policy"
	StepEncrypt      StepID = "encrypt"
	StepMetrics      StepID = "metrics"
)

// Action is one typed action of a step: CreateRole, EnsurePolicy, Attach,
// AttachElsewhere, MergePut, EnableEncryption or WatchMetrics.
type Action interface{ action() }

// CreateRole creates the service role with its trust policy; where the role
// exists already, apply.sh adopts it and merges the trust policy instead.
type CreateRole struct {
	Role     wizard.ServiceRole
	TrustDoc string
}

// EnsurePolicy creates a customer managed policy (or gives it a new default
// version).
type EnsurePolicy struct{ Policy ManagedPolicy }

// Attach attaches a policy (customer or AWS managed) to a principal of the
// plan's account.
type Attach struct {
	PolicyARN string
	To        Principal
}

// AttachElsewhere is a principal of another account that should get a
// policy: no policy can be attached to it from this account, so its own
// account gives it the same permissions.
type AttachElsewhere struct {
	PrincipalARN string
	Doc          string
}

// MergePut merges permwiz's statements of Doc into a resource's current
// policy and puts the result back: get → merge → put, never a plain put,
// because each of these policies is one document that a put replaces whole.
type MergePut struct {
	Policy   PolicyKind
	Doc      string
	Resource string // the role name, the key ARN, the bucket name or the stream ARN
	Region   string // KeyPolicy: the key's region; StreamPolicy: the stream's
	// Owner is the account that owns the resource; OtherAccount is true
	// when it is not the plan's account, so only Owner can do the step.
	Owner        string
	OtherAccount bool
}

// EnableEncryption turns on server-side encryption of a Kinesis stream.
type EnableEncryption struct {
	Region, Stream, KeyARN string
}

// WatchMetrics watches a stream's success metrics after encryption is on.
type WatchMetrics struct {
	Region, Stream string
	Metrics        []string
}

func (CreateRole) action()       {}
func (EnsurePolicy) action()     {}
func (Attach) action()           {}
func (AttachElsewhere) action()  {}
func (MergePut) action()         {}
func (EnableEncryption) action() {}
func (WatchMetrics) action()     {}

// PolicyKind is a resource policy that MergePut merges into.
type PolicyKind int

// The resource policies.
const (
	TrustPolicy PolicyKind = iota
	KeyPolicy
	BucketPolicy
	StreamPolicy // a Kinesis stream's resource-based policy
)

// Kinds of principal a policy is attached to.
const (
	KindRole = "role"
	KindUser = "user"
)

// Principal is who a policy is attached to.
type Principal struct {
	Kind string // KindRole or KindUser
	Name string
	ARN  string
	// Placeholder is true when Name is a placeholder (<user-name>) that the
	// person applying fills in.
	Placeholder bool
	// Var is the apply.sh variable that holds the name ("" if none: a
	// placeholder without one is left to the person applying).
	Var string
	// OrGroup is true when a group may take the user's place.
	OrGroup bool
	// Who describes the principals a placeholder stands for.
	Who string
}

// ManagedPolicy is a generated identity policy that the setup creates as a
// customer managed policy.
type ManagedPolicy struct {
	DocID    string
	Name     string // the customer managed policy's name
	ARN      string // its ARN once created in the plan's account
	AttachTo string // AttachRole, AttachUser, AttachProducers, AttachConsumers or AttachAdmins
	// Elsewhere lists the other accounts whose principals get the policy,
	// in the order the answers name them.
	Elsewhere []string
	// OnlyElsewhere is true when every principal that gets the policy is
	// in another account: the plan's account neither creates nor attaches
	// it, only those accounts do (AttachElsewhere).
	OnlyElsewhere bool
}

// Who a customer managed policy is attached to.
const (
	AttachRole      = "role"
	AttachUser      = "user"
	AttachProducers = "producers"
	AttachConsumers = "consumers"
	AttachAdmins    = "admins"
)

// Placeholders for names the answers do not hold.
const (
	PHUserName      = "<user-name>"
	PHGroupName     = "<group-name>"
	PHProducerRole  = "<producer-role-name>"
	PHConsumerRole  = "<consumer-role-name>"
	PHAdminRoleName = "<admin-role-name>"
)
