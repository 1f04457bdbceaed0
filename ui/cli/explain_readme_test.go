package cli

import (
	"os"
	"strings"
	"testing"
)

// TestExplainREADMEExamples runs the two examples of the README's explain
// section and compares their output, line for line, and exit codes, so the
// README shows what permwiz prints.
func TestExplainREADMEExamples(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "## When AWS says no: `permwiz explain`")
	if !ok {
		t.Fatal("README has no explain section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := strings.Split(section, "```text\n")[1:]
	if len(blocks) != 2 {
		t.Fatalf("%d examples, want 2", len(blocks))
	}
	// The second example pipes in what the AWS CLI printed.
	piped := "An error occurred (KMSAccessDeniedException) when calling the PutRecord operation: User: arn:aws:sts::111122223333:assumed-role/Billing/i-0b7f is not authorized to perform: kms:GenerateDataKey on resource: " + exKinKey + " because no resource-based policy allows the kms:GenerateDataKey action"
	for i, flags := range [][]string{personalizeFlags, kinesisFlags} {
		block, _, _ := strings.Cut(blocks[i], "```")
		lines := strings.Split(strings.TrimRight(block, "\n"), "\n")
		cmdLine, output := lines[0], lines[1:len(lines)-2]
		wantCode := lines[len(lines)-1]
		msg := piped
		if i == 0 {
			_, quoted, _ := strings.Cut(cmdLine, "answers.yaml '")
			msg = strings.TrimSuffix(quoted, "'")
		}
		out, errOut, code := run(t, append(append([]string{"explain"}, flags...), msg)...)
		if got := strings.Split(strings.TrimRight(out, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(output, "\n") {
			t.Errorf("example %d: README shows\n%s\npermwiz prints\n%s%s", i+1, strings.Join(output, "\n"), out, errOut)
		}
		if wantCode != string(rune('0'+code)) {
			t.Errorf("example %d: exit %d, README says %s", i+1, code, wantCode)
		}
	}
}
