package policy

// WithArticle is the kind with its indefinite article, as a sentence
// names it: "an S3 bucket policy", "a KMS key policy", "an identity policy".
func (k Kind) WithArticle() string {
	s := k.String()
	switch s[0] {
	case 'a', 'e', 'i', 'o', 'u', 'S': // "S3" is read "ess three"
		return "an " + s
	}
	return "a " + s
}
