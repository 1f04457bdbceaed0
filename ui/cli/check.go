package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/policy/audit"
)

// CheckOptions are the options of `permwiz check`.
type CheckOptions struct {
	Flags AnswerFlags
	Doc   string
	File  string // the existing policy; "-" for stdin

	Format string   // text, json or sarif
	JSON   bool     // --json: the same as --format json
	Config string   // suppressions file; "" reads .permwiz-lint.yaml when there is one
	Ignore []string // --ignore RULE or RULE@SID

	IO *IOStreams

	suppressions []audit.Suppression
}

// Rule IDs of check's results, for SARIF and suppressions. Only risky and
// note can be suppressed: a missing grant or a blocking statement means the
// setup does not work, which no suppression changes.
const (
	checkRuleMissing  = "check-missing-grant"
	checkRuleBlocking = "check-blocking-statement"
	checkRuleUnsafe   = "check-defeats-guard"
	checkRuleRisky    = "check-risky-statement"
	checkRuleNote     = "check-note"
)

func riskRule(r audit.Risk) string {
	switch {
	case r.Info:
		return checkRuleNote
	case r.Blocking && r.Defeats != "":
		return checkRuleUnsafe
	case r.Blocking:
		return checkRuleBlocking
	}
	return checkRuleRisky
}

// BindFlags registers check's output and suppression flags.
func (o *CheckOptions) BindFlags(fs *pflag.FlagSet) {
	bindOutputFlags(fs, &o.Format, &o.JSON, &o.Config, &o.Ignore)
}

// checkJSON is the --json output of check.
type checkJSON struct {
	Doc  string `json:"doc"`
	File string `json:"file"`
	OK   bool   `json:"ok"`
	audit.CheckReport
	Suppressed []suppressedRisk `json:"suppressed,omitempty"`
}

type suppressedRisk struct {
	audit.Risk
	Rule   string `json:"rule"`
	Reason string `json:"reason,omitempty"`
}

// Validate checks the flags and the argument; the command runs it before
// RunCheck.
func (o *CheckOptions) Validate() error {
	if o.File == "" {
		return usageErrorf("check: name the existing policy file (- for stdin)")
	}
	if o.File == "-" && o.Flags.AnswersFile == "-" {
		return usageErrorf("the policy file - and --answers - both read stdin; give one of them as a file")
	}
	sup, err := resolveOutput(&o.Format, o.JSON, o.Config, o.Ignore)
	if err != nil {
		return err
	}
	o.suppressions = sup
	return requireDoc("check", o.Doc)
}

// RunCheck reports what the existing policy lacks for --doc, and what it
// grants that is riskier than needed. Exit 1 when something is missing or
// blocks the setup.
// Validate first.
func RunCheck(o *CheckOptions) error {
	o.Flags.Stdin = o.IO.In
	d, err := bundleDoc("check", &o.Flags, o.Doc)
	if err != nil {
		return err
	}
	data, err := readPolicyInput("policy file", o.File, o.IO.In)
	if err != nil {
		return err
	}
	if err := policy.CheckText(data); err != nil {
		return usageErrorf("%q: not a policy document: %v", sanitize(o.File), err)
	}
	data, _ = audit.UnwrapCLI(data)
	existing, err := policy.Parse(data)
	if err != nil {
		return usageErrorf("%q: not a policy document: %v", sanitize(o.File), err)
	}
	existing.Kind = d.Policy.Kind
	rep := audit.Check(existing, d.Policy)
	var suppressed []suppressedRisk
	kept := rep.Risks[:0:0]
	for _, r := range rep.Risks {
		rule := riskRule(r)
		hit := -1
		for i, s := range o.suppressions {
			if !r.Blocking && s.Matches(o.File, audit.Finding{Rule: rule, Sid: r.Sid}) {
				hit = i
				break
			}
		}
		if hit < 0 {
			kept = append(kept, r)
			continue
		}
		suppressed = append(suppressed, suppressedRisk{Risk: r, Rule: rule, Reason: o.suppressions[hit].Reason})
	}
	rep.Risks = kept
	switch o.Format {
	case "json":
		out, err := json.MarshalIndent(checkJSON{Doc: o.Doc, File: o.File, OK: !rep.Failed(), CheckReport: rep, Suppressed: suppressed}, "", "    ")
		if err != nil {
			return err
		}
		fmt.Fprintf(o.IO.Out, "%s\n", out)
	case "sarif":
		b := newSARIF()
		for _, g := range rep.Missing {
			b.add(o.File, "", audit.SeverityError, checkRuleMissing, fmt.Sprintf("missing for --doc %s: %s (needed by %q)", o.Doc, g.Message, g.Sid), "")
		}
		for _, r := range rep.Risks {
			b.add(o.File, r.Path, riskSeverity(r), riskRule(r), r.Message, "")
		}
		for _, r := range suppressed {
			b.add(o.File, r.Path, riskSeverity(r.Risk), r.Rule, r.Message, "suppressed: "+r.Reason)
		}
		if err := writeSARIF(o.IO.Out, b.done()); err != nil {
			return err
		}
	default:
		out := printableLines(o.IO.Out)
		writeCheckText(out, o.Doc, o.File, &rep)
		for _, r := range suppressed {
			fmt.Fprintf(out, "  suppressed [%s] %s %s — %s\n", r.Rule, r.Path, r.Message, r.Reason)
		}
	}
	if rep.Failed() {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

func riskSeverity(r audit.Risk) audit.Severity {
	switch {
	case r.Info:
		return audit.SeveritySuggestion
	case r.Blocking && r.Defeats != "":
		return audit.SeveritySecurity
	case r.Blocking:
		return audit.SeverityError
	}
	return audit.SeverityWarning
}

func writeCheckText(w io.Writer, doc, file string, rep *audit.CheckReport) {
	blocking, unsafe := 0, 0
	for _, r := range rep.Risks {
		switch {
		case r.Blocking && r.Defeats != "":
			unsafe++
		case r.Blocking:
			blocking++
		}
	}
	verdict := "has everything the setup needs"
	if rep.Failed() {
		var parts []string
		if len(rep.Missing) > 0 {
			parts = append(parts, fmt.Sprintf("is missing %d grant(s)", len(rep.Missing)))
		}
		if blocking > 0 {
			parts = append(parts, fmt.Sprintf("has %d statement(s) that block the setup", blocking))
		}
		if unsafe > 0 {
			parts = append(parts, fmt.Sprintf("has %d statement(s) that defeat permwiz's confused-deputy guard", unsafe))
		}
		verdict = strings.Join(parts, " and ")
	}
	fmt.Fprintf(w, "%s (checked for --doc %s) %s.\n", file, doc, verdict)
	for _, g := range rep.Missing {
		fmt.Fprintf(w, "  missing:  %s (needed by %q)\n", g.Message, g.Sid)
	}
	for _, r := range rep.Risks {
		label := "risky:   "
		switch {
		case r.Info:
			label = "note:    "
		case r.Blocking && r.Defeats != "":
			label = "unsafe:  "
		case r.Blocking:
			label = "blocking:"
		}
		where := r.Path
		if r.Sid != "" {
			where += fmt.Sprintf(" (%q)", r.Sid)
		}
		if where != "" {
			where += " "
		}
		fmt.Fprintf(w, "  %s %s%s\n", label, where, r.Message)
	}
	for _, g := range rep.Granted {
		fmt.Fprintf(w, "  ok:       %s\n", g.Message)
	}
	if len(rep.Missing) > 0 {
		fmt.Fprintf(w, "To add what is missing: permwiz merge --doc %s --into %s (with the same answers)\n", doc, file)
	}
}
