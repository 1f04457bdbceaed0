package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

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

// DefaultLintConfig is the suppressions file lint and check read from the
// working directory when --config does not name one.
const DefaultLintConfig = ".permwiz-lint.yaml"

// lintConfig is the suppressions file:
//
//	ignore:
//	  - rule: wildcard-resource            # everywhere
//	  - rule: pass-role-wildcard
//	    sid: LegacyDeploy                  # only statements with this Sid
//	    files: "legacy/*.json"             # only these files
//	    reason: deploy role, reviewed 2026-11
type lintConfig struct {
	Ignore []audit.Suppression `yaml:"ignore"`
}

// BindFlags registers lint's output and suppression flags.
func (o *LintOptions) BindFlags(fs *pflag.FlagSet) {
	bindOutputFlags(fs, &o.Format, &o.JSON, &o.Config, &o.Ignore)
}

func bindOutputFlags(fs *pflag.FlagSet, format *string, asJSON *bool, config *string, ignore *[]string) {
	fs.StringVar(format, "format", "text", "output `FORMAT`: text, json or sarif (SARIF 2.1.0, for GitHub code scanning)")
	fs.BoolVar(asJSON, "json", false, "the same as --format json")
	fs.StringVar(config, "config", "", "suppressions `FILE` (default: "+DefaultLintConfig+" in the working directory, when there is one)")
	fs.StringArrayVar(ignore, "ignore", nil, "suppress a finding `RULE` everywhere, or RULE@SID in statements with that Sid (repeatable)")
}

// resolveOutput checks --format/--json and reads the suppressions.
func resolveOutput(format *string, asJSON bool, config string, ignore []string) ([]audit.Suppression, error) {
	f := strings.ToLower(strings.TrimSpace(*format))
	if f == "" {
		f = "text"
	}
	if asJSON {
		if f != "text" && f != "json" {
			return nil, usageErrorf("--json and --format %s: choose one", *format)
		}
		f = "json"
	}
	switch f {
	case "text", "json", "sarif":
	default:
		return nil, usageErrorf("--format %q: must be text, json or sarif", *format)
	}
	*format = f
	var sup []audit.Suppression
	name, must := config, true
	if name == "" {
		name, must = DefaultLintConfig, false
	}
	data, err := os.ReadFile(name)
	switch {
	case err == nil:
		var c lintConfig
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return nil, usageErrorf("--config %s: %v", name, err)
		}
		for i, s := range c.Ignore {
			if strings.TrimSpace(s.Rule) == "" {
				return nil, usageErrorf("--config %s: ignore[%d] has no rule; name one (\"*\" for every rule)", name, i)
			}
			if s.Files != "" {
				if _, err := filepath.Match(s.Files, ""); err != nil {
					return nil, usageErrorf("--config %s: ignore[%d].files %q: %v", name, i, s.Files, err)
				}
			}
		}
		sup = c.Ignore
	case must || !errors.Is(err, os.ErrNotExist):
		return nil, usageErrorf("--config %s: %v", name, err)
	}
	for _, v := range ignore {
		rule, sid, _ := strings.Cut(v, "@")
		if strings.TrimSpace(rule) == "" {
			return nil, usageErrorf("--ignore %q: name a rule, as RULE or RULE@SID", v)
		}
		sup = append(sup, audit.Suppression{Rule: rule, Sid: sid, Reason: "--ignore " + v})
	}
	return sup, nil
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
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return policy.KindUnknown, nil
	case "identity":
		return policy.KindIdentity, nil
	case "trust":
		return policy.KindTrust, nil
	case "key":
		return policy.KindKey, nil
	case "bucket":
		return policy.KindBucket, nil
	case "resource", "stream":
		return policy.KindResource, nil
	}
	return 0, usageErrorf("--kind %q: must be identity, trust, key, bucket or resource (a Kinesis stream's policy)", s)
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
				if hasRule(fs, policy.RuleParse) {
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
					r.stmtLines = statementLines(data)
				case "json":
					// What json.MarshalIndent writes for this element of
					// the list, byte for byte.
					out[i], errs[i] = json.MarshalIndent(r, "    ", "    ")
				default:
					var text bytes.Buffer
					text.Grow(128 + 192*(len(fs)+len(suppressed)))
					writeLintText(&text, *r, kind == policy.KindUnknown)
					out[i] = printableText(text.Bytes())
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
		var b bytes.Buffer
		b.WriteString("[\n    ")
		for i, e := range out {
			if i > 0 {
				b.WriteString(",\n    ")
			}
			b.Write(e)
		}
		b.WriteString("\n]\n")
		o.IO.Out.Write(b.Bytes())
	case "sarif":
		if err := writeSARIF(o.IO.Out, lintSARIF(results)); err != nil {
			return err
		}
	default:
		o.IO.Out.Write(bytes.Join(out, nil))
	}
	if blocking {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

// printableText is text as printableLines writes it, each line made
// printable (see policy.Printable). Every line writeLintText writes is
// one write ending in a newline, so doing it for a file's text at once is
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
			var b bytes.Buffer
			printableLines(&b).Write(text)
			return b.Bytes()
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
	switch k {
	case policy.KindIdentity:
		return "identity"
	case policy.KindTrust:
		return "trust"
	case policy.KindKey:
		return "key"
	case policy.KindBucket:
		return "bucket"
	case policy.KindResource:
		return "resource"
	}
	return "unknown"
}

