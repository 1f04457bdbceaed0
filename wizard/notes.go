package wizard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// Notes returns what matters beyond the policy text for the answers at the
// given step: the facts a first-time user gets wrong that no statement can
// show (which buckets a managed policy covers, which order AWS requires,
// what a wrong ARN silently matches). At StepReview it returns the notes of
// every step, once each. Notes never repeats a validation error: it speaks
// of answers that are valid but have consequences.
func Notes(a Answers, step string) []string {
	n := a.Normalized()
	if step == StepReview {
		var out []string
		for _, s := range Steps(n) {
			if s.ID == StepReview {
				continue
			}
			for _, note := range Notes(a, s.ID) {
				if !slices.Contains(out, note) {
					out = append(out, note)
				}
			}
		}
		return out
	}
	// How a forgiving reading took an answer comes first: it is about
	// what the user typed.
	read := forgivingNotes(a, step)
	if n.Setup == SetupKinesis {
		return append(read, kinesisNotes(&n, step)...)
	}
	return append(read, personalizeNotes(&n, step)...)
}

// notes collects a step's notes in two kinds, so that a short screen shows
// first what makes AWS reject a policy, leaves a resource unusable or loses
// access (warn), then the rest (info).
type notes struct{ own, warnings, infos []string }

// mine is a warning about the user's own answer (this bucket, this key's
// account, this ARN's path): it comes before the warnings every setup gets.
func (n *notes) mine(format string, args ...any) {
	n.own = append(n.own, fmt.Sprintf(format, args...))
}

func (n *notes) warn(format string, args ...any) {
	n.warnings = append(n.warnings, fmt.Sprintf(format, args...))
}

func (n *notes) info(format string, args ...any) {
	n.infos = append(n.infos, fmt.Sprintf(format, args...))
}

func (n *notes) merge(o notes) {
	n.own = append(n.own, o.own...)
	n.warnings = append(n.warnings, o.warnings...)
	n.infos = append(n.infos, o.infos...)
}

// list returns the warnings about the answers, the other warnings, then
// the other notes.
func (n *notes) list() []string {
	return append(append(append([]string(nil), n.own...), n.warnings...), n.infos...)
}

