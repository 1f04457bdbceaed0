package audit

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
)

// differentialCases are requests over real AWS managed policies decided by
// @cloud-copilot/iam-simulate (testdata/differential/cases.json.gz, written
// by assets/gen/differential.mjs).
type differentialCases struct {
	Simulator string                     `json:"simulator"`
	Context   map[string]string          `json:"context"`
	Policies  map[string]json.RawMessage `json:"policies"`
	Cases     []struct {
		Policy    string `json:"policy"`
		Action    string `json:"action"`
		Resource  string `json:"resource"`
		Simulator string `json:"simulator"` // Allowed, ImplicitlyDenied, ExplicitlyDenied
	} `json:"cases"`
}

// differenceReason returns why permwiz decides a request otherwise than the
// simulator on purpose, or "" when it should not. Both are decisions about
// what audit.Evaluate is: the decision of ONE policy, the question check
// and merge ask ("does this policy grant it?").
func differenceReason(policyName, action, resource string, got, sim Outcome) string {
	switch {
	case policyName == "AWSWAFConsoleFullAccess" && strings.HasPrefix(action, "wafv2:") && got == Allowed && sim == ImplicitDeny:
		// The policy's Resource is arn:aws:wafv2:*:*:*/webacl/*/*: a * that
		// starts the resource part. IAM matches it (a * is any run of
		// characters, '/' included; AWS's own managed policy relies on it);
		// the simulator does not, even for wafv2:GetWebACL on
		// arn:aws:wafv2:us-east-1:111122223333:regional/webacl/x/x.
		return "simulator: a * at the start of the resource part"
	case strings.EqualFold(action, "sts:GetCallerIdentity") && got != Allowed && sim == Allowed:
		// AWS answers GetCallerIdentity whatever the policies say, even an
		// explicit Deny ("No permissions are required to perform this
		// operation", STS API Reference); the simulator models that. Whether a policy grants
		// it is still the question for permwiz.
		return "sts:GetCallerIdentity needs no permission"
	case strings.HasPrefix(strings.ToLower(action), "kms:") && strings.Contains(resource, ":key/") && got == Allowed && sim == ImplicitDeny:
		// A KMS key's key policy must allow the account (or the caller)
		// before an identity policy can grant anything on the key; the
		// simulator, given no key policy, denies. permwiz evaluates the key
		// policy as a policy of its own (wizard's key policy, check --doc
		// kms-key-policy).
		return "a KMS key also needs its key policy"
	}
	return ""
}

func TestDifferentialAgainstIAMSimulate(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "differential", "cases.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var dc differentialCases
	if err := json.NewDecoder(zr).Decode(&dc); err != nil {
		t.Fatal(err)
	}
	if len(dc.Cases) < 1000 {
		t.Fatalf("only %d cases", len(dc.Cases))
	}
	ctx := map[string][]string{}
	for k, v := range dc.Context {
		ctx[k] = []string{v}
	}
	docs := map[string]*policy.Document{}
	for name, raw := range dc.Policies {
		d, err := policy.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = d
	}
	want := map[string]Outcome{"Allowed": Allowed, "ImplicitlyDenied": ImplicitDeny, "ExplicitlyDenied": ExplicitDeny}
	outcomes := map[Outcome]int{}
	var diffs []string
	explained := map[string]int{}
	step := 1
	if testing.Short() {
		step = 4 // every 4th case; the full run replays all
	}
	for i := 0; i < len(dc.Cases); i += step {
		c := dc.Cases[i]
		got := Evaluate(docs[c.Policy], Request{Action: c.Action, Resource: c.Resource, Context: ctx}).Outcome
		outcomes[got]++
		if got == want[c.Simulator] {
			continue
		}
		key := c.Policy + " " + c.Action + " " + c.Resource
		if why := differenceReason(c.Policy, c.Action, c.Resource, got, want[c.Simulator]); why != "" {
			explained[why]++
			continue
		}
		diffs = append(diffs, key+": permwiz "+string(got)+", simulator "+c.Simulator)
	}
	sort.Strings(diffs)
	for i, d := range diffs {
		if i == 40 {
			t.Errorf("... and %d more", len(diffs)-40)
			break
		}
		t.Error(d)
	}
	t.Logf("%d cases against %s: permwiz %v; %d explained differences %v; %d unexplained", len(dc.Cases), dc.Simulator, outcomes, sum(explained), explained, len(diffs))
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
