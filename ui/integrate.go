package ui

import (
	"permwiz/policy/audit"
	"permwiz/wizard"
)

// The wizard's review shows two things other packages compute: the lint
// findings of each document and the ordered next steps. They are read here
// only, so the review's layout does not depend on their shapes.

// docFindings lists a document's lint findings, one line each. Deliberate
// exceptions (the account statement of a key policy) are not findings: the
// statement's reason already says why.
func docFindings(d *wizard.Doc) []string {
	findings, _ := audit.Lint(d.Policy)
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = f.String()
	}
	return out
}

// nextSteps lists what to do with the documents, in the order AWS requires.
func nextSteps(b *wizard.Bundle) []wizard.NextStep { return wizard.NextSteps(b) }
