package apply

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
)

// needTool returns the path of a tool the test needs. CI installs every such
// tool (.ci/run), so there a missing one fails the test; elsewhere it skips.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI=true: .ci/run should have installed it", name)
		}
		t.Skipf("%s is not installed: skipping (CI installs it)", name)
	}
	return path
}

// TestApplyScriptShellcheck runs shellcheck on apply.sh of every setup.
func TestApplyScriptShellcheck(t *testing.T) {
	shellcheck := needTool(t, "shellcheck")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileApply)
			if err := os.WriteFile(path, render(t, build(t, c.a), CLI)[FileApply], 0o755); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(shellcheck, "--shell=bash", "--severity=style", path).CombinedOutput()
			if err != nil {
				t.Errorf("shellcheck: %v\n%s", err, out)
			}
		})
	}
}

// TestApplyScriptQuotesValues: every value from the answers is quoted, and
// the script starts as the issue asks.
func TestApplyScriptQuotesValues(t *testing.T) {
	b := build(t, cases[0].a)
	script := string(render(t, b, CLI)[FileApply])
	if !strings.HasPrefix(script, "#!/usr/bin/env bash\n") || !strings.Contains(script, "\nset -euo pipefail\n") {
		t.Error("apply.sh does not start with a bash shebang and set -euo pipefail")
	}
	for _, v := range []string{b.Answers.AccountID, b.Answers.Bucket, b.Answers.KMSKeyARN, b.Role.Name} {
		for _, line := range strings.Split(script, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			for i := strings.Index(line, v); i >= 0; i = indexFrom(line, v, i+1) {
				if !quotedAt(line, i) {
					t.Errorf("value %q unquoted in: %s", v, line)
				}
			}
		}
	}
}

