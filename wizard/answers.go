package wizard

import (
	"slices"
	"strings"
)

// Setup is which AWS setup the answers describe.
type Setup string

// The setups permwiz builds.
const (
	SetupPersonalize Setup = "personalize"
	SetupKinesis     Setup = "kinesis"
)

// Access chooses between a custom policy and the AWS managed one.
type Access string

// Access choices.
const (
	AccessCustom  Access = "custom"
	AccessManaged Access = "managed"
)

// Workflow is a Personalize workflow that reads or writes the bucket.
type Workflow string

// The workflows and what they do with the bucket.
const (
	WorkflowImport            Workflow = "import"             // dataset import jobs: read
	WorkflowDelete            Workflow = "delete"             // data deletion jobs: read the list of users to delete
	WorkflowBatch             Workflow = "batch"              // batch inference and batch segment jobs: read and write
	WorkflowExport            Workflow = "export"             // dataset export jobs: write
	WorkflowMetrics           Workflow = "metrics"            // metric attribution to CloudWatch and reports to S3: write
	WorkflowMetricsCloudWatch Workflow = "metrics-cloudwatch" // metric attribution to CloudWatch only: no S3
)

// AllWorkflows lists the workflows in the order permwiz shows them.
var AllWorkflows = []Workflow{WorkflowImport, WorkflowBatch, WorkflowExport, WorkflowMetrics, WorkflowMetricsCloudWatch, WorkflowDelete}

// KeyUse is what a customer managed KMS key encrypts in a Personalize setup.
type KeyUse string

// What the key can encrypt.
const (
	KeyDatasetGroup KeyUse = "dataset-group" // the key given when creating the dataset group
	KeyBucket       KeyUse = "bucket"        // SSE-KMS default encryption of the S3 bucket
)

// AllKeyUses lists the key uses in display order.
var AllKeyUses = []KeyUse{KeyDatasetGroup, KeyBucket}

// KinesisPolicy is one of the identity policies of the Kinesis setup.
type KinesisPolicy string

// The Kinesis identity policies.
const (
	KinesisProducer KinesisPolicy = "producer"
	KinesisConsumer KinesisPolicy = "consumer"
	KinesisAdmin    KinesisPolicy = "admin"
)

// AllKinesisPolicies lists the Kinesis policies in display order.
var AllKinesisPolicies = []KinesisPolicy{KinesisProducer, KinesisConsumer, KinesisAdmin}

// ProducerKind is how the producers write to the stream.
type ProducerKind string

// The producer kinds.
const (
	ProducerSDK ProducerKind = "sdk" // PutRecord/PutRecords through an AWS SDK or the CLI
	ProducerKPL ProducerKind = "kpl" // the Kinesis Producer Library
)

// AllProducerKinds lists the producer kinds in display order.
var AllProducerKinds = []ProducerKind{ProducerSDK, ProducerKPL}

// ConsumerKind is how the consumers read the stream; each AWS page lists
// other permissions.
type ConsumerKind string

// The consumer kinds.
const (
	ConsumerPolling ConsumerKind = "polling" // GetShardIterator/GetRecords through an AWS SDK
	ConsumerKCL     ConsumerKind = "kcl"     // the Kinesis Client Library 2.x/3.x (enhanced fan-out by default)
	ConsumerEFO     ConsumerKind = "efo"     // enhanced fan-out through an AWS SDK (SubscribeToShard)
	ConsumerLambda  ConsumerKind = "lambda"  // an AWS Lambda event source mapping (with efo: Lambda with a registered consumer)
)

// AllConsumerKinds lists the consumer kinds in display order.
var AllConsumerKinds = []ConsumerKind{ConsumerPolling, ConsumerKCL, ConsumerEFO, ConsumerLambda}

