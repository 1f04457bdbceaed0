package policy

import "strings"

// Version is the only policy language version permwiz writes. 2008-10-17 is
// legacy: policy variables do not work under it, and KMS key policies require
// 2012-10-17 (IAM JSON policy elements: Version,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
const Version = "2012-10-17"

// Effect is Allow or Deny.
type Effect string

// The two effects IAM knows.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is one policy document.
type Document struct {
	Version   string
	ID        string // the optional "Id" element
	Statement []Statement

	// Kind is model-only: it decides the size limit and which lint rules
	// apply. It never reaches the JSON.
	Kind Kind
}

// Statement is one statement of a policy. The exported JSON fields follow the
// IAM grammar; the fields after them are the explanation permwiz keeps beside
// each statement and never serialises.
type Statement struct {
	Sid          string
	Effect       Effect
	Principal    *Principal
	NotPrincipal *Principal
	Action       List
	NotAction    List
	Resource     Strings
	NotResource  Strings
	Condition    Condition

	// Reason says in a sentence why the statement is there.
	Reason string
	// Source is the AWS documentation page the statement comes from.
	Source string
	// Fields names the answers that shape this statement, so that a form can
	// highlight the statement its focused question affects.
	Fields []string
	// Frame marks a statement that keeps the document working rather than
	// granting what permwiz was asked for, such as the account statement of a
	// key policy. Frame statements are left out of the paste-in snippet.
	Frame bool
	// Exceptions lists lint rules this statement deliberately breaks, each
	// with the reason.
	Exceptions []Exception
}

// Added returns the statements permwiz adds (every statement that is not
// part of the frame): the snippet a user pastes into an existing policy.
func (d *Document) Added() []Statement {
	out := make([]Statement, 0, len(d.Statement))
	for _, s := range d.Statement {
		if !s.Frame {
			out = append(out, s)
		}
	}
	return out
}

// FindSid returns the statement with the given Sid, or nil.
func (d *Document) FindSid(sid string) *Statement {
	for i := range d.Statement {
		if d.Statement[i].Sid == sid {
			return &d.Statement[i]
		}
	}
	return nil
}

// Principal is the Principal (or NotPrincipal) element.
type Principal struct {
	// Wildcard is the bare "*" principal: everyone.
	Wildcard      bool
	AWS           Strings
	CanonicalUser Strings
	Federated     Strings
	Service       Strings
}

// ServicePrincipal returns {"Service": name}.
func ServicePrincipal(name string) *Principal { return &Principal{Service: Strings{name}} }

// AWSPrincipal returns {"AWS": arns}.
func AWSPrincipal(arns ...string) *Principal { return &Principal{AWS: Strings(arns)} }

// IsEmpty reports whether the principal names nobody.
func (p *Principal) IsEmpty() bool {
	return p == nil || (!p.Wildcard && len(p.AWS)+len(p.CanonicalUser)+len(p.Federated)+len(p.Service) == 0)
}

// Condition is the Condition element: operator → key → values. It keeps the
// order in which entries were added (or read), so output is deterministic
// and a parsed policy re-serialises in its own order.
type Condition []ConditionEntry

// ConditionEntry is one key under one operator, for example
// StringEquals / aws:SourceAccount / ["111122223333"].
type ConditionEntry struct {
	Operator string
	Key      string
	Values   Strings
}

// With returns c plus one entry.
func (c Condition) With(operator, key string, values ...string) Condition {
	return append(c, ConditionEntry{Operator: operator, Key: key, Values: Strings(values)})
}

// Get returns the values for operator and key (operator and key compared as
// AWS compares them: operators exactly, keys case-insensitively).
func (c Condition) Get(operator, key string) (Strings, bool) {
	for _, e := range c {
		if e.Operator == operator && strings.EqualFold(e.Key, key) {
			return e.Values, true
		}
	}
	return nil, false
}

// operators returns the distinct operators in first-seen order.
func (c Condition) operators() []string {
	var ops []string
outer:
	for _, e := range c {
		for _, o := range ops {
			if o == e.Operator {
				continue outer
			}
		}
		ops = append(ops, e.Operator)
	}
	return ops
}
