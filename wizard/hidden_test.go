package wizard

import "testing"

// An answer whose question is no longer asked is set aside, and comes
// back when the question is asked again.
func TestSetAsideUnasked(t *testing.T) {
	a := Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data",
		Workflows: []Workflow{WorkflowImport}, OutputBucket: "my-output"}
	aside := map[string]string{}
	got := SetAsideUnasked(a, aside)
	if got.OutputBucket != "" || aside[FieldOutputBucket] != "my-output" {
		t.Fatalf("output bucket kept with no workflow that writes: %q, aside %v", got.OutputBucket, aside)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("the answers left do not validate: %v", err)
	}
	got.Workflows = append(got.Workflows, WorkflowBatch)
	got = SetAsideUnasked(got, aside)
	if got.OutputBucket != "my-output" || len(aside) != 0 {
		t.Errorf("output bucket not restored: %q, aside %v", got.OutputBucket, aside)
	}
}
