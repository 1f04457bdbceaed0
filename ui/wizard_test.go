package ui

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"permwiz/policy"
	"permwiz/wizard"
	"permwiz/wizard/format"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// press sends keys by name ("enter", "shift+tab", "ctrl+s") or, for any
// other string, types it one character at a time.
func press(t testing.TB, m *model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			m.Update(msg)
		}
	}
}

func keyMsgs(k string) []tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc": {Code: tea.KeyEscape}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "space": {Code: tea.KeySpace, Text: " "},
		"backspace": {Code: tea.KeyBackspace}, "pgdown": {Code: tea.KeyPgDown}, "pgup": {Code: tea.KeyPgUp},
	}
	if msg, ok := named[k]; ok {
		return []tea.KeyPressMsg{msg}
	}
	if strings.HasPrefix(k, "ctrl+") && len(k) == 6 {
		return []tea.KeyPressMsg{{Code: rune(k[5]), Mod: tea.ModCtrl}}
	}
	var out []tea.KeyPressMsg
	for _, r := range k {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

type fakeClipboard struct{ got []string }

func (f *fakeClipboard) write(s string) error { f.got = append(f.got, s); return nil }

func testModel(t testing.TB, a wizard.Answers, preset map[string]bool) (*model, *fakeClipboard) {
	t.Helper()
	clip := &fakeClipboard{}
	m := newModel(modelOptions{Answers: a, Preset: preset, Out: filepath.Join(t.TempDir(), "out"), Plain: true, Clipboard: clip.write})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m, clip
}

func screen(m *model) string { return ansi.Strip(m.render()) }

const keyARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// The whole Personalize flow from an empty start, through every step, to
// the review and a save whose files equal generate's.
func TestFlowPersonalize(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{}, nil)
	steps := []struct {
		step string
		keys []string
	}{
		{wizard.StepStart, []string{"enter"}},
		{wizard.StepBasics, []string{"111122223333", "enter", "us-east-1", "enter", "PersonalizeRole", "enter"}},
		{wizard.StepUser, []string{"enter", "y", "enter"}},                       // custom user policy, CloudWatch yes
		{wizard.StepRole, []string{"/service-role/", "enter", "enter", "enter"}}, // custom role policy, this region
		{wizard.StepKMS, []string{keyARN, "enter", "down", "space", "enter"}},    // dataset group and bucket
		{wizard.StepS3, []string{"my-data", "enter", "down", "space", "enter"}},  // import and batch
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
	assertSavedLikeGenerate(t, m.out, want)
	b, _ := wizard.Build(want)
	if !strings.Contains(m.status, fmt.Sprintf("saved %d files", len(BundleFiles(b)))) {
		t.Errorf("status after save: %q", m.status)
	}
}

// assertSavedLikeGenerate checks that dir holds exactly what
// `permwiz generate --out` writes for the answers.
func assertSavedLikeGenerate(t *testing.T, dir string, a wizard.Answers) {
	t.Helper()
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range BundleFiles(b) {
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Errorf("%s not saved: %v", f.Name, err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from generate's:\n%s\nwant\n%s", f.Name, got, f.Data)
		}
	}
}

func TestFlowKinesis(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{}, nil)
	press(t, m, "down", "enter", "111122223333", "enter", "us-west-2", "enter", "orders", "enter")
	press(t, m, strings.Replace(keyARN, "us-east-1", "us-west-2", 1), "enter")
	press(t, m, "arn:aws:iam::111122223333:role/Writer", "enter", "enter", "enter")
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
	m, _ = testModel(t, a, answeredFields(a.Normalized()))
	if !m.onReview() {
		t.Errorf("a complete answers file opened on %s, want the review", m.steps[m.step].ID)
	}
	// A bad preset answer is asked again.
	bad := a
	bad.Region = "us-gov-west-1"
	m, _ = testModel(t, bad, answeredFields(bad))
	if f := m.focusedField(); m.steps[m.step].ID != wizard.StepBasics {
		t.Errorf("bad preset region: opened on %s/%s", m.steps[m.step].ID, f)
	}
}

func completeAnswers() wizard.Answers {
	return wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data", KMSKeyARN: keyARN,
		Workflows: wizard.AllWorkflows, KeyUse: wizard.AllKeyUses}
}

