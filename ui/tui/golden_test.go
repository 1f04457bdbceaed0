package tui

import (
	"os"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

// TestGoldenScreens compares View() with colour stripped against
// testdata/screen-*.txt; run `go test ./ui/tui -run Golden -update` to accept
// a change after looking at the diff.
func TestGoldenScreens(t *testing.T) {
	partial := wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole"}
	partialPreset := map[string]bool{"setup": true, "account_id": true, "region": true, "role_name": true}
	tests := []struct {
		name   string
		a      wizard.Answers
		preset map[string]bool
		keys   []string
		w, h   int
	}{
		{"start-120x40", wizard.Answers{}, nil, nil, 120, 40},
		{"basics-invalid-120x40", wizard.Answers{}, nil, []string{"enter", "1234", "enter"}, 120, 40},
		{"role-120x40", partial, partialPreset, []string{"enter", "enter", "enter", "/service-role/"}, 120, 40},
		{"s3-80x24", partial, partialPreset, []string{"enter", "enter", "enter", "enter", "enter", "enter", "enter", "my-data", "enter"}, 80, 24},
		{"review-120x40", completeAnswers(), AnsweredFields(completeAnswers()), nil, 120, 40},
		{"review-next-steps-80x24", completeAnswers(), AnsweredFields(completeAnswers()), []string{"shift+tab"}, 80, 24},
		{"kinesis-key-100x30", wizard.Answers{Setup: "kinesis", AccountID: "111122223333", Region: "us-west-2", Stream: "orders"},
			map[string]bool{"setup": true, "account_id": true, "region": true, "stream": true}, []string{"arn:aws:kms:us-west-2:"}, 100, 30},
		{"too-small", wizard.Answers{}, nil, nil, 70, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(Options{Answers: tt.a, Preset: tt.preset, Out: "./permwiz-policies", Plain: true, Lint: testLint})
			m.Update(tea.WindowSizeMsg{Width: tt.w, Height: tt.h})
			press(t, m, tt.keys...)
			got := screen(m) + "\n"
			path := filepath.Join("testdata", "screen-"+tt.name+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs; run with -update after checking.\ngot:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}
