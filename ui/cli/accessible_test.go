package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/permwiz/permwiz/wizard"
)

// runAccessibleInput runs --accessible on piped input and returns the exit
// error and the prompts.
func runAccessibleInput(t *testing.T, input string, interrupt <-chan os.Signal) (error, string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString(input); w.Close() }()
	var out, errb bytes.Buffer
	o := &WizardOptions{IO: ttyIO(r, &out, &errb), Out: filepath.Join(t.TempDir(), "out"), Accessible: true, interrupt: interrupt}
	done := make(chan error, 1)
	go func() { done <- RunWizard(o) }()
	select {
	case err := <-done:
		return err, errb.String()
	case <-time.After(5 * time.Second):
		t.Fatalf("--accessible did not stop; prompts so far:\n%.2000s", errb.String())
	}
	return nil, ""
}

// Input that ends at any question, a multiple-choice one included, stops
// with a message and a non-zero exit instead of asking again forever.
func TestAccessibleInputEnds(t *testing.T) {
	tests := []struct{ name, input string }{
		{"at the workflows", "1\n111122223333\nus-east-1\nPersonalizeRole\n1\nn\n1\n\n1\nn\n\nmy-data\n1\n"},
		{"at the key use", "1\n111122223333\nus-east-1\nR\n1\nn\n1\n\n1\nn\n" + keyARN + "\n"},
		{"at a text question", "1\n111122223333\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A folder of its own: the answers kept by one case are
			// not offered to the next.
			t.Setenv(StateDirEnv, t.TempDir())
			err, prompts := runAccessibleInput(t, tt.input, nil)
			if err == nil || Code(err) == 0 || !strings.Contains(err.Error(), "input ended before every question was answered") {
				t.Fatalf("err %v (code %d); prompts:\n%s", err, Code(err), prompts)
			}
		})
	}
}

// The multiple-choice prompt says what a number does and shows the ticks
// after each change, so nobody unticks an item without knowing it.
func TestAccessibleMultiSaysTicks(t *testing.T) {
	t.Setenv(StateDirEnv, t.TempDir())
	err, prompts := runAccessibleInput(t, "1\n111122223333\nus-east-1\nR\n1\nn\n1\n/\n1\nn\n\nmy-data\n1\n\n2\n0\n\n\n\n\n", nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, prompts)
	}
	for _, want := range []string{
		"to tick or untick it, or 0 (or just Enter) to confirm",
		"1. [x] (ticked) Import data (read)",
		"Unticked 1: Import data (read).",
		"Nothing is ticked: tick at least one before confirming.",
		"Ticked 2: Batch inference",
	} {
		if !strings.Contains(prompts, want) {
			t.Errorf("prompts lack %q:\n%s", want, prompts)
		}
	}
}