func TestCopy(t *testing.T) {
	m, clip := testModel(t, completeAnswers(), answeredFields(completeAnswers()))
	b, _ := wizard.Build(completeAnswers())
	press(t, m, "tab", "tab", "tab", "tab") // the key policy tab
	d := m.previewDoc()
	if d == nil || d.ID != wizard.DocKMSKeyPolicy {
		t.Fatalf("tab 5 is %v", d)
	}
	press(t, m, "c", "y")
	if len(clip.got) != 2 {
		t.Fatalf("clipboard got %d writes", len(clip.got))
	}
	if want := string(b.Doc(wizard.DocKMSKeyPolicy).Policy.JSON()); clip.got[0] != want {
		t.Errorf("c copied:\n%s\nwant\n%s", clip.got[0], want)
	}
	added := b.Doc(wizard.DocKMSKeyPolicy).Policy.Added()
	// y copies the added statements without the array's brackets: pasted
	// after a comma behind an existing statement, the list parses, and
	// holds exactly the existing one and the added ones.
	snippet := clip.got[1]
	if strings.HasPrefix(strings.TrimSpace(snippet), "[") || strings.Contains(snippet, "Enable IAM User Permissions") {
		t.Errorf("y copied:\n%s\nwant the added statements without brackets", snippet)
	}
	var pasted []policy.Statement
	pastedDoc, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"Existing","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"},` + snippet + `]}`))
	if err == nil {
		pasted = pastedDoc.Statement
	}
	if err != nil || len(pasted) != 1+len(added) || string(policy.StatementsJSON(pasted[1:])) != string(policy.StatementsJSON(added)) {
		t.Errorf("y's snippet pasted into a Statement list: %v, %d statements; snippet:\n%s", err, len(pasted), snippet)
	}
	if !strings.Contains(m.status, "paste after the last statement") {
		t.Errorf("status %q does not say where to paste", m.status)
	}
	if !strings.Contains(m.status, "copied") || !strings.Contains(m.status, "OSC 52") {
		t.Errorf("status %q does not say how it was copied", m.status)
	}
	// A draft with placeholders is not copied.
	m, clip = testModel(t, wizard.Answers{Setup: "personalize"}, map[string]bool{"setup": true})
	press(t, m, "ctrl+y")
	if len(clip.got) != 0 || !strings.Contains(m.status, "placeholders") {
		t.Errorf("copied a draft: %d writes, status %q", len(clip.got), m.status)
	}
	// No system clipboard: the status says only OSC 52 was sent.
	m, _ = testModel(t, completeAnswers(), answeredFields(completeAnswers()))
	m.clipboard = func(string) error { return os.ErrNotExist }
	press(t, m, "c")
	if !strings.Contains(m.status, "sent by OSC 52 only (no system clipboard here; tmux needs set -g set-clipboard on) user-policy.json") {
		t.Errorf("status without a system clipboard: %q", m.status)
	}
}

func TestSaveAsksBeforeReplacing(t *testing.T) {
	a := completeAnswers()
	m, _ := testModel(t, a, answeredFields(a))
	if err := os.MkdirAll(m.out, 0o755); err != nil {
		t.Fatal(err)
	}
	old := []byte("mine\n")
	os.WriteFile(filepath.Join(m.out, "user-policy.json"), old, 0o644)
	press(t, m, "ctrl+s")
	if m.confirm == nil || !strings.Contains(screen(m), "Replace 1 existing file in "+m.out+"? y replaces, n cancels. (user-policy.json)") {
		t.Fatalf("no confirmation:\n%s", screen(m))
	}
	press(t, m, "n")
	if got, _ := os.ReadFile(filepath.Join(m.out, "user-policy.json")); !bytes.Equal(got, old) {
		t.Errorf("n replaced the file")
	}
	if _, err := os.Stat(filepath.Join(m.out, "answers.yaml")); err == nil {
		t.Errorf("n wrote other files: saving is all or nothing")
	}
	press(t, m, "s", "y")
	assertSavedLikeGenerate(t, m.out, a)

	// Many files at the narrowest: the question shows whole, the list is
	// shortened, and the status wraps instead of being cut.
	for _, f := range []string{"user-policy.json", "role-trust-policy.json", "role-s3-policy.json", "kms-key-policy.json", "bucket-policy.json", "answers.yaml"} {
		os.WriteFile(filepath.Join(m.out, f), old, 0o644)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(t, m, "s")
	got := strings.Join(strings.Fields(screen(m)), " ")
	if m.confirm == nil || !strings.Contains(got, "Replace 9 existing files in") || !strings.Contains(got, "y replaces, n cancels. (") || !strings.Contains(got, "and 7 more)") {
		t.Errorf("confirmation at 80 columns:\n%s", screen(m))
	}
	if n := len(strings.Split(m.render(), "\n")); n != 24 {
		t.Errorf("the screen has %d lines, want 24", n)
	}
	press(t, m, "n")

	// Not yet valid: ctrl+s says what is missing and writes nothing.
	m, _ = testModel(t, wizard.Answers{}, nil)
	press(t, m, "ctrl+s")
	if !strings.Contains(m.status, "cannot save yet") {
		t.Errorf("status %q", m.status)
	}
}

func TestDocumentKeysAndHighlight(t *testing.T) {
	a := completeAnswers()
	a.Bucket = ""
	m, _ := testModel(t, a, map[string]bool{"setup": true, "account_id": true, "region": true, "role_name": true})
	press(t, m, "enter", "enter") // the user step's two questions
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

func TestQuitAndResume(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "resume.yaml")
	m, _ := testModel(t, wizard.Answers{}, nil)
	press(t, m, "enter", "111122223333", "enter", "eu-west-1", "enter")
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if cmd == nil || !m.aborted {
		t.Fatal("ctrl+c did not quit")
	}
	var out, errb bytes.Buffer
	err := m.finish(&out, &errb, path, nil)
	if Code(err) != ExitAbort {
		t.Errorf("exit code %d, want 130", Code(err))
	}
	if !strings.Contains(errb.String(), "kept in "+path) {
		t.Errorf("stderr %q", errb.String())
	}
	offer := loadResume(path)
	if offer == nil || offer.answers.Region != "eu-west-1" {
		t.Fatalf("kept answers: %+v", offer)
	}
	m = newModel(modelOptions{Plain: true, Resume: offer, Out: filepath.Join(dir, "out")})
	if s := screen(m); !strings.Contains(s, "Resume where you stopped?") || !strings.Contains(s, "Region: eu-west-1") {
		t.Errorf("no resume offer:\n%s", s)
	}
	press(t, m, "y")
	if m.a.AccountID != "111122223333" || m.focusedField() != wizard.FieldRoleName {
		t.Errorf("resumed to %s with %+v", m.focusedField(), m.a)
	}
}

func TestNoTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w.Close()
	o := &WizardOptions{Stdin: r, Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	err = RunWizard(o)
	if Code(err) != ExitUsage {
		t.Fatalf("exit %d, want 2", Code(err))
	}
	for _, want := range []string{"permwiz generate", "--account-id", "--region", "--role-name", "--bucket"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestAccessible(t *testing.T) {
	t.Setenv(StateDirEnv, t.TempDir())
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// setup (1 = Personalize), account (a bad one first), region, role name,
	// user access, CloudWatch, role path, role access, any region, key (none),
	// bucket, workflows (accept).
	input := "1\n123\n111122223333\nus-east-1\nR\n1\nn\n/\n1\nn\n\nmy-data\n0\n"
	go func() { w.WriteString(input); w.Close() }()
	var out, errb bytes.Buffer
	o := &WizardOptions{Stdin: r, Stdout: &out, Stderr: &errb, Out: filepath.Join(t.TempDir(), "out"), Accessible: true}
	if err := RunWizard(o); err != nil {
		t.Fatalf("%v\nprompts:\n%s", err, errb.String())
	}
	a := wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data"}
	b, _ := wizard.Build(a)
	if !bytes.Equal(out.Bytes(), AllDocsJSON(b)) {
		t.Errorf("stdout:\n%s\nwant\n%s\nprompts:\n%s", out.String(), AllDocsJSON(b), errb.String())
	}
	assertSavedLikeGenerate(t, o.Out, a)
	if !strings.Contains(errb.String(), "exactly 12 digits") {
		t.Errorf("the bad account's rule was not said:\n%s", errb.String())
	}
	if strings.Contains(errb.String(), "\x1b") {
		t.Errorf("accessible prompts carry escape sequences")
	}
}

// Finishing after a save lists the files on stdout, exits 0 and forgets
// the kept answers; finishing without one keeps them.
func TestFinish(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "resume.yaml")
	a := completeAnswers()
	for _, save := range []bool{true, false} {
		os.WriteFile(path, wizard.MarshalAnswers(a), 0o644)
		m, _ := testModel(t, a, answeredFields(a))
		if save {
			press(t, m, "s")
		}
		_, cmd := m.Update(keyMsgs("q")[0])
		if cmd == nil || !m.finished {
			t.Fatal("q did not finish")
		}
		var out, errb bytes.Buffer
		if err := m.finish(&out, &errb, path, nil); err != nil {
			t.Fatalf("finish: %v", err)
		}
		_, statErr := os.Stat(path)
		if save {
			if !strings.Contains(out.String(), filepath.Join(m.out, "kms-key-policy.json")) || statErr == nil {
				t.Errorf("after a save: stdout %q, kept answers still there: %v", out.String(), statErr == nil)
			}
		} else if out.Len() != 0 || statErr != nil || !strings.Contains(errb.String(), "nothing saved") {
			t.Errorf("without a save: stdout %q, stderr %q, kept: %v", out.String(), errb.String(), statErr == nil)
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
		m, _ := testModel(t, a, answeredFields(a))
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

// f on the review cycles the save format through generate's --format
// values, and s then writes exactly what generate --format writes.
func TestSaveInAnotherFormat(t *testing.T) {
	a := completeAnswers()
	m, _ := testModel(t, a, answeredFields(a.Normalized()))
	if !m.onReview() {
		t.Fatalf("not on the review")
	}
	press(t, m, "f")
	if m.format != format.CLI || !strings.Contains(m.status, "apply.sh") {
		t.Fatalf("f should switch to cli and say what it saves: %s %q", m.format, m.status)
	}
	if !strings.Contains(screen(m), "s save cli") {
		t.Errorf("the help bar should name the format:\n%s", screen(m))
	}
	press(t, m, "s")
	b, _ := wizard.Build(a)
	want, err := format.Render(b, format.CLI)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range want {
		got, err := os.ReadFile(filepath.Join(m.out, f.Name))
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s: not what generate --format cli writes (%v)", f.Name, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(m.out, format.FileApply)); err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("apply.sh should be saved executable: %v", err)
	}
	press(t, m, "f", "f", "f")
	if m.format != format.JSON {
		t.Errorf("four presses of f should come back to json, got %s", m.format)
	}
}
