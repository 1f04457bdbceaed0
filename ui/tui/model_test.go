package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// The whole Personalize flow from an empty start, through every step, to
// the review and a save whose files equal generate's.
func TestFlowPersonalize(t *testing.T) {
	m, _, disk := testModelDisk(t, wizard.Answers{}, nil)
	steps := []struct {
		step string
		keys []string
	}{
		{wizard.StepStart, []string{"enter"}},
		{wizard.StepBasics, []string{"111122223333", "enter", "us-east-1", "enter", "PersonalizeRole", "enter"}},
		{wizard.StepUser, []string{"enter", "y", "enter"}},                                // custom user policy, CloudWatch yes
		{wizard.StepRole, []string{"enter", "/service-role/", "enter", "enter", "enter"}}, // create the role, custom role policy, this region
		{wizard.StepKMS, []string{keyARN, "enter", "down", "space", "enter"}},             // dataset group and bucket
		{wizard.StepS3, []string{"my-data", "enter", "down", "space", "enter"}},           // import and batch
		// Ticking batch added the Output step: its questions are optional.
		{wizard.StepOutput, []string{"enter", "enter", "enter"}}, // output bucket, batch prefix, batch output key
	}
	for _, s := range steps {
		if got := m.steps[m.step].ID; got != s.step {
			t.Fatalf("on step %q, want %q; screen:\n%s", got, s.step, screen(m))
		}
		press(t, m, s.keys...)
	}
	if !m.onReview() {
		t.Fatalf("not on the review after the last step: %s\n%s", m.steps[m.step].ID, screen(m))
	}
	want := wizard.Answers{Setup: "personalize", AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole",
		RolePath: "/service-role/", CloudWatch: true, KMSKeyARN: keyARN, KeyUse: []wizard.KeyUse{"dataset-group", "bucket"},
		Bucket: "my-data", Workflows: []wizard.Workflow{"import", "batch"}}
	if g, w := string(wizard.MarshalAnswers(m.a.Normalized())), string(wizard.MarshalAnswers(want.Normalized())); g != w {
		t.Errorf("answers:\n%s\nwant\n%s", g, w)
	}
	press(t, m, "s")
	assertSavedLikeGenerate(t, disk, m.out, want)
	b, _ := wizard.Build(want)
	files, _ := apply.Render(b, apply.JSON)
	if !strings.Contains(m.status, fmt.Sprintf("saved %d files", len(files))) {
		t.Errorf("status after save: %q", m.status)
	}
}

func TestFlowKinesis(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{}, nil)
	press(t, m, "down", "enter", "111122223333", "enter", "us-west-2", "enter", "orders", "enter")
	press(t, m, strings.Replace(keyARN, "us-east-1", "us-west-2", 1), "enter")
	// Producers, consumers, administrators; then the policies, how the
	// producers write and how the consumers read.
	press(t, m, "arn:aws:iam::111122223333:role/Writer", "enter", "enter", "enter", "enter", "enter", "enter")
	if !m.onReview() {
		t.Fatalf("not on the review: %s\n%s", m.steps[m.step].ID, screen(m))
	}
	ids := strings.Join(m.bundle().IDs(), " ")
	if ids != "kinesis-producer-policy kinesis-consumer-policy kinesis-admin-policy kinesis-key-policy" {
		t.Errorf("documents %s", ids)
	}
}

func TestValidationKeepsUserAndShowsRule(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{Setup: "personalize"}, map[string]bool{wizard.FieldSetup: true})
	press(t, m, "12345", "enter")
	if f := m.focusedField(); f != wizard.FieldAccountID {
		t.Fatalf("left the invalid field for %s", f)
	}
	s := screen(m)
	if !strings.Contains(s, "an AWS account ID is exactly 12 digits") {
		t.Errorf("rule not shown:\n%s", s)
	}
	press(t, m, "6789012", "enter")
	if f := m.focusedField(); f != wizard.FieldRegion {
		t.Errorf("valid account did not advance: on %s, status %q", f, m.status)
	}
	press(t, m, "N. Virginia", "enter")
	if !strings.Contains(screen(m), "not an AWS Region code") {
		t.Errorf("region rule not shown:\n%s", screen(m))
	}
}

