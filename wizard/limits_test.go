package wizard

import (
	"fmt"
	"strings"
	"testing"
)

func manyProducers(n int) Answers {
	a := goodKinesis()
	a.Producers = make([]string, n)
	for i := range a.Producers {
		a.Producers[i] = fmt.Sprintf("arn:aws:iam::111122223333:role/producer-%05d", i)
	}
	return a
}

// SizeProblems names the documents over their limit: refused when over
// compact, written compact (JSONFor) when only the indented form is over.
func TestSizeProblems(t *testing.T) {
	if b, err := Build(goodKinesis()); err != nil || len(b.SizeProblems()) != 0 {
		t.Fatalf("a small setup has size problems: %v %v", b.SizeProblems(), err)
	}
	for _, c := range []struct {
		n       int
		refused bool
	}{{500, false}, {800, true}} {
		b, err := Build(manyProducers(c.n))
		if err != nil {
			t.Fatal(err)
		}
		probs := b.SizeProblems()
		if len(probs) != 1 || probs[0].ID != DocKinesisKey || probs[0].Refused() != c.refused {
			t.Fatalf("%d producers: %+v", c.n, probs)
		}
		if !strings.Contains(probs[0].String(), "KMS key policy") {
			t.Errorf("message: %s", probs[0])
		}
		out := b.Doc(DocKinesisKey).JSONFor()
		if !c.refused && (len(out) > 32768 || strings.Contains(string(out), "\n ")) {
			t.Errorf("%d producers: JSONFor is %d bytes, not compact", c.n, len(out))
		}
	}
}

// BenchmarkBuildPrincipals: validating and building a key policy is linear
// in its principals (compare the ns/op of 1000 and 10000: ~10×, not ~100×).
func BenchmarkBuildPrincipals(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		a := manyProducers(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Build(a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
