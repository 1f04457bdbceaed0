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
