package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
)

// Every mistake in the command line exits 2, never 1 (check's "something
// is missing"), and says what was wrong.
func TestUsageMistakesExit2(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"genrate"}, `unknown command "genrate" for "permwiz"; did you mean generate?`},
		{[]string{"generate", "stray"}, `permwiz generate: takes no arguments; got "stray"`},
		{[]string{"check", "--doc", "kms-key-policy"}, `permwiz check: accepts 1 arg(s), received 0; got none (usage: permwiz check --doc ID FILE [flags])`},
		{[]string{"check", "--doc", "kms-key-policy", "a.json", "b.json"}, `got "a.json" "b.json"`},
		{[]string{"merge", "extra"}, `permwiz merge: takes no arguments; got "extra"`},
		{[]string{"version", "x"}, `permwiz version: takes no arguments`},
		{[]string{"generate", "--nope"}, `unknown flag: --nope`},
		{[]string{"generate", "--any-region=maybe"}, `--any-region "maybe": takes true or false`},
		{[]string{"generate", "--out", "-"}, `--out "-": --out names a folder`},
		{[]string{"--out", "-"}, `--out "-": --out names the folder the wizard saves into`},
	}
	for _, c := range cases {
		_, errOut, code := run(t, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", c.args, code, c.want, errOut)
		}
	}
}

// --answers - reads stdin, as every FILE argument does; inputs are bounded
// and a device is refused rather than read for ever.
func TestAnswersInput(t *testing.T) {
	yaml := "account_id: \"111122223333\"\nregion: us-east-1\nrole_name: R\nbucket: my-data\n"
	out, errOut, code := runIn(t, yaml, "generate", "--answers", "-", "--doc", "role-trust-policy")
	if code != 0 || !strings.Contains(out, "111122223333") {
		t.Fatalf("--answers -: exit %d: %s", code, errOut)
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte(strings.Repeat("# comment\n", maxAnswersInput/10+1)), 0o644)
	for _, c := range []struct{ file, want string }{
		{big, "over 1048576 bytes; an answers file is a few hundred bytes"},
		{dir, "is a folder, not an answers file"},
		{os.DevNull, "is a device, not an answers file"},
		{filepath.Join(dir, "none.yaml"), "no such file"},
	} {
		if c.file == os.DevNull {
			if st, err := os.Stat(os.DevNull); err != nil || st.Mode().IsRegular() {
				continue
			}
		}
		_, errOut, code := run(t, "generate", "--answers", c.file)
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("--answers %s: exit %d, want %q:\n%s", c.file, code, c.want, errOut)
		}
	}
	_, errOut, code = runIn(t, "{}", "merge", "--doc", "kms-key-policy", "--into", "-", "--answers", "-")
	if code != ExitUsage || !strings.Contains(errOut, "both read stdin") {
		t.Errorf("two readers of stdin: exit %d: %s", code, errOut)
	}
	_, errOut, code = runIn(t, "", "--answers", "-")
	if code != ExitUsage || !strings.Contains(errOut, "the wizard reads your keys from stdin") {
		t.Errorf("wizard --answers -: exit %d: %s", code, errOut)
	}
}

// No escape sequence, CR or LF from a value reaches the terminal: not from
// a YAML error quoting the file, an unknown flag, a file name, or a lint
// report quoting a policy's own text.
func TestEchoedValuesArePrintable(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "a.yaml")
	os.WriteFile(bad, []byte("region: \"\x1b]0;owned\x07\"\naccount_id: \"1\r\n"), 0o644)
	evil := "\x1b[2J\rpermwiz: all good\n"
	lintFile := filepath.Join(dir, "p.json")
	os.WriteFile(lintFile, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals\u001b[31m":{"aws:x\u001b]0;t\u0007":"1"}}}]}`), 0o644)
	for _, argv := range [][]string{
		{"generate", "--answers", bad},
		args("--region", evil),
		{"generate", "--" + evil},
		{"generate", "--answers", filepath.Join(dir, evil)},
		{"lint", lintFile},
		{"lint", "--json", lintFile},
		{"check", "--doc", "kms-key-policy", filepath.Join(dir, evil)},
	} {
		out, errOut, _ := run(t, argv...)
		for _, s := range []string{out, errOut} {
			if strings.ContainsAny(s, "\x1b\r\x07") || strings.Contains(s, "\npermwiz: all good") {
				t.Errorf("%q printed a control character:\n%q", argv, s)
			}
		}
	}
}

