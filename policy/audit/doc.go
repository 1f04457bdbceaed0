// Package audit analyses policy documents: it evaluates requests against a
// policy (eval.go, eval_conditions.go), lints documents (lint.go and the
// rule families lint_statements.go, lint_principals.go, lint_actions.go,
// lint_resources.go, lint_conditions.go, lint_security.go), checks whether
// an existing policy already grants what permwiz would add and what in it
// defeats permwiz's guards (check.go, broader.go), and merges permwiz's
// statements into an existing policy (merge.go, merge_json.go).
// It also reads AWS access-denied errors into a typed Denial (denial.go,
// denial_text.go, denial_personalize.go) and evaluates a request as the
// setup's own calls make it (denial_eval.go), for permwiz explain.
//
// Pattern matching lives here, once: match.go holds the one matcher
// (IAM's * and ?, and the one-segment forms catalogue ARN formats need)
// and patterns.go the one ${…} scanner and the compilers that say what a
// policy variable means where it is written: in evaluation, its value from
// the request context (and ${*}, ${?}, ${$} the literal characters); in
// lint and check, any run of characters; in the catalogue's condition keys
// and ARN formats, one or more characters (in an ARN format, one segment
// unless it is the last variable). The matcher is here rather than in
// policy because only the analysis matches; the model never needs to.
// catalogue.go makes the catalogue lookups that match (action patterns,
// templated condition keys, ARN shapes); package assets holds the data.
//
// Imports: permwiz/policy (the model) and permwiz/assets (the embedded
// catalogue), and the standard library. Nothing in permwiz below the
// command-line and terminal layers depends on audit; in particular the
// wizard's builders do not: they declare exceptions with policy.Exception
// and callers lint with [Lint] or [LintFile].
package audit
