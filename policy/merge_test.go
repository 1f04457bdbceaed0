package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	tests := []struct {
		name      string
		fixture   string
		add       *Document
		added     []string
		kept      int // frame statements left out
		granted   int // statements left out as already granted
		warnings  int
		finalSids []string // Sids of the result, in order ("" for none)
	}{
		{name: "console default key policy", fixture: "console-default-key-policy.json", add: personalizeKeyWant(),
			added: []string{"AllowPersonalizeUseOfTheKey"}, kept: 1,
			finalSids: []string{"Enable IAM User Permissions", "Allow access for Key Administrators", "Allow use of the key", "Allow attachment of persistent resources", "AllowPersonalizeUseOfTheKey"}},
		{name: "programmatic default: frame has another Sid", fixture: "default-key-policy-programmatic.json", add: personalizeKeyWant(),
			added: []string{"AllowPersonalizeUseOfTheKey"}, kept: 1,
			finalSids: []string{"Enable IAM policies", "AllowPersonalizeUseOfTheKey"}},
		{name: "key-users Sid collides with the AWS example, not with permwiz", fixture: "key-policy-aws-example-collides.json", add: personalizeKeyWant(),
			kept: 1, granted: 1, finalSids: []string{"Enable IAM User Permissions", "Allow use of the key"}},
		{name: "wildcards already cover", fixture: "key-policy-wildcard-covers.json", add: personalizeKeyWant(),
			kept: 1, granted: 1, finalSids: []string{"Enable IAM User Permissions", "PersonalizeUsesKey"}},
		{name: "bucket with other grants", fixture: "bucket-policy-existing-grants.json", add: personalizeBucketWant(),
			added: []string{"PersonalizeS3BucketAccessPolicy"}, finalSids: []string{"AllowAnalyticsRead", "DenyInsecureTransport", "PersonalizeS3BucketAccessPolicy"}},
		{name: "VPC endpoint Deny: merged, with a warning", fixture: "bucket-policy-deny-vpce.json", add: personalizeBucketWant(),
			added: []string{"PersonalizeS3BucketAccessPolicy"}, warnings: 1, finalSids: []string{"AccessOnlyThroughVPCE", "PersonalizeS3BucketAccessPolicy"}},
		{name: "single statement object, s3:* covers", fixture: "bucket-policy-wildcard-covers.json", add: personalizeBucketWant(),
			granted: 1, finalSids: []string{"PersonalizeAll"}},
		{name: "trust policy of another service", fixture: "trust-policy-other-service.json", add: personalizeTrustWant(),
			added: []string{"AllowPersonalizeToAssumeRole"}, finalSids: []string{"", "AllowPersonalizeToAssumeRole"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(readFixture(t, "existing", tc.fixture))
			res, err := Merge(in, tc.add)
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			if strings.Join(res.Added, ",") != strings.Join(tc.added, ",") || len(res.Kept) != tc.kept || len(res.AlreadyGranted) != tc.granted || len(res.Warnings) != tc.warnings {
				t.Errorf("added %v kept %v granted %v warnings %v", res.Added, res.Kept, res.AlreadyGranted, res.Warnings)
			}
			out := mustParse(t, string(res.Data))
			var sids []string
			for _, s := range out.Statement {
				sids = append(sids, s.Sid)
			}
			if strings.Join(sids, "|") != strings.Join(tc.finalSids, "|") {
				t.Errorf("Sids = %q, want %q", sids, tc.finalSids)
			}
			assertLossless(t, in, res.Data)
			again, err := Merge(res.Data, tc.add)
			if err != nil {
				t.Fatalf("second Merge: %v", err)
			}
			if !bytes.Equal(again.Data, res.Data) {
				t.Errorf("merging twice changed the result:\n%s\n---\n%s", res.Data, again.Data)
			}
			if len(again.Added)+len(again.Replaced) != 0 {
				t.Errorf("second merge added %v replaced %v", again.Added, again.Replaced)
			}
			if !strings.HasSuffix(string(res.Data), "}\n") || !strings.Contains(string(res.Data), "\n    \"Statement\": [") {
				t.Errorf("not indented as permwiz indents:\n%s", res.Data)
			}
			if !strings.Contains(res.Report(), "size: ") {
				t.Errorf("report without a size: %s", res.Report())
			}
		})
	}
}

