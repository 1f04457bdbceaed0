package wizard

import (
	"strings"
	"testing"
)

// Each setup's explain hint names only what that setup can meet.
func TestExplainHint(t *testing.T) {
	if h := ExplainHint(SetupKinesis); strings.Contains(h, "Personalize") || !strings.Contains(h, "KMSAccessDeniedException") {
		t.Errorf("Kinesis: %s", h)
	}
	if h := ExplainHint(SetupPersonalize); !strings.Contains(h, "Personalize job's failure reason") {
		t.Errorf("Personalize: %s", h)
	}
}
