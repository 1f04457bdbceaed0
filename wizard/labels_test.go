package wizard

import "testing"

func TestShortLabelAndAnswer(t *testing.T) {
	tests := []struct {
		field, value, label, answer string
	}{
		{FieldCloudWatch, "yes", "CloudWatchFullAccessV2", "yes"},
		{FieldRoleAccess, "custom", "Role permissions", "custom policy"},
		{FieldUserAccess, "managed", "User permissions", "AWS managed policy"},
		{FieldWorkflows, "import,batch", "Workflows", "import, batch"},
		{FieldPolicies, "producer,admin", "Policies", "producer, administrator"},
		{FieldBucket, "my-data", "S3 bucket name", "my-data"},
	}
	for _, tt := range tests {
		if got := ShortLabel(tt.field); got != tt.label {
			t.Errorf("ShortLabel(%s) = %q, want %q", tt.field, got, tt.label)
		}
		if got := ShortAnswer(tt.field, tt.value); got != tt.answer {
			t.Errorf("ShortAnswer(%s, %q) = %q, want %q", tt.field, tt.value, got, tt.answer)
		}
	}
}
