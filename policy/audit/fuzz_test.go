package audit

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/permwiz/permwiz/policy"
)

func addFixtureCorpus(f *testing.F) {
	for _, dir := range []string{"existing", "malformed"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", dir, "*"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(`{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"PersonalizeS3BucketAccessPolicy","Effect":"Allow","Principal":{"Service":"personalize.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-data/*"}]}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}],"Statement":[{"Sid":"B","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`))
	f.Add([]byte(`{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"A\",\"Sid\":\"B\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"}`))
	f.Add([]byte("\xff\xfe{\x00\"\x00V\x00"))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"NotAction":"kms:*","NotResource":"arn:aws:s3:::*","Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["a*","${aws:username}"]},"Null":{"x:y":"true"}}}]}`))
}

// FuzzMerge: Merge never panics; when it succeeds, its output parses and
// keeps every input statement, and merging again changes nothing.
func FuzzMerge(f *testing.F) {
	addFixtureCorpus(f)
	adds := []*policy.Document{personalizeKeyWant(), personalizeBucketWant(), personalizeTrustWant()}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, add := range adds {
			res, err := Merge(data, add)
			if err != nil {
				if res.Data != nil {
					t.Fatalf("error %v with data", err)
				}
				continue
			}
			if _, err := policy.Parse(res.Data); err != nil {
				t.Fatalf("merged output does not parse: %v\n%s", err, res.Data)
			}
			// Nothing a decoder would silently change got through.
			if !utf8.Valid(data) || policy.CheckDuplicateKeys(data) != nil {
				t.Fatalf("merged input that is not UTF-8 or has a duplicate member:\n%q", data)
			}
			if res.Size.Over() {
				t.Fatalf("merged output over the limit: %s", res.Size)
			}
			replaced := map[string]bool{}
			for _, s := range res.Replaced {
				replaced[s] = true
			}
			assertLosslessExcept(t, data, res.Data, replaced)
			again, err := Merge(res.Data, add)
			if err != nil {
				t.Fatalf("merging the result again: %v", err)
			}
			if string(again.Data) != string(res.Data) {
				t.Fatalf("not idempotent:\n%s\n---\n%s", res.Data, again.Data)
			}
		}
	})
}

// FuzzCheck: Check never panics on any policy Parse accepts, and its
// verdict agrees with its lists.
func FuzzCheck(f *testing.F) {
	addFixtureCorpus(f)
	wants := []*policy.Document{personalizeKeyWant(), personalizeBucketWant(), personalizeTrustWant()}
	f.Fuzz(func(t *testing.T, data []byte) {
		data, _ = UnwrapCLI(data)
		d, err := policy.Parse(data)
		if err != nil {
			return
		}
		for _, w := range wants {
			d.Kind = w.Kind
			rep := Check(d, w)
			if len(rep.Missing) > 0 && !rep.Failed() {
				t.Fatalf("missing grants but not failed: %+v", rep)
			}
			for _, g := range rep.Missing {
				if len(g.Actions) == 0 || g.Message == "" {
					t.Fatalf("empty gap %+v", g)
				}
			}
		}
	})
}

// FuzzLint: LintBytes never panics, and every finding is complete.
func FuzzLint(f *testing.F) {
	addFixtureCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range []policy.Kind{policy.KindUnknown, policy.KindIdentity, policy.KindTrust, policy.KindKey, policy.KindBucket} {
			for _, fd := range lintData(data, k) {
				if fd.Rule == "" || fd.Message == "" || fd.Severity.rank() > 3 {
					t.Fatalf("incomplete finding %+v", fd)
				}
			}
		}
	})
}