func writeLintText(w io.Writer, r lintFileJSON, inferred bool) {
	how := ""
	if inferred && r.Kind != "unknown" {
		how = " (inferred; pass --kind to choose)"
	}
	counts := map[audit.Severity]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
	}
	label := r.Kind + " policy"
	if r.Kind == "unknown" {
		label = "policy of unknown kind"
	}
	defer func() {
		for _, e := range r.Exceptions {
			fmt.Fprintf(w, "  deliberate exception [%s] %s (%q): %s\n", e.Rule, e.Path, e.Sid, e.Why)
		}
		for _, f := range r.Suppressed {
			why := ""
			if f.Reason != "" {
				why = " — " + f.Reason
			}
			fmt.Fprintf(w, "  suppressed: %s%s\n", f.Finding, why)
		}
	}()
	if len(r.Findings) == 0 {
		fmt.Fprintf(w, "%s: %s%s: no findings\n", r.File, label, how)
		return
	}
	var parts []string
	for _, s := range []audit.Severity{audit.SeverityError, audit.SeveritySecurity, audit.SeverityWarning, audit.SeveritySuggestion} {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(string(s), n)))
		}
	}
	fmt.Fprintf(w, "%s: %s%s: %s\n", r.File, label, how, strings.Join(parts, ", "))
	for _, f := range r.Findings {
		io.WriteString(w, "  "+f.String()+"\n")
	}
}

