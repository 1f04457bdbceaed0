package policy

import (
	"regexp"
	"slices"
)

// Partition is an AWS partition: a group of regions with its own ARN prefix.
type Partition struct {
	ID        string // the second field of every ARN: aws, aws-cn, aws-us-gov
	Name      string
	DNSSuffix string
	regionRE  *regexp.Regexp
	// Regions are the partition's regions as botocore 1.43.11 lists them.
	Regions []string
}

// Partitions are the partitions permwiz builds ARNs for. The ISO and EUSC
// partitions are left out: their region lists are not public.
var Partitions = []*Partition{
	{
		ID: "aws", Name: "AWS", DNSSuffix: "amazonaws.com",
		regionRE: regexp.MustCompile(`^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`),
		Regions: []string{"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
			"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
			"ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
			"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
			"il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
			"us-west-1", "us-west-2"},
	},
	{
		ID: "aws-cn", Name: "AWS China", DNSSuffix: "amazonaws.com.cn",
		regionRE: regexp.MustCompile(`^cn-\w+-\d+$`),
		Regions:  []string{"cn-north-1", "cn-northwest-1"},
	},
	{
		ID: "aws-us-gov", Name: "AWS GovCloud (US)", DNSSuffix: "amazonaws.com",
		regionRE: regexp.MustCompile(`^us-gov-\w+-\d+$`),
		Regions:  []string{"us-gov-east-1", "us-gov-west-1"},
	},
}

// regionIndex finds the partition of a known region without a regular
// expression: region checks run on every keystroke of the wizard.
var regionIndex = func() map[string]*Partition {
	m := map[string]*Partition{}
	for _, p := range Partitions {
		for _, r := range p.Regions {
			m[r] = p
		}
	}
	return m
}()

// PartitionByID returns the partition with the given ARN prefix, or nil.
func PartitionByID(id string) *Partition {
	for _, p := range Partitions {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// PartitionOfRegion returns the partition whose region pattern the region
// matches (so us-gov-west-1 is aws-us-gov, not aws), or nil.
func PartitionOfRegion(region string) *Partition {
	if p, ok := regionIndex[region]; ok {
		return p
	}
	// GovCloud first: "us-gov-west-1" also matches the aws pattern's shape.
	for _, id := range []string{"aws-us-gov", "aws-cn", "aws"} {
		p := PartitionByID(id)
		if p.regionRE.MatchString(region) {
			return p
		}
	}
	return nil
}

// HasRegion reports whether the partition lists the region.
func (p *Partition) HasRegion(region string) bool { return slices.Contains(p.Regions, region) }