// The console puts Id before Version; the merged policy keeps that order.
func TestMergeKeepsTopLevelOrder(t *testing.T) {
	res, err := Merge([]byte(readFixture(t, "existing", "console-default-key-policy.json")), personalizeKeyWant())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(res.Data), "{\n    \"Id\": \"key-consolepolicy-3\",\n    \"Version\"") {
		t.Errorf("top-level order changed:\n%.80s", res.Data)
	}
}

func TestMergeReplacesOwnStatement(t *testing.T) {
	// An earlier permwiz statement for fewer workflows: same Sid, same
	// grantee, fewer actions. Merging the current one replaces it in place.
	old := `{"Version":"2012-10-17","Statement":[{"Sid":"Keep","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Other"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-data/*"},` +
		`{"Sid":"PersonalizeS3BucketAccessPolicy","Effect":"Allow","Principal":{"Service":"personalize.amazonaws.com"},"Action":["s3:GetObject"],"Resource":"arn:aws:s3:::my-data/*"},` +
		`{"Sid":"After","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::my-data"}]}`
	res, err := Merge([]byte(old), personalizeBucketWant())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Replaced, ",") != "PersonalizeS3BucketAccessPolicy" || len(res.Added) != 0 {
		t.Errorf("replaced %v added %v", res.Replaced, res.Added)
	}
	d := mustParse(t, string(res.Data))
	if len(d.Statement) != 3 || d.Statement[1].Sid != "PersonalizeS3BucketAccessPolicy" || len(d.Statement[1].Action) != 3 {
		t.Errorf("not replaced in place:\n%s", res.Data)
	}
}

