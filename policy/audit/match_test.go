package audit

import (
	"slices"
	"strings"
	"testing"
)

func TestWildMatch(t *testing.T) {
	tests := []struct {
		p, s string
		fold bool
		want bool
	}{
		{"*", "", false, true},
		{"a*b*c", "axxbyyc", false, true},
		{"a*b*c", "axxbyy", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"KMS:*", "kms:Decrypt", true, true},
		{"KMS:*", "kms:Decrypt", false, false},
		{"a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false, false},
		// * spans '/' and ':' and may be empty, in a Resource as anywhere.
		{"arn:aws:s3:::b*", "arn:aws:s3:::b/k/x:y", false, true},
		{"arn:aws:s3::*:b", "arn:aws:s3:::b", false, true},
		{"arn:aws:s3:::b/?", "arn:aws:s3:::b//", false, true},
		{"arn:aws:s3:::b/?", "arn:aws:s3:::b/", false, false},
	}
	for _, tc := range tests {
		if got := wildMatch(tc.p, tc.s, tc.fold); got != tc.want {
			t.Errorf("wildMatch(%q, %q, %v) = %v", tc.p, tc.s, tc.fold, got)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pat, s string
		want   bool
	}{
		{"list*", "listkeys", true},
		{"list*", "list", true},
		{"*object", "getobject", true},
		{"*object", "getobjectacl", false},
		{"*object*", "getobjectacl", true},
		{"get?", "geta", true},
		{"get?", "get", false},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{"", "", true},
		{"*", "", true},
	} {
		if got := globPattern(tc.pat).match(tc.s); got != tc.want {
			t.Errorf("glob %q on %q = %v", tc.pat, tc.s, got)
		}
	}
}

// ? is one character, not one byte.
func TestGlobIsRuneBased(t *testing.T) {
	if !globPattern("caf?").match("café") || globPattern("caf??").match("café") {
		t.Error("? should match exactly one rune")
	}
}

// Policy variables in a Resource: evaluated against the request context,
// ${*}, ${?} and ${$} are literal characters.
func TestEvalPattern(t *testing.T) {
	ctx := map[string][]string{"aws:username": {"alice"}, "aws:PrincipalTag/team": {"a*"}}
	for _, tc := range []struct {
		pat, s string
		want   bool
	}{
		{"arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/alice/x", true},
		{"arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/bob/x", false},
		{"arn:aws:s3:::b/${aws:userid}/*", "arn:aws:s3:::b/alice/x", false},
		{"arn:aws:s3:::b/${aws:userid}/*", "arn:aws:s3:::b/${aws:userid}/x", true},
		{"arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", true},
		{"arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", false},
		{"a${?}c", "abc", false},
		{"a${$}c", "a$c", true},
		{"${aws:PrincipalTag/team}", "a*", true},
		{"${aws:PrincipalTag/team}", "ab", false},
		{"x${unterminated", "x${unterminated", true},
	} {
		if got := evalPattern(tc.pat, ctx).match(tc.s); got != tc.want {
			t.Errorf("evalPattern(%q).match(%q) = %v", tc.pat, tc.s, got)
		}
	}
	if got := substitute("b/${aws:username}/${*}/${nope}", ctx); got != "b/alice/*/${nope}" {
		t.Errorf("substitute = %q", got)
	}
}

func TestArnFields(t *testing.T) {
	got := arnFields("arn:aws:iam::${aws:PrincipalAccount}:role/a:b")
	want := []string{"arn", "aws", "iam", "", "${aws:PrincipalAccount}", "role/a:b"}
	if len(got) != len(want) {
		t.Fatalf("arnFields = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("arnFields = %q, want %q", got, want)
		}
	}
}

func TestKeyTemplate(t *testing.T) {
	for _, tc := range []struct {
		tmpl, key string
		want      bool
	}{
		{"aws:requesttag/${tagkey}", "aws:requesttag/team", true},
		{"aws:requesttag/${tagkey}", "aws:requesttag/", false},
		{"kms:encryptioncontext:${encryptioncontextkey}", "kms:encryptioncontext:aws:kinesis:arn", true},
		{"kms:encryptioncontext:${encryptioncontextkey}", "kms:encryptioncontextkeys", false},
		{"s3:prefix", "s3:prefix", true},
	} {
		if got := keyTemplate(tc.tmpl).match(tc.key); got != tc.want {
			t.Errorf("keyTemplate(%q).match(%q) = %v", tc.tmpl, tc.key, got)
		}
	}
}

// A resource, itself a pattern, against the resource part of ARN formats.
func TestArnFormatMatches(t *testing.T) {
	for _, tc := range []struct {
		format, resource string
		want             bool
	}{
		{"${BucketName}", "b", true},
		{"${BucketName}", "b/k", false},
		{"${BucketName}", "", false},
		{"${BucketName}", "*", true},
		{"${BucketName}/${ObjectName}", "b/k/deep/er", true},
		{"${BucketName}/${ObjectName}", "b", false},
		{"${BucketName}/${ObjectName}", "b/*", true},
		{"${BucketName}/${ObjectName}", "*", true},
		{"${BucketName}/${ObjectName}", "b*", true},
		{"key/${KeyId}", "key/1234", true},
		{"key/${KeyId}", "key/*", true},
		{"key/${KeyId}", "alias/x", false},
		{"key/${KeyId}", "*/x", true},
		{"stream/${StreamName}", "stream/s", true},
		{"stream/${StreamName}", "s", false},
		{"role/${RoleNameWithPath}", "role/service-role/R", true},
		{"${Region}:${Account}:key/${KeyId}", "us-east-1:111122223333:key/k", true},
		{"${Region}:${Account}:key/${KeyId}", ":111122223333:key/k", false},
		{"${Region}:${Account}:key/${KeyId}", "*:111122223333:key/k", true},
		{"${BucketName}/${ObjectName}", "b/${aws:username}/*", true},
		{"${BucketName}", "${aws:username}", true},
		{"${BucketName}", "b${*}", true},
		// Full ARNs are compared field by field.
		{"arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}", "arn:aws:kinesis:*:111122223333:MyStream", false},
		{"arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}", "arn:aws:kinesis:*:111122223333:stream/MyStream", true},
		{"arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}", "arn:aws:kinesis:*:*:*", true},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/${aws:username}/*", true},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:us-east-1::b", false},
		{"arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}", "arn:aws:kinesis:us-east-1:${aws:PrincipalAccount}:stream/s", true},
	} {
		if got := arnFormatMatches(tc.format, tc.resource); got != tc.want {
			t.Errorf("arnFormatMatches(%q, %q) = %v", tc.format, tc.resource, got)
		}
	}
}

// The matcher's two paths, the greedy one for literal subjects and the
// walk over two patterns, agree wherever both apply.
func FuzzMatchPathsAgree(f *testing.F) {
	for _, s := range [][2]string{{"a*b?c", "aXbYc"}, {"*", ""}, {"kms:*", "kms:Decrypt"}, {"a*a*a*b", "aaaaaaac"}, {"caf?", "café"}, {"??", "é"}, {"x*", "x*"}, {"*/*", "a/b/c"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pat, s string) {
		if len(pat) > 64 || len(s) > 64 {
			return
		}
		p := globPattern(pat)
		if a, b := p.matchGlob(s), p.overlaps(pattern{{kind: tLit, lit: s}}); a != b {
			t.Errorf("globPattern(%q) on %q: greedy %v, product walk %v", pat, s, a, b)
		}
	})
}

// unitsOverlap compares the two ends of the patterns before it walks the
// middle; it answers as the walk over the whole patterns does.
func FuzzOverlapTrimAgrees(f *testing.F) {
	for _, s := range [][2]string{
		{"key/${KeyId}", "alias/x"}, {"${BucketName}/${ObjectName}", "b/*"}, {"${BucketName}", ""},
		{"stream/${StreamName}", "*/x"}, {"a?b", "a*"}, {"${Region}:${Account}:key/${KeyId}", "*:1:key/k"},
		{"x", "x"}, {"", "*"}, {"", "?"}, {"role/${RoleNameWithPath}", "role/a/b?"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, format, resource string) {
		if len(format) > 80 || len(resource) > 80 {
			return
		}
		a, b := arnTemplate(format).units(), policyPattern(resource).units()
		if got, want := unitsOverlap(a, b), unitsWalk(a, b); got != want {
			t.Errorf("unitsOverlap(%q, %q) = %v, the whole walk says %v", format, resource, got, want)
		}
		g := globPattern(resource).units()
		if got, want := unitsOverlap(g, b), unitsWalk(g, b); got != want {
			t.Errorf("unitsOverlap(glob %q, %q) = %v, the whole walk says %v", resource, resource, got, want)
		}
	})
}

// A Resource of six fields is kept without its whole: its fields joined by
// colons are the whole, unit for unit.
func FuzzResourceWholeIsJoinedFields(f *testing.F) {
	for _, s := range []string{"arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*", "arn:${aws:Partition}:iam::*:role/a:b",
		"arn:aws:logs:*:*:log-group:/aws/x:*", "arn:aws:s3:::${*}x${?}", "arn:aws:kms:us-east-1:111122223333:key/${", "a:b:c:d:e:f:g", "é:ü:*:?:${x:y}:z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(arnFields(s)) != 6 {
			return
		}
		sh := resourceShape(s)
		if sh.whole != nil {
			t.Fatalf("%q: a resource of six fields kept its whole", s)
		}
		want := policyPattern(s).appendUnits(nil)
		if got := sh.wholeUnits(); !slices.Equal(got, want) {
			t.Fatalf("%q: fields joined %v, whole %v", s, got, want)
		}
	})
}

