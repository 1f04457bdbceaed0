package audit

import (
	"strings"
	"unicode/utf8"
)

// This file is permwiz's one pattern matcher; its one ${…} scanner and the
// pattern compilers are in patterns.go. Everything audit compares goes
// through them: action patterns
// ("kms:Describe*"), Resource patterns, StringLike and ArnLike values, the
// catalogue's templated condition keys ("aws:RequestTag/${TagKey}") and
// ARN formats ("arn:${Partition}:s3:::${BucketName}/${ObjectName}").
//
// A pattern is compiled into tokens. In IAM patterns * matches any run of
// characters, the empty run included and across '/' and ':', and ? exactly
// one character (a rune, not a byte). What a ${…} becomes depends on where
// it is written, so each compiler in patterns.go says it.

// tokKind is the kind of one pattern token.
type tokKind uint8

const (
	tLit    tokKind = iota // literal text
	tOne                   // exactly one character
	tAny                   // any run of characters, possibly empty
	tSeg                   // one character other than '/' and ':'
	tSegRun                // any run, possibly empty, of characters other than '/' and ':'
	tCol                   // one character other than ':'
	tColRun                // any run, possibly empty, of characters other than ':'
)

type tok struct {
	kind tokKind
	lit  string // tLit only
}

// pattern is a compiled pattern.
type pattern []tok

// literalLen is the length of the pattern's literal text: the more, the
// more specific a template is.
func (p pattern) literalLen() int {
	n := 0
	for _, t := range p {
		n += len(t.lit)
	}
	return n
}

// match reports whether the pattern matches all of s, taken literally.
func (p pattern) match(s string) bool {
	for _, t := range p {
		if t.kind >= tSeg {
			return p.overlaps(pattern{{kind: tLit, lit: s}})
		}
	}
	return p.matchGlob(s)
}

