package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/permwiz/permwiz/policy"
)

const fixtures = "../../policy/testdata"

var personalizeArgs = []string{"--account-id", "111122223333", "--region", "us-east-1", "--role-name", "PersonalizeRole",
	"--bucket", "my-data", "--workflows", "import,batch",
	"--kms-key-arn", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}

// bindAnswers parses answer flags as cobra would.
func bindAnswers(t *testing.T, f *AnswerFlags, args []string) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	f.Bind(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
}

func runMerge(t *testing.T, o *MergeOptions, args []string) (stdout, stderr string, err error) {
	t.Helper()
	bindAnswers(t, &o.Flags, args)
	var out, errb bytes.Buffer
	var in io.Reader
	if o.IO != nil {
		in = o.IO.In
	}
	o.IO = testIO(in, &out, &errb)
	err = validated(o, RunMerge)
	return out.String(), errb.String(), err
}

func TestRunMerge(t *testing.T) {
	into := filepath.Join(fixtures, "existing", "console-default-key-policy.json")
	out, report, err := runMerge(t, &MergeOptions{Doc: "kms-key-policy", Into: into}, personalizeArgs)
	if err != nil {
		t.Fatal(err)
	}
	d, perr := policy.Parse([]byte(out))
	if perr != nil || d.FindSid("AllowPersonalizeUseOfTheKey") == nil || d.FindSid("Allow use of the key") == nil {
		t.Errorf("merged policy wrong (%v):\n%s", perr, out)
	}
	if !strings.Contains(report, `added "AllowPersonalizeUseOfTheKey"`) || !strings.Contains(report, "size:") {
		t.Errorf("report: %s", report)
	}

	// Stdin, and the answers file apply.sh passes.
	dir := t.TempDir()
	answers := filepath.Join(dir, "answers.yaml")
	yaml := "account_id: \"111122223333\"\nregion: us-east-1\nrole_name: PersonalizeRole\nbucket: my-data\nkms_key_arn: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n"
	if err := os.WriteFile(answers, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	in, _ := os.ReadFile(into)
	merged := filepath.Join(dir, "merged.json")
	o := &MergeOptions{Doc: "kms-key-policy", Into: "-", Out: merged, IO: &IOStreams{In: bytes.NewReader(in)}}
	stdout, _, err := runMerge(t, o, []string{"--answers", answers})
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "" {
		t.Errorf("--out also printed: %s", stdout)
	}
	written, err := os.ReadFile(merged)
	if err != nil || string(written) != out {
		t.Errorf("--out wrote something else (%v)", err)
	}
	// --out refuses to replace without --force, and replaces with it.
	o = &MergeOptions{Doc: "kms-key-policy", Into: into, Out: merged}
	if _, _, err := runMerge(t, o, personalizeArgs); Code(err) != ExitUsage {
		t.Errorf("existing --out without --force: %v", err)
	}
	o = &MergeOptions{Doc: "kms-key-policy", Into: into, Out: merged, Force: true}
	if _, _, err := runMerge(t, o, personalizeArgs); err != nil {
		t.Errorf("--force: %v", err)
	}
}

func TestRunMergeBadInput(t *testing.T) {
	dir := t.TempDir()
	big := `{"Version":"2012-10-17","Statement":[` + strings.Repeat(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"},`, 170) +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}`
	bigFile := filepath.Join(dir, "big.json")
	os.WriteFile(bigFile, []byte(big), 0o644)
	tests := []struct {
		name string
		o    MergeOptions
		args []string
		msg  string
	}{
		{"no --into", MergeOptions{Doc: "kms-key-policy"}, personalizeArgs, "--into FILE is required"},
		{"no --doc", MergeOptions{Into: bigFile}, personalizeArgs, "--doc is required"},
		{"unknown doc", MergeOptions{Doc: "nope", Into: bigFile}, personalizeArgs, `--doc "nope"`},
		{"missing answers", MergeOptions{Doc: "kms-key-policy", Into: bigFile}, []string{"--region", "us-east-1"}, "missing --account-id"},
		{"no such file", MergeOptions{Doc: "kms-key-policy", Into: filepath.Join(dir, "none.json")}, personalizeArgs, "no such file"},
		{"not JSON", MergeOptions{Doc: "kms-key-policy", Into: filepath.Join(fixtures, "malformed", "not-json.txt")}, personalizeArgs, "not a policy document"},
		{"wrong version", MergeOptions{Doc: "kms-key-policy", Into: filepath.Join(fixtures, "malformed", "wrong-version.json")}, personalizeArgs, "Version"},
		{"over the limit", MergeOptions{Doc: "s3-bucket-policy", Into: bigFile, Out: filepath.Join(dir, "out.json")}, personalizeArgs, "over the AWS limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			stdout, _, err := runMerge(t, &o, tc.args)
			if Code(err) != ExitUsage || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v (exit %d), want exit 2 saying %q", err, Code(err), tc.msg)
			}
			if stdout != "" {
				t.Errorf("printed a result: %.100s", stdout)
			}
			if o.Out != "" {
				if _, err := os.Stat(o.Out); err == nil {
					t.Error("wrote --out despite the error")
				}
			}
		})
	}
}

