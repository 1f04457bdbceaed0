package wizard

import "strings"

// The simple character rules are loops rather than regular expressions:
// validation runs on every keystroke of the wizard and in every generate.

func allIn(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isRoleNameChar is IAM's [\w+=,.@-].
func isRoleNameChar(c byte) bool { return isAlnum(c) || strings.IndexByte("_+=,.@-", c) >= 0 }

// isBucketShape: 3-63 lower-case letters, digits, dots and hyphens, starting
// and ending with a letter or digit.
func isBucketShape(s string) bool {
	if len(s) < 3 || len(s) > 63 {
		return false
	}
	lowerDigit := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	return lowerDigit(s[0]) && lowerDigit(s[len(s)-1]) && allIn(s, func(c byte) bool { return lowerDigit(c) || c == '.' || c == '-' })
}

// usesLegacyNaming reports a bucket name that only the pre-2018 us-east-1
// rules allow: upper case, an underscore, or more than 63 characters (any of
// these already breaks the current rules).
func usesLegacyNaming(s string) bool {
	return len(s) > 63 || strings.ToLower(s) != s || strings.Contains(s, "_")
}

// isLegacyBucket: the pre-2018 us-east-1 rules, 3-255 of [A-Za-z0-9._-].
func isLegacyBucket(s string) bool {
	return len(s) >= 3 && len(s) <= 255 && allIn(s, func(c byte) bool { return isAlnum(c) || c == '.' || c == '_' || c == '-' })
}

// isPath is IAM's path rule: "/" alone, or starting and ending with "/" with
// printable ASCII (no spaces) between.
func isPath(s string) bool {
	return s == "/" || len(s) >= 3 && s[0] == '/' && s[len(s)-1] == '/' && allIn(s, func(c byte) bool { return c >= 0x21 && c <= 0x7E })
}
