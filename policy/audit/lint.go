package audit

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/permwiz/permwiz/policy"
)

// Severity is how serious a lint finding is. The four levels are those of
// IAM Access Analyzer's policy validation.
type Severity string

// Finding severities, from most to least serious.
const (
	SeverityError      Severity = "error"            // AWS rejects the document, or it cannot work
	SeveritySecurity   Severity = "security warning" // it grants more than is safe
	SeverityWarning    Severity = "warning"          // it works, but not as its author likely meant
	SeveritySuggestion Severity = "suggestion"       // it could be simpler or tighter
)

func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeveritySecurity:
		return 1
	case SeverityWarning:
		return 2
	}
	return 3
}

// Blocking reports whether findings of this severity fail `permwiz lint`.
func (s Severity) Blocking() bool { return s == SeverityError || s == SeveritySecurity }

// Finding is one lint result.
type Finding struct {
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`           // kebab-case rule ID, also what an Exception names
	Path     string   `json:"path,omitempty"` // e.g. "Statement[1].Resource"
	Sid      string   `json:"sid,omitempty"`
	Message  string   `json:"message"`
	// AccessAnalyzer is the IAM Access Analyzer check the rule corresponds
	// to, where there is one.
	AccessAnalyzer *AccessAnalyzerCheck `json:"accessAnalyzer,omitempty"`
}

func (f Finding) String() string {
	return string(f.AppendText(make([]byte, 0, len(f.Severity)+len(f.Rule)+len(f.Path)+len(f.Sid)+len(f.Message)+16)))
}

// AppendText appends what String returns to b: what
// fmt.Sprintf("%s [%s] %s (%q): %s") writes, without fmt (lint prints tens
// of thousands of these over a directory of policies).
func (f Finding) AppendText(b []byte) []byte {
	b = append(b, f.Severity...)
	b = append(b, " ["...)
	b = append(b, f.Rule...)
	b = append(b, "] "...)
	b = append(b, f.Path...)
	if f.Sid != "" {
		b = append(b, " ("...)
		b = strconv.AppendQuote(b, f.Sid)
		b = append(b, ')')
	}
	if f.Path != "" || f.Sid != "" {
		b = append(b, ": "...)
	}
	return append(b, f.Message...)
}

// Excepted is a deliberate exception a builder declared on a statement,
// with the findings it suppressed (none when the rule did not fire).
type Excepted struct {
	Rule       string    `json:"rule"`
	Sid        string    `json:"sid,omitempty"`
	Path       string    `json:"path"`
	Why        string    `json:"why"`
	Suppressed []Finding `json:"suppressed,omitempty"`
}

// Blocking reports whether any finding is an error or a security warning.
func Blocking(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity.Blocking() {
			return true
		}
	}
	return false
}

// Lint checks a document built in memory (by the wizard) against the rules
// of its Kind. Findings a statement's Exceptions name are moved out of the
// findings into the exceptions, with the builder's reason, so that a review
// screen shows both.
func Lint(d *policy.Document) ([]Finding, []Excepted) {
	raw := lintDocument(d, d.Kind)
	compact := d.Compact()
	raw = append(raw, lintChars(compact)...)
	if sz := policy.MeasureJSON(compact, d.Kind); sz.Over() { // policy.SizeOf, without encoding d again
		raw = append(raw, sizeFinding(sz, d.Kind))
	}
	return applyExceptions(d, raw)
}

// applyExceptions moves the findings that a statement's declared exceptions
// cover from the findings to the exceptions.
func applyExceptions(d *policy.Document, raw []Finding) ([]Finding, []Excepted) {
	var excepted []Excepted
	for i, s := range d.Statement {
		for _, ex := range s.Exceptions {
			excepted = append(excepted, Excepted{Rule: ex.Rule, Sid: s.Sid, Path: stmtPath(i), Why: ex.Why})
		}
	}
	var kept []Finding
	for _, f := range raw {
		idx := -1
		for i := range excepted {
			e := &excepted[i]
			if e.Rule == f.Rule && (f.Path == e.Path || strings.HasPrefix(f.Path, e.Path+".")) {
				idx = i
				break
			}
		}
		if idx >= 0 {
			excepted[idx].Suppressed = append(excepted[idx].Suppressed, f)
		} else {
			kept = append(kept, f)
		}
	}
	sortFindings(kept)
	return kept, excepted
}

// LintFile checks a policy file as AWS would see it: the characters and
// the size of the bytes themselves, then the document. It never panics; a
// document that does not parse is one error finding. KindUnknown is
// inferred from the document (see InferKind). It treats a statement whose
// Sid is in known as carrying those exceptions: the findings they cover are
// returned as Excepted, with the reason, instead of as findings. It also
// returns the kind the file was linted as (inferred for KindUnknown).
func LintFile(data []byte, kind policy.Kind, known policy.KnownExceptions) (policy.Kind, []Finding, []Excepted) {
	return lintFile(data, kind, known, false)
}

// LintFileOwned is LintFile for data the caller hands over: nothing may
// modify data afterwards, for the parsed document and the findings may
// share its memory (see policy.ParseOwned).
func LintFileOwned(data []byte, kind policy.Kind, known policy.KnownExceptions) (policy.Kind, []Finding, []Excepted) {
	return lintFile(data, kind, known, true)
}

func lintFile(data []byte, kind policy.Kind, known policy.KnownExceptions, owned bool) (policy.Kind, []Finding, []Excepted) {
	d, kind, raw := lintBytes(data, kind, owned)
	if d == nil || len(known) == 0 {
		return kind, raw, nil
	}
	used := false
	for i := range d.Statement {
		if ex, ok := known[d.Statement[i].Sid]; ok {
			d.Statement[i].Exceptions, used = ex, true
		}
	}
	if !used {
		return kind, raw, nil
	}
	kept, excepted := applyExceptions(d, raw)
	var fired []Excepted
	for _, e := range excepted {
		if len(e.Suppressed) > 0 {
			fired = append(fired, e)
		}
	}
	return kind, kept, fired
}

// lintBytes parses data once and lints it, returning the parsed document
// (nil when it does not parse) and the kind it was linted as.
func lintBytes(data []byte, kind policy.Kind, owned bool) (*policy.Document, policy.Kind, []Finding) {
	var out []Finding
	out = append(out, lintChars(data)...)
	parse := policy.Parse
	if owned {
		parse = policy.ParseOwned
	}
	d, err := parse(data)
	if err != nil {
		f := Finding{Severity: SeverityError, Rule: policy.RuleParse, Message: err.Error()}
		var pe *policy.ParseError
		if errors.As(err, &pe) {
			f.Path, f.Message = pe.Path, pe.Msg
		}
		out = append(out, f)
		sortFindings(out)
		return nil, kind, out
	}
	if kind == policy.KindUnknown {
		kind = InferKind(d)
		if kind == policy.KindUnknown {
			out = append(out, Finding{Severity: SeveritySuggestion, Rule: policy.RuleKindUnknown,
				Message: "cannot tell whether this is an identity, trust, key, bucket or resource (Kinesis stream) policy; pass --kind to apply that kind's rules and size limit"})
		}
	}
	// MeasureJSON counts at most one character a byte: a document of no
	// more bytes than the limit is within it, without counting.
	if len(data) > policy.LimitFor(kind).Max {
		if sz := policy.MeasureJSON(data, kind); sz.Over() {
			out = append(out, sizeFinding(sz, kind))
		}
	}
	out = append(out, lintDocument(d, kind)...)
	sortFindings(out)
	return d, kind, out
}

func sizeFinding(sz policy.Size, k policy.Kind) Finding {
	how := "counting every byte"
	if !sz.Limit.CountsWhitespace {
		how = "not counting white space"
	}
	return Finding{Severity: SeverityError, Rule: policy.RuleSize,
		Message: fmt.Sprintf("the %s is %s, %s; AWS rejects it (%s)", k, sz, how, sz.Limit.Source)}
}

// InferKind guesses what a document is attached to, for `lint FILE` without
// --kind: a policy without principals is an identity policy; one that only
// lets principals assume a role is a trust policy; one about kms actions on
// "*" is a key policy; one about s3 actions or ARNs is a bucket policy.
func InferKind(d *policy.Document) policy.Kind {
	// Without principals it is an identity policy whatever its actions
	// are: most documents (all of AWS's managed policies) stop here,
	// before their actions are lower-cased and counted.
	principals := false
	for i := range d.Statement {
		if s := &d.Statement[i]; s.Principal != nil || s.NotPrincipal != nil {
			principals = true
			break
		}
	}
	if !principals {
		return policy.KindIdentity
	}
	trust, kms, s3, kinesis, other := 0, 0, 0, 0, 0
	for _, s := range d.Statement {
		for _, a := range append(append([]string{}, s.Action...), s.NotAction...) {
			la := strings.ToLower(a)
			switch {
			case strings.HasPrefix(la, "sts:assumerole") || la == "sts:tagsession" || la == "sts:setsourceidentity" || la == "sts:setcontext":
				trust++
			case strings.HasPrefix(la, "kms:"):
				kms++
			case strings.HasPrefix(la, "s3:"):
				s3++
			case strings.HasPrefix(la, "kinesis:"):
				kinesis++
			default:
				other++
			}
		}
		for _, r := range append(append([]string{}, s.Resource...), s.NotResource...) {
			if strings.Contains(r, ":s3:::") {
				s3++
			}
		}
	}
	switch {
	case trust > 0 && kms+s3+kinesis+other == 0:
		return policy.KindTrust
	case kms > 0 && s3+kinesis+other == 0:
		return policy.KindKey
	case s3 > 0:
		return policy.KindBucket
	case kinesis > 0 && kms+other == 0:
		return policy.KindResource // a Kinesis stream's or consumer's resource-based policy
	}
	return policy.KindUnknown
}

// plainText reports whether b holds only ASCII characters from the space
// on, TAB, LF and CR. It reads eight bytes at a time, and tells the
// control characters it allows (the line ends and tabs of an indented
// policy, in a word of every few) from the others within the word.
func plainText(b []byte) bool {
	for ; len(b) >= 8; b = b[8:] {
		x := binary.LittleEndian.Uint64(b)
		if x&highs != 0 {
			return false
		}
		// The bytes below 0x20, exactly (x has no byte at or above 0x80).
		control := ^(x + (0x80-0x20)*ones) & highs
		if control != 0 && control&^(zeroBytes(x^'\t'*ones)|zeroBytes(x^'\n'*ones)|zeroBytes(x^'\r'*ones)) != 0 {
			return false
		}
	}
	for _, c := range b {
		if c >= 0x80 || c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// lintChars reports characters AWS rejects in a policy document: anything
// but TAB, LF, CR and U+0020–U+00FF (the pattern of the IAM, KMS and S3
// APIs), such as the curly quotes that word processors and web pages put in
// copied JSON. One finding per distinct character keeps the list readable.
func lintChars(b []byte) []Finding {
	if plainText(b) {
		return nil // the common case, without decoding runes
	}
	var out []Finding
	seen := map[rune]bool{}
	line, col := 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		bad := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xff)
		if r == utf8.RuneError && size == 1 {
			bad = false
			if !seen[-1] {
				seen[-1] = true
				out = append(out, Finding{Severity: SeverityError, Rule: policy.RuleCharacters,
					Message: fmt.Sprintf("line %d, column %d: byte 0x%02x is not UTF-8 text", line, col, b[i])})
			}
		} else if !bad && !seen[r] {
			seen[r] = true
			hint := ""
			switch r {
			case '‘', '’', '“', '”':
				hint = "; a curly quote from a word processor or web page: use a straight quote"
			case '\u200b', '\ufeff':
				hint = "; an invisible character, usually from copying text off a web page"
			}
			out = append(out, Finding{Severity: SeverityError, Rule: policy.RuleCharacters,
				Message: fmt.Sprintf("line %d, column %d: %U %q is outside the characters AWS accepts (TAB, LF, CR, U+0020–U+00FF)%s", line, col, r, string(r), hint)})
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return out
}

func sortFindings(fs []Finding) {
	for i := range fs {
		if c, ok := accessAnalyzerChecks[fs[i].Rule]; ok && fs[i].AccessAnalyzer == nil {
			fs[i].AccessAnalyzer = &c
		}
	}
	if len(fs) < 2 {
		return
	}
	// By severity, then statement, stably: the keys are computed once
	// (a comparison used to scan both paths).
	type keyed struct {
		rank, stmt int
		f          Finding
	}
	ks := make([]keyed, len(fs))
	for i, f := range fs {
		ks[i] = keyed{f.Severity.rank(), StatementIndex(f.Path), f}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if a.rank != b.rank {
			return cmp.Compare(a.rank, b.rank)
		}
		return cmp.Compare(a.stmt, b.stmt)
	})
	for i := range ks {
		fs[i] = ks[i].f
	}
}

// StatementIndex returns N of a finding's path "Statement[N]…", -1 for
// any other path: what fmt.Sscanf(path, "Statement[%d]", &n) reads. The
// paths lint writes (see stmtPath) are read here; anything else is left to
// Sscanf.
func StatementIndex(path string) int {
	const prefix = "Statement["
	if rest, ok := strings.CutPrefix(path, prefix); ok {
		n, i := 0, 0
		for ; i < len(rest) && i < 9 && '0' <= rest[i] && rest[i] <= '9'; i++ {
			n = n*10 + int(rest[i]-'0')
		}
		if i > 0 && i < len(rest) && rest[i] == ']' && (i == 1 || rest[0] != '0') {
			return n
		}
	}
	var n int
	if _, err := fmt.Sscanf(path, "Statement[%d]", &n); err != nil {
		return -1
	}
	return n
}

func stmtPath(i int) string { return "Statement[" + strconv.Itoa(i) + "]" }
