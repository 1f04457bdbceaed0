package apply

import (
	"fmt"
	"strings"

	"github.com/permwiz/permwiz/wizard"
)

// NextStep is one step of the plan as a person reads it: what to do, where
// in the console, the AWS CLI commands that do it, and how to check it.
type NextStep struct {
	N     int
	ID    StepID
	Title string
	Doc   string // document ID, or "" for a step without a generated document
	Where string // the console page
	CLI   string // the AWS CLI command(s), one per line; "#" lines are comments
	// Lines are CLI's lines, each marked command or comment, for a
	// renderer that shows commands with a prompt ($) and comments without.
	Lines  []CLILine
	Verify string // how to check that it worked
	Note   string // a caveat worth reading before the step ("" if none)
}

// NextSteps lists the plan's steps as a person reads them. The CLI
// commands read the documents as <id>.json in the current folder, as
// `permwiz generate --out DIR` writes them.
func NextSteps(p *Plan) []NextStep {
	out := make([]NextStep, len(p.Steps))
	for i, s := range p.Steps {
		cmds := commands(p, s)
		lines := make([]CLILine, len(cmds))
		for j, c := range cmds {
			lines[j] = CLILine{Text: c, Comment: strings.HasPrefix(c, "#")}
		}
		out[i] = NextStep{N: s.N, ID: s.ID, Title: s.Title, Doc: s.Doc, Where: s.Where,
			CLI: strings.Join(cmds, "\n"), Lines: lines, Verify: s.Verify, Note: s.Note}
	}
	return out
}

// CLILine is one line of a step's commands: a command to run, or a
// comment that says who runs the next commands or what a command prints.
type CLILine struct {
	Text    string // as a shell reads it: a comment starts with "#"
	Comment bool
}

// Shown is the line as a terminal shows it: a command after a "$ "
// prompt, a comment as it is.
func (l CLILine) Shown() string {
	if l.Comment {
		return l.Text
	}
	return "$ " + l.Text
}

// NextStepsMarkdown is NEXT-STEPS.md: the steps as a numbered Markdown
// document, opened with how to apply the format's main file when it does
// part of the steps for the user.
func NextStepsMarkdown(p *Plan, f Format) []byte {
	var buf strings.Builder
	buf.WriteString("# Next steps\n\n")
	if p.Kinesis() {
		fmt.Fprintf(&buf, "Encrypting the Kinesis stream %s (account %s, %s) with the KMS key\n%s.\n", mdCode(p.Stream.Name), mdText(p.Account), mdText(p.Region), mdCode(p.Key.ARN))
		buf.WriteString("\nDo the steps in this order: producers and consumers must be able to use the key before\n" +
			"encryption is turned on, or their writes and reads fail.")
	} else {
		fmt.Fprintf(&buf, "Setting up Amazon Personalize in account %s, %s, with the service role\n%s.\n", mdText(p.Account), mdText(p.Region), mdCode(p.Role.ARN))
		buf.WriteString("\nDo the steps in this order: a key policy can only name a role that already exists, and the\n" +
			"user policy names the role.")
	}
	buf.WriteString(" The commands read the documents as `<id>.json` from the folder\n" +
		"`permwiz generate --out DIR` wrote, and `answers.yaml` from the same folder. Values in\n" +
		"angle brackets, such as `" + PHUserName + "`, are yours to fill in.\n")
	for i, s := range NextSteps(p) {
		buf.WriteString("\n")
		if i == 0 {
			buf.WriteString(formatIntro(p, f))
		}
		// Titles, places and notes name the answers' values (a role's
		// name, a producer's ARN): as Markdown text they are escaped, so a
		// value cannot close a code span, open a link or an HTML tag.
		fmt.Fprintf(&buf, "## %d. %s\n\n", s.N, mdText(s.Title))
		if s.Doc != "" {
			fmt.Fprintf(&buf, "Document: %s, for %s\n\n", mdCode(s.Doc+".json"), mdText(p.Doc(s.Doc).Target))
		}
		fmt.Fprintf(&buf, "Where: %s\n\n", mdText(s.Where))
		if s.Note != "" {
			fmt.Fprintf(&buf, "%s\n\n", mdText(s.Note))
		}
		fmt.Fprintf(&buf, "```sh\n%s\n```\n\nVerify:\n\n", s.CLI)
		if strings.HasPrefix(s.Verify, "aws ") {
			fmt.Fprintf(&buf, "```sh\n%s\n```\n", s.Verify)
		} else {
			fmt.Fprintf(&buf, "%s\n", mdText(s.Verify))
		}
	}
	return []byte(buf.String())
}

// mdText escapes s as Markdown text: every character that could start
// emphasis, a code span, a link, an HTML tag or a table cell is
// backslash-escaped, and the starts of bare-URL autolinks (www., ://) are
// broken with an escape, so what a value holds is shown as it is written.
// Newlines are kept.
func mdText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '!', '#':
			b.WriteByte('\\')
		case ':':
			if strings.HasPrefix(s[i:], "://") {
				b.WriteString(`:\/\/`)
				i += 2
				continue
			}
		case '.':
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mdCode is s as inline code that no value can close early: a code span
// when s has no backtick, else an HTML <code> element with the backticks
// and markup characters written as entities (a longer backtick fence
// would open a fenced code block at the start of a line).
func mdCode(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return "<code>" + htmlEscaper.Replace(s) + "</code>"
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "`", "&#96;", "\\", "&#92;", "*", "&#42;", "_", "&#95;", "[", "&#91;", "]", "&#93;")

