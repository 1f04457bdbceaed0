package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// ResumeOffer is the question at start: the last session's answers, kept
// when it was interrupted. The launcher loads it and hands it to New.
type ResumeOffer struct {
	Answers wizard.Answers
	When    time.Time // when they were kept
}

func (m *Model) resumeKey(k resumeKeys, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, k.Quit):
		return m.abort()
	case matches(msg, k.Resume):
		m.a = m.resume.Answers
		// What the command line answered wins over the kept answers; the
		// rest of the kept session comes back.
		for f := range m.presetF {
			m.a.SetValue(f, m.preset.Value(f))
		}
		m.resume = nil
		m.cache.draft = nil
		m.inputs = map[string]*textinput.Model{}
		m.steps, m.hidden = nil, nil
		m.refreshSteps()
		m.step, m.field = firstUnanswered(m.a, m.steps, AnsweredFields(m.a))
		m.focus()
		m.setStatus(false, "resumed your last answers")
	case matches(msg, k.Afresh):
		m.resume = nil
		m.setStatus(false, "starting afresh; the kept answers are replaced only when you quit with answers of your own")
	}
	return nil
}

func (m *Model) renderResume() string {
	r := m.resume
	a := r.Answers.Normalized()
	what := "Amazon Personalize"
	if a.Setup == wizard.SetupKinesis {
		what = "Kinesis"
	}
	lines := []string{
		m.st.title.Render("Resume where you stopped?"),
		"",
		fmt.Sprintf("You stopped permwiz on %s with answers for %s:", r.When.Format("2 Jan 15:04"), what),
	}
	for _, f := range wizard.Fields() {
		if v := r.Answers.Value(f.Name); f.Summary && v != "" {
			// A kept file is not trusted to be printable; an ARN is broken
			// over lines, never cut, as everywhere else.
			for _, l := range wrapWords(f.Title+": "+policy.Printable(v), max(m.width-2, 10)) {
				lines = append(lines, "  "+l)
			}
		}
	}
	lines = append(lines, "", "y resumes them; n starts afresh.")
	return strings.Join(lines, "\n")
}

// AnsweredFields treats every question as answered by a file or a kept
// session: a file that leaves kms_key_arn out chose no key. The wizard then
// opens on the first answer that is missing or invalid, or the review.
func AnsweredFields(a wizard.Answers) map[string]bool {
	out := map[string]bool{}
	for _, s := range wizard.Steps(a) {
		for _, f := range s.Fields {
			out[f] = true
		}
	}
	return out
}
