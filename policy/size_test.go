package policy

import (
	"strings"
	"testing"
)

func TestMeasureJSONIgnoresWhitespaceOnlyForIAM(t *testing.T) {
	doc := []byte("{\n  \"Sid\": \"a b\",\n  \"X\": [ 1 ]\n}")
	if got := MeasureJSON(doc, KindIdentity).Used; got != len(`{"Sid":"a b","X":[1]}`) {
		t.Errorf("IAM size = %d, want white space outside strings not counted", got)
	}
	if got := MeasureJSON(doc, KindKey).Used; got != len(doc) {
		t.Errorf("key policy size = %d, want every byte (%d)", got, len(doc))
	}
	if got := MeasureJSON([]byte(`{"a":"x\" y"}`), KindTrust).Used; got != 13 {
		t.Errorf("escaped quote inside a string must not end it: got %d", got)
	}
}

func TestLimits(t *testing.T) {
	for k, want := range map[Kind]int{KindIdentity: 6144, KindTrust: 2048, KindKey: 32768, KindBucket: 20480} {
		if got := LimitFor(k).Max; got != want {
			t.Errorf("%v limit = %d, want %d", k, got, want)
		}
	}
	s := Size{Used: 7000, Limit: LimitFor(KindIdentity)}
	if !s.Over() || !strings.Contains(s.String(), "7000 of 6144 characters") {
		t.Errorf("size %v: Over=%v", s, s.Over())
	}
}

// measureRef is MeasureJSON's count as it was written first, over the
// runes of string(b): the byte loop must count the same.
func measureRef(b []byte) int {
	n, inString, escaped := 0, false, false
	for _, r := range string(b) {
		switch {
		case inString:
			n++
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				inString = false
			}
		case r == '"':
			inString = true
			n++
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		default:
			n++
		}
	}
	return n
}

func FuzzMeasureJSONCountsRunes(f *testing.F) {
	for _, s := range []string{`{"a": "é \" x"}`, "{\"a\":\"\xff\xfe\"}\n", "\u2028 \"\xe2\x80\"", `{"k":["ü", 1]}`, "{\n        \"a\":          \"b\"\n}", "\"\\"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, want := MeasureJSON(b, KindIdentity).Used, measureRef(b)
		if got != want {
			t.Fatalf("MeasureJSON(%q) = %d, want %d", b, got, want)
		}
		// lint relies on it: a document of no more bytes than the limit
		// is within it.
		if got > len(b) {
			t.Fatalf("MeasureJSON(%q) = %d characters in %d bytes", b, got, len(b))
		}
	})
}
