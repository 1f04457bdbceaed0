package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
)

func TestMerge(t *testing.T) {
	tests := []struct {
		name      string
		fixture   string
		add       *policy.Document
		added     []string
		kept      int // frame statements left out
		granted   int // statements left out as already granted
		warnings  int
		broader   int      // existing statements named as broader than permwiz's
		says      []string // substrings of the report
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
		{name: "unguarded grant to the service is not already granted", fixture: "trust-policy-unguarded.json", add: personalizeTrustWant(),
			added: []string{"AllowPersonalizeToAssumeRole"}, broader: 1, finalSids: []string{"", "AllowPersonalizeToAssumeRole"},
			says: []string{`WARNING: Statement[0] lets personalize.amazonaws.com sts:AssumeRole for any account's resources (no aws:SourceAccount/aws:SourceArn): the confused-deputy guard permwiz adds has no effect while it stands; remove it or add the conditions (merge never changes or removes an existing statement; permwiz's "AllowPersonalizeToAssumeRole" stands beside it)`}},
		{name: "grant for another account's resources", fixture: "trust-policy-other-account.json", add: personalizeTrustWant(),
			added: []string{"AllowPersonalizeToAssumeRole"}, broader: 1, finalSids: []string{"", "AllowPersonalizeToAssumeRole"},
			says: []string{"WARNING: Statement[0] lets personalize.amazonaws.com sts:AssumeRole for the resources of account 999999999999"}},
		{name: "guarded grant counts", fixture: "trust-policy-guarded.json", add: personalizeTrustWant(),
			granted: 1, finalSids: []string{""}, says: []string{"nothing to add"}},
		{name: "unconditioned grant to a producer", fixture: "key-policy-producer-unconditioned.json", add: kinesisKeyWant("arn:aws:iam::111122223333:role/W2"),
			added: []string{"AllowKinesisProducersToEncrypt"}, kept: 1, broader: 1,
			finalSids: []string{"Enable IAM User Permissions", "ProducersUseTheKey", "AllowKinesisProducersToEncrypt"},
			says:      []string{`WARNING: Statement[1] ("ProducersUseTheKey") lets arn:aws:iam::111122223333:role/W2 kms:GenerateDataKey without`}},
		{name: "no account statement: not added, warned", fixture: "key-policy-no-account-statement.json", add: personalizeKeyWant(),
			added: []string{"AllowPersonalizeUseOfTheKey"}, warnings: 1, finalSids: []string{"Admins", "AllowPersonalizeUseOfTheKey"},
			says: []string{"warning: the policy has no account statement", "such as role-kms-policy, have no effect on it", "name their principals directly", "merge does not add it"}},
		{name: "Deny unless aws:PrincipalArn blocks the setup", fixture: "key-policy-deny-decrypt-unless-admin.json", add: personalizeKeyWant(),
			added: []string{"AllowPersonalizeUseOfTheKey"}, kept: 1, warnings: 2,
			finalSids: []string{"Enable IAM User Permissions", "DenyDecrypt", "AllowPersonalizeUseOfTheKey"},
			says: []string{`warning: after the merge, the KMS key policy does not let personalize.amazonaws.com kms:Decrypt; Statement[1] ("DenyDecrypt") denies it`,
				`warning: after the merge, the KMS key policy does not let arn:aws:iam::111122223333:role/PersonalizeRole kms:Decrypt; Statement[1] ("DenyDecrypt") denies it`}},
		{name: "Deny with NotPrincipal naming the account root", fixture: "key-policy-deny-notprincipal.json", add: personalizeKeyWant(),
			added: []string{"AllowPersonalizeUseOfTheKey"}, kept: 1, warnings: 2,
			finalSids: []string{"Enable IAM User Permissions", "DenyOutsiders", "AllowPersonalizeUseOfTheKey"},
			says:      []string{`Statement[1] ("DenyOutsiders") denies it`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(readFixture(t, "existing", tc.fixture))
			res, err := Merge(in, tc.add)
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			if strings.Join(res.Added, ",") != strings.Join(tc.added, ",") || len(res.Kept) != tc.kept || len(res.AlreadyGranted) != tc.granted || len(res.Warnings) != tc.warnings || len(res.Broader) != tc.broader {
				t.Errorf("added %v kept %v granted %v warnings %v broader %v", res.Added, res.Kept, res.AlreadyGranted, res.Warnings, res.Broader)
			}
			for _, want := range tc.says {
				if !strings.Contains(res.Report(), want) {
					t.Errorf("report does not say %q:\n%s", want, res.Report())
				}
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

// A statement with permwiz's Sid is permwiz's earlier statement when it has
// the same effect and either shares a principal or has the same actions:
// re-running merge after the producers changed replaces it and says how.
func TestMergeRecognisesOwnStatement(t *testing.T) {
	const (
		w1 = "arn:aws:iam::111122223333:role/W1"
		w2 = "arn:aws:iam::111122223333:role/W2"
	)
	tests := []struct {
		name    string
		add     *policy.Document
		change  string // "" when the principals did not change
		unchang bool
	}{
		{"producer replaced", kinesisKeyWant(w2), "removed " + w1 + "; added " + w2, false},
		{"producer added", kinesisKeyWant(w1, w2), "added " + w2, false},
		{"same producer", kinesisKeyWant(w1), "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(readFixture(t, "existing", "key-policy-kinesis-producer-w1.json"))
			res, err := Merge(in, tc.add)
			if err != nil {
				t.Fatal(err)
			}
			if tc.unchang {
				if len(res.Replaced) != 0 || strings.Join(res.Unchanged, ",") != "AllowKinesisProducersToEncrypt" {
					t.Errorf("replaced %v unchanged %v", res.Replaced, res.Unchanged)
				}
				return
			}
			if strings.Join(res.Replaced, ",") != "AllowKinesisProducersToEncrypt" || len(res.Added) != 0 {
				t.Fatalf("replaced %v added %v", res.Replaced, res.Added)
			}
			if got := res.PrincipalChanges["AllowKinesisProducersToEncrypt"]; got != tc.change {
				t.Errorf("change = %q, want %q", got, tc.change)
			}
			want := `replaced "AllowKinesisProducersToEncrypt" (permwiz's own statement; principals changed: ` + tc.change + ")"
			if !strings.Contains(res.Report(), want) {
				t.Errorf("report does not say %q:\n%s", want, res.Report())
			}
			assertLosslessExcept(t, in, res.Data, map[string]bool{"AllowKinesisProducersToEncrypt": true})
			d := mustParse(t, string(res.Data))
			if got := d.Statement[1].Principal.AWS; strings.Join(got, ",") != strings.Join(tc.add.Statement[1].Principal.AWS, ",") {
				t.Errorf("principals = %v", got)
			}
		})
	}
}

func TestMergeRefuses(t *testing.T) {
	big := `{"Version":"2012-10-17","Statement":[` + strings.Repeat(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"},`, 160) +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}`
	tests := []struct {
		name string
		in   string
		add  *policy.Document
		msg  string
	}{
		{"not JSON", readFixture(t, "malformed", "not-json.txt"), personalizeKeyWant(), "not a policy document"},
		{"JSON list", readFixture(t, "malformed", "list.json"), personalizeKeyWant(), "not a policy document"},
		{"no Statement", readFixture(t, "malformed", "no-statement.json"), personalizeKeyWant(), "Statement: missing"},
		{"wrong Version", readFixture(t, "malformed", "wrong-version.json"), personalizeKeyWant(), "Version"},
		{"legacy Version", readFixture(t, "malformed", "legacy-version.json"), personalizeBucketWant(), "2008-10-17"},
		{"foreign statement with permwiz's Sid", `{"Version":"2012-10-17","Statement":[{"Sid":"PersonalizeS3BucketAccessPolicy","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*","Resource":"*"}]}`,
			personalizeBucketWant(), "is not permwiz's statement"},
		{"permwiz's Sid, other principals and other actions", `{"Version":"2012-10-17","Statement":[{"Sid":"AllowKinesisProducersToEncrypt","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/W1"},"Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"*"}]}`,
			kinesisKeyWant("arn:aws:iam::111122223333:role/W2"), "is not permwiz's statement"},
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
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "existing", "*.json"))
	if len(files) < 5 {
		t.Fatalf("only %d fixtures", len(files))
	}
	adds := []*policy.Document{personalizeKeyWant(), personalizeBucketWant(), personalizeTrustWant()}
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
	din, err1 := policy.Parse(in)
	dout, err2 := policy.Parse(out)
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

// Replacing permwiz's own statement names every action, resource and
// condition value the old one had and the new one drops, not only the
// principals: a hand-added grant or guard never vanishes without a word.
func TestMergeReplacingNamesWhatIsDropped(t *testing.T) {
	const w1 = "arn:aws:iam::111122223333:role/W1"
	in := `{"Version":"2012-10-17","Statement":[
	{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
	{"Sid":"AllowKinesisProducersToEncrypt","Effect":"Allow","Principal":{"AWS":"` + w1 + `"},
	 "Action":["kms:GenerateDataKey","kms:Encrypt"],"Resource":["*","arn:aws:kms:us-west-2:111122223333:key/extra"],
	 "Condition":{"StringEquals":{"kms:ViaService":["kinesis.us-west-2.amazonaws.com","s3.us-west-2.amazonaws.com"],"aws:PrincipalTag/team":"data"}}}]}`
	res, err := Merge([]byte(in), kinesisKeyWant(w1))
	if err != nil {
		t.Fatal(err)
	}
	want := `replaced "AllowKinesisProducersToEncrypt" (permwiz's own statement; dropped actions kms:Encrypt; resources arn:aws:kms:us-west-2:111122223333:key/extra; conditions StringEquals kms:ViaService=s3.us-west-2.amazonaws.com, StringEquals aws:PrincipalTag/team=data)`
	if !strings.Contains(res.Report(), want) {
		t.Errorf("report does not say\n%s\ngot:\n%s", want, res.Report())
	}
}

// Merge refuses, before it writes, what a JSON decoder would silently
// change: a duplicate member (two Statement lists: one would be dropped),
// UTF-16 and invalid UTF-8, also inside the AWS CLI's wrapper.
func TestMergeRefusesWhatADecoderWouldChange(t *testing.T) {
	stmt := `{"Sid":"Other","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"kms:Decrypt","Resource":"*"}`
	tests := map[string]struct{ in, want string }{
		"two Statement":   {`{"Version":"2012-10-17","Statement":[` + stmt + `],"Statement":[` + stmt + `]}`, `Statement: "Statement" appears twice`},
		"two Policy":      {`{"Policy":"{}","Policy":"{}"}`, `Policy: "Policy" appears twice`},
		"utf-16":          {"\xff\xfe{\x00}\x00", "UTF-16"},
		"invalid in wrap": {"{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Id\\\":\\\"\xe9\\\"}\"}", "not UTF-8 text"},
	}
	for name, tc := range tests {
		_, err := Merge([]byte(tc.in), kinesisKeyWant("arn:aws:iam::111122223333:role/W1"))
		var me *MergeError
		if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want a MergeError containing %q", name, err, tc.want)
		}
	}
}
