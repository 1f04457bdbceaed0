package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/wizard"
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

func TestRunLintFormatsAndSuppressions(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.json")
	doc := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"Deploy","Effect":"Allow","Action":"iam:PassRole","Resource":"*"},` +
		`{"Sid":"Other","Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(o *LintOptions) (string, error) {
		var out bytes.Buffer
		o.Files, o.IO = []string{file}, testIO(nil, &out, &out)
		err := validated(o, RunLint)
		return out.String(), err
	}

	// SARIF 2.1.0 with the rule, its Access Analyzer check and a location.
	out, err := run(&LintOptions{Format: "sarif"})
	if Code(err) != ExitFindings {
		t.Fatalf("exit %d: %v", Code(err), err)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("not SARIF 2.1.0: %v\n%s", err, out)
	}
	res := log.Runs[0].Results
	if len(res) < 2 || res[0].RuleID != "pass-role-wildcard" || res[0].Level != "error" ||
		res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != filepath.ToSlash(file) ||
		!strings.Contains(out, "PASS_ROLE_WITH_STAR_IN_RESOURCE") {
		t.Errorf("SARIF results: %+v", res)
	}

	// --json is --format json.
	out, _ = run(&LintOptions{JSON: true})
	var files []lintFileJSON
	if err := json.Unmarshal([]byte(out), &files); err != nil || len(files) != 1 {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if _, err := run(&LintOptions{JSON: true, Format: "sarif"}); Code(err) != ExitUsage {
		t.Errorf("--json with --format sarif: exit %d", Code(err))
	}
	if _, err := run(&LintOptions{Format: "xml"}); Code(err) != ExitUsage || !strings.Contains(err.Error(), "--format") {
		t.Errorf("--format xml: %v", err)
	}

	// --ignore RULE@SID silences one statement's finding, not the other's.
	out, err = run(&LintOptions{Ignore: []string{"pass-role-wildcard@Deploy"}})
	if Code(err) != ExitFindings || !strings.Contains(out, "suppressed:") || !strings.Contains(out, `("Other")`) {
		t.Errorf("--ignore RULE@SID:\n%s", out)
	}

	// A suppressions file, by rule, silences both; the exit code follows.
	cfg := filepath.Join(dir, "lint.yaml")
	if err := os.WriteFile(cfg, []byte("ignore:\n  - rule: pass-role-wildcard\n    files: \"p.json\"\n    reason: deploy roles, reviewed\n  - rule: wildcard-resource\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = run(&LintOptions{Config: cfg, Format: "sarif"})
	if Code(err) != ExitOK {
		t.Errorf("suppressed: exit %d\n%s", Code(err), out)
	}
	if !strings.Contains(out, `"justification": "suppressed: deploy roles, reviewed"`) {
		t.Errorf("SARIF does not carry the suppression:\n%s", out)
	}

	// A bad file names the flag, the file and the problem.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("ignore:\n  - sid: X\n"), 0o644)
	if _, err := run(&LintOptions{Config: bad}); Code(err) != ExitUsage || !strings.Contains(err.Error(), "has no rule") {
		t.Errorf("config without a rule: %v", err)
	}
	if _, err := run(&LintOptions{Config: filepath.Join(dir, "none.yaml")}); Code(err) != ExitUsage {
		t.Errorf("missing --config file: %v", err)
	}
}

// SARIF points at the statement's line, so GitHub annotates the right place.
func TestStatementLines(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want []int
	}{
		{"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"A\"\n    },\n    {\"Sid\": \"B\"}\n  ]\n}\n", []int{4, 7}},
		{"{\"Id\": {\"x\": [1]},\n\"Statement\":\n  {\"Effect\": \"Allow\"}}", []int{3}},
		{"[1, 2]", nil},
		{"{\"Statement\": [{", []int{1}},
	} {
		if got := statementLines([]byte(tc.doc)); !slices.Equal(got, tc.want) {
			t.Errorf("statementLines(%q) = %v, want %v", tc.doc, got, tc.want)
		}
	}
}

// Files are read in parallel, but the error is the first file that cannot
// be read, in the order given, as if they were read one by one, and
// nothing is printed.
func TestRunLintFirstUnreadableFile(t *testing.T) {
	good := filepath.Join(fixtures, "existing", "console-default-key-policy.json")
	dir := t.TempDir()
	files := make([]string, 80)
	for i := range files {
		files[i] = good
	}
	files[23] = filepath.Join(dir, "first-missing.json")
	files[61] = filepath.Join(dir, "second-missing.json")
	files[70] = dir // a folder
	for range 20 {
		var out, errOut bytes.Buffer
		err := validated(&LintOptions{Files: files, IO: testIO(nil, &out, &errOut)}, RunLint)
		if Code(err) != ExitUsage || !strings.Contains(err.Error(), "first-missing.json") {
			t.Fatalf("exit %d, %v; want a usage error naming first-missing.json", Code(err), err)
		}
		if out.Len() != 0 {
			t.Fatalf("printed findings before the error:\n%s", out.String())
		}
	}
}

// printableText writes a file's lint text as printableLines writes it, line
// by line, and returns clean text as it is.
func TestPrintableTextIsPrintableLines(t *testing.T) {
	for _, text := range []string{
		"a.json: identity policy: no findings\n",
		"x\x1b[31m.json: 1 error\n  error [parse] bad\rline\n",
		"caf\xe9.json: ok\n  \u202eevil\n\n",
		"",
		"no newline at the end\x07",
	} {
		var want bytes.Buffer
		printableLines(&want).Write([]byte(text))
		if got := printableText([]byte(text)); string(got) != want.String() {
			t.Errorf("printableText(%q) = %q, want %q", text, got, want.String())
		}
	}
}

// A file that is not a policy at all is bad input (exit 2, naming the
// file); a policy with a syntax error is a policy with a finding (exit 1).
func TestLintNotAPolicyExits2(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name, body string
		code       int
		say        string
	}{
		{"answers.yaml", "setup: personalize\naccount_id: \"111122223333\"\n", ExitUsage, "is not a policy document (it is not a JSON object)"},
		{"list.json", "[1, 2]", ExitUsage, "is not a policy document (it is not a JSON object)"},
		{"other.json", `{"name": "x"}`, ExitUsage, "has none of Version, Statement and Id"},
		{"broken.json", `{"Version": "2012-10-17", "Statement": [`, ExitFindings, "parse-error"},
		{"typo.json", `{"Version": "2012-10-17", "Statment": []}`, ExitFindings, "parse-error"},
	} {
		out, errOut, code := run(t, "lint", write(tt.name, tt.body))
		if code != tt.code || !strings.Contains(out+errOut, tt.say) {
			t.Errorf("%s: exit %d, want %d\n%s%s", tt.name, code, tt.code, out, errOut)
		}
		if tt.code == ExitUsage && !strings.Contains(errOut, tt.name) {
			t.Errorf("%s: the file is not named: %s", tt.name, errOut)
		}
	}
}

