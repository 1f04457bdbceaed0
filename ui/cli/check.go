package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"permwiz/policy"
	"permwiz/policy/audit"
)

// CheckOptions are the options of `permwiz check`.
type CheckOptions struct {
	Flags AnswerFlags
	Doc   string
	File  string // the existing policy; "-" for stdin
	JSON  bool

	IO *IOStreams
}

// checkJSON is the --json output of check.
type checkJSON struct {
	Doc  string `json:"doc"`
	File string `json:"file"`
	OK   bool   `json:"ok"`
	audit.CheckReport
}

// Validate checks the flags and the argument; the command runs it before
// RunCheck.
func (o *CheckOptions) Validate() error {
	if o.File == "" {
		return usageErrorf("check: name the existing policy file (- for stdin)")
	}
	return requireDoc("check", o.Doc)
}

// RunCheck reports what the existing policy lacks for --doc, and what it
// grants that is riskier than needed. Exit 1 when something is missing or
// blocks the setup.
// Validate first.
func RunCheck(o *CheckOptions) error {
	d, err := bundleDoc("check", &o.Flags, o.Doc)
	if err != nil {
		return err
	}
	data, err := readPolicyInput("policy file", o.File, o.IO.In)
	if err != nil {
		return err
	}
	data, _ = audit.UnwrapCLI(data)
	existing, err := policy.Parse(data)
	if err != nil {
		return usageErrorf("%q: not a policy document: %v", o.File, err)
	}
	existing.Kind = d.Policy.Kind
	rep := audit.Check(existing, d.Policy)
	if o.JSON {
		out, err := json.MarshalIndent(checkJSON{Doc: o.Doc, File: o.File, OK: !rep.Failed(), CheckReport: rep}, "", "    ")
		if err != nil {
			return err
		}
		fmt.Fprintf(o.IO.Out, "%s\n", out)
	} else {
		writeCheckText(o.IO.Out, o.Doc, o.File, &rep)
	}
	if rep.Failed() {
		return &ExitError{Code: ExitFindings}
	}
	return nil
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
