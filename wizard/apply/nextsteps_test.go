package apply

import (
	"reflect"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
)

const nsKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func nsBuild(t *testing.T, a wizard.Answers) *Plan {
	t.Helper()
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatal(err)
	}
	return PlanFor(b)
}

// TestNextStepsOrder pins the order AWS requires: the role
// before anything that names it, the key policy after the role, the bucket
// last; for Kinesis every permission before encryption is turned on.
func TestNextStepsOrder(t *testing.T) {
	tests := []struct {
		name string
		a    wizard.Answers
		want []StepID
	}{
		{"personalize, no key", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt"},
			[]StepID{StepRole, StepRolePolicy, StepUser, StepRoleS3, StepBucketPolicy}},
		{"personalize, key, import only", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey},
			// A dataset-group key needs the role's KMS policy too.
			[]StepID{StepRole, StepRolePolicy, StepUser, StepRoleKMS, StepKeyPolicy, StepRoleS3, StepBucketPolicy}},
		{"personalize, key, batch", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey, Workflows: []wizard.Workflow{wizard.WorkflowBatch}},
			[]StepID{StepRole, StepRolePolicy, StepUser, StepRoleKMS, StepKeyPolicy, StepRoleS3, StepBucketPolicy}},
		{"kinesis, producers", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: nsKey,
			Producers: []string{"arn:aws:iam::111122223333:role/W"}},
			[]StepID{StepProducers, StepConsumers, StepAdmins, StepKeyPolicy, StepEncrypt, StepMetrics}},
		{"kinesis, consumer of another account", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: nsKey,
			Consumers: []string{"arn:aws:iam::444455556666:role/R"}},
			[]StepID{StepProducers, StepConsumers, StepAdmins, StepKeyPolicy, StepStreamPolicy, StepEncrypt, StepMetrics}},
		{"kinesis, consumer policy only, no principals", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: nsKey,
			Policies: []wizard.KinesisPolicy{wizard.KinesisConsumer}},
			[]StepID{StepConsumers, StepEncrypt, StepMetrics}},
	}
	for _, tt := range tests {
		steps := NextSteps(nsBuild(t, tt.a))
		var got []StepID
		for i, s := range steps {
			got = append(got, s.ID)
			if s.N != i+1 {
				t.Errorf("%s: step %d is numbered %d", tt.name, i+1, s.N)
			}
			if s.Title == "" || s.Where == "" || s.CLI == "" || s.Verify == "" {
				t.Errorf("%s: step %d (%s) lacks a title, place, command or check: %+v", tt.name, s.N, s.ID, s)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: steps %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestNextStepsCommands checks the commands that matter: an existing role is
// updated, never created; the key policy is merged, never replaced; the
// managed attachments are part of the steps; verification uses the
// commands the issue names.
func TestNextStepsCommands(t *testing.T) {
	existing := nsBuild(t, wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleARN: "arn:aws:iam::111122223333:role/service-role/Exec",
		Bucket: "bkt", KMSKeyARN: nsKey, RoleAccess: wizard.AccessManaged, CloudWatch: true})
	steps := NextSteps(existing)
	byID := map[StepID]NextStep{}
	for _, s := range steps {
		byID[s.ID] = s
	}
	role := byID[StepRole]
	if !strings.Contains(role.CLI, "aws iam update-assume-role-policy --role-name Exec") || strings.Contains(role.CLI, "create-role") {
		t.Errorf("existing role: step 1 runs %q, want update-assume-role-policy and no create-role", role.CLI)
	}
	if !strings.Contains(byID[StepRolePolicy].CLI, "arn:aws:iam::aws:policy/service-role/AmazonPersonalizeFullAccess") {
		t.Errorf("role step does not attach AmazonPersonalizeFullAccess: %q", byID[StepRolePolicy].CLI)
	}
	if !strings.Contains(byID[StepUser].CLI, "arn:aws:iam::aws:policy/CloudWatchFullAccessV2") {
		t.Errorf("user step does not attach CloudWatchFullAccessV2: %q", byID[StepUser].CLI)
	}
	key := byID[StepKeyPolicy]
	for _, want := range []string{"aws kms get-key-policy", "permwiz merge --doc kms-key-policy", "aws kms put-key-policy"} {
		if !strings.Contains(key.CLI, want) {
			t.Errorf("key step lacks %q: %q", want, key.CLI)
		}
	}
	if !strings.Contains(key.Verify, "aws kms get-key-policy") || !strings.Contains(key.Note, "MalformedPolicyDocumentException") {
		t.Errorf("key step: verify %q, note %q", key.Verify, key.Note)
	}
	if !strings.Contains(byID[StepRolePolicy].Verify, "simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:role/service-role/Exec") {
		t.Errorf("role verification does not simulate the role with its path: %q", byID[StepRolePolicy].Verify)
	}
	if !strings.Contains(byID[StepBucketPolicy].Verify, "aws s3api get-bucket-policy --bucket bkt") {
		t.Errorf("bucket verification: %q", byID[StepBucketPolicy].Verify)
	}
	created := nsBuild(t, wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", RolePath: "/service-role/", Bucket: "bkt"})
	if s := NextSteps(created)[0]; !strings.Contains(s.CLI, "aws iam create-role --role-name R --path /service-role/") {
		t.Errorf("new role: step 1 runs %q", s.CLI)
	}
}

func TestNextStepsMarkdown(t *testing.T) {
	b := nsBuild(t, wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey})
	md := string(NextStepsMarkdown(b, JSON))
	last := -1
	for _, s := range NextSteps(b) {
		h := "\n## " + string(rune('0'+s.N)) + ". " + s.Title + "\n"
		i := strings.Index(md, h)
		if i < 0 || i < last {
			t.Errorf("step %q missing or out of order", h)
		}
		last = i
		if !strings.Contains(md, s.CLI) {
			t.Errorf("step %d's commands are missing", s.N)
		}
	}
	if strings.Count(md, "```sh") != 2*len(NextSteps(b)) {
		t.Errorf("every step should have a command block and a verify block")
	}
}

func TestWord(t *testing.T) {
	tests := map[string]string{
		"arn:aws:iam::111122223333:role/R": "arn:aws:iam::111122223333:role/R",
		"<user-name>":                      "'<user-name>'",
		"it's":                             `'it'\''s'`,
		"a b":                              "'a b'",
		"":                                 "''",
	}
	for in, want := range tests {
		if got := word(in); got != want {
			t.Errorf("word(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestServiceRoleAndPrincipals(t *testing.T) {
	b := nsBuild(t, wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleARN: "arn:aws:iam::111122223333:role/a/b/Exec", Bucket: "bkt"})
	if r := b.Role; r.Name != "Exec" || r.Path != "/a/b/" || !r.Existing {
		t.Errorf("ServiceRole = %+v", r)
	}
	tests := []struct {
		arn, kind, name string
		ok              bool
	}{
		{"arn:aws:iam::111122223333:role/W", KindRole, "W", true},
		{"arn:aws:iam::111122223333:role/path/W", KindRole, "W", true},
		{"arn:aws:iam::111122223333:user/u", KindUser, "u", true},
		{"arn:aws:iam::111122223333:root", "", "", false},
		{"arn:aws:iam::444455556666:role/W", "", "", false},
	}
	for _, tt := range tests {
		to, ok := b.principal(tt.arn)
		if to.Kind != tt.kind || to.Name != tt.name || ok != tt.ok {
			t.Errorf("principal(%s) = %+v, %v", tt.arn, to, ok)
		}
	}
}

// TestNextStepsExistingRoleTrustIsMerged: the trust policy of an existing
// role is fetched, merged and put back, never replaced by permwiz's
// document alone, after checking the role's ARN (its path) is the one the
// policies name.
func TestNextStepsExistingRoleTrustIsMerged(t *testing.T) {
	b := nsBuild(t, wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleARN: "arn:aws:iam::111122223333:role/service-role/Exec", Bucket: "bkt"})
	s := NextSteps(b)[0]
	want := []string{
		"aws iam get-role --role-name Exec --query Role.Arn --output text",
		"# must print arn:aws:iam::111122223333:role/service-role/Exec: a role of that name under another path is not the role the policies name",
		"aws iam get-role --role-name Exec --query Role.AssumeRolePolicyDocument --output json > current-trust-policy.json",
		"permwiz merge --doc role-trust-policy --into current-trust-policy.json --answers answers.yaml --out merged-trust-policy.json",
		"aws iam update-assume-role-policy --role-name Exec --policy-document file://merged-trust-policy.json",
	}
	if got := strings.Split(s.CLI, "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("step 1 commands:\n%s\nwant\n%s", s.CLI, strings.Join(want, "\n"))
	}
	if !strings.Contains(s.Note, "merged") || strings.Contains(s.Note, "is replaced") {
		t.Errorf("step 1 note does not say the trust policy is merged: %q", s.Note)
	}
}

// TestNextStepsKeyOfAnotherAccount: when the key belongs to another account
// than the answers', the key-policy step says that only that account can
// change it and gives its administrators the merge commands.
func TestNextStepsKeyOfAnotherAccount(t *testing.T) {
	const otherKey = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		name  string
		a     wizard.Answers
		other bool
	}{
		{"personalize, own key", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey}, false},
		{"personalize, key of another account", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: otherKey}, true},
		{"kinesis, key of another account", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: otherKey,
			Producers: []string{"arn:aws:iam::111122223333:role/W"}}, true},
	}
	for _, tt := range tests {
		b := nsBuild(t, tt.a)
		owner, other := b.Key.Account, b.Key.OtherAccount
		if other != tt.other || (other && owner != "444455556666") {
			t.Errorf("%s: Key = %q, %v; want other %v", tt.name, owner, other, tt.other)
		}
		var key NextStep
		for _, s := range NextSteps(b) {
			if s.ID == StepKeyPolicy {
				key = s
			}
		}
		for _, want := range []string{"only the key's own account can change its key policy", "credentials of account 444455556666"} {
			if got := strings.Contains(key.Note, want); got != tt.other {
				t.Errorf("%s: key step note says %q: %v, want %v (%q)", tt.name, want, got, tt.other, key.Note)
			}
		}
		if got := strings.HasPrefix(key.CLI, "# with credentials of account 444455556666"); got != tt.other {
			t.Errorf("%s: key step commands start by naming the key's owner: %v, want %v", tt.name, got, tt.other)
		}
		if !strings.Contains(key.CLI, "permwiz merge --doc "+b.KeyPolicyDoc) {
			t.Errorf("%s: key step does not merge: %q", tt.name, key.CLI)
		}
		if note := b.keyOwnerNote(); (note != "") != tt.other {
			t.Errorf("%s: keyOwnerNote = %q", tt.name, note)
		}
	}
}
