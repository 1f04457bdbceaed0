package audit

import (
	"strings"
)

// Amazon Personalize reports a job that failed for permissions in its
// failureReason (DescribeDatasetImportJob, DescribeDatasetExportJob,
// DescribeBatchInferenceJob, DescribeBatchSegmentJob), and refuses
// CreateDatasetImportJob up front when it cannot read the bucket:
// "Insufficient privileges for accessing data in S3. Please look at
// https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-s3-access.html
// and fix bucket policy on BUCKET." AWS lists no fixed set of these reasons,
// so a reason is recognised by what it names (S3 and a bucket, a KMS key,
// the role to assume) next to words of refusal; the principal is Amazon
// Personalize, which reads and writes the bucket and uses the key with
// personalize.amazonaws.com and the service role ("Giving Amazon
// Personalize access to Amazon S3 resources",
// https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-s3-access.html).

// personalizePrincipal is Amazon Personalize's service principal, in every
// partition.
const personalizePrincipal = "personalize.amazonaws.com"

// refusalWords are the words with which a failure reason says access was
// refused.
var refusalWords = []string{"insufficient privilege", "access denied", "accessdenied", "not authorized", "permission",
	"unable to access", "cannot access", "can't access", "could not access", "not allowed", "forbidden"}

func parsePersonalize(d *Denial, msg string) bool {
	l := strings.ToLower(msg)
	refused := false
	for _, w := range refusalWords {
		refused = refused || strings.Contains(l, w)
	}
	failed := refused
	for _, w := range []string{"fail", "unable", "cannot", "can't", "could not", "couldn't"} {
		failed = failed || strings.Contains(l, w)
	}
	assume := failed && strings.Contains(l, "assume") && strings.Contains(l, "role")
	if !refused && !assume {
		return false
	}
	switch {
	case assume:
		d.Cause, d.Policy = CausePersonalizeRole, PolicyTrust
		d.Actions = []string{"sts:AssumeRole"}
		d.Resource = findARN(msg, ":iam::", ":role/")
	case mentionsS3(l):
		d.Cause = CausePersonalizeS3
		if strings.Contains(l, "bucket policy") {
			d.Policy = PolicyResource
		}
		d.Actions = jobS3Actions(l)
		if b := bucketIn(msg); b != "" {
			d.Resource = "arn:aws:s3:::" + b
		}
	case strings.Contains(l, "kms"):
		d.Cause = CausePersonalizeKMS
		d.Actions = []string{"kms:Decrypt", "kms:GenerateDataKey"}
		d.Resource = findARN(msg, ":kms:", ":key/")
	default:
		return false
	}
	d.Service = "personalize"
	d.Principal = ParsePrincipal(personalizePrincipal)
	return true
}

func mentionsS3(l string) bool {
	return strings.Contains(l, " s3") || strings.HasPrefix(l, "s3") || strings.Contains(l, "s3://") ||
		strings.Contains(l, "arn:aws:s3:::") || strings.Contains(l, "bucket")
}

// jobS3Actions are the S3 actions the job a reason speaks of needs: an
// export writes, a batch job reads and writes, an import (the default)
// reads ("Giving Amazon Personalize access to Amazon S3 resources").
func jobS3Actions(l string) []string {
	switch {
	case strings.Contains(l, "batch"):
		return []string{"s3:GetObject", "s3:ListBucket", "s3:PutObject"}
	case strings.Contains(l, "export"), strings.Contains(l, "write"), strings.Contains(l, "output"):
		return []string{"s3:PutObject", "s3:ListBucket"}
	}
	return []string{"s3:GetObject", "s3:ListBucket"}
}

// bucketIn finds the bucket a reason names: s3://BUCKET/..., an S3 ARN, or
// "bucket policy on BUCKET".
func bucketIn(msg string) string {
	for _, f := range strings.Fields(msg) {
		f = cleanToken(f)
		if rest, ok := strings.CutPrefix(f, "s3://"); ok {
			b, _, _ := strings.Cut(rest, "/")
			return b
		}
		if i := strings.Index(f, ":s3:::"); i >= 0 && strings.HasPrefix(f, "arn:") {
			b, _, _ := strings.Cut(f[i+len(":s3:::"):], "/")
			return b
		}
	}
	if rest, ok := after(strings.ToLower(msg), "bucket policy on "); ok {
		start := len(msg) - len(rest)
		return cleanToken(firstToken(msg[start:]))
	}
	return ""
}

// findARN returns the first ARN in msg that holds both parts, "" if none.
func findARN(msg, service, kind string) string {
	for _, f := range strings.Fields(msg) {
		f = cleanToken(f)
		if strings.HasPrefix(f, "arn:") && strings.Contains(f, service) && strings.Contains(f, kind) {
			return f
		}
	}
	return ""
}
