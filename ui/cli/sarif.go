package cli

// SARIF output for lint and check: the log, its rules and results, and the
// line each statement starts on.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/permwiz/permwiz/policy/audit"
)

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
	dec := json.NewDecoder(bytes.NewReader(data))
	// The offsets asked about only grow: the lines are counted from the
	// last one (counting from the start each time, and copying the rest
	// of the file at each statement, made a file of many statements cost
	// the square of its size).
	var lastOff, lastLine = 0, 1
	lineAt := func(off int64) int {
		o := min(int(off), len(data))
		if o < lastOff {
			lastOff, lastLine = 0, 1
		}
		lastLine += bytes.Count(data[lastOff:o], []byte("\n"))
		lastOff = o
		return lastLine
	}
	leading := func(off int64, cutset string) int64 {
		rest := data[min(int(off), len(data)):]
		return off + int64(len(rest)-len(bytes.TrimLeft(rest, cutset)))
	}
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
			return []int{lineAt(leading(start, " \t\r\n:"))}
		}
		var lines []int
		for dec.More() {
			lines = append(lines, lineAt(leading(dec.InputOffset(), " \t\r\n,")))
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return lines
			}
		}
		return lines
	}
	return nil
}

// statementLinesValid is statementLines for a document known to be valid
// JSON (one that parsed as a policy), read in one pass without
// encoding/json; ok is false when it is not known valid, or when a member
// name has an escape: statementLines then decides.
func statementLinesValid(data []byte, valid bool) (lines []int, ok bool) {
	if !valid {
		return nil, false
	}
	line, last := 1, 0
	lineAt := func(i int) int {
		line += bytes.Count(data[last:i], []byte("\n"))
		last = i
		return line
	}
	ws := func(i int) int {
		for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
			i++
		}
		return i
	}
	// str returns the end of the string starting at i (its opening quote),
	// and whether it has an escape.
	str := func(i int) (int, bool) {
		esc := false
		for i++; i < len(data); i++ {
			switch data[i] {
			case '\\':
				esc = true
				i++
			case '"':
				return i + 1, esc
			}
		}
		return len(data), esc
	}
	// skip returns the end of the value starting at i.
	skip := func(i int) int {
		depth := 0
		for i < len(data) {
			switch c := data[i]; c {
			case '"':
				i, _ = str(i)
			case '{', '[':
				depth++
				i++
			case '}', ']':
				depth--
				i++
			default:
				i++
				if depth == 0 {
					// A number or a literal: to the next delimiter.
					for ; i < len(data); i++ {
						switch data[i] {
						case ',', '}', ']', ' ', '\t', '\r', '\n':
							return i
						}
					}
					return i
				}
				continue
			}
			if depth == 0 {
				return i
			}
		}
		return i
	}
	i := ws(0)
	if i >= len(data) || data[i] != '{' {
		return nil, true
	}
	for i = ws(i + 1); i < len(data) && data[i] == '"'; {
		end, esc := str(i)
		if esc {
			return nil, false
		}
		key := string(data[i+1 : end-1])
		i = ws(end)
		if i >= len(data) || data[i] != ':' {
			return nil, false
		}
		i = ws(i + 1)
		if key == "Statement" {
			if i >= len(data) || data[i] != '[' {
				return []int{lineAt(i)}, true
			}
			for i = ws(i + 1); i < len(data) && data[i] != ']'; {
				lines = append(lines, lineAt(i))
				i = ws(skip(i))
				if i < len(data) && data[i] == ',' {
					i = ws(i + 1)
				}
			}
			return lines, true
		}
		i = ws(skip(i))
		if i < len(data) && data[i] == ',' {
			i = ws(i + 1)
		}
	}
	return nil, true
}

// line returns the line a finding's path points at: its statement's, else 1.
func (r lintFileJSON) line(path string) int {
	if n := audit.StatementIndex(path); n >= 0 && n < len(r.stmtLines) {
		return r.stmtLines[n]
	}
	return 1
}

func (b *sarifBuilder) add(file, path string, sev audit.Severity, rule, msg, suppressedBy string) {
	b.addAt(file, path, 1, sev, rule, msg, suppressedBy)
}

func (b *sarifBuilder) addAt(file, path string, line int, sev audit.Severity, rule, msg, suppressedBy string) {
	b.rule(rule, sev)
	run := &b.log.Runs[0]
	run.Results = append(run.Results, sarifResultAt(file, path, line, sev, rule, msg, suppressedBy))
}

