package wizard

import (
	"fmt"
	"regexp"
	"strings"

	"permwiz/policy"
)

// FieldError is one bad answer: the field, the value as given, and the rule
// it breaks.
type FieldError struct {
	Field string
	Value string
	Rule  string
}

// Error reads as `--account-id "12345": an AWS account ID is exactly 12
// digits`: the flag, the value, the rule.
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s %q: %s", Flag(e.Field), e.Value, e.Rule)
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

func fail(field, value, rule string, args ...interface{}) *FieldError {
	return &FieldError{Field: field, Value: value, Rule: fmt.Sprintf(rule, args...)}
}

var (
	accountRE   = regexp.MustCompile(`^\d{12}$`)
	streamRE    = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`)
	ipRE        = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)
	principalRE = regexp.MustCompile(`^(root|(role|user)/([\x21-\x7E]*/)?[\w+=,.@-]{1,64})$`)
)

// Required lists the fields the setup cannot be built without, in the order
// the wizard asks for them.
func (a *Answers) Required() []string {
	base := []string{FieldAccountID, FieldRegion}
	if a.Setup == SetupKinesis {
		return append(base, FieldStream, FieldKMSKeyARN)
	}
	return append(base, FieldRoleName, FieldBucket)
}

// Missing lists the required fields that have no answer yet. A Personalize
// role is answered by either role_name or role_arn.
func (a *Answers) Missing() []string {
	var out []string
	for _, f := range a.Required() {
		if a.value(f) == "" && !(f == FieldRoleName && a.RoleARN != "") {
			out = append(out, f)
		}
	}
	return out
}

// value returns a field's answer as text, the form errors echo.
func (a *Answers) value(field string) string {
	switch field {
	case FieldSetup:
		return string(a.Setup)
	case FieldAccountID:
		return a.AccountID
	case FieldRegion:
		return a.Region
	case FieldRoleName:
		return a.RoleName
	case FieldRolePath:
		return a.RolePath
	case FieldRoleARN:
		return a.RoleARN
	case FieldRoleAccess:
		return string(a.RoleAccess)
	case FieldUserAccess:
		return string(a.UserAccess)
	case FieldBucket:
		return a.Bucket
	case FieldKMSKeyARN:
		return a.KMSKeyARN
	case FieldStream:
		return a.Stream
	case FieldWorkflows:
		return joinT(a.Workflows)
	case FieldKeyUse:
		return joinT(a.KeyUse)
	case FieldPolicies:
		return joinT(a.Policies)
	case FieldProducers:
		return strings.Join(a.Producers, ",")
	case FieldConsumers:
		return strings.Join(a.Consumers, ",")
	}
	return ""
}

func joinT[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ",")
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

// fields lists the fields that apply to the setup, in the order asked.
func (a *Answers) fields() []string {
	if a.Setup == SetupKinesis {
		return []string{FieldSetup, FieldAccountID, FieldRegion, FieldStream, FieldKMSKeyARN, FieldProducers, FieldConsumers, FieldPolicies}
	}
	return []string{FieldSetup, FieldAccountID, FieldRegion, FieldRoleName, FieldRolePath, FieldRoleARN, FieldRoleAccess,
		FieldUserAccess, FieldKMSKeyARN, FieldKeyUse, FieldBucket, FieldWorkflows}
}

// Check validates one field of normalised answers in the context of the
// others (a key ARN must be in the answers' region), returning nil when it is
// fine or not applicable. Empty required fields are reported as missing.
func (a *Answers) Check(field string) *FieldError {
	v := a.value(field)
	switch field {
	case FieldSetup:
		if a.Setup != SetupPersonalize && a.Setup != SetupKinesis {
			return fail(field, v, "the setup is personalize or kinesis")
		}
	case FieldAccountID:
		return checkAccount(field, v)
	case FieldRegion:
		return a.checkRegion()
	case FieldRoleName:
		return a.checkRoleName()
	case FieldRolePath:
		return a.checkRolePath()
	case FieldRoleARN:
		return a.checkRoleARN()
	case FieldRoleAccess, FieldUserAccess:
		if v != string(AccessCustom) && v != string(AccessManaged) {
			return fail(field, v, "choose custom (a policy permwiz writes) or managed (the AWS managed AmazonPersonalizeFullAccess)")
		}
	case FieldBucket:
		return checkBucket(v)
	case FieldWorkflows:
		return checkEnum(field, a.Workflows, AllWorkflows, "a workflow")
	case FieldKeyUse:
		if a.KMSKeyARN == "" {
			if len(a.KeyUse) > 0 {
				return fail(field, v, "says what the KMS key encrypts, so it needs --kms-key-arn")
			}
			return nil
		}
		return checkEnum(field, a.KeyUse, AllKeyUses, "what the key encrypts")
	case FieldKMSKeyARN:
		return a.checkKey()
	case FieldStream:
		return a.checkStream()
	case FieldProducers, FieldConsumers:
		list := a.Producers
		if field == FieldConsumers {
			list = a.Consumers
		}
		for _, p := range list {
			if err := a.checkPrincipal(field, p); err != nil {
				return err
			}
		}
	case FieldPolicies:
		return checkEnum(field, a.Policies, AllKinesisPolicies, "a Kinesis policy")
	}
	return nil
}

func checkAccount(field, v string) *FieldError {
	if v == "" {
		return fail(field, v, "is required: the 12-digit ID of the AWS account (aws sts get-caller-identity shows it)")
	}
	if !policy.IsAccountID(v) {
		return fail(field, v, "an AWS account ID is exactly 12 digits")
	}
	return nil
}

// partition returns the partition of the answers' region, or nil.
func (a *Answers) partition() *policy.Partition {
	p := policy.PartitionOfRegion(a.Region)
	if p == nil || !p.HasRegion(a.Region) {
		return nil
	}
	return p
}

func (a *Answers) checkRegion() *FieldError {
	r := a.Region
	if r == "" {
		return fail(FieldRegion, r, "is required: the AWS Region code, such as us-east-1")
	}
	p := policy.PartitionOfRegion(r)
	if p == nil || !p.HasRegion(r) {
		return fail(FieldRegion, r, "not an AWS Region code; use one such as us-east-1, eu-west-1 or cn-north-1 (codes, not names like \"N. Virginia\")")
	}
	if a.Setup == SetupPersonalize && !p.OffersPersonalize(r) {
		if p.ID == "aws-us-gov" {
			return fail(FieldRegion, r, "Amazon Personalize is not offered in AWS GovCloud (US); choose one of %s", strings.Join(policy.PersonalizeRegions(), ", "))
		}
		return fail(FieldRegion, r, "Amazon Personalize is not offered in this Region; choose one of %s", strings.Join(policy.PersonalizeRegions(), ", "))
	}
	return nil
}

func (a *Answers) checkRoleName() *FieldError {
	v := a.RoleName
	switch {
	case v == "" && a.RoleARN == "":
		return fail(FieldRoleName, v, "is required: the name of the Personalize service role to create (or give --role-arn for an existing role)")
	case v != "" && a.RoleARN != "":
		return fail(FieldRoleName, v, "give either --role-name (a new role) or --role-arn (an existing role), not both")
	case v == "":
		return nil
	case len(v) > 64:
		return fail(FieldRoleName, v, "an IAM role name is at most 64 characters (this one has %d)", len(v))
	case !allIn(v, isRoleNameChar):
		return fail(FieldRoleName, v, "an IAM role name uses only letters, digits and + = , . @ _ -")
	}
	return nil
}

func (a *Answers) checkRolePath() *FieldError {
	v := a.RolePath
	if a.RoleARN != "" {
		if v != "" && v != "/" {
			return fail(FieldRolePath, v, "the path is part of --role-arn; give one or the other")
		}
		return nil
	}
	switch {
	case len(v) > 512:
		return fail(FieldRolePath, v, "an IAM path is at most 512 characters")
	case !isPath(v):
		return fail(FieldRolePath, v, "an IAM path is / alone, or starts and ends with / with printable ASCII between (for example /service-role/)")
	}
	return nil
}

var roleARNRE = regexp.MustCompile(`^arn:([a-z-]+):iam::(\d{12}):role(/([\x21-\x7E]+/)?)?([\w+=,.@-]{1,64})$`)

func (a *Answers) checkRoleARN() *FieldError {
	v := a.RoleARN
	if v == "" {
		return nil
	}
	m := roleARNRE.FindStringSubmatch(v)
	if m == nil || len(v) > 256 {
		return fail(FieldRoleARN, v, "a role ARN looks like arn:aws:iam::111122223333:role/service-role/MyRole (the path, if any, is part of it)")
	}
	if p := a.partition(); p != nil && m[1] != p.ID {
		return fail(FieldRoleARN, v, "the role is in partition %s but %s is in %s; a role cannot be used across partitions", m[1], a.Region, p.ID)
	}
	if policy.IsAccountID(a.AccountID) && m[2] != a.AccountID {
		return fail(FieldRoleARN, v, "the role is in account %s but --account-id is %s; Personalize can only assume a role of its own account", m[2], a.AccountID)
	}
	return nil
}

// roleParts splits a valid role ARN into path and name.
func roleParts(arn string) (path, name string) {
	m := roleARNRE.FindStringSubmatch(arn)
	if m == nil {
		return "", ""
	}
	path = "/" + m[4]
	return path, m[5]
}

func checkBucket(v string) *FieldError {
	f := FieldBucket
	switch {
	case v == "":
		return fail(f, v, "is required: the name of the S3 bucket that holds your data")
	case strings.HasPrefix(v, "s3://") || strings.HasPrefix(v, "arn:") || strings.Contains(v, "/"):
		return fail(f, v, "give the bucket name only, without s3://, an ARN or a folder (for s3://my-bucket/data/ give my-bucket)")
	case strings.HasSuffix(v, "--x-s3"):
		return fail(f, v, "this is an S3 directory bucket; Amazon Personalize reads and writes general purpose buckets")
	case isLegacyBucket(v) && !isBucketShape(v) && (len(v) > 63 || strings.ToLower(v) != v || strings.Contains(v, "_")):
		// Buckets made in us-east-1 before 2018-03-01 may have upper case,
		// underscores and up to 255 characters; they still exist, so accept
		// them (Warnings notes it) rather than refuse a real bucket.
		return nil
	case len(v) < 3 || len(v) > 63:
		return fail(f, v, "a bucket name is 3 to 63 characters (this one has %d)", len(v))
	case !isBucketShape(v):
		return fail(f, v, "a bucket name uses only lower-case letters, digits, dots and hyphens, and starts and ends with a letter or digit")
	case strings.Contains(v, ".."):
		return fail(f, v, "a bucket name has no two adjacent dots")
	case ipRE.MatchString(v):
		return fail(f, v, "a bucket name is not formatted as an IP address")
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(v, p) {
			return fail(f, v, "a bucket name cannot start with %q (reserved by S3)", p)
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--table-s3"} {
		if strings.HasSuffix(v, s) {
			return fail(f, v, "a bucket name cannot end with %q (reserved by S3)", s)
		}
	}
	return nil
}

func checkEnum[T ~string](field string, got, allowed []T, what string) *FieldError {
	if len(got) == 0 {
		return fail(field, "", "choose at least one of %s", joinT(allowed))
	}
	for _, g := range got {
		if !containsT(allowed, g) {
			return fail(field, string(g), "not %s; choose from %s", what, joinT(allowed))
		}
	}
	return nil
}

func (a *Answers) checkKey() *FieldError {
	v, f := a.KMSKeyARN, FieldKMSKeyARN
	if v == "" {
		if a.Setup == SetupKinesis {
			return fail(f, v, "is required: the ARN of the customer managed KMS key that encrypts the stream")
		}
		return nil
	}
	if isKeyID(v) {
		return fail(f, v, "this is a key ID; give the whole key ARN, arn:<partition>:kms:<region>:<account>:key/%s (aws kms describe-key --key-id %s shows it)", v, v)
	}
	if strings.HasPrefix(v, "alias/") || strings.Contains(v, ":alias/") {
		return fail(f, v, "this is an alias; IAM policies and Personalize need the key ARN, arn:...:key/<key-id> (aws kms describe-key --key-id %s shows it)", v)
	}
	arn, err := policy.ParseARN(v)
	if err != nil || arn.Service != "kms" || !policy.IsAccountID(arn.Account) || !strings.HasPrefix(arn.Resource, "key/") || !isKeyID(arn.Resource[4:]) {
		return fail(f, v, "a KMS key ARN looks like arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	}
	if p := a.partition(); p != nil {
		if arn.Partition != p.ID {
			return fail(f, v, "the key is in partition %s but %s is in %s", arn.Partition, a.Region, p.ID)
		}
		if arn.Region != a.Region {
			return fail(f, v, "the key is in %s but the answers' Region is %s; KMS keys are regional, so use a key in %s", arn.Region, a.Region, a.Region)
		}
	}
	return nil
}

var streamARNRE = regexp.MustCompile(`^arn:([a-z-]+):kinesis:([a-z0-9-]+):(\d{12}):stream/([a-zA-Z0-9_.-]{1,128})$`)

func (a *Answers) checkStream() *FieldError {
	v, f := a.Stream, FieldStream
	if v == "" {
		return fail(f, v, "is required: the stream's name (or its ARN)")
	}
	if strings.HasPrefix(v, "arn:") {
		m := streamARNRE.FindStringSubmatch(v)
		if m == nil {
			return fail(f, v, "a stream ARN looks like arn:aws:kinesis:us-east-1:111122223333:stream/my-stream (with stream/ before the name)")
		}
		if p := a.partition(); p != nil && (m[1] != p.ID || m[2] != a.Region) {
			return fail(f, v, "the stream is in %s but the answers' Region is %s; the key and the stream must be in the same Region", m[2], a.Region)
		}
		if policy.IsAccountID(a.AccountID) && m[3] != a.AccountID {
			return fail(f, v, "the stream is in account %s but --account-id is %s", m[3], a.AccountID)
		}
		return nil
	}
	if !streamRE.MatchString(v) {
		return fail(f, v, "a stream name is 1 to 128 letters, digits, underscores, dots and hyphens")
	}
	return nil
}

// streamName returns the stream's name from a name or a valid stream ARN.
func streamName(v string) string {
	if m := streamARNRE.FindStringSubmatch(v); m != nil {
		return m[4]
	}
	return v
}

func (a *Answers) checkPrincipal(field, v string) *FieldError {
	arn, err := policy.ParseARN(v)
	if err != nil || arn.Service != "iam" || arn.Region != "" || !policy.IsAccountID(arn.Account) || !principalRE.MatchString(arn.Resource) {
		return fail(field, v, "a key-policy principal is an IAM role, user or account ARN, such as arn:aws:iam::111122223333:role/StreamWriter")
	}
	if p := a.partition(); p != nil && arn.Partition != p.ID {
		return fail(field, v, "the principal is in partition %s but %s is in %s", arn.Partition, a.Region, p.ID)
	}
	return nil
}

// The simple character rules are loops rather than regular expressions:
// validation runs on every keystroke of the wizard and in every generate.

func allIn(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isRoleNameChar is IAM's [\w+=,.@-].
func isRoleNameChar(c byte) bool { return isAlnum(c) || strings.IndexByte("_+=,.@-", c) >= 0 }

// isBucketShape: 3-63 lower-case letters, digits, dots and hyphens, starting
// and ending with a letter or digit.
func isBucketShape(s string) bool {
	if len(s) < 3 || len(s) > 63 {
		return false
	}
	lowerDigit := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	return lowerDigit(s[0]) && lowerDigit(s[len(s)-1]) && allIn(s, func(c byte) bool { return lowerDigit(c) || c == '.' || c == '-' })
}

// isLegacyBucket: the pre-2018 us-east-1 rules, 3-255 of [A-Za-z0-9._-].
func isLegacyBucket(s string) bool {
	return len(s) >= 3 && len(s) <= 255 && allIn(s, func(c byte) bool { return isAlnum(c) || c == '.' || c == '_' || c == '-' })
}

// isKeyID: a single-Region key ID is a UUID, a multi-Region one mrk- and 32
// hex digits.
func isKeyID(s string) bool {
	hex := func(s string) bool {
		return allIn(s, func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' })
	}
	if strings.HasPrefix(s, "mrk-") {
		return len(s) == 36 && hex(s[4:])
	}
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	return hex(s[:8]) && hex(s[9:13]) && hex(s[14:18]) && hex(s[19:23]) && hex(s[24:])
}

// isPath is IAM's path rule: "/" alone, or starting and ending with "/" with
// printable ASCII (no spaces) between.
func isPath(s string) bool {
	return s == "/" || len(s) >= 3 && s[0] == '/' && s[len(s)-1] == '/' && allIn(s, func(c byte) bool { return c >= 0x21 && c <= 0x7E })
}