func personalizeNotes(a *Answers, step string) []string {
	var n notes
	switch step {
	case StepBasics:
		n.merge(regionNotes(a))
		if a.RoleARN != "" && a.Check(FieldRoleARN) == nil {
			if path, _ := roleParts(a.RoleARN); path == "/" {
				n.mine("The role ARN has no path. Roles the Personalize console creates sit under /service-role/, and an ARN without the role's real path matches nothing: copy the ARN from the role's summary page.")
			}
		}
	case StepUser:
		if a.UserAccess == AccessManaged {
			n.info("AmazonPersonalizeFullAccess lets the user pass any role to Personalize (iam:PassRole on *); the custom policy names only your service role.")
			if a.KMSKeyARN != "" {
				n.info("The managed policy has no KMS permissions: permwiz still writes a user policy with the key permissions, to attach beside it.")
			}
		}
	case StepRole:
		if a.RoleAccess == AccessManaged {
			n.info("The managed policy's S3 access covers only buckets whose name contains \"personalize\" or \"Personalize\"; the S3 policies permwiz writes cover your bucket whatever its name.")
		}
		if a.RoleMode != RoleExisting && a.RoleARN == "" && a.RolePath == "/" {
			n.warn("The role's ARN includes its path: if you create the role under a path such as /service-role/, give that path here, or the user policy's PassRole and the key policy name a role that does not exist.")
		}
		if a.AnyRegion {
			n.info("Any region widens the trust policy's guard to Personalize resources of your account in every region; keep this region unless one role serves several regions.")
		}
		if a.RoleMode == RoleExisting {
			n.warn("The existing role's trust policy must let Personalize assume it: merge this trust policy's statement into it (the role's Trust relationships tab), keeping what it already trusts.")
		} else {
			n.warn("Create the role (with this trust policy) before a key policy names it: AWS rejects a key policy whose principal does not exist yet. The bucket policy names only the Personalize service, not the role.")
		}
	case StepKMS:
		if a.KMSKeyARN == "" {
			n.info("No key given: Personalize then encrypts with an AWS owned key and needs no KMS permissions. Give a key only if you chose a customer managed key for the dataset group or the bucket.")
			break
		}
		if a.Check(FieldKMSKeyARN) != nil {
			break
		}
		n.info("The key policy and the service role's KMS policy both grant the key: AWS requires both for the dataset group, export, batch jobs and metric attributions, and for an SSE-KMS bucket.")
		if arn, err := policy.ParseARN(a.KMSKeyARN); err == nil && policy.IsAccountID(a.AccountID) && arn.Account != a.AccountID {
			n.warn("AWS documents no Personalize setup with a key of another account; KMS allows it when the key policy (edited by account %s) and the service role's IAM policy both grant the key, so the role's KMS policy also carries CreateGrant. Try a small import before relying on it.", arn.Account)
		}
		if a.Has(WorkflowExport) && a.KeyEncrypts(KeyDatasetGroup) {
			n.info("Export from an encrypted dataset group needs kms:GenerateDataKeyWithoutPlaintext, which AWS's example key policy leaves out; permwiz adds it.")
		}
		n.merge(keyNotes(a))
		n.warn("Revoking the key's permissions later breaks Personalize's filters and recommendations for that dataset group.")
	case StepS3:
		n.warn("Buckets that allow only VPC access (aws:SourceVpc or aws:SourceVpce conditions) cannot be used: Amazon Personalize does not communicate through VPCs.")
		if a.Bucket != "" && a.Check(FieldBucket) == nil {
			if usesLegacyNaming(a.Bucket) {
				n.info("%q is a legacy bucket name (upper case, underscores or over 63 characters, allowed in us-east-1 before March 2018); permwiz accepts it, but such buckets do not support virtual-hosted addressing.", a.Bucket)
			}
			if a.RoleAccess == AccessManaged && !strings.Contains(a.Bucket, "personalize") {
				n.mine("With the managed role policy, bucket %q is not covered by its S3 access (the name lacks \"personalize\"): attach the role S3 policy too.", a.Bucket)
			}
		}
		n.warn("Merge the bucket policy's statement into any existing bucket policy: a bucket has one policy, and putting a new one replaces the old.")
		if a.Has(WorkflowMetrics) || a.Has(WorkflowMetricsCloudWatch) {
			if a.RoleAccess == AccessManaged {
				n.info("Metric attribution also publishes to CloudWatch: the managed AmazonPersonalizeFullAccess on the role already allows cloudwatch:PutMetricData.")
			} else {
				n.info("Metric attribution also publishes to CloudWatch: the role policy gets cloudwatch:PutMetricData.")
			}
		}
		if !a.UsesS3() {
			n.info("Metric attribution to CloudWatch only uses no bucket: permwiz writes no S3 policies, and the bucket may stay empty.")
		}
		if a.Has(WorkflowDelete) {
			n.info("Data deletion jobs read the CSV that lists the users to delete, as imports read: the role and bucket policies let Personalize get and list it.")
		}
	case StepOutput:
		if a.OutputBucket != "" {
			n.warn("The output bucket needs its own bucket policy (s3-output-bucket-policy): merge it into that bucket's policy too.")
		}
		if a.BatchOutputKMSKeyARN != "" {
			n.warn("Batch output is encrypted with %s: merge batch-output-key-policy into that key's policy, and give the same key as the job's s3DataDestination.kmsKeyArn.", a.BatchOutputKMSKeyARN)
		}
		if a.writesS3() && a.OutputBucket == "" && a.BatchOutputPrefix+a.ExportPrefix+a.MetricsPrefix == "" {
			n.info("Output goes into the data bucket, anywhere: AWS recommends another bucket or prefix for batch and export output. Give the Output bucket or an output prefix, and the role may write only there.")
		}
	}
	return n.list()
}