// shift+tab and esc always go back, even from an invalid field.
func TestBackNavigation(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{}, nil)
	press(t, m, "enter", "999", "enter") // invalid account, error shown
	press(t, m, "shift+tab")
	if id := m.steps[m.step].ID; id != wizard.StepStart {
		t.Fatalf("shift+tab from an invalid first field: on %s", id)
	}
	press(t, m, "enter", "backspace", "backspace", "backspace", "111122223333", "enter", "us-east-1", "enter")
	press(t, m, "shift+tab")
	if f := m.focusedField(); f != wizard.FieldRegion {
		t.Errorf("shift+tab: on %s, want region", f)
	}
	press(t, m, "enter", "R", "enter", "enter", "enter") // user step done: now on the role step
	if id := m.steps[m.step].ID; id != wizard.StepRole {
		t.Fatalf("on %s, want role", id)
	}
	press(t, m, "not a path", "esc")
	if id := m.steps[m.step].ID; id != wizard.StepUser || m.field != 0 {
		t.Errorf("esc from an invalid role path: on %s field %d, want the user step's first field", id, m.field)
	}
	press(t, m, "esc", "esc", "esc")
	if m.step != 0 || !strings.Contains(m.status, "first step") {
		t.Errorf("esc on the first step: step %d, status %q", m.step, m.status)
	}
}

func TestPrefillSkipsAnsweredScreens(t *testing.T) {
	a := wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data"}
	preset := map[string]bool{"account_id": true, "region": true, "role_name": true, "bucket": true}
	m, _ := testModel(t, a, preset)
	if id := m.steps[m.step].ID; id != wizard.StepUser {
		t.Errorf("opened on %s, want user (setup and basics answered)", id)
	}
	preset["setup"] = true
	m, _ = testModel(t, a, preset)
	if id := m.steps[m.step].ID; id != wizard.StepUser {
		t.Errorf("opened on %s, want user", id)
	}
	// An answers file answers everything: straight to the review.
	m, _ = testModel(t, a, AnsweredFields(a.Normalized()))
	if !m.onReview() {
		t.Errorf("a complete answers file opened on %s, want the review", m.steps[m.step].ID)
	}
	// A bad preset answer is asked again.
	bad := a
	bad.Region = "us-gov-west-1"
	m, _ = testModel(t, bad, AnsweredFields(bad))
	if f := m.focusedField(); m.steps[m.step].ID != wizard.StepBasics {
		t.Errorf("bad preset region: opened on %s/%s", m.steps[m.step].ID, f)
	}
}

func completeAnswers() wizard.Answers {
	return wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data", KMSKeyARN: keyARN,
		Workflows: wizard.AllWorkflows, KeyUse: wizard.AllKeyUses}
}

func TestDocumentKeysAndHighlight(t *testing.T) {
	a := completeAnswers()
	a.Bucket = ""
	m, _ := testModel(t, a, map[string]bool{"setup": true, "account_id": true, "region": true, "role_name": true})
	press(t, m, "enter", "enter", "enter") // the user step's two questions, create the role
	if f := m.focusedField(); f != wizard.FieldRolePath {
		t.Fatalf("on %s", f)
	}
	// The role's path shapes the user policy's PassRole: the preview
	// follows the question there.
	if d := m.previewDoc(); d.ID != wizard.DocUserPolicy {
		t.Fatalf("role path previews %s, want the user policy", d.ID)
	}
	press(t, m, "ctrl+n")
	first := m.previewDoc().ID
	press(t, m, "ctrl+n")
	if m.previewDoc().ID == first {
		t.Errorf("ctrl+n did not change the document")
	}
	press(t, m, "ctrl+p")
	if m.previewDoc().ID != first {
		t.Errorf("ctrl+p did not go back")
	}
	// The any-region question marks the trust policy's statement.
	press(t, m, "enter", "enter")
	if f := m.focusedField(); f != wizard.FieldAnyRegion {
		t.Fatalf("on %s", f)
	}
	m.docPinned = false
	m.focus()
	lines, marked := m.previewLines(m.previewWidth())
	n := 0
	for i, mk := range marked {
		if mk {
			n++
			if !strings.HasPrefix(ansi.Strip(lines[i]), "▌") {
				t.Errorf("marked line without the gutter bar: %q", ansi.Strip(lines[i]))
			}
		}
	}
	if m.previewDoc().ID != wizard.DocRoleTrustPolicy || n == 0 {
		t.Errorf("any_region: doc %s, %d marked lines", m.previewDoc().ID, n)
	}
}