// ctrl+c keeps the answers given so far, says where, and exits 130.
func TestAccessibleInterrupt(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(StateDirEnv, dir)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	intr := make(chan os.Signal, 1)
	var out bytes.Buffer
	errb := &syncBuffer{}
	o := &WizardOptions{IO: ttyIO(r, &out, errb), Out: filepath.Join(t.TempDir(), "out"), Accessible: true, interrupt: intr}
	done := make(chan error, 1)
	go func() { done <- RunWizard(o) }()
	w.WriteString("1\n111122223333\n")
	// Wait until the account is taken: the region's prompt is out.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(errb.String(), "Region") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	intr <- os.Interrupt
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("ctrl+c did not stop --accessible")
	}
	if Code(err) != ExitAbort {
		t.Fatalf("exit %d, want %d (%v)", Code(err), ExitAbort, err)
	}
	if !strings.Contains(errb.String(), "stopped; your answers are kept in "+filepath.Join(dir, "resume.yaml")) {
		t.Errorf("no kept message:\n%s", errb.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "resume.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := wizard.UnmarshalAnswers(data)
	if err != nil || a.AccountID != "111122223333" {
		t.Errorf("kept answers %+v (%v), want the account given", a, err)
	}
}

// syncBuffer is a bytes.Buffer that the test reads while the prompts write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// ttyIO is testIO with stdin taken for a terminal: the prompts need one.
func ttyIO(in io.Reader, out, errOut io.Writer) *IOStreams {
	ios := testIO(in, out, errOut)
	ios.IsTerminal = func(s any) bool { return s == in }
	return ios
}

// No input makes the prompts panic: a wrong choice, a number out of range,
// then the end of the input, at every choice question.
func TestAccessibleWrongChoiceThenEOF(t *testing.T) {
	for _, input := range []string{"9\n", "x", "0\n", "-1\n", "1\n111122223333\nus-east-1\nR\n7\n", "1\n111122223333\nus-east-1\nR\n1\nn\n1\n/\nbogus"} {
		// A folder for each: the answers kept by one input are not
		// offered to the next.
		t.Setenv(StateDirEnv, t.TempDir())
		err, prompts := runAccessibleInput(t, input, nil)
		if err == nil || !strings.Contains(err.Error(), "input ended") {
			t.Errorf("%q: err %v\n%s", input, err, prompts)
		}
		if input == "9\n" && !strings.Contains(prompts, `"9" is not a number from 1 to 2`) {
			t.Errorf("the wrong choice was not said:\n%s", prompts)
		}
	}
}

// Without a terminal on stdin both modes exit 2 with the same message.
func TestAccessiblePipeExits2(t *testing.T) {
	for _, acc := range []bool{false, true} {
		var errb bytes.Buffer
		o := &WizardOptions{IO: testIO(strings.NewReader("1\n"), &bytes.Buffer{}, &errb), Accessible: acc}
		err := RunWizard(o)
		if Code(err) != ExitUsage || !strings.Contains(err.Error(), "the wizard needs a terminal") {
			t.Errorf("accessible=%v: %v (exit %d)", acc, err, Code(err))
		}
	}
}

func TestAccessibleEnv(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "FALSE": false, "no": false, "off": false, "1": true, "true": true, "yes": true} {
		if envOn(v) != want {
			t.Errorf("ACCESSIBLE=%q: on=%v", v, !want)
		}
	}
}

// The accessible prompts offer the kept session, say each warning once
// and before the questions of its step, and end on a review where any
// answer can be changed before saving.
func TestAccessibleResumeWarningsReview(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(StateDirEnv, dir)
	kept := wizard.Answers{Setup: "personalize", AccountID: "111122223333", Region: "us-east-1", RoleName: "R"}
	if err := keepAnswers(filepath.Join(dir, "resume.yaml"), kept); err != nil {
		t.Fatal(err)
	}
	// y resumes: the rest of the questions, then the review: change the
	// bucket (its number in the list), then save.
	input := "y\nmy-data\n"
	r, w, _ := os.Pipe()
	var out bytes.Buffer
	var errb syncBuffer // the prompts are written while the test reads them
	o := &WizardOptions{IO: ttyIO(r, &out, &errb), Out: filepath.Join(t.TempDir(), "out"), Accessible: true}
	done := make(chan error, 1)
	go func() { done <- RunWizard(o) }()
	w.WriteString(input)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(errb.String(), "to change that answer") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	prompts := errb.String()
	n := 0
	for _, l := range strings.Split(prompts, "\n") {
		if strings.HasSuffix(l, ": my-data") {
			n, _ = strconv.Atoi(strings.SplitN(l, ".", 2)[0])
		}
	}
	if n == 0 {
		w.Close()
		t.Fatalf("no review listing the bucket:\n%s", prompts)
	}
	fmt.Fprintf(w, "%d\nother-data\n\n", n)
	w.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%v\n%s", err, errb.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("did not finish:\n%s", errb.String())
	}
	prompts = errb.String()
	for _, want := range []string{"Resume where you stopped?", "Resumed your last answers.", "Review: your answers", "S3 bucket name: other-data"} {
		if !strings.Contains(prompts, want) {
			t.Errorf("prompts lack %q:\n%s", want, prompts)
		}
	}
	if !strings.Contains(out.String(), "arn:aws:s3:::other-data") {
		t.Errorf("the changed bucket is not in the documents")
	}
	// Every warning once, and the S3 step's warnings before its question.
	for _, note := range wizard.Notes(wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "other-data"}, wizard.StepReview) {
		if c := strings.Count(prompts, "Note: "+note); c > 1 {
			t.Errorf("said %d times: %s", c, note)
		}
	}
	if vpc, q := strings.Index(prompts, "Note: Buckets that allow only VPC access"), strings.Index(prompts, "S3 bucket name"); vpc < 0 || vpc > q {
		t.Errorf("the VPC warning is not before the bucket question (%d, %d)", vpc, q)
	}
}

