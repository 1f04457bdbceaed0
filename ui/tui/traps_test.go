package tui

import (
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

// The traps a first-time user fell into: each drives Update as a user
// would.

// A hidden question's answer never blocks: clearing the key hides "What
// does the key encrypt?", and its stale answer must not stop the review or
// a save with an error about a question the user cannot reach.
func TestHiddenQuestionNeverBlocks(t *testing.T) {
	a := completeAnswers()
	a.KMSKeyARN, a.KeyUse = "", nil
	m, _, disk := testModelDisk(t, a, AnsweredFields(a))
	m.step, m.field = wizard.StepIndex(m.steps, wizard.StepKMS), 0
	m.focus()
	press(t, m, keyARN, "enter", "down", "space") // tick the bucket too
	if got := m.a.Value(wizard.FieldKeyUse); got != "dataset-group,bucket" {
		t.Fatalf("key use %q", got)
	}
	press(t, m, "shift+tab")
	for range len(keyARN) {
		press(t, m, "backspace")
	}
	if m.a.KMSKeyARN != "" {
		t.Fatalf("key not cleared: %q", m.a.KMSKeyARN)
	}
	if err := m.a.Validate(); err != nil {
		t.Fatalf("a hidden question's answer blocks: %v", err)
	}
	press(t, m, "enter", "enter", "enter")                   // KMS (no key), S3 bucket, workflows
	press(t, m, "enter", "enter", "enter", "enter", "enter") // the optional output questions
	if !m.onReview() {
		t.Fatalf("not on the review; status %q\n%s", m.status, screen(m))
	}
	press(t, m, "s")
	if len(disk.files) == 0 {
		t.Fatalf("nothing saved: %q", m.status)
	}
	// Typing the key again brings the answer back with the question.
	press(t, m, "esc", "esc", "esc", keyARN) // review → Output → S3 → KMS
	if got := m.a.Value(wizard.FieldKeyUse); got != "dataset-group,bucket" {
		t.Errorf("key use not restored with its question: %q", got)
	}
}

// Every error the user sees names a question they can reach, whatever the
// answers were at start.
func TestErrorsNameReachableQuestions(t *testing.T) {
	a := completeAnswers()
	a.KMSKeyARN = ""
	a.KeyUse = []wizard.KeyUse{"bucket"}
	m, _ := testModel(t, a, AnsweredFields(a))
	if err := m.a.Validate(); err != nil {
		var errs wizard.Errors
		if e, ok := err.(wizard.Errors); ok {
			errs = e
		}
		for _, fe := range errs {
			if !reachable(m, fe.Field) {
				t.Errorf("error about a question the steps do not ask: %v", fe)
			}
		}
	}
}

func reachable(m *Model, field string) bool {
	for _, s := range m.steps {
		for _, f := range s.Fields {
			if f == field {
				return true
			}
		}
	}
	return false
}

// The notes pager (ctrl+o) closes on any key, and that key does nothing
// else: not untick a workflow, not go back, not submit, not type.
func TestPagerSwallowsClosingKey(t *testing.T) {
	a := completeAnswers()
	a.RoleAccess = "managed"
	a.Workflows = []wizard.Workflow{"import", "metrics"}
	for _, k := range []string{"space", "esc", "enter", "x", "tab"} {
		m := sized(t, a, wizard.StepS3, 80, 24)
		press(t, m, "enter") // the workflows question
		screen(m)
		if !m.formOverflow {
			t.Fatalf("the S3 step fits at 80x24: no pager to test")
		}
		before := wizard.MarshalAnswers(m.a)
		step, field := m.step, m.field
		press(t, m, "ctrl+o")
		if m.formPage == 0 {
			t.Fatalf("ctrl+o did not open the pager")
		}
		// Its help bar says so, and lists no key of the form.
		lines := strings.Split(strings.TrimRight(screen(m), "\n"), "\n")
		if bar := lines[len(lines)-1]; !strings.Contains(bar, "any other key close") || strings.Contains(bar, "enter next") {
			t.Errorf("the pager's help bar: %q", bar)
		}
		press(t, m, k)
		if m.formPage != 0 {
			t.Errorf("%s did not close the pager", k)
		}
		if string(wizard.MarshalAnswers(m.a)) != string(before) || m.step != step || m.field != field {
			t.Errorf("%s closed the pager and also acted on the form: step %d field %d\n%s", k, m.step, m.field, wizard.MarshalAnswers(m.a))
		}
	}
	// ctrl+c still quits from the pager.
	m := sized(t, a, wizard.StepS3, 80, 24)
	screen(m)
	press(t, m, "ctrl+o")
	m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if !m.aborted {
		t.Error("ctrl+c in the pager did not quit")
	}
}

// Quitting at the resume offer neither resumes nor replaces the kept
// answers; a signal ends the session like ctrl+c with its own exit code.
func TestQuitAtResumeOffer(t *testing.T) {
	kept := completeAnswers()
	o, _, _ := testOptions(wizard.Answers{}, nil)
	o.Resume = &ResumeOffer{Answers: kept}
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	r := m.Result()
	if !r.Aborted || !r.ResumePending || r.ExitCode != 130 {
		t.Errorf("ctrl+c at the offer: %+v", r)
	}
	m = New(o)
	press(t, m, "n")
	m.Update(Interrupted{Code: 143})
	if r := m.Result(); !r.Aborted || r.ResumePending || r.ExitCode != 143 {
		t.Errorf("SIGTERM after n: %+v", r)
	}
}

// Starting with flags still offers the kept session; resuming keeps what
// the flags answered and brings back the rest.
func TestResumeUnderFlags(t *testing.T) {
	kept := completeAnswers()
	kept.Bucket = "kept-bucket"
	o, _, _ := testOptions(wizard.Answers{RoleARN: "arn:aws:iam::111122223333:role/service-role/Existing"}, map[string]bool{wizard.FieldRoleARN: true})
	o.Resume = &ResumeOffer{Answers: kept}
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(t, m, "y")
	if m.a.RoleARN != "arn:aws:iam::111122223333:role/service-role/Existing" || m.a.Bucket != "kept-bucket" || m.a.AccountID != "111122223333" {
		t.Errorf("resumed answers: %+v", m.a)
	}
	if m.a.RoleName != "" {
		t.Errorf("the role name, which the role ARN replaces, was kept: %q", m.a.RoleName)
	}
	if !m.onReview() {
		t.Errorf("not on the review: %s %s", m.steps[m.step].ID, m.status)
	}
}

// q on the review never drops unsaved work: it offers to save, shows the
// folder and the files, lets the user change the folder, and saves there.
func TestFinishOffersToSave(t *testing.T) {
	a := completeAnswers()
	m, _, disk := testModelDisk(t, a, AnsweredFields(a))
	if !m.onReview() {
		t.Fatalf("not on the review")
	}
	press(t, m, "q")
	if m.finished || !m.finishing {
		t.Fatalf("q with nothing saved finished at once")
	}
	s := screen(m)
	for _, want := range []string{"Save before finishing?", "/out", "user-policy.json", "answers.yaml", "NEXT-STEPS.md", "n finish without saving"} {
		if !strings.Contains(s, want) {
			t.Errorf("the finish screen lacks %q:\n%s", want, s)
		}
	}
	press(t, m, "o")
	for range len("/out") {
		press(t, m, "backspace")
	}
	press(t, m, "/elsewhere", "enter")
	if m.out != "/elsewhere" || !strings.Contains(screen(m), "/elsewhere") {
		t.Fatalf("folder %q\n%s", m.out, screen(m))
	}
	press(t, m, "y")
	if !m.finished {
		t.Errorf("y did not finish after saving: %q", m.status)
	}
	if _, ok := disk.files["/elsewhere/user-policy.json"]; !ok {
		t.Errorf("not saved into the new folder: %v", len(disk.files))
	}
	if r := m.Result(); r.Out != "/elsewhere" || len(r.Saved) == 0 {
		t.Errorf("result %+v", r)
	}

	// Saved and unchanged: q finishes at once. Changed since: it asks.
	m, _, _ = testModelDisk(t, a, AnsweredFields(a))
	press(t, m, "s", "q")
	if !m.finished {
		t.Errorf("q after a save asked again")
	}
	m, _, disk = testModelDisk(t, a, AnsweredFields(a))
	press(t, m, "s", "f", "q")
	if m.finished || !m.finishing {
		t.Errorf("q after changing the format did not ask")
	}
	press(t, m, "esc")
	if m.finishing || !m.onReview() {
		t.Errorf("esc did not return to the review")
	}
	press(t, m, "q", "n")
	if !m.finished {
		t.Errorf("n did not finish")
	}
}

// Step 2 offers an existing role: its ARN replaces the name and path, the
// texts stop speaking of a role you create, and going back to creating one
// brings its name back.
func TestExistingRoleInsideTheWizard(t *testing.T) {
	a := completeAnswers()
	a.RoleName = "NewRole"
	m, _ := testModel(t, a, AnsweredFields(a))
	m.goToField(wizard.FieldRoleMode)
	press(t, m, "down")
	if m.a.RoleMode != wizard.RoleExisting || m.a.RoleName != "" {
		t.Fatalf("after choosing an existing role: %+v", m.a)
	}
	press(t, m, "enter")
	if f := m.focusedField(); f != wizard.FieldRoleARN {
		t.Fatalf("on %s, want the role ARN", f)
	}
	press(t, m, "arn:aws:iam::111122223333:role/service-role/Existing", "enter")
	s := flat(screen(m))
	if strings.Contains(s, "role you create") || !strings.Contains(s, "existing service role") {
		t.Errorf("the role step still speaks of creating the role:\n%s", screen(m))
	}
	if d := m.bundle().Doc(wizard.DocUserPolicy); d == nil || !strings.Contains(string(d.Policy.JSON()), "role/service-role/Existing") {
		t.Errorf("the user policy does not name the existing role")
	}
	press(t, m, "shift+tab", "shift+tab", "up")
	if m.a.RoleMode != wizard.RoleCreate || m.a.RoleName != "NewRole" || m.a.RoleARN != "" {
		t.Errorf("back to creating the role: %+v", m.a)
	}
	if err := m.a.Validate(); err != nil {
		t.Errorf("after switching back: %v", err)
	}
}

// Wizard messages name questions, never command-line flags.
func TestMessagesNameQuestionsNotFlags(t *testing.T) {
	a := completeAnswers()
	a.RoleName, a.RoleARN = "", "arn:aws:iam::444455556666:role/R"
	m, _ := testModel(t, a, AnsweredFields(a))
	m.goToField(wizard.FieldRoleARN)
	press(t, m, "enter")
	s := flat(formText(m))
	if !strings.Contains(s, `but "AWS account ID" is 111122223333`) || strings.Contains(s, "--account-id") {
		t.Errorf("the rule names a flag:\n%s", screen(m))
	}
}

// ? lists every key the keymaps hold, any key closes the list without
// acting, and the review jumps to any step.
func TestKeysOverlayAndJump(t *testing.T) {
	a := completeAnswers()
	m, _ := testModel(t, a, AnsweredFields(a))
	press(t, m, "?")
	s := screen(m)
	for _, km := range []interface{ FullHelp() [][]key.Binding }{m.formKeys(), m.reviewKeys()} {
		for _, row := range km.FullHelp() {
			for _, b := range row {
				if h := b.Help(); h.Key != "" && !strings.Contains(s, h.Key) {
					t.Errorf("the key list lacks %q (%s):\n%s", h.Key, h.Desc, s)
				}
			}
		}
	}
	for _, want := range []string{"ctrl+s", "ctrl+y", "ctrl+o", "shift+tab", "go to step", "change the output folder"} {
		if !strings.Contains(s, want) {
			t.Errorf("the key list lacks %q", want)
		}
	}
	press(t, m, "q")
	if m.overlay || m.finishing || m.finished {
		t.Fatalf("the key that closed the list also acted")
	}
	press(t, m, "2")
	if id := m.steps[m.step].ID; id != wizard.StepRole {
		t.Errorf("2 on the review went to %s", id)
	}
	m.goToStep(len(m.steps) - 2) // the last step: enter through its questions
	for range len(m.fields()) {
		press(t, m, "enter")
	}
	if !m.onReview() {
		t.Fatalf("not back on the review")
	}
	press(t, m, "b")
	if id := m.steps[m.step].ID; id != wizard.StepBasics {
		t.Errorf("b on the review went to %s", id)
	}
	// On a text question ? is typed; f1 opens the list.
	press(t, m, "?")
	if m.overlay {
		t.Errorf("? on a text question opened the list instead of typing")
	}
}

// Bad values from flags or an answers file are shown at start, on their
// question, naming the value.
func TestPresetErrorsShownAtStart(t *testing.T) {
	a := completeAnswers()
	a.Workflows = []wizard.Workflow{"import", "bogus"}
	m, _ := testModel(t, a, AnsweredFields(a))
	if f := m.focusedField(); f != wizard.FieldWorkflows {
		t.Fatalf("opened on %s", f)
	}
	s := flat(screen(m))
	if !strings.Contains(s, `"bogus"`) || !strings.Contains(s, "✗") {
		t.Errorf("the bad workflow is not shown:\n%s", screen(m))
	}
}

// AWS page links are never cut with "…": whole over lines, each an OSC 8
// hyperlink to the whole URL.
func TestLinksWholeAndHyperlinked(t *testing.T) {
	a := completeAnswers()
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		m := sized(t, a, wizard.StepS3, size[0], size[1])
		src := m.steps[m.step].Source
		raw, text := m.render(), formText(m)
		for range 6 { // where the step does not fit, ctrl+o pages through it
			if strings.Contains(raw, "\x1b]8;;"+src) {
				break
			}
			press(t, m, "ctrl+o")
			raw, text = m.render(), formText(m)
		}
		if !strings.Contains(strings.ReplaceAll(flat(text), " ", ""), src) {
			t.Errorf("%dx%d: the link is not shown whole:\n%s", size[0], size[1], screen(m))
		}
		if !strings.Contains(raw, "\x1b]8;;"+src) {
			t.Errorf("%dx%d: no OSC 8 hyperlink to %s", size[0], size[1], src)
		}
		for _, l := range strings.Split(screen(m), "\n") {
			if strings.Contains(l, "https://") && strings.Contains(l, "…") {
				t.Errorf("%dx%d: a cut link: %q", size[0], size[1], l)
			}
		}
	}
	m, _ := testModel(t, a, AnsweredFields(a))
	press(t, m, "d")
	if d := m.previewDoc(); !strings.Contains(strings.ReplaceAll(flat(screen(m)), " ", ""), d.Source) {
		t.Errorf("the details do not show the document's source whole:\n%s", screen(m))
	}
}

