package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/permwiz/permwiz/ui/tui"
	"github.com/permwiz/permwiz/wizard"
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
// treated as no file: the wizard starts afresh rather than failing. A path
// that is not a regular file (a FIFO would block the start on a blank
// screen) is not opened; the second result says so, for stderr.
func loadResume(path string) (*tui.ResumeOffer, string) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, ""
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Sprintf("%s is %s, not a regular file; not resuming from it (remove it to keep answers there again)", path, fileKind(st.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAnswersInput+1))
	if err != nil || len(data) > maxAnswersInput {
		return nil, ""
	}
	a, err := wizard.UnmarshalAnswers(data)
	if err != nil || !hasSummary(a) {
		return nil, ""
	}
	return &tui.ResumeOffer{Answers: a, When: st.ModTime()}, ""
}

// keepAnswers writes the answers for the next start. They hold account IDs
// and ARNs, so the file is 0600 in a 0700 folder, and a folder that exists
// with wider permissions is narrowed (it is permwiz's own).
func keepAnswers(path string, a wizard.Answers) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, st.Mode().Perm()&0o700); err != nil {
			return err
		}
	}
	return WriteFileAtomic(path, wizard.MarshalAnswers(a), true, 0o600)
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
