// Package apply renders a bundle as the files a user applies: the JSON
// documents, an AWS CLI script, Terraform, or a CloudFormation template,
// each with NEXT-STEPS.md.
//
// Every format is written from the bundle's documents (their JSON), never
// from the answers again, so the policies in main.tf are byte for byte the
// policies in <id>.json. The package is pure: it returns files and does no IO.
package apply

import (
	"bytes"
	"fmt"
	"strings"

	"permwiz/wizard"
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
	switch f {
	case JSON:
		return append(documentFiles(b), nextSteps(b, f)), nil
	case CLI:
		return append(documentFiles(b), File{Name: FileApply, Data: applyScript(b)}, nextSteps(b, f)), nil
	case Terraform:
		tf, err := terraform(b)
		if err != nil {
			return nil, err
		}
		return []File{{Name: FileMainTF, Data: tf}, answersFile(b), nextSteps(b, f)}, nil
	case CloudFormation:
		tpl, err := cloudFormation(b)
		if err != nil {
			return nil, err
		}
		return []File{{Name: FileTemplate, Data: tpl}, answersFile(b), nextSteps(b, f)}, nil
	}
	_, err := ParseFormat(string(f))
	return nil, err
}

// documentFiles are <id>.json for every document, and answers.yaml.
func documentFiles(b *wizard.Bundle) []File {
	files := make([]File, 0, len(b.Docs)+3)
	for _, d := range b.Docs {
		files = append(files, File{Name: d.ID + ".json", Data: d.Policy.JSON()})
	}
	return append(files, answersFile(b))
}

// answersFile goes with every format: `permwiz merge` reads it to merge the
// key and bucket policies, and it regenerates any format.
func answersFile(b *wizard.Bundle) File {
	return File{Name: FileAnswers, Data: wizard.MarshalAnswers(b.Answers)}
}

// nextSteps is NEXT-STEPS.md, opened with how to apply the format's main
// file when it does part of the steps for the user.
func nextSteps(b *wizard.Bundle, f Format) File {
	md := wizard.NextStepsMarkdown(b)
	intro := ""
	switch f {
	case CLI:
		intro = "## With apply.sh\n\n" +
			"`./apply.sh` does the IAM, KMS and S3 steps below in this order, with the AWS CLI, and stops\n" +
			"if the credentials are not for account " + b.Answers.AccountID + ". It needs `aws` and `permwiz` on the PATH\n" +
			"(or `PERMWIZ=/path/to/permwiz`). It can be run again: an existing policy gets a new default\n" +
			"version" + mergedHint(b) + ".\n" + userHint(b) + keyOwnerHint(b) + "\n"
		if b.Answers.Setup == wizard.SetupKinesis {
			intro += "It does not turn encryption on: that is the last steps below, once every producer and consumer\ncan use the key.\n\n"
		}
		intro += "Then check each step with its Verify command.\n\n"
	case Terraform:
		intro = "## With Terraform\n\n" +
			"```sh\nterraform init\nterraform plan\nterraform apply\n```\n\n" +
			"`main.tf` creates the " + terraformCovers(b) + "\nIt refuses to run with credentials of another account than " + b.Answers.AccountID + ".\n" +
			terraformPolicyChoices(b) +
			"The commands below do the same by hand; `permwiz generate --answers answers.yaml --out DIR`\n" +
			"writes the JSON documents they read.\n\n"
	case CloudFormation:
		intro = "## With CloudFormation\n\n" +
			"```sh\n" + cfnDeployCommand(b) + "\n```\n\n" +
			"`template.yaml` creates the " + cfnCovers(b) + "\nThe stack deploys only in account " + b.Answers.AccountID + ", " + b.Answers.Region + " (its Rules check both).\n"
		if b.KeyPolicyDoc() != "" {
			intro += "A stack cannot change a key it does not manage: merge permwiz's statements into the key policy by hand (the key-policy step below).\n"
		}
		if b.Answers.Setup != wizard.SetupKinesis {
			intro += "By default the stack leaves the bucket policy alone: merge permwiz's statement into it by hand\n" +
				"(`permwiz merge --doc " + wizard.DocS3BucketPolicy + "`, the bucket-policy step below). `--parameter-overrides ManageBucketPolicy=true`\n" +
				"makes the stack own the bucket's WHOLE policy instead: it REPLACES it, dropping every statement permwiz did not write.\n"
		}
		intro += "The commands below do the same by hand; `permwiz generate --answers answers.yaml --out DIR`\n" +
			"writes the JSON documents they read.\n\n"
	}
	md = bytes.Replace(md, []byte("\n## 1. "), []byte("\n"+intro+"## 1. "), 1)
	return File{Name: FileNextSteps, Data: md}
}

