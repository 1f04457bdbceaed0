package tui

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

func TestCopy(t *testing.T) {
	m, clip := testModel(t, completeAnswers(), AnsweredFields(completeAnswers()))
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
	o, _, _ := testOptions(completeAnswers(), AnsweredFields(completeAnswers()))
	o.Clipboard = func(string) error { return errors.New("no xclip") }
	m = New(o)
	press(t, m, "c")
	if !strings.Contains(m.status, "sent by OSC 52 only (no system clipboard here; tmux needs set -g set-clipboard on) user-policy.json") {
		t.Errorf("status without a system clipboard: %q", m.status)
	}
}

func TestSaveAsksBeforeReplacing(t *testing.T) {
	a := completeAnswers()
	m, _, disk := testModelDisk(t, a, AnsweredFields(a))
	old := []byte("mine\n")
	disk.files[path.Join(m.out, "user-policy.json")] = old
	press(t, m, "ctrl+s")
	if m.confirm == nil || !strings.Contains(screen(m), "Replace 1 existing file in "+m.out+"? y replaces, n cancels. (user-policy.json)") {
		t.Fatalf("no confirmation:\n%s", screen(m))
	}
	press(t, m, "n")
	if got := disk.files[path.Join(m.out, "user-policy.json")]; !bytes.Equal(got, old) {
		t.Errorf("n replaced the file")
	}
	if _, ok := disk.files[path.Join(m.out, "answers.yaml")]; ok {
		t.Errorf("n wrote other files: saving is all or nothing")
	}
	press(t, m, "s", "y")
	assertSavedLikeGenerate(t, disk, m.out, a)

	// Many files at the narrowest: the question shows whole, the list is
	// shortened, and the status wraps instead of being cut.
	for _, f := range []string{"user-policy.json", "role-trust-policy.json", "role-s3-policy.json", "kms-key-policy.json", "bucket-policy.json", "answers.yaml"} {
		disk.files[path.Join(m.out, f)] = old
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

// f on the review cycles the save format through generate's --format
// values, and s then writes exactly what generate --format writes.
func TestSaveInAnotherFormat(t *testing.T) {
	a := completeAnswers()
	m, _, disk := testModelDisk(t, a, AnsweredFields(a.Normalized()))
	if !m.onReview() {
		t.Fatalf("not on the review")
	}
	press(t, m, "f")
	if m.format != apply.CLI || !strings.Contains(m.status, "apply.sh") {
		t.Fatalf("f should switch to cli and say what it saves: %s %q", m.format, m.status)
	}
	if !strings.Contains(screen(m), "s save cli") {
		t.Errorf("the help bar should name the format:\n%s", screen(m))
	}
	press(t, m, "s")
	b, _ := wizard.Build(a)
	want, err := apply.Render(b, apply.CLI)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range want {
		got, ok := disk.files[path.Join(m.out, f.Name)]
		if !ok || !bytes.Equal(got, f.Data) {
			t.Errorf("%s: not what generate --format cli writes", f.Name)
		}
	}
	press(t, m, "f", "f", "f")
	if m.format != apply.JSON {
		t.Errorf("four presses of f should come back to json, got %s", m.format)
	}
}

// assertSavedLikeGenerate checks that dir holds exactly what
// `permwiz generate --out` writes for the answers.
func assertSavedLikeGenerate(t *testing.T, disk *fakeDisk, dir string, a wizard.Answers) {
	t.Helper()
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatal(err)
	}
	files, err := apply.Render(b, apply.JSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, ok := disk.files[path.Join(dir, f.Name)]
		if !ok {
			t.Errorf("%s not saved", f.Name)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from generate's:\n%s\nwant\n%s", f.Name, got, f.Data)
		}
	}
}

// A save that fails says so with the launcher's error, and lists nothing
// as saved.
func TestSaveFails(t *testing.T) {
	o, _, _ := testOptions(completeAnswers(), AnsweredFields(completeAnswers()))
	o.Save = func(dir string, files []apply.File, force bool) error {
		return fmt.Errorf("cannot write %s in %s: permission denied", files[0].Name, dir)
	}
	m := New(o)
	press(t, m, "s")
	if !m.statusErr || !strings.HasPrefix(m.status, "not saved: cannot write ") || len(m.Result().Saved) != 0 {
		t.Errorf("status %q (error %v), saved %v", m.status, m.statusErr, m.Result().Saved)
	}
}