// Over valid JSON, the one-pass reader finds the lines encoding/json's
// decoder finds (statementLines), or leaves the document to it.
func FuzzStatementLinesValidIsDecoder(f *testing.F) {
	for _, s := range []string{"{\n \"Statement\": [\n  {\"Effect\": \"Allow\"},\n\n  {}\n ]\n}", `{"Statement": {"Sid": "a"}}`, `{"Version": "2012-10-17", "Statement": [{}, {}]}`, `[]`, `{"a":1,"b":[true,null,"x\"]"],"Statement":[1 , -2.5e3,"s",[[]],{"c":{}}]}`, `{"Statem\u0065nt": [{}]}`, "\ufeff{\"Statement\": [{}]}", `{"Statement": []}`, `{"Statement": "x", "Statement": []}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		got, ok := statementLinesValid(data, true)
		if !ok {
			return
		}
		if want := statementLines(data); !slices.Equal(got, want) {
			t.Fatalf("statementLinesValid(%q) = %v, want %v", data, got, want)
		}
	})
}

// lintSARIF is the log of every file's results, built whole: what lint
// wrote before it marshalled each file's results on its worker.
func lintSARIF(results []lintFileJSON) sarifLog {
	b := newSARIF()
	for _, r := range results {
		r.eachSARIF(b.addAt)
	}
	return b.done()
}

// The log lint writes, each file's results marshalled apart and put in the
// log's list, is byte for byte the log marshalled whole.
func TestSARIFResultsSplicedAsWhole(t *testing.T) {
	files, err := filepath.Glob("../../policy/testdata/*/*.json")
	if err != nil || len(files) < 10 {
		t.Fatalf("fixtures: %v %d", err, len(files))
	}
	var results []lintFileJSON
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		k, fs, ex := audit.LintFile(data, policy.KindUnknown, wizard.KnownExceptions())
		r := lintFileJSON{File: f, Kind: kindName(k), Findings: fs, Exceptions: ex, stmtLines: statementLines(data)}
		if i%3 == 0 && len(fs) > 0 { // some suppressed, as --ignore makes them
			r.Suppressed = []audit.Suppressed{{Finding: fs[0], Reason: "accepted"}}
			r.Findings = fs[1:]
		}
		results = append(results, r)
	}
	for _, n := range []int{0, 1, len(results)} {
		b := newSARIF()
		var elements [][]byte
		for _, r := range results[:n] {
			e, rules := r.sarifElements()
			elements = append(elements, e)
			for _, rs := range rules {
				b.rule(rs.rule, rs.sev)
			}
		}
		var got, want bytes.Buffer
		if err := writeSARIFResults(&got, b.done(), elements); err != nil {
			t.Fatal(err)
		}
		if err := writeSARIF(&want, lintSARIF(results[:n])); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d files: the log differs from the one marshalled whole:\n%s\nwant\n%s", n, got.String(), want.String())
		}
	}
}
