package wizard

import "strings"

// ShortLabel names a closed question (choice, yes/no, multiple choice) in
// the few words that leave room for its answer on one line of a narrow
// form; other questions keep their title.
func ShortLabel(field string) string {
	switch field {
	case FieldSetup:
		return "Setup"
	case FieldRoleAccess:
		return "Role permissions"
	case FieldUserAccess:
		return "User permissions"
	case FieldCloudWatch:
		return "CloudWatchFullAccess"
	case FieldAnyRegion:
		return "Trust any region"
	case FieldKeyUse:
		return "Key encrypts"
	case FieldWorkflows:
		return "Workflows"
	case FieldPolicies:
		return "Policies"
	}
	return Ask(field).Title
}

// ShortAnswer spells a closed question's answer (a value, or values joined
// by commas) in words short enough for that line.
func ShortAnswer(field, value string) string {
	short := map[string]string{
		string(SetupPersonalize): "Amazon Personalize", string(SetupKinesis): "Kinesis with a KMS key",
		string(AccessCustom): "custom policy", string(AccessManaged): "AWS managed policy",
		string(KeyDatasetGroup): "dataset group", string(KeyBucket): "S3 bucket",
		string(WorkflowImport): "import", string(WorkflowBatch): "batch", string(WorkflowExport): "export", string(WorkflowMetrics): "metrics",
		string(KinesisProducer): "producer", string(KinesisConsumer): "consumer", string(KinesisAdmin): "administrator",
	}
	if field == FieldSetup || field == FieldRoleAccess || field == FieldUserAccess || Ask(field).Kind == KindMulti {
		parts := strings.Split(value, ",")
		for i, p := range parts {
			if s, ok := short[p]; ok {
				parts[i] = s
			}
		}
		return strings.Join(parts, ", ")
	}
	return value
}
