package apply

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"permwiz/policy"
	"permwiz/wizard"
)

// The end-to-end tests run the generated apply.sh with the real AWS CLI
// against fakeAWS on loopback, and permwiz merge as a built binary. Nothing
// reaches AWS: the CLI's endpoint is the fake, and every other HTTP request
// would go to a proxy address nobody listens on.

// buildPermwiz builds the permwiz command into a temporary folder.
func buildPermwiz(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "permwiz")
	out, err := exec.Command("go", "build", "-o", bin, "permwiz").CombinedOutput()
	if err != nil {
		t.Fatalf("go build permwiz: %v\n%s", err, out)
	}
	out, err = exec.Command(bin, "merge", "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--into") {
		t.Skipf("permwiz has no merge command yet (apply.sh needs it to merge key and bucket policies): %v\n%s", err, out)
	}
	return bin
}

// applyRun is one setup, rendered as apply.sh and the documents beside it,
// ready to run against a fake AWS.
type applyRun struct {
	t    *testing.T
	b    *wizard.Bundle
	dir  string
	env  []string
	fake *fakeAWS
}

func newApplyRun(t *testing.T, a wizard.Answers, permwiz, awsCLI, account string, extraEnv ...string) *applyRun {
	t.Helper()
	r := &applyRun{t: t, b: build(t, a), dir: t.TempDir(), fake: newFakeAWS(t, account)}
	for name, data := range render(t, r.b, CLI) {
		if err := os.WriteFile(filepath.Join(r.dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(r.fake) // 127.0.0.1 only
	t.Cleanup(srv.Close)

	// The Debian CLI (2.9) predates AWS_ENDPOINT_URL, so an aws on the PATH
	// of the script passes the endpoint to the real CLI explicitly.
	shim := t.TempDir()
	script := "#!/bin/sh\nexec " + quote(awsCLI) + " --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"\n"
	if err := os.WriteFile(filepath.Join(shim, "aws"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := t.TempDir()
	for _, f := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(cfg, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch up := strings.ToUpper(k); {
		case strings.HasPrefix(k, "AWS_"), strings.HasSuffix(up, "_PROXY"), k == "PATH",
			k == "USER_NAME", k == "GROUP_NAME", k == "ADMIN_ROLE_NAME", k == "PERMWIZ", k == "RETRY_SECONDS":
			continue
		}
		r.env = append(r.env, kv)
	}
	r.env = append(r.env,
		"PATH="+shim+string(os.PathListSeparator)+os.Getenv("PATH"),
		"AWS_ENDPOINT_URL="+srv.URL,
		"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+filepath.Join(cfg, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(cfg, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_PAGER=",
		"HTTP_PROXY=http://127.0.0.1:9", "HTTPS_PROXY=http://127.0.0.1:9", "NO_PROXY=127.0.0.1",
		"http_proxy=http://127.0.0.1:9", "https_proxy=http://127.0.0.1:9", "no_proxy=127.0.0.1",
		"PERMWIZ="+permwiz,
		"RETRY_SECONDS=0",
	)
	r.env = append(r.env, extraEnv...)
	return r
}

// run runs apply.sh and returns its stderr and whether it succeeded.
func (r *applyRun) run() (string, bool) {
	r.t.Helper()
	r.fake.reset()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(r.dir, FileApply))
	cmd.Dir = t0(r.t)
	cmd.Env = r.env
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	err := cmd.Run()
	return stderr.String(), err == nil
}

// t0 is a working folder that is not the script's: apply.sh must find its
// documents beside itself wherever it is run from.
func t0(t *testing.T) string { return t.TempDir() }

func (r *applyRun) file(name string) string {
	data, err := os.ReadFile(filepath.Join(r.dir, name))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(data)
}

func (r *applyRun) mustRun() string {
	r.t.Helper()
	out, ok := r.run()
	if !ok {
		r.t.Fatalf("apply.sh failed:\n%s\nAPI calls: %v", out, r.fake.actions())
	}
	return out
}

func (r *applyRun) wantActions(want ...string) {
	r.t.Helper()
	if got := r.fake.actions(); !reflect.DeepEqual(got, want) {
		r.t.Errorf("API calls:\n got %v\nwant %v", got, want)
	}
}

// statement returns the statement of a policy JSON with the given Sid, as
// plain JSON values, and how many statements have that Sid.
func statement(t *testing.T, doc, sid string) (any, int) {
	t.Helper()
	d, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("%v in\n%s", err, doc)
	}
	var found any
	n := 0
	for _, s := range d.Statement {
		if s.Sid == sid {
			n++
			found = semantic(t, policy.StatementsJSON([]policy.Statement{s}))
		}
	}
	return found, n
}

func addedStatement(t *testing.T, b *wizard.Bundle, doc, sid string) any {
	t.Helper()
	s := b.Doc(doc).Policy.FindSid(sid)
	if s == nil {
		t.Fatalf("%s has no statement %q", doc, sid)
	}
	return semantic(t, policy.StatementsJSON([]policy.Statement{*s}))
}

func e2eTools(t *testing.T) (awsCLI, permwiz string) {
	t.Helper()
	awsCLI = needTool(t, "aws")
	needTool(t, "bash")
	if testing.Short() {
		t.Skip("-short: the end-to-end test runs the AWS CLI dozens of times")
	}
	out, _ := exec.Command(awsCLI, "--version").CombinedOutput()
	t.Logf("AWS CLI: %s", strings.TrimSpace(string(out)))
	return awsCLI, buildPermwiz(t)
}

func TestApplyScriptEndToEnd(t *testing.T) {
	awsCLI, permwiz := e2eTools(t)
	defaultKeyPolicy, err := os.ReadFile("testdata/console-default-key-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	consoleSids := []string{"Enable IAM User Permissions", "Allow access for Key Administrators", "Allow use of the key", "Allow attachment of persistent resources"}

	t.Run("personalize", func(t *testing.T) {
		t.Parallel()
		r := newApplyRun(t, cases[0].a, permwiz, awsCLI, "111122223333", "USER_NAME=alice")
		b, f := r.b, r.fake
		f.keyPolicy = string(defaultKeyPolicy)
		f.malformedOnce = true // KMS does not see the new role at first

		// First run: nothing exists yet.
		r.mustRun()
		r.wantActions("GetCallerIdentity", "GetKeyPolicy", "GetBucketPolicy",
			"GetRole", "CreateRole",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetPolicy", "CreatePolicy", "AttachUserPolicy", "AttachUserPolicy",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetKeyPolicy", "PutKeyPolicy", "PutKeyPolicy",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetBucketPolicy", "PutBucketPolicy")

		cr := f.find("CreateRole")[0].Params
		if cr["RoleName"] != "PersonalizeRole" || cr["Path"] != "/" || cr["AssumeRolePolicyDocument"] != r.file("role-trust-policy.json") {
			t.Errorf("CreateRole = %v, want PersonalizeRole, path / and role-trust-policy.json", cr)
		}
		created := map[string]string{}
		for _, c := range f.find("CreatePolicy") {
			created[c.Params["PolicyName"]] = c.Params["PolicyDocument"]
		}
		for _, m := range PlanFor(b).Policies {
			if created[m.Name] != r.file(m.DocID+".json") {
				t.Errorf("CreatePolicy %s sent\n%s\nwant %s.json", m.Name, created[m.Name], m.DocID)
			}
		}
		if len(created) != len(PlanFor(b).Policies) {
			t.Errorf("created %d policies, want %d", len(created), len(PlanFor(b).Policies))
		}
		for _, c := range f.find("AttachRolePolicy") {
			if c.Params["RoleName"] != "PersonalizeRole" {
				t.Errorf("AttachRolePolicy to %q, want PersonalizeRole", c.Params["RoleName"])
			}
		}
		var userARNs []string
		for _, c := range f.find("AttachUserPolicy") {
			if c.Params["UserName"] != "alice" {
				t.Errorf("AttachUserPolicy to %q, want alice (USER_NAME)", c.Params["UserName"])
			}
			userARNs = append(userARNs, c.Params["PolicyArn"])
		}
		um, _ := PlanFor(b).Policy(wizard.DocUserPolicy)
		if want := []string{um.ARN, "arn:aws:iam::aws:policy/CloudWatchFullAccessV2"}; !reflect.DeepEqual(userARNs, want) {
			t.Errorf("user policies attached: %v, want %v", userARNs, want)
		}

		// The key policy keeps the console's statements and gains permwiz's.
		puts := f.find("PutKeyPolicy")
		if puts[0].Params["Policy"] != puts[1].Params["Policy"] || puts[1].Params["KeyId"] != testKey || puts[1].Params["PolicyName"] != "default" {
			t.Errorf("the retried PutKeyPolicy differs or names the wrong key: %v", puts[1].Params)
		}
		for _, sid := range consoleSids {
			if _, n := statement(t, f.keyPolicy, sid); n != 1 {
				t.Errorf("key policy has %d statements %q, want the console's one kept", n, sid)
			}
		}
		got, n := statement(t, f.keyPolicy, "AllowPersonalizeUseOfTheKey")
		if want := addedStatement(t, b, wizard.DocKMSKeyPolicy, "AllowPersonalizeUseOfTheKey"); n != 1 || !reflect.DeepEqual(got, want) {
			t.Errorf("key policy's AllowPersonalizeUseOfTheKey (%d) = %v, want %v", n, got, want)
		}
		// No bucket policy yet: permwiz's document goes in as it is.
		if put := f.find("PutBucketPolicy")[0].Params; put["Bucket"] != "my-data" || put["Policy"] != r.file("s3-bucket-policy.json") {
			t.Errorf("PutBucketPolicy = %v, want s3-bucket-policy.json on my-data", put)
		}

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
		got, n = statement(t, bucket, "PersonalizeS3BucketAccessPolicy")
		if want := addedStatement(t, b, wizard.DocS3BucketPolicy, "PersonalizeS3BucketAccessPolicy"); n != 1 || !reflect.DeepEqual(got, want) {
			t.Errorf("bucket policy's PersonalizeS3BucketAccessPolicy (%d) = %v, want %v", n, got, want)
		}
	})

	t.Run("kinesis", func(t *testing.T) {
		t.Parallel()
		r := newApplyRun(t, cases[2].a, permwiz, awsCLI, "111122223333", "ADMIN_ROLE_NAME=StreamAdmin")
		b, f := r.b, r.fake
		f.keyPolicy = string(defaultKeyPolicy)
		out := r.mustRun()
		r.wantActions("GetCallerIdentity", "GetKeyPolicy",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetPolicy", "CreatePolicy", "AttachUserPolicy",
			"GetPolicy", "CreatePolicy", "AttachRolePolicy",
			"GetKeyPolicy", "PutKeyPolicy",
			"GetResourcePolicy", "PutResourcePolicy")
		// The partner's role is of another account: the stream's own
		// resource policy lets it write.
		stream := f.streamPolicy[b.Stream.ARN]
		got0, n := statement(t, stream, "AllowCrossAccountProducersToWrite")
		if want := addedStatement(t, b, wizard.DocKinesisStream, "AllowCrossAccountProducersToWrite"); n != 1 || !reflect.DeepEqual(got0, want) {
			t.Errorf("stream policy's producer statement (%d) = %v, want %v\n%s", n, got0, want, stream)
		}
		attached := map[string]string{}
		for _, c := range append(f.find("AttachRolePolicy"), f.find("AttachUserPolicy")...) {
			attached[c.Params["RoleName"]+c.Params["UserName"]] = policyName(c.Params["PolicyArn"])
		}
		want := map[string]string{"OrderWriter": "orders-kinesis-producer-policy", "analyst": "orders-kinesis-consumer-policy", "StreamAdmin": "orders-kinesis-admin-policy"}
		if !reflect.DeepEqual(attached, want) {
			t.Errorf("attached %v, want %v", attached, want)
		}
		if !strings.Contains(out, "PartnerWriter is not a role or user of account 111122223333") {
			t.Errorf("apply.sh does not say that the partner's role is for its own account:\n%s", out)
		}
		for _, sid := range append(consoleSids, "AllowKinesisProducersToEncrypt", "AllowKinesisConsumersToDecrypt") {
			if _, n := statement(t, f.keyPolicy, sid); n != 1 {
				t.Errorf("key policy has %d statements %q, want 1", n, sid)
			}
		}
		got, _ := statement(t, f.keyPolicy, "AllowKinesisProducersToEncrypt")
		if want := addedStatement(t, b, wizard.DocKinesisKey, "AllowKinesisProducersToEncrypt"); !reflect.DeepEqual(got, want) {
			t.Errorf("producer statement = %v, want %v", got, want)
		}
		if p := f.find("PutKeyPolicy")[0].Params; p["KeyId"] != b.Answers.KMSKeyARN {
			t.Errorf("PutKeyPolicy on %s, want %s", p["KeyId"], b.Answers.KMSKeyARN)
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

// foreignTrust is a trust policy statement permwiz did not write: another
// principal the role trusts, which a merge must keep.
const foreignTrust = `{"Sid": "AllowLambda", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}`

// otherAccountKey is a key in another account than the test answers'.
const otherAccountKey = "arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// wantMergedTrust checks that a trust policy sent to IAM kept the foreign
// statement and holds permwiz's statement once.
func wantMergedTrust(t *testing.T, b *wizard.Bundle, doc string) {
	t.Helper()
	want, _ := statement(t, `{"Version": "2012-10-17", "Statement": [`+foreignTrust+`]}`, "AllowLambda")
	if got, n := statement(t, doc, "AllowLambda"); n != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("the trust policy lost (or changed) the role's other principal:\n%s", doc)
	}
	got, n := statement(t, doc, "AllowPersonalizeToAssumeRole")
	if want := addedStatement(t, b, wizard.DocRoleTrustPolicy, "AllowPersonalizeToAssumeRole"); n != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("trust policy's AllowPersonalizeToAssumeRole (%d) = %v, want %v", n, got, want)
	}
}

func managedByName(b *wizard.Bundle, name string) ManagedPolicy {
	for _, m := range PlanFor(b).Policies {
		if m.Name == name {
			return m
		}
	}
	return ManagedPolicy{}
}
