package policy

import "testing"

func TestPrintable(t *testing.T) {
	cases := map[string]string{
		"arn:aws:iam::111122223333:role/R": "arn:aws:iam::111122223333:role/R",
		"café ✓":                           "café ✓",
		"a\x1b[31mred\x1b]0;title\x07":     `a\x1b[31mred\x1b]0;title\x07`,
		"one\r\ntwo":                       `one\r\ntwo`,
		"x\u202eevil":                      `x\u202eevil`,
		"bad\xffbyte":                      `bad\xffbyte`,
		"c1\u009bcsi":                      `c1\x9bcsi`,
		"del\x7f":                          `del\x7f`,
	}
	for in, want := range cases {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
