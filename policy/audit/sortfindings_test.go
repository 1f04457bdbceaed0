package audit

import (
	"fmt"
	"testing"
)

// StatementIndex reads the paths lint writes without fmt; whatever the path,
// it returns what fmt.Sscanf(path, "Statement[%d]", &n) reads (-1 when
// that fails), which is what sorting by statement used.
func FuzzStatementIndexIsSscanf(f *testing.F) {
	for _, s := range []string{"Statement[0]", "Statement[12].Action", "Statement[3].Condition.StringEquals",
		"Statement[012]", "Statement[-1]", "Statement[+3]", "Statement[3", "Statement[]", "Statement[ 3]",
		"", "Version", "Statement[99999999999]", "Statement[123456789]", "Statement[1234567890]", "statement[1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		want := -1
		var n int
		if _, err := fmt.Sscanf(path, "Statement[%d]", &n); err == nil {
			want = n
		}
		if got := StatementIndex(path); got != want {
			t.Errorf("StatementIndex(%q) = %d, Sscanf reads %d", path, got, want)
		}
	})
}

// Findings sort by severity, then statement, and keep their order
// otherwise.
func TestSortFindingsStable(t *testing.T) {
	fs := []Finding{
		{Severity: SeveritySuggestion, Rule: "a", Path: "Statement[2].Resource"},
		{Severity: SeverityError, Rule: "b", Path: "Statement[10].Action"},
		{Severity: SeverityError, Rule: "c", Path: ""},
		{Severity: SeverityWarning, Rule: "d", Path: "Statement[1]"},
		{Severity: SeverityError, Rule: "e", Path: "Statement[2].Action"},
		{Severity: SeveritySuggestion, Rule: "f", Path: "Statement[0]"},
		{Severity: SeverityError, Rule: "g", Path: "Statement[2].Resource"},
	}
	sortFindings(fs)
	got := ""
	for _, f := range fs {
		got += f.Rule
	}
	if want := "cegbdfa"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
}
