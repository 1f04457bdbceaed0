package wizard

import (
	"regexp"
	"strings"
	"sync"

	"github.com/permwiz/permwiz/policy"
)

// The rules for the answers that are names: the account ID, the Region, the
// role's name and path, and the bucket.

var ipRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`) })

func (a *Answers) checkAccount() *FieldError {
	field, v := FieldAccountID, a.AccountID
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
	if iso := policy.IsolatedPartitionOfRegion(r); iso != nil || isolated(r) {
		return fail(FieldRegion, r, "this Region is in an isolated partition (aws-iso*, aws-eusc) whose ARNs and services permwiz does not cover; it supports the aws, aws-cn and aws-us-gov partitions")
	}
	if p == nil || !p.HasRegion(r) {
		return fail(FieldRegion, r, "not an AWS Region code in the AWS SDKs' Region list (%s); use one such as us-east-1, eu-west-1 or cn-north-1 (codes, not names like \"N. Virginia\")", policy.RegionDataSource)
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
// partitions (aws-iso*, aws-eusc), which exist but which permwiz does not
// build for.
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
	case v == "" && a.RoleARN == "" && a.RoleMode != RoleExisting:
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

// The two ways to have the service role: create one, or use an existing one.
const (
	RoleCreate   = "create"
	RoleExisting = "existing"
)

func (a *Answers) checkRoleMode() *FieldError {
	switch a.RoleMode {
	case "", RoleExisting:
		return nil
	case RoleCreate:
		if a.RoleARN != "" {
			return fail(FieldRoleMode, a.RoleMode, "a role to create has a name, not an ARN: give --role-name, or --role-mode existing with --role-arn")
		}
		return nil
	}
	return fail(FieldRoleMode, a.RoleMode, "choose create (a new service role) or existing (a role you have, by its ARN)")
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
	case strings.Contains(v, "${"):
		// IAM accepts it too, but in a policy ${aws:username} and the like
		// are policy variables: PassRole's resource would name another role.
		return fail(FieldRolePath, v, "permwiz refuses ${ in a path: in the policies that name the role it starts a policy variable such as ${aws:username}, which would name another role or none")
	case strings.HasPrefix(v, "/aws-service-role/"):
		return fail(FieldRolePath, v, "/aws-service-role/ is reserved for service-linked roles; Personalize uses a service role you create")
	case len("arn:aws-us-gov:iam::111122223333:role")+len(v)+len(a.RoleName) > 256:
		return fail(FieldRolePath, v, "the role's ARN would be over 256 characters, the most Personalize accepts; use a shorter path")
	}
	return nil
}

func (a *Answers) checkBucket() *FieldError {
	if a.Bucket == "" && !a.UsesS3() {
		return nil // metric attribution to CloudWatch only
	}
	return a.checkBucketName(FieldBucket, a.Bucket)
}

func (a *Answers) checkOutputBucket() *FieldError {
	v, f := a.OutputBucket, FieldOutputBucket
	switch {
	case v == "":
		return nil
	case !a.writesS3():
		return fail(f, v, "is where batch, export and metric reports write, and no such workflow is chosen (--workflows)")
	case !a.readsS3():
		return fail(f, v, "no chosen workflow reads --bucket (import, delete or batch): give this bucket as --bucket instead")
	case strings.EqualFold(v, a.Bucket):
		// Refused rather than read as empty: the answers (and
		// answers.yaml) then say what the documents do, and no second
		// bucket policy or step for the same bucket is written.
		return fail(f, v, "is the data bucket (--bucket): leave it empty to write output into the data bucket")
	}
	return a.checkBucketName(f, v)
}

// checkPrefix checks an output prefix: an S3 key prefix that the role's
// PutObject is limited to, so no wildcard may widen it.
func (a *Answers) checkPrefix(f, v string, w Workflow) *FieldError {
	switch {
	case v == "":
		return nil
	case !a.Has(w):
		return fail(f, v, "is the output prefix of the %s workflow, which is not chosen (--workflows)", w)
	case strings.HasPrefix(v, "s3://") || strings.HasPrefix(v, "/"):
		return fail(f, v, "give the key prefix inside the bucket, without s3:// or a leading /, such as output/")
	case strings.ContainsAny(v, "*?$"):
		return fail(f, v, "permwiz refuses * ? and $ in a prefix: in the policy they are wildcards or variables and would widen it")
	case len(v) > 1024:
		return fail(f, v, "an S3 key prefix is at most 1024 bytes (this one has %d)", len(v))
	}
	for _, r := range v {
		if r < 0x20 || r > 0x7e {
			return fail(f, v, "permwiz accepts only printable ASCII in a prefix, so that the policy matches the keys exactly")
		}
	}
	return nil
}

func (a *Answers) checkBatchOutputKey() *FieldError {
	v, f := a.BatchOutputKMSKeyARN, FieldBatchOutputKMSKeyARN
	switch {
	case v == "":
		return nil
	case !a.Has(WorkflowBatch):
		return fail(f, v, "encrypts batch output, and the batch workflow is not chosen (--workflows)")
	}
	return a.checkKeyARN(f, v)
}

func (a *Answers) checkBucketName(f, v string) *FieldError {
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
	case ipRE().MatchString(v):
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
