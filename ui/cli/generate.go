package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// GenerateOptions are the options of `permwiz generate`.
type GenerateOptions struct {
	Flags      AnswerFlags
	Out        string
	Force      bool
	Doc        string
	Statements bool
	Copy       bool
	Format     string // --format: json (default), cli, terraform, cloudformation

	IO *IOStreams

	format apply.Format // Format, parsed by Validate
}

// Validate checks the flags against each other; the command runs it before
// RunGenerate.
func (o *GenerateOptions) Validate() error {
	if o.Statements && o.Doc == "" {
		return usageErrorf("--statements prints one document's statements; add --doc ID")
	}
	if o.Copy && o.Doc == "" {
		return usageErrorf("--copy puts one document on the clipboard; add --doc ID")
	}
	if o.Out == "-" {
		return usageErrorf("--out \"-\": --out names a folder for the format's files; to print to stdout, leave --out out")
	}
	if o.Doc != "" && o.Out != "" {
		return usageErrorf("--doc prints one document; --out saves them all: use one or the other")
	}
	f, err := apply.ParseFormat(o.Format)
	if err != nil {
		return usage(err)
	}
	if o.Doc != "" && f != apply.JSON {
		return usageErrorf("--doc prints one JSON document; --format %s renders the whole setup: drop one of them", f)
	}
	o.format = f
	return nil
}

// RunGenerate builds the documents for the answers and prints or saves
// them. Validate first.
func RunGenerate(o *GenerateOptions) error {
	o.Flags.Stdin = o.IO.In
	a, err := o.Flags.Answers()
	if err != nil {
		return err
	}
	f := o.format
	b, err := buildAnswers("generate: missing %s", a)
	if err != nil {
		return err
	}
	if err := checkSizes(o.IO, b, o.Doc); err != nil {
		return err
	}
	if o.Doc != "" {
		out, err := DocOutput(b, o.Doc, o.Statements)
		if err != nil {
			return err
		}
		if o.Copy {
			res := Copy(o.IO, string(out))
			fmt.Fprintln(o.IO.ErrOut, res.Message(o.Doc))
			if !res.OK() {
				return &ExitError{Code: 1}
			}
			return nil
		}
		_, err = o.IO.Out.Write(out)
		return err
	}
	if o.Out == "" && f == apply.JSON {
		_, err = o.IO.Out.Write(AllDocsJSON(b))
		return err
	}
	files, err := apply.Render(b, f)
	if err != nil {
		return err
	}
	if o.Out == "" {
		for _, file := range files {
			if file.Name == apply.MainFile(f) {
				_, err = o.IO.Out.Write(file.Data)
				return err
			}
		}
		return fmt.Errorf("--format %s: no %s rendered", f, apply.MainFile(f)) // a bug: every format renders its main file
	}
	if err := WriteFiles(o.Out, files, o.Force); err != nil {
		return outError(o.Out, err)
	}
	fmt.Fprintf(o.IO.ErrOut, "wrote %d files to %s: %s\n", len(files), o.Out, fileNames(files))
	return nil
}

// DocOutput is what --doc ID [--statements] prints: the document, or the JSON
// list of the statements permwiz adds to it.
func DocOutput(b *wizard.Bundle, id string, statements bool) ([]byte, error) {
	d := b.Doc(id)
	if d == nil {
		return nil, usageErrorf("--doc %q: %s", id, whyNoDoc(b, id))
	}
	if statements {
		return policy.StatementsJSON(d.Policy.Added()), nil
	}
	return d.JSONFor(), nil
}

func whyNoDoc(b *wizard.Bundle, id string) string {
	have := "these answers give " + strings.Join(b.IDs(), ", ")
	if !slices.Contains(wizard.AllDocIDs, id) {
		return "no such document; " + have
	}
	switch id {
	case wizard.DocRoleKMSPolicy, wizard.DocKMSKeyPolicy:
		return "needs --kms-key-arn; " + have
	case wizard.DocUserPolicy:
		return "not needed: --user-access managed attaches AmazonPersonalizeFullAccess and no key is used; " + have
	case wizard.DocRolePolicy:
		return "not needed: --role-access managed attaches AmazonPersonalizeFullAccess instead; " + have
	case wizard.DocKinesisKey:
		return "needs --producers, --consumers or --admins, or a key of another account; " + have
	case wizard.DocKinesisStream:
		return "needs --producers or --consumers of another account than the stream's; " + have
	}
	return "not part of this setup (see --setup and --policies); " + have
}

// AllDocsJSON is the default output: one JSON object of every document by ID.
func AllDocsJSON(b *wizard.Bundle) []byte {
	var compact bytes.Buffer
	compact.WriteByte('{')
	for i, d := range b.Docs {
		if i > 0 {
			compact.WriteByte(',')
		}
		fmt.Fprintf(&compact, "%q:", d.ID)
		compact.Write(d.Policy.Compact())
	}
	compact.WriteByte('}')
	var out bytes.Buffer
	// Indenting the compact form gives the same layout as each document's
	// own JSON, nested one level.
	if err := json.Indent(&out, compact.Bytes(), "", "    "); err != nil {
		panic(err) // permwiz's own encoder wrote it: invalid JSON is a bug
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func fileNames(files []File) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

func flagList(fields []string) string {
	flags := make([]string, len(fields))
	for i, f := range fields {
		flags[i] = wizard.Flag(f)
	}
	if len(fields) == 2 && fields[0] == wizard.FieldRoleName {
		return strings.Join(flags, ", ")
	}
	for i, f := range fields {
		if f == wizard.FieldRoleName {
			flags[i] = "--role-name (or --role-arn)"
		}
	}
	return strings.Join(flags, ", ")
}

// checkSizes refuses documents over their kind's AWS limit even compact
// (exit 2, nothing written: AWS would refuse them, and apply.sh would stop
// half-way), and says on stderr which are written compact because only
// their indented form is over. only limits it to one document ("" for all).
func checkSizes(io *IOStreams, b *wizard.Bundle, only string) error {
	var refused []string
	for _, p := range b.SizeProblems() {
		if only != "" && p.ID != only {
			continue
		}
		if p.Refused() {
			refused = append(refused, p.String())
			continue
		}
		fmt.Fprintln(io.ErrOut, "permwiz: note: "+p.String())
	}
	switch len(refused) {
	case 0:
		return nil
	case 1:
		return usageErrorf("%s; nothing was written", refused[0])
	}
	return usageErrorf("nothing was written:\n  %s", strings.Join(refused, "\n  "))
}
