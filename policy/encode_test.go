package policy

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func sample() *Document {
	return &Document{Version: Version, ID: "X", Kind: KindKey, Statement: []Statement{
		{Sid: "Enable IAM User Permissions", Effect: Allow, Principal: AWSPrincipal("arn:aws:iam::111122223333:root"),
			Action: List{"kms:*"}, Resource: Strings{"*"}, Frame: true},
		{Sid: "Use", Effect: Allow, Principal: &Principal{AWS: Strings{"arn:aws:iam::111122223333:role/R"}, Service: Strings{"personalize.amazonaws.com"}},
			Action: List{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: Strings{"*"},
			Condition: Condition{}.With("StringEquals", "kms:ViaService", "kinesis.us-east-1.amazonaws.com").With("ArnLike", "aws:SourceArn", "arn:aws:personalize:us-east-1:111122223333:*").With("StringEquals", "kms:CallerAccount", "111122223333"),
			Reason:    "model only"},
	}}
}

func TestJSONIsValidAndOrdered(t *testing.T) {
	d := sample()
	for _, b := range [][]byte{d.JSON(), d.Compact()} {
		if !json.Valid(b) {
			t.Fatalf("invalid JSON:\n%s", b)
		}
	}
	got := string(d.Compact())
	want := `{"Version":"2012-10-17","Id":"X","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["kms:*"],"Resource":"*"},{"Sid":"Use","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R","Service":"personalize.amazonaws.com"},"Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"kinesis.us-east-1.amazonaws.com","kms:CallerAccount":"111122223333"},"ArnLike":{"aws:SourceArn":"arn:aws:personalize:us-east-1:111122223333:*"}}}]}`
	if got != want {
		t.Fatalf("compact JSON:\n got %s\nwant %s", got, want)
	}
	if strings.Contains(string(d.JSON()), "model only") {
		t.Fatal("model-only Reason leaked into the JSON")
	}
}

func TestPrettyMatchesEncodingJSONIndent(t *testing.T) {
	d := sample()
	var want bytes.Buffer
	if err := json.Indent(&want, d.Compact(), "", "    "); err != nil {
		t.Fatal(err)
	}
	want.WriteByte('\n')
	if got := d.JSON(); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("pretty form differs from json.Indent of the compact form:\n%s\nvs\n%s", got, want.Bytes())
	}
}

func TestStringEscaping(t *testing.T) {
	d := &Document{Version: Version, Statement: []Statement{{Effect: Allow, Action: List{"a\"b\\c\n\t\x01é"}, Resource: Strings{"*"}}}}
	var back struct{ Statement []struct{ Action []string } }
	if err := json.Unmarshal(d.Compact(), &back); err != nil {
		t.Fatal(err)
	}
	if got := back.Statement[0].Action[0]; got != "a\"b\\c\n\t\x01é" {
		t.Fatalf("round trip changed the string: %q", got)
	}
}

func TestParseRoundTrip(t *testing.T) {
	d := sample()
	back, err := Parse(d.JSON())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Compact(), d.Compact()) {
		t.Fatalf("parse then encode changed the document:\n%s\n%s", back.Compact(), d.Compact())
	}
}

func TestParseAcceptsAWSShorthands(t *testing.T) {
	in := `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":["a","b"],
	"Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":10}}}}`
	d, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	s := d.Statement[0]
	if !s.Principal.Wildcard || s.Effect != Deny || !reflect.DeepEqual(s.NotAction, List{"s3:*"}) || len(s.Resource) != 2 {
		t.Fatalf("parsed statement wrong: %+v", s)
	}
	if v, ok := s.Condition.Get("Bool", "AWS:SecureTransport"); !ok || v[0] != "false" {
		t.Fatalf("condition key lookup should be case-insensitive and keep false: %v %v", v, ok)
	}
}

