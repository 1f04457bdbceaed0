package wizard

import "permwiz/policy"

// Lint checks the document with the rules of its kind. Findings are what
// the review screen warns about; exceptions are the departures from a rule
// the builder made on purpose, each with its reason, shown beside them.
func (d *Doc) Lint() ([]policy.Finding, []policy.Excepted) {
	return policy.Lint(d.Policy)
}
