package wizard

import "slices"

var (
	bothSetups      = []Setup{SetupPersonalize, SetupKinesis}
	onlyPersonalize = []Setup{SetupPersonalize}
	onlyKinesis     = []Setup{SetupKinesis}
)

// fields is the table of answers, one row for each field of Answers (the
// YAML keys of Answers stay the answers file's keys; a test holds the rows
// to them). Its order is the order Fields lists them in, which callers keep:
// a flag of the other setup is refused in it (--bucket before --key-use),
// the resume screen names the Summary fields in it, and Required lists in
// it (the stream before its key). Validate reports in it too, except that a
// Personalize key comes before the bucket (see Answers.fields).
var fields = []Field{
	{
		Name: FieldSetup, Flag: "setup", Usage: "which setup: personalize (default) or kinesis",
		Kind: KindChoice, Title: "What are you setting up?", Short: "Setup",
		Options: []Option{
			{Value: string(SetupPersonalize), Label: "Amazon Personalize", Short: "Amazon Personalize"},
			{Value: string(SetupKinesis), Label: "Kinesis Data Streams encrypted with a customer managed KMS key", Short: "Kinesis with a KMS key"},
		},
		Setups: bothSetups,
		acc:    textField(func(a *Answers) *string { return (*string)(&a.Setup) }),
		check:  (*Answers).checkSetup,
	},
	{
		Name: FieldAccountID, Flag: "account-id", Usage: "the 12-digit AWS account `ID`",
		Kind: KindText, Title: "AWS account ID", Help: "12 digits; aws sts get-caller-identity shows it.", Example: "111122223333",
		Setups: bothSetups, Required: bothSetups, Summary: true,
		acc:   textField(func(a *Answers) *string { return &a.AccountID }),
		check: (*Answers).checkAccount,
	},
	{
		Name: FieldRegion, Flag: "region", Usage: "the AWS `region`, such as us-east-1 (the partition follows from it)",
		Kind: KindText, Title: "Region", Help: "The Region code, such as us-east-1; the partition follows from it.", Example: "us-east-1",
		Setups: bothSetups, Required: bothSetups, Summary: true,
		acc:   textField(func(a *Answers) *string { return &a.Region }),
		check: (*Answers).checkRegion,
	},
	{
		Name: FieldRoleName, Flag: "role-name", Usage: "personalize: the service role to create",
		Kind: KindText, Title: "Service role name", Help: "The Personalize service role you will create (step 2 lets you use an existing role instead).", Example: "PersonalizeRole",
		Setups: onlyPersonalize, Required: onlyPersonalize, Summary: true,
		acc:   textField(func(a *Answers) *string { return &a.RoleName }),
		check: (*Answers).checkRoleName,
	},
	{
		Name: FieldRolePath, Flag: "role-path", Usage: "personalize: the service role's IAM `path` (default /)",
		Kind: KindText, Title: "Role path", Help: "/ or, for example, /service-role/. The path is part of the role's ARN.", Example: "/",
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return &a.RolePath }),
		check:  (*Answers).checkRolePath,
	},
	{
		Name: FieldRoleARN, Flag: "role-arn", Usage: "personalize: an existing service role's `ARN`, instead of --role-name",
		Kind: KindText, Title: "Existing service role ARN", Help: "The whole ARN, path included.", Example: "arn:aws:iam::111122223333:role/service-role/PersonalizeRole",
		Setups: onlyPersonalize, Summary: true,
		acc:   textField(func(a *Answers) *string { return &a.RoleARN }),
		check: (*Answers).checkRoleARN,
	},
	{
		Name: FieldRoleMode, Flag: "role-mode", Usage: "personalize: create (default) a new service role, or use an existing one (give --role-arn)",
		Kind: KindChoice, Title: "Create the service role, or use one you have?", Short: "Role",
		Options: []Option{
			{Value: RoleCreate, Label: "Create a new service role (the name given in Basics, and its path)", Short: "create a role"},
			{Value: RoleExisting, Label: "Use an existing role (its ARN)", Short: "existing role"},
		},
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return &a.RoleMode }),
		check:  (*Answers).checkRoleMode,
	},
	{
		Name: FieldRoleAccess, Flag: "role-access", Usage: "personalize: custom (default) or managed (AmazonPersonalizeFullAccess) for the role",
		Kind: KindChoice, Title: "Service role permissions", Short: "Role permissions",
		Options: []Option{
			{Value: string(AccessCustom), Label: "Custom policy: personalize:* written by permwiz", Short: "custom policy"},
			{Value: string(AccessManaged), Label: "AWS managed AmazonPersonalizeFullAccess", Short: "AWS managed policy"},
		},
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return (*string)(&a.RoleAccess) }),
		check:  func(a *Answers) *FieldError { return checkAccess(FieldRoleAccess, a.RoleAccess) },
	},
	{
		Name: FieldUserAccess, Flag: "user-access", Usage: "personalize: custom (default) or managed (AmazonPersonalizeFullAccess) for the user",
		Kind: KindChoice, Title: "User permissions", Short: "User permissions",
		Options: []Option{
			{Value: string(AccessCustom), Label: "Custom policy: Personalize, and PassRole for this role only", Short: "custom policy"},
			{Value: string(AccessManaged), Label: "AWS managed AmazonPersonalizeFullAccess", Short: "AWS managed policy"},
		},
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return (*string)(&a.UserAccess) }),
		check:  func(a *Answers) *FieldError { return checkAccess(FieldUserAccess, a.UserAccess) },
	},
	{
		Name: FieldCloudWatch, Flag: "cloudwatch", Usage: "personalize: also attach CloudWatchFullAccessV2 to the user, for monitoring",
		Kind: KindBool, Title: "Also attach CloudWatchFullAccessV2 for monitoring?", Help: "Optional; the user can then watch Personalize metrics (V2: no sns:*).", Short: "CloudWatchFullAccessV2",
		Setups: onlyPersonalize,
		acc:    boolField(func(a *Answers) *bool { return &a.CloudWatch }),
	},
	{
		Name: FieldAnyRegion, Flag: "any-region", Usage: "personalize: let the role be assumed for Personalize resources in any region",
		Kind: KindBool, Title: "Let Personalize assume the role for resources in any region?", Help: "No keeps the trust policy's aws:SourceArn to this region.", Short: "Trust any region",
		Setups: onlyPersonalize,
		acc:    boolField(func(a *Answers) *bool { return &a.AnyRegion }),
	},
	{
		Name: FieldBucket, Flag: "bucket", Usage: "personalize: the S3 bucket `name`",
		Kind: KindText, Title: "S3 bucket name", Help: "The bucket's name, such as my-data (an s3://my-data/input/ URL is read as its bucket).", Example: "my-personalize-data",
		Setups: onlyPersonalize, Required: onlyPersonalize, Summary: true,
		acc:   textField(func(a *Answers) *string { return &a.Bucket }),
		check: (*Answers).checkBucket,
	},
	{
		Name: FieldWorkflows, Flag: "workflows", Usage: "personalize: import, batch, export, metrics, metrics-cloudwatch, delete (default import)",
		Kind: KindMulti, Title: "Which workflows use the bucket?", Short: "Workflows",
		Options: []Option{
			{Value: string(WorkflowImport), Label: "Import data (read)", Short: "import"},
			{Value: string(WorkflowBatch), Label: "Batch inference or batch segment jobs (read, write)", Short: "batch"},
			{Value: string(WorkflowExport), Label: "Dataset export (write)", Short: "export"},
			{Value: string(WorkflowMetrics), Label: "Metric attribution to CloudWatch, with reports to S3 (write)", Short: "metrics"},
			{Value: string(WorkflowMetricsCloudWatch), Label: "Metric attribution to CloudWatch only (no S3)", Short: "metrics, CloudWatch only"},
			{Value: string(WorkflowDelete), Label: "Data deletion jobs (read the list of users to delete)", Short: "delete"},
		},
		Setups: onlyPersonalize,
		acc:    listField(func(a *Answers) *[]Workflow { return &a.Workflows }),
		check: func(a *Answers) *FieldError {
			return checkEnum(FieldWorkflows, a.Workflows, AllWorkflows, "a workflow")
		},
	},
	{
		Name: FieldOutputBucket, Flag: "output-bucket", Usage: "personalize: another S3 bucket `name` for batch, export and metric output (default: --bucket)",
		Kind: KindText, Title: "Output bucket (optional)", Help: "AWS recommends another bucket or prefix for output; leave empty to write into the data bucket (an s3://my-output/batch/ URL is read as its bucket).", Example: "my-personalize-output",
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return &a.OutputBucket }),
		check:  (*Answers).checkOutputBucket,
	},
	{
		Name: FieldBatchOutputPrefix, Flag: "batch-output-prefix", Usage: "personalize: the `prefix` batch jobs write under (default the whole bucket)",
		Kind: KindText, Title: "Batch output prefix (optional)", Help: "The folder of s3DataDestination, such as batch/output/; the role may write only there.", Example: "batch/output/",
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return &a.BatchOutputPrefix }),
		check: func(a *Answers) *FieldError {
			return a.checkPrefix(FieldBatchOutputPrefix, a.BatchOutputPrefix, WorkflowBatch)
		},
	},
	{
		Name: FieldExportPrefix, Flag: "export-prefix", Usage: "personalize: the `prefix` dataset export jobs write under (default the whole bucket)",
		Kind: KindText, Title: "Export prefix (optional)", Help: "The folder of the export job's s3DataDestination, such as export/.", Example: "export/",
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return &a.ExportPrefix }),
		check:  func(a *Answers) *FieldError { return a.checkPrefix(FieldExportPrefix, a.ExportPrefix, WorkflowExport) },
	},
	{
		Name: FieldMetricsPrefix, Flag: "metrics-prefix", Usage: "personalize: the `prefix` metric attribution reports go under (default the whole bucket)",
		Kind: KindText, Title: "Metric reports prefix (optional)", Help: "The folder of the metric attribution's s3DataDestination, such as metrics/.", Example: "metrics/",
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return &a.MetricsPrefix }),
		check: func(a *Answers) *FieldError {
			return a.checkPrefix(FieldMetricsPrefix, a.MetricsPrefix, WorkflowMetrics)
		},
	},
	{
		Name: FieldBatchOutputKMSKeyARN, Flag: "batch-output-kms-key-arn", Usage: "personalize: the KMS key `ARN` that encrypts batch output (s3DataDestination.kmsKeyArn)",
		Kind: KindText, Title: "Batch output KMS key ARN (optional)", Help: "The key batch jobs encrypt their output with, if you give one in the job's output location.", Example: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Setups: onlyPersonalize,
		acc:    textField(func(a *Answers) *string { return &a.BatchOutputKMSKeyARN }),
		check:  (*Answers).checkBatchOutputKey,
	},
	{
		Name: FieldStream, Flag: "stream", Usage: "kinesis: the stream's `name` or ARN",
		Kind: KindText, Title: "Stream", Help: "Its name, or its ARN.", Example: "orders",
		Setups: onlyKinesis, Required: onlyKinesis, Summary: true,
		acc:   textField(func(a *Answers) *string { return &a.Stream }),
		check: (*Answers).checkStream,
	},
	{
		Name: FieldKMSKeyARN, Flag: "kms-key-arn", Usage: "the customer managed KMS key's `ARN` (not an alias)",
		Kind: KindText, Title: "KMS key ARN", Help: "The key ARN, not an alias or key ID (aws kms describe-key shows it).", Example: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Setups: bothSetups, Required: onlyKinesis, Summary: true,
		acc:   textField(func(a *Answers) *string { return &a.KMSKeyARN }),
		check: (*Answers).checkKey,
	},
	{
		Name: FieldKeyUse, Flag: "key-use", Usage: "personalize: what the key encrypts: dataset-group (default), bucket",
		Kind: KindMulti, Title: "What does the key encrypt?", Short: "Key encrypts",
		Options: []Option{
			{Value: string(KeyDatasetGroup), Label: "The dataset group (the key given when creating it)", Short: "dataset group"},
			{Value: string(KeyBucket), Label: "The S3 bucket (SSE-KMS default encryption)", Short: "S3 bucket"},
		},
		Setups: onlyPersonalize,
		acc:    listField(func(a *Answers) *[]KeyUse { return &a.KeyUse }),
		check:  (*Answers).checkKeyUse,
	},
	{
		Name: FieldProducers, Flag: "producers", Usage: "kinesis: role or user `ARNs` that write, for the key policy",
		Kind: KindList, Title: "Producer ARNs (optional)", Help: "IAM roles or users that write, separated by commas.", Example: "arn:aws:iam::111122223333:role/StreamWriter",
		Setups: onlyKinesis,
		acc:    listField(func(a *Answers) *[]string { return &a.Producers }),
		check:  func(a *Answers) *FieldError { return a.checkPrincipals(FieldProducers, a.Producers) },
	},
	{
		Name: FieldConsumers, Flag: "consumers", Usage: "kinesis: role or user `ARNs` that read, for the key policy",
		Kind: KindList, Title: "Consumer ARNs (optional)", Help: "IAM roles or users that read, separated by commas.", Example: "arn:aws:iam::111122223333:role/StreamReader",
		Setups: onlyKinesis,
		acc:    listField(func(a *Answers) *[]string { return &a.Consumers }),
		check:  func(a *Answers) *FieldError { return a.checkPrincipals(FieldConsumers, a.Consumers) },
	},
	{
		Name: FieldAdmins, Flag: "admins", Usage: "kinesis: role or user `ARNs` that manage the stream's encryption, for the key policy",
		Kind: KindList, Title: "Administrator ARNs (optional)", Help: "IAM roles or users that turn encryption on and off, separated by commas; the key policy lets them kms:DescribeKey.", Example: "arn:aws:iam::111122223333:role/StreamAdmin",
		Setups: onlyKinesis,
		acc:    listField(func(a *Answers) *[]string { return &a.Admins }),
		check:  func(a *Answers) *FieldError { return a.checkPrincipals(FieldAdmins, a.Admins) },
	},
	{
		Name: FieldPolicies, Flag: "policies", Usage: "kinesis: producer, consumer, admin (default all)",
		Kind: KindMulti, Title: "Which identity policies?", Short: "Policies",
		Options: []Option{
			{Value: string(KinesisProducer), Label: "Producer: write and encrypt", Short: "producer"},
			{Value: string(KinesisConsumer), Label: "Consumer: read and decrypt", Short: "consumer"},
			{Value: string(KinesisAdmin), Label: "Administrator: turn encryption on and off", Short: "administrator"},
		},
		Setups: onlyKinesis,
		acc:    listField(func(a *Answers) *[]KinesisPolicy { return &a.Policies }),
		check: func(a *Answers) *FieldError {
			return checkEnum(FieldPolicies, a.Policies, AllKinesisPolicies, "a Kinesis policy")
		},
	},
	{
		Name: FieldProducerKind, Flag: "producer-kind", Usage: "kinesis: how producers write: sdk (PutRecord/PutRecords, default) or kpl (Kinesis Producer Library)",
		Kind: KindChoice, Title: "How do the producers write?", Short: "Producers",
		Options: []Option{
			{Value: string(ProducerSDK), Label: "An AWS SDK or the CLI (PutRecord, PutRecords)", Short: "SDK"},
			{Value: string(ProducerKPL), Label: "The Kinesis Producer Library (KPL): also lists shards and publishes its metrics", Short: "KPL"},
		},
		Setups: onlyKinesis,
		acc:    textField(func(a *Answers) *string { return (*string)(&a.ProducerKind) }),
		check: func(a *Answers) *FieldError {
			return checkEnum(FieldProducerKind, []ProducerKind{a.ProducerKind}, AllProducerKinds, "a producer kind")
		},
	},
	{
		Name: FieldConsumerKinds, Flag: "consumer-kinds", Usage: "kinesis: how consumers read: polling (default), kcl, efo, lambda (lambda,efo: Lambda with enhanced fan-out)",
		Kind: KindMulti, Title: "How do the consumers read?", Short: "Consumers",
		Options: []Option{
			{Value: string(ConsumerPolling), Label: "Polling with an AWS SDK (GetShardIterator, GetRecords)", Short: "polling"},
			{Value: string(ConsumerKCL), Label: "Kinesis Client Library (KCL): DynamoDB lease tables and CloudWatch metrics too", Short: "KCL"},
			{Value: string(ConsumerEFO), Label: "Enhanced fan-out (RegisterStreamConsumer, SubscribeToShard)", Short: "enhanced fan-out"},
			{Value: string(ConsumerLambda), Label: "AWS Lambda event source mapping (tick enhanced fan-out too if it uses a consumer)", Short: "Lambda"},
		},
		Setups: onlyKinesis,
		acc:    listField(func(a *Answers) *[]ConsumerKind { return &a.ConsumerKinds }),
		check: func(a *Answers) *FieldError {
			return checkEnum(FieldConsumerKinds, a.ConsumerKinds, AllConsumerKinds, "a consumer kind")
		},
	},
	{
		Name: FieldKCLApplication, Flag: "kcl-application", Usage: "kinesis: the KCL application `name` (its DynamoDB lease table and CloudWatch namespace)",
		Kind: KindText, Title: "KCL application name", Help: "The KCL applicationName: it names the DynamoDB lease table and the CloudWatch metrics namespace.", Example: "orders-processor",
		Setups: onlyKinesis,
		acc:    textField(func(a *Answers) *string { return &a.KCLApplication }),
		check:  (*Answers).checkKCLApplication,
	},
}

var fieldIndex = func() map[string]int {
	m := make(map[string]int, len(fields))
	for i, f := range fields {
		m[f.Name] = i
	}
	return m
}()

// Fields returns the table of answers, one row for each field of Answers.
// The slice is a copy; the rows' Options and Setups are shared, to read.
func Fields() []Field { return slices.Clone(fields) }

// row returns the table's row of the named field, or nil.
func row(name string) *Field {
	if i, ok := fieldIndex[name]; ok {
		return &fields[i]
	}
	return nil
}
