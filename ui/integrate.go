package ui

import (
	"permwiz/wizard"
	"permwiz/wizard/apply"
)

// The wizard's review shows two things other packages compute: the lint
// findings of each document and the ordered next steps. They are read here
// only, so the review's layout does not depend on their shapes.

// docFindings lists a document's lint findings, one line each. Deliberate
// exceptions (the account statement of a key policy) are not findings: the
// statement's reason already says why.
func docFindings(d *wizard.Doc) []string {
	findings, _ := d.Lint()
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = f.String()
	}
	return out
}

// nextSteps lists what to do with the documents, in the order AWS requires.
func nextSteps(b *wizard.Bundle) []apply.NextStep { return apply.NextSteps(apply.PlanFor(b)) }
