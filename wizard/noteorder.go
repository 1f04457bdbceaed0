package wizard

import (
	"sort"
	"strings"
)

// blocking are phrases of notes about answers that make AWS reject a
// policy, leave a resource unusable or lose access: what a user must read
// first when the screen is short.
var blocking = []string{"cannot", "rejects", "matches nothing", "does not exist", "denied", "fails", "lose", "locks out", "must", "before"}

// ByImportance orders notes for a short screen: notes about something that
// fails or is lost come first, the rest keep their order.
func ByImportance(notes []string) []string {
	out := append([]string(nil), notes...)
	rank := func(n string) int {
		l := strings.ToLower(n)
		for _, b := range blocking {
			if strings.Contains(l, b) {
				return 0
			}
		}
		return 1
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}