// Small texts: the preview keeps the role's name while its path is being
// fixed, and the copy refusal names the document's own placeholder.
func TestSmallTexts(t *testing.T) {
	a := completeAnswers()
	a.RoleName, a.RolePath = "PersonalizeRole", "/bad path/"
	m, _ := testModel(t, a, AnsweredFields(a))
	m.goToField(wizard.FieldRolePath)
	if d := m.previewDoc(); !strings.Contains(string(d.Policy.JSON()), "PersonalizeRole") {
		t.Errorf("the preview dropped the role name while the path is invalid:\n%s", d.Policy.JSON())
	}
	b := completeAnswers()
	b.RoleName = ""
	m, _ = testModel(t, b, AnsweredFields(b))
	m.goToField(wizard.FieldRoleName)
	press(t, m, "ctrl+y")
	if d := m.previewDoc(); d.ID != wizard.DocUserPolicy || !strings.Contains(m.status, "such as <role-name>") {
		t.Errorf("the copy refusal of %s: %q", d.ID, m.status)
	}
}

// A bad answer's rule shows once, under its question, at every size.
func TestRuleShownOnce(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		m, _ := testModel(t, wizard.Answers{}, nil)
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		press(t, m, "enter", "1234", "enter")
		if n := strings.Count(screen(m), "exactly 12 digits"); n != 1 {
			t.Errorf("%dx%d: the rule shows %d times:\n%s", size[0], size[1], n, screen(m))
		}
	}
}

