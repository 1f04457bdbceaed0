package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunCheck(t *testing.T) {
	tests := []struct {
		doc, file string
		json      bool
		code      int
		says      string
		not       string // must not appear, when set
	}{
		{"kms-key-policy", "console-default-key-policy.json", false, ExitFindings, "does not let personalize.amazonaws.com kms:Decrypt", ""},
		{"kms-key-policy", "key-policy-wildcard-covers.json", false, ExitOK, "has everything the setup needs", ""},
		{"s3-bucket-policy", "bucket-policy-deny-vpce.json", false, ExitFindings, "blocking:", ""},
		{"s3-bucket-policy", "bucket-policy-wildcard-covers.json", true, ExitOK, `"ok": true`, ""},
		{"s3-bucket-policy", "bucket-policy-existing-grants.json", true, ExitFindings, `"ok": false`, ""},
		{"role-trust-policy", "trust-policy-unguarded.json", false, ExitFindings,
			"has 1 statement(s) that defeat permwiz's confused-deputy guard.\n" +
				"  unsafe:   Statement[0] lets personalize.amazonaws.com sts:AssumeRole for any account's resources (no aws:SourceAccount/aws:SourceArn): the confused-deputy guard permwiz adds has no effect while it stands; remove it or add the conditions\n",
			"already granted"},
		{"role-trust-policy", "trust-policy-unguarded.json", true, ExitFindings, `"defeats": "AllowPersonalizeToAssumeRole"`, ""},
		{"role-trust-policy", "trust-policy-other-account.json", false, ExitFindings,
			"is missing 1 grant(s) and has 1 statement(s) that defeat permwiz's confused-deputy guard", ""},
		{"role-trust-policy", "trust-policy-guarded.json", false, ExitOK, "has everything the setup needs", "unsafe"},
		{"kms-key-policy", "key-policy-no-account-statement.json", false, ExitFindings,
			`  note:     the policy has no account statement (like permwiz's "Enable IAM User Permissions", which allows the account root kms:*), so IAM policies that allow use of this key, such as role-kms-policy, have no effect on it; permwiz's statements name their principals directly, so the setup works without it` + "\n",
			"merge adds"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/json=%v", tc.file, tc.json), func(t *testing.T) {
			o := &CheckOptions{Doc: tc.doc, File: filepath.Join(fixtures, "existing", tc.file), JSON: tc.json}
			bindAnswers(t, &o.Flags, personalizeArgs)
			var out bytes.Buffer
			o.IO = testIO(nil, &out, &out)
			err := validated(o, RunCheck)
			if Code(err) != tc.code {
				t.Errorf("exit %d (%v), want %d\n%s", Code(err), err, tc.code, out.String())
			}
			if !strings.Contains(out.String(), tc.says) {
				t.Errorf("output does not say %q:\n%s", tc.says, out.String())
			}
			if tc.not != "" && strings.Contains(out.String(), tc.not) {
				t.Errorf("output says %q:\n%s", tc.not, out.String())
			}
			if tc.json && !json.Valid(out.Bytes()) {
				t.Errorf("--json output is not JSON:\n%s", out.String())
			}
		})
	}
	o := &CheckOptions{Doc: "kms-key-policy", File: filepath.Join(fixtures, "malformed", "no-statement.json")}
	bindAnswers(t, &o.Flags, personalizeArgs)
	o.IO = testIO(nil, &bytes.Buffer{}, &bytes.Buffer{})
	if err := validated(o, RunCheck); Code(err) != ExitUsage || !strings.Contains(err.Error(), "Statement") {
		t.Errorf("malformed file: %v", err)
	}
}

func TestRunCheckSARIFAndSuppressions(t *testing.T) {
	run := func(doc, file string, o *CheckOptions) (string, error) {
		o.Doc, o.File = doc, filepath.Join(fixtures, "existing", file)
		bindAnswers(t, &o.Flags, personalizeArgs)
		var out bytes.Buffer
		o.IO = testIO(nil, &out, &out)
		err := validated(o, RunCheck)
		return out.String(), err
	}
	out, err := run("kms-key-policy", "console-default-key-policy.json", &CheckOptions{Format: "sarif"})
	var log sarifLog
	if Code(err) != ExitFindings || json.Unmarshal([]byte(out), &log) != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("check --format sarif: exit %d\n%s", Code(err), out)
	}
	if r := log.Runs[0].Results[0]; r.RuleID != checkRuleMissing || r.Level != "error" || !strings.Contains(r.Message.Text, "kms:Decrypt") {
		t.Errorf("first result %+v", r)
	}
	// A note can be suppressed and is shown as such.
	out, _ = run("kms-key-policy", "key-policy-no-account-statement.json", &CheckOptions{Ignore: []string{checkRuleNote}})
	if strings.Contains(out, "  note:") || !strings.Contains(out, "suppressed ["+checkRuleNote+"]") {
		t.Errorf("--ignore check-note:\n%s", out)
	}
	// A statement that defeats the guard cannot be: the setup is unsafe.
	out, err = run("role-trust-policy", "trust-policy-unguarded.json", &CheckOptions{Ignore: []string{checkRuleUnsafe}})
	if Code(err) != ExitFindings || !strings.Contains(out, "unsafe:") {
		t.Errorf("--ignore check-defeats-guard hid an unsafe statement: exit %d\n%s", Code(err), out)
	}
}
