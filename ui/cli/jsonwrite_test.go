package cli

import (
	"encoding/json"
	"testing"
)

// appendJSONString writes a string as encoding/json does, whatever it holds.
func FuzzJSONStringIsEncodingJSON(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "<a & b>", "\x00\x01\b\f\n\r\t\x1f\x7f", "é ü ✓ 😀", "\xff\xfe bad", "\u2028\u2029", "arn:aws:s3:::b/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

// appendSARIFResult writes a result as json.MarshalIndent does at its place
// in the log, with and without its optional parts.
func FuzzSARIFResultIsMarshalIndent(f *testing.F) {
	f.Add("policy-size", "error", "Statement[0].Resource (\"Sid\"): <too> & \"big\"", "dir/a b.json", "Statement[0].Resource", "suppressed: ok", 3, true)
	f.Add("", "", "", "", "", "", 0, false)
	f.Add("r", "note", "\u2028\xff", "\\\\x", "", "", -1, true)
	f.Fuzz(func(t *testing.T, rule, level, msg, uri, path, justification string, line int, suppressed bool) {
		for _, withRegion := range []bool{true, false} {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}}
			if withRegion {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
			}
			if path != "" {
				loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: path}, {FullyQualifiedName: path + "x"}}[:1+line&1]
			}
			r := sarifResult{RuleID: rule, Level: level, Message: sarifText{Text: msg}, Locations: []sarifLocation{loc}}
			if suppressed {
				r.Suppressions = []sarifSuppression{{Kind: "external", Justification: justification}}
			}
			for _, res := range []sarifResult{r, {RuleID: rule, Locations: []sarifLocation{loc, loc}, Suppressions: append(r.Suppressions, r.Suppressions...)}, {Locations: []sarifLocation{}}} {
				want, err := json.MarshalIndent(res, sarifResultIndent, "  ")
				if err != nil {
					t.Fatal(err)
				}
				if got := appendSARIFResult(nil, res); string(got) != string(want) {
					t.Fatalf("appendSARIFResult(%+v) =\n%s\nwant\n%s", res, got, want)
				}
			}
		}
	})
}