// Saving the same format again into its folder asks only about the files
// it replaces: its own files, which the folder's manifest lists, are not
// another format's (they were, and s then saved a second set into json/).
func TestSameFormatAgainIsNoMix(t *testing.T) {
	a := completeAnswers()
	m, _, disk := testModelDisk(t, a, AnsweredFields(a))
	press(t, m, "s")
	press(t, m, "s")
	if m.confirm == nil || len(m.confirm.existing) == 0 {
		t.Fatalf("no replace question: %q", m.status)
	}
	if len(m.confirm.others) > 0 {
		t.Errorf("its own files taken for another format's: %v\n%s", m.confirm.others, screen(m))
	}
	press(t, m, "y")
	for p := range disk.files {
		if strings.HasPrefix(p, "/out/json/") {
			t.Errorf("saved a second set: %s", p)
		}
	}
}

// Saving a second format into a folder that holds another's files never
// leaves a mix silently: it lists them and offers a folder per format; the
// replace question lists every file it would replace.
func TestSecondFormatNoMix(t *testing.T) {
	a := completeAnswers()
	m, _, disk := testModelDisk(t, a, AnsweredFields(a))
	press(t, m, "s")           // json into /out
	press(t, m, "f", "f", "s") // terraform into /out: json files are there
	if m.confirm == nil || len(m.confirm.others) == 0 {
		t.Fatalf("no question before mixing formats: %q", m.status)
	}
	s := screen(m)
	for _, want := range []string{"role-policy.json", "s saves into /out/terraform"} {
		if !strings.Contains(s, want) {
			t.Errorf("the question lacks %q:\n%s", want, s)
		}
	}
	press(t, m, "s")
	if _, ok := disk.files["/out/terraform/main.tf"]; !ok || m.out != "/out/terraform" {
		t.Errorf("not saved into the format's folder: out %q, status %q", m.out, m.status)
	}
	// Saving json again into /out: every replaced file is listed.
	m.out = "/out"
	press(t, m, "f", "f", "s")
	if m.confirm == nil || len(m.confirm.existing) == 0 {
		t.Fatalf("no replace question")
	}
	s = screen(m)
	for _, f := range m.confirm.existing {
		if !strings.Contains(s, f) {
			t.Errorf("the replace question does not list %s:\n%s", f, s)
		}
	}
}

