package policy

import (
	"sort"
	"strings"
	"testing"
)

// The Region table comes from the SDKs' partition data: every Region AWS
// publishes there is accepted, including the newest, and the partition
// follows from the most specific pattern.
func TestRegionsFromSDKData(t *testing.T) {
	for region, want := range map[string]string{
		"me-west-1": "aws", "sa-west-1": "aws", "us-east-1": "aws", "ap-southeast-7": "aws",
		"cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn", "us-gov-west-1": "aws-us-gov",
	} {
		p := PartitionOfRegion(region)
		if p == nil || p.ID != want || !p.HasRegion(region) {
			t.Errorf("PartitionOfRegion(%s) = %v, want %s with the Region listed", region, p, want)
		}
	}
	for _, r := range []string{"us-iso-east-1", "us-isob-east-1", "eusc-de-east-1"} {
		if PartitionOfRegion(r) != nil || IsolatedPartitionOfRegion(r) == nil {
			t.Errorf("%s: want an isolated partition, not a supported one", r)
		}
	}
	if p := PartitionOfRegion("us-gov-west-9"); p == nil || p.ID != "aws-us-gov" || p.HasRegion("us-gov-west-9") {
		t.Errorf("an unlisted GovCloud-shaped Region: partition %v", p)
	}
	if !strings.HasPrefix(RegionDataSource, "@aws-sdk/core ") || !strings.Contains(RegionDataSource, "data of 20") {
		t.Errorf("RegionDataSource %q names no package and date", RegionDataSource)
	}
}

func TestRegionsList(t *testing.T) {
	rs := Regions()
	if !sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code }) {
		t.Error("Regions() is not sorted by code")
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if seen[r.Code] || r.Description == "" || PartitionOfRegion(r.Code) == nil || PartitionOfRegion(r.Code).ID != r.Partition {
			t.Errorf("region %+v: duplicate, unnamed or in the wrong partition", r)
		}
		seen[r.Code] = true
		if strings.HasPrefix(r.Code, "aws-") {
			t.Errorf("%s is an endpoint, not a Region", r.Code)
		}
	}
	if !seen["me-west-1"] || !seen["us-gov-east-1"] || seen["us-iso-east-1"] {
		t.Errorf("Regions() lacks me-west-1 or us-gov-east-1, or lists an isolated Region")
	}
	if got := PartitionByID("aws").RegionName("us-east-1"); got != "US East (N. Virginia)" {
		t.Errorf("RegionName(us-east-1) = %q", got)
	}
}