// Answers is everything the user tells permwiz. Its YAML form is the answers
// file; its field names (the yaml keys) are also the names that errors,
// statements and the form use, and the command-line flag of each is the
// same name with dashes (account_id → --account-id). Fields describes each
// of them: its flag, its question, the setups it belongs to and its check.
type Answers struct {
	Setup     Setup  `yaml:"setup"`
	AccountID string `yaml:"account_id"`
	Region    string `yaml:"region"`

	// Personalize.
	RoleName   string     `yaml:"role_name,omitempty"`
	RolePath   string     `yaml:"role_path,omitempty"`
	RoleARN    string     `yaml:"role_arn,omitempty"`  // an existing role, instead of name and path
	RoleMode   string     `yaml:"role_mode,omitempty"` // create or existing; implied by role_arn, so kept only when it says more
	RoleAccess Access     `yaml:"role_access,omitempty"`
	UserAccess Access     `yaml:"user_access,omitempty"`
	CloudWatch bool       `yaml:"cloudwatch,omitempty"`
	AnyRegion  bool       `yaml:"any_region,omitempty"`
	Bucket     string     `yaml:"bucket,omitempty"`
	Workflows  []Workflow `yaml:"workflows,omitempty"`
	KMSKeyARN  string     `yaml:"kms_key_arn,omitempty"`
	KeyUse     []KeyUse   `yaml:"key_use,omitempty"`

	// Where the writing workflows put their output: another bucket, and a
	// prefix per workflow (AWS recommends another bucket or prefix for
	// batch and export output); a second key for batch output.
	OutputBucket         string `yaml:"output_bucket,omitempty"`
	BatchOutputPrefix    string `yaml:"batch_output_prefix,omitempty"`
	ExportPrefix         string `yaml:"export_prefix,omitempty"`
	MetricsPrefix        string `yaml:"metrics_prefix,omitempty"`
	BatchOutputKMSKeyARN string `yaml:"batch_output_kms_key_arn,omitempty"`

	// Kinesis (kms_key_arn is shared).
	Stream         string          `yaml:"stream,omitempty"`
	Producers      []string        `yaml:"producers,omitempty"`
	Consumers      []string        `yaml:"consumers,omitempty"`
	Admins         []string        `yaml:"admins,omitempty"`
	Policies       []KinesisPolicy `yaml:"policies,omitempty"`
	ProducerKind   ProducerKind    `yaml:"producer_kind,omitempty"`
	ConsumerKinds  []ConsumerKind  `yaml:"consumer_kinds,omitempty"`
	KCLApplication string          `yaml:"kcl_application,omitempty"`
}

// Field names, as in the answers file. Statements list the fields that shape
// them under these names.
const (
	FieldSetup      = "setup"
	FieldAccountID  = "account_id"
	FieldRegion     = "region"
	FieldRoleName   = "role_name"
	FieldRolePath   = "role_path"
	FieldRoleARN    = "role_arn"
	FieldRoleMode   = "role_mode"
	FieldRoleAccess = "role_access"
	FieldUserAccess = "user_access"
	FieldCloudWatch = "cloudwatch"
	FieldAnyRegion  = "any_region"
	FieldBucket     = "bucket"
	FieldWorkflows  = "workflows"
	FieldKMSKeyARN  = "kms_key_arn"
	FieldKeyUse     = "key_use"
	FieldStream     = "stream"
	FieldProducers  = "producers"
	FieldConsumers  = "consumers"
	FieldPolicies   = "policies"
	FieldAdmins     = "admins"

	FieldOutputBucket         = "output_bucket"
	FieldBatchOutputPrefix    = "batch_output_prefix"
	FieldExportPrefix         = "export_prefix"
	FieldMetricsPrefix        = "metrics_prefix"
	FieldBatchOutputKMSKeyARN = "batch_output_kms_key_arn"

	FieldProducerKind   = "producer_kind"
	FieldConsumerKinds  = "consumer_kinds"
	FieldKCLApplication = "kcl_application"
)

// accountCleaner drops the hyphens and spaces the console shows in account
// IDs (1111-2222-3333).
var accountCleaner = strings.NewReplacer("-", "", " ", "")

// Normalized returns a copy with the forgiving clean-ups applied and the
// defaults filled in: white space trimmed, the hyphens and spaces the
// console shows in account IDs removed, the region lower-cased, and the
// documented defaults (custom policies, path "/", the import workflow, the
// key encrypting the dataset group, every Kinesis policy).
func (a Answers) Normalized() Answers {
	a.Setup = Setup(strings.ToLower(strings.TrimSpace(string(a.Setup))))
	if a.Setup == "" {
		a.Setup = SetupPersonalize
	}
	a.AccountID = accountCleaner.Replace(strings.TrimSpace(a.AccountID))
	a.Region = strings.ToLower(strings.TrimSpace(a.Region))
	a.RoleName = strings.TrimSpace(a.RoleName)
	a.RolePath = strings.TrimSpace(a.RolePath)
	a.RoleARN = strings.TrimSpace(a.RoleARN)
	a.RoleMode = strings.ToLower(strings.TrimSpace(a.RoleMode))
	if a.RoleMode == "" {
		a.RoleMode = RoleCreate
		if a.RoleARN != "" {
			a.RoleMode = RoleExisting
		}
	}
	a.Bucket = strings.TrimSpace(a.Bucket)
	a.OutputBucket = strings.TrimSpace(a.OutputBucket)
	a.BatchOutputPrefix = strings.TrimSpace(a.BatchOutputPrefix)
	a.ExportPrefix = strings.TrimSpace(a.ExportPrefix)
	a.MetricsPrefix = strings.TrimSpace(a.MetricsPrefix)
	a.BatchOutputKMSKeyARN = lowerKeyID(strings.TrimSpace(a.BatchOutputKMSKeyARN))
	a.KMSKeyARN = lowerKeyID(strings.TrimSpace(a.KMSKeyARN))
	a.Stream = strings.TrimSpace(a.Stream)
	a.forgive()
	a.Producers = cleanList(a.Producers)
	a.Consumers = cleanList(a.Consumers)
	a.Admins = cleanList(a.Admins)
	a.KCLApplication = strings.TrimSpace(a.KCLApplication)
	a.RoleAccess = Access(strings.ToLower(strings.TrimSpace(string(a.RoleAccess))))
	a.UserAccess = Access(strings.ToLower(strings.TrimSpace(string(a.UserAccess))))
	if a.RoleAccess == "" {
		a.RoleAccess = AccessCustom
	}
	if a.UserAccess == "" {
		a.UserAccess = AccessCustom
	}
	if a.RolePath == "" && a.RoleARN == "" {
		a.RolePath = "/"
	}
	a.Workflows = dedupe(a.Workflows)
	if len(a.Workflows) == 0 {
		a.Workflows = []Workflow{WorkflowImport}
	}
	a.KeyUse = dedupe(a.KeyUse)
	if len(a.KeyUse) == 0 && a.KMSKeyARN != "" {
		a.KeyUse = []KeyUse{KeyDatasetGroup}
	}
	a.Policies = dedupe(a.Policies)
	if len(a.Policies) == 0 {
		a.Policies = append([]KinesisPolicy(nil), AllKinesisPolicies...)
	}
	a.ProducerKind = ProducerKind(strings.ToLower(strings.TrimSpace(string(a.ProducerKind))))
	if a.ProducerKind == "" {
		a.ProducerKind = ProducerSDK
	}
	a.ConsumerKinds = dedupe(a.ConsumerKinds)
	if len(a.ConsumerKinds) == 0 {
		a.ConsumerKinds = []ConsumerKind{ConsumerPolling}
	}
	return a
}