// Examples in hints use the user's own partition, region and account.
func TestExamplesInUsersTerms(t *testing.T) {
	a := completeAnswers()
	a.AccountID, a.Region, a.KMSKeyARN, a.KeyUse = "444455556666", "cn-north-1", "", nil
	m, _ := testModel(t, a, AnsweredFields(a))
	m.goToField(wizard.FieldKMSKeyARN)
	if p := m.input(wizard.FieldKMSKeyARN).Placeholder; !strings.HasPrefix(p, "e.g. arn:aws-cn:kms:cn-north-1:444455556666:key/") {
		t.Errorf("the key example is not in the user's terms: %q", p)
	}
	if s := flat(formText(m)); !strings.Contains(s, "e.g. arn:aws-cn:kms:cn-north-1:") {
		t.Errorf("the example is not on screen:\n%s", screen(m))
	}
}

// The key list comes from the keymaps and drops no row: at 80x24 with a
// two-line status, every binding with help of the review's and a step's
// keymaps shows, at once or by scrolling with ↓; any other key closes it.
func TestKeysOverlayDropsNoRow(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		m := sized(t, completeAnswers(), "", size[0], size[1])
		m.setStatus(false, strings.Repeat("a status long enough to take two lines ", 3))
		press(t, m, "?")
		seen := screen(m)
		for i := 0; i < 40 && m.overlayOverflows(); i++ {
			press(t, m, "down")
			seen += screen(m)
		}
		if !m.overlay {
			t.Fatalf("%dx%d: ↓ closed the key list", size[0], size[1])
		}
		wants := []string{"this list", "explain error", "previous tab", "change the output folder"}
		for _, b := range append(bindingsOf(m.reviewKeys(), "Help"), bindingsOf(m.formKeys(), "Help")...) {
			wants = append(wants, b.Help().Desc)
		}
		for _, want := range wants {
			if !strings.Contains(seen, want) {
				t.Errorf("%dx%d: the key list lacks %q:\n%s", size[0], size[1], want, screen(m))
			}
		}
		if !regexp.MustCompile(`(?m)^.*\bf\s+format\b`).MatchString(seen) {
			t.Errorf("%dx%d: no f format row", size[0], size[1])
		}
		press(t, m, "x")
		if m.overlay {
			t.Errorf("%dx%d: x did not close the key list", size[0], size[1])
		}
	}
}

