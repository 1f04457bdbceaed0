package wizard

import (
	"fmt"

	"github.com/permwiz/permwiz/policy"
)

// SizeProblem is a document that does not fit AWS's limit for its kind as
// permwiz would write it.
type SizeProblem struct {
	ID   string
	Kind policy.Kind
	// Size is the document as AWS counts it, sent compact (IAM ignores white
	// space; KMS and S3 count every byte).
	Size policy.Size
	// Indented is the size of the indented <id>.json. For a key or bucket
	// policy it can be over the limit while Size is not: then the file is
	// written compact (JSONFor), and the problem is only a warning.
	Indented policy.Size
}

// Refused reports whether the document cannot be used at all: over its
// limit even compact. Otherwise only the indented form was over, and the
// document is written compact.
func (p SizeProblem) Refused() bool { return p.Size.Over() }

func (p SizeProblem) String() string {
	if p.Refused() {
		return fmt.Sprintf("%s is %s, over the AWS limit for a %s (%s); AWS would refuse it: name fewer principals, or split the grants over several policies",
			p.ID, p.Size, p.Kind, p.Size.Limit.Source)
	}
	return fmt.Sprintf("%s is written without indentation: indented it would be %s, over the AWS limit for a %s; compact it is %s",
		p.ID, p.Indented, p.Kind, p.Size)
}

// SizeProblems lists the documents that do not fit their kind's AWS limit
// as permwiz writes them (a KMS key policy naming 500 producers is over
// 32,768 bytes), in the bundle's order.
func (b *Bundle) SizeProblems() []SizeProblem {
	var out []SizeProblem
	for i := range b.Docs {
		if p, ok := b.Docs[i].sizeProblem(); ok {
			out = append(out, p)
		}
	}
	return out
}

func (d *Doc) sizeProblem() (SizeProblem, bool) {
	k := d.Policy.Kind
	p := SizeProblem{ID: d.ID, Kind: k, Size: d.Size()}
	if p.Size.Over() {
		p.Indented = policy.MeasureJSON(d.Policy.JSON(), k)
		return p, true
	}
	if !policy.LimitFor(k).CountsWhitespace {
		return p, false // IAM does not count the indentation
	}
	p.Indented = policy.MeasureJSON(d.Policy.JSON(), k)
	return p, p.Indented.Over()
}

// JSONFor is the document's file as permwiz writes it: indented, or
// compact when only the indented form is over its kind's limit (KMS and S3
// count white space), so that the file can be sent as it is.
func (d *Doc) JSONFor() []byte {
	if p, ok := d.sizeProblem(); ok && !p.Refused() {
		return append(d.Policy.Compact(), '\n')
	}
	return d.Policy.JSON()
}
