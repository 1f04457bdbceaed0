package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
)

// BenchmarkKeystroke measures one keystroke in a text field on the fullest
// setup (every workflow, a key for the dataset group and the bucket),
// through Update and View at 120×40 with the live preview: what the user
// waits for on every key. A 60 Hz frame is 16 ms; the target is 1 ms.
func BenchmarkKeystroke(b *testing.B) {
	a := completeAnswers()
	a.CloudWatch = true
	m := New(Options{Answers: a, Preset: map[string]bool{"setup": true}, Plain: false, Lint: testLint})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.goToField(wizard.FieldBucket)
	keys := []tea.KeyPressMsg{{Code: 'x', Text: "x"}, {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}

// BenchmarkHighlight compares the hand-written tokenizer the preview uses
// with what a full frame costs, on the largest document.
func BenchmarkHighlight(b *testing.B) {
	bundle, err := wizard.Build(completeAnswers())
	if err != nil {
		b.Fatal(err)
	}
	st := newStyles(false)
	data := string(bundle.Doc(wizard.DocKMSKeyPolicy).Policy.JSON())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
			_ = st.highlightJSONLine(line)
		}
	}
}