// terraformPolicyChoices explains manage_key_policy and
// manage_bucket_policy: each policy is one document that Terraform would
// replace whole, so by default main.tf leaves it alone.
func terraformPolicyChoices(b *wizard.Bundle) string {
	var names, steps, docs, vars []string
	if doc := b.KeyPolicyDoc(); doc != "" {
		names, steps = append(names, "key"), append(steps, "key-policy")
		docs, vars = append(docs, "`permwiz merge --doc "+doc+"`"), append(vars, "`-var manage_key_policy=true`")
	}
	if b.Answers.Setup != wizard.SetupKinesis {
		names, steps = append(names, "bucket"), append(steps, "bucket-policy")
		docs, vars = append(docs, "`permwiz merge --doc "+wizard.DocS3BucketPolicy+"`"), append(vars, "`-var manage_bucket_policy=true`")
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return "The " + names[0] + " policy is yours to choose. By default Terraform leaves it alone and you merge\n" +
			"permwiz's statements into it by hand (the " + steps[0] + " step below, with " + docs[0] + ").\n" +
			vars[0] + " makes Terraform own the WHOLE policy instead: it REPLACES it, dropping every\n" +
			"statement permwiz did not write.\n"
	}
	return "The key and bucket policies are yours to choose. By default Terraform leaves them alone and you\n" +
		"merge permwiz's statements into them by hand (the " + steps[0] + " and " + steps[1] + " steps below, with\n" +
		docs[0] + " and " + docs[1] + ").\n" +
		vars[0] + " or " + vars[1] + " makes Terraform own the WHOLE\n" +
		"policy instead: it REPLACES it, dropping every statement permwiz did not write.\n"
}

// mergedHint lists the policies apply.sh merges permwiz's statements into,
// which it never replaces.
func mergedHint(b *wizard.Bundle) string {
	var merged []string
	if b.Answers.Setup != wizard.SetupKinesis {
		merged = append(merged, "the role's trust policy")
	}
	if mergesKeyPolicy(b) {
		merged = append(merged, "the key policy")
	}
	if b.Answers.Setup != wizard.SetupKinesis {
		merged = append(merged, "the bucket policy")
	}
	switch len(merged) {
	case 0:
		return ""
	case 1:
		return ", and " + merged[0] + " is merged into, never replaced"
	}
	return ", and " + strings.Join(merged[:len(merged)-1], ", ") + " and " + merged[len(merged)-1] + " are merged into, never replaced"
}

// keyOwnerHint says that apply.sh leaves the key policy of a key in another
// account to that account.
func keyOwnerHint(b *wizard.Bundle) string {
	owner, other := b.Key.Account, b.Key.OtherAccount
	if !other || b.KeyPolicyDoc() == "" {
		return ""
	}
	return "It does not change the key policy: the key belongs to account " + owner + ", and only that account can.\n" +
		"It prints the commands for the key's administrators instead (the key-policy step below).\n"
}

func userHint(b *wizard.Bundle) string {
	if b.Answers.Setup == wizard.SetupKinesis {
		return "It attaches the policies to the producers and consumers named in the answers that belong to\n" +
			"this account; set ADMIN_ROLE_NAME to attach the administrator policy to a role.\n"
	}
	return "Set USER_NAME (or GROUP_NAME) to the IAM user (or group) that works with Personalize:\n" +
		"`USER_NAME=alice ./apply.sh`. Without either, the user policy is created but attached to no one.\n"
}