// At 80 columns nothing the user typed is cut with "…": a long answer's
// summary shows whole over lines.
func TestNoCutSummaries(t *testing.T) {
	a := completeAnswers()
	m := sized(t, a, wizard.StepKMS, 80, 24)
	press(t, m, "enter") // focus on what the key encrypts: the key ARN is a summary
	s := screen(m)
	if strings.Contains(s, "…") || !strings.Contains(strings.ReplaceAll(flat(formText(m)), " ", ""), keyARN) {
		t.Errorf("the key ARN's summary is cut:\n%s", s)
	}
}

// The resume question for a Kinesis session does not show Personalize's
// steps.
func TestKinesisResumeShowsNoPersonalizeSteps(t *testing.T) {
	o, _, _ := testOptions(wizard.Answers{}, nil)
	o.Resume = &ResumeOffer{Answers: wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Stream: "orders"}}
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if s := screen(m); strings.Contains(s, "Service role") || strings.Contains(s, "4 S3") {
		t.Errorf("the Kinesis resume question shows Personalize's steps:\n%s", s)
	}
}

// The resume offer shows every kept answer whole at 80 columns: an ARN is
// broken over lines, never cut with "…".
func TestResumeOfferShowsARNsWhole(t *testing.T) {
	kept := completeAnswers()
	kept.KMSKeyARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	o, _, _ := testOptions(wizard.Answers{}, nil)
	o.Resume = &ResumeOffer{Answers: kept}
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	s := screen(m)
	if strings.Contains(s, "…") {
		t.Errorf("the offer cuts a value:\n%s", s)
	}
	joined := strings.Join(strings.Fields(s), "")
	if !strings.Contains(joined, kept.KMSKeyARN) {
		t.Errorf("the offer lacks the whole key ARN:\n%s", s)
	}
}

// A kept session that uses an existing role names it on the resume offer.
func TestResumeOfferNamesExistingRole(t *testing.T) {
	kept := completeAnswers()
	kept.RoleName, kept.RoleARN = "", "arn:aws:iam::111122223333:role/service-role/MyRole"
	o, _, _ := testOptions(wizard.Answers{}, nil)
	o.Resume = &ResumeOffer{Answers: kept}
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if s := screen(m); !strings.Contains(s, "Existing service role ARN: "+kept.RoleARN) {
		t.Errorf("the offer does not name the role:\n%s", s)
	}
}
