package format

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	for _, v := range []string{b.Answers.AccountID, b.Answers.Bucket, b.Answers.KMSKeyARN, b.ServiceRole().Name} {
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
	tests := map[string]string{"plain": "'plain'", "it's": `'it'\''s'`, "$HOME": "'$HOME'", "": "''"}
	for in, want := range tests {
		if got := q(in); got != want {
			t.Errorf("q(%q) = %s, want %s", in, got, want)
		}
	}
}
