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
	"sync"
	"testing"
	"time"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// The end-to-end tests run the generated apply.sh with the real AWS CLI
// against fakeAWS on loopback, and permwiz merge as a built binary. Nothing
// reaches AWS: the CLI's endpoint is the fake, and every other HTTP request
// would go to a proxy address nobody listens on.

// buildPermwiz builds the permwiz command once for every end-to-end test
// of the package (TestMain removes it).
func buildPermwiz(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "permwiz-e2e-")
		if err != nil {
			binErr = err
			return
		}
		binDir = dir
		bin := filepath.Join(dir, "permwiz")
		if out, err := exec.Command("go", "build", "-o", bin, "../..").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build permwiz: %v\n%s", err, out)
			return
		}
		binPath = bin
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	bin := binPath
	out, err := exec.Command(bin, "merge", "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--into") {
		t.Skipf("permwiz has no merge command yet (apply.sh needs it to merge key and bucket policies): %v\n%s", err, out)
	}
	return bin
}

var (
	binOnce sync.Once
	binDir  string // removed by TestMain
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
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

// TestApplyScriptEndToEnd runs one setup of each kind in the default
// suite: Personalize twice (a first run, then a rerun over changed state)
// and Kinesis. The rest of the matrix (an existing role, a role under
// another path, a key of another account, the wrong account) is in
// apply_e2e_matrix_test.go, behind the e2e build tag: go test -tags e2e.
func TestApplyScriptEndToEnd(t *testing.T) {
	awsCLI, permwiz := e2eTools(t)
	defaultKeyPolicy, err := os.ReadFile("testdata/console-default-key-policy.json")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("personalize", func(t *testing.T) {
		t.Parallel()
		personalizeFirstRun(t, awsCLI, permwiz)
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
}

// personalizeFirstRun runs apply.sh for the fullest Personalize answers
// on an account where nothing exists yet, checks every call and document,
// and returns the run for a second one.
func personalizeFirstRun(t *testing.T, awsCLI, permwiz string) *applyRun {
	t.Helper()
	defaultKeyPolicy, err := os.ReadFile("testdata/console-default-key-policy.json")
	if err != nil {
		t.Fatal(err)
	}
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
	return r
}

// consoleSids are the statements of the console's default key policy.
var consoleSids = []string{"Enable IAM User Permissions", "Allow access for Key Administrators", "Allow use of the key", "Allow attachment of persistent resources"}

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
