package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunLint(t *testing.T) {
	ex := func(name string) string { return filepath.Join(fixtures, "existing", name) }
	tests := []struct {
		name  string
		files []string
		kind  string
		json  bool
		code  int
		says  string
	}{
		{"clean key policy", []string{ex("console-default-key-policy.json")}, "", false, ExitOK, "key policy (inferred"},
		{"security warning", []string{ex("bucket-policy-public-read.json")}, "bucket", false, ExitFindings, "public-principal"},
		{"several files, one bad", []string{ex("console-default-key-policy.json"), filepath.Join(fixtures, "malformed", "smart-quotes.json")}, "", false, ExitFindings, "U+201C"},
		{"forced kind", []string{ex("console-default-key-policy.json")}, "identity", true, ExitFindings, "principal-in-identity-policy"},
		{"bad kind", []string{ex("console-default-key-policy.json")}, "role", false, ExitUsage, ""},
		{"no files", nil, "", false, ExitUsage, ""},
		{"unreadable file", []string{filepath.Join(t.TempDir(), "none.json")}, "", false, ExitUsage, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := validated(&LintOptions{Files: tc.files, Kind: tc.kind, JSON: tc.json, IO: testIO(nil, &out, &out)}, RunLint)
			if Code(err) != tc.code {
				t.Errorf("exit %d (%v), want %d\n%s", Code(err), err, tc.code, out.String())
			}
			if !strings.Contains(out.String(), tc.says) {
				t.Errorf("output does not say %q:\n%s", tc.says, out.String())
			}
			if tc.json && !json.Valid(out.Bytes()) {
				t.Errorf("not JSON:\n%s", out.String())
			}
		})
	}
}

func TestRunLintStdin(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`)
	err := validated(&LintOptions{Files: []string{"-"}, IO: testIO(in, &out, &out)}, RunLint)
	if Code(err) != ExitFindings || !strings.Contains(out.String(), "pass-role-wildcard") {
		t.Errorf("exit %d:\n%s", Code(err), out.String())
	}
}