// What merge says on stderr when the policy undermines or blocks permwiz's
// statements, and what it leaves out.
func TestRunMergeWarns(t *testing.T) {
	kinesisArgs := []string{"--setup", "kinesis", "--account-id", "111122223333", "--region", "us-west-2", "--stream", "orders",
		"--kms-key-arn", "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
	tests := []struct {
		name, doc, fixture string
		args               []string
		says               []string // on stderr
		not                []string // on stderr
		has, hasNot        string   // Sids in the merged policy
	}{
		{name: "unguarded trust policy", doc: "role-trust-policy", fixture: "trust-policy-unguarded.json", args: personalizeArgs,
			says: []string{`added "AllowPersonalizeToAssumeRole"`,
				"WARNING: Statement[0] lets personalize.amazonaws.com sts:AssumeRole for any account's resources (no aws:SourceAccount/aws:SourceArn)"},
			not: []string{"already grants", "nothing to add"}, has: "AllowPersonalizeToAssumeRole"},
		{name: "key policy without an account statement", doc: "kms-key-policy", fixture: "key-policy-no-account-statement.json", args: personalizeArgs,
			says: []string{"warning: the policy has no account statement", "merge does not add it"},
			not:  []string{`added "Enable IAM User Permissions"`}, has: "AllowPersonalizeUseOfTheKey", hasNot: "Enable IAM User Permissions"},
		{name: "Deny that blocks decryption", doc: "kms-key-policy", fixture: "key-policy-deny-decrypt-unless-admin.json", args: personalizeArgs,
			says: []string{`warning: after the merge, the KMS key policy does not let personalize.amazonaws.com kms:Decrypt; Statement[1] ("DenyDecrypt") denies it`},
			has:  "AllowPersonalizeUseOfTheKey"},
		{name: "producers changed since the last merge", doc: "kinesis-key-policy", fixture: "key-policy-kinesis-producer-w1.json",
			args: append(kinesisArgs, "--producers", "arn:aws:iam::111122223333:role/W2"),
			says: []string{`replaced "AllowKinesisProducersToEncrypt" (permwiz's own statement; principals changed: removed arn:aws:iam::111122223333:role/W1; added arn:aws:iam::111122223333:role/W2)`},
			has:  "AllowKinesisProducersToEncrypt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := &MergeOptions{Doc: tc.doc, Into: filepath.Join(fixtures, "existing", tc.fixture)}
			out, report, err := runMerge(t, o, tc.args)
			if err != nil {
				t.Fatalf("%v\n%s", err, report)
			}
			for _, s := range tc.says {
				if !strings.Contains(report, s) {
					t.Errorf("stderr does not say %q:\n%s", s, report)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(report, s) {
					t.Errorf("stderr says %q:\n%s", s, report)
				}
			}
			// One line per item: the report's own line breaks reach the
			// terminal as line breaks, not as an escaped \n.
			if strings.Contains(report, `\n`) || strings.Count(report, "\n") < 3 {
				t.Errorf("stderr is not one line per item:\n%s", report)
			}
			d, err := policy.Parse([]byte(out))
			if err != nil {
				t.Fatal(err)
			}
			if d.FindSid(tc.has) == nil || tc.hasNot != "" && d.FindSid(tc.hasNot) != nil {
				t.Errorf("merged policy wrong:\n%s", out)
			}
		})
	}
}
