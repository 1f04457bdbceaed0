package policy

import (
	"bytes"
	"strings"
	"testing"
)

func TestJSONLinesMatchesJSON(t *testing.T) {
	two := &Document{Version: Version, ID: "X", Statement: []Statement{
		{Sid: "A", Effect: Allow, Action: List{"s3:GetObject"}, Resource: Strings{"arn:aws:s3:::b/*"}},
		{Sid: "B", Effect: Allow, Principal: ServicePrincipal("personalize.amazonaws.com"), Action: List{"sts:AssumeRole"},
			Condition: Condition{}.With("StringEquals", "aws:SourceAccount", "111122223333")},
	}}
	tests := []struct {
		name string
		doc  *Document
		// firstLines are the expected first lines of each statement's span.
		firstLines []string
	}{
		{"empty", &Document{Version: Version}, nil},
		{"one", &Document{Version: Version, Statement: two.Statement[:1]}, []string{`"Sid": "A",`}},
		{"two with Id", two, []string{`"Sid": "A",`, `"Sid": "B",`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, spans := tt.doc.JSONLines()
			if want := tt.doc.JSON(); !bytes.Equal(got, want) {
				t.Fatalf("JSONLines bytes differ from JSON():\n%s\nwant\n%s", got, want)
			}
			if len(spans) != len(tt.doc.Statement) {
				t.Fatalf("got %d spans for %d statements", len(spans), len(tt.doc.Statement))
			}
			lines := strings.Split(string(got), "\n")
			for i, sp := range spans {
				if strings.TrimSpace(lines[sp.First]) != "{" {
					t.Errorf("statement %d starts at line %d %q, want the opening brace", i, sp.First, lines[sp.First])
				}
				if strings.TrimSpace(lines[sp.First+1]) != tt.firstLines[i] {
					t.Errorf("statement %d: line after brace %q, want %q", i, lines[sp.First+1], tt.firstLines[i])
				}
				if last := strings.TrimSpace(lines[sp.Last]); last != "}" && last != "}," {
					t.Errorf("statement %d ends at line %d %q, want the closing brace", i, sp.Last, lines[sp.Last])
				}
				if i > 0 && sp.First != spans[i-1].Last+1 {
					t.Errorf("statement %d starts at %d, right after %d expected", i, sp.First, spans[i-1].Last)
				}
			}
		})
	}
}