// matchGlob matches patterns of literals, * and ? only: iterative, with one
// backtracking point, so linear enough for policy-sized strings and immune
// to the exponential blow-up of the naive recursive form on patterns such
// as "a*a*a*a*b". (A later * always subsumes an earlier one, so the last
// one is the only point worth returning to.)
func (p pattern) matchGlob(s string) bool {
	ti, si := 0, 0
	star, mark := -1, 0
	for {
		if ti < len(p) {
			t := p[ti]
			switch t.kind {
			case tAny:
				star, mark = ti, si
				ti++
				continue
			case tLit:
				if strings.HasPrefix(s[si:], t.lit) {
					ti++
					si += len(t.lit)
					continue
				}
			case tOne:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					ti++
					si += n
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if star < 0 || mark >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[mark:])
		mark += n
		ti, si = star+1, mark
	}
}

// unit is one character position of a pattern: a literal rune or a
// wildcard token.
// It takes four bytes: a literal is its rune (-1-b for an invalid byte
// b), a wildcard wildUnit minus its kind.
type unit int32

const wildUnit unit = -1024

func litUnit(r rune) unit     { return unit(r) }
func kindUnit(k tokKind) unit { return wildUnit - unit(k) }
func (u unit) kind() tokKind {
	if u > wildUnit {
		return tLit
	}
	return tokKind(wildUnit - u)
}

func (p pattern) units() []unit { return p.appendUnits(make([]unit, 0, p.unitCount())) }

// unitCount is len(p.units()).
func (p pattern) unitCount() int {
	n := 0
	for _, t := range p {
		if t.kind != tLit {
			n++
		} else {
			n += utf8.RuneCountInString(t.lit) // an invalid byte counts as one
		}
	}
	return n
}

// appendUnits appends p's units to out.
func (p pattern) appendUnits(out []unit) []unit {
	for _, t := range p {
		if t.kind != tLit {
			out = append(out, kindUnit(t.kind))
			continue
		}
		for s := t.lit; s != ""; {
			r, n := utf8.DecodeRuneInString(s)
			if r == utf8.RuneError && n == 1 {
				r = -1 - rune(s[0]) // an invalid byte is one character, itself
			}
			out = append(out, litUnit(r))
			s = s[n:]
		}
	}
	return out
}

func (u unit) run() bool { k := u.kind(); return k == tAny || k == tSegRun || k == tColRun }

// compatible reports whether some one character satisfies both units.
func compatible(a, b unit) bool {
	excludes := func(k tokKind, r rune) bool {
		switch k {
		case tSeg, tSegRun:
			return r == '/' || r == ':'
		case tCol, tColRun:
			return r == ':'
		}
		return false
	}
	switch {
	case a.kind() == tLit && b.kind() == tLit:
		return a == b
	case a.kind() == tLit:
		return !excludes(b.kind(), rune(a))
	case b.kind() == tLit:
		return !excludes(a.kind(), rune(b))
	}
	// Two wildcard units: any character that is neither '/' nor ':' does.
	return true
}

// overlaps reports whether some string matches both patterns: whether a
// Resource pattern (itself holding wildcards) can name a resource of an ARN
// format. It walks the product of the two patterns, each pair of positions
// at most once, so its work is bounded by the product of their lengths.
func (p pattern) overlaps(q pattern) bool { return unitsOverlap(p.units(), q.units()) }

// unitsOverlap is [pattern.overlaps] on patterns already split into units.
func unitsOverlap(a, b []unit) bool {
	// A lone * matches every string, and every pattern matches some
	// string: the common "*" of a Resource's region, account or resource
	// needs no walk.
	if len(a) == 1 && a[0].kind() == tAny || len(b) == 1 && b[0].kind() == tAny {
		return true
	}
	// Where neither unit is a run, the walk has one move: both take the
	// same character, which must fit both. So the two ends of the patterns
	// are compared step by step (what matches both strings reversed matches
	// both patterns reversed), and most pairs (a key/${KeyId} format
	// against an alias/x resource) are told apart there, without walking
	// the product of the middles.
	for len(a) > 0 && len(b) > 0 && !a[0].run() && !b[0].run() {
		if !compatible(a[0], b[0]) {
			return false
		}
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && !a[len(a)-1].run() && !b[len(b)-1].run() {
		if !compatible(a[len(a)-1], b[len(b)-1]) {
			return false
		}
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 1 && a[0].kind() == tAny || len(b) == 1 && b[0].kind() == tAny {
		return true // what is left of one is a lone * ("instance/*" against "instance/${InstanceId}")
	}
	if len(a) == 0 || len(b) == 0 {
		// The empty string is the only string left on one side: the other
		// side must be able to match nothing, all runs.
		for _, u := range a {
			if !u.run() {
				return false
			}
		}
		for _, u := range b {
			if !u.run() {
				return false
			}
		}
		return true
	}
	return unitsWalk(a, b)
}

// unitsWalk decides the overlap by a depth-first walk over the pairs of
// positions, each visited at most once, in a set no larger than the pairs
// need (most walks are over a few dozen; zeroing room for 4,096 at each
// call cost more than the walk).
func unitsWalk(a, b []unit) bool {
	n, m := len(a), len(b)
	var seen []uint64
	switch words := ((n+1)*(m+1) + 63) / 64; {
	case words <= 4:
		var small [4]uint64
		seen = small[:words]
	case words <= 64:
		var medium [64]uint64 // 4,096 pairs without allocating
		seen = medium[:words]
	default:
		seen = make([]uint64, words)
	}
	var visit func(i, j int) bool
	visit = func(i, j int) bool {
		k := i*(m+1) + j
		if seen[k/64]&(1<<(k%64)) != 0 {
			return false
		}
		seen[k/64] |= 1 << (k % 64)
		if i == n && j == m {
			return true
		}
		ar, br := i < n && a[i].run(), j < m && b[j].run()
		// A run may end here, matching no more characters.
		if ar && visit(i+1, j) || br && visit(i, j+1) {
			return true
		}
		if i == n || j == m || ar && br {
			// Two runs taking the same character together lead nowhere
			// that ending one of them does not.
			return false
		}
		if !compatible(a[i], b[j]) {
			return false
		}
		ni, nj := i+1, j+1
		if ar {
			ni = i // the run takes the character and goes on
		}
		if br {
			nj = j
		}
		return visit(ni, nj)
	}
	return visit(0, 0)
}

// wildMatch matches s against an IAM glob (* and ?). fold makes the match
// case-insensitive, as action names are; resource ARNs are case-sensitive.
func wildMatch(pat, s string, fold bool) bool {
	if !hasWildcard(pat) {
		// No wildcard: a comparison, without compiling anything.
		if fold {
			return strings.EqualFold(pat, s)
		}
		return pat == s
	}
	if fold {
		pat, s = strings.ToLower(pat), strings.ToLower(s)
	}
	return globPattern(pat).match(s)
}

// actionMatches reports whether an Action pattern ("kms:*", "kms:Describe*",
// "*") covers a qualified action name, case-insensitively.
func actionMatches(pat, action string) bool {
	return wildMatch(pat, action, true)
}

// hasWildcard reports whether s holds * or ?: strings.ContainsAny, without
// building a set of the characters at each call (lint asks it of every
// action).
func hasWildcard(s string) bool { return hasEither(s, '*', '?') }

// hasEither reports whether s holds the byte a or b.
func hasEither(s string, a, b byte) bool {
	// Eight bytes at a time: a word holds a or b when x^a (or x^b) has a
	// zero byte.
	for ; len(s) >= 8; s = s[8:] {
		x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if zeroBytes(x^(uint64(a)*ones))|zeroBytes(x^(uint64(b)*ones)) != 0 {
			return true
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == a || c == b {
			return true
		}
	}
	return false
}

// Eight bytes at a time (hasEither, plainText): a byte of each of the
// word's eight bytes, its high bits, its low seven bits.
const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f

// zeroBytes has the high bit of each zero byte of x set, and no other bit
// (the sum carries into no other byte).
func zeroBytes(x uint64) uint64 { return ^((x&lows + lows) | x | lows) }

// resourceMatches reports whether a compiled Resource pattern covers a
// resource. The resource may itself contain * (a statement's own pattern,
// as check asks "is arn:aws:s3:::b/* covered?"); a literal * in it is then
// only covered by a * in the pattern, which the match gives for free
// because * matches "*".
func resourceMatches(pat pattern, resource string) bool {
	if len(pat) == 1 && pat[0].kind == tAny {
		return true
	}
	return pat.match(resource)
}
