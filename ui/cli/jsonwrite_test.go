package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/wizard"
)

// appendJSONString writes a string as encoding/json does, whatever it holds.
func FuzzJSONStringIsEncodingJSON(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "<a & b>", "\x00\x01\b\f\n\r\t\x1f\x7f", "é ü ✓ 😀", "\xff\xfe bad", "\u2028\u2029", "arn:aws:s3:::b/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

// appendSARIFResult writes a result as json.MarshalIndent does at its place
// in the log, with and without its optional parts.
func FuzzSARIFResultIsMarshalIndent(f *testing.F) {
	f.Add("policy-size", "error", "Statement[0].Resource (\"Sid\"): <too> & \"big\"", "dir/a b.json", "Statement[0].Resource", "suppressed: ok", 3, true)
	f.Add("", "", "", "", "", "", 0, false)
	f.Add("r", "note", "\u2028\xff", "\\\\x", "", "", -1, true)
	f.Fuzz(func(t *testing.T, rule, level, msg, uri, path, justification string, line int, suppressed bool) {
		for _, withRegion := range []bool{true, false} {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}}
			if withRegion {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
			}
			if path != "" {
				loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: path}, {FullyQualifiedName: path + "x"}}[:1+line&1]
			}
			r := sarifResult{RuleID: rule, Level: level, Message: sarifText{Text: msg}, Locations: []sarifLocation{loc}}
			if suppressed {
				r.Suppressions = []sarifSuppression{{Kind: "external", Justification: justification}}
			}
			for _, res := range []sarifResult{r, {RuleID: rule, Locations: []sarifLocation{loc, loc}, Suppressions: append(r.Suppressions, r.Suppressions...)}, {Locations: []sarifLocation{}}, {}} {
				want, err := json.MarshalIndent(res, sarifResultIndent, "  ")
				if err != nil {
					t.Fatal(err)
				}
				if got := appendSARIFResult(nil, res); string(got) != string(want) {
					t.Fatalf("appendSARIFResult(%+v) =\n%s\nwant\n%s", res, got, want)
				}
			}
		}
	})
}

// appendLintFileJSON writes a file's entry as json.MarshalIndent does, for
// the fixtures' findings (with exceptions and suppressed findings) and for
// any strings.
func TestLintFileJSONIsMarshalIndent(t *testing.T) {
	files, err := filepath.Glob("../../policy/testdata/*/*.json")
	if err != nil || len(files) < 10 {
		t.Fatalf("fixtures: %v %d", err, len(files))
	}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		k, fs, ex := audit.LintFile(data, policy.KindUnknown, wizard.KnownExceptions())
		if fs == nil {
			fs = []audit.Finding{}
		}
		r := lintFileJSON{File: f, Kind: kindName(k), Findings: fs, Exceptions: ex}
		if i%2 == 0 && len(fs) > 0 {
			r.Suppressed = []audit.Suppressed{{Finding: fs[0], Reason: "accepted <here>"}, {Finding: fs[len(fs)-1]}}
			r.Findings = fs[1:]
		}
		checkLintFileJSON(t, r)
	}
}

func FuzzLintFileJSONIsMarshalIndent(f *testing.F) {
	f.Add("a.json", "identity", "error", "rule", "Statement[0]", "Sid1", "msg <&> \"q\"", "Title – x", "CODE", "why", "reason", 3)
	f.Add("", "", "", "", "", "", "", "", "", "", "", 0)
	f.Fuzz(func(t *testing.T, file, kind, sev, rule, path, sid, msg, title, code, why, reason string, n int) {
		fd := audit.Finding{Severity: audit.Severity(sev), Rule: rule, Path: path, Sid: sid, Message: msg}
		if n%2 == 0 {
			fd.AccessAnalyzer = &audit.AccessAnalyzerCheck{Title: title, Code: code}
		}
		r := lintFileJSON{File: file, Kind: kind, Findings: []audit.Finding{}}
		for range n % 4 {
			r.Findings = append(r.Findings, fd)
		}
		if n%7 == 6 {
			r.Findings = nil // null, as encoding/json writes a nil list
		}
		if n%3 == 1 {
			r.Exceptions = []audit.Excepted{{Rule: rule, Sid: sid, Path: path, Why: why}, {Rule: rule, Why: why, Suppressed: r.Findings}}
		}
		if n%5 == 2 {
			r.Suppressed = []audit.Suppressed{{Finding: fd, Reason: reason}}
		}
		checkLintFileJSON(t, r)
	})
}

func checkLintFileJSON(t *testing.T, r lintFileJSON) {
	t.Helper()
	want, err := json.MarshalIndent(&r, "    ", "    ")
	if err != nil {
		t.Fatal(err)
	}
	if got := appendLintFileJSON(nil, r); string(got) != string(want) {
		t.Fatalf("appendLintFileJSON =\n%s\nwant\n%s", got, want)
	}
}
