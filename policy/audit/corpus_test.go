package audit

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"permwiz/policy"
)

// managedCorpus returns the default-version documents of every AWS managed
// policy (testdata/managed/policies.json.gz, written by
// assets/gen/managed.mjs), sorted by name.
func managedCorpus(tb testing.TB) (names []string, docs [][]byte) {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "managed", "policies.json.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	var c struct {
		Policies map[string]json.RawMessage `json:"policies"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		tb.Fatal(err)
	}
	for n := range c.Policies {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var b bytes.Buffer
		if err := json.Indent(&b, c.Policies[n], "", "  "); err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, b.Bytes())
	}
	return names, docs
}

// BenchmarkLintManagedCorpus lints every AWS managed policy once per
// iteration, as `permwiz lint --kind identity` does.
func BenchmarkLintManagedCorpus(b *testing.B) {
	_, docs := managedCorpus(b)
	for b.Loop() {
		for _, d := range docs {
			LintFile(d, policy.KindIdentity, nil)
		}
	}
}