// ForSetup returns a copy without the answers that do not apply to the
// chosen setup, for saving: a Kinesis answers file carries no bucket.
func (a Answers) ForSetup() Answers {
	var out Answers
	setup := a.built()
	for i := range fields {
		if f := &fields[i]; f.AppliesTo(setup) {
			f.copyTo(&out, &a)
		}
	}
	if a.KMSKeyARN == "" {
		out.KeyUse = nil
	}
	if m := strings.ToLower(strings.TrimSpace(a.RoleMode)); m == RoleCreate && a.RoleARN == "" || m == RoleExisting && a.RoleARN != "" {
		out.RoleMode = "" // what role_arn already says
	}
	return out
}

// UsesS3 reports whether any chosen workflow reads or writes S3 (metric
// attribution to CloudWatch only does not).
func (a *Answers) UsesS3() bool {
	for _, w := range a.Workflows {
		if w != WorkflowMetricsCloudWatch {
			return true
		}
	}
	return false
}

// readsS3 reports whether a chosen workflow reads the input bucket.
func (a *Answers) readsS3() bool {
	return a.Has(WorkflowImport) || a.Has(WorkflowDelete) || a.Has(WorkflowBatch)
}

// writesS3 reports whether a chosen workflow writes output to S3.
func (a *Answers) writesS3() bool {
	return a.Has(WorkflowBatch) || a.Has(WorkflowExport) || a.Has(WorkflowMetrics)
}

// Has reports whether the workflow is chosen.
func (a *Answers) Has(w Workflow) bool { return slices.Contains(a.Workflows, w) }

// KeyEncrypts reports whether the key is used for u.
func (a *Answers) KeyEncrypts(u KeyUse) bool {
	return a.KMSKeyARN != "" && slices.Contains(a.KeyUse, u)
}

// Reads reports whether the consumers include kind k.
func (a *Answers) Reads(k ConsumerKind) bool { return slices.Contains(a.ConsumerKinds, k) }

// Wants reports whether the Kinesis policy p is chosen.
func (a *Answers) Wants(p KinesisPolicy) bool { return slices.Contains(a.Policies, p) }

// dedupe drops repeated values, keeping the first of each, in time linear
// in the list (a key policy may name thousands of principals).
func dedupe[T comparable](list []T) []T {
	seen := make(map[T]bool, len(list))
	dup := false
	for _, v := range list {
		dup = dup || seen[v]
		seen[v] = true
	}
	if !dup {
		return list
	}
	clear(seen)
	var out []T
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// cleanList trims the values and drops empty and repeated ones, in linear
// time.
func cleanList(list []string) []string {
	var out []string
	seen := make(map[string]bool, len(list))
	for _, v := range list {
		if v = strings.TrimSpace(v); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// lowerKeyID lower-cases the key ID of a key ARN: KMS writes key IDs in
// lower case and ARNs in policies match case-sensitively, so a key ID typed
// in upper case would make the role's KMS policy match no key.
func lowerKeyID(arn string) string {
	i := strings.LastIndex(arn, ":key/")
	if i < 0 || !strings.HasPrefix(arn, "arn:") {
		return arn
	}
	if lower := strings.ToLower(arn[i:]); lower != arn[i:] {
		return arn[:i] + lower
	}
	return arn
}
