package tui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/wizard"
)

// fakeExplain stands in for the launcher's Explain: it records what it was
// asked and answers with the key policy's statement that names the role
// (read from the bundle, not written here).
type fakeExplain struct {
	text string
	a    wizard.Answers
}

func (f *fakeExplain) explain(a wizard.Answers, text string) ExplainResult {
	f.a, f.text = a, text
	if !strings.Contains(text, "not authorized") {
		return ExplainResult{Err: errors.New("this is no AWS error: no AWS access-denied message in it")}
	}
	b, _ := wizard.Build(a)
	sid := b.Doc(wizard.DocKMSKeyPolicy).Policy.Added()[0].Sid
	return ExplainResult{Doc: wizard.DocKMSKeyPolicy, Sid: sid,
		Lines: []string{"The service role R was refused kms:Decrypt.", "Granted by: kms-key-policy, statement " + sid}}
}

// runCmd runs a command the model returned and hands its message back, as
// Bubble Tea does.
func runCmd(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if msg, ok := cmd().(explainedMsg); ok {
		m.Update(msg)
	}
}

func explainModel(t *testing.T, width, height int) (*Model, *fakeExplain) {
	t.Helper()
	a := completeAnswers()
	o, _, _ := testOptions(a, AnsweredFields(a.Normalized()))
	f := &fakeExplain{}
	o.Explain = f.explain
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	if !m.onReview() {
		t.Fatal("not on the review")
	}
	return m, f
}

func TestReviewExplainsAPastedError(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m, f := explainModel(t, size[0], size[1])
		if !strings.Contains(screen(m), "explain") {
			t.Fatalf("%v: the review's help bar does not offer e:\n%s", size, screen(m))
		}
		press(t, m, "e")
		if _, ok := m.keyMap().(explainKeys); !ok || !strings.Contains(screen(m), "Explain an AWS error") {
			t.Fatalf("%v: e did not open the box:\n%s", size, screen(m))
		}
		// Keys that mean something on the review type into the box.
		msg := "User: arn:aws:sts::111122223333:assumed-role/R/s is not authorized to perform: kms:Decrypt on resource: " + keyARN + " because no resource-based policy allows the kms:Decrypt action"
		m.Update(tea.PasteMsg{Content: msg})
		press(t, m, "q")
		if m.finished {
			t.Fatal("q in the box finished the wizard")
		}
		_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
		runCmd(m, cmd)
		if f.text != msg+"q" || f.a.AccountID != "111122223333" {
			t.Fatalf("Explain got %q with account %q", f.text, f.a.AccountID)
		}
		if m.ex.open || m.previewDoc().ID != wizard.DocKMSKeyPolicy {
			t.Fatalf("%v: box open %v, on %s; want the key policy", size, m.ex.open, m.previewDoc().ID)
		}
		s := screen(m)
		if !strings.Contains(s, "was refused kms:Decrypt") {
			t.Errorf("%v: the explanation is not beside the document:\n%s", size, s)
		}
		// The statement the explanation names is marked, and only it.
		sid := m.ex.result.Sid
		lines, marked := m.previewLines(m.previewWidth())
		var inMarked bool
		n := 0
		for i, mk := range marked {
			if mk {
				n++
				inMarked = inMarked || strings.Contains(ansi.Strip(lines[i]), `"Sid": "`+sid+`"`)
			}
		}
		if n == 0 || !inMarked || n == len(marked) {
			t.Errorf("%v: %d of %d lines marked, Sid %q among them: %v", size, n, len(marked), sid, inMarked)
		}
		// e then esc clears it.
		press(t, m, "e", "esc")
		if m.ex.result != nil || m.ex.open {
			t.Errorf("%v: esc did not close and clear", size)
		}
		if _, marked := m.previewLines(m.previewWidth()); slices.Contains(marked, true) {
			t.Errorf("%v: a statement is still marked after esc", size)
		}
	}
}

func TestReviewExplainSaysNoAWSError(t *testing.T) {
	m, _ := explainModel(t, 120, 40)
	press(t, m, "e")
	m.Update(tea.PasteMsg{Content: "hello"})
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	runCmd(m, cmd)
	if !m.statusErr || !strings.Contains(m.status, "no AWS error") || !m.ex.open {
		t.Errorf("status %q (err %v), box open %v", m.status, m.statusErr, m.ex.open)
	}
	// Without an Explain function the key is not offered and does nothing.
	a := completeAnswers()
	m2, _ := testModel(t, a, AnsweredFields(a.Normalized()))
	press(t, m2, "e")
	if m2.ex.open || strings.Contains(screen(m2), "explain error") {
		t.Error("e works without an Explain function")
	}
}

// e on the next-steps tab or on a document's details (both fill the
// screen) turns to a document, so that the box it opens is drawn.
func TestExplainFromNextStepsTabShowsTheBox(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		for _, keys := range [][]string{{"shift+tab"}, {"d"}} {
			m, _ := explainModel(t, size[0], size[1])
			press(t, m, keys...)
			if keys[0] == "shift+tab" && !m.onNextStepsTab() {
				t.Fatalf("shift+tab did not reach the next-steps tab (tab %d)", m.doc)
			}
			press(t, m, "e")
			if !m.ex.open {
				t.Fatalf("%v: e did not open the box", keys)
			}
			if s := screen(m); !strings.Contains(s, "Explain an AWS error") {
				t.Errorf("%dx%d %v then e: the box is not drawn:\n%s", size[0], size[1], keys, s)
			}
			if s := screen(m); size[0] < sideBySide && !strings.Contains(s, m.ex.input.Placeholder) {
				t.Errorf("%dx%d: the box's example is cut:\n%s", size[0], size[1], s)
			}
		}
	}
}
