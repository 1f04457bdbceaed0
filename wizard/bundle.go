package wizard

import (
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// Document IDs. Each is also the file name permwiz writes (<id>.json) and the
// value of --doc; scripts depend on them, so they never change.
const (
	DocUserPolicy      = "user-policy"
	DocRoleTrustPolicy = "role-trust-policy"
	DocRolePolicy      = "role-policy"
	DocRoleS3Policy    = "role-s3-policy"
	DocRoleKMSPolicy   = "role-kms-policy"
	DocKMSKeyPolicy    = "kms-key-policy"
	DocS3BucketPolicy  = "s3-bucket-policy"
	DocKinesisProducer = "kinesis-producer-policy"
	DocKinesisConsumer = "kinesis-consumer-policy"
	DocKinesisAdmin    = "kinesis-admin-policy"
	DocKinesisKey      = "kinesis-key-policy"
	DocKinesisStream   = "kinesis-stream-policy"

	DocS3OutputBucketPolicy = "s3-output-bucket-policy"
	DocBatchOutputKeyPolicy = "batch-output-key-policy"
)

// AllDocIDs lists every document ID permwiz knows, in the order it shows them.
var AllDocIDs = []string{DocUserPolicy, DocRoleTrustPolicy, DocRolePolicy, DocRoleKMSPolicy, DocKMSKeyPolicy,
	DocBatchOutputKeyPolicy, DocRoleS3Policy, DocS3BucketPolicy, DocS3OutputBucketPolicy, DocKinesisProducer, DocKinesisConsumer, DocKinesisAdmin, DocKinesisKey, DocKinesisStream}

// Bundle is every document (and managed-policy attachment) one set of
// answers needs, with the resources they name resolved once, so that
// nothing downstream parses an ARN again.
type Bundle struct {
	Answers     Answers // normalised
	Partition   string
	Docs        []Doc
	Attachments []Attachment

	Role   ServiceRole   // the Personalize service role (zero for Kinesis)
	Key    KMSKey        // the customer managed KMS key (ARN "" when none is given)
	Stream KinesisStream // the Kinesis stream (zero for Personalize)
}

// ServiceRole is the Personalize service role as the setup names it.
type ServiceRole struct {
	Name, Path, ARN string
	// Existing is true when the answers name a role by ARN (--role-arn):
	// its trust policy is updated, the role is never created.
	Existing bool
}

// KMSKey is the customer managed key of the answers.
type KMSKey struct {
	ARN string
	ID  string // the key ID, the last part of the ARN
	// Region is the key's region, from its ARN (the answers' region when
	// the ARN has none): KMS calls go to the key's region, which may not
	// be the answers' region.
	Region string
	// Account is the key's account, from its ARN ("" when it has none).
	// OtherAccount is true when that is another account than the
	// answers'. Only the key's own account can change its key policy (KMS
	// allows no cross-account put-key-policy).
	Account      string
	OtherAccount bool
}

// KinesisStream is the Kinesis stream of the answers, whether they give its
// name or its ARN.
type KinesisStream struct {
	Name, ARN string
}

// Doc is one generated document with what a person needs to put it to use.
type Doc struct {
	ID     string
	Title  string
	Step   string // the wizard step that builds it
	Target string // what it is attached to
	Why    string
	Source string
	Policy *policy.Document
}

// Attachment is an AWS managed policy to attach instead of (or beside) a
// generated one.
type Attachment struct {
	To        string // "user" or "role"
	Name      string
	PolicyARN string
	Why       string
}

// Doc returns the document with the given ID, or nil.
func (b *Bundle) Doc(id string) *Doc {
	for i := range b.Docs {
		if b.Docs[i].ID == id {
			return &b.Docs[i]
		}
	}
	return nil
}

// IDs lists the IDs of the bundle's documents in order.
func (b *Bundle) IDs() []string {
	ids := make([]string, len(b.Docs))
	for i, d := range b.Docs {
		ids[i] = d.ID
	}
	return ids
}

// Size is the document's size as AWS counts it against its limit.
func (d *Doc) Size() policy.Size { return policy.SizeOf(d.Policy, d.Policy.Kind) }

// Build validates the answers and builds every document they call for. On
// bad answers it returns Errors and no bundle.
func Build(a Answers) (*Bundle, error) {
	n := a.Normalized()
	if err := a.validateNormalized(&n); err != nil {
		return nil, err
	}
	return build(n, resolve(&n, false)), nil
}

// Draft builds the documents from answers that may be incomplete or wrong,
// as the live preview needs: every value not yet given (or not valid) shows
// as a visible placeholder such as <account-id>, never as a wrong ARN.
func Draft(a Answers) *Bundle {
	n := a.Normalized()
	return build(n, resolve(&n, true))
}

func build(n Answers, v values) *Bundle {
	b := &Bundle{Answers: n, Partition: v.partition}
	resources(b)
	if n.Setup == SetupKinesis {
		buildKinesis(b, &n, &v)
	} else {
		buildPersonalize(b, &n, &v)
	}
	return b
}

// resources resolves the role, key and stream the answers name. They are
// the answers' own values (in a draft, an answer not yet given stays empty:
// no placeholder), read once here.
func resources(b *Bundle) {
	a := &b.Answers
	if a.Setup == SetupKinesis {
		name := streamName(a.Stream)
		b.Stream = KinesisStream{Name: name, ARN: policy.StreamARN(b.Partition, a.Region, a.AccountID, name)}
	} else {
		b.Role = serviceRole(a, b.Partition)
	}
	b.Key = KMSKey{ARN: a.KMSKeyARN, ID: a.KMSKeyARN[strings.LastIndex(a.KMSKeyARN, "/")+1:], Region: a.Region}
	if arn, err := policy.ParseARN(a.KMSKeyARN); err == nil {
		if arn.Region != "" {
			b.Key.Region = arn.Region
		}
		b.Key.Account = arn.Account
		b.Key.OtherAccount = arn.Account != "" && arn.Account != a.AccountID
	}
}

// serviceRole is the service role, with the name and path taken from the
// role ARN when the answers give one.
func serviceRole(a *Answers, partition string) ServiceRole {
	if a.RoleARN != "" {
		r := ServiceRole{ARN: a.RoleARN, Existing: true, Path: "/"}
		if arn, err := policy.ParseARN(a.RoleARN); err == nil {
			res := strings.TrimPrefix(arn.Resource, "role")
			i := strings.LastIndex(res, "/")
			r.Path, r.Name = res[:i+1], res[i+1:]
		}
		return r
	}
	path := a.RolePath
	if path == "" {
		path = "/"
	}
	return ServiceRole{Name: a.RoleName, Path: path, ARN: policy.RoleARN(partition, a.AccountID, path, a.RoleName)}
}

// values are the answers resolved into the strings the documents use.
type values struct {
	partition, region, account string
	roleARN                    string
	bucket, outputBucket       string
	batchKeyARN, batchKeyAcct  string
	keyARN, keyAccount         string
	keyOtherAccount            bool // the key is another account's than the answers'
	streamARN                  string
	producers, consumers       []string
	admins                     []string
	kclApp                     string
}

// Placeholders stand for values not yet given. They are visibly not AWS
// values, so a draft can never be mistaken for a finished policy.
const (
	PHAccount      = "<account-id>"
	PHRegion       = "<region>"
	PHPartition    = "<partition>"
	PHRoleName     = "<role-name>"
	PHBucket       = "<bucket-name>"
	PHOutputBucket = "<output-bucket-name>"
	PHKeyID        = "<key-id>"
	PHStream       = "<stream-name>"
	PHKCLApp       = "<kcl-application>"
)

func resolve(a *Answers, draft bool) values {
	ok := func(field string) bool { return !draft || a.Check(field) == nil }
	v := values{partition: PHPartition, region: PHRegion, account: PHAccount}
	if ok(FieldRegion) && a.Region != "" {
		v.region = a.Region
		if p := a.partition(); p != nil {
			v.partition = p.ID
		}
	}
	if ok(FieldAccountID) && a.AccountID != "" {
		v.account = a.AccountID
	}
	switch {
	case a.RoleARN != "" && ok(FieldRoleARN):
		v.roleARN = a.RoleARN
	case a.RoleName != "" && ok(FieldRoleName) && ok(FieldRolePath):
		v.roleARN = policy.RoleARN(v.partition, v.account, a.RolePath, a.RoleName)
	default:
		// A name already given stays in the preview while the path is
		// being fixed; the path shows as a placeholder meanwhile.
		path, name := a.RolePath, PHRoleName
		if !ok(FieldRolePath) {
			path = "/<role-path>/"
		}
		if a.RoleName != "" && ok(FieldRoleName) {
			name = a.RoleName
		}
		v.roleARN = policy.RoleARN(v.partition, v.account, path, name)
	}
	v.bucket = PHBucket
	if a.Bucket != "" && ok(FieldBucket) {
		v.bucket = a.Bucket
	}
	v.outputBucket = v.bucket
	if a.OutputBucket != "" {
		v.outputBucket = PHOutputBucket
		if ok(FieldOutputBucket) {
			v.outputBucket = a.OutputBucket
		}
	}
	v.batchKeyARN, v.batchKeyAcct = policy.KeyARN(v.partition, v.region, v.account, PHKeyID), v.account
	if a.BatchOutputKMSKeyARN != "" && ok(FieldBatchOutputKMSKeyARN) {
		v.batchKeyARN = a.BatchOutputKMSKeyARN
		if arn, err := policy.ParseARN(a.BatchOutputKMSKeyARN); err == nil {
			v.batchKeyAcct = arn.Account
		}
	}
	v.keyARN = policy.KeyARN(v.partition, v.region, v.account, PHKeyID)
	v.keyAccount = v.account
	if a.KMSKeyARN != "" && ok(FieldKMSKeyARN) {
		v.keyARN = a.KMSKeyARN
		if arn, err := policy.ParseARN(a.KMSKeyARN); err == nil {
			v.keyAccount = arn.Account
		}
		v.keyOtherAccount = v.keyAccount != v.account && policy.IsAccountID(v.account)
	}
	name := PHStream
	if a.Stream != "" && ok(FieldStream) {
		name = streamName(a.Stream)
	}
	v.streamARN = policy.StreamARN(v.partition, v.region, v.account, name)
	v.producers = validPrincipals(a, FieldProducers, a.Producers, draft)
	v.consumers = validPrincipals(a, FieldConsumers, a.Consumers, draft)
	v.admins = validPrincipals(a, FieldAdmins, a.Admins, draft)
	v.kclApp = PHKCLApp
	if a.KCLApplication != "" && ok(FieldKCLApplication) {
		v.kclApp = a.KCLApplication
	}
	return v
}

func validPrincipals(a *Answers, field string, list []string, draft bool) []string {
	if !draft {
		return list
	}
	var out []string
	for _, p := range list {
		if a.checkPrincipal(field, p) == nil {
			out = append(out, p)
		}
	}
	return out
}

// identity returns a new identity policy.
func identity(stmts ...policy.Statement) *policy.Document {
	return &policy.Document{Version: policy.Version, Statement: stmts, Kind: policy.KindIdentity}
}