// rule lists a rule in the driver the first time a result names it, at the
// severity of that result.
func (b *sarifBuilder) rule(rule string, sev audit.Severity) {
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
}

func sarifResultAt(file, path string, line int, sev audit.Severity, rule, msg, suppressedBy string) sarifResult {
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: filepath.ToSlash(file)}, Region: &sarifRegion{StartLine: max(line, 1)}}}
	if path != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: path}}
	}
	res := sarifResult{RuleID: rule, Level: sarifLevel(sev), Message: sarifText{Text: msg}, Locations: []sarifLocation{loc}}
	if suppressedBy != "" {
		res.Suppressions = []sarifSuppression{{Kind: "external", Justification: suppressedBy}}
	}
	return res
}

func (b *sarifBuilder) done() sarifLog {
	rules := b.log.Runs[0].Tool.Driver.Rules
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return b.log
}

// eachSARIF calls add for each result of a file, in the log's order.
func (r lintFileJSON) eachSARIF(add func(file, path string, line int, sev audit.Severity, rule, msg, suppressedBy string)) {
	for _, f := range r.Findings {
		add(r.File, f.Path, r.line(f.Path), f.Severity, f.Rule, sarifMessage(f), "")
	}
	for _, f := range r.Suppressed {
		add(r.File, f.Path, r.line(f.Path), f.Severity, f.Rule, sarifMessage(f.Finding), "suppressed: "+f.Reason)
	}
	for _, e := range r.Exceptions {
		for _, f := range e.Suppressed {
			add(r.File, f.Path, r.line(f.Path), f.Severity, f.Rule, sarifMessage(f), "deliberate exception: "+e.Why)
		}
	}
}

// sarifRuleSeen is a rule a file's results name, at the severity of the
// first of them.
type sarifRuleSeen struct {
	rule string
	sev  audit.Severity
}

// sarifElements returns a file's SARIF results as writeSARIF writes them
// in the log's list (each at its indentation, separated as MarshalIndent
// separates them), and the rules they name: lint marshals each file's
// results on the worker that linted it, and writeSARIFResults puts them in
// the log.
func (r lintFileJSON) sarifElements() ([]byte, []sarifRuleSeen) {
	var out []byte // nil: no result yet
	count := len(r.Findings) + len(r.Suppressed)
	for _, e := range r.Exceptions {
		count += len(e.Suppressed)
	}
	rules := make([]sarifRuleSeen, 0, count)
	r.eachSARIF(func(file, path string, line int, sev audit.Severity, rule, msg, suppressedBy string) {
		rules = append(rules, sarifRuleSeen{rule, sev})
		if out == nil {
			out = make([]byte, 0, 768*count) // a result is some 600 bytes
		} else {
			out = append(append(out, ",\n"...), sarifResultIndent...)
		}
		// What MarshalIndent writes, without reflection.
		out = appendSARIFResult(out, sarifResultAt(file, path, line, sev, rule, msg, suppressedBy))
	})
	return out, rules
}

// sarifResultIndent is the indentation of a result in the log
// (runs[0].results[i]: four levels of two spaces).
const sarifResultIndent = "        "

// writeSARIFResults writes the log with the results of each file
// (sarifElements's, in order) in its list: what writeSARIF writes for the
// log holding all of them.
func writeSARIFResults(w io.Writer, log sarifLog, elements [][]byte) error {
	log.Runs[0].Results = []sarifResult{}
	out, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
	}
	const empty = `"results": []`
	at := bytes.LastIndex(out, []byte(empty))
	if at < 0 {
		return fmt.Errorf("sarif: no results list in the log")
	}
	b := bufio.NewWriterSize(w, 64<<10) // the results are not copied into one buffer first
	b.Write(out[:at])
	b.WriteString(`"results": [`)
	first := true
	for _, e := range elements {
		if len(e) == 0 {
			continue
		}
		if first {
			b.WriteString("\n" + sarifResultIndent)
			first = false
		} else {
			b.WriteString(",\n" + sarifResultIndent)
		}
		b.Write(e)
	}
	if !first {
		b.WriteString("\n" + sarifResultIndent[:len(sarifResultIndent)-2])
	}
	b.WriteString("]")
	b.Write(out[at+len(empty):])
	b.WriteString("\n")
	return b.Flush()
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
