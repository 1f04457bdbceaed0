package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"permwiz/wizard"
)

// StateDirEnv overrides where the wizard keeps the answers of an unfinished
// session; tests point it at a temporary folder.
const StateDirEnv = "PERMWIZ_STATE_DIR"

// resumePath is the file an interrupted wizard keeps its answers in: under
// the user's config folder (XDG_CONFIG_HOME, ~/Library/Application Support,
// %AppData%), never in the project folder.
func resumePath() (string, error) {
	if dir := os.Getenv(StateDirEnv); dir != "" {
		return filepath.Join(dir, "resume.yaml"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "permwiz", "resume.yaml"), nil
}

// resumeOffer is the question at start: the last session's answers, kept
// when it was interrupted.
type resumeOffer struct {
	answers wizard.Answers
	when    time.Time
}

// loadResume reads the kept answers, if any. A file that cannot be read is
// treated as no file: the wizard starts afresh rather than failing.
func loadResume(path string) *resumeOffer {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	a, err := wizard.UnmarshalAnswers(data)
	if err != nil || a.AccountID == "" && a.Region == "" && a.Bucket == "" && a.Stream == "" && a.RoleName == "" {
		return nil
	}
	return &resumeOffer{answers: a, when: st.ModTime()}
}

// keepAnswers writes the answers for the next start.
func keepAnswers(path string, a wizard.Answers) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return WriteFiles(filepath.Dir(path), []File{{Name: filepath.Base(path), Data: wizard.MarshalAnswers(a)}}, true)
}

func (m *model) resumeKey(k resumeKeys, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case matches(msg, k.Quit):
		return m.abort()
	case matches(msg, k.Resume):
		m.a = m.resume.answers
		m.resume = nil
		m.cache.draft = nil
		m.inputs = map[string]*textinput.Model{}
		m.steps = nil
		m.refreshSteps()
		m.step, m.field = firstUnanswered(m.a, m.steps, answeredFields(m.a))
		m.focus()
		m.setStatus(false, "resumed your last answers")
	case matches(msg, k.Afresh):
		m.resume = nil
		m.setStatus(false, "starting afresh; the kept answers are replaced when you next quit")
	}
	return nil
}

func (m *model) renderResume() string {
	r := m.resume
	a := r.answers.Normalized()
	what := "Amazon Personalize"
	if a.Setup == wizard.SetupKinesis {
		what = "Kinesis"
	}
	lines := []string{
		m.st.title.Render("Resume where you stopped?"),
		"",
		fmt.Sprintf("You stopped permwiz on %s with answers for %s:", r.when.Format("2 Jan 15:04"), what),
	}
	for _, f := range []string{wizard.FieldAccountID, wizard.FieldRegion, wizard.FieldRoleName, wizard.FieldBucket, wizard.FieldStream, wizard.FieldKMSKeyARN} {
		if v := r.answers.Value(f); v != "" {
			lines = append(lines, "  "+wizard.Ask(f).Title+": "+v)
		}
	}
	lines = append(lines, "", "y resumes them; n starts afresh.")
	return strings.Join(lines, "\n")
}

// answeredFields treats every question as answered by a file or a kept
// session: a file that leaves kms_key_arn out chose no key. The wizard then
// opens on the first answer that is missing or invalid, or the review.
func answeredFields(a wizard.Answers) map[string]bool {
	out := map[string]bool{}
	for _, s := range wizard.Steps(a) {
		for _, f := range s.Fields {
			out[f] = true
		}
	}
	return out
}
