package wizard

import (
	"slices"
	"sort"

	"github.com/permwiz/permwiz/policy"
)

// PersonalizeRegionsSource says where personalizeRegions comes from and
// when it was last checked.
const PersonalizeRegionsSource = "Amazon Personalize endpoints and quotas, https://docs.aws.amazon.com/general/latest/gr/personalize.html (checked 2026-11-29)"

// personalizeRegions lists, by partition ID, the regions where Amazon
// Personalize is offered (PersonalizeRegionsSource). It is in no ISO or
// EUSC partition and not in AWS GovCloud (US).
var personalizeRegions = map[string][]string{
	"aws": {"ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
		"ca-central-1", "eu-central-1", "eu-west-1", "us-east-1", "us-east-2", "us-west-2"},
	"aws-cn": {"cn-north-1"},
}

// offersPersonalize reports whether Amazon Personalize is offered in region
// of partition p.
func offersPersonalize(p *policy.Partition, region string) bool {
	return slices.Contains(personalizeRegions[p.ID], region)
}

// allPersonalizeRegions lists every region where Personalize is offered, sorted.
func allPersonalizeRegions() []string {
	var out []string
	for _, rs := range personalizeRegions {
		out = append(out, rs...)
	}
	sort.Strings(out)
	return out
}

// personalizeSourceARN is arn:P:personalize:REGION:ACCOUNT:*, every
// Personalize resource of the account in the region (region "*" for all).
func personalizeSourceARN(partition, region, account string) string {
	return "arn:" + partition + ":personalize:" + region + ":" + account + ":*"
}
