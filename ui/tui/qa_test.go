package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

// Tests for what QA found on small screens: notes, help bar, review
// details, labels and highlighting.

// sized makes a model at a terminal size on the first question of a step.
func sized(t *testing.T, a wizard.Answers, step string, w, h int) *Model {
	t.Helper()
	m, _ := testModel(t, a, AnsweredFields(a))
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	if step != "" {
		m.step = wizard.StepIndex(m.steps, step)
		m.field, m.docPinned = 0, false
		m.focus()
	}
	return m
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// formText is the form pane of the screen: left of the rule when the
// preview sits beside it.
func formText(m *Model) string {
	lines := strings.Split(screen(m), "\n")
	for i, l := range lines {
		if left, _, ok := strings.Cut(l, "│"); ok && m.sideBySide() {
			lines[i] = left
		}
	}
	return strings.Join(lines, "\n")
}

// At every supported size each note of the step can be read: on the
// screen, or on a page ctrl+o shows; no line is cut mid-word.
func TestEveryNoteReachable(t *testing.T) {
	a := completeAnswers()
	a.RoleAccess = "managed"
	a.Workflows = []wizard.Workflow{"import", "metrics"}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		for _, step := range []string{wizard.StepRole, wizard.StepKMS, wizard.StepS3} {
			m := sized(t, a, step, size[0], size[1])
			seen := flat(formText(m))
			for range 10 {
				press(t, m, "ctrl+o")
				if m.formPage == 0 {
					break
				}
				seen += " " + flat(formText(m))
			}
			for _, n := range wizard.Notes(m.a, step) {
				if !strings.Contains(seen, flat(n)) {
					t.Errorf("%dx%d %s: note never shown whole: %q\nlast screen:\n%s", size[0], size[1], step, n, screen(m))
				}
			}
			if s := m.steps[m.step]; !strings.Contains(seen, flat(s.Why)) || !strings.Contains(strings.ReplaceAll(seen, " ", ""), s.Source) {
				t.Errorf("%dx%d %s: the step's explanation or its link is never shown", size[0], size[1], step)
			}
		}
	}
}

// The notes that stop something working come first.
func TestBlockingNoteFirst(t *testing.T) {
	m := sized(t, completeAnswers(), wizard.StepS3, 80, 24)
	s := screen(m)
	if i := strings.Index(s, "! "); i < 0 || !strings.HasPrefix(s[i:], "! Buckets that allow only VPC access") {
		t.Errorf("the VPC note is not the first:\n%s", s)
	}
}

// The help bar shows the keys that work, shortened before any is dropped.
func TestHelpBar(t *testing.T) {
	kinesis := wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Region: "us-east-1", Stream: "orders", KMSKeyARN: keyARN,
		Policies: []wizard.KinesisPolicy{"producer", "consumer", "admin"}}
	tests := []struct {
		name    string
		a       wizard.Answers
		step    string
		keys    []string
		w, h    int
		want    []string
		notWant []string
	}{
		{"s3 at 80x24", completeAnswers(), wizard.StepS3, nil, 80, 24, []string{"esc step", "^y copy", "^s save", "^n/^p doc", "pgup/dn scroll", "^c quit"}, nil},
		{"kinesis policies at 100x30", kinesis, wizard.StepPolicies, nil, 100, 30, []string{"^n/^p doc", "^s save", "esc step", "^c quit"}, nil},
		{"next steps tab", completeAnswers(), "", []string{"shift+tab"}, 120, 40, []string{"s save", "q finish"}, []string{"c copy", "y copy"}},
		{"review document at 80x24", completeAnswers(), "", nil, 80, 24, []string{"c copy", "d details", "↑↓ scroll"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sized(t, tt.a, tt.step, tt.w, tt.h)
			press(t, m, tt.keys...)
			lines := strings.Split(screen(m), "\n")
			if len(lines) != tt.h {
				t.Fatalf("%d lines, want %d", len(lines), tt.h)
			}
			bar := strings.Join(lines[len(lines)-2:], " ")
			for _, w := range tt.want {
				if !strings.Contains(bar, w) {
					t.Errorf("help bar lacks %q:\n%s", w, bar)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(bar, w) {
					t.Errorf("help bar shows %q, which does nothing here:\n%s", w, bar)
				}
			}
			for _, l := range lines {
				if n := len([]rune(l)); n > tt.w {
					t.Errorf("line wider than %d: %q", tt.w, l)
				}
			}
		})
	}
}

