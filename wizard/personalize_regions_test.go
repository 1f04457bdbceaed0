package wizard

import (
	"testing"

	"github.com/permwiz/permwiz/policy"
)

func TestPersonalizeRegions(t *testing.T) {
	if offersPersonalize(policy.PartitionByID("aws-us-gov"), "us-gov-west-1") {
		t.Error("Personalize is not offered in GovCloud")
	}
	if cn := policy.PartitionByID("aws-cn"); !offersPersonalize(cn, "cn-north-1") || offersPersonalize(cn, "cn-northwest-1") {
		t.Error("Personalize in China is cn-north-1 only")
	}
	if n := len(allPersonalizeRegions()); n != 12 {
		t.Errorf("Personalize regions = %d, want 11 commercial + cn-north-1", n)
	}
	if got, want := personalizeSourceARN("aws-cn", "cn-north-1", "111122223333"), "arn:aws-cn:personalize:cn-north-1:111122223333:*"; got != want {
		t.Errorf("personalizeSourceARN = %s, want %s", got, want)
	}
	for id, rs := range personalizeRegions {
		p := policy.PartitionByID(id)
		for _, r := range rs {
			if p == nil || !p.HasRegion(r) || policy.PartitionOfRegion(r) != p {
				t.Errorf("Personalize region %s is not a region of partition %s", r, id)
			}
		}
	}
}
