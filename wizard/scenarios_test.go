package wizard

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
)

// These scenarios play requests through audit.Evaluate against the
// documents one set of answers builds, as IAM would: every request the setup
// needs must be allowed, and requests it does not need must be denied.

type scenario struct {
	name  string
	docs  []string // the documents that decide (identity policies of one principal, or one resource policy)
	req   audit.Request
	allow bool
}

const (
	scAccount = "111122223333"
	scRole    = "arn:aws:iam::111122223333:role/service-role/PersonalizeRole"
	scBucket  = "arn:aws:s3:::my-personalize-data"
	scPZ      = "personalize.amazonaws.com"
)

func ctx(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = []string{kv[i+1]}
	}
	return m
}

func runScenarios(t *testing.T, b *Bundle, cases []scenario, attached ...*policy.Document) {
	t.Helper()
	for _, c := range cases {
		allowed, denied := false, false
		for _, id := range c.docs {
			var d *policy.Document
			if doc := b.Doc(id); doc != nil {
				d = doc.Policy
			} else if id == "managed" && len(attached) > 0 {
				d = attached[0]
			} else {
				t.Fatalf("%s: no document %s in %v", c.name, id, b.IDs())
			}
			dec := audit.Evaluate(d, c.req)
			switch {
			case dec.Outcome == audit.ExplicitDeny:
				denied = true
			case dec.Allowed() && !dec.ViaAccount:
				allowed = true
			}
		}
		if got := allowed && !denied; got != c.allow {
			t.Errorf("%s: allowed=%v, want %v (%+v)", c.name, got, c.allow, c.req)
		}
	}
}