// Unticking the last workflow that writes, on the review, hides the
// output bucket: its answer is set aside as in the full-screen wizard,
// so Enter saves instead of listing the review again forever with an
// error about a question the list does not show. Ticking it back brings
// the answer back.
func TestAccessibleReviewHidesAnswer(t *testing.T) {
	for _, tt := range []struct {
		name    string
		changes []string // typed at the workflows question, one line each
		output  bool     // the output bucket's policy is saved
	}{
		{"untick batch", []string{"2", "0"}, false},
		{"untick and tick again", []string{"2", "2", "0"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv(StateDirEnv, dir)
			kept := wizard.Answers{Setup: "personalize", AccountID: "111122223333", Region: "us-east-1", RoleName: "R",
				Bucket: "my-data", Workflows: []wizard.Workflow{wizard.WorkflowImport, wizard.WorkflowBatch}, OutputBucket: "my-output"}
			if err := keepAnswers(filepath.Join(dir, "resume.yaml"), kept); err != nil {
				t.Fatal(err)
			}
			r, w, _ := os.Pipe()
			defer w.Close()
			var out, errb syncBuffer
			outDir := filepath.Join(t.TempDir(), "out")
			o := &WizardOptions{IO: ttyIO(r, &out, &errb), Out: outDir, Accessible: true}
			done := make(chan error, 1)
			go func() { done <- RunWizard(o) }()
			waitFor := func(s string, n int) string { return waitOutput(t, &errb, s, n) }
			// Resume, then Enter through the questions to the review:
			// one Enter each time a prompt waits (the output has stopped).
			w.WriteString("y\n")
			enterToReview(w, &errb)
			prompts := waitFor("to change that answer", 1)
			n := reviewNumber(prompts, ": import,batch")
			if n == 0 {
				t.Fatalf("no review listing the workflows:\n%s", prompts)
			}
			fmt.Fprintf(w, "%d\n%s\n", n, strings.Join(tt.changes, "\n"))
			waitFor("to change that answer", 2)
			w.WriteString("\n")
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("%v\n%s", err, errb.String())
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("Enter did not save:\n%s", errb.String())
			}
			prompts = errb.String()
			if strings.Contains(prompts, "Not yet") {
				t.Errorf("saving was refused:\n%s", prompts)
			}
			if !strings.Contains(prompts, "Saved ") {
				t.Errorf("not saved:\n%s", prompts)
			}
			_, err := os.Stat(filepath.Join(outDir, "s3-output-bucket-policy.json"))
			if got := err == nil; got != tt.output {
				t.Errorf("s3-output-bucket-policy.json saved: %v, want %v", got, tt.output)
			}
			if got := strings.Contains(out.String(), "my-output"); got != tt.output {
				t.Errorf("the documents name my-output: %v, want %v", got, tt.output)
			}
		})
	}
}

