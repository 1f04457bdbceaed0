//go:build e2e

package apply

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// TestApplyScriptEndToEndMatrix is the rest of apply.sh's end-to-end
// matrix: the AWS CLI runs dozens of times, so it is behind the e2e build
// tag (go test -tags e2e ./..., which .ci/run runs), keeping the README's
// go test ./... fast.
func TestApplyScriptEndToEndMatrix(t *testing.T) {
	awsCLI, permwiz := e2eTools(t)

	t.Run("personalize rerun", func(t *testing.T) {
		t.Parallel()
		r := personalizeFirstRun(t, awsCLI, permwiz)
		b, f := r.b, r.fake
		um, _ := PlanFor(b).Policy(wizard.DocUserPolicy)

		// Second run, after someone added a statement to the bucket policy
		// and another trusted principal to the role, and the user policy
		// reached IAM's five versions.
		foreign := `{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::my-data","arn:aws:s3:::my-data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
		f.bucketPolicy["my-data"] = strings.Replace(f.bucketPolicy["my-data"], `"Statement": [`, `"Statement": [`+foreign+",", 1)
		role := f.roles["PersonalizeRole"]
		role.trust = strings.Replace(role.trust, `"Statement": [`, `"Statement": [`+foreignTrust+",", 1)
		f.roles["PersonalizeRole"] = role
		userARN := um.ARN
		f.policies[userARN] = []version{{"v1", "{}", 1}, {"v2", "{}", 2}, {"v3", "{}", 3}, {"v4", "{}", 4}, {"v5", "{}", 5}}
		r.mustRun()
		r.wantActions("GetCallerIdentity", "GetKeyPolicy", "GetBucketPolicy",
			"GetRole", "GetRole", "UpdateAssumeRolePolicy",
			"GetPolicy", "ListPolicyVersions", "CreatePolicyVersion", "AttachRolePolicy",
			"GetPolicy", "ListPolicyVersions", "DeletePolicyVersion", "CreatePolicyVersion", "AttachUserPolicy", "AttachUserPolicy",
			"GetPolicy", "ListPolicyVersions", "CreatePolicyVersion", "AttachRolePolicy",
			"GetKeyPolicy", "PutKeyPolicy",
			"GetPolicy", "ListPolicyVersions", "CreatePolicyVersion", "AttachRolePolicy",
			"GetBucketPolicy", "PutBucketPolicy")
		wantMergedTrust(t, b, f.find("UpdateAssumeRolePolicy")[0].Params["PolicyDocument"])
		if d := f.find("DeletePolicyVersion")[0].Params; d["PolicyArn"] != userARN || d["VersionId"] != "v1" {
			t.Errorf("DeletePolicyVersion = %v, want the oldest non-default version v1 of %s", d, userARN)
		}
		for _, c := range f.find("CreatePolicyVersion") {
			name := policyName(c.Params["PolicyArn"])
			m := managedByName(b, name)
			if c.Params["SetAsDefault"] != "true" || c.Params["PolicyDocument"] != r.file(m.DocID+".json") {
				t.Errorf("CreatePolicyVersion for %s: default=%s, document differs from %s.json", name, c.Params["SetAsDefault"], m.DocID)
			}
		}
		if _, n := statement(t, f.keyPolicy, "AllowPersonalizeUseOfTheKey"); n != 1 {
			t.Errorf("after two runs the key policy has %d AllowPersonalizeUseOfTheKey statements, want 1", n)
		}
		if d, _ := policy.Parse([]byte(f.keyPolicy)); len(d.Statement) != len(consoleSids)+1 {
			t.Errorf("after two runs the key policy has %d statements, want %d", len(d.Statement), len(consoleSids)+1)
		}
		bucket := f.find("PutBucketPolicy")[0].Params["Policy"]
		if _, n := statement(t, bucket, "DenyInsecureTransport"); n != 1 {
			t.Errorf("the bucket policy lost its own statement:\n%s", bucket)
		}
		got, n := statement(t, bucket, "PersonalizeS3BucketAccessPolicy")
		if want := addedStatement(t, b, wizard.DocS3BucketPolicy, "PersonalizeS3BucketAccessPolicy"); n != 1 || !reflect.DeepEqual(got, want) {
			t.Errorf("bucket policy's PersonalizeS3BucketAccessPolicy (%d) = %v, want %v", n, got, want)
		}
	})

	t.Run("existing role", func(t *testing.T) {
		t.Parallel()
		r := newApplyRun(t, cases[1].a, permwiz, awsCLI, "111122223333")
		b, f := r.b, r.fake
		role := b.Role
		f.roles[role.Name] = fakeRole{path: role.Path, trust: `{"Version": "2012-10-17", "Statement": [` + foreignTrust + `]}`}
		r.mustRun()
		r.wantActions("GetCallerIdentity", "GetBucketPolicy",
			"GetRole", "GetRole", "UpdateAssumeRolePolicy",
			"AttachRolePolicy",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetBucketPolicy", "PutBucketPolicy")
		if f.find("CreateRole") != nil {
			t.Error("apply.sh created the existing role")
		}
		wantMergedTrust(t, b, f.find("UpdateAssumeRolePolicy")[0].Params["PolicyDocument"])
	})

	t.Run("existing role under another path", func(t *testing.T) {
		t.Parallel()
		r := newApplyRun(t, cases[1].a, permwiz, awsCLI, "111122223333")
		role := r.b.Role
		r.fake.roles[role.Name] = fakeRole{path: "/", trust: `{"Version": "2012-10-17", "Statement": [` + foreignTrust + `]}`}
		out, ok := r.run()
		if ok {
			t.Fatalf("apply.sh went on with a role of another path:\n%s", out)
		}
		r.wantActions("GetCallerIdentity", "GetBucketPolicy", "GetRole")
		other := "arn:aws:iam::111122223333:role/" + role.Name
		for _, want := range []string{other, role.ARN, "--role-arn " + other} {
			if !strings.Contains(out, want) {
				t.Errorf("the message does not say %q:\n%s", want, out)
			}
		}
	})

	// A key policy that permwiz's statements would push over KMS's limit
	// stops apply.sh before it changes anything.
	t.Run("kinesis, merged key policy over the limit", func(t *testing.T) {
		t.Parallel()
		r := newApplyRun(t, cases[2].a, permwiz, awsCLI, "111122223333", "ADMIN_ROLE_NAME=StreamAdmin")
		var stmts []string
		for size := 0; size < 32768-400; {
			st := fmt.Sprintf(`{"Sid":"Other%d","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R%d"},"Action":"kms:Decrypt","Resource":"*"}`, len(stmts), len(stmts))
			stmts = append(stmts, st)
			size += len(st) + 1
		}
		r.fake.keyPolicy = `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
		out, ok := r.run()
		if ok {
			t.Fatalf("apply.sh went on although the merged key policy is over the limit:\n%s", out)
		}
		r.wantActions("GetCallerIdentity", "GetKeyPolicy")
		if !strings.Contains(out, "over the AWS limit") || !strings.Contains(out, "nothing was changed") {
			t.Errorf("the message does not say why:\n%s", out)
		}
	})

	t.Run("kinesis, key of another account", func(t *testing.T) {
		t.Parallel()
		a := cases[2].a
		a.KMSKeyARN = otherAccountKey
		r := newApplyRun(t, a, permwiz, awsCLI, "111122223333", "ADMIN_ROLE_NAME=StreamAdmin")
		out := r.mustRun()
		// No KMS call at all: only the key's own account can change its
		// policy. The stream is this account's: its policy is merged.
		r.wantActions("GetCallerIdentity",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetPolicy", "CreatePolicy", "AttachUserPolicy",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetResourcePolicy", "PutResourcePolicy")
		for _, want := range []string{"The key belongs to account 444455556666", "with credentials of account 444455556666",
			"aws kms get-key-policy --region us-west-2 --key-id " + otherAccountKey,
			"permwiz merge --doc kinesis-key-policy --into current-key-policy.json --answers answers.yaml",
			"aws kms put-key-policy --region us-west-2 --key-id " + otherAccountKey} {
			if !strings.Contains(out, want) {
				t.Errorf("apply.sh does not print %q for the key's owner:\n%s", want, out)
			}
		}
	})

	t.Run("wrong account", func(t *testing.T) {
		t.Parallel()
		r := newApplyRun(t, cases[0].a, permwiz, awsCLI, "999988887777")
		out, ok := r.run()
		if ok {
			t.Fatalf("apply.sh succeeded with credentials of another account:\n%s", out)
		}
		r.wantActions("GetCallerIdentity")
		if !strings.Contains(out, "account 999988887777") || !strings.Contains(out, "account 111122223333") {
			t.Errorf("the message does not name both accounts:\n%s", out)
		}
	})
}
