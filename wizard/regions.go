package wizard

import (
	"sort"

	"github.com/permwiz/permwiz/policy"
)

// Regions lists the regions an answer of setup s may name, sorted: for
// Personalize where the service is offered, for Kinesis every region of
// every partition permwiz builds ARNs for. Shell completion offers them;
// they follow the region tables, so nothing here is typed in twice.
func Regions(s Setup) []string {
	if s == SetupKinesis {
		var out []string
		for _, p := range policy.Partitions {
			out = append(out, p.Regions...)
		}
		sort.Strings(out)
		return out
	}
	return allPersonalizeRegions()
}
