package policy

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"unsafe"
)

// fastAgrees checks the promise of the fast path: whatever it accepts, the
// general path accepts as the same Document. It reports whether the fast
// path accepted data.
func fastAgrees(t *testing.T, data []byte) bool {
	t.Helper()
	if CheckText(data) != nil {
		return false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	fast, ok := parseFast(data, string(data))
	if !ok {
		return false
	}
	slow, err := parseChecked(data)
	if err != nil {
		t.Fatalf("the fast path accepted what the general path refuses (%v):\n%q", err, data)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("the two paths read different documents:\nfast %#v\nslow %#v\nfrom %q", fast, slow, data)
	}
	return true
}

// Documents the fast path must read itself (so lint is fast on them) and
// read as the general path does.
func TestParseFastReadsWellFormedPolicies(t *testing.T) {
	docs := []string{
		string(sample().JSON()),
		string(sample().Compact()),
		`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":["a","b"],
		"Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":10, "s3:x": [1e1, -0, 1.50, 12345678901234567890, true, "s"]}}}}`,
		"\xef\xbb\xbf" + `{"Version":"2008-10-17","Id":"caf\u00e9 \"q\"","Statement":[{"Sid":"","Effect":"Allow","Action":[],"NotAction":"a","Resource":[],"Principal":{}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a","Condition":{}},{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":"1","K":"2"},"StringLike":{"k":"\ud83d\ude00 \ud800"}}}]}`,
		` { "Statement" : [ { "Effect" : "Allow" , "Principal" : { "AWS" : [ "x" , "y" ] , "Service" : "s" , "Federated" : [ ] , "CanonicalUser" : "c" } , "Action" : "*" } ] , "Version" : "2012-10-17" } ` + "\n",
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "existing", "*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	for _, d := range docs {
		if !fastAgrees(t, []byte(d)) {
			t.Errorf("the fast path gave up on a well-formed policy:\n%s", d)
		}
	}
}

// Every AWS managed policy (the lint corpus) is read by the fast path, as
// the general path reads it, compact and indented.
func TestParseFastReadsManagedPolicies(t *testing.T) {
	names, compact := managedPolicies(t)
	for i, n := range names {
		if testing.Short() && i%4 != 0 {
			continue
		}
		var b bytes.Buffer
		if err := json.Indent(&b, compact[i], "", "  "); err != nil {
			t.Fatal(err)
		}
		for _, d := range [][]byte{compact[i], b.Bytes()} {
			if !fastAgrees(t, d) {
				t.Errorf("%s: the fast path gave up", n)
			}
		}
	}
}

// ParseOwned reads what Parse reads, the same Document or the same error,
// and its strings are the caller's bytes rather than a copy.
func TestParseOwnedIsParse(t *testing.T) {
	_, compact := managedPolicies(t)
	inputs := append(compact[:8:8],
		[]byte("\xef\xbb\xbf"+`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`),
		[]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Resource":"x"}]}`),
		[]byte(`{"Statement":[{"Effect":"Allow","Action":null}]}`),
		[]byte("{\"Statement\":\"\xff\"}"),
	)
	for _, data := range inputs {
		want, wantErr := Parse(data)
		got, err := ParseOwned(bytes.Clone(data))
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseOwned(%q) = %#v, %v; Parse gives %#v, %v", data, got, err, want, wantErr)
		}
	}
	data := bytes.Clone(compact[0])
	d, err := ParseOwned(data)
	if err != nil {
		t.Fatal(err)
	}
	sid := string(d.Statement[0].Effect)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	if p := uintptr(unsafe.Pointer(unsafe.StringData(sid))); p < start || p >= start+uintptr(len(data)) {
		t.Errorf("ParseOwned copied the text: Effect %q is not in the caller's bytes", sid)
	}
}

// BenchmarkParseManaged parses every AWS managed policy (indented, as
// files are); BenchmarkParseManagedGeneral is the same on the general path
// alone, which is what Parse was before it had a fast path.
func BenchmarkParseManaged(b *testing.B)        { benchParse(b, Parse) }
func BenchmarkParseManagedGeneral(b *testing.B) { benchParse(b, parseChecked) }

func benchParse(b *testing.B, parse func([]byte) (*Document, error)) {
	_, compact := managedPolicies(b)
	docs := make([][]byte, len(compact))
	for i, c := range compact {
		var buf bytes.Buffer
		if err := json.Indent(&buf, c, "", "  "); err != nil {
			b.Fatal(err)
		}
		docs[i] = buf.Bytes()
	}
	for b.Loop() {
		for _, d := range docs {
			if _, err := parse(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// managedPolicies returns the AWS managed policies of the lint corpus
// (audit/testdata/managed), compact, sorted by name.
func managedPolicies(t testing.TB) (names []string, docs [][]byte) {
	t.Helper()
	f, err := os.Open(filepath.Join("audit", "testdata", "managed", "policies.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Policies map[string]json.RawMessage `json:"policies"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	for n := range c.Policies {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) < 1500 {
		t.Fatalf("only %d policies", len(names))
	}
	for _, n := range names {
		docs = append(docs, c.Policies[n])
	}
	return names, docs
}

// What the fast path must leave to the general path: every error (whose
// message only the general path words) and the odd inputs the general path
// accepts that the fast path does not bother with.
func TestParseFastLeavesTheRest(t *testing.T) {
	for _, in := range []string{
		``, `null`, `[]`, `{}`, `not json`,
		`{"Version":"2012-10-17"}`,
		`{"Version":"2012-10-17","Statement":[]}`,
		`{"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"a"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a"}} {}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a"}}}`,           // the general path accepts this one
		`{"Version":"2012-10-17","Statement":{"Sid":null,"Effect":"Allow","Action":"a"}}`, // and this one
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Resource":null}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["a",null]}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Extra":1}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","NotAction":"b"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Sid":"x","Sid":"y"}}`,
		`{"Version":"2012-10-17","Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a"}}`,
		`{"Versio\u006e":"2012-10-17","Statement":{"Effect":"Allow","Action":"a"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Principal":{"AWS":"x","AWS":"y"}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Principal":{"User":"x"}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Principal":"x"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{},"StringEquals":{"k":"v"}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":"v","k":"w"}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":"v","\u006b":"w"}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":[["v"]]}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":01}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":1e999}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":truex}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a\x01"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a\q"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a",}}`,
	} {
		if fastAgrees(t, []byte(in)) {
			t.Errorf("the fast path read %s", in)
		}
	}
}

// FuzzParseFastAgrees: whatever the fast path accepts, the general path
// accepts as the same Document (see fastAgrees).
func FuzzParseFastAgrees(f *testing.F) {
	f.Add(sample().JSON())
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":["a","b"],"Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":[10,1.5e3,"x"]}}}}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{},"StringEquals":{"k":"v"}}}]}`))
	f.Add([]byte(`{"Version":"2012-10-17","Id":"\u00e9\ud800","Statement":[{"Sid":"a","Effect":"Allow","Action":[],"NotAction":"b","Principal":{"AWS":["x"]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fastAgrees(t, data)
	})
}
