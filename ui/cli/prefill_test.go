package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"

	"github.com/permwiz/permwiz/ui/tui"
	"github.com/permwiz/permwiz/wizard"
)

// Flags pre-fill the wizard and mark their questions answered; an answers
// file answers every question it could have held.
func TestPresetFields(t *testing.T) {
	file := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(file, []byte("account_id: \"111122223333\"\nregion: eu-west-1\nrole_name: R\nbucket: my-data\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		wantStep  string
		wantField string
	}{
		{"flags answer the basics", []string{"--account-id", "111122223333", "--region", "us-east-1", "--role-name", "R"}, wizard.StepUser, wizard.FieldUserAccess},
		{"a bad flag is asked again", []string{"--account-id", "1234", "--region", "us-east-1", "--role-name", "R"}, wizard.StepBasics, wizard.FieldAccountID},
		{"kinesis flags", []string{"--setup", "kinesis", "--account-id", "111122223333", "--region", "us-east-1"}, wizard.StepStream, wizard.FieldStream},
		{"an answers file resumes at the review", []string{"--answers", file}, wizard.StepReview, ""},
		{"a flag over a file", []string{"--answers", file, "--bucket", "Bad Bucket!"}, wizard.StepS3, wizard.FieldBucket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o WizardOptions
			fs := pflag.NewFlagSet("permwiz", pflag.ContinueOnError)
			o.Bind(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			a, err := o.Flags.Answers()
			if err != nil {
				t.Fatal(err)
			}
			m := tui.New(tui.Options{Answers: a, Preset: o.Flags.presetFields(a), Plain: true})
			if id, field := m.Focus(); id != tt.wantStep || field != tt.wantField {
				t.Errorf("opened on %s/%s, want %s/%s", id, field, tt.wantStep, tt.wantField)
			}
		})
	}
}