// merge --out - is stdout, as merge without --out.
func TestMergeOutDash(t *testing.T) {
	into := filepath.Join(fixtures, "existing", "console-default-key-policy.json")
	plain, _, code := run(t, append([]string{"merge", "--doc", "kms-key-policy", "--into", into, "--kms-key-arn", key}, base[1:]...)...)
	dash, errOut, code2 := run(t, append([]string{"merge", "--doc", "kms-key-policy", "--into", into, "--kms-key-arn", key, "--out", "-"}, base[1:]...)...)
	if code != 0 || code2 != 0 || plain != dash || plain == "" {
		t.Errorf("--out - differs from stdout (exit %d, %d): %s", code, code2, errOut)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error("--out - wrote a file named -")
	}
}

// A key policy over KMS's 32,768 bytes even compact (800 producers) is
// refused by generate in every output, with nothing written; one over only
// when indented (500 producers) is written compact, and stderr says so.
func TestGenerateRefusesOversizedDocuments(t *testing.T) {
	producers := make([]string, 800)
	for i := range producers {
		producers[i] = fmt.Sprintf("arn:aws:iam::111122223333:role/producer-%03d", i)
	}
	kinesis := []string{"generate", "--setup", "kinesis", "--account-id", "111122223333", "--region", "us-east-1", "--stream", "orders",
		"--kms-key-arn", key, "--producers", strings.Join(producers, ",")}
	dir := filepath.Join(t.TempDir(), "out")
	for _, extra := range [][]string{nil, {"--doc", "kinesis-key-policy"}, {"--format", "cli", "--out", dir}} {
		out, errOut, code := run(t, append(append([]string(nil), kinesis...), extra...)...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, "kinesis-key-policy is ") || !strings.Contains(errOut, "over the AWS limit for a KMS key policy") {
			t.Errorf("%v: exit %d, stdout %d bytes:\n%s", extra, code, len(out), errOut)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("--out wrote a folder although the key policy is over its limit")
	}
	// The producer policy alone is fine: --doc of it is not refused.
	if _, errOut, code := run(t, append(kinesis, "--doc", "kinesis-producer-policy")...); code != 0 {
		t.Errorf("--doc kinesis-producer-policy: exit %d: %s", code, errOut)
	}
	kinesis[len(kinesis)-1] = strings.Join(producers[:500], ",")
	_, errOut, code := run(t, append(kinesis, "--out", dir)...)
	data, _ := os.ReadFile(filepath.Join(dir, "kinesis-key-policy.json"))
	if code != 0 || !strings.Contains(errOut, "kinesis-key-policy is written without indentation") || len(data) > 32768 || strings.Contains(string(data), "\n    ") {
		t.Errorf("500 producers: exit %d, key policy %d bytes: %s", code, len(data), errOut)
	}
}

// The wizard's save refuses what generate refuses: a document over its
// limit even compact, with nothing written.
func TestWizardSaveRefusesOversizedDocuments(t *testing.T) {
	a := wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "orders", KMSKeyARN: key}
	for i := 0; i < 800; i++ {
		a.Producers = append(a.Producers, fmt.Sprintf("arn:aws:iam::111122223333:role/producer-%03d", i))
	}
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	err = saveChecked(dir, bundleFiles(b), false)
	if err == nil || !strings.Contains(err.Error(), "kinesis-key-policy is ") || !strings.Contains(err.Error(), "nothing was saved") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("the refused save made the folder")
	}
	a.Producers = a.Producers[:3]
	b, _ = wizard.Build(a)
	if err := saveChecked(dir, bundleFiles(b), false); err != nil {
		t.Errorf("a small set: %v", err)
	}
}
