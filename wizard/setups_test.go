package wizard

import (
	"slices"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
)

// The setups of issue 9: keys and principals in other accounts, real
// Kinesis clients. Each request is decided as AWS decides it across
// policies: within one account the identity policy or the resource policy
// may allow (a KMS key policy must allow, directly or through its account
// statement plus an IAM policy); across accounts both the caller's IAM
// policy and the resource's policy must allow.

const (
	otherAccount = "444455556666"
	otherKey     = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	ordersStream = "arn:aws:kinesis:us-east-1:111122223333:stream/orders"
)

type request struct {
	name     string
	caller   string   // the principal's ARN
	identity []string // its identity policies (documents of the bundle)
	resource string   // the resource's policy: a document ID, "" for none
	kms      bool     // the resource is a KMS key: its key policy must allow
	req      audit.Request
	allow    bool
}

func accountOf(arn string) string {
	a, err := policy.ParseARN(arn)
	if err != nil {
		return arn
	}
	return a.Account
}

// decide plays one request. A key without a document in the bundle keeps
// its default key policy: kms:* for its own account.
func decide(t *testing.T, b *Bundle, c request) bool {
	t.Helper()
	denied := false
	idAllow := false
	for _, id := range c.identity {
		d := b.Doc(id)
		if d == nil {
			continue // a policy the setup does not write allows nothing
		}
		r := c.req
		r.Principal = ""
		switch dec := audit.Evaluate(d.Policy, r); {
		case dec.Outcome == audit.ExplicitDeny:
			denied = true
		case dec.Allowed():
			idAllow = true
		}
	}
	owner := accountOf(c.req.Resource)
	if !policy.IsAccountID(owner) {
		owner = accountOf(c.caller) // "*", an S3 ARN: no owner to cross
	}
	var res *policy.Document
	if d := b.Doc(c.resource); c.resource != "" && d != nil {
		res = d.Policy
	} else if c.kms {
		res = &policy.Document{Version: policy.Version, Kind: policy.KindKey,
			Statement: []policy.Statement{accountStatement("aws", owner)}}
	}
	resAllow, resVia := false, false
	if res != nil {
		r := c.req
		r.Principal = c.caller
		switch dec := audit.Evaluate(res, r); {
		case dec.Outcome == audit.ExplicitDeny:
			denied = true
		case dec.Allowed():
			resAllow, resVia = !dec.ViaAccount, dec.ViaAccount
		}
	}
	same := accountOf(c.caller) == owner
	switch {
	case denied:
		return false
	case !same:
		return (resAllow || resVia) && idAllow
	case c.kms:
		return resAllow || (resVia && idAllow)
	default:
		return idAllow || resAllow
	}
}

func runAccess(t *testing.T, b *Bundle, cases []request) {
	t.Helper()
	for _, c := range cases {
		if got := decide(t, b, c); got != c.allow {
			t.Errorf("%s: allowed=%v, want %v (%+v)", c.name, got, c.allow, c.req)
		}
	}
}

func viaKinesis(stream string) map[string][]string {
	return ctx("kms:ViaService", "kinesis.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:kinesis:arn", stream)
}