// formatIntro is the section of NEXT-STEPS.md, before the steps, on how to
// apply the format's main file ("" for JSON, which has none).
func formatIntro(p *Plan, f Format) string {
	intro := ""
	switch f {
	case CLI:
		intro = "## With apply.sh\n\n" +
			"`./apply.sh` does the IAM, KMS and S3 steps below in this order, with the AWS CLI, and stops\n" +
			"if the credentials are not for account " + p.Account + ". It needs `aws` and `permwiz` on the PATH\n" +
			"(or `PERMWIZ=/path/to/permwiz`). It can be run again: an existing policy gets a new default\n" +
			"version" + mergedHint(p) + ".\n" + userHint(p) + keyOwnerHint(p) + "\n"
		if p.Kinesis() {
			intro += "It does not turn encryption on: that is the last steps below, once every producer and consumer\ncan use the key.\n\n"
		}
		intro += "Then check each step with its Verify command.\n\n"
	case Terraform:
		intro = "## With Terraform\n\n" +
			"```sh\nterraform init\nterraform plan\nterraform apply\n```\n\n" +
			"`main.tf` creates " + terraformCovers(p) + "\nIt refuses to run with credentials of another account than " + p.Account + ".\n" +
			terraformPolicyChoices(p) +
			"The commands below do the same by hand; `permwiz generate --answers answers.yaml --out DIR`\n" +
			"writes the JSON documents they read.\n\n"
	case CloudFormation:
		intro = "## With CloudFormation\n\n" +
			"```sh\n" + cfnDeployCommand(p) + "\n```\n\n" +
			"`template.yaml` creates " + cfnCovers(p) + "\nThe stack deploys only in account " + p.Account + ", " + p.Region + " (its Rules check both).\n"
		if p.KeyPolicyDoc != "" {
			intro += "A stack cannot change a key it does not manage: merge permwiz's statements into the key policy by hand (the key-policy step below).\n"
		}
		if !p.Kinesis() {
			intro += "By default the stack leaves the bucket policy alone: merge permwiz's statement into it by hand\n" +
				"(`permwiz merge --doc " + wizard.DocS3BucketPolicy + "`, the bucket-policy step below). `--parameter-overrides ManageBucketPolicy=true`\n" +
				"makes the stack own the bucket's WHOLE policy instead: it REPLACES it, dropping every statement permwiz did not write.\n"
		}
		intro += "The commands below do the same by hand; `permwiz generate --answers answers.yaml --out DIR`\n" +
			"writes the JSON documents they read.\n\n"
	}
	return intro
}

// terraformPolicyChoices explains manage_key_policy and
// manage_bucket_policy: each policy is one document that Terraform would
// replace whole, so by default main.tf leaves it alone.
func terraformPolicyChoices(p *Plan) string {
	var names, steps, docs, vars []string
	for _, m := range p.mergeSteps() {
		if !p.primary(m) {
			continue // the output bucket's and batch output key's: merged by hand
		}
		switch m.Policy {
		case KeyPolicy:
			names, steps = append(names, "key"), append(steps, "key-policy")
			docs, vars = append(docs, "`permwiz merge --doc "+m.Doc+"`"), append(vars, "`-var manage_key_policy=true`")
		case BucketPolicy:
			names, steps = append(names, "bucket"), append(steps, "bucket-policy")
			docs, vars = append(docs, "`permwiz merge --doc "+m.Doc+"`"), append(vars, "`-var manage_bucket_policy=true`")
		}
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
func mergedHint(p *Plan) string {
	var merged []string
	for _, s := range p.Steps {
		for _, act := range s.Actions {
			switch act := act.(type) {
			case CreateRole:
				merged = append(merged, "the role's trust policy") // adopted when it exists
			case MergePut:
				switch {
				case act.Policy == TrustPolicy:
					merged = append(merged, "the role's trust policy")
				case act.Policy == KeyPolicy && !act.OtherAccount:
					merged = append(merged, "the key policy")
				case act.Policy == BucketPolicy:
					merged = append(merged, "the bucket policy")
				}
			}
		}
	}
	switch len(merged) {
	case 0:
		return ""
	case 1:
		return ", and " + merged[0] + " is merged into, never replaced"
	}
	return ", and " + andList(merged) + " are merged into, never replaced"
}

// keyOwnerHint says that apply.sh leaves the key policy of a key in another
// account to that account.
func keyOwnerHint(p *Plan) string {
	if !p.Key.OtherAccount || p.KeyPolicyDoc == "" {
		return ""
	}
	return "It does not change the key policy: the key belongs to account " + p.Key.Account + ", and only that account can.\n" +
		"It prints the commands for the key's administrators instead (the key-policy step below).\n"
}

func userHint(p *Plan) string {
	if p.Kinesis() {
		return "It attaches the policies to the producers and consumers named in the answers that belong to\n" +
			"this account; set ADMIN_ROLE_NAME to attach the administrator policy to a role.\n"
	}
	return "Set USER_NAME (or GROUP_NAME) to the IAM user (or group) that works with Personalize:\n" +
		"`USER_NAME=alice ./apply.sh`. Without either, the user policy is created but attached to no one.\n"
}
