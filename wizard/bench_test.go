package wizard

import "testing"

// fullest is the largest Personalize setup: every workflow, a key on both
// the dataset group and the bucket, custom policies, CloudWatch.
func fullest() Answers {
	a := goodPersonalize()
	a.RolePath, a.KMSKeyARN, a.Workflows = "/service-role/", testKey, AllWorkflows
	a.KeyUse, a.CloudWatch = []KeyUse{KeyDatasetGroup, KeyBucket}, true
	return a
}

// BenchmarkGenerateAll measures what `permwiz generate` does for the fullest
// setup: validate, build every document and serialise each to JSON.
func BenchmarkGenerateAll(b *testing.B) {
	a := fullest()
	b.ReportAllocs()
	for b.Loop() {
		bundle, err := Build(a)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, d := range bundle.Docs {
			n += len(d.Policy.JSON())
		}
		if n == 0 {
			b.Fatal("no output")
		}
	}
}

// BenchmarkDraft is the live preview's share of a keystroke.
func BenchmarkDraft(b *testing.B) {
	a := fullest()
	b.ReportAllocs()
	for b.Loop() {
		Draft(a)
	}
}
