package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

func hasStep(m *Model, id string) bool { return wizard.StepIndex(m.steps, id) >= 0 }

func stepFields(m *Model, id string) []string {
	if i := wizard.StepIndex(m.steps, id); i >= 0 {
		return m.steps[i].Fields
	}
	return nil
}

// Ticking "Batch inference" adds the Output step at once: the bar shows
// it, the user stays on the workflows, and enter goes to it rather than
// to the review.
func TestTickingWorkflowAddsOutputStep(t *testing.T) {
	a := wizard.Answers{Setup: "personalize", AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data"}
	m, _ := testModel(t, a, map[string]bool{"setup": true, "account_id": true, "region": true, "role_name": true, "bucket": true})
	m.goToField(wizard.FieldWorkflows)
	if hasStep(m, wizard.StepOutput) {
		t.Fatalf("an Output step before batch is ticked: %v", m.steps)
	}
	press(t, m, "down", "space") // batch
	if !hasStep(m, wizard.StepOutput) {
		t.Fatalf("no Output step after ticking batch:\n%s", screen(m))
	}
	if f := m.focusedField(); f != wizard.FieldWorkflows {
		t.Fatalf("the focus moved to %s", f)
	}
	if s := screen(m); !strings.Contains(s, "Output") {
		t.Errorf("the step bar does not show Output:\n%s", s)
	}
	press(t, m, "enter")
	if id := m.steps[m.step].ID; id != wizard.StepOutput {
		t.Fatalf("enter after ticking batch went to %s", id)
	}
	// Unticking it again (back on S3) removes the step.
	press(t, m, "esc")
	m.goToField(wizard.FieldWorkflows)
	m.cursor[wizard.FieldWorkflows] = 1
	press(t, m, "space")
	if hasStep(m, wizard.StepOutput) {
		t.Errorf("the Output step stays after unticking batch: %v", stepFields(m, wizard.StepOutput))
	}
}

// With the Output step there, ticking metric attribution adds its prefix
// question there.
func TestTickingMetricsAddsItsPrefix(t *testing.T) {
	a := wizard.Answers{Setup: "personalize", AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data",
		Workflows: []wizard.Workflow{wizard.WorkflowImport, wizard.WorkflowBatch}}
	m, _ := testModel(t, a, map[string]bool{"setup": true, "account_id": true, "region": true, "role_name": true, "bucket": true})
	m.goToField(wizard.FieldWorkflows)
	if slices.Contains(stepFields(m, wizard.StepOutput), wizard.FieldMetricsPrefix) {
		t.Fatal("a metrics prefix before metrics are ticked")
	}
	press(t, m, "down", "down", "down", "space") // metric attribution to S3
	if !slices.Contains(stepFields(m, wizard.StepOutput), wizard.FieldMetricsPrefix) {
		t.Fatalf("no metrics prefix after ticking metrics: %v", stepFields(m, wizard.StepOutput))
	}
	if f := m.focusedField(); f != wizard.FieldWorkflows {
		t.Errorf("the focus moved to %s", f)
	}
}

// Ticking KCL asks the KCL application's name next, instead of
// refusing enter for a question that is not on screen.
func TestTickingKCLAsksItsApplication(t *testing.T) {
	a := wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Region: "us-east-1", Stream: "orders", KMSKeyARN: keyARN}
	m, _ := testModel(t, a, map[string]bool{"setup": true, "account_id": true, "region": true, "stream": true, "kms_key_arn": true})
	m.goToField(wizard.FieldConsumerKinds)
	press(t, m, "down", "space") // KCL
	if f := m.focusedField(); f != wizard.FieldConsumerKinds {
		t.Fatalf("the focus moved to %s", f)
	}
	if !strings.Contains(screen(m), "KCL application name") {
		t.Fatalf("the KCL application question is not shown:\n%s", screen(m))
	}
	press(t, m, "enter")
	if f := m.focusedField(); f != wizard.FieldKCLApplication {
		t.Fatalf("enter after ticking KCL: on %q, status %q", f, m.status)
	}
	press(t, m, "orders-processor", "enter")
	if !m.onReview() {
		t.Errorf("not on the review: %s, status %q", m.steps[m.step].ID, m.status)
	}
}

// A role ARN typed as the new role's name, then "Create a new service
// role" in step 2: the name and the path come back from the ARN, and the
// wizard goes on to the review without walking the steps again.
func TestRoleARNThenCreateKeepsNameAndPath(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{Setup: "personalize"}, map[string]bool{wizard.FieldSetup: true})
	press(t, m, "111122223333", "enter", "us-east-1", "enter", "arn:aws:iam::111122223333:role/service-role/MyPersonalizeRole", "enter")
	press(t, m, "enter", "enter") // user policy: the defaults
	if f := m.focusedField(); f != wizard.FieldRoleMode || m.a.Normalized().RoleMode != wizard.RoleExisting {
		t.Fatalf("on %s, mode %q", f, m.a.Normalized().RoleMode)
	}
	press(t, m, "up") // Create a new service role
	if n := m.a.Normalized(); n.RoleMode != wizard.RoleCreate || n.RoleName != "MyPersonalizeRole" || n.RolePath != "/service-role/" {
		t.Fatalf("after choosing create: mode %q name %q path %q", n.RoleMode, n.RoleName, n.RolePath)
	}
	if !hasStep(m, wizard.StepBasics) || !slices.Contains(stepFields(m, wizard.StepBasics), wizard.FieldRoleName) {
		t.Fatalf("Basics does not ask the name again: %v", stepFields(m, wizard.StepBasics))
	}
	press(t, m, "enter") // the path, pre-filled from the ARN
	if f := m.focusedField(); f != wizard.FieldRolePath {
		t.Fatalf("on %s", f)
	}
	if !strings.Contains(screen(m), "/service-role/") {
		t.Errorf("the path from the ARN is not shown:\n%s", screen(m))
	}
	press(t, m, "enter", "enter", "enter") // path, role policy, region
	press(t, m, "enter")                   // no KMS key
	press(t, m, "my-data", "enter", "enter")
	if !m.onReview() {
		t.Fatalf("not on the review: %s/%s, status %q", m.steps[m.step].ID, m.focusedField(), m.status)
	}
	if n := m.a.Normalized(); n.RoleName != "MyPersonalizeRole" || n.RoleARN != "" {
		t.Errorf("role name %q, ARN %q", n.RoleName, n.RoleARN)
	}
}

