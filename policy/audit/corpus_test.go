package audit

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
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

// Over every AWS managed policy (documents AWS itself accepts): every
// action is checked against the catalogue, and no error is one the
// catalogue contradicts. The counts per rule are in the README.
func TestLintManagedCorpus(t *testing.T) {
	names, docs := managedCorpus(t)
	if len(names) < 1500 {
		t.Fatalf("only %d managed policies", len(names))
	}
	c := catalogue()
	counts := map[string]int{}
	step := 1
	if testing.Short() {
		step = 4 // every 4th policy; the full run covers all
	}
	for i := 0; i < len(docs); i += step {
		d := docs[i]
		_, fs, _ := LintFile(d, policy.KindIdentity, nil)
		if i%16 == 0 { // the command's way: the file's bytes handed over
			if _, owned, _ := LintFileOwned(bytes.Clone(d), policy.KindIdentity, nil); !reflect.DeepEqual(owned, fs) {
				t.Errorf("%s: LintFileOwned found %v, LintFile %v", names[i], owned, fs)
			}
		}
		for _, f := range fs {
			counts[string(f.Severity)+" "+f.Rule]++
			switch f.Rule {
			case policy.RuleUncheckedService:
				t.Errorf("%s: unchecked: %s", names[i], f)
			case policy.RuleARNRegion, policy.RuleARNAccount, policy.RuleConditionKey:
				// Every such finding so far was a wrong match: the catalogue
				// has the key, or a * that may be empty.
				if f.Rule != policy.RuleConditionKey || !strings.Contains(f.Message, "aws:PrincipalOrgMasterAccountId") && !strings.Contains(f.Message, "lakeformation:GlueARN") {
					t.Errorf("%s: %s", names[i], f)
				}
			case policy.RuleUnknownAction, policy.RuleUnknownService:
				// The catalogue must agree: look the name up directly.
				q := strings.Split(f.Message, `"`)[1]
				svc, name, _ := strings.Cut(q, ":")
				if f.Rule == policy.RuleUnknownService && c.HasService(svc) {
					t.Errorf("%s: %s is a service", names[i], svc)
				}
				if _, ok := c.Action(svc, name); ok && f.Rule == policy.RuleUnknownAction {
					t.Errorf("%s: %s is an action", names[i], q)
				}
			}
		}
	}
	t.Logf("findings over %d managed policies: %v", len(names), counts)
}
