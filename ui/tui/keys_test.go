package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

// Every key the help bar shows is an enabled binding of the state's keymap,
// in every state: the bar and Update read the same table.
func TestHelpBarComesFromEnabledBindings(t *testing.T) {
	states := map[string]*Model{}
	m, _ := testModel(t, wizard.Answers{}, nil)
	states["start"] = m
	m, _ = testModel(t, wizard.Answers{Setup: "personalize"}, map[string]bool{"setup": true})
	states["text question"] = m
	m = sized(t, completeAnswers(), wizard.StepKMS, 120, 40)
	press(t, m, "enter")
	if q := m.focusedQuestion(); q.Kind != wizard.KindMulti {
		t.Fatalf("on %s, want a multiple-choice question", m.focusedField())
	}
	states["multiple choice"] = m
	m, _ = testModel(t, completeAnswers(), AnsweredFields(completeAnswers()))
	states["review"] = m
	m, _ = testModel(t, completeAnswers(), AnsweredFields(completeAnswers()))
	press(t, m, "shift+tab")
	states["next steps tab"] = m
	o, _, _ := testOptions(wizard.Answers{}, nil)
	o.Resume = &ResumeOffer{Answers: completeAnswers()}
	states["resume offer"] = New(o)
	m, _, disk := testModelDisk(t, completeAnswers(), AnsweredFields(completeAnswers()))
	disk.files["/out/user-policy.json"] = []byte("mine")
	press(t, m, "s")
	if m.confirm == nil {
		t.Fatal("s over an existing file did not ask")
	}
	states["replace question"] = m
	m, _ = testModel(t, wizard.Answers{}, nil)
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	states["too small"] = m
	for name, m := range states {
		bar := m.keyMap().ShortHelp()
		if len(bar) == 0 {
			t.Errorf("%s: empty help bar", name)
		}
		for _, b := range bar {
			if !b.Enabled() || len(b.Keys()) == 0 || b.Help().Key == "" {
				t.Errorf("%s: the bar lists %q (%q), which is not an enabled binding with help", name, b.Help().Key, b.Keys())
			}
		}
	}
}

// A key no binding of the review's keymap holds does nothing there.
func TestUnboundKeyDoesNothing(t *testing.T) {
	m, _ := testModel(t, completeAnswers(), AnsweredFields(completeAnswers()))
	before := screen(m)
	press(t, m, "z", "ctrl+o", "!")
	if after := screen(m); after != before {
		t.Errorf("unbound keys changed the review:\n%s", after)
	}
}
