package wizard

import (
	"reflect"
	"strings"
	"testing"
)

const nsKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func nsBuild(t *testing.T, a Answers) *Bundle {
	t.Helper()
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNextStepsOrder pins the order AWS requires (reference §1c): the role
// before anything that names it, the key policy after the role, the bucket
// last; for Kinesis every permission before encryption is turned on.
func TestNextStepsOrder(t *testing.T) {
	tests := []struct {
		name string
		a    Answers
		want []string
	}{
		{"personalize, no key", Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt"},
			[]string{StepIDRole, StepIDRolePolicy, StepIDUser, StepIDRoleS3, StepIDBucketPolicy}},
		{"personalize, key, import only", Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey},
			[]string{StepIDRole, StepIDRolePolicy, StepIDUser, StepIDKeyPolicy, StepIDRoleS3, StepIDBucketPolicy}},
		{"personalize, key, batch", Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey, Workflows: []Workflow{WorkflowBatch}},
			[]string{StepIDRole, StepIDRolePolicy, StepIDUser, StepIDRoleKMS, StepIDKeyPolicy, StepIDRoleS3, StepIDBucketPolicy}},
		{"kinesis, producers", Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: nsKey,
			Producers: []string{"arn:aws:iam::111122223333:role/W"}},
			[]string{StepIDProducers, StepIDConsumers, StepIDAdmins, StepIDKeyPolicy, StepIDEncrypt, StepIDMetrics}},
		{"kinesis, consumer policy only, no principals", Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: nsKey,
			Policies: []KinesisPolicy{KinesisConsumer}},
			[]string{StepIDConsumers, StepIDEncrypt, StepIDMetrics}},
	}
	for _, tt := range tests {
		steps := NextSteps(nsBuild(t, tt.a))
		var got []string
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
	existing := nsBuild(t, Answers{AccountID: "111122223333", Region: "us-east-1", RoleARN: "arn:aws:iam::111122223333:role/service-role/Exec",
		Bucket: "bkt", KMSKeyARN: nsKey, RoleAccess: AccessManaged, CloudWatch: true})
	steps := NextSteps(existing)
	byID := map[string]NextStep{}
	for _, s := range steps {
		byID[s.ID] = s
	}
	role := byID[StepIDRole]
	if !strings.Contains(role.CLI, "aws iam update-assume-role-policy --role-name Exec") || strings.Contains(role.CLI, "create-role") {
		t.Errorf("existing role: step 1 runs %q, want update-assume-role-policy and no create-role", role.CLI)
	}
	if !strings.Contains(byID[StepIDRolePolicy].CLI, "arn:aws:iam::aws:policy/service-role/AmazonPersonalizeFullAccess") {
		t.Errorf("role step does not attach AmazonPersonalizeFullAccess: %q", byID[StepIDRolePolicy].CLI)
	}
	if !strings.Contains(byID[StepIDUser].CLI, "arn:aws:iam::aws:policy/CloudWatchFullAccess") {
		t.Errorf("user step does not attach CloudWatchFullAccess: %q", byID[StepIDUser].CLI)
	}
	key := byID[StepIDKeyPolicy]
	for _, want := range []string{"aws kms get-key-policy", "permwiz merge --doc kms-key-policy", "aws kms put-key-policy"} {
		if !strings.Contains(key.CLI, want) {
			t.Errorf("key step lacks %q: %q", want, key.CLI)
		}
	}
	if !strings.Contains(key.Verify, "aws kms get-key-policy") || !strings.Contains(key.Note, "MalformedPolicyDocumentException") {
		t.Errorf("key step: verify %q, note %q", key.Verify, key.Note)
	}
	if !strings.Contains(byID[StepIDRolePolicy].Verify, "simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:role/service-role/Exec") {
		t.Errorf("role verification does not simulate the role with its path: %q", byID[StepIDRolePolicy].Verify)
	}
	if !strings.Contains(byID[StepIDBucketPolicy].Verify, "aws s3api get-bucket-policy --bucket bkt") {
		t.Errorf("bucket verification: %q", byID[StepIDBucketPolicy].Verify)
	}
	created := nsBuild(t, Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", RolePath: "/service-role/", Bucket: "bkt"})
	if s := NextSteps(created)[0]; !strings.Contains(s.CLI, "aws iam create-role --role-name R --path /service-role/") {
		t.Errorf("new role: step 1 runs %q", s.CLI)
	}
}

func TestNextStepsMarkdown(t *testing.T) {
	b := nsBuild(t, Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey})
	md := string(NextStepsMarkdown(b))
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

func TestShellQuote(t *testing.T) {
	tests := map[string]string{
		"arn:aws:iam::111122223333:role/R": "arn:aws:iam::111122223333:role/R",
		"<user-name>":                      "'<user-name>'",
		"it's":                             `'it'\''s'`,
		"a b":                              "'a b'",
		"":                                 "''",
	}
	for in, want := range tests {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestServiceRoleAndPrincipals(t *testing.T) {
	b := nsBuild(t, Answers{AccountID: "111122223333", Region: "us-east-1", RoleARN: "arn:aws:iam::111122223333:role/a/b/Exec", Bucket: "bkt"})
	if r := b.Role; r.Name != "Exec" || r.Path != "/a/b/" || !r.Existing {
		t.Errorf("ServiceRole = %+v", r)
	}
	tests := []struct {
		arn, kind, name string
		ok              bool
	}{
		{"arn:aws:iam::111122223333:role/W", AttachRole, "W", true},
		{"arn:aws:iam::111122223333:role/path/W", AttachRole, "W", true},
		{"arn:aws:iam::111122223333:user/u", AttachUser, "u", true},
		{"arn:aws:iam::111122223333:root", "", "", false},
		{"arn:aws:iam::444455556666:role/W", "", "", false},
	}
	for _, tt := range tests {
		kind, name, ok := b.PrincipalName(tt.arn)
		if kind != tt.kind || name != tt.name || ok != tt.ok {
			t.Errorf("PrincipalName(%s) = %s, %s, %v", tt.arn, kind, name, ok)
		}
	}
}

// TestNextStepsExistingRoleTrustIsMerged: the trust policy of an existing
// role is fetched, merged and put back, never replaced by permwiz's
// document alone, after checking the role's ARN (its path) is the one the
// policies name.
func TestNextStepsExistingRoleTrustIsMerged(t *testing.T) {
	b := nsBuild(t, Answers{AccountID: "111122223333", Region: "us-east-1", RoleARN: "arn:aws:iam::111122223333:role/service-role/Exec", Bucket: "bkt"})
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
		a     Answers
		other bool
	}{
		{"personalize, own key", Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: nsKey}, false},
		{"personalize, key of another account", Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "bkt", KMSKeyARN: otherKey}, true},
		{"kinesis, key of another account", Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: otherKey,
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
			if s.ID == StepIDKeyPolicy {
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
		if !strings.Contains(key.CLI, "permwiz merge --doc "+b.KeyPolicyDoc()) {
			t.Errorf("%s: key step does not merge: %q", tt.name, key.CLI)
		}
		if note := KeyOwnerNote(b); (note != "") != tt.other {
			t.Errorf("%s: KeyOwnerNote = %q", tt.name, note)
		}
	}
}
