package wizard

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/permwiz/permwiz/policy"
)

// The rules for the answers that are ARNs, or may be: an existing role, the
// KMS key, the stream (a name or an ARN) and the key policy's principals,
// and the examples their messages show.

var (
	streamRE    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`) })
	principalRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(root|(role|user)/([\x21-\x7E]*/)?[\w+=,.@-]{1,64})$`)
	})
)

// roleARNRE is a role ARN: role/ then an optional path and the name. The
// slash after "role" is required (arn:aws:iam::111122223333:roleMyRole is
// not a role ARN).
var roleARNRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^arn:([a-z-]+):iam::(\d{12}):role(/([\x21-\x7E]+/)?)([\w+=,.@-]{1,64})$`)
})

func (a *Answers) checkRoleARN() *FieldError {
	v := a.RoleARN
	if v == "" {
		if a.RoleMode == RoleExisting && a.RoleName == "" {
			return fail(FieldRoleARN, v, "is required: the ARN of the existing service role, path included")
		}
		return nil
	}
	m := roleARNRE().FindStringSubmatch(v)
	switch {
	case m == nil:
		return fail(FieldRoleARN, v, "a role ARN looks like %s (the path, if any, is part of it)", policy.RoleARN(a.examplePartition(), a.exampleAccount(), "/service-role/", "MyRole"))
	case len(v) > 256:
		return fail(FieldRoleARN, v, "Personalize accepts a role ARN of at most 256 characters (this one has %d)", len(v))
	case strings.ContainsAny(v, "*?"):
		return fail(FieldRoleARN, v, "permwiz refuses * and ? in a role ARN: in the policies that name the role they are wildcards and would match other roles")
	case strings.Contains(v, "${"):
		return fail(FieldRoleARN, v, "permwiz refuses ${ in a role ARN: in the policies that name the role it starts a policy variable such as ${aws:username}, which would name another role or none")
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
	m := roleARNRE().FindStringSubmatch(arn)
	if m == nil {
		return "", ""
	}
	path = "/" + m[4]
	return path, m[5]
}

func (a *Answers) checkKey() *FieldError {
	v, f := a.KMSKeyARN, FieldKMSKeyARN
	if v == "" {
		if a.Setup == SetupKinesis {
			return fail(f, v, "is required: the ARN of the customer managed KMS key that encrypts the stream")
		}
		return nil
	}
	return a.checkKeyARN(f, v)
}

// checkKeyARN checks a key ARN given as field f: the whole ARN of a key in
// the answers' partition and Region.
func (a *Answers) checkKeyARN(f, v string) *FieldError {
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

var streamARNRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^arn:([a-z-]+):kinesis:([a-z0-9-]+):(\d{12}):stream/([a-zA-Z0-9_.-]{1,128})$`)
})

func (a *Answers) checkStream() *FieldError {
	v, f := a.Stream, FieldStream
	if v == "" {
		return fail(f, v, "is required: the stream's name (or its ARN)")
	}
	if strings.HasPrefix(v, "arn:") {
		m := streamARNRE().FindStringSubmatch(v)
		if m == nil {
			return fail(f, v, "a stream ARN looks like %s (with stream/ before the name)", policy.StreamARN(a.examplePartition(), a.exampleRegion(), a.exampleAccount(), "my-stream"))
		}
		if p := a.partition(); p != nil && m[1] != p.ID {
			return fail(f, v, "the stream's ARN is in partition %s but %s is in %s", m[1], a.Region, p.ID)
		}
		if p := a.partition(); p != nil && m[2] != a.Region {
			return fail(f, v, "the stream is in %s but the answers' Region is %s; the key and the stream must be in the same Region", m[2], a.Region)
		}
		if policy.IsAccountID(a.AccountID) && m[3] != a.AccountID {
			return fail(f, v, "the stream is in account %s but --account-id is %s", m[3], a.AccountID)
		}
		return nil
	}
	if !streamRE().MatchString(v) {
		return fail(f, v, "a stream name is 1 to 128 letters, digits, underscores, dots and hyphens")
	}
	return nil
}

// streamName returns the stream's name from a name or a valid stream ARN.
func streamName(v string) string {
	if m := streamARNRE().FindStringSubmatch(v); m != nil {
		return m[4]
	}
	return v
}

// checkPrincipals checks every principal of a list, reporting the first bad
// one.
func (a *Answers) checkPrincipals(field string, list []string) *FieldError {
	for i, p := range list {
		if err := a.checkPrincipal(field, p); err != nil {
			return itemFail(list, i, err)
		}
	}
	return nil
}

// itemFail names the bad item of a list of several: the wizard shows a
// rule under its question without the value, so the rule says which item
// (`item 2, "arn:aws:s3:::b": ...`), and the value is the whole list as
// given. A list of one keeps the item as the value.
func itemFail(list []string, i int, e *FieldError) *FieldError {
	if len(list) < 2 {
		return e
	}
	e.Value = strings.Join(list, ",")
	e.Rule = fmt.Sprintf("item %d, %q: %s", i+1, list[i], e.Rule)
	return e
}

func (a *Answers) checkPrincipal(field, v string) *FieldError {
	arn, err := policy.ParseARN(v)
	if err != nil || arn.Service != "iam" || arn.Region != "" || !policy.IsAccountID(arn.Account) || !principalRE().MatchString(arn.Resource) {
		example := "StreamWriter"
		if field == FieldConsumers {
			example = "StreamReader"
		}
		return fail(field, v, "a key-policy principal is an IAM role, user or account ARN, such as %s", policy.RoleARN(a.examplePartition(), a.exampleAccount(), "/", example))
	}
	if strings.ContainsAny(v, "*?") {
		return fail(field, v, "a key-policy principal cannot hold the wildcards * or ?; name each role or user")
	}
	if strings.Contains(v, "${") {
		return fail(field, v, "permwiz refuses ${ in a principal ARN: it starts a policy variable, which a key policy's Principal cannot hold")
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

// kclAppRE is a DynamoDB table name (3 to 255 letters, digits, _ . -): the
// KCL names its lease table after the application.
var kclAppRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,255}$`) })

func (a *Answers) checkKCLApplication() *FieldError {
	v, f := a.KCLApplication, FieldKCLApplication
	if !a.Reads(ConsumerKCL) {
		if v != "" {
			return fail(f, v, "names the KCL application, so it needs kcl among the consumer kinds (--consumer-kinds)")
		}
		return nil
	}
	switch {
	case v == "":
		return fail(f, v, "is required with KCL consumers: the application name, which names the KCL's DynamoDB lease table and CloudWatch namespace")
	case !kclAppRE().MatchString(v):
		return fail(f, v, "the KCL names its DynamoDB lease table after the application, so it is 3 to 255 letters, digits, underscores, dots and hyphens")
	case len(v) > 255-len("-WorkerMetricStats"):
		return fail(f, v, "at most %d characters: the KCL also creates the table %s-WorkerMetricStats, and a DynamoDB table name is at most 255", 255-len("-WorkerMetricStats"), "<name>")
	}
	return nil
}
