package apply

import (
	"fmt"
	"strings"

	"github.com/permwiz/permwiz/wizard"
)

// Format is an output format of `permwiz generate --format`.
type Format string

// The formats.
const (
	JSON           Format = "json"
	CLI            Format = "cli"
	Terraform      Format = "terraform"
	CloudFormation Format = "cloudformation"
)

// All lists the formats in the order help text shows them.
var All = []Format{JSON, CLI, Terraform, CloudFormation}

// File is one file of a rendered format: its name in the output folder and
// its bytes.
type File struct {
	Name string
	Data []byte
}

// Names of the files the formats write.
const (
	FileAnswers   = "answers.yaml"
	FileNextSteps = "NEXT-STEPS.md"
	FileApply     = "apply.sh"
	FileMainTF    = "main.tf"
	FileTemplate  = "template.yaml"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	v := Format(strings.ToLower(strings.TrimSpace(s)))
	if v == "" {
		return JSON, nil
	}
	for _, f := range All {
		if v == f {
			return f, nil
		}
	}
	names := make([]string, len(All))
	for i, f := range All {
		names[i] = string(f)
	}
	return "", fmt.Errorf("--format %q: not a format; choose one of %s", s, strings.Join(names, ", "))
}

// MainFile names the file a format prints to stdout when there is no --out.
// JSON has none: without --out it prints every document as one JSON object.
func MainFile(f Format) string {
	switch f {
	case CLI:
		return FileApply
	case Terraform:
		return FileMainTF
	case CloudFormation:
		return FileTemplate
	}
	return ""
}

// Render returns the files of format f for the bundle. Meant for a bundle
// from wizard.Build; a draft renders too, with its placeholders.
func Render(b *wizard.Bundle, f Format) ([]File, error) {
	p := PlanFor(b)
	nextSteps := File{Name: FileNextSteps, Data: NextStepsMarkdown(p, f)}
	switch f {
	case JSON:
		return append(documentFiles(b), nextSteps), nil
	case CLI:
		return append(documentFiles(b), File{Name: FileApply, Data: applyScript(p)}, nextSteps), nil
	case Terraform:
		tf, err := terraform(p)
		if err != nil {
			return nil, err
		}
		return []File{{Name: FileMainTF, Data: tf}, answersFile(b), nextSteps}, nil
	case CloudFormation:
		tpl, err := cloudFormation(p)
		if err != nil {
			return nil, err
		}
		return []File{{Name: FileTemplate, Data: tpl}, answersFile(b), nextSteps}, nil
	}
	_, err := ParseFormat(string(f))
	return nil, err
}

// documentFiles are <id>.json for every document, and answers.yaml.
func documentFiles(b *wizard.Bundle) []File {
	files := make([]File, 0, len(b.Docs)+3)
	for _, d := range b.Docs {
		files = append(files, File{Name: d.ID + ".json", Data: d.JSONFor()})
	}
	return append(files, answersFile(b))
}

// answersFile goes with every format: `permwiz merge` reads it to merge the
// key and bucket policies, and it regenerates any format.
func answersFile(b *wizard.Bundle) File {
	return File{Name: FileAnswers, Data: wizard.MarshalAnswers(b.Answers)}
}
