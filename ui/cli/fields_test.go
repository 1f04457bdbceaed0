package cli

import (
	"testing"

	"github.com/permwiz/permwiz/wizard"
)

// TestEveryAnswerIsAGenerateFlag: each row of the answers table is a flag
// of permwiz generate, of the type its kind asks for, with its usage text.
func TestEveryAnswerIsAGenerateFlag(t *testing.T) {
	cmd := newGenerateCmd()
	for _, f := range wizard.Fields() {
		fl := cmd.Flags().Lookup(f.Flag)
		if fl == nil {
			t.Errorf("permwiz generate has no --%s for %s", f.Flag, f.Name)
			continue
		}
		want := "string"
		switch f.Kind {
		case wizard.KindBool:
			want = "bool"
		case wizard.KindList, wizard.KindMulti:
			want = "stringSlice"
		}
		if got := fl.Value.Type(); got != want {
			t.Errorf("--%s is a %s, want %s", f.Flag, got, want)
		}
		if fl.Usage != f.Usage {
			t.Errorf("--%s usage %q, want %q", f.Flag, fl.Usage, f.Usage)
		}
	}
}
