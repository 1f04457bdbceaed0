package wizard

import "strings"

// FieldKind is how a question is answered.
type FieldKind int

// The kinds of question.
const (
	KindText   FieldKind = iota // free text, one line
	KindList                    // free text: a comma-separated list
	KindChoice                  // exactly one of Options
	KindMulti                   // one or more of Options
	KindBool                    // yes or no
)

// Option is one choice of a KindChoice or KindMulti question.
type Option struct {
	Value string
	Label string
}

// Question is how the wizard asks for one field.
type Question struct {
	Field   string
	Kind    FieldKind
	Title   string
	Help    string // shown under the question: format, example or effect
	Example string // placeholder for text questions
	Options []Option
}

// Ask returns the question for a field.
func Ask(field string) Question {
	q := Question{Field: field, Kind: KindText}
	switch field {
	case FieldSetup:
		q.Kind, q.Title = KindChoice, "What are you setting up?"
		q.Options = []Option{{string(SetupPersonalize), "Amazon Personalize"}, {string(SetupKinesis), "Kinesis Data Streams encrypted with a customer managed KMS key"}}
	case FieldAccountID:
		q.Title, q.Help, q.Example = "AWS account ID", "12 digits; aws sts get-caller-identity shows it.", "111122223333"
	case FieldRegion:
		q.Title, q.Help, q.Example = "Region", "The Region code, such as us-east-1; the partition follows from it.", "us-east-1"
	case FieldRoleName:
		q.Title, q.Help, q.Example = "Service role name", "The Personalize service role you will create (start with --role-arn for an existing role).", "PersonalizeRole"
	case FieldRoleARN:
		q.Title, q.Help, q.Example = "Existing service role ARN", "The whole ARN, path included.", "arn:aws:iam::111122223333:role/service-role/PersonalizeRole"
	case FieldRolePath:
		q.Title, q.Help, q.Example = "Role path", "/ or, for example, /service-role/. The path is part of the role's ARN.", "/"
	case FieldRoleAccess:
		q.Kind, q.Title = KindChoice, "Service role permissions"
		q.Options = []Option{{string(AccessCustom), "Custom policy: personalize:* written by permwiz"}, {string(AccessManaged), "AWS managed AmazonPersonalizeFullAccess"}}
	case FieldUserAccess:
		q.Kind, q.Title = KindChoice, "User permissions"
		q.Options = []Option{{string(AccessCustom), "Custom policy: Personalize, and PassRole for this role only"}, {string(AccessManaged), "AWS managed AmazonPersonalizeFullAccess"}}
	case FieldCloudWatch:
		q.Kind, q.Title, q.Help = KindBool, "Also attach CloudWatchFullAccess for monitoring?", "Optional; the user can then watch Personalize metrics."
	case FieldAnyRegion:
		q.Kind, q.Title, q.Help = KindBool, "Let Personalize assume the role for resources in any region?", "No keeps the trust policy's aws:SourceArn to this region."
	case FieldKMSKeyARN:
		q.Title, q.Help, q.Example = "KMS key ARN", "The key ARN, not an alias or key ID (aws kms describe-key shows it).", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	case FieldKeyUse:
		q.Kind, q.Title = KindMulti, "What does the key encrypt?"
		q.Options = []Option{{string(KeyDatasetGroup), "The dataset group (the key given when creating it)"}, {string(KeyBucket), "The S3 bucket (SSE-KMS default encryption)"}}
	case FieldBucket:
		q.Title, q.Help, q.Example = "S3 bucket name", "The name only: for s3://my-data/input/ type my-data.", "my-personalize-data"
	case FieldWorkflows:
		q.Kind, q.Title = KindMulti, "Which workflows use the bucket?"
		q.Options = []Option{{string(WorkflowImport), "Import data (read)"}, {string(WorkflowBatch), "Batch inference or batch segment jobs (read, write)"},
			{string(WorkflowExport), "Dataset export (write)"}, {string(WorkflowMetrics), "Metric attribution reports (write, CloudWatch)"}}
	case FieldStream:
		q.Title, q.Help, q.Example = "Stream", "Its name, or its ARN.", "orders"
	case FieldProducers:
		q.Kind, q.Title, q.Help, q.Example = KindList, "Producer ARNs (optional)", "IAM roles or users that write, separated by commas.", "arn:aws:iam::111122223333:role/StreamWriter"
	case FieldConsumers:
		q.Kind, q.Title, q.Help, q.Example = KindList, "Consumer ARNs (optional)", "IAM roles or users that read, separated by commas.", "arn:aws:iam::111122223333:role/StreamReader"
	case FieldPolicies:
		q.Kind, q.Title = KindMulti, "Which identity policies?"
		q.Options = []Option{{string(KinesisProducer), "Producer: write and encrypt"}, {string(KinesisConsumer), "Consumer: read and decrypt"}, {string(KinesisAdmin), "Administrator: turn encryption on and off"}}
	}
	return q
}

// Value returns a field's answer as the text a form shows: lists joined by
// commas, booleans as "yes" or "no".
func (a Answers) Value(field string) string {
	switch field {
	case FieldCloudWatch:
		return yesNo(a.CloudWatch)
	case FieldAnyRegion:
		return yesNo(a.AnyRegion)
	}
	return a.value(field)
}

// SetValue sets a field from the text a form holds (see Value): lists split
// at commas, booleans from "yes" (anything else is no).
func (a *Answers) SetValue(field, v string) {
	switch field {
	case FieldSetup:
		a.Setup = Setup(v)
	case FieldAccountID:
		a.AccountID = v
	case FieldRegion:
		a.Region = v
	case FieldRoleName:
		a.RoleName = v
	case FieldRolePath:
		a.RolePath = v
	case FieldRoleARN:
		a.RoleARN = v
	case FieldRoleAccess:
		a.RoleAccess = Access(v)
	case FieldUserAccess:
		a.UserAccess = Access(v)
	case FieldCloudWatch:
		a.CloudWatch = v == "yes"
	case FieldAnyRegion:
		a.AnyRegion = v == "yes"
	case FieldBucket:
		a.Bucket = v
	case FieldKMSKeyARN:
		a.KMSKeyARN = v
	case FieldStream:
		a.Stream = v
	case FieldWorkflows:
		a.Workflows = splitT[Workflow](v)
	case FieldKeyUse:
		a.KeyUse = splitT[KeyUse](v)
	case FieldPolicies:
		a.Policies = splitT[KinesisPolicy](v)
	case FieldProducers:
		a.Producers = splitT[string](v)
	case FieldConsumers:
		a.Consumers = splitT[string](v)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func splitT[T ~string](v string) []T {
	var out []T
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, T(s))
		}
	}
	return out
}
