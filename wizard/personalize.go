package wizard

import (
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// Step IDs of the Personalize setup, in the order the wizard asks.
const (
	StepUser   = "user"
	StepRole   = "role"
	StepKMS    = "kms"
	StepS3     = "s3"
	StepStream = "stream"
)

// personalizeWildcard explains the one "*" AWS's Personalize policies keep:
// the documented policy is personalize:* on *, and scoping it to the
// account's ARNs would break DescribeRecipe on AWS-owned recipes
// (arn:aws:personalize:::recipe/...) and the List actions.
var personalizeWildcard = []policy.Exception{{Rule: "wildcard-resource",
	Why: "AWS documents personalize:* on *: AWS-owned recipes have ARNs outside your account (arn:aws:personalize:::recipe/...) and the List actions take only *."}}

// kmsUseActions are the key actions Personalize's IAM policies need
// (granting-personalize-key-access: Decrypt, GenerateDataKey, DescribeKey and
// ListGrants; CreateGrant only in the key policy).
var kmsUseActions = []string{"kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:ListGrants"}

func buildPersonalize(b *Bundle, a *Answers, v *values) {
	b.Docs = make([]Doc, 0, 7)
	b.Docs = append(b.Docs, userPolicy(b, a, v)...)
	b.Docs = append(b.Docs, Doc{ID: DocRoleTrustPolicy, Title: "Service role trust policy", Step: StepRole,
		Target: "the service role's trust relationship",
		Why:    "Lets Amazon Personalize assume the service role, and only on behalf of your account's Personalize resources.",
		Source: docConfusedDeputy, Policy: trustPolicy(a, v)})
	if a.RoleAccess == AccessManaged {
		b.Attachments = append(b.Attachments, Attachment{To: "role", Name: "AmazonPersonalizeFullAccess",
			PolicyARN: policy.AWSManagedPolicyARN(v.partition, managedPersonalize),
			Why:       "The AWS managed policy for the service role; AWS notes it grants more than necessary, and its S3 access covers only buckets whose name contains \"personalize\"."})
	} else {
		b.Docs = append(b.Docs, Doc{ID: DocRolePolicy, Title: "Service role policy", Step: StepRole,
			Target: "the service role (customer managed policy)",
			Why:    "What Amazon Personalize may do with your Personalize resources while it uses the role.",
			Source: docPersonalizeRole, Policy: rolePolicy(a)})
	}
	if a.KMSKeyARN != "" || a.BatchOutputKMSKeyARN != "" {
		var stmts []policy.Statement
		if a.KMSKeyARN != "" {
			stmts = append(stmts, roleKeyStatement(a, v))
		}
		if a.BatchOutputKMSKeyARN != "" {
			stmts = append(stmts, batchOutputKeyStatement(v))
		}
		b.Docs = append(b.Docs, Doc{ID: DocRoleKMSPolicy, Title: "Service role KMS policy", Step: StepKMS,
			Target: "the service role (customer managed policy)",
			Why:    "Lets the service role use your KMS key: AWS requires both the key policy and the role's IAM policy for dataset groups, import, export, batch jobs and metric attributions.",
			Source: docPersonalizeKMS, Policy: identity(stmts...)})
	}
	if a.KMSKeyARN != "" {
		b.Docs = append(b.Docs, Doc{ID: DocKMSKeyPolicy, Title: "KMS key policy", Step: StepKMS,
			Target: "the KMS key (merge into its key policy)",
			Why:    "A KMS key is only usable by the principals its key policy allows: Personalize and the service role must be named here.",
			Source: docPersonalizeKMS, Policy: personalizeKeyPolicy(a, v)})
	}
	if a.BatchOutputKMSKeyARN != "" && a.BatchOutputKMSKeyARN != a.KMSKeyARN {
		b.Docs = append(b.Docs, Doc{ID: DocBatchOutputKeyPolicy, Title: "Batch output key policy", Step: StepS3,
			Target: "the KMS key that encrypts batch output (merge into its key policy)",
			Why:    "Batch jobs write their output encrypted with this key, as the service role: its key policy must let the role generate data keys.",
			Source: docPersonalizeBatchOutput, Policy: batchOutputKeyPolicy(v)})
	}
	if !a.UsesS3() {
		return // metric attribution to CloudWatch only
	}
	role, byBucket := s3Statements(a, v)
	b.Docs = append(b.Docs, Doc{ID: DocRoleS3Policy, Title: "Service role S3 policy", Step: StepS3,
		Target: "the service role (customer managed policy)",
		Why:    "Lets the service role read and write the bucket for the workflows you chose.",
		Source: docPersonalizeS3,
		Policy: &policy.Document{Version: policy.Version, ID: "PersonalizeS3BucketAccessPolicy", Statement: role, Kind: policy.KindIdentity}})
	for _, bk := range []struct{ id, name, title, target string }{
		{DocS3BucketPolicy, v.bucket, "S3 bucket policy", "the S3 bucket (merge into its bucket policy)"},
		{DocS3OutputBucketPolicy, v.outputBucket, "S3 output bucket policy", "the S3 output bucket (merge into its bucket policy)"},
	} {
		if bk.id == DocS3OutputBucketPolicy && a.OutputBucket == "" {
			continue
		}
		var stmts []policy.Statement
		for _, s := range byBucket[bk.name] {
			s.Principal = policy.ServicePrincipal(personalizePrincipal)
			s.Reason = "Bucket policies decide who may use a bucket: Amazon Personalize needs these actions on " + bk.name + " for the workflows you chose."
			s.Exceptions = []policy.Exception{{Rule: "service-principal-without-source",
				Why: "The page \"Cross-service confused deputy prevention\" recommends aws:SourceAccount/aws:SourceArn in resource policies, but gives them only for the trust policy; AWS's Personalize bucket policies carry none, and no AWS page says Personalize sends these keys when it calls S3. A condition on a key the request lacks denies every import, so permwiz leaves it out here and keeps the guard in the trust policy."}}
			stmts = append(stmts, s)
		}
		if len(stmts) == 0 {
			continue
		}
		b.Docs = append(b.Docs, Doc{ID: bk.id, Title: bk.title, Step: StepS3,
			Target: bk.target,
			Why:    "The bucket must also allow Amazon Personalize itself; the role policy alone is not enough.",
			Source: docPersonalizeS3,
			Policy: &policy.Document{Version: policy.Version, ID: "PersonalizeS3BucketAccessPolicy", Statement: stmts, Kind: policy.KindBucket}})
	}
}

// batchOutputKeyStatement lets the role write batch output encrypted with
// the key named in the job's s3DataDestination.kmsKeyArn: S3 asks KMS for a
// data key as the writer (GenerateDataKey), and multipart uploads also
// decrypt it (Decrypt) ("Protecting data using server-side encryption with
// AWS KMS keys", Amazon S3 User Guide).
func batchOutputKeyStatement(v *values) policy.Statement {
	return policy.Statement{Sid: "EncryptBatchOutput", Effect: policy.Allow, Action: policy.List{"kms:Decrypt", "kms:GenerateDataKey"},
		Resource:  policy.Strings{v.batchKeyARN},
		Condition: make(policy.Condition, 0, 1).With("StringEquals", "kms:ViaService", "s3."+v.region+".amazonaws.com"),
		Reason:    "Batch jobs write their output to S3 encrypted with this key, as the service role; only through S3.",
		Source:    docPersonalizeBatchOutput, Fields: shapedByBatchOutputKey}
}

func batchOutputKeyPolicy(v *values) *policy.Document {
	return &policy.Document{Version: policy.Version, ID: "PersonalizeBatchOutputKeyPolicy", Kind: policy.KindKey, Statement: []policy.Statement{
		accountStatement(v.partition, v.batchKeyAcct),
		{Sid: "AllowPersonalizeRoleToEncryptBatchOutput", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(v.roleARN), Action: policy.List{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: policy.Strings{"*"},
			Condition: make(policy.Condition, 0, 1).With("StringEquals", "kms:ViaService", "s3."+v.region+".amazonaws.com"),
			Reason:    "The service role may encrypt batch output with this key, only through S3. In a key policy Resource * means this key.",
			Source:    docPersonalizeBatchOutput, Fields: shapedByBatchOutputKey},
	}}
}

func userPolicy(b *Bundle, a *Answers, v *values) []Doc {
	stmts := make([]policy.Statement, 0, 3)
	if a.UserAccess == AccessManaged {
		b.Attachments = append(b.Attachments, Attachment{To: "user", Name: "AmazonPersonalizeFullAccess",
			PolicyARN: policy.AWSManagedPolicyARN(v.partition, managedPersonalize),
			Why:       "The AWS managed policy for Personalize users. Note that it lets the user pass any role to Personalize (iam:PassRole on *), where the custom policy names only your service role."})
	} else {
		stmts = append(stmts,
			policy.Statement{Sid: "UsePersonalize", Effect: policy.Allow, Action: policy.List{"personalize:*"}, Resource: policy.Strings{"*"},
				Reason: "Lets the user work with Amazon Personalize. Resource is * because AWS-owned recipes and the List actions have no ARN in your account.",
				Source: docPersonalizeUser, Fields: shapedByUserAccess, Exceptions: personalizeWildcard},
			// The May 2022 page "Setting up permissions" used "Resource": "*"
			// here; the current "Granting user permissions" page scopes
			// PassRole to the service role.
			policy.Statement{Sid: "PassServiceRoleToPersonalize", Effect: policy.Allow, Action: policy.List{"iam:PassRole"}, Resource: policy.Strings{v.roleARN},
				Condition: make(policy.Condition, 0, 1).With("StringEquals", "iam:PassedToService", personalizePrincipal),
				Reason:    "Lets the user hand the service role to Amazon Personalize, and only that role and only to Personalize.",
				Source:    docPersonalizeUser, Fields: shapedByRole})
	}
	if a.KMSKeyARN != "" {
		stmts = append(stmts, policy.Statement{Sid: "UsePersonalizeKey", Effect: policy.Allow, Action: policy.List(kmsUseActions),
			Resource: policy.Strings{v.keyARN},
			Reason:   "The user works with data encrypted by your key, so it needs permission to use the key (AWS's \"Setting up permissions\" page: \"give your IAM user ... permission to use your key\").",
			Source:   docPersonalizeSetup, Fields: shapedByKMSKeyARN})
	}
	if a.CloudWatch {
		b.Attachments = append(b.Attachments, Attachment{To: "user", Name: "CloudWatchFullAccess",
			PolicyARN: policy.AWSManagedPolicyARN(v.partition, managedCloudWatchFull),
			Why:       "Optional: lets the user monitor Amazon Personalize in CloudWatch."})
	}
	if len(stmts) == 0 {
		return nil
	}
	why := "What the IAM user or group that works with Amazon Personalize may do."
	if a.UserAccess == AccessManaged {
		why = "The key permissions the AWS managed policy lacks; attach both to the user or group."
	}
	return []Doc{{ID: DocUserPolicy, Title: "User policy", Step: StepUser, Target: "the IAM user or group (customer managed policy)",
		Why: why, Source: docPersonalizeUser, Policy: identity(stmts...)}}
}

func trustPolicy(a *Answers, v *values) *policy.Document {
	region := v.region
	if a.AnyRegion {
		region = "*"
	}
	return &policy.Document{Version: policy.Version, Kind: policy.KindTrust, Statement: []policy.Statement{{
		// The AWS example has "Sid": ""; permwiz names the statement so that
		// merge can find it again. The older page used StringLike; the
		// current one uses ArnLike, the operator meant for ARNs ("Cross-service
		// confused deputy prevention"), and the example's two different account IDs are a slip:
		// both conditions name the one account.
		Sid: "AllowPersonalizeToAssumeRole", Effect: policy.Allow, Principal: policy.ServicePrincipal(personalizePrincipal),
		Action: policy.List{"sts:AssumeRole"},
		Condition: make(policy.Condition, 0, 2).
			With("StringEquals", "aws:SourceAccount", v.account).
			With("ArnLike", "aws:SourceArn", personalizeSourceARN(v.partition, region, v.account)),
		Reason: "Amazon Personalize may assume the role only for Personalize resources of your account (confused-deputy guard). The service principal is personalize.amazonaws.com in every partition, China included.",
		Source: docConfusedDeputy, Fields: shapedByAccountIDRegionAnyRegion,
	}}}
}

func rolePolicy(a *Answers) *policy.Document {
	stmts := []policy.Statement{{Sid: "UsePersonalize", Effect: policy.Allow, Action: policy.List{"personalize:*"}, Resource: policy.Strings{"*"},
		Reason: "The permissions policy AWS documents for the service role. Resource is * because AWS-owned recipes have no ARN in your account.",
		Source: docPersonalizeRole, Fields: shapedByRoleAccess, Exceptions: personalizeWildcard}}
	if a.Has(WorkflowMetrics) || a.Has(WorkflowMetricsCloudWatch) {
		// Metric attribution publishes to CloudWatch, which the current
		// "Metric attribution requirements" page requires.
		stmts = append(stmts, policy.Statement{Sid: "PublishMetricAttributionMetrics", Effect: policy.Allow,
			Action: policy.List{"cloudwatch:PutMetricData"}, Resource: policy.Strings{"*"},
			Reason: "Metric attribution publishes metrics to CloudWatch; PutMetricData has no resource-level permissions, so Resource is *.",
			Source: docMetricAttribution, Fields: shapedByWorkflows,
			Exceptions: []policy.Exception{{Rule: "wildcard-resource",
				Why: "cloudwatch:PutMetricData supports no resource ARN; AWS requires *."}}})
	}
	return identity(stmts...)
}

// roleKeyStatement is the service role's KMS policy. It is written for every
// key: "Giving Amazon Personalize permission to use your AWS KMS key" lists
// dataset groups among the resources for which the key policy AND the
// role's IAM policy must grant the key, and CreateDatasetGroup takes the
// role "that has permissions to access the KMS key". Only a dataset import
// job, created in a dataset group that already exists, is exempt, and it
// never comes alone: its dataset group needs the role policy first. (An
// earlier permwiz left the policy out for import alone.)
//
// With a key of another account, KMS requires an IAM policy in the caller's
// account for every action, beside the key policy ("Allowing users in other
// accounts to use a KMS key"): the role's policy then also carries what the
// key policy grants it, CreateGrant and, for export from an encrypted
// dataset group, GenerateDataKeyWithoutPlaintext.
func roleKeyStatement(a *Answers, v *values) policy.Statement {
	actions := policy.List(kmsUseActions)
	reason := "The service role uses your key for the dataset group and every job that reads or writes encrypted data. CreateGrant is only needed in the key policy."
	if v.keyOtherAccount {
		actions = append(append(make(policy.List, 0, 7), kmsUseActions...), "kms:CreateGrant")
		if a.Has(WorkflowExport) && a.KeyEncrypts(KeyDatasetGroup) {
			actions = append(actions, "kms:GenerateDataKeyWithoutPlaintext")
		}
		reason = "The key belongs to another account: KMS requires this IAM policy beside the key policy for every action the role takes, CreateGrant included."
	}
	// The AWS example has "Resource": "*"; an IAM policy can and should name
	// the key ("Using IAM policies with AWS KMS").
	return policy.Statement{Sid: "UsePersonalizeKey", Effect: policy.Allow, Action: actions, Resource: policy.Strings{v.keyARN},
		Reason: reason, Source: docPersonalizeKMS, Fields: shapedByKMSKeyARNKeyUseWorkflows}
}

// accountStatement keeps a key usable: without it IAM policies on the key
// stop working and its administrators can be locked out ("Default key
// policy", AWS KMS Developer Guide).
func accountStatement(partition, account string) policy.Statement {
	return policy.Statement{Sid: "Enable IAM User Permissions", Effect: policy.Allow,
		Principal: policy.AWSPrincipal(policy.AccountRootARN(partition, account)),
		Action:    policy.List{"kms:*"}, Resource: policy.Strings{"*"},
		Reason: "The key policy's default account statement: it lets IAM policies grant use of the key and keeps its administrators from being locked out. Keep it.",
		Source: docKMSDefaultPolicy, Fields: shapedByKMSKeyARN, Frame: true,
		Exceptions: []policy.Exception{{Rule: "key-policy-full-access",
			Why: "This is AWS's default key policy statement; removing it makes every IAM policy on the key ineffective."}}}
}

func personalizeKeyPolicy(a *Answers, v *values) *policy.Document {
	actions := append(make(policy.List, 0, 6), "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants")
	if a.Has(WorkflowExport) && a.KeyEncrypts(KeyDatasetGroup) {
		// The page's text requires GenerateDataKeyWithoutPlaintext for export
		// from an encrypted dataset group; its example omits it.
		actions = append(actions, "kms:GenerateDataKeyWithoutPlaintext")
	}
	stmts := []policy.Statement{
		accountStatement(v.partition, v.keyAccount),
		{
			// The AWS example's Sid "Allow use of the key" is also the Sid of
			// the console's default key-users statement, so merging it would
			// collide; permwiz uses its own.
			Sid: "AllowPersonalizeUseOfTheKey", Effect: policy.Allow,
			Principal: &policy.Principal{AWS: policy.Strings{v.roleARN}, Service: policy.Strings{personalizePrincipal}},
			Action:    actions, Resource: policy.Strings{"*"},
			Reason: "Amazon Personalize and its service role may use the key. In a key policy Resource * means this key.",
			Source: docPersonalizeKMS, Fields: shapedByKeyAndRole,
			Exceptions: []policy.Exception{{Rule: "service-principal-without-source",
				Why: "The statement also names the service role, whose own calls carry no aws:SourceAccount, so a condition would refuse them; and AWS's Personalize key policy has none and no AWS page says Personalize sends the key to KMS. The trust policy carries the confused-deputy guard."}},
		},
	}
	if v.keyOtherAccount {
		// The user policy's UsePersonalizeKey is an IAM policy of the answers'
		// account: for a key of another account it takes effect only if the
		// key policy names that account too ("Allowing users in other
		// accounts to use a KMS key", AWS KMS Developer Guide).
		stmts = append(stmts, policy.Statement{Sid: "AllowAccountToUseTheKey", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(policy.AccountRootARN(v.partition, v.account)),
			Action:    policy.List(kmsUseActions), Resource: policy.Strings{"*"},
			Reason: "The key belongs to another account: naming your account here lets your IAM policies (the user policy's UsePersonalizeKey) grant your users the key; without it they are refused whatever their IAM policy says.",
			Source: docKMSCrossAccount, Fields: shapedByKMSKeyARN})
	}
	return &policy.Document{Version: policy.Version, ID: "PersonalizeKeyPolicy", Kind: policy.KindKey, Statement: stmts}
}

// s3Statements combines what the chosen workflows need on each bucket.
// With one bucket and no output prefix it is one statement, as the
// documented import, batch and export variants share one Sid and a bucket
// can hold only one statement of that Sid. An output bucket or an output
// prefix (AWS recommends another bucket or prefix for batch and export
// output) splits off the writes, so that PutObject reaches only where the
// jobs write. It returns the role's statements and, by bucket name, the
// statements each bucket policy repeats for Personalize.
func s3Statements(a *Answers, v *values) ([]policy.Statement, map[string][]policy.Statement) {
	reads, writes := a.readsS3(), a.writesS3()
	// Data deletion jobs read the file that lists the users to delete
	// ("Deleting users", Amazon Personalize Developer Guide), as imports read.
	get := reads
	// Export lists the bucket before it writes; batch and import list it too.
	list := a.Has(WorkflowImport) || a.Has(WorkflowDelete) || a.Has(WorkflowBatch) || a.Has(WorkflowExport)
	var puts []string
	for _, w := range []struct {
		wf     Workflow
		prefix string
	}{{WorkflowBatch, a.BatchOutputPrefix}, {WorkflowExport, a.ExportPrefix}, {WorkflowMetrics, a.MetricsPrefix}} {
		if a.Has(w.wf) {
			puts = append(puts, v.outputBucket+"/"+w.prefix)
		}
	}
	putARNs := objectPrefixARNs(v.partition, puts)
	byBucket := map[string][]policy.Statement{}
	var role []policy.Statement
	add := func(s policy.Statement, bucket string) {
		role = append(role, s)
		byBucket[bucket] = append(byBucket[bucket], s)
	}
	in, out := v.bucket, v.outputBucket
	whole := len(putARNs) == 1 && putARNs[0] == policy.ObjectsARN(v.partition, out)
	if in == out && (whole || !writes) {
		actions := make(policy.List, 0, 3)
		if get {
			actions = append(actions, "s3:GetObject")
		}
		if list {
			actions = append(actions, "s3:ListBucket")
		}
		if writes {
			actions = append(actions, "s3:PutObject")
		}
		add(policy.Statement{Sid: "PersonalizeS3BucketAccessPolicy", Effect: policy.Allow, Action: actions,
			Resource: policy.Strings{policy.BucketARN(v.partition, in), policy.ObjectsARN(v.partition, in)},
			Reason:   "Import and data deletion jobs read objects and list the bucket; batch jobs also write results; export and metric reports write. Only what your workflows need.",
			Source:   docPersonalizeS3, Fields: shapedByBucketWorkflows}, in)
		return role, byBucket
	}
	if reads || (list && in == out) {
		actions := make(policy.List, 0, 2)
		if get {
			actions = append(actions, "s3:GetObject")
		}
		actions = append(actions, "s3:ListBucket")
		res := policy.Strings{policy.BucketARN(v.partition, in)}
		if get {
			res = append(res, policy.ObjectsARN(v.partition, in))
		}
		add(policy.Statement{Sid: "PersonalizeS3BucketAccessPolicy", Effect: policy.Allow, Action: actions, Resource: res,
			Reason: "Import, data deletion and batch jobs read their input from " + in + " and list it.",
			Source: docPersonalizeS3, Fields: shapedByBucketWorkflows}, in)
	}
	if writes {
		actions := policy.List{"s3:PutObject"}
		res := policy.Strings(putARNs)
		if in != out {
			// Export and batch list the output bucket as well.
			actions = policy.List{"s3:ListBucket", "s3:PutObject"}
			res = append(policy.Strings{policy.BucketARN(v.partition, out)}, res...)
		}
		add(policy.Statement{Sid: "PersonalizeS3WriteOutput", Effect: policy.Allow, Action: actions, Resource: res,
			Reason: "Batch, export and metric jobs write their output only under the output location you gave (AWS recommends another bucket or prefix for output).",
			Source: docPersonalizeBatchOutput, Fields: shapedByOutput}, out)
	}
	return role, byBucket
}

// objectPrefixARNs turns bucket/prefix locations into object ARNs
// (arn:...:s3:::bucket/prefix*), without duplicates and without a prefix
// that a whole-bucket ARN of the same bucket already covers.
func objectPrefixARNs(partition string, locs []string) []string {
	var out []string
	whole := map[string]bool{}
	for _, l := range locs {
		if strings.HasSuffix(l, "/") && strings.Count(l, "/") == 1 {
			whole[strings.TrimSuffix(l, "/")] = true
		}
	}
	for _, l := range locs {
		bucket, prefix, _ := strings.Cut(l, "/")
		if prefix != "" && whole[bucket] {
			continue
		}
		arn := "arn:" + partition + ":s3:::" + bucket + "/" + prefix + "*"
		if !slices.Contains(out, arn) {
			out = append(out, arn)
		}
	}
	return out
}