func kinesisSetup(t *testing.T, edit func(*Answers)) *Bundle {
	t.Helper()
	a := goodKinesis()
	edit(&a)
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// 1 and 6: a key of another account, no principals listed. Its default key
// policy trusts only its own account, so the key policy must name this
// account for producers, consumers and administrators alike.
func TestKinesisKeyInAnotherAccount(t *testing.T) {
	b := kinesisSetup(t, func(a *Answers) { a.KMSKeyARN = otherKey })
	writer := "arn:aws:iam::111122223333:role/writer"
	reader := "arn:aws:iam::111122223333:role/reader"
	admin := "arn:aws:iam::111122223333:role/admin"
	p, c, adm := []string{DocKinesisProducer}, []string{DocKinesisConsumer}, []string{DocKinesisAdmin}
	runAccess(t, b, []request{
		{"producer encrypts through Kinesis", writer, p, DocKinesisKey, true, audit.Request{Action: "kms:GenerateDataKey", Resource: otherKey, Context: viaKinesis(ordersStream)}, true},
		{"producer calls KMS directly", writer, p, DocKinesisKey, true, audit.Request{Action: "kms:GenerateDataKey", Resource: otherKey}, false},
		{"consumer decrypts through Kinesis", reader, c, DocKinesisKey, true, audit.Request{Action: "kms:Decrypt", Resource: otherKey, Context: viaKinesis(ordersStream)}, true},
		{"consumer decrypts for another stream", reader, c, DocKinesisKey, true, audit.Request{Action: "kms:Decrypt", Resource: otherKey, Context: viaKinesis("arn:aws:kinesis:us-east-1:111122223333:stream/payments")}, false},
		{"administrator describes the key", admin, adm, DocKinesisKey, true, audit.Request{Action: "kms:DescribeKey", Resource: otherKey}, true},
		{"administrator decrypts", admin, adm, DocKinesisKey, true, audit.Request{Action: "kms:Decrypt", Resource: otherKey, Context: viaKinesis(ordersStream)}, false},
		{"a third account encrypts", "arn:aws:iam::777788889999:role/x", p, DocKinesisKey, true, audit.Request{Action: "kms:GenerateDataKey", Resource: otherKey, Context: viaKinesis(ordersStream)}, false},
	})

	// Administrators named: the key policy names them, not the account.
	b = kinesisSetup(t, func(a *Answers) { a.KMSKeyARN = otherKey; a.Admins = []string{admin} })
	runAccess(t, b, []request{
		{"named administrator describes the key", admin, adm, DocKinesisKey, true, audit.Request{Action: "kms:DescribeKey", Resource: otherKey}, true},
		{"another role of the account describes the key", "arn:aws:iam::111122223333:role/other", adm, DocKinesisKey, true, audit.Request{Action: "kms:DescribeKey", Resource: otherKey}, false},
	})
}

// 2: producers and consumers of another account need the stream's
// resource-based policy besides their own IAM policy.
func TestKinesisPrincipalsInAnotherAccount(t *testing.T) {
	writer := "arn:aws:iam::444455556666:role/writer"
	reader := "arn:aws:iam::444455556666:role/reader"
	b := kinesisSetup(t, func(a *Answers) {
		a.Producers = []string{writer}
		a.Consumers = []string{reader, "arn:aws:iam::111122223333:role/local"}
	})
	p, c := []string{DocKinesisProducer}, []string{DocKinesisConsumer}
	s := DocKinesisStream
	runAccess(t, b, []request{
		{"cross-account producer writes", writer, p, s, false, audit.Request{Action: "kinesis:PutRecords", Resource: ordersStream}, true},
		{"cross-account producer reads", writer, p, s, false, audit.Request{Action: "kinesis:GetRecords", Resource: ordersStream}, false},
		{"cross-account consumer lists shards", reader, c, s, false, audit.Request{Action: "kinesis:ListShards", Resource: ordersStream}, true},
		{"cross-account consumer gets an iterator", reader, c, s, false, audit.Request{Action: "kinesis:GetShardIterator", Resource: ordersStream}, true},
		{"cross-account consumer reads", reader, c, s, false, audit.Request{Action: "kinesis:GetRecords", Resource: ordersStream}, true},
		{"cross-account consumer writes", reader, c, s, false, audit.Request{Action: "kinesis:PutRecord", Resource: ordersStream}, false},
		{"cross-account consumer deletes the stream", reader, c, s, false, audit.Request{Action: "kinesis:DeleteStream", Resource: ordersStream}, false},
		{"cross-account producer decrypts via the key", writer, p, DocKinesisKey, true, audit.Request{Action: "kms:Decrypt", Resource: testKey, Context: viaKinesis(ordersStream)}, false},
		{"cross-account producer encrypts via the key", writer, p, DocKinesisKey, true, audit.Request{Action: "kms:GenerateDataKey", Resource: testKey, Context: viaKinesis(ordersStream)}, true},
		{"a third account reads", "arn:aws:iam::777788889999:role/x", c, s, false, audit.Request{Action: "kinesis:GetRecords", Resource: ordersStream}, false},
	})
	if d := b.Doc(DocKinesisStream); d != nil {
		for _, st := range d.Policy.Statement {
			for _, pr := range st.Principal.AWS {
				if accountOf(pr) == scAccount {
					t.Errorf("the stream policy names %s, of the stream's own account", pr)
				}
			}
		}
	}
	// Every principal in the stream's account: no stream policy.
	if b := kinesisSetup(t, func(a *Answers) { a.Producers = []string{"arn:aws:iam::111122223333:role/w"} }); b.Doc(DocKinesisStream) != nil {
		t.Error("a stream policy for principals of the stream's own account")
	}
}

// 3 and 4: the clients AWS documents each need their own actions.
func TestKinesisClientKinds(t *testing.T) {
	role := "arn:aws:iam::111122223333:role/app"
	consumerARN := ordersStream + "/consumer/app:1700000000"
	kpl := kinesisSetup(t, func(a *Answers) { a.ProducerKind = ProducerKPL })
	p := []string{DocKinesisProducer}
	runAccess(t, kpl, []request{
		{"KPL reads the stream summary", role, p, "", false, audit.Request{Action: "kinesis:DescribeStreamSummary", Resource: ordersStream}, true},
		{"KPL lists shards", role, p, "", false, audit.Request{Action: "kinesis:ListShards", Resource: ordersStream}, true},
		{"KPL publishes its metrics", role, p, "", false, audit.Request{Action: "cloudwatch:PutMetricData", Resource: "*", Context: ctx("cloudwatch:namespace", "KinesisProducerLibrary")}, true},
		{"KPL publishes to another namespace", role, p, "", false, audit.Request{Action: "cloudwatch:PutMetricData", Resource: "*", Context: ctx("cloudwatch:namespace", "AWS/EC2")}, false},
	})
	sdk := kinesisSetup(t, func(*Answers) {})
	runAccess(t, sdk, []request{
		{"SDK producer reads the stream summary", role, p, "", false, audit.Request{Action: "kinesis:DescribeStreamSummary", Resource: ordersStream}, true},
		{"SDK producer publishes metrics", role, p, "", false, audit.Request{Action: "cloudwatch:PutMetricData", Resource: "*", Context: ctx("cloudwatch:namespace", "KinesisProducerLibrary")}, false},
		{"polling consumer cannot subscribe", role, []string{DocKinesisConsumer}, "", false, audit.Request{Action: "kinesis:SubscribeToShard", Resource: consumerARN}, false},
	})

	c := []string{DocKinesisConsumer}
	efo := kinesisSetup(t, func(a *Answers) { a.ConsumerKinds = []ConsumerKind{ConsumerEFO} })
	runAccess(t, efo, []request{
		{"EFO registers a consumer", role, c, "", false, audit.Request{Action: "kinesis:RegisterStreamConsumer", Resource: ordersStream}, true},
		{"EFO describes its consumer", role, c, "", false, audit.Request{Action: "kinesis:DescribeStreamConsumer", Resource: consumerARN}, true},
		{"EFO subscribes to a shard", role, c, "", false, audit.Request{Action: "kinesis:SubscribeToShard", Resource: consumerARN}, true},
		{"EFO subscribes through another stream's consumer", role, c, "", false, audit.Request{Action: "kinesis:SubscribeToShard", Resource: "arn:aws:kinesis:us-east-1:111122223333:stream/payments/consumer/app:1"}, false},
		{"EFO deregisters consumers", role, c, "", false, audit.Request{Action: "kinesis:DeregisterStreamConsumer", Resource: consumerARN}, false},
		{"EFO polls records", role, c, "", false, audit.Request{Action: "kinesis:GetRecords", Resource: ordersStream}, false},
	})

	kcl := kinesisSetup(t, func(a *Answers) {
		a.ConsumerKinds = []ConsumerKind{ConsumerKCL}
		a.KCLApplication = "orders-app"
	})
	table := "arn:aws:dynamodb:us-east-1:111122223333:table/orders-app"
	runAccess(t, kcl, []request{
		{"KCL creates its lease table", role, c, "", false, audit.Request{Action: "dynamodb:CreateTable", Resource: table}, true},
		{"KCL updates a lease", role, c, "", false, audit.Request{Action: "dynamodb:UpdateItem", Resource: table}, true},
		{"KCL queries the lease index", role, c, "", false, audit.Request{Action: "dynamodb:Query", Resource: table + "/index/LeaseOwnerToLeaseKeyIndex"}, true},
		{"KCL writes worker metrics", role, c, "", false, audit.Request{Action: "dynamodb:PutItem", Resource: table + "-WorkerMetricStats"}, true},
		{"KCL writes coordinator state", role, c, "", false, audit.Request{Action: "dynamodb:GetItem", Resource: table + "-CoordinatorState"}, true},
		{"KCL touches another table", role, c, "", false, audit.Request{Action: "dynamodb:Scan", Resource: "arn:aws:dynamodb:us-east-1:111122223333:table/billing"}, false},
		{"KCL deletes its lease table", role, c, "", false, audit.Request{Action: "dynamodb:DeleteTable", Resource: table}, false},
		{"KCL publishes its metrics", role, c, "", false, audit.Request{Action: "cloudwatch:PutMetricData", Resource: "*", Context: ctx("cloudwatch:namespace", "orders-app")}, true},
		{"KCL publishes to another namespace", role, c, "", false, audit.Request{Action: "cloudwatch:PutMetricData", Resource: "*", Context: ctx("cloudwatch:namespace", "other")}, false},
		{"KCL subscribes with enhanced fan-out", role, c, "", false, audit.Request{Action: "kinesis:SubscribeToShard", Resource: consumerARN}, true},
		{"KCL polls", role, c, "", false, audit.Request{Action: "kinesis:GetRecords", Resource: ordersStream}, true},
	})

	// A KCL consumer of another account runs with that account's
	// credentials, so its lease tables are in its own account: the policy it
	// creates there names the caller's account, not the stream's.
	partnerKCL := kinesisSetup(t, func(a *Answers) {
		a.Consumers = []string{"arn:aws:iam::444455556666:role/PartnerReader"}
		a.ConsumerKinds = []ConsumerKind{ConsumerKCL}
		a.KCLApplication = "orders-app"
	})
	partner := "arn:aws:iam::444455556666:role/PartnerReader"
	partnerTable := "arn:aws:dynamodb:us-east-1:444455556666:table/orders-app"
	inPartner := ctx("aws:PrincipalAccount", otherAccount)
	runAccess(t, partnerKCL, []request{
		{"partner KCL creates its lease table in its own account", partner, c, "", false, audit.Request{Action: "dynamodb:CreateTable", Resource: partnerTable, Context: inPartner}, true},
		{"partner KCL writes worker metrics in its own account", partner, c, "", false, audit.Request{Action: "dynamodb:PutItem", Resource: partnerTable + "-WorkerMetricStats", Context: inPartner}, true},
		{"partner KCL reaches into the stream account's tables", partner, c, "", false, audit.Request{Action: "dynamodb:CreateTable", Resource: table, Context: inPartner}, false},
	})

	lambda := kinesisSetup(t, func(a *Answers) { a.ConsumerKinds = []ConsumerKind{ConsumerLambda, ConsumerEFO} })
	runAccess(t, lambda, []request{
		{"Lambda describes the stream", role, c, "", false, audit.Request{Action: "kinesis:DescribeStream", Resource: ordersStream}, true},
		{"Lambda reads records", role, c, "", false, audit.Request{Action: "kinesis:GetRecords", Resource: ordersStream}, true},
		{"Lambda subscribes through its consumer", role, c, "", false, audit.Request{Action: "kinesis:SubscribeToShard", Resource: consumerARN}, true},
	})
}

// 5: a Personalize key of another account. KMS needs the role's IAM policy
// beside the key policy for every action, so the role KMS policy is written
// even for import alone and carries CreateGrant (and, for export from an
// encrypted dataset group, GenerateDataKeyWithoutPlaintext).
func TestPersonalizeKeyInAnotherAccount(t *testing.T) {
	a := goodPersonalize()
	a.RolePath = "/service-role/"
	a.KMSKeyARN = otherKey
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	role := []string{DocRoleKMSPolicy}
	runAccess(t, b, []request{
		{"role decrypts for import", scRole, role, DocKMSKeyPolicy, true, audit.Request{Action: "kms:Decrypt", Resource: otherKey}, true},
		{"role creates a grant", scRole, role, DocKMSKeyPolicy, true, audit.Request{Action: "kms:CreateGrant", Resource: otherKey}, true},
		{"role schedules key deletion", scRole, role, DocKMSKeyPolicy, true, audit.Request{Action: "kms:ScheduleKeyDeletion", Resource: otherKey}, false},
		// The user policy's key statement takes effect only because the key
		// policy names the user's account.
		{"user decrypts with the key", "arn:aws:iam::111122223333:user/alice", []string{DocUserPolicy}, DocKMSKeyPolicy, true, audit.Request{Action: "kms:Decrypt", Resource: otherKey}, true},
		{"user schedules key deletion", "arn:aws:iam::111122223333:user/alice", []string{DocUserPolicy}, DocKMSKeyPolicy, true, audit.Request{Action: "kms:ScheduleKeyDeletion", Resource: otherKey}, false},
	})
	a.Workflows = []Workflow{WorkflowExport}
	b, _ = Build(a)
	runAccess(t, b, []request{
		{"role makes export data keys", scRole, role, DocKMSKeyPolicy, true, audit.Request{Action: "kms:GenerateDataKeyWithoutPlaintext", Resource: otherKey}, true},
	})

	// A key of the role's own account: the key policy names the role, and
	// the dataset group still gets the role policy the page asks for.
	a = goodPersonalize()
	a.KMSKeyARN = testKey
	b, _ = Build(a)
	if b.Doc(DocRoleKMSPolicy) == nil {
		t.Error("a dataset-group key without the role KMS policy (import alone)")
	}
	if d := b.Doc(DocRoleKMSPolicy); d != nil && slices.Contains(d.Policy.Statement[0].Action, "kms:CreateGrant") {
		t.Error("the role's own-account KMS policy grants CreateGrant, which only the key policy needs")
	}
}

// Options the current Personalize pages describe: an output bucket and
// output prefixes, a key for batch output, data deletion jobs, metric
// attribution to CloudWatch only.
func TestPersonalizeOutputLocations(t *testing.T) {
	const out = "arn:aws:s3:::my-personalize-output"
	a := goodPersonalize()
	a.RolePath = "/service-role/"
	a.Workflows = []Workflow{WorkflowImport, WorkflowBatch, WorkflowExport}
	a.OutputBucket = "my-personalize-output"
	a.BatchOutputPrefix = "batch/"
	a.ExportPrefix = "export/"
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	role := []string{DocRoleS3Policy}
	runAccess(t, b, []request{
		{"role reads the input", scRole, role, DocS3BucketPolicy, false, audit.Request{Action: "s3:GetObject", Resource: scBucket + "/data/x.csv"}, true},
		{"role writes into the input bucket", scRole, role, DocS3BucketPolicy, false, audit.Request{Action: "s3:PutObject", Resource: scBucket + "/data/x.csv"}, false},
		{"role writes batch output", scRole, role, DocS3OutputBucketPolicy, false, audit.Request{Action: "s3:PutObject", Resource: out + "/batch/job1/out.json"}, true},
		{"role writes export output", scRole, role, DocS3OutputBucketPolicy, false, audit.Request{Action: "s3:PutObject", Resource: out + "/export/x.csv"}, true},
		{"role writes outside the prefixes", scRole, role, DocS3OutputBucketPolicy, false, audit.Request{Action: "s3:PutObject", Resource: out + "/other/x"}, false},
		{"role lists the output bucket", scRole, role, DocS3OutputBucketPolicy, false, audit.Request{Action: "s3:ListBucket", Resource: out}, true},
		{"role reads the output bucket", scRole, role, DocS3OutputBucketPolicy, false, audit.Request{Action: "s3:GetObject", Resource: out + "/batch/x"}, false},
	})
	runScenarios(t, b, []scenario{
		{"output bucket lets Personalize write batch output", []string{DocS3OutputBucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:PutObject", Resource: out + "/batch/x.json"}, true},
		{"output bucket refuses writes elsewhere", []string{DocS3OutputBucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:PutObject", Resource: out + "/x"}, false},
		{"input bucket refuses Personalize writes", []string{DocS3BucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:PutObject", Resource: scBucket + "/x"}, false},
		{"input bucket lets Personalize read", []string{DocS3BucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:GetObject", Resource: scBucket + "/x"}, true},
	})

	// One bucket, a prefix for export only: writes stay under it.
	a = goodPersonalize()
	a.Workflows = []Workflow{WorkflowImport, WorkflowExport}
	a.ExportPrefix = "export/"
	b, _ = Build(a)
	runScenarios(t, b, []scenario{
		{"export under its prefix", []string{DocRoleS3Policy}, audit.Request{Action: "s3:PutObject", Resource: scBucket + "/export/x"}, true},
		{"export over the training data", []string{DocRoleS3Policy}, audit.Request{Action: "s3:PutObject", Resource: scBucket + "/data/interactions.csv"}, false},
		{"import still reads", []string{DocRoleS3Policy}, audit.Request{Action: "s3:GetObject", Resource: scBucket + "/data/interactions.csv"}, true},
	})
}

func TestPersonalizeBatchOutputKey(t *testing.T) {
	const outKey = "arn:aws:kms:us-east-1:111122223333:key/00000000-1111-2222-3333-444444444444"
	a := goodPersonalize()
	a.RolePath = "/service-role/"
	a.Workflows = []Workflow{WorkflowBatch}
	a.BatchOutputKMSKeyARN = outKey
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	viaS3 := ctx("kms:ViaService", "s3.us-east-1.amazonaws.com")
	role := []string{DocRoleKMSPolicy}
	runAccess(t, b, []request{
		{"role encrypts batch output through S3", scRole, role, DocBatchOutputKeyPolicy, true, audit.Request{Action: "kms:GenerateDataKey", Resource: outKey, Context: viaS3}, true},
		{"role uses the output key directly", scRole, role, DocBatchOutputKeyPolicy, true, audit.Request{Action: "kms:GenerateDataKey", Resource: outKey}, false},
		{"role re-encrypts with the output key", scRole, role, DocBatchOutputKeyPolicy, true, audit.Request{Action: "kms:ReEncryptFrom", Resource: outKey, Context: viaS3}, false},
	})
	a.Workflows = []Workflow{WorkflowImport}
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "--batch-output-kms-key-arn") {
		t.Errorf("a batch output key without batch jobs: %v", err)
	}
}

func TestPersonalizeDeletionAndCloudWatchOnly(t *testing.T) {
	a := goodPersonalize()
	a.Workflows = []Workflow{WorkflowDelete}
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	runScenarios(t, b, []scenario{
		{"deletion job reads its list", []string{DocRoleS3Policy}, audit.Request{Action: "s3:GetObject", Resource: scBucket + "/delete/users.csv"}, true},
		{"deletion job lists the bucket", []string{DocS3BucketPolicy}, audit.Request{Principal: scPZ, Action: "s3:ListBucket", Resource: scBucket}, true},
		{"deletion job writes", []string{DocRoleS3Policy}, audit.Request{Action: "s3:PutObject", Resource: scBucket + "/x"}, false},
	})

	a = goodPersonalize()
	a.Bucket = ""
	a.Workflows = []Workflow{WorkflowMetricsCloudWatch}
	b, err = Build(a)
	if err != nil {
		t.Fatalf("metric attribution to CloudWatch only needs no bucket: %v", err)
	}
	if b.Doc(DocRoleS3Policy) != nil || b.Doc(DocS3BucketPolicy) != nil {
		t.Errorf("S3 documents without S3: %v", b.IDs())
	}
	runScenarios(t, b, []scenario{
		{"metrics to CloudWatch", []string{DocRolePolicy}, audit.Request{Action: "cloudwatch:PutMetricData", Resource: "*"}, true},
	})
	if m := a.Missing(); len(m) != 0 {
		t.Errorf("missing %v with CloudWatch only", m)
	}
}
