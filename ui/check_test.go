package ui

import (
	"bytes"
	"encoding/json"
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
	}{
		{"kms-key-policy", "console-default-key-policy.json", false, ExitFindings, "does not let personalize.amazonaws.com kms:Decrypt"},
		{"kms-key-policy", "key-policy-wildcard-covers.json", false, ExitOK, "has everything the setup needs"},
		{"s3-bucket-policy", "bucket-policy-deny-vpce.json", false, ExitFindings, "blocking:"},
		{"s3-bucket-policy", "bucket-policy-wildcard-covers.json", true, ExitOK, `"ok": true`},
		{"s3-bucket-policy", "bucket-policy-existing-grants.json", true, ExitFindings, `"ok": false`},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			o := &CheckOptions{Doc: tc.doc, File: filepath.Join(fixtures, "existing", tc.file), JSON: tc.json}
			bindAnswers(t, &o.Flags, personalizeArgs)
			var out bytes.Buffer
			o.Stdout, o.Stderr = &out, &out
			err := RunCheck(o)
			if Code(err) != tc.code {
				t.Errorf("exit %d (%v), want %d\n%s", Code(err), err, tc.code, out.String())
			}
			if !strings.Contains(out.String(), tc.says) {
				t.Errorf("output does not say %q:\n%s", tc.says, out.String())
			}
			if tc.json && !json.Valid(out.Bytes()) {
				t.Errorf("--json output is not JSON:\n%s", out.String())
			}
		})
	}
	o := &CheckOptions{Doc: "kms-key-policy", File: filepath.Join(fixtures, "malformed", "no-statement.json")}
	bindAnswers(t, &o.Flags, personalizeArgs)
	o.Stdout, o.Stderr = &bytes.Buffer{}, &bytes.Buffer{}
	if err := RunCheck(o); Code(err) != ExitUsage || !strings.Contains(err.Error(), "Statement") {
		t.Errorf("malformed file: %v", err)
	}
}
