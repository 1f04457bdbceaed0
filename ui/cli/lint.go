package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/permwiz/permwiz/assets"
	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/wizard"
)

// LintOptions are the options of `permwiz lint`.
type LintOptions struct {
	Files  []string
	Kind   string   // identity, trust, key, bucket; empty to infer per file
	Format string   // text, json or sarif
	JSON   bool     // --json: the same as --format json
	Config string   // suppressions file; "" reads .permwiz-lint.yaml when there is one
	Ignore []string // --ignore RULE or RULE@SID, inline suppressions

	IO *IOStreams

	kind         policy.Kind // Kind, parsed by Validate
	suppressions []audit.Suppression
}

// lintFileJSON is one file's entry in lint --json.
type lintFileJSON struct {
	File     string          `json:"file"`
	Kind     string          `json:"kind"`
	Findings []audit.Finding `json:"findings"`
	// Exceptions are findings on permwiz's own statements (known by Sid)
	// that break a rule on purpose, with the reason.
	Exceptions []audit.Excepted `json:"exceptions,omitempty"`
	// Suppressed are findings the suppressions file or --ignore silenced.
	Suppressed []audit.Suppressed `json:"suppressed,omitempty"`

	stmtLines []int // the line each statement starts on, for SARIF
}

// ParseKind turns --kind's value into a policy.Kind.
func ParseKind(s string) (policy.Kind, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch v {
	case "":
		return policy.KindUnknown, nil
	case "stream":
		v = "resource"
	}
	for _, k := range lintKinds {
		if k.name == v {
			return k.kind, nil
		}
	}
	return 0, usageErrorf("--kind %q: must be identity, trust, key, bucket or resource (a Kinesis stream's policy)", s)
}

// lintKinds are --kind's values, in the order help and completion show
// them: ParseKind, the reports' kind names and shell completion read them.
var lintKinds = []struct {
	name, what string
	kind       policy.Kind
}{
	{"identity", "an IAM user, group or role policy", policy.KindIdentity},
	{"trust", "a role's trust policy", policy.KindTrust},
	{"key", "a KMS key policy", policy.KindKey},
	{"bucket", "an S3 bucket policy", policy.KindBucket},
	{"resource", "a Kinesis stream's resource-based policy", policy.KindResource},
}

// Validate checks the flags and arguments; the command runs it before
// RunLint.
func (o *LintOptions) Validate() error {
	if len(o.Files) == 0 {
		return usageErrorf("lint: name at least one policy file (- for stdin)")
	}
	kind, err := ParseKind(o.Kind)
	if err != nil {
		return err
	}
	o.kind = kind
	o.suppressions, err = resolveOutput(&o.Format, o.JSON, o.Config, o.Ignore)
	return err
}

// batchHeap is the heap a lint run over many files may grow to before the
// collector runs.
const batchHeap = 512 << 20

