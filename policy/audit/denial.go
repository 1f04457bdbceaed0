package audit

import (
	"errors"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// Denial is an access-denied error as AWS prints it, parsed into who was
// refused what on which resource, and which kind of policy AWS blames.
// ParseDenial makes one; it never calls AWS.
//
// The formats come from these pages (read 2026-11):
//
//   - "Troubleshoot access denied error messages", IAM User Guide,
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html:
//     "User: ARN is not authorized to perform: ACTION [on resource: ARN]
//     because no TYPE policy allows the ACTION action", "... with an
//     explicit deny in a(n) TYPE policy", for identity-based and
//     resource-based policies, service and resource control policies,
//     permissions boundaries, session policies, VPC endpoint policies and
//     role trust policies ("... transitively through a service control
//     policy" for a VPC request another policy refused).
//   - "Troubleshoot access denied error messages with authorization ID",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied-authorization-id.html:
//     an explicit deny may name the policy, "...: arn:aws:iam::...:policy/NAME.
//     Go to https://... authorization-details/ID".
//   - "Troubleshoot access denied (403 Forbidden) errors in Amazon S3",
//     https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html:
//     the same sentence with the resource in quotes (on resource:
//     "arn:aws:s3:::bucket/key"), Block Public Access and SSE-C variants,
//     and a bare "Access Denied" for requests from outside the bucket
//     owner's account or organization.
//   - AWS KMS: "... is not authorized to perform: kms:Decrypt on this
//     resource because the resource does not exist in this Region, no
//     resource-based policies allow access, or a resource-based policy
//     explicitly denies access", "on the resource associated with this
//     ciphertext", and the older "The ciphertext refers to a customer master
//     key that does not exist, does not exist in this region, or you are not
//     allowed to access." (AccessDeniedException, AWS KMS API Reference,
//     https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html).
//   - Amazon Kinesis Data Streams: KMSAccessDeniedException, "The ciphertext
//     references a key that doesn't exist or that you don't have access
//     to." (PutRecord, Kinesis API Reference,
//     https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html),
//     whose messages read "User: ARN is not authorized to perform:
//     kms:GenerateDataKey on resource: KEY-ARN" (no reason) and "User ARN is
//     not authorized to decrypt records in stream STREAM".
//   - Amazon Personalize: a job in CREATE FAILED reports why in its
//     failureReason (DescribeDatasetImportJob,
//     https://docs.aws.amazon.com/personalize/latest/dg/API_DescribeDatasetImportJob.html;
//     DescribeBatchInferenceJob, DescribeDatasetExportJob), and
//     CreateDatasetImportJob refuses a bucket Personalize cannot read with
//     "Insufficient privileges for accessing data in S3. Please look at
//     https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-s3-access.html
//     and fix bucket policy on BUCKET." The failure reasons are free text
//     that AWS does not list, so they are recognised by what they name (S3
//     and a bucket or s3:// path, a KMS key, the role to assume) next to
//     words of refusal, not by a fixed sentence.
//
// Any of these may come with the AWS CLI's "An error occurred (CODE) when
// calling the OPERATION operation: " prefix, an SDK's "CODE: " prefix,
// Java's "(Service: ...; Error Code: CODE; ...)" suffix, S3's XML error, or
// as the JSON of an SDK error, a CloudTrail event or a Describe*Job answer.
type Denial struct {
	// Service is the service whose wording this is: "iam" for the common
	// sentence, or "s3", "kms", "kinesis", "personalize" for their own.
	Service   string          `json:"service"`
	Code      string          `json:"code,omitempty"`      // AccessDeniedException, AccessDenied, KMSAccessDeniedException, ...
	Operation string          `json:"operation,omitempty"` // the API call, from the CLI's prefix
	Principal DeniedPrincipal `json:"principal"`
	// Actions are the refused actions: one for the IAM sentence; for a
	// Personalize failure reason, the ones the job needs.
	Actions  []string `json:"actions,omitempty"`
	Resource string   `json:"resource,omitempty"` // "" when the message names none ("this resource")
	// Stream is the Kinesis stream of "not authorized to decrypt records in
	// stream S" (its key is the stream's).
	Stream    string     `json:"stream,omitempty"`
	Deny      DenyKind   `json:"deny"`
	Policy    PolicyType `json:"policy,omitempty"`    // the policy type AWS blames, "" when it does not say
	PolicyARN string     `json:"policyArn,omitempty"` // the policy an explicit deny names, when it does
	Cause     Cause      `json:"cause,omitempty"`     // a service's own reason, when it gives one
	Message   string     `json:"message"`             // the message, white space collapsed
}

// DeniedPrincipal is the caller a message names.
type DeniedPrincipal struct {
	Text      string        `json:"text,omitempty"` // as written
	Kind      PrincipalKind `json:"kind"`
	Partition string        `json:"partition,omitempty"`
	Account   string        `json:"account,omitempty"`
	// Name is the user's or role's name; for an assumed-role session, its
	// role's name (a session ARN does not carry the role's path).
	Name    string `json:"name,omitempty"`
	Path    string `json:"path,omitempty"` // a user's or role's path, when the ARN has one
	Session string `json:"session,omitempty"`
}

// PrincipalKind is what kind of caller a message names.
type PrincipalKind string

// The callers a message can name.
const (
	PrincipalUnknown     PrincipalKind = "unknown" // not named, or an ID such as AIDA...
	PrincipalUser        PrincipalKind = "user"
	PrincipalRole        PrincipalKind = "role"
	PrincipalAssumedRole PrincipalKind = "assumed-role"
	PrincipalRoot        PrincipalKind = "root"
	PrincipalFederated   PrincipalKind = "federated-user"
	PrincipalService     PrincipalKind = "service"
	PrincipalAnonymous   PrincipalKind = "anonymous"
)

// DenyKind says whether a policy refused the request or none allowed it.
type DenyKind string

// The ways a request is denied.
const (
	DenyImplicit DenyKind = "implicit" // "because no ... policy allows"
	DenyExplicit DenyKind = "explicit" // "with an explicit deny in ..."
	DenyUnstated DenyKind = "unstated" // the message does not say
)

// PolicyType is the kind of policy a message blames, in AWS's words.
type PolicyType string

// The policy types AWS names in access-denied messages.
const (
	PolicyIdentity    PolicyType = "identity-based policy"
	PolicyResource    PolicyType = "resource-based policy"
	PolicySCP         PolicyType = "service control policy"
	PolicyRCP         PolicyType = "resource control policy"
	PolicyBoundary    PolicyType = "permissions boundary"
	PolicySession     PolicyType = "session policy"
	PolicyVPCEndpoint PolicyType = "VPC endpoint policy"
	PolicyTrust       PolicyType = "role trust policy"
)

// Cause is a service's own reason, beyond the policy type.
type Cause string

// The causes services state.
const (
	// CauseKeyUnreachable: KMS's "the resource does not exist in this
	// Region, no resource-based policies allow access, or a resource-based
	// policy explicitly denies access".
	CauseKeyUnreachable Cause = "kms-key-unreachable"
	// CauseCiphertextKey: "The ciphertext refers to a customer master key
	// that does not exist ... or you are not allowed to access" (KMS), "The
	// ciphertext references a key that doesn't exist or that you don't
	// have access to" (Kinesis).
	CauseCiphertextKey Cause = "ciphertext-key"
	// CauseStreamRecords: Kinesis's "not authorized to decrypt records in
	// stream".
	CauseStreamRecords Cause = "kinesis-stream-records"
	// CauseS3Generic: S3's bare "Access Denied" (a request from outside
	// the bucket owner's account or organization, or a VPC endpoint policy).
	CauseS3Generic Cause = "s3-generic"
	// CauseS3BlockPublicAccess: refused by an S3 Block Public Access setting.
	CauseS3BlockPublicAccess Cause = "s3-block-public-access"
	// CauseS3SSEC: the bucket blocks uploads with customer-provided keys.
	CauseS3SSEC Cause = "s3-sse-c-blocked"
	// CausePersonalizeS3, CausePersonalizeKMS, CausePersonalizeRole: a
	// Personalize job or call could not use the bucket, the key, or the
	// service role.
	CausePersonalizeS3   Cause = "personalize-s3"
	CausePersonalizeKMS  Cause = "personalize-kms"
	CausePersonalizeRole Cause = "personalize-role"
	// CauseGeneric: an access-denied code with no detail at all.
	CauseGeneric Cause = "generic"
)

// ErrNotDenial is returned (wrapped) for text that is no AWS access-denied
// error.
var ErrNotDenial = errors.New("not an AWS access-denied error")

// NotDenialError says why a text is no AWS access-denied error.
type NotDenialError struct{ Why string }

func (e *NotDenialError) Error() string { return e.Why }

// Is makes errors.Is(err, ErrNotDenial) true.
func (e *NotDenialError) Is(target error) bool { return target == ErrNotDenial }

// MaxDenialText bounds what ParseDenial reads: AWS error messages are a few
// hundred bytes; a pasted CloudTrail event a few kilobytes.
const MaxDenialText = 64 << 10

// Action is the first refused action, "" when none is known.
func (d *Denial) Action() string {
	if len(d.Actions) == 0 {
		return ""
	}
	return d.Actions[0]
}

// Fixable reports whether a missing Allow in an identity or resource
// policy could explain the denial, which is all permwiz's documents add.
// An explicit deny, or a denial by an SCP, RCP, permissions boundary,
// session or VPC endpoint policy, is not fixed by adding an Allow.
func (d *Denial) Fixable() bool {
	if d.Deny == DenyExplicit {
		return false
	}
	switch d.Policy {
	case PolicySCP, PolicyRCP, PolicyBoundary, PolicySession, PolicyVPCEndpoint:
		return false
	}
	switch d.Cause {
	case CauseS3BlockPublicAccess, CauseS3SSEC:
		return false
	}
	return true
}

// FromPersonalize reports whether the message is Amazon Personalize's own
// (a job's failure reason), where Personalize acts with its service role.
func (d *Denial) FromPersonalize() bool {
	switch d.Cause {
	case CausePersonalizeS3, CausePersonalizeKMS, CausePersonalizeRole:
		return true
	}
	return false
}

// Kind says in words what the message blames, such as "no identity-based
// policy allows it" or "an explicit deny in a service control policy".
func (d *Denial) Kind() string {
	switch d.Cause {
	case CauseKeyUnreachable:
		return "the key is not in this Region, or no key policy allows it, or a key policy denies it (KMS does not say which)"
	case CauseCiphertextKey:
		return "the key the data was encrypted with does not exist here or the caller may not use it"
	case CauseStreamRecords:
		return "the caller may not use the stream's KMS key"
	case CauseS3Generic:
		return "S3 gives no detail (it adds none for callers outside the bucket owner's account or organization, or for a VPC endpoint policy)"
	case CauseS3BlockPublicAccess:
		return "an S3 Block Public Access setting refuses it"
	case CauseS3SSEC:
		return "the bucket blocks uploads encrypted with customer-provided keys (SSE-C)"
	case CausePersonalizeS3:
		return "Amazon Personalize could not use the S3 bucket"
	case CausePersonalizeKMS:
		return "Amazon Personalize could not use the KMS key"
	case CausePersonalizeRole:
		return "Amazon Personalize could not assume the service role"
	}
	switch {
	case d.Deny == DenyExplicit && d.Policy != "":
		return "an explicit deny in " + article(d.Policy) + " " + string(d.Policy)
	case d.Deny == DenyExplicit:
		return "an explicit deny"
	case d.Deny == DenyImplicit && d.Policy != "":
		return "no " + string(d.Policy) + " allows it"
	}
	return "the message does not say which policy"
}

func article(p PolicyType) string {
	if p == PolicyIdentity {
		return "an"
	}
	return "a"
}

// ParsePrincipal reads the caller of an access-denied message: an IAM user
// or role ARN, an assumed-role session (whose role is the one to look at),
// an account root, a federated user, a service principal, or "anonymous".
func ParsePrincipal(s string) DeniedPrincipal {
	p := DeniedPrincipal{Text: s, Kind: PrincipalUnknown}
	switch {
	case s == "":
		return p
	case strings.EqualFold(s, "anonymous"):
		p.Kind = PrincipalAnonymous
		return p
	case isServicePrincipal(s):
		p.Kind = PrincipalService
		return p
	}
	a, err := policy.ParseARN(s)
	if err != nil || (a.Service != "iam" && a.Service != "sts") {
		return p
	}
	p.Partition, p.Account = a.Partition, a.Account
	kind, rest, _ := strings.Cut(a.Resource, "/")
	switch {
	case a.Service == "iam" && a.Resource == "root":
		p.Kind = PrincipalRoot
	case a.Service == "iam" && (kind == "user" || kind == "role") && rest != "":
		p.Kind = PrincipalUser
		if kind == "role" {
			p.Kind = PrincipalRole
		}
		i := strings.LastIndexByte(rest, '/')
		p.Path, p.Name = "/"+rest[:i+1], rest[i+1:]
		if i < 0 {
			p.Path = "/"
		}
	case a.Service == "sts" && kind == "assumed-role":
		role, session, _ := strings.Cut(rest, "/")
		if role != "" {
			p.Kind, p.Name, p.Session = PrincipalAssumedRole, role, session
		}
	case a.Service == "sts" && kind == "federated-user" && rest != "":
		p.Kind, p.Name = PrincipalFederated, rest
	}
	return p
}

// isServicePrincipal reports whether s is a service principal such as
// personalize.amazonaws.com (or .amazonaws.com.cn).
func isServicePrincipal(s string) bool {
	for _, suffix := range []string{".amazonaws.com", ".amazonaws.com.cn"} {
		name, ok := strings.CutSuffix(s, suffix)
		if ok && name != "" && !strings.ContainsAny(name, " :/\"") {
			return true
		}
	}
	return false
}