func TestPersonalizeScenarios(t *testing.T) {
	a := fullest()
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	user := []string{DocUserPolicy}
	role := []string{DocRolePolicy, DocRoleS3Policy, DocRoleKMSPolicy}
	dg := "arn:aws:personalize:us-east-1:111122223333:dataset-group/movies"
	assume := func(account, source string) map[string][]string {
		return ctx("aws:SourceAccount", account, "aws:SourceArn", source)
	}
	runScenarios(t, b, []scenario{
		{"user creates a dataset group", user, audit.Request{Action: "personalize:CreateDatasetGroup", Resource: dg}, true},
		{"user describes an AWS recipe", user, audit.Request{Action: "personalize:DescribeRecipe", Resource: "arn:aws:personalize:::recipe/aws-user-personalization"}, true},
		{"user passes the service role to Personalize", user, audit.Request{Action: "iam:PassRole", Resource: scRole, Context: ctx("iam:PassedToService", scPZ)}, true},
		{"user passes another role", user, audit.Request{Action: "iam:PassRole", Resource: "arn:aws:iam::111122223333:role/Admin", Context: ctx("iam:PassedToService", scPZ)}, false},
		{"user passes the role to EC2", user, audit.Request{Action: "iam:PassRole", Resource: scRole, Context: ctx("iam:PassedToService", "ec2.amazonaws.com")}, false},
		{"user uses the key", user, audit.Request{Action: "kms:Decrypt", Resource: testKey}, true},
		{"user uses another key", user, audit.Request{Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000"}, false},
		{"user deletes the bucket", user, audit.Request{Action: "s3:DeleteBucket", Resource: scBucket}, false},

		{"Personalize assumes the role for this account", []string{DocRoleTrustPolicy}, audit.Request{Principal: scPZ, Action: "sts:AssumeRole", Context: assume(scAccount, dg)}, true},
		{"Personalize assumes the role for another account", []string{DocRoleTrustPolicy}, audit.Request{Principal: scPZ, Action: "sts:AssumeRole", Context: assume("444455556666", "arn:aws:personalize:us-east-1:444455556666:dataset-group/x")}, false},
		{"Personalize assumes the role from another region", []string{DocRoleTrustPolicy}, audit.Request{Principal: scPZ, Action: "sts:AssumeRole", Context: assume(scAccount, "arn:aws:personalize:eu-west-1:111122223333:dataset-group/x")}, false},
		{"assume without the confused-deputy context", []string{DocRoleTrustPolicy}, audit.Request{Principal: scPZ, Action: "sts:AssumeRole"}, false},
		{"EC2 assumes the role", []string{DocRoleTrustPolicy}, audit.Request{Principal: "ec2.amazonaws.com", Action: "sts:AssumeRole", Context: assume(scAccount, dg)}, false},

		{"role reads training data", role, audit.Request{Action: "s3:GetObject", Resource: scBucket + "/data/interactions.csv"}, true},
		{"role lists the bucket", role, audit.Request{Action: "s3:ListBucket", Resource: scBucket}, true},
		{"role writes batch output", role, audit.Request{Action: "s3:PutObject", Resource: scBucket + "/out/batch.json"}, true},
		{"role deletes an object", role, audit.Request{Action: "s3:DeleteObject", Resource: scBucket + "/data/interactions.csv"}, false},
		{"role reads another bucket", role, audit.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::other-bucket/x"}, false},
		{"role decrypts with the key", role, audit.Request{Action: "kms:Decrypt", Resource: testKey}, true},
		{"role encrypts arbitrary data", role, audit.Request{Action: "kms:Encrypt", Resource: testKey}, false},
		{"role publishes metric attribution metrics", role, audit.Request{Action: "cloudwatch:PutMetricData", Resource: "*"}, true},

		{"bucket lets Personalize read", []string{DocS3BucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:GetObject", Resource: scBucket + "/data/x.csv"}, true},
		{"bucket lets Personalize write", []string{DocS3BucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:PutObject", Resource: scBucket + "/out/x"}, true},
		{"bucket refuses another service", []string{DocS3BucketPolicy}, audit.Request{Principal: "glue.amazonaws.com", Action: "s3:GetObject", Resource: scBucket + "/data/x.csv"}, false},
		{"bucket refuses deletes", []string{DocS3BucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:DeleteObject", Resource: scBucket + "/data/x.csv"}, false},

		{"key lets Personalize create a grant", []string{DocKMSKeyPolicy}, audit.Request{Principal: scPZ, Action: "kms:CreateGrant", Resource: testKey}, true},
		{"key lets the role create a grant", []string{DocKMSKeyPolicy}, audit.Request{Principal: scRole, Action: "kms:CreateGrant", Resource: testKey}, true},
		{"key allows export's data keys", []string{DocKMSKeyPolicy}, audit.Request{Principal: scPZ, Action: "kms:GenerateDataKeyWithoutPlaintext", Resource: testKey}, true},
		{"key refuses Personalize scheduling deletion", []string{DocKMSKeyPolicy}, audit.Request{Principal: scPZ, Action: "kms:ScheduleKeyDeletion", Resource: testKey}, false},
		{"key grants another role only through IAM", []string{DocKMSKeyPolicy}, audit.Request{Principal: "arn:aws:iam::111122223333:role/Other", Action: "kms:Decrypt", Resource: testKey}, false},
	})

	// Export only: Personalize writes, never reads.
	a.Workflows = []Workflow{WorkflowExport}
	b, _ = Build(a)
	runScenarios(t, b, []scenario{
		{"export-only role cannot read", []string{DocRoleS3Policy}, audit.Request{Action: "s3:GetObject", Resource: scBucket + "/data/x.csv"}, false},
		{"export-only role writes", []string{DocRoleS3Policy}, audit.Request{Action: "s3:PutObject", Resource: scBucket + "/export/x"}, true},
	})
}

// With managed access, the AWS managed policy (kept in assets/testdata)
// plus permwiz's S3 policy must still reach a bucket whose name does not
// contain "personalize".
func TestManagedRoleStillReachesTheBucket(t *testing.T) {
	a := goodPersonalize()
	a.Bucket, a.RoleAccess = "acme-data", AccessManaged
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "assets", "testdata", "managed", "AmazonPersonalizeFullAccess.json"))
	if err != nil {
		t.Fatal(err)
	}
	managed, err := policy.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	req := audit.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-data/x.csv"}
	if audit.Evaluate(managed, req).Allowed() {
		t.Fatal("the managed policy should not cover acme-data (its S3 access needs \"personalize\" in the name)")
	}
	runScenarios(t, b, []scenario{
		{"managed role + permwiz S3 policy reads the bucket", []string{"managed", DocRoleS3Policy}, req, true},
		{"managed role runs Personalize", []string{"managed"}, audit.Request{Action: "personalize:CreateSolution", Resource: "*"}, true},
	}, managed)
}

func TestKinesisScenarios(t *testing.T) {
	a := goodKinesis()
	a.Producers = []string{"arn:aws:iam::111122223333:role/writer"}
	a.Consumers = []string{"arn:aws:iam::111122223333:role/reader"}
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	stream := "arn:aws:kinesis:us-east-1:111122223333:stream/orders"
	other := "arn:aws:kinesis:us-east-1:111122223333:stream/payments"
	via := func(streamARN string) map[string][]string {
		return ctx("kms:ViaService", "kinesis.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:kinesis:arn", streamARN)
	}
	p, c, adm, key := []string{DocKinesisProducer}, []string{DocKinesisConsumer}, []string{DocKinesisAdmin}, []string{DocKinesisKey}
	runScenarios(t, b, []scenario{
		{"producer writes", p, audit.Request{Action: "kinesis:PutRecords", Resource: stream}, true},
		{"producer gets a data key through Kinesis", p, audit.Request{Action: "kms:GenerateDataKey", Resource: testKey, Context: via(stream)}, true},
		{"producer gets a data key directly", p, audit.Request{Action: "kms:GenerateDataKey", Resource: testKey}, false},
		{"producer gets a data key for another stream", p, audit.Request{Action: "kms:GenerateDataKey", Resource: testKey, Context: via(other)}, false},
		{"producer writes another stream", p, audit.Request{Action: "kinesis:PutRecord", Resource: other}, false},
		{"producer reads", p, audit.Request{Action: "kinesis:GetRecords", Resource: stream}, false},
		{"producer decrypts", p, audit.Request{Action: "kms:Decrypt", Resource: testKey}, false},
		{"consumer lists shards", c, audit.Request{Action: "kinesis:ListShards", Resource: stream}, true},
		{"consumer gets an iterator", c, audit.Request{Action: "kinesis:GetShardIterator", Resource: stream}, true},
		{"consumer reads", c, audit.Request{Action: "kinesis:GetRecords", Resource: stream}, true},
		{"consumer decrypts through Kinesis", c, audit.Request{Action: "kms:Decrypt", Resource: testKey, Context: via(stream)}, true},
		{"consumer decrypts directly", c, audit.Request{Action: "kms:Decrypt", Resource: testKey}, false},
		{"consumer decrypts another stream's records", c, audit.Request{Action: "kms:Decrypt", Resource: testKey, Context: via(other)}, false},
		{"admin lists grants", adm, audit.Request{Action: "kms:ListGrants", Resource: testKey}, false},
		{"admin lists key policies", adm, audit.Request{Action: "kms:ListKeyPolicies", Resource: "*"}, false},
		{"consumer writes", c, audit.Request{Action: "kinesis:PutRecord", Resource: stream}, false},
		{"consumer deletes the stream", c, audit.Request{Action: "kinesis:DeleteStream", Resource: stream}, false},
		{"admin lists keys", adm, audit.Request{Action: "kms:ListKeys", Resource: "*"}, true},
		{"admin lists aliases", adm, audit.Request{Action: "kms:ListAliases", Resource: "*"}, true},
		{"admin describes the key", adm, audit.Request{Action: "kms:DescribeKey", Resource: testKey}, true},
		{"admin turns encryption on", adm, audit.Request{Action: "kinesis:StartStreamEncryption", Resource: stream}, true},
		{"admin decrypts", adm, audit.Request{Action: "kms:Decrypt", Resource: testKey}, false},
		{"key: producer through Kinesis", key, audit.Request{Principal: a.Producers[0], Action: "kms:GenerateDataKey", Resource: testKey, Context: via(stream)}, true},
		{"key: producer directly", key, audit.Request{Principal: a.Producers[0], Action: "kms:GenerateDataKey", Resource: testKey}, false},
		{"key: producer for another stream", key, audit.Request{Principal: a.Producers[0], Action: "kms:GenerateDataKey", Resource: testKey, Context: via(other)}, false},
		{"key: consumer decrypts through Kinesis", key, audit.Request{Principal: a.Consumers[0], Action: "kms:Decrypt", Resource: testKey, Context: via(stream)}, true},
		{"key: consumer cannot generate", key, audit.Request{Principal: a.Consumers[0], Action: "kms:GenerateDataKey", Resource: testKey, Context: via(stream)}, false},
	})
}
