package policy

import "testing"

func TestKindWithArticle(t *testing.T) {
	for k, want := range map[Kind]string{
		KindIdentity: "an identity policy",
		KindTrust:    "a trust policy",
		KindKey:      "a KMS key policy",
		KindBucket:   "an S3 bucket policy",
	} {
		if got := k.WithArticle(); got != want {
			t.Errorf("%v: %q, want %q", k, got, want)
		}
	}
}