// hasEither, eight bytes at a time, says what a loop over the bytes says.
func FuzzHasEither(f *testing.F) {
	for _, s := range []string{"", "s3:GetObject", "ec2:Describe*", "abcdefgh?", "abcdefghijklmnop", "\x00\x01*\xff\xfe?", "        :"} {
		f.Add(s, byte('*'), byte('?'))
	}
	f.Fuzz(func(t *testing.T, s string, a, b byte) {
		want := strings.IndexByte(s, a) >= 0 || strings.IndexByte(s, b) >= 0
		if got := hasEither(s, a, b); got != want {
			t.Fatalf("hasEither(%q, %q, %q) = %v", s, a, b, got)
		}
	})
}

// Walks as lint makes them: a catalogue format's resource part against a
// Resource's.
var walkPairs = [][2]string{
	{"${InstanceId}", "*"}, {"${BucketName}/${ObjectName}", "b/*"}, {"${LogGroupName}:log-stream:${LogStreamName}", "*"},
	{"${RoleNameWithPath}", "service-role/*"}, {"${KeyId}", "*"}, {"${FunctionName}", "my-func*"},
	{"${TableName}/stream/${StreamLabel}", "*/stream/*"}, {"${ParameterNameWithoutLeadingSlash}", "aws/service/*"},
}

func BenchmarkUnitsWalk(b *testing.B) {
	var as, bs [][]unit
	for _, p := range walkPairs {
		as = append(as, arnTemplate(p[0]).units())
		bs = append(bs, policyPattern(p[1]).units())
	}
	for b.Loop() {
		for i := range as {
			unitsWalk(as[i], bs[i])
		}
	}
}
