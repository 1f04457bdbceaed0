// Package wizard turns a user's answers into the policy documents an AWS
// setup needs.
//
// Answers is the single source of truth: the command line, the YAML answers
// file and the interactive form all fill one Answers value, and Build turns
// it into every document at once, so that the role ARN in the key policy is
// the role the trust policy belongs to and the key ARN in the role policy is
// the key the key policy guards. The package also validates every answer,
// with messages that name the field, echo the value and state the rule, and
// lists the ordered steps the interactive wizard walks through. It is pure:
// no terminal, no files.
package wizard
