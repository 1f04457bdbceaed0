package wizard

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
)

// The golden tests build each document with the values of AWS's own example
// and check that it equals the example after permwiz's deliberate
// corrections, each of which is one named, commented edit below. A change to
// a builder that is not one of these corrections fails the test.

func example(t *testing.T, name string, replace ...string) *policy.Document {
	t.Helper()
	data, err := os.ReadFile("testdata/aws-examples/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.NewReplacer(replace...).Replace(string(data)))
	d, err := policy.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

// canon returns a document's meaning as text: list order and the
// string-or-list spelling do not matter to AWS, so both are normalised.
func canon(d *policy.Document) string {
	c := *d
	c.Statement = append([]policy.Statement(nil), d.Statement...)
	for i := range c.Statement {
		s := &c.Statement[i]
		s.Action = sorted(s.Action)
		s.NotAction = sorted(s.NotAction)
		s.Resource = policy.Strings(sorted(s.Resource))
		if s.Principal != nil {
			p := *s.Principal
			p.AWS, p.Service = policy.Strings(sorted(p.AWS)), policy.Strings(sorted(p.Service))
			s.Principal = &p
		}
		cond := append(policy.Condition(nil), s.Condition...)
		sort.Slice(cond, func(i, j int) bool { return cond[i].Operator+cond[i].Key < cond[j].Operator+cond[j].Key })
		s.Condition = cond
	}
	return string(c.JSON())
}

func sorted[T ~[]string](l T) T {
	out := append(T(nil), l...)
	sort.Strings(out)
	return out
}

func buildDoc(t *testing.T, a Answers, id string) *policy.Document {
	t.Helper()
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	d := b.Doc(id)
	if d == nil {
		t.Fatalf("no %s in %v", id, b.IDs())
	}
	return d.Policy
}

func assertSame(t *testing.T, got, want *policy.Document) {
	t.Helper()
	if g, w := canon(got), canon(want); g != w {
		t.Errorf("document differs from the corrected AWS example\n got: %s\nwant: %s", got.Compact(), want.Compact())
	}
}

// Corrections, one function each.

// nameStatements: permwiz gives every statement a Sid so that merge can find
// its own statements again (AWS's examples have none, or "Sid": "").
func nameStatements(d *policy.Document, sids ...string) {
	for i := range d.Statement {
		d.Statement[i].Sid = sids[i]
	}
}

// scopeTo: an IAM policy names the key or stream it is about instead of "*"
// or a wrong ARN.
func scopeTo(d *policy.Document, i int, arn string) { d.Statement[i].Resource = policy.Strings{arn} }

const (
	exAccount = "123456789012"
	exKey     = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

func personalizeExample() Answers {
	return Answers{AccountID: exAccount, Region: "us-east-1", RoleName: "ServiceRoleName", Bucket: "bucket-name"}
}

func TestGoldenUserPolicy(t *testing.T) {
	want := example(t, "user-policy")
	nameStatements(want, "UsePersonalize", "PassServiceRoleToPersonalize")
	assertSame(t, buildDoc(t, personalizeExample(), DocUserPolicy), want)
}

func TestGoldenRolePolicy(t *testing.T) {
	want := example(t, "role-policy")
	nameStatements(want, "UsePersonalize")
	assertSame(t, buildDoc(t, personalizeExample(), DocRolePolicy), want)
}

func TestGoldenTrustPolicy(t *testing.T) {
	a := Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bucket-name"}
	want := example(t, "role-trust-policy",
		// The current page's example puts 444455556666 in aws:SourceArn and
		// 111122223333 in aws:SourceAccount; both must be the one account.
		"444455556666", "111122223333")
	nameStatements(want, "AllowPersonalizeToAssumeRole")
	assertSame(t, buildDoc(t, a, DocRoleTrustPolicy), want)

	// --any-region puts * for the region, and China keeps the principal
	// personalize.amazonaws.com but uses the aws-cn partition.
	a.Region, a.AnyRegion = "cn-north-1", true
	got := buildDoc(t, a, DocRoleTrustPolicy)
	if v, _ := got.Statement[0].Condition.Get("ArnLike", "aws:SourceArn"); v[0] != "arn:aws-cn:personalize:*:111122223333:*" {
		t.Errorf("China, any region: SourceArn = %v", v)
	}
	if got.Statement[0].Principal.Service[0] != "personalize.amazonaws.com" {
		t.Errorf("the principal stays personalize.amazonaws.com in China")
	}
}

func TestGoldenS3Policies(t *testing.T) {
	for _, wf := range []Workflow{WorkflowImport, WorkflowBatch, WorkflowExport} {
		a := personalizeExample()
		a.Workflows = []Workflow{wf}
		assertSame(t, buildDoc(t, a, DocRoleS3Policy), example(t, "role-s3-policy-"+string(wf)))
		assertSame(t, buildDoc(t, a, DocS3BucketPolicy), example(t, "s3-bucket-policy-"+string(wf)))
	}
	// Several workflows: one combined statement under the one Sid.
	a := personalizeExample()
	a.Workflows = []Workflow{WorkflowImport, WorkflowExport}
	assertSame(t, buildDoc(t, a, DocS3BucketPolicy), example(t, "s3-bucket-policy-batch"))
}

func TestGoldenKeyPolicy(t *testing.T) {
	a := personalizeExample()
	a.Region = "us-west-2"
	a.RoleName = "PersonalizeRole"
	a.KMSKeyARN = exKey
	a.Workflows = []Workflow{WorkflowImport, WorkflowBatch}
	want := example(t, "kms-key-policy", "<account-id>", exAccount, "<personalize-role-name>", "PersonalizeRole")
	// permwiz's own Id for the example's "key-policy-123".
	want.ID = "PersonalizeKeyPolicy"
	// The example's Sid collides with the console's default key-users
	// statement.
	want.Statement[0].Sid = "AllowPersonalizeUseOfTheKey"
	// A complete key policy keeps the account statement, or IAM policies
	// stop working and administrators are locked out.
	want.Statement = append([]policy.Statement{{Sid: "Enable IAM User Permissions", Effect: policy.Allow,
		Principal: policy.AWSPrincipal("arn:aws:iam::" + exAccount + ":root"), Action: policy.List{"kms:*"}, Resource: policy.Strings{"*"}}},
		want.Statement...)
	assertSame(t, buildDoc(t, a, DocKMSKeyPolicy), want)

	// Export from an encrypted dataset group needs
	// kms:GenerateDataKeyWithoutPlaintext, which the text requires and the
	// example leaves out.
	a.Workflows = []Workflow{WorkflowExport}
	want.Statement[1].Action = append(want.Statement[1].Action, "kms:GenerateDataKeyWithoutPlaintext")
	assertSame(t, buildDoc(t, a, DocKMSKeyPolicy), want)
}

func TestGoldenRoleKeyPolicy(t *testing.T) {
	a := personalizeExample()
	a.Region = "us-west-2"
	a.KMSKeyARN = exKey
	a.Workflows = []Workflow{WorkflowBatch}
	want := example(t, "role-kms-policy")
	nameStatements(want, "UsePersonalizeKey")
	scopeTo(want, 0, exKey)
	assertSame(t, buildDoc(t, a, DocRoleKMSPolicy), want)

	// A dataset-group key needs the role policy even for import alone: the
	// page lists dataset groups among the resources whose key both the key
	// policy and the role's IAM policy must grant.
	a.Workflows = []Workflow{WorkflowImport}
	if b, _ := Build(a); b.Doc(DocRoleKMSPolicy) == nil {
		t.Error("import with a dataset-group key needs the role KMS policy")
	}
	// A key on the bucket needs the role policy even for import.
	a.KeyUse = []KeyUse{KeyBucket}
	if b, _ := Build(a); b.Doc(DocRoleKMSPolicy) == nil {
		t.Error("an SSE-KMS bucket needs the role KMS policy even for import")
	}
}

func kinesisExample() Answers {
	return Answers{Setup: SetupKinesis, AccountID: exAccount, Region: "us-west-2", Stream: "MyStream", KMSKeyARN: exKey}
}

const exStream = "arn:aws:kinesis:us-west-2:123456789012:stream/MyStream"

func TestGoldenKinesisProducer(t *testing.T) {
	want := example(t, "kinesis-producer-policy")
	nameStatements(want, "GenerateDataKeyForStream", "WriteToStream")
	// The example's arn:aws:kinesis:*:123456789012:MyStream lacks stream/
	// and matches no stream.
	scopeTo(want, 1, exStream)
	// The key only through Kinesis and only for this stream: in the IAM
	// policy too, where it takes effect for principals of the key's account.
	want.Statement[0].Condition = kinesisCondition("us-west-2", exStream)
	// The KPL needs DescribeStreamSummary ("Grant DescribeStreamSummary
	// permission to the KPL").
	want.Statement[1].Action = append(policy.List{"kinesis:DescribeStreamSummary"}, want.Statement[1].Action...)
	assertSame(t, buildDoc(t, kinesisExample(), DocKinesisProducer), want)
}

func TestGoldenKinesisConsumer(t *testing.T) {
	want := example(t, "kinesis-consumer-policy")
	nameStatements(want, "DecryptStreamRecords", "ReadStream")
	scopeTo(want, 1, exStream)
	// A consumer also needs a shard iterator and the shard list to read.
	want.Statement[1].Action = append(want.Statement[1].Action, "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:DescribeStreamSummary")
	want.Statement[0].Condition = kinesisCondition("us-west-2", exStream)
	assertSame(t, buildDoc(t, kinesisExample(), DocKinesisConsumer), want)
}

func TestGoldenKinesisAdmin(t *testing.T) {
	want := example(t, "kinesis-admin-policy")
	// kms:DescribeKey* matches only DescribeKey: named, and scoped to the
	// key; kms:List* is narrowed to the two List actions that need "*".
	want.Statement[0].Action = policy.List{"kms:ListAliases", "kms:ListKeys"}
	want.Statement = append(want.Statement, policy.Statement{Effect: policy.Allow, Action: policy.List{"kms:DescribeKey"}, Resource: policy.Strings{exKey}},
		// Administrators turn encryption on and off on this stream.
		policy.Statement{Effect: policy.Allow, Action: policy.List{"kinesis:DescribeStreamSummary", "kinesis:StartStreamEncryption", "kinesis:StopStreamEncryption"}, Resource: policy.Strings{exStream}})
	nameStatements(want, "ListKeysAndAliases", "DescribeStreamKey", "ManageStreamEncryption")
	assertSame(t, buildDoc(t, kinesisExample(), DocKinesisAdmin), want)
}

func kinesisCondition(region, stream string) policy.Condition {
	return make(policy.Condition, 0, 2).
		With("StringEquals", "kms:ViaService", "kinesis."+region+".amazonaws.com").
		With("StringEquals", "kms:EncryptionContext:aws:kinesis:arn", stream)
}
