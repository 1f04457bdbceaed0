package wizard

import (
	"fmt"
	"regexp"
	"slices"
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
		return a.checkBucket()
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
	if isolated(r) {
		return fail(FieldRegion, r, "this Region is in an isolated partition (aws-iso*, aws-eusc) whose ARNs and services permwiz does not cover; it supports the aws, aws-cn and aws-us-gov partitions")
	}
	if p == nil || !p.HasRegion(r) {
		return fail(FieldRegion, r, "not an AWS Region code; use one such as us-east-1, eu-west-1 or cn-north-1 (codes, not names like \"N. Virginia\")")
	}
	if a.Setup == SetupPersonalize && !offersPersonalize(p, r) {
		if p.ID == "aws-us-gov" {
			return fail(FieldRegion, r, "Amazon Personalize is not offered in AWS GovCloud (US); choose one of %s", strings.Join(allPersonalizeRegions(), ", "))
		}
		return fail(FieldRegion, r, "Amazon Personalize is not offered in this Region; choose one of %s", strings.Join(allPersonalizeRegions(), ", "))
	}
	return nil
}

// isolated reports regions of the ISO and European Sovereign Cloud
// partitions, which exist (reference §4) but which permwiz does not build for.
func isolated(r string) bool {
	for _, p := range []string{"us-iso-", "us-isob-", "us-isof-", "eu-isoe-", "eusc-"} {
		if strings.HasPrefix(r, p) {
			return true
		}
	}
	return false
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
	case strings.ContainsAny(v, "*?"):
		// IAM accepts them in a path, but in the policies that name the
		// role they are wildcards: PassRole would match other roles.
		return fail(FieldRolePath, v, "permwiz refuses * and ? in a path: in the policies that name the role they are wildcards and would match other roles")
	case strings.HasPrefix(v, "/aws-service-role/"):
		return fail(FieldRolePath, v, "/aws-service-role/ is reserved for service-linked roles; Personalize uses a service role you create")
	case len("arn:aws-us-gov:iam::111122223333:role")+len(v)+len(a.RoleName) > 256:
		return fail(FieldRolePath, v, "the role's ARN would be over 256 characters, the most Personalize accepts; use a shorter path")
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
	switch {
	case m == nil:
		return fail(FieldRoleARN, v, "a role ARN looks like %s (the path, if any, is part of it)", policy.RoleARN(a.examplePartition(), a.exampleAccount(), "/service-role/", "MyRole"))
	case len(v) > 256:
		return fail(FieldRoleARN, v, "Personalize accepts a role ARN of at most 256 characters (this one has %d)", len(v))
	case strings.ContainsAny(v, "*?"):
		return fail(FieldRoleARN, v, "permwiz refuses * and ? in a role ARN: in the policies that name the role they are wildcards and would match other roles")
	case strings.HasPrefix(m[3], "/aws-service-role/"):
		return fail(FieldRoleARN, v, "this is a service-linked role; Personalize needs a service role you create (it has no service-linked role)")
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

func (a *Answers) checkBucket() *FieldError {
	v, f := a.Bucket, FieldBucket
	legacy := isLegacyBucket(v) && usesLegacyNaming(v)
	switch {
	case v == "":
		return fail(f, v, "is required: the name of the S3 bucket that holds your data")
	case strings.HasPrefix(v, "s3://") || strings.HasPrefix(v, "arn:") || strings.Contains(v, "/"):
		return fail(f, v, "give the bucket name only, without s3://, an ARN or a folder (for s3://my-bucket/data/ give my-bucket)")
	case strings.HasSuffix(v, "--x-s3"):
		return fail(f, v, "this is an S3 directory bucket; Amazon Personalize reads and writes general purpose buckets")
	case legacy && a.Region != "us-east-1":
		return fail(f, v, "a bucket name is 3 to 63 lower-case letters, digits, dots and hyphens (upper case, underscores and longer names exist only for buckets made in us-east-1 before March 2018)")
	case legacy:
		// Buckets made in us-east-1 before 2018-03-01 may have upper case,
		// underscores and up to 255 characters; they still exist, so accept
		// them (Notes says so) rather than refuse a real bucket, but the
		// rules that always held still apply.
		if strings.Contains(v, "..") {
			return fail(f, v, "a bucket name has no two adjacent dots")
		}
		if !isAlnum(v[0]) || !isAlnum(v[len(v)-1]) {
			return fail(f, v, "a bucket name starts and ends with a letter or digit")
		}
	case len(v) < 3 || len(v) > 63:
		return fail(f, v, "a bucket name is 3 to 63 characters (this one has %d)", len(v))
	case !legacy && !isBucketShape(v):
		return fail(f, v, "a bucket name uses only lower-case letters, digits, dots and hyphens, and starts and ends with a letter or digit")
	case strings.Contains(v, ".."):
		return fail(f, v, "a bucket name has no two adjacent dots")
	case ipRE.MatchString(v):
		return fail(f, v, "a bucket name is not formatted as an IP address")
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(strings.ToLower(v), p) {
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
		if !slices.Contains(allowed, g) {
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
	if policy.IsKMSKeyID(v) {
		return fail(f, v, "this is a key ID; give the whole key ARN, arn:<partition>:kms:<region>:<account>:key/%s (aws kms describe-key --key-id %s shows it)", v, v)
	}
	if strings.HasPrefix(v, "alias/") || strings.Contains(v, ":alias/") {
		who := "IAM policies and Personalize need"
		if a.Setup == SetupKinesis {
			who = "IAM and key policies need" // Kinesis itself accepts aliases, its policies do not
		}
		return fail(f, v, "this is an alias; %s the key ARN, arn:...:key/<key-id> (aws kms describe-key --key-id %s shows it)", who, v)
	}
	arn, err := policy.ParseARN(v)
	if err != nil || arn.Service != "kms" || !policy.IsAccountID(arn.Account) || !strings.HasPrefix(arn.Resource, "key/") || !policy.IsKMSKeyID(arn.Resource[4:]) {
		return fail(f, v, "a KMS key ARN looks like %s", policy.KeyARN(a.examplePartition(), a.exampleRegion(), a.exampleAccount(), "1234abcd-12ab-34cd-56ef-1234567890ab"))
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
			return fail(f, v, "a stream ARN looks like %s (with stream/ before the name)", policy.StreamARN(a.examplePartition(), a.exampleRegion(), a.exampleAccount(), "my-stream"))
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
		return fail(field, v, "a key-policy principal is an IAM role, user or account ARN, such as %s", policy.RoleARN(a.examplePartition(), a.exampleAccount(), "/", "StreamWriter"))
	}
	if p := a.partition(); p != nil && arn.Partition != p.ID {
		return fail(field, v, "the principal is in partition %s but %s is in %s", arn.Partition, a.Region, p.ID)
	}
	return nil
}

// Examples in error messages use the answers' own partition, region and
// account where they are valid, so a GovCloud user is not shown arn:aws:.
func (a *Answers) examplePartition() string {
	if p := a.partition(); p != nil {
		return p.ID
	}
	return "aws"
}

func (a *Answers) exampleRegion() string {
	if a.partition() != nil {
		return a.Region
	}
	return "us-east-1"
}

func (a *Answers) exampleAccount() string {
	if policy.IsAccountID(a.AccountID) {
		return a.AccountID
	}
	return "111122223333"
}
