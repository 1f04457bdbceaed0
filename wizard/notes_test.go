package wizard

import (
	"strings"
	"testing"
)

func TestNotes(t *testing.T) {
	key := "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	otherAcct := "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	base := Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data"}
	with := func(f func(a *Answers)) Answers { a := base; f(&a); return a }
	tests := []struct {
		name    string
		a       Answers
		step    string
		want    []string // substrings that must appear in some note
		notWant []string // substrings no note may contain
	}{
		{"managed role and bucket name", with(func(a *Answers) { a.RoleAccess = AccessManaged }), StepRole,
			[]string{`name contains "personalize"`}, nil},
		{"managed role, bucket without personalize", with(func(a *Answers) { a.RoleAccess = AccessManaged }), StepS3,
			[]string{`bucket "my-data" is not covered`, "VPC access"}, nil},
		{"managed role, personalize bucket", with(func(a *Answers) { a.RoleAccess = AccessManaged; a.Bucket = "personalize-in" }), StepS3,
			[]string{"VPC access"}, []string{"not covered"}},
		{"import with a key needs both policies", with(func(a *Answers) { a.KMSKeyARN = key }), StepKMS,
			[]string{"key policy and the service role's KMS policy both grant the key", "same region", "must exist before the key policy"}, []string{"Import alone", "documents no Personalize setup with a key of another account"}},
		{"export from encrypted dataset group", with(func(a *Answers) { a.KMSKeyARN = key; a.Workflows = []Workflow{WorkflowExport} }), StepKMS,
			[]string{"GenerateDataKeyWithoutPlaintext"}, nil},
		{"cross-account key", with(func(a *Answers) { a.KMSKeyARN = otherAcct }), StepKMS,
			[]string{"belongs to account 444455556666"}, nil},
		{"no key", base, StepKMS, []string{"AWS owned key"}, []string{"same region"}},
		{"invalid key says nothing beyond the error", with(func(a *Answers) { a.KMSKeyARN = "alias/x" }), StepKMS, nil, []string{"same region", "AWS owned"}},
		{"govcloud", with(func(a *Answers) { a.Region = "us-gov-west-1" }), StepBasics, []string{"not offered in AWS GovCloud"}, nil},
		{"china", with(func(a *Answers) { a.Region = "cn-north-1" }), StepBasics, []string{"arn:aws-cn"}, nil},
		{"role ARN without path", with(func(a *Answers) { a.RoleName = ""; a.RoleARN = "arn:aws:iam::111122223333:role/R" }), StepBasics,
			[]string{"has no path", "matches nothing"}, nil},
		{"role ARN with path", with(func(a *Answers) { a.RoleName = ""; a.RoleARN = "arn:aws:iam::111122223333:role/service-role/R" }), StepBasics,
			nil, []string{"has no path"}},
		{"legacy bucket", with(func(a *Answers) { a.Bucket = "My_Old_Bucket" }), StepS3, []string{"legacy bucket name"}, nil},
		{"managed user", with(func(a *Answers) { a.UserAccess = AccessManaged }), StepUser, []string{"iam:PassRole on *"}, nil},
		{"role order", base, StepRole, []string{"Create the role", "/service-role/"}, nil},
		{"metrics", with(func(a *Answers) { a.Workflows = []Workflow{WorkflowMetrics} }), StepS3, []string{"cloudwatch:PutMetricData"}, nil},
		{"kinesis order", Answers{Setup: SetupKinesis, Region: "us-east-1", AccountID: "111122223333", KMSKeyARN: key}, StepKey,
			[]string{"before turning encryption on (StartStreamEncryption)", "same region"}, nil},
		{"kinesis principals", Answers{Setup: SetupKinesis, Producers: []string{"arn:aws:iam::111122223333:role/W"}}, StepPrincipals,
			[]string{"must already exist"}, []string{"No principals"}},
		{"kinesis no principals", Answers{Setup: SetupKinesis}, StepPrincipals, []string{"No principals"}, nil},
		{"review gathers all, once", with(func(a *Answers) { a.RoleAccess = AccessManaged; a.KMSKeyARN = key }), StepReview,
			[]string{`name contains "personalize"`, "both grant the key", "VPC access"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notes := Notes(tt.a, tt.step)
			all := strings.Join(notes, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("no note contains %q; notes:\n%s", w, all)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(all, w) {
					t.Errorf("a note contains %q; notes:\n%s", w, all)
				}
			}
			seen := map[string]bool{}
			for _, n := range notes {
				if seen[n] {
					t.Errorf("note repeated: %q", n)
				}
				seen[n] = true
			}
		})
	}
}

// Notes are read in the wizard: they name questions, never flags, and a
// name not given yet shows as a placeholder, not as a gap.
func TestNotesNameQuestionsAndNoGaps(t *testing.T) {
	p := Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data", Workflows: []Workflow{WorkflowImport, WorkflowBatch}}
	k := Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s",
		KMSKeyARN: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ConsumerKinds: []ConsumerKind{ConsumerKCL}}
	var all []string
	for _, a := range []Answers{p, k} {
		for _, s := range Steps(a) {
			all = append(all, Notes(a, s.ID)...)
		}
	}
	joined := strings.Join(all, "\n")
	for _, bad := range []string{"--", "(, ", " ,", "namespace ,"} {
		if strings.Contains(joined, bad) {
			t.Errorf("notes hold %q:\n%s", bad, joined)
		}
	}
	for _, want := range []string{"Give the Output bucket or an output prefix", "(<application>, <application>-WorkerMetricStats, <application>-CoordinatorState)"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes lack %q:\n%s", want, joined)
		}
	}
	k.KCLApplication = "orders-app"
	if got := strings.Join(Notes(k, StepPolicies), "\n"); !strings.Contains(got, "(orders-app, orders-app-WorkerMetricStats, orders-app-CoordinatorState) and CloudWatch metrics in the namespace orders-app") {
		t.Errorf("KCL note: %s", got)
	}
}