func TestMergeRefuses(t *testing.T) {
	big := `{"Version":"2012-10-17","Statement":[` + strings.Repeat(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"},`, 160) +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}`
	tests := []struct {
		name string
		in   string
		add  *Document
		msg  string
	}{
		{"not JSON", readFixture(t, "malformed", "not-json.txt"), personalizeKeyWant(), "not a policy document"},
		{"JSON list", readFixture(t, "malformed", "list.json"), personalizeKeyWant(), "not a policy document"},
		{"no Statement", readFixture(t, "malformed", "no-statement.json"), personalizeKeyWant(), "Statement: missing"},
		{"wrong Version", readFixture(t, "malformed", "wrong-version.json"), personalizeKeyWant(), "Version"},
		{"legacy Version", readFixture(t, "malformed", "legacy-version.json"), personalizeBucketWant(), "2008-10-17"},
		{"foreign statement with permwiz's Sid", `{"Version":"2012-10-17","Statement":[{"Sid":"PersonalizeS3BucketAccessPolicy","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*","Resource":"*"}]}`,
			personalizeBucketWant(), "is not permwiz's statement"},
		{"Deny with permwiz's Sid", `{"Version":"2012-10-17","Statement":[{"Sid":"PersonalizeS3BucketAccessPolicy","Effect":"Deny","Principal":{"Service":"personalize.amazonaws.com"},"Action":"s3:*","Resource":"*"}]}`,
			personalizeBucketWant(), "is not permwiz's statement"},
		{"over the bucket policy limit", big, personalizeBucketWant(), "over the AWS limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Merge([]byte(tc.in), tc.add)
			if err == nil {
				t.Fatalf("merged:\n%.200s", res.Data)
			}
			var me *MergeError
			if !errors.As(err, &me) {
				t.Errorf("error %T is not a MergeError: %v", err, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
			if res.Data != nil {
				t.Error("a refused merge returned data")
			}
		})
	}
}

// An indented result over the limit whose compact form fits is written
// compact rather than refused.
func TestMergeFallsBackToCompact(t *testing.T) {
	var stmts []string
	for i := 0; len(strings.Join(stmts, ",")) < 18500; i++ {
		stmts = append(stmts, `{"Sid":"S`+strings.Repeat("x", 3)+string(rune('a'+i%26))+string(rune('a'+i/26%26))+`","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}`)
	}
	res, err := Merge([]byte(`{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`), personalizeBucketWant())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Compact || res.Size.Over() || bytes.Contains(res.Data, []byte("\n    ")) {
		t.Errorf("compact = %v, size %s", res.Compact, res.Size)
	}
}

func TestMergeUnwrapsCLIOutput(t *testing.T) {
	policy := readFixture(t, "existing", "console-default-key-policy.json")
	wrapped, _ := json.Marshal(map[string]string{"Policy": policy, "PolicyName": "default"})
	res, err := Merge(wrapped, personalizeKeyWant())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unwrapped || len(res.Added) != 1 {
		t.Errorf("unwrapped %v added %v", res.Unwrapped, res.Added)
	}
	assertLossless(t, []byte(policy), res.Data)
}

// Property: for every fixture and every document to add, the merge keeps
// every input statement with the same JSON (white space aside) and the
// same parsed meaning, and merging the result again changes nothing.
func TestMergeIdempotentAndLossless(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "existing", "*.json"))
	if len(files) < 5 {
		t.Fatalf("only %d fixtures", len(files))
	}
	adds := []*Document{personalizeKeyWant(), personalizeBucketWant(), personalizeTrustWant()}
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, add := range adds {
			res, err := Merge(in, add)
			if err != nil {
				var me *MergeError
				if !errors.As(err, &me) {
					t.Errorf("%s + %s: %v", f, add.Kind, err)
				}
				continue
			}
			assertLossless(t, in, res.Data)
			again, err := Merge(res.Data, add)
			if err != nil || !bytes.Equal(again.Data, res.Data) {
				t.Errorf("%s + %s: not idempotent (%v)", f, add.Kind, err)
			}
		}
	}
}

// assertLossless checks that every statement of in is in out, in order,
// with the same compact JSON and the same parsed form.
func assertLossless(t testing.TB, in, out []byte) {
	t.Helper()
	assertLosslessExcept(t, in, out, nil)
}

// assertLosslessExcept is assertLossless for a merge that replaced the
// statements with the given Sids (permwiz's own, from an earlier merge).
func assertLosslessExcept(t testing.TB, in, out []byte, replaced map[string]bool) {
	t.Helper()
	in, _ = UnwrapCLI(in)
	_, _, before, err := rawParts(in)
	if err != nil {
		t.Fatalf("input: %v", err)
	}
	_, _, after, err := rawParts(out)
	if err != nil {
		t.Fatalf("output: %v", err)
	}
	din, err1 := Parse(in)
	dout, err2 := Parse(out)
	if err1 != nil || err2 != nil {
		t.Fatalf("parse: %v / %v", err1, err2)
	}
	if len(after) < len(before) {
		t.Fatalf("%d statements in, %d out", len(before), len(after))
	}
	j := 0
	for i, b := range before {
		if replaced[din.Statement[i].Sid] {
			continue
		}
		cb := compactJSON(t, b)
		for j < len(after) && !bytes.Equal(compactJSON(t, after[j]), cb) {
			j++
		}
		if j == len(after) {
			t.Fatalf("input Statement[%d] is gone or changed: %s", i, cb)
		}
		x, _ := din.Statement[i].MarshalJSON()
		y, _ := dout.Statement[j].MarshalJSON()
		if !bytes.Equal(x, y) {
			t.Fatalf("Statement[%d] changed meaning: %s -> %s", i, x, y)
		}
		j++
	}
}

func compactJSON(t testing.TB, b []byte) []byte {
	var c bytes.Buffer
	if err := json.Compact(&c, b); err != nil {
		t.Fatal(err)
	}
	return c.Bytes()
}