func TestParseErrorsNameTheElement(t *testing.T) {
	cases := map[string]string{
		`not json`:         "not a JSON policy document",
		`[]`:               "not a JSON policy document",
		`{"Statement":[]}`: "Version: missing",
		`{"Version":"2012-10-18","Statement":[]}`:                                                                             "Version: \"2012-10-18\" is not a policy language version",
		`{"Version":"2012-10-17"}`:                                                                                            "Statement: missing",
		`{"Version":"2012-10-17","Statement":[]}`:                                                                             "Statement: is empty",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"a"}]}`:                                             `Statement[0].Effect: must be "Allow" or "Deny"`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a","Resrouce":"*"}]}`:                               `Statement[0]: unknown element "Resrouce"`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}`:                                            "Statement[0]: needs an Action",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a","Principal":{"User":"x"}}]}`:                     `unknown principal type "User"`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a","Condition":{"StringEquals":"x"}}]}`:             "Statement[0].Condition.StringEquals",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":7}]}`:                                                "Statement[0].Action: expected a string or a list",
		`{"Version":"2012-10-17","Statement":[]} {}`:                                                                          "extra data",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a"}],"Statement":[{"Effect":"Deny","Action":"b"}]}`: `Statement: "Statement" appears twice`,
		`{"Version":"2012-10-17","Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a"}}`:                         `Version: "Version" appears twice`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a"},{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"aws:SourceAccount":"1","aws:SourceAccount":"2"}}}]}`: `Statement[1].Condition.StringEquals.aws:SourceAccount: "aws:SourceAccount" appears twice`,
		"{\"Version\":\"2012-10-17\",\"Id\":\"caf\xe9\",\"Statement\":[]}": "not UTF-8 text: byte 33 (0xe9)",
		"\xff\xfe{\x00":    "UTF-16",
		"{\x00\"\x00V\x00": "UTF-16 text (as PowerShell's > and Out-File write it)",
	}
	for in, want := range cases {
		_, err := Parse([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s) = %v, want an error containing %q", in, err, want)
		}
	}
}

func TestStatementsJSONIsAList(t *testing.T) {
	d := sample()
	out := StatementsJSON(d.Added())
	if !bytes.HasPrefix(bytes.TrimSpace(out), []byte("[")) {
		t.Fatalf("not a JSON list:\n%s", out)
	}
	doc, err := Parse([]byte(`{"Version":"2012-10-17","Statement":` + string(out) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	got := doc.Statement
	if len(got) != 1 || got[0].Sid != "Use" {
		t.Fatalf("Added should drop the frame statement, got %d statements", len(got))
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample().JSON())
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a","Condition":{"X":{"k":[1,true,"s"]}}}]}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a"},"Statement":{"Effect":"Deny","Action":"b"}}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"a","Sid":"b","Effect":"Allow","Action":"a"}]}`))
	f.Add([]byte("\xff\xfe{\x00}\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		// What parses is UTF-8, and a second Version in front of it is
		// refused, naming it: no duplicate is ever collapsed.
		if !utf8.Valid(data) {
			t.Fatalf("accepted invalid UTF-8: %q", data)
		}
		body := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
		dup := append([]byte(`{"Version":"2012-10-17",`), body[1:]...)
		if _, err := Parse(dup); err == nil || !strings.HasPrefix(err.Error(), `Version: "Version" appears twice`) {
			t.Fatalf("a duplicate Version was not refused: %v\n%s", err, dup)
		}
		// Whatever parses must re-encode to valid JSON that parses to the
		// same document.
		out := d.Compact()
		if !json.Valid(out) {
			t.Fatalf("re-encoded invalid JSON: %s", out)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("re-encoded document does not parse: %v\n%s", err, out)
		}
		if !bytes.Equal(again.Compact(), out) {
			t.Fatalf("encode/parse not stable:\n%s\n%s", out, again.Compact())
		}
	})
}

// The buffer estimate must hold what the encoder writes, or every encode
// pays for a regrowth.
func TestEstimateHoldsTheOutput(t *testing.T) {
	for _, pretty := range []bool{false, true} {
		d := sample()
		if got, est := len(d.encode(pretty)), estimate(d, pretty); got > est {
			t.Errorf("pretty=%v: wrote %d bytes, estimated %d", pretty, got, est)
		}
	}
}