// When the last step finds an earlier answer that went bad, fixing it
// and pressing enter goes back toward the review, not through every step
// between.
func TestFixingAnEarlierAnswerReturnsToReview(t *testing.T) {
	a := completeAnswers()
	a.Setup = "personalize"
	m, _ := testModel(t, a, map[string]bool{"setup": true})
	m.goToField(wizard.FieldRegion)
	// The key is in us-east-1: once the region changes, it is in the
	// wrong region, which only the whole check finds.
	in := m.input(wizard.FieldRegion)
	in.SetValue("")
	m.setAnswer(wizard.FieldRegion, "")
	press(t, m, "eu-west-1")
	m.goToField(wizard.FieldWorkflows)
	for i := 0; i < 20 && m.focusedField() != wizard.FieldKMSKeyARN && !m.onReview(); i++ {
		press(t, m, "enter")
	}
	if f := m.focusedField(); f != wizard.FieldKMSKeyARN {
		t.Fatalf("the bad key was not shown: on %s/%s, status %q", m.steps[m.step].ID, f, m.status)
	}
	press(t, m, "ctrl+u", strings.Replace(keyARN, "us-east-1", "eu-west-1", 1), "enter")
	if !m.onReview() {
		t.Fatalf("after fixing the key: on %s/%s, status %q", m.steps[m.step].ID, m.focusedField(), m.status)
	}
}

// The step list and the header name the first step the same way, and
// step 2's choice does not point at a name that is not on its screen.
func TestStepNamedOneWay(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m, _ := testModel(t, wizard.Answers{}, nil)
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		bar := strings.Split(screen(m), "\n")[1]
		press(t, m, "enter") // Personalize: on Basics
		head := strings.Split(screen(m), "\n")[0]
		for _, name := range []string{"Basics", "Account, region and role"} {
			if strings.Contains(bar+strings.Split(screen(m), "\n")[1], name) && !strings.Contains(head, name) {
				t.Errorf("%dx%d: the step list says %q, the header %q", size[0], size[1], name, head)
			}
		}
		if !strings.Contains(head, "Basics") {
			t.Errorf("%dx%d: the header does not name Basics: %q", size[0], size[1], head)
		}
		press(t, m, "111122223333", "enter", "us-east-1", "enter", "R", "enter", "enter", "enter")
		if s := formText(m); m.focusedField() != wizard.FieldRoleMode || strings.Contains(s, "above") || !strings.Contains(flat(s), "the name given in Basics") {
			t.Errorf("%dx%d: step 2's choice:\n%s", size[0], size[1], s)
		}
	}
}

// A step opened from the review (2) returns to the review from its last
// question, not through the steps after it; its questions are all asked.
func TestStepFromReviewReturnsToReview(t *testing.T) {
	a := completeAnswers()
	a.Setup = "personalize"
	m, _ := testModel(t, a, AnsweredFields(a))
	if !m.onReview() {
		t.Fatal("not on the review")
	}
	press(t, m, "2")
	if id := m.steps[m.step].ID; id != wizard.StepRole {
		t.Fatalf("2 opened %s", id)
	}
	n := len(m.fields())
	for i := 0; i < n-1; i++ {
		press(t, m, "enter")
		if m.onReview() || m.steps[m.step].ID != wizard.StepRole {
			t.Fatalf("left step 2 after %d of its %d questions", i+1, n)
		}
	}
	press(t, m, "enter")
	if !m.onReview() {
		t.Errorf("the last question of step 2 went to %s, not back to the review", m.steps[m.step].ID)
	}
	// b, then esc (back a step): the return is off, the steps follow.
	press(t, m, "b", "esc", "enter")
	if m.onReview() {
		t.Error("after esc, enter still jumped to the review")
	}
}

// A rule that reads as a predicate ("is required …") follows the
// question's title without a colon on the status line: "KCL application
// name is required with KCL consumers", never "…name: is required".
func TestStatusReadsAsASentence(t *testing.T) {
	a := wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Region: "us-east-1", Stream: "orders", KMSKeyARN: keyARN,
		ConsumerKinds: []wizard.ConsumerKind{wizard.ConsumerKCL}}
	m, _ := testModel(t, a, map[string]bool{"setup": true, "account_id": true, "region": true, "stream": true, "kms_key_arn": true})
	m.goToField(wizard.FieldKCLApplication)
	press(t, m, "ctrl+s")
	if !strings.Contains(m.status, "KCL application name is required") || strings.Contains(m.status, ": is ") {
		t.Errorf("status %q", m.status)
	}
}
