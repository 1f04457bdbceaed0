package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"permwiz/wizard"
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
	o := &WizardOptions{IO: testIO(r, &out, &errb), Out: filepath.Join(t.TempDir(), "out"), Accessible: true, interrupt: interrupt}
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
	t.Setenv(StateDirEnv, t.TempDir())
	tests := []struct{ name, input string }{
		{"at the workflows", "1\n111122223333\nus-east-1\nPersonalizeRole\n1\nn\n\n1\nn\n\nmy-data\n1\n"},
		{"at the key use", "1\n111122223333\nus-east-1\nR\n1\nn\n\n1\nn\n" + keyARN + "\n"},
		{"at a text question", "1\n111122223333\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
	err, prompts := runAccessibleInput(t, "1\n111122223333\nus-east-1\nR\n1\nn\n/\n1\nn\n\nmy-data\n1\n\n2\n0\n\n\n\n", nil)
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
	o := &WizardOptions{IO: testIO(r, &out, errb), Out: filepath.Join(t.TempDir(), "out"), Accessible: true, interrupt: intr}
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