func kinesisNotes(a *Answers, step string) []string {
	var n notes
	switch step {
	case StepBasics:
		n.merge(regionNotes(a))
	case StepKey:
		if a.KMSKeyARN != "" && a.Check(FieldKMSKeyARN) == nil {
			n.merge(keyNotes(a))
		}
		n.warn("Apply the producer and consumer permissions before turning encryption on (StartStreamEncryption): otherwise writes and reads fail, which can mean lost data or hung applications.")
	case StepPrincipals:
		otherKey := false
		if arn, err := policy.ParseARN(a.KMSKeyARN); err == nil && policy.IsAccountID(a.AccountID) && arn.Account != a.AccountID {
			otherKey = true
		}
		switch {
		case len(a.Producers)+len(a.Consumers)+len(a.Admins) > 0:
			n.warn("Every principal named in a key policy must already exist: create the roles first, or AWS rejects the key policy (new roles can take a moment to become visible to KMS).")
			n.warn("Merge these statements into the key policy; never replace it: keep its account statement, or IAM policies on the key stop working and its administrators can be locked out.")
		case otherKey:
			n.warn("The key belongs to another account, whose key policy trusts nobody of yours by default: with no principals listed, permwiz's key policy names your account %s (its IAM policies then grant the key), only through Kinesis and only for this stream. The key's owner must merge it.", a.AccountID)
		default:
			n.info("No principals: the key's default account statement lets the IAM policies alone grant use of the key, and permwiz writes no key policy. The identity policies carry the Kinesis-only, this-stream-only conditions.")
		}
		if cross := append(crossAccount(a.Producers, a.AccountID), crossAccount(a.Consumers, a.AccountID)...); len(cross) > 0 {
			n.warn("%d principal(s) belong to another account than the stream's: permwiz writes the stream's resource policy (kinesis-stream-policy) for them, and their own account must attach the producer or consumer policy to them.", len(cross))
		}
	case StepPolicies:
		if a.Wants(KinesisAdmin) {
			n.info("The administrator policy's kms:ListKeys and kms:ListAliases have Resource * because they work only that way.")
		}
		if a.ProducerKind == ProducerKPL {
			n.info("KPL producers get kinesis:DescribeStreamSummary and ListShards: without DescribeStreamSummary the KPL cannot detect a service-managed stream, and aggregated records are silently dropped.")
		}
		if a.Reads(ConsumerKCL) {
			// Until the application name is given (and valid), the names
			// show where it goes.
			app := "<application>"
			if a.KCLApplication != "" && a.Check(FieldKCLApplication) == nil {
				app = a.KCLApplication
			}
			n.info("KCL consumers get their DynamoDB lease tables (%s, %s-WorkerMetricStats, %s-CoordinatorState) and CloudWatch metrics in the namespace %s, and enhanced fan-out (the KCL 2.x and later default).", app, app, app, app)
		}
		if a.Reads(ConsumerLambda) {
			n.info("Lambda consumers: attach the consumer policy to the function's execution role, with AWSLambdaBasicExecutionRole for its logs. Tick enhanced fan-out too if the event source mapping uses a registered consumer.")
		}
	}
	return n.list()
}

func regionNotes(a *Answers) (n notes) {
	p := policy.PartitionOfRegion(a.Region)
	switch {
	case a.Region == "" || p == nil:
	case p.ID == "aws-us-gov" && a.Setup == SetupPersonalize:
		n.warn("Amazon Personalize is not offered in AWS GovCloud (US).")
	case p.ID == "aws-cn":
		n.info("China regions use the aws-cn partition: every ARN starts arn:aws-cn. Service principals keep their .amazonaws.com names.")
	}
	return n
}

// keyNotes are the notes about a valid key ARN shared by both setups.
func keyNotes(a *Answers) (n notes) {
	arn, err := policy.ParseARN(a.KMSKeyARN)
	if err != nil {
		return n
	}
	if policy.IsAccountID(a.AccountID) && arn.Account != a.AccountID {
		n.mine("The key belongs to account %s, not %s: its key policy is edited in that account, and the IAM policies in yours still need to name the key.", arn.Account, a.AccountID)
	}
	if strings.Contains(arn.Resource, "mrk-") {
		n.info("This is a multi-Region key: each replica has its own key policy; apply the key policy in this region's replica.")
	}
	n.info("The key must be in the same region as the resources it encrypts; KMS keys are regional.")
	n.warn("Key-policy principals must exist before the key policy is saved: create the roles first, then merge these statements into the key policy (keep its account statement).")
	return n
}