func TestTooSmallAndResize(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{}, nil)
	m.Update(tea.WindowSizeMsg{Width: 79, Height: 24})
	if s := screen(m); !strings.Contains(s, "too small") || !strings.Contains(s, "79×24") {
		t.Errorf("79×24:\n%s", s)
	}
	press(t, m, "enter") // ignored while too small
	if m.step != 0 {
		t.Errorf("keys work while too small")
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {99, 30}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(screen(m), "\n")
		if len(lines) != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, l)
			}
		}
	}
}

// What the preview shows for valid answers is what generate writes, tab by
// tab, for every setup shape.
func TestPreviewEqualsGenerate(t *testing.T) {
	managed := completeAnswers()
	managed.RoleAccess, managed.UserAccess, managed.KMSKeyARN, managed.KeyUse = "managed", "managed", "", nil
	kinesis := wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Region: "us-east-1", Stream: "orders", KMSKeyARN: keyARN,
		Consumers: []string{"arn:aws:iam::111122223333:role/Reader"}, Policies: []wizard.KinesisPolicy{"consumer", "admin"}}
	existing := completeAnswers()
	existing.RoleName, existing.RoleARN = "", "arn:aws:iam::111122223333:role/service-role/R"
	for _, a := range []wizard.Answers{completeAnswers(), managed, kinesis, existing} {
		b, err := wizard.Build(a)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := testModel(t, a, AnsweredFields(a))
		if !m.onReview() {
			t.Fatalf("%s: not on the review", a.Setup)
		}
		if len(m.previewDocs()) != len(b.Docs) {
			t.Fatalf("review has %d tabs, generate writes %d documents", len(m.previewDocs()), len(b.Docs))
		}
		for i, d := range b.Docs {
			m.doc = i
			if got := m.previewDoc(); got.ID != d.ID || !bytes.Equal(got.Policy.JSON(), d.Policy.JSON()) {
				t.Errorf("tab %d: %s differs from generate's %s", i, got.ID, d.ID)
			}
		}
	}
}

func TestQuitAndResume(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{}, nil)
	press(t, m, "enter", "111122223333", "enter", "eu-west-1", "enter")
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	r := m.Result()
	if cmd == nil || !r.Aborted {
		t.Fatal("ctrl+c did not quit")
	}
	if r.Answers.Region != "eu-west-1" {
		t.Fatalf("answers at the quit: %+v", r.Answers)
	}
	o, _, _ := testOptions(wizard.Answers{}, nil)
	o.Resume = &ResumeOffer{Answers: r.Answers, When: time.Date(2026, 11, 29, 7, 0, 0, 0, time.UTC)}
	m = New(o)
	if s := screen(m); !strings.Contains(s, "Resume where you stopped?") || !strings.Contains(s, "Region: eu-west-1") {
		t.Errorf("no resume offer:\n%s", s)
	}
	press(t, m, "y")
	if m.a.AccountID != "111122223333" || m.focusedField() != wizard.FieldRoleName {
		t.Errorf("resumed to %s with %+v", m.focusedField(), m.a)
	}
}