// The end of the input (ctrl+d) keeps the answers given so far, as ctrl+c
// does, says where, and exits 130; at the resume question the kept answers
// stay as they were.
func TestAccessibleInputEndsKeepsAnswers(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(StateDirEnv, dir)
	path := filepath.Join(dir, "resume.yaml")
	// Ends at the CloudWatch question.
	err, prompts := runAccessibleInput(t, "\n123456789012\nus-east-1\nRole1\n\n", nil)
	if Code(err) != ExitAbort {
		t.Fatalf("exit %d, want %d (%v)\n%s", Code(err), ExitAbort, err, prompts)
	}
	if want := "input ended before every question was answered; your answers are kept in " + path; !strings.Contains(Message(err), want) {
		t.Errorf("message %q lacks %q", Message(err), want)
	}
	data, rerr := os.ReadFile(path)
	if rerr != nil {
		t.Fatalf("no resume file: %v\n%s", rerr, prompts)
	}
	a, uerr := wizard.UnmarshalAnswers(data)
	if uerr != nil || a.AccountID != "123456789012" || a.Region != "us-east-1" || a.RoleName != "Role1" {
		t.Errorf("kept answers %+v (%v), want the account, region and role given", a, uerr)
	}

	// The next start offers them; the input ends at the offer: they stay.
	err, prompts = runAccessibleInput(t, "", nil)
	if Code(err) != ExitAbort || !strings.Contains(prompts, "Resume where you stopped?") {
		t.Fatalf("exit %d (%v), no resume offer:\n%s", Code(err), err, prompts)
	}
	if want := "your earlier answers are still kept in " + path; !strings.Contains(Message(err), want) {
		t.Errorf("message %q lacks %q", Message(err), want)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, data) {
		t.Errorf("the kept answers changed at the resume question:\n%s", again)
	}
}

// Declining to replace an existing file saves nothing, so the final
// answers (the key given, a change on the review) are kept for the next
// start, as the full-screen wizard's finish without saving keeps them,
// and the message says where; the exit stays 0.
func TestAccessibleDeclineReplaceKeepsAnswers(t *testing.T) {
	for _, tt := range []struct{ name, answer string }{{"n", "n\n"}, {"ctrl+d", ""}, {"y saves", "y\n"}} {
		t.Run(tt.name, func(t *testing.T) { declineReplace(t, tt.answer) })
	}
}

// declineReplace answers the replace question with answer (y replaces),
// then ends the input.
func declineReplace(t *testing.T, answer string) {
	dir := t.TempDir()
	t.Setenv(StateDirEnv, dir)
	path := filepath.Join(dir, "resume.yaml")
	kept := wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "my-stream",
		Policies: []wizard.KinesisPolicy{wizard.KinesisAdmin}}
	if err := keepAnswers(path, kept); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(outDir, "kinesis-admin-policy.json")
	if err := os.WriteFile(old, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, w, _ := os.Pipe()
	defer w.Close() // on a failure before the end; closing twice is harmless
	var out, errb syncBuffer
	o := &WizardOptions{IO: ttyIO(r, &out, &errb), Out: outDir, Accessible: true}
	done := make(chan error, 1)
	go func() { done <- RunWizard(o) }()
	waitFor := func(s string, n int) string { return waitOutput(t, &errb, s, n) }
	// Resume, give the key, then Enter through the questions to the
	// review: one Enter each time a prompt waits (the output has stopped).
	w.WriteString("y\n")
	waitFor("KMS key ARN", 1)
	w.WriteString(keyARN + "\n")
	enterToReview(w, &errb)
	prompts := waitFor("to change that answer", 1)
	n := reviewNumber(prompts, ": my-stream")
	if n == 0 {
		t.Fatalf("no review listing the stream:\n%s", prompts)
	}
	// Change the stream, save, and decline the replace.
	fmt.Fprintf(w, "%d\nother-stream\n", n)
	waitFor("to change that answer", 2)
	w.WriteString("\n")
	waitFor("Replace?", 1)
	w.WriteString(answer)
	w.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%v (exit %d), want exit 0\n%s", err, Code(err), errb.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("did not finish:\n%s", errb.String())
	}
	if answer == "y\n" {
		// Saved: the session is over, and the next start offers nothing
		// (the full-screen wizard removes the file too).
		if !strings.Contains(errb.String(), "Saved ") {
			t.Errorf("not saved:\n%s", errb.String())
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("the resume file is still there after a save: %v", err)
		}
		return
	}
	if want := "Not saved: nothing was replaced. The documents are printed above; your answers are kept in " + path; !strings.Contains(errb.String(), want) {
		t.Errorf("prompts lack %q:\n%s", want, errb.String())
	}
	if data, _ := os.ReadFile(old); string(data) != "{}\n" {
		t.Errorf("the existing file was replaced: %s", data)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := wizard.UnmarshalAnswers(data)
	if err != nil || a.KMSKeyARN != keyARN || a.Stream != "other-stream" {
		t.Errorf("kept answers %+v (%v), want the key and the changed stream", a, err)
	}
}

