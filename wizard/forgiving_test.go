package wizard

import (
	"slices"
	"strings"
	"testing"
)

// Answers in a shape that plainly means one valid answer are read as it,
// and the step that asks says how.
func TestForgivingInput(t *testing.T) {
	a := goodPersonalize()
	a.RolePath = "service-role"
	a.Bucket = "s3://my-data/input/"
	if err := a.Validate(); err != nil {
		t.Fatalf("forgiving answers refused: %v", err)
	}
	n := a.Normalized()
	if n.RolePath != "/service-role/" || n.Bucket != "my-data" {
		t.Errorf("read as path %q bucket %q", n.RolePath, n.Bucket)
	}
	role := strings.Join(Notes(a, StepRole), "\n")
	if !strings.Contains(role, `Role path "service-role" is read as /service-role/`) {
		t.Errorf("role step notes:\n%s", role)
	}
	s3 := Notes(a, StepS3)
	if len(s3) == 0 || !strings.Contains(s3[0], "s3://my-data/input/ is read as the bucket my-data") || !strings.Contains(s3[0], "prefix input/") {
		t.Errorf("the S3 step's first note: %q", s3)
	}

	// The output bucket alike (its hint and the data bucket's said so; it
	// was refused).
	a = goodPersonalize()
	a.Workflows = []Workflow{WorkflowImport, WorkflowBatch}
	a.OutputBucket = "s3://my-output/batch/"
	if err := a.Validate(); err != nil {
		t.Fatalf("an S3 URL for the output bucket refused: %v", err)
	}
	if got := a.Normalized().OutputBucket; got != "my-output" {
		t.Errorf("output bucket read as %q", got)
	}
	var outNote string
	for _, st := range Steps(a) {
		if slices.Contains(st.Fields, FieldOutputBucket) {
			outNote = strings.Join(Notes(a, st.ID), "\n")
		}
	}
	if !strings.Contains(outNote, "s3://my-output/batch/ is read as the output bucket my-output") {
		t.Errorf("the output bucket's step notes:\n%s", outNote)
	}

	a = goodPersonalize()
	a.RoleName, a.RoleARN = "", "arn:aws:sts::111122223333:assumed-role/PersonalizeRole/botocore-session-1"
	if err := a.Validate(); err != nil {
		t.Fatalf("assumed-role ARN refused: %v", err)
	}
	if got := a.Normalized().RoleARN; got != "arn:aws:iam::111122223333:role/PersonalizeRole" {
		t.Errorf("assumed role read as %q", got)
	}
	if notes := strings.Join(Notes(a, StepRole), "\n"); !strings.Contains(notes, "is a session of a role") || !strings.Contains(notes, "path") {
		t.Errorf("role notes:\n%s", notes)
	}

	k := Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-west-2", Stream: "orders",
		KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Producers: []string{"arn:aws:iam::111122223333:role/A arn:aws:iam::111122223333:role/B\narn:aws:sts::111122223333:assumed-role/C/s"}}
	if err := k.Validate(); err != nil {
		t.Fatalf("space- and line-separated ARNs refused: %v", err)
	}
	if got := strings.Join(k.Normalized().Producers, ","); got != "arn:aws:iam::111122223333:role/A,arn:aws:iam::111122223333:role/B,arn:aws:iam::111122223333:role/C" {
		t.Errorf("producers read as %s", got)
	}
	if notes := strings.Join(Notes(k, StepPrincipals), "\n"); !strings.Contains(notes, "separated by spaces or new lines") {
		t.Errorf("principals notes:\n%s", notes)
	}
}

// Warnings about the user's own answers come before the ones every setup
// gets.
func TestOwnWarningsFirst(t *testing.T) {
	a := goodPersonalize()
	a.RoleAccess, a.Bucket = AccessManaged, "my-data"
	notes := Notes(a, StepS3)
	if len(notes) == 0 || !strings.Contains(notes[0], `bucket "my-data" is not covered`) {
		t.Errorf("the S3 step's first note: %q", notes)
	}
}