// At 80x24 d shows a document's details (reasons, findings); the scroll
// starts at the top on the first open and stays inside after a resize.
func TestReviewDetailsAndScroll(t *testing.T) {
	a := completeAnswers()
	m, _ := testModel(t, a, map[string]bool{"setup": true, "account_id": true, "region": true, "role_name": true})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.goToField(wizard.FieldWorkflows)
	press(t, m, "pgdown", "enter")
	// The output step: output bucket, three prefixes, batch output key.
	press(t, m, "enter", "enter", "enter", "enter", "enter")
	if !m.onReview() {
		t.Fatalf("not on the review:\n%s", screen(m))
	}
	if m.scroll != 0 || !strings.Contains(screen(m), "lines 1–") {
		t.Errorf("first open scrolled to %d:\n%s", m.scroll, screen(m))
	}
	press(t, m, "d")
	d := m.previewDoc()
	s := flat(screen(m))
	if !strings.Contains(s, d.Policy.Statement[0].Sid) || !strings.Contains(s, flat(d.Policy.Statement[0].Reason)[:40]) {
		t.Errorf("d does not show the first statement's reason:\n%s", screen(m))
	}
	for range 200 {
		press(t, m, "down")
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if lines := m.reviewLines(); m.scroll > max(len(lines)-(m.bodyHeight()-2), 0) {
		t.Errorf("scroll %d past the end of %d lines after a resize", m.scroll, len(lines))
	}
	press(t, m, "tab")
	if m.scroll != 0 {
		t.Errorf("a new tab opened at line %d", m.scroll+1)
	}
}

// Texts QA found misleading.
func TestMessages(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R"}, map[string]bool{"setup": true, "account_id": true, "region": true, "role_name": true})
	m.goToField(wizard.FieldBucket)
	press(t, m, "enter")
	if s := flat(screen(m)); !strings.Contains(s, "✗ S3 bucket name is required") {
		t.Errorf("the rule has no subject:\n%s", screen(m))
	}
	m, _ = testModel(t, wizard.Answers{}, nil)
	press(t, m, "enter", "111122223333", "enter", "us-east-1", "enter", "arn:aws:iam::111122223333:role/R", "enter")
	// A role ARN typed as the name is read as that existing role.
	if m.a.RoleARN != "arn:aws:iam::111122223333:role/R" || m.a.RoleName != "" || m.a.Normalized().RoleMode != wizard.RoleExisting ||
		!strings.Contains(m.status, "existing role") || strings.Contains(m.status, "--") {
		t.Errorf("a role ARN as the name: %+v %q\n%s", m.a, m.status, screen(m))
	}
	if m.steps[m.step].ID != wizard.StepUser {
		t.Errorf("the role ARN did not move on to the next step: %s", m.steps[m.step].ID)
	}
	m, _ = testModel(t, wizard.Answers{}, nil)
	m.resume = &ResumeOffer{Answers: wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Stream: "orders"}}
	if first := strings.Split(screen(m), "\n")[0]; !strings.Contains(first, "Kinesis") {
		t.Errorf("resuming Kinesis, the title says %q", first)
	}
}

// Closed questions show a short label and the answer, never a cut title.
func TestShortLabels(t *testing.T) {
	a := completeAnswers()
	a.CloudWatch = true
	m := sized(t, a, wizard.StepUser, 100, 30)
	press(t, m, "enter", "enter") // past both questions: back on them unfocused
	m.step = wizard.StepIndex(m.steps, wizard.StepUser)
	m.field = 0
	s := screen(m)
	if !strings.Contains(s, "CloudWatchFullAccessV2: yes") {
		t.Errorf("the CloudWatch answer is hidden:\n%s", s)
	}
}

// What the preview marks and shows follows the focused question.
func TestHighlightFollowsQuestion(t *testing.T) {
	kinesis := wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Region: "us-east-1", Stream: "orders", KMSKeyARN: keyARN,
		Policies: []wizard.KinesisPolicy{"producer", "consumer", "admin"}}
	m := sized(t, kinesis, wizard.StepBasics, 120, 40)
	d := m.previewDoc()
	_, marked := m.previewLines(m.previewWidth())
	data, spans := d.Policy.JSONLines()
	_ = data
	for i, st := range d.Policy.Statement {
		for _, r := range st.Resource {
			if strings.Contains(r, ":111122223333:") && !marked[spans[i].First] {
				t.Errorf("%s names the account in %s but is not marked", st.Sid, r)
			}
		}
	}
	m = sized(t, kinesis, wizard.StepPolicies, 120, 40)
	for _, want := range []string{wizard.DocKinesisProducer, wizard.DocKinesisConsumer, wizard.DocKinesisAdmin} {
		if got := m.previewDoc().ID; got != want {
			t.Errorf("cursor on option %d shows %s, want %s", m.cursor[wizard.FieldPolicies], got, want)
		}
		press(t, m, "down")
	}
	m, _ = testModel(t, wizard.Answers{}, nil)
	press(t, m, "kinesis")
	if m.a.Normalized().Setup != wizard.SetupPersonalize {
		t.Errorf("typing letters switched the setup to %s", m.a.Normalized().Setup)
	}
}
