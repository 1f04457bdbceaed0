package wizard

import (
	"fmt"
	"slices"
	"strings"
)

// FieldError is one bad answer: the field, the value as given, and the rule
// it breaks.
type FieldError struct {
	Field string
	Value string
	Rule  string
}

// Error reads as `--account-id "12345": an AWS account ID is exactly 12
// digits`: the flag, the value, the rule; a missing answer reads as
// `--account-id is required: the 12-digit ID ...`.
func (e *FieldError) Error() string {
	subject := Flag(e.Field)
	if e.Value != "" || !requiredRule(e.Rule) {
		subject += fmt.Sprintf(" %q", e.Value)
	}
	return Sentence(subject, e.Rule)
}

// requiredRule reports whether a rule says that an answer is missing
// ("is required: ...", "is required with KCL consumers: ...").
func requiredRule(rule string) bool { return strings.HasPrefix(rule, "is required") }

// predicateRule reports whether a rule is a predicate of its subject
// ("is required: ...", "is the data bucket ..."): it follows the subject
// without a colon.
func predicateRule(rule string) bool { return strings.HasPrefix(rule, "is ") }

// Sentence joins what a rule is about (a flag and its value, a question's
// title) and the rule: "KCL application name is required with KCL
// consumers: ..." for a predicate (a rule that starts with "is "), "AWS
// account ID: an AWS account ID is exactly 12 digits" for any other rule. Every place that names a
// field beside its rule joins them with it, so no message reads
// "X: is required".
func Sentence(subject, rule string) string {
	if predicateRule(rule) {
		return subject + " " + rule
	}
	return subject + ": " + rule
}

// Errors is every bad answer found, in field order.
type Errors []*FieldError

func (e Errors) Error() string {
	msgs := make([]string, len(e))
	for i, fe := range e {
		msgs[i] = fe.Error()
	}
	return strings.Join(msgs, "\n")
}

// For returns the first error about field, or nil.
func (e Errors) For(field string) *FieldError {
	for _, fe := range e {
		if fe.Field == field {
			return fe
		}
	}
	return nil
}

func fail(field, value, rule string, args ...any) *FieldError {
	return &FieldError{Field: field, Value: value, Rule: fmt.Sprintf(rule, args...)}
}

// Required lists the fields the setup cannot be built without, in the order
// the wizard asks for them.
func (a *Answers) Required() []string {
	var out []string
	for _, f := range fields {
		if slices.Contains(f.Required, a.built()) {
			out = append(out, f.Name)
		}
	}
	return out
}

// Missing lists the required fields that have no answer yet. A Personalize
// role is answered by either role_name or role_arn.
func (a *Answers) Missing() []string {
	var out []string
	for _, f := range a.Required() {
		switch {
		case f == FieldRoleName && a.RoleARN == "" && a.RoleMode == RoleExisting:
			out = append(out, FieldRoleARN)
		case a.value(f) == "" && !(f == FieldRoleName && a.RoleARN != "") && !(f == FieldBucket && !a.UsesS3()):
			out = append(out, f)
		}
	}
	return out
}

// Validate checks every answer that applies to the setup, after
// normalisation, and returns all the problems at once (as Errors) or nil.
func (a Answers) Validate() error {
	n := a.Normalized()
	return a.validateNormalized(&n)
}

func (a *Answers) validateNormalized(n *Answers) error {
	var errs Errors
	for _, f := range n.fields() {
		if err := n.Check(f); err != nil {
			// Echo the value as the user typed it, not as normalised.
			if raw := a.value(f); raw != "" && err.Value == n.value(f) {
				err.Value = raw
			}
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// fields lists the fields that apply to the setup, in the order Validate
// reports them: the table's, except that Personalize's key comes before its
// bucket, as its wizard asks for the key (the KMS step) before the bucket
// (the S3 step).
func (a *Answers) fields() []string {
	setup := a.built()
	var out, bucket []string
	for _, f := range fields {
		switch {
		case !f.AppliesTo(setup):
		case f.Name == FieldBucket || f.Name == FieldWorkflows || f.Name == FieldOutputBucket || f.Name == FieldBatchOutputPrefix ||
			f.Name == FieldExportPrefix || f.Name == FieldMetricsPrefix || f.Name == FieldBatchOutputKMSKeyARN:
			bucket = append(bucket, f.Name)
		default:
			out = append(out, f.Name)
		}
	}
	return append(out, bucket...)
}

// built is the setup the answers build: Kinesis, or else Personalize.
func (a *Answers) built() Setup {
	if a.Setup == SetupKinesis {
		return SetupKinesis
	}
	return SetupPersonalize
}

// Check validates one field of normalised answers in the context of the
// others (a key ARN must be in the answers' region), returning nil when it is
// fine or not applicable. Empty required fields are reported as missing.
func (a *Answers) Check(field string) *FieldError {
	f := row(field)
	if f == nil {
		return nil
	}
	if v, ok := a.dynamicReference(f); ok {
		const rule = "holds a CloudFormation dynamic reference ({{resolve:...}}), which CloudFormation replaces at deploy time: template.yaml would then grant something other than the JSON documents, so permwiz refuses it"
		if f.acc.list != nil {
			// A list: the item that holds it is named.
			list := f.acc.list(a)
			for i, item := range list {
				if strings.Contains(strings.ToLower(item), "{{resolve:") {
					return itemFail(list, i, fail(field, item, rule))
				}
			}
		}
		return fail(field, v, rule)
	}
	if f.check != nil {
		return f.check(a)
	}
	return nil
}

func (a *Answers) checkSetup() *FieldError {
	if a.Setup != SetupPersonalize && a.Setup != SetupKinesis {
		return fail(FieldSetup, string(a.Setup), "the setup is personalize or kinesis")
	}
	return nil
}

func checkAccess(field string, v Access) *FieldError {
	if v != AccessCustom && v != AccessManaged {
		return fail(field, string(v), "choose custom (a policy permwiz writes) or managed (the AWS managed AmazonPersonalizeFullAccess)")
	}
	return nil
}

func (a *Answers) checkKeyUse() *FieldError {
	if a.KMSKeyARN == "" {
		if len(a.KeyUse) > 0 {
			return fail(FieldKeyUse, joinT(a.KeyUse), "says what the KMS key encrypts, so it needs --kms-key-arn")
		}
		return nil
	}
	return checkEnum(FieldKeyUse, a.KeyUse, AllKeyUses, "what the key encrypts")
}

func checkEnum[T ~string](field string, got, allowed []T, what string) *FieldError {
	if len(got) == 0 {
		return fail(field, "", "choose at least one of %s", joinT(allowed))
	}
	for _, g := range got {
		if !slices.Contains(allowed, g) {
			return fail(field, string(g), "not %s; choose from %s", what, joinT(allowed))
		}
	}
	return nil
}

// dynamicReference reports whether an answer of f holds a CloudFormation
// dynamic reference ({{resolve:...}}, in any case), with the answer as the
// form shows it. It is on every validation's path, so it looks for "{{"
// before it lower-cases or joins anything.
func (a *Answers) dynamicReference(f *Field) (string, bool) {
	has := func(v string) bool {
		return strings.Contains(v, "{{") && strings.Contains(strings.ToLower(v), "{{resolve:")
	}
	switch {
	case f.acc.text != nil:
		if v := *f.acc.text(a); has(v) {
			return v, true
		}
	case f.acc.list != nil:
		for _, v := range f.acc.list(a) {
			if has(v) {
				return a.Value(f.Name), true
			}
		}
	}
	return "", false
}
