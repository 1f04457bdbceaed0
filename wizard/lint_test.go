package wizard

import (
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
)

// lintSetups are the fullest answer sets permwiz supports: every workflow,
// a key on both the dataset group and the bucket, the China partition, an
// existing role with a path, managed variants, and Kinesis with producers
// and consumers. Every document they give must lint without errors or
// security warnings, except where a builder declared why.
var lintSetups = []struct {
	name string
	a    Answers
}{
	{"personalize-full-cn", Answers{AccountID: "111122223333", Region: "cn-north-1", RoleName: "PersonalizeRole", RolePath: "/service-role/",
		Bucket: "my-data", Workflows: AllWorkflows, KMSKeyARN: "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		KeyUse: AllKeyUses, CloudWatch: true}},
	{"personalize-existing-role-any-region", Answers{AccountID: "111122223333", Region: "us-east-1",
		RoleARN: "arn:aws:iam::111122223333:role/service-role/AmazonPersonalize-ExecutionRole-1",
		Bucket:  "my-data", Workflows: AllWorkflows, AnyRegion: true,
		KMSKeyARN: "arn:aws:kms:us-east-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab", KeyUse: AllKeyUses}},
	{"personalize-managed", Answers{AccountID: "111122223333", Region: "eu-west-1", RoleName: "PersonalizeRole",
		RoleAccess: AccessManaged, UserAccess: AccessManaged, Bucket: "my-data", Workflows: []Workflow{WorkflowExport, WorkflowImport},
		KMSKeyARN: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}},
	{"personalize-minimal", Answers{AccountID: "111122223333", Region: "us-west-2", RoleName: "PersonalizeRole", Bucket: "my-data"}},
	{"kinesis-full", Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-west-2", Stream: "orders",
		KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Producers: []string{"arn:aws:iam::111122223333:role/Producer", "arn:aws:iam::111122223333:user/ingest"},
		Consumers: []string{"arn:aws:iam::111122223333:role/Consumer"}}},
	{"personalize-output", Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole", Bucket: "my-data",
		Workflows: AllWorkflows, OutputBucket: "my-output", BatchOutputPrefix: "batch/", ExportPrefix: "export/", MetricsPrefix: "metrics/",
		BatchOutputKMSKeyARN: "arn:aws:kms:us-east-1:111122223333:key/00000000-1111-2222-3333-444444444444"}},
	{"kinesis-cross-account-clients", Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "me-west-1", Stream: "orders",
		KMSKeyARN:    "arn:aws:kms:me-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Producers:    []string{"arn:aws:iam::444455556666:role/Producer"},
		Consumers:    []string{"arn:aws:iam::444455556666:role/Consumer"},
		ProducerKind: ProducerKPL, ConsumerKinds: AllConsumerKinds, KCLApplication: "orders-app"}},
	{"kinesis-cn", Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "cn-northwest-1", Stream: "orders",
		KMSKeyARN: "arn:aws-cn:kms:cn-northwest-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Consumers: []string{"arn:aws-cn:iam::111122223333:role/Consumer"}}},
}

func TestGeneratedDocumentsLintClean(t *testing.T) {
	seenRules := map[string]bool{}
	for _, tc := range lintSetups {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Build(tc.a)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if len(b.Docs) == 0 {
				t.Fatal("no documents")
			}
			for i := range b.Docs {
				d := &b.Docs[i]
				findings, exceptions := audit.Lint(d.Policy)
				for _, f := range findings {
					if f.Severity.Blocking() {
						t.Errorf("%s: %s", d.ID, f)
					}
				}
				for _, e := range exceptions {
					if strings.TrimSpace(e.Why) == "" {
						t.Errorf("%s: exception %s at %s has no reason", d.ID, e.Rule, e.Path)
					}
					seenRules[e.Rule] = true
				}
				// The same document read back from its JSON (as a user
				// would lint the saved file) must carry no error either:
				// only the deliberate exceptions may remain, as findings.
				_, asFile, _ := audit.LintFile(d.Policy.JSON(), d.Policy.Kind, nil)
				for _, f := range asFile {
					if f.Severity.Blocking() && !declared(exceptions, f) {
						t.Errorf("%s (as a file): %s", d.ID, f)
					}
				}
			}
		})
	}
	// The exceptions the builders declare must still suppress something:
	// an exception whose rule never fires is a stale comment.
	for _, rule := range []string{policy.RuleServiceWithoutSource, policy.RuleKeyFullAccess, policy.RuleWildcardResource} {
		if !seenRules[rule] {
			t.Errorf("no generated document declares an exception to %s any more; update this test", rule)
		}
	}
}

func declared(ex []audit.Excepted, f audit.Finding) bool {
	for _, e := range ex {
		if e.Rule == f.Rule && (f.Path == e.Path || strings.HasPrefix(f.Path, e.Path+".")) {
			return true
		}
	}
	return false
}
