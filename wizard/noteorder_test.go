package wizard

import (
	"reflect"
	"testing"
)

func TestByImportance(t *testing.T) {
	in := []string{
		"Any region widens the guard.",
		"Buckets that allow only VPC access cannot be used.",
		"Metric attribution writes to CloudWatch.",
		"AWS rejects a policy whose principal does not exist yet.",
	}
	want := []string{in[1], in[3], in[0], in[2]}
	if got := ByImportance(in); !reflect.DeepEqual(got, want) {
		t.Errorf("ByImportance = %q, want %q", got, want)
	}
	if in[0] != "Any region widens the guard." {
		t.Error("ByImportance changed its argument")
	}
}
