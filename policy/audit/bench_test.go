package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
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

// "Did you mean" over many unknown names must stay cheap: 1,000 distinct
// unknown ec2 actions (ec2 has the most actions) and 1,000 unknown services.
// The suggestions memo is bypassed by giving every iteration new names.
func BenchmarkLintUnknownNames(b *testing.B) {
	c := catalogue()
	l := &linter{cat: c}
	n := 0
	for b.Loop() {
		for i := range 1000 {
			n++
			l.suggest("ec2", fmt.Sprintf("DescribeInstancez%d", n*1000+i))
			nearService(c, fmt.Sprintf("nosuchservice%d", n*1000+i))
		}
	}
}

// The baseline for BenchmarkLintUnknownNames: what "did you mean" did
// before, a full edit distance to every name.
func BenchmarkLintUnknownNamesUnbounded(b *testing.B) {
	c := catalogue()
	ec2, _ := c.Service("ec2")
	n := 0
	for b.Loop() {
		for i := range 1000 {
			n++
			q := strings.ToLower(fmt.Sprintf("DescribeInstancez%d", n*1000+i))
			for _, name := range ec2.LowerActionNames() {
				editDistance(q, name)
			}
			s := fmt.Sprintf("nosuchservice%d", n*1000+i)
			for _, p := range c.Index {
				editDistance(s, p.Prefix)
			}
		}
	}
}
