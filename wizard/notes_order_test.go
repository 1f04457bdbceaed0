package wizard

import (
	"strings"
	"testing"
)

// On a short screen the notes shown first must be the ones about something
// AWS rejects, something unusable or something lost: Notes returns those
// before the informative ones.
func TestNotesPutWarningsFirst(t *testing.T) {
	a := goodPersonalize()
	a.Workflows = []Workflow{WorkflowImport, WorkflowMetrics}
	got := Notes(a, StepS3)
	if len(got) < 3 {
		t.Fatalf("S3 notes: %q", got)
	}
	if !strings.HasPrefix(got[0], "Buckets that allow only VPC access") || !strings.HasPrefix(got[1], "Merge the bucket policy") {
		t.Errorf("warnings should come first: %q", got)
	}
	if last := got[len(got)-1]; !strings.HasPrefix(last, "Metric attribution also publishes") {
		t.Errorf("the informative note should come last, got %q", last)
	}

	k := goodKinesis()
	k.AccountID = "444455556666" // the key is in 111122223333
	got = Notes(k, StepKey)
	if !strings.HasPrefix(got[0], "The key belongs to account 111122223333") {
		t.Errorf("a key of another account is the first thing to read: %q", got)
	}
	for i, n := range got {
		if strings.HasPrefix(n, "The key must be in the same region") && i < 2 {
			t.Errorf("an informative note is ahead of the warnings: %q", got)
		}
	}
}