func indexFrom(s, sub string, from int) int {
	if from >= len(s) {
		return -1
	}
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

// quotedAt reports whether position i of a shell line is inside single or
// double quotes.
func quotedAt(line string, i int) bool {
	var quote byte
	for j := 0; j < i; j++ {
		switch c := line[j]; {
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
		case quote != 0 && c == quote:
			quote = 0
		}
	}
	return quote != 0
}

func TestQuote(t *testing.T) {
	tests := map[string]string{"plain": "'plain'", "it's": `'it'\''s'`, "$HOME": `"\$HOME"`, "a`b\\\"": "\"a\\`b\\\\\\\"\"", "": "''"}
	for in, want := range tests {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestApplyScriptMergesTrustPolicy: apply.sh never replaces the trust policy
// of a role that exists: it checks the role's ARN (path included) and merges
// permwiz's statement into the current trust policy.
func TestApplyScriptMergesTrustPolicy(t *testing.T) {
	personalizeCases(t, func(t *testing.T, b *wizard.Bundle) {
		script := string(render(t, b, CLI)[FileApply])
		for _, want := range []string{
			"\nROLE_ARN=" + quote(b.Role.ARN) + "\n",
			`check_role_arn "$role_arn"`,
			"\n  merge_into role-trust-policy ",
			"--query Role.AssumeRolePolicyDocument --output json",
		} {
			if !strings.Contains(script, want) {
				t.Errorf("apply.sh lacks %q", want)
			}
		}
		calls := 0
		for _, line := range strings.Split(script, "\n") {
			line = strings.TrimSpace(line)
			if line == "merge_trust_policy" {
				calls++
			}
			if strings.HasPrefix(line, "#") {
				continue
			}
			if strings.Contains(line, "update-assume-role-policy") && !strings.Contains(line, "$work/trust-merged.json") {
				t.Errorf("apply.sh puts a trust policy that is not the merged one: %s", line)
			}
		}
		if calls != 1 {
			t.Errorf("apply.sh calls merge_trust_policy %d times, want once (for the role that exists)", calls)
		}
	})
}

// TestApplyScriptKeyOfAnotherAccount: apply.sh merges the key policy only
// when the key is the answers' account's own; otherwise it prints the merge
// commands for the key's owner and calls no KMS API.
func TestApplyScriptKeyOfAnotherAccount(t *testing.T) {
	const other = "arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	kinesis := cases[2].a
	kinesis.KMSKeyARN = other
	tests := []struct {
		name        string
		a           wizard.Answers
		merges      bool
		needPermwiz bool
	}{
		{"personalize, own key", cases[0].a, true, true},
		{"personalize, key of another account", cases[4].a, false, true},
		{"kinesis, own key", cases[2].a, true, true},
		// A producer of another account: the stream policy is merged, so
		// apply.sh needs permwiz even though the key policy is not its to change.
		{"kinesis, key of another account", kinesis, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, tt.a)
			script := string(render(t, b, CLI)[FileApply])
			calls := strings.Contains(script, "\nmerge_key_policy '")
			if calls != tt.merges {
				t.Errorf("apply.sh calls merge_key_policy: %v, want %v", calls, tt.merges)
			}
			if got := strings.Contains(script, permwizCheck); got != tt.needPermwiz {
				t.Errorf("apply.sh checks for permwiz: %v, want %v", got, tt.needPermwiz)
			}
			if tt.merges {
				return
			}
			owner := b.Key.Account
			for _, want := range []string{
				"echo " + quote("# with credentials of account "+owner+" (the key's owner), beside answers.yaml:") + " >&2",
				"echo " + quote("permwiz merge --doc "+PlanFor(b).KeyPolicyDoc+" --into current-key-policy.json --answers answers.yaml --out merged-key-policy.json") + " >&2",
				"echo " + quote("aws kms put-key-policy --region "+b.Key.Region+" --key-id "+b.Answers.KMSKeyARN+" --policy-name default --policy file://merged-key-policy.json") + " >&2",
				"Still to do, by account " + owner,
			} {
				if !strings.Contains(script, want) {
					t.Errorf("apply.sh lacks %s", want)
				}
			}
		})
	}
}

// TestApplyScriptChecksMergeTargets: step 0 reads each policy from the key
// or bucket its step merges into: the output bucket's from $OUTPUT_BUCKET,
// the batch output key's by its ARN (KMS_KEY_ARN is ” when the setup has
// no key of its own, and reading it stopped the script before any change).
func TestApplyScriptChecksMergeTargets(t *testing.T) {
	checked := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := build(t, c.a)
			script := string(render(t, b, CLI)[FileApply])
			start := strings.Index(script, "\nstep '0. ")
			if start < 0 {
				return // nothing merged into a key or a bucket
			}
			end := strings.Index(script[start+1:], "\nstep '")
			step0 := strings.Split(script[start:start+1+end], "\n")
			for i, line := range step0 {
				doc, ok := strings.CutPrefix(strings.TrimSpace(line), "check_merge ")
				if !ok {
					continue
				}
				checked++
				read := step0[i-1]
				switch doc, _, _ = strings.Cut(doc, " "); doc {
				case quote("s3-bucket-policy"):
					if !strings.Contains(read, `--bucket="$BUCKET"`) {
						t.Errorf("%s is checked against %s", doc, read)
					}
				case quote("s3-output-bucket-policy"):
					if !strings.Contains(read, `--bucket="$OUTPUT_BUCKET"`) {
						t.Errorf("%s is checked against %s", doc, read)
					}
				case quote("batch-output-key-policy"):
					if !strings.Contains(read, "--key-id "+quote(b.Answers.BatchOutputKMSKeyARN)) {
						t.Errorf("%s is checked against %s", doc, read)
					}
				default:
					if !strings.Contains(read, `--key-id="$KMS_KEY_ARN"`) || strings.Contains(script, "\nKMS_KEY_ARN=''\n") {
						t.Errorf("%s is checked against %s", doc, read)
					}
				}
			}
		})
	}
	if checked < 4 {
		t.Errorf("only %d merges checked in step 0 over the cases", checked)
	}
}
