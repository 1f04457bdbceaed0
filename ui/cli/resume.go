package cli

import (
	"os"
	"path/filepath"

	"permwiz/ui/tui"
	"permwiz/wizard"
)

// StateDirEnv overrides where the wizard keeps the answers of an unfinished
// session; tests point it at a temporary folder.
const StateDirEnv = "PERMWIZ_STATE_DIR"

// resumePath is the file an interrupted wizard keeps its answers in: under
// the user's config folder (XDG_CONFIG_HOME, ~/Library/Application Support,
// %AppData%), never in the project folder.
func resumePath(ios *IOStreams) (string, error) {
	if dir := ios.getenv(StateDirEnv); dir != "" {
		return filepath.Join(dir, "resume.yaml"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "permwiz", "resume.yaml"), nil
}

// loadResume reads the kept answers, if any. A file that cannot be read is
// treated as no file: the wizard starts afresh rather than failing.
func loadResume(path string) *tui.ResumeOffer {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	a, err := wizard.UnmarshalAnswers(data)
	if err != nil || !hasSummary(a) {
		return nil
	}
	return &tui.ResumeOffer{Answers: a, When: st.ModTime()}
}

// keepAnswers writes the answers for the next start.
func keepAnswers(path string, a wizard.Answers) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return WriteFiles(filepath.Dir(path), []File{{Name: filepath.Base(path), Data: wizard.MarshalAnswers(a)}}, true)
}

// hasSummary reports whether kept answers say anything worth resuming: any
// of the answers the resume screen names.
func hasSummary(a wizard.Answers) bool {
	for _, f := range wizard.Fields() {
		if f.Summary && a.Value(f.Name) != "" {
			return true
		}
	}
	return false
}
