package audit

import (
	"os"
	"path/filepath"
	"testing"

	"permwiz/policy"
)

// The wizard may lint the document under review on every keystroke, so
// lint must stay well under a frame (16 ms).
func BenchmarkLintKeyPolicy(b *testing.B) {
	d := personalizeKeyWant()
	for b.Loop() {
		Lint(d)
	}
}

func BenchmarkLintBytesConsoleKeyPolicy(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "existing", "console-default-key-policy.json"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		lintData(data, policy.KindKey)
	}
}

func BenchmarkMergeConsoleKeyPolicy(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "existing", "console-default-key-policy.json"))
	if err != nil {
		b.Fatal(err)
	}
	add := personalizeKeyWant()
	for b.Loop() {
		if _, err := Merge(data, add); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckIdentityWildcard(b *testing.B) {
	// personalize:* against a partial grant expands to every Personalize
	// action: the most evaluation work check does for a generated document.
	existing, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"personalize:Describe*","Resource":"*"}]}`))
	if err != nil {
		b.Fatal(err)
	}
	want := &policy.Document{Version: policy.Version, Kind: policy.KindIdentity, Statement: []policy.Statement{{Sid: "UsePersonalize", Effect: policy.Allow, Action: policy.List{"personalize:*"}, Resource: policy.Strings{"*"}}}}
	for b.Loop() {
		Check(existing, want)
	}
}
