package wizard

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func stepIDs(steps []Step) []string {
	ids := make([]string, len(steps))
	for i, s := range steps {
		ids[i] = s.ID
	}
	return ids
}

func TestStepsOrderAndFields(t *testing.T) {
	key := "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		name   string
		a      Answers
		ids    []string
		fields map[string][]string
	}{
		{"personalize default", Answers{},
			[]string{StepStart, StepBasics, StepUser, StepRole, StepKMS, StepS3, StepReview},
			map[string][]string{StepBasics: {FieldAccountID, FieldRegion, FieldRoleName}, StepRole: {FieldRoleMode, FieldRolePath, FieldRoleAccess, FieldAnyRegion}, StepKMS: {FieldKMSKeyARN}}},
		{"existing role replaces name and path", Answers{RoleARN: "arn:aws:iam::111122223333:role/R"},
			[]string{StepStart, StepBasics, StepUser, StepRole, StepKMS, StepS3, StepReview},
			map[string][]string{StepBasics: {FieldAccountID, FieldRegion}, StepRole: {FieldRoleMode, FieldRoleARN, FieldRoleAccess, FieldAnyRegion}}},
		{"an existing role chosen before its ARN is typed", Answers{RoleMode: "existing"},
			nil, map[string][]string{StepBasics: {FieldAccountID, FieldRegion}, StepRole: {FieldRoleMode, FieldRoleARN, FieldRoleAccess, FieldAnyRegion}}},
		{"key use asked once there is a key", Answers{KMSKeyARN: key},
			nil, map[string][]string{StepKMS: {FieldKMSKeyARN, FieldKeyUse}}},
		{"kinesis", Answers{Setup: "Kinesis "},
			[]string{StepStart, StepBasics, StepStream, StepKey, StepPrincipals, StepPolicies, StepReview},
			map[string][]string{StepBasics: {FieldAccountID, FieldRegion}, StepPrincipals: {FieldProducers, FieldConsumers, FieldAdmins},
				StepPolicies: {FieldPolicies, FieldProducerKind, FieldConsumerKinds}}},
		{"kcl asks for the application", Answers{Setup: SetupKinesis, ConsumerKinds: []ConsumerKind{ConsumerKCL}},
			nil, map[string][]string{StepPolicies: {FieldPolicies, FieldProducerKind, FieldConsumerKinds, FieldKCLApplication}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := Steps(tt.a)
			if tt.ids != nil && !reflect.DeepEqual(stepIDs(steps), tt.ids) {
				t.Errorf("steps %v, want %v", stepIDs(steps), tt.ids)
			}
			for id, want := range tt.fields {
				i := StepIndex(steps, id)
				if i < 0 {
					t.Fatalf("no step %s", id)
				}
				if !reflect.DeepEqual(steps[i].Fields, want) {
					t.Errorf("step %s fields %v, want %v", id, steps[i].Fields, want)
				}
			}
			for _, s := range steps {
				if s.Title == "" || s.Why == "" || !strings.HasPrefix(s.Source, "https://docs.aws.amazon.com/") {
					t.Errorf("step %s lacks a title, why or AWS source: %+v", s.ID, s)
				}
				for _, f := range s.Fields {
					if q := Ask(f); q.Title == "" {
						t.Errorf("step %s field %s has no question", s.ID, f)
					}
				}
			}
		})
	}
}

// Every document the answers produce is shown by the preview of some step,
// the step the document says built it.
func TestStepsShowEveryDocument(t *testing.T) {
	key := "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for _, a := range []Answers{
		{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "b-data", KMSKeyARN: key,
			KeyUse: AllKeyUses, Workflows: AllWorkflows},
		{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s", KMSKeyARN: key,
			Producers: []string{"arn:aws:iam::111122223333:role/W"}},
	} {
		b, err := Build(a)
		if err != nil {
			t.Fatal(err)
		}
		steps := Steps(a)
		for _, d := range b.Docs {
			i := StepIndex(steps, d.Step)
			if i < 0 {
				t.Fatalf("%s: built by unknown step %q", d.ID, d.Step)
			}
			found := false
			for _, s := range steps {
				found = found || slices.Contains(s.Docs, d.ID)
			}
			if !found {
				t.Errorf("%s: no step previews it", d.ID)
			}
		}
	}
}

func TestNumbering(t *testing.T) {
	steps := Steps(Answers{})
	tests := []struct {
		id      string
		num, of int
	}{
		{StepStart, 0, 4}, {StepBasics, 0, 4}, {StepUser, 1, 4}, {StepRole, 2, 4}, {StepKMS, 3, 4}, {StepS3, 4, 4}, {StepReview, 0, 4},
	}
	for _, tt := range tests {
		num, of := Numbering(steps, StepIndex(steps, tt.id))
		if num != tt.num || of != tt.of {
			t.Errorf("%s: step %d of %d, want %d of %d", tt.id, num, of, tt.num, tt.of)
		}
	}
}

func TestValueRoundTrip(t *testing.T) {
	tests := []struct{ field, in, want string }{
		{FieldAccountID, "111122223333", "111122223333"},
		{FieldWorkflows, "import, batch,", "import,batch"},
		{FieldCloudWatch, "yes", "yes"},
		{FieldAnyRegion, "maybe", "no"},
		{FieldProducers, "arn:a , arn:b", "arn:a,arn:b"},
		{FieldKeyUse, "", ""},
	}
	for _, tt := range tests {
		var a Answers
		a.SetValue(tt.field, tt.in)
		if got := a.Value(tt.field); got != tt.want {
			t.Errorf("%s: SetValue(%q) then Value = %q, want %q", tt.field, tt.in, got, tt.want)
		}
	}
}
