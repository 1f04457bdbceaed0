package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/ui/tui"
	"github.com/permwiz/permwiz/wizard"
)

const keyARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func completeAnswers() wizard.Answers {
	return wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data", KMSKeyARN: keyARN,
		Workflows: wizard.AllWorkflows, KeyUse: wizard.AllKeyUses}
}

func TestNoTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w.Close()
	o := &WizardOptions{IO: testIO(r, &bytes.Buffer{}, &bytes.Buffer{})}
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
	input := "1\n123\n111122223333\nus-east-1\nR\n1\nn\n1\n/\n1\nn\n\nmy-data\n0\n\n"
	go func() { w.WriteString(input); w.Close() }()
	var out, errb bytes.Buffer
	o := &WizardOptions{IO: ttyIO(r, &out, &errb), Out: filepath.Join(t.TempDir(), "out"), Accessible: true}
	if err := RunWizard(o); err != nil {
		t.Fatalf("%v\nprompts:\n%s", err, errb.String())
	}
	a := wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data"}
	b, _ := wizard.Build(a)
	if !bytes.Equal(out.Bytes(), AllDocsJSON(b)) {
		t.Errorf("stdout:\n%s\nwant\n%s\nprompts:\n%s", out.String(), AllDocsJSON(b), errb.String())
	}
	assertWroteLikeGenerate(t, o.Out, a)
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
	out := filepath.Join(dir, "out")
	for _, save := range []bool{true, false} {
		os.WriteFile(path, wizard.MarshalAnswers(a), 0o644)
		r := tui.Result{Answers: a, Out: out}
		if save {
			r.Saved = []string{filepath.Join(out, "user-policy.json"), filepath.Join(out, "kms-key-policy.json")}
		}
		var stdout, errb bytes.Buffer
		if err := finish(testIO(nil, &stdout, &errb), r, path, nil); err != nil {
			t.Fatalf("finish: %v", err)
		}
		_, statErr := os.Stat(path)
		if save {
			if !strings.Contains(stdout.String(), "saved 2 files to "+out) || !strings.Contains(stdout.String(), filepath.Join(out, "kms-key-policy.json")) || statErr == nil {
				t.Errorf("after a save: stdout %q, kept answers still there: %v", stdout.String(), statErr == nil)
			}
		} else if stdout.Len() != 0 || statErr != nil || !strings.Contains(errb.String(), "nothing saved") {
			t.Errorf("without a save: stdout %q, stderr %q, kept: %v", stdout.String(), errb.String(), statErr == nil)
		}
	}
}

// ctrl+c keeps the answers given so far, and the next start offers them.
func TestQuitKeepsAnswers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "resume.yaml")
	a := wizard.Answers{Setup: "personalize", AccountID: "111122223333", Region: "eu-west-1"}
	var out, errb bytes.Buffer
	err := finish(testIO(nil, &out, &errb), tui.Result{Answers: a, Aborted: true}, path, nil)
	if Code(err) != ExitAbort {
		t.Errorf("exit code %d, want 130", Code(err))
	}
	if !strings.Contains(errb.String(), "kept in "+path) {
		t.Errorf("stderr %q", errb.String())
	}
	offer, warn := loadResume(path)
	if offer == nil || warn != "" || offer.Answers.Region != "eu-west-1" || offer.Answers.AccountID != "111122223333" {
		t.Fatalf("kept answers: %+v %q", offer, warn)
	}
	// They hold account IDs and ARNs: 0600 in a 0700 folder.
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("resume file mode %v, want 0600", st.Mode().Perm())
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("resume folder mode %v, want 0700", st.Mode().Perm())
	}
	// A folder that cannot be written: the message names the resume file.
	blocked := filepath.Join(dir, "file")
	os.WriteFile(blocked, nil, 0o644)
	errb.Reset()
	finish(testIO(nil, &out, &errb), tui.Result{Answers: a, Aborted: true}, filepath.Join(blocked, "resume.yaml"), nil)
	if s := errb.String(); !strings.Contains(s, "your answers could not be kept in "+filepath.Join(blocked, "resume.yaml")) || strings.Contains(s, "--out") {
		t.Errorf("stderr %q", s)
	}
}

// assertWroteLikeGenerate checks that the folder dir holds exactly what
// `permwiz generate --out` writes for the answers.
func assertWroteLikeGenerate(t *testing.T, dir string, a wizard.Answers) {
	t.Helper()
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range bundleFiles(b) {
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

func TestNoColor(t *testing.T) {
	ios := testIO(nil, nil, nil)
	t.Setenv("NO_COLOR", "1")
	if !ios.NoColor() {
		t.Fatal("NO_COLOR=1 not seen")
	}
	t.Setenv("NO_COLOR", "")
	if ios.NoColor() {
		t.Fatal("empty NO_COLOR must not turn colour off")
	}
}

// A quit never destroys the kept answers: not at the resume offer, not
// after starting afresh without answering anything.
func TestQuitNeverDestroysKeptAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "resume.yaml")
	kept := wizard.Answers{Setup: "personalize", AccountID: "111122223333", Region: "eu-west-1"}
	if err := keepAnswers(path, kept); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]tui.Result{
		"ctrl+c at the offer": {Aborted: true, ResumePending: true, ExitCode: 130},
		"n then ctrl+c":       {Aborted: true, ExitCode: 130},
		"n then SIGHUP":       {Answers: wizard.Answers{Setup: "personalize"}, Aborted: true, ExitCode: 129},
	} {
		var out, errb bytes.Buffer
		err := finish(testIO(nil, &out, &errb), r, path, nil)
		if Code(err) != r.ExitCode {
			t.Errorf("%s: exit %d, want %d", name, Code(err), r.ExitCode)
		}
		offer, _ := loadResume(path)
		if offer == nil || offer.Answers.AccountID != "111122223333" {
			t.Errorf("%s destroyed the kept answers: %+v", name, offer)
		}
		if !strings.Contains(errb.String(), "still kept in "+path) {
			t.Errorf("%s: stderr %q", name, errb.String())
		}
	}
	os.Remove(path)
	var out, errb bytes.Buffer
	finish(testIO(nil, &out, &errb), tui.Result{Aborted: true, ExitCode: 130}, path, nil)
	if s := errb.String(); strings.Contains(s, "kept") || !strings.Contains(s, "nothing to keep") {
		t.Errorf("with no answers anywhere: %q", s)
	}
}

// An unknown --setup is refused before anything is asked.
func TestWizardUnknownSetup(t *testing.T) {
	_, errb, code := run(t, "--setup", "personalise")
	if code != ExitUsage || !strings.Contains(errb, `--setup "personalise": the setup is personalize or kinesis`) {
		t.Errorf("exit %d, stderr %q", code, errb)
	}
}
