package wizard

import (
	"slices"
	"testing"
)

// Every region offered for a setup is one its validation accepts, and the
// lists differ where the setups do (Personalize is not in GovCloud).
func TestRegionsAreAccepted(t *testing.T) {
	for _, s := range []Setup{SetupPersonalize, SetupKinesis} {
		rs := Regions(s)
		if len(rs) == 0 || !slices.IsSorted(rs) {
			t.Fatalf("%s: regions %v, want a sorted, non-empty list", s, rs)
		}
		for _, r := range rs {
			n := Answers{Setup: s, Region: r}.Normalized()
			if err := n.Check(FieldRegion); err != nil {
				t.Errorf("%s: offered region %s is refused: %v", s, r, err)
			}
		}
	}
	if slices.Contains(Regions(SetupPersonalize), "us-gov-west-1") || !slices.Contains(Regions(SetupKinesis), "us-gov-west-1") {
		t.Error("GovCloud: offered for Personalize, or not for Kinesis")
	}
}