// Choosing an existing role in the service role step asks its ARN next,
// as the full-screen wizard does, and never the path of a role to create.
func TestAccessibleExistingRoleAsksARN(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(StateDirEnv, dir)
	roleARN := "arn:aws:iam::111122223333:role/service-role/PersonalizeRole"
	// setup, account, region, role name, user access, CloudWatch, role
	// mode (2: existing), its ARN, role access, any region, key (none),
	// bucket, workflows (accept), then Enter on the review saves.
	input := "1\n111122223333\nus-east-1\nR\n1\nn\n2\n" + roleARN + "\n1\nn\n\nmy-data\n0\n\n"
	err, prompts := runAccessibleInput(t, input, nil)
	if err != nil {
		t.Fatalf("%v (exit %d)\n%s", err, Code(err), prompts)
	}
	chose := strings.Index(prompts, "Chose 2: Use an existing role (its ARN).")
	if chose < 0 {
		t.Fatalf("no existing role chosen:\n%s", prompts)
	}
	after := prompts[chose:]
	if arn, access := strings.Index(after, "Existing service role ARN"), strings.Index(after, wizard.Ask(wizard.FieldRoleAccess).Title); arn < 0 || access < 0 || arn > access {
		t.Errorf("the role's ARN is not the next question after the choice (ARN at %d, role access at %d):\n%s", arn, access, after)
	}
	if strings.Contains(prompts, wizard.Ask(wizard.FieldRolePath).Title) {
		t.Errorf("the path of a role to create was asked:\n%s", prompts)
	}
	if !strings.Contains(prompts, "Saved ") {
		t.Errorf("not saved:\n%s", prompts)
	}
}

// enterToReview presses Enter each time a prompt waits (the output has
// stopped) until the review asks which answer to change, for up to 5 s.
func enterToReview(w io.Writer, errb *syncBuffer) {
	deadline := time.Now().Add(5 * time.Second)
	for last := ""; !strings.Contains(errb.String(), "to change that answer") && time.Now().Before(deadline); {
		time.Sleep(30 * time.Millisecond)
		if now := errb.String(); now == last {
			io.WriteString(w, "\n")
			last = ""
		} else {
			last = now
		}
	}
}

// reviewNumber is the number of the review's line that ends with suffix
// (0 for none).
func reviewNumber(prompts, suffix string) int {
	n := 0
	for _, l := range strings.Split(prompts, "\n") {
		if strings.HasSuffix(l, suffix) {
			n, _ = strconv.Atoi(strings.SplitN(l, ".", 2)[0])
		}
	}
	return n
}

// waitOutput waits up to 5 s for the prompts to say s n times, and returns
// them.
func waitOutput(t *testing.T, errb *syncBuffer, s string, n int) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(errb.String(), s) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if strings.Count(errb.String(), s) < n {
		t.Fatalf("no %q:\n%s", s, errb.String())
	}
	return errb.String()
}
