package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"permwiz/policy"
	"permwiz/policy/audit"
	"permwiz/wizard"
)

// LintOptions are the options of `permwiz lint`.
type LintOptions struct {
	Files []string
	Kind  string // identity, trust, key, bucket; empty to infer per file
	JSON  bool

	IO *IOStreams

	kind policy.Kind // Kind, parsed by Validate
}

// lintFileJSON is one file's entry in lint --json.
type lintFileJSON struct {
	File     string          `json:"file"`
	Kind     string          `json:"kind"`
	Findings []audit.Finding `json:"findings"`
	// Exceptions are findings on permwiz's own statements (known by Sid)
	// that break a rule on purpose, with the reason.
	Exceptions []audit.Excepted `json:"exceptions,omitempty"`
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
	}
	return 0, usageErrorf("--kind %q: must be identity, trust, key or bucket", s)
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
	return nil
}

// RunLint checks policy files offline. Exit 1 when any file has an error
// or a security warning; a file that is not a policy is such an error.
// Validate first.
func RunLint(o *LintOptions) error {
	kind := o.kind
	var results []lintFileJSON
	known := wizard.KnownExceptions()
	for _, name := range o.Files {
		data, err := readPolicyInput("policy file", name, o.IO.In)
		if err != nil {
			return err
		}
		k, fs, excepted := audit.LintFile(data, kind, known)
		if fs == nil {
			fs = []audit.Finding{}
		}
		results = append(results, lintFileJSON{File: name, Kind: kindName(k), Findings: fs, Exceptions: excepted})
	}
	blocking := false
	for _, r := range results {
		blocking = blocking || audit.Blocking(r.Findings)
	}
	if o.JSON {
		out, err := json.MarshalIndent(results, "", "    ")
		if err != nil {
			return err
		}
		fmt.Fprintf(o.IO.Out, "%s\n", out)
	} else {
		for _, r := range results {
			writeLintText(o.IO.Out, r, kind == policy.KindUnknown)
		}
	}
	if blocking {
		return &ExitError{Code: ExitFindings}
	}
	return nil
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
		fmt.Fprintf(w, "  %s\n", f)
	}
}

func plural(s string, n int) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