func plural(s string, n int) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// SARIF 2.1.0, the subset GitHub code scanning reads
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID       string             `json:"ruleId"`
	Level        string             `json:"level"`
	Message      sarifText          `json:"message"`
	Locations    []sarifLocation    `json:"locations"`
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	Properties   map[string]any     `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// sarifLevel maps a severity to SARIF's levels: errors and security
// warnings fail a check, as they fail permwiz lint.
func sarifLevel(s audit.Severity) string {
	switch s {
	case audit.SeverityError, audit.SeveritySecurity:
		return "error"
	case audit.SeverityWarning:
		return "warning"
	}
	return "note"
}

type sarifBuilder struct {
	log   sarifLog
	rules map[string]bool
}

func newSARIF() *sarifBuilder {
	return &sarifBuilder{
		log: sarifLog{
			Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
			Version: "2.1.0",
			Runs: []sarifRun{{Tool: sarifTool{Driver: sarifDriver{
				Name: "permwiz", InformationURI: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
				Rules: []sarifRule{},
			}}, Results: []sarifResult{}}},
		},
		rules: map[string]bool{},
	}
}

// statementLines returns the line (from 1) on which each statement of a
// policy file starts, so that SARIF points at it; nil when the file is not
// a JSON object with a Statement.
func statementLines(data []byte) []int {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	lineAt := func(off int64) int { return 1 + strings.Count(string(data[:min(int(off), len(data))]), "\n") }
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		if k, _ := key.(string); k != "Statement" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		start := dec.InputOffset()
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		if t != json.Delim('[') {
			return []int{lineAt(start + int64(len(data[start:])-len(strings.TrimLeft(string(data[start:]), " \t\r\n:"))))}
		}
		var lines []int
		for dec.More() {
			off := dec.InputOffset()
			rest := string(data[off:])
			lines = append(lines, lineAt(off+int64(len(rest)-len(strings.TrimLeft(rest, " \t\r\n,")))))
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return lines
			}
		}
		return lines
	}
	return nil
}

// line returns the line a finding's path points at: its statement's, else 1.
func (r lintFileJSON) line(path string) int {
	var n int
	if _, err := fmt.Sscanf(path, "Statement[%d]", &n); err == nil && n >= 0 && n < len(r.stmtLines) {
		return r.stmtLines[n]
	}
	return 1
}

func (b *sarifBuilder) add(file, path string, sev audit.Severity, rule, msg, suppressedBy string) {
	b.addAt(file, path, 1, sev, rule, msg, suppressedBy)
}

func (b *sarifBuilder) addAt(file, path string, line int, sev audit.Severity, rule, msg, suppressedBy string) {
	run := &b.log.Runs[0]
	if !b.rules[rule] {
		b.rules[rule] = true
		r := sarifRule{ID: rule, ShortDescription: sarifText{Text: rule}, DefaultConfiguration: sarifConfig{Level: sarifLevel(sev)},
			Properties: map[string]any{"severity": string(sev)}}
		if sev == audit.SeveritySecurity {
			// GitHub ranks security alerts by this score (7.0 and up is "high").
			r.Properties["tags"] = []string{"security"}
			r.Properties["security-severity"] = "7.5"
		}
		if c, ok := audit.AccessAnalyzer(rule); ok {
			r.ShortDescription.Text = c.Title
			r.Properties["accessAnalyzerCheck"] = c.Code
			r.HelpURI = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: filepath.ToSlash(file)}, Region: &sarifRegion{StartLine: max(line, 1)}}}
	if path != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: path}}
	}
	res := sarifResult{RuleID: rule, Level: sarifLevel(sev), Message: sarifText{Text: msg}, Locations: []sarifLocation{loc}}
	if suppressedBy != "" {
		res.Suppressions = []sarifSuppression{{Kind: "external", Justification: suppressedBy}}
	}
	run.Results = append(run.Results, res)
}

func (b *sarifBuilder) done() sarifLog {
	rules := b.log.Runs[0].Tool.Driver.Rules
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return b.log
}

func lintSARIF(results []lintFileJSON) sarifLog {
	b := newSARIF()
	for _, r := range results {
		for _, f := range r.Findings {
			b.addAt(r.File, f.Path, r.line(f.Path), f.Severity, f.Rule, sarifMessage(f), "")
		}
		for _, f := range r.Suppressed {
			b.addAt(r.File, f.Path, r.line(f.Path), f.Severity, f.Rule, sarifMessage(f.Finding), "suppressed: "+f.Reason)
		}
		for _, e := range r.Exceptions {
			for _, f := range e.Suppressed {
				b.addAt(r.File, f.Path, r.line(f.Path), f.Severity, f.Rule, sarifMessage(f), "deliberate exception: "+e.Why)
			}
		}
	}
	return b.done()
}

func sarifMessage(f audit.Finding) string {
	where := f.Path
	if f.Sid != "" {
		where += fmt.Sprintf(" (%q)", f.Sid)
	}
	if where == "" {
		return f.Message
	}
	return where + ": " + f.Message
}

func writeSARIF(w io.Writer, log sarifLog) error {
	out, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}

func hasRule(fs []audit.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
