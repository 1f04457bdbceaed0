package policy

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Kind is what a document is attached to; it decides the size limit and the
// lint rules that apply.
type Kind int

// The kinds of document permwiz writes and reads.
const (
	KindUnknown  Kind = iota
	KindIdentity      // a customer managed policy attached to a user, group or role
	KindTrust         // a role's trust policy
	KindKey           // a KMS key policy
	KindBucket        // an S3 bucket policy
	KindResource      // another service's resource-based policy (a Kinesis stream's)
)

func (k Kind) String() string {
	switch k {
	case KindIdentity:
		return "identity policy"
	case KindTrust:
		return "trust policy"
	case KindKey:
		return "KMS key policy"
	case KindBucket:
		return "S3 bucket policy"
	case KindResource:
		return "resource-based policy"
	}
	return "policy"
}

// Limit is the size AWS allows a kind of document, and how it counts.
type Limit struct {
	Max int
	// CountsWhitespace is false for IAM documents: IAM does not count white
	// space. KMS and S3 state no such exclusion, so every byte counts.
	CountsWhitespace bool
	Unit             string // "characters" or "bytes"
	Source           string
}

// LimitFor returns the size limit of a kind, with the AWS page that states it.
func LimitFor(k Kind) Limit {
	switch k {
	case KindTrust:
		// 2,048 is the default quota; it can be raised (to 4,096 per the 2023
		// IAM guide), but a generated trust policy must fit the default.
		return Limit{Max: 2048, Unit: "characters", Source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"}
	case KindKey:
		return Limit{Max: 32768, CountsWhitespace: true, Unit: "bytes", Source: "https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html"}
	case KindResource:
		// PutResourcePolicy (Kinesis): the policy is at most 20 KB.
		return Limit{Max: 20480, CountsWhitespace: true, Unit: "bytes", Source: "https://docs.aws.amazon.com/streams/latest/dev/resource-based-policy-examples.html"}
	case KindBucket:
		return Limit{Max: 20480, CountsWhitespace: true, Unit: "bytes", Source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-policy-language-overview.html"}
	default:
		return Limit{Max: 6144, Unit: "characters", Source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"}
	}
}

// Size is a document's size as AWS counts it against its limit.
type Size struct {
	Used  int
	Limit Limit
}

// Over reports whether the document is over its limit.
func (s Size) Over() bool { return s.Used > s.Limit.Max }

// Percent is the share of the limit used, rounded down.
func (s Size) Percent() int { return s.Used * 100 / s.Limit.Max }

func (s Size) String() string {
	return fmt.Sprintf("%d of %d %s (%d%%)", s.Used, s.Limit.Max, s.Limit.Unit, s.Percent())
}

// SizeOf measures a document of the given kind as permwiz writes it: key
// and bucket policies by the bytes of their compact JSON (what permwiz
// recommends sending), IAM documents by their characters without white space.
func SizeOf(d *Document, k Kind) Size {
	return MeasureJSON(d.Compact(), k)
}

// MeasureJSON measures serialised JSON as AWS would for a kind: all bytes for
// KMS and S3, and for IAM every character except white space outside string
// values.
func MeasureJSON(b []byte, k Kind) Size {
	l := LimitFor(k)
	if l.CountsWhitespace {
		return Size{Used: len(b), Limit: l}
	}
	// Every character counts but white space outside strings: inside a
	// string, runs up to the next quote or backslash are counted whole.
	// (A rune is counted as ranging over string(b) counts it: a byte that
	// is not UTF-8 is one character. Quotes, backslashes and white space
	// are ASCII, which no multi-byte sequence contains, so cutting the text
	// at them does not change the count.)
	n := 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '"':
			// A string: count up to and including its closing quote.
			n++
			i++
			for i < len(b) {
				j := bytes.IndexByte(b[i:], '"')
				if j < 0 {
					j = len(b) - i
				}
				if k := bytes.IndexByte(b[i:i+j], '\\'); k >= 0 {
					// Up to the backslash, the backslash, and the
					// character it escapes.
					n += runeCount(b[i:i+k]) + 1
					i += k + 1
					if i < len(b) {
						_, size := utf8.DecodeRune(b[i:])
						n++
						i += size
					}
					continue
				}
				n += runeCount(b[i : i+j])
				i += j
				if i < len(b) {
					n++ // the closing quote
					i++
				}
				break
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			// Indentation: eight spaces at a time.
			for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:]) == 0x2020202020202020 {
				i += 8
			}
		case c < utf8.RuneSelf:
			n++
			i++
		default:
			_, size := utf8.DecodeRune(b[i:])
			n++
			i += size
		}
	}
	return Size{Used: n, Limit: l}
}

// runeCount is utf8.RuneCount, eight bytes at a time over an ASCII start
// (every ASCII byte is one character, and none is part of another).
func runeCount(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	return i + utf8.RuneCount(b[i:])
}
