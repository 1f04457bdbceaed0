package policy

import "strings"

// IsAccountID reports whether s is an AWS account ID: exactly 12 digits.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsKMSKeyID reports whether id is a KMS key ID: a UUID, or mrk- and 32 hex
// digits for a multi-Region key.
func IsKMSKeyID(id string) bool {
	hex := func(s string) bool {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		return true
	}
	if strings.HasPrefix(id, "mrk-") {
		return len(id) == 36 && hex(id[4:])
	}
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		return false
	}
	return hex(id[:8]) && hex(id[9:13]) && hex(id[14:18]) && hex(id[19:23]) && hex(id[24:])
}