// RunLint checks policy files offline. Exit 1 when any file has an error
// or a security warning; a file that is not a policy is such an error.
// Validate first.
func RunLint(o *LintOptions) error {
	kind := o.kind
	if o.JSON {
		o.Format = "json"
	}
	n := len(o.Files)
	known := wizard.KnownExceptions()
	inputs := make([][]byte, n)
	errs := make([]error, n)
	// The error is the first file (in the order given) that cannot be
	// read, as if they were read one by one; files after one that failed
	// are not read.
	var firstFailed atomic.Int64
	firstFailed.Store(int64(n))
	failed := func(i int) {
		for f := firstFailed.Load(); int64(i) < f; f = firstFailed.Load() {
			if firstFailed.CompareAndSwap(f, int64(i)) {
				return
			}
		}
	}
	// Standard input is read here; files are read by the workers.
	for i, name := range o.Files {
		if name == "-" {
			if inputs[i], errs[i] = readPolicyInput("policy file", name, o.IO.In); errs[i] != nil {
				failed(i)
			}
		}
	}
	// A run over many files is short-lived and allocates much more than it
	// keeps: the collector waits until the heap reaches batchHeap (a run
	// over the 1,594 AWS managed policies peaks near 90 MB and never
	// collects), unless GOGC or GOMEMLIMIT say otherwise.
	if n > 50 && os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(batchHeap))
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
	}
	// Files are independent: read, lint and format them on every core,
	// taking the next file from a counter; print them in order. The first
	// worker starts by decoding the catalogue's list of services (gunzip
	// and header, one core's work for some milliseconds); until that is
	// done the other workers read files ahead.
	results := make([]lintFileJSON, n)
	out := make([][]byte, n)
	var sarifRules [][]sarifRuleSeen // per file, for --format sarif
	if o.Format == "sarif" {
		sarifRules = make([][]sarifRuleSeen, n)
	}
	var next, nextAhead atomic.Int64
	var catalogued atomic.Bool
	// Each file is read once, by the first worker to get to it: one
	// reading ahead or the one that lints it. Any worker lints any file, in
	// the order of next, whoever read it (a worker linting only what it had
	// read ahead was left alone with hundreds of files at the end).
	const unread, reading, done = 0, 1, 2
	state := make([]atomic.Int32, n)
	for i, name := range o.Files {
		if name == "-" {
			state[i].Store(done) // read above
		}
	}
	// read makes sure file i has been read, and reports whether it is
	// there to lint (not if it failed, or a file before it failed).
	// Only the worker that lints file i (next hands each i to one worker)
	// looks at inputs[i] after it is read: one reading ahead neither waits
	// for nor looks at a file another worker took.
	read := func(i int, ahead bool) bool {
		if state[i].CompareAndSwap(unread, reading) {
			ok := false
			if int64(i) <= firstFailed.Load() {
				if inputs[i], errs[i] = readPolicyInput("policy file", o.Files[i], o.IO.In); errs[i] != nil {
					failed(i)
				} else {
					ok = true
				}
			}
			state[i].Store(done)
			return ok
		}
		if ahead {
			return false
		}
		for state[i].Load() != done {
			runtime.Gosched() // another worker is reading it: a few microseconds
		}
		return inputs[i] != nil
	}
	var wg sync.WaitGroup
	for w := range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each file's text is written into scratch, then kept in
			// texts, a few large blocks rather than one buffer a file.
			scratch := make([]byte, 0, 64<<10)
			var texts textBlocks
			if w == 0 {
				assets.LoadCatalogue()
				catalogued.Store(true)
			} else {
				for !catalogued.Load() {
					i := int(nextAhead.Add(1) - 1)
					if i >= n {
						break
					}
					read(i, true)
				}
			}
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if !read(i, false) {
					continue
				}
				data := inputs[i]
				inputs[i] = nil // a long run keeps only the results
				// The file's bytes are handed over (nothing writes them
				// again): the parsed document's strings are slices of them.
				k, fs, excepted := audit.LintFileOwned(data, kind, known)
				// A file that is no policy at all (answers.yaml, text) is bad
				// input, not a policy with a parse error; only files that did
				// not parse are looked at again.
				parsed := !hasRule(fs, policy.RuleParse)
				if !parsed {
					if why := notAPolicy(data); why != "" {
						errs[i] = usageErrorf("policy file %q is not a policy document (%s): lint reads IAM, key, bucket and stream policies as JSON", sanitize(o.Files[i]), why)
						failed(i)
						continue
					}
				}
				fs, suppressed := audit.Suppress(o.Files[i], fs, o.suppressions)
				if fs == nil {
					fs = []audit.Finding{}
				}
				r := &results[i]
				*r = lintFileJSON{File: o.Files[i], Kind: kindName(k), Findings: fs, Exceptions: excepted, Suppressed: suppressed}
				switch o.Format {
				case "sarif":
					if lines, ok := statementLinesValid(data, parsed); ok {
						r.stmtLines = lines
					} else {
						r.stmtLines = statementLines(data)
					}
					out[i], sarifRules[i] = r.sarifElements()
				case "json":
					// What json.MarshalIndent writes for this element of
					// the list, byte for byte (written by hand).
					out[i] = appendLintFileJSON(make([]byte, 0, 256+384*(len(fs)+len(suppressed))), *r)
				default:
					how := ""
					if kind == policy.KindUnknown && r.Kind != "unknown" {
						how = " (inferred; pass --kind to choose)"
					}
					scratch = appendLintText(scratch[:0], *r, how)
					out[i] = texts.keep(printableText(scratch))
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	blocking := false
	for _, r := range results {
		blocking = blocking || audit.Blocking(r.Findings)
	}
	switch o.Format {
	case "json":
		// The list json.MarshalIndent(results, "", "    ") writes.
		b := bufio.NewWriterSize(o.IO.Out, 64<<10)
		b.WriteString("[\n    ")
		for i, e := range out {
			if i > 0 {
				b.WriteString(",\n    ")
			}
			b.Write(e)
		}
		b.WriteString("\n]\n")
		b.Flush()
	case "sarif":
		b := newSARIF()
		for _, rs := range sarifRules {
			for _, r := range rs {
				b.rule(r.rule, r.sev)
			}
		}
		if err := writeSARIFResults(o.IO.Out, b.done(), out); err != nil {
			return err
		}
	default:
		// One write per 64 KB or so, as bytes.Join and one write did.
		bw := bufio.NewWriterSize(o.IO.Out, 64<<10)
		for _, t := range out {
			bw.Write(t)
		}
		bw.Flush()
	}
	if blocking {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

// textBlocks keeps many short texts in a few large blocks.
type textBlocks struct{ block []byte }

// keep returns a copy of text that lives in one of the blocks.
func (t *textBlocks) keep(text []byte) []byte {
	if len(text) > cap(t.block)-len(t.block) {
		t.block = make([]byte, 0, max(64<<10, len(text)))
	}
	start := len(t.block)
	t.block = append(t.block, text...)
	return t.block[start:len(t.block):len(t.block)]
}

// printableText is text as printableLines writes it, each line made
// printable (see policy.Printable). Every line appendLintText writes
// ends in a newline, so doing it for a file's text at once is
// doing it line by line; text that is printable already (nearly all) is
// returned as it is.
func printableText(text []byte) []byte {
	ascii := true
	for _, c := range text {
		if (c < 0x20 || c > 0x7e) && c != '\n' {
			ascii = false
			break
		}
	}
	if ascii {
		return text // printable ASCII and newlines: nothing to escape
	}
	for line := range strings.Lines(string(text)) {
		line = strings.TrimSuffix(line, "\n")
		if policy.Printable(line) != line {
			return []byte(sanitizeLines(string(text)))
		}
	}
	return text
}

// notAPolicy says why data is not a policy document at all ("" when it
// may be one): not a JSON object (YAML such as answers.yaml, text, an
// array), or an object with none of a policy's elements. That is bad
// input (exit 2), as an unreadable file is; a policy with a syntax error
// or a wrong element is a policy with findings (exit 1).
func notAPolicy(data []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return "it is not a JSON object"
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(t, &top) != nil {
		return "" // an object with a syntax error: the parse-error finding says where
	}
	for k := range top {
		switch strings.ToLower(k) {
		case "version", "statement", "id":
			return ""
		}
	}
	return "it has none of Version, Statement and Id"
}

func kindName(k policy.Kind) string {
	for _, l := range lintKinds {
		if l.kind == k {
			return l.name
		}
	}
	return "unknown"
}

// appendLintText appends the text lint prints for r to b; how follows the
// kind's name (" (inferred; ...)" when lint inferred it).
func appendLintText(b []byte, r lintFileJSON, how string) []byte {
	label := r.Kind + " policy"
	if r.Kind == "unknown" {
		label = "policy of unknown kind"
	}
	b = append(b, r.File...)
	b = append(b, ": "...)
	b = append(b, label...)
	b = append(b, how...)
	b = append(b, ": "...)
	if len(r.Findings) == 0 {
		b = append(b, "no findings\n"...)
	} else {
		sep := ""
		for _, s := range []audit.Severity{audit.SeverityError, audit.SeveritySecurity, audit.SeverityWarning, audit.SeveritySuggestion} {
			n := 0
			for _, f := range r.Findings {
				if f.Severity == s {
					n++
				}
			}
			if n > 0 {
				b = append(b, sep...)
				b = strconv.AppendInt(b, int64(n), 10)
				b = append(b, ' ')
				b = append(b, plural(string(s), n)...)
				sep = ", "
			}
		}
		b = append(b, '\n')
		for _, f := range r.Findings {
			b = append(b, "  "...)
			b = f.AppendText(b)
			b = append(b, '\n')
		}
	}
	for _, e := range r.Exceptions {
		b = fmt.Appendf(b, "  deliberate exception [%s] %s (%q): %s\n", e.Rule, e.Path, e.Sid, e.Why)
	}
	for _, f := range r.Suppressed {
		b = append(b, "  suppressed: "...)
		b = f.Finding.AppendText(b)
		if f.Reason != "" {
			b = append(b, " — "...)
			b = append(b, f.Reason...)
		}
		b = append(b, '\n')
	}
	return b
}

func plural(s string, n int) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

func hasRule(fs []audit.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
