// Command permwiz builds the AWS IAM, KMS and S3 policies that Amazon
// Personalize and Kinesis Data Streams encryption need, from one set of
// answers, in an interactive wizard or from flags. It never calls AWS.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"permwiz/ui"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	root := newRootCmd()
	err := root.Execute()
	if err != nil {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(os.Stderr, "permwiz:", msg)
		}
	}
	os.Exit(ui.Code(err))
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "permwiz",
		Short: "Get AWS permissions for Amazon Personalize and Kinesis right the first time",
		Long: "permwiz builds the IAM user policy, service role, trust policy, KMS key policy and S3 bucket\n" +
			"policy that Amazon Personalize needs (or the KMS policies of an encrypted Kinesis stream),\n" +
			"explains every statement, and saves or copies them. It never calls AWS.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return ui.UsageError(err) })
	root.AddCommand(newGenerateCmd(), newVersionCmd())
	return root
}

func newGenerateCmd() *cobra.Command {
	o := &ui.GenerateOptions{}
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Print or save every policy document for the answers given as flags",
		Example: "  permwiz generate --account-id 111122223333 --region us-east-1 --role-name PersonalizeRole --bucket my-data\n" +
			"  permwiz generate --answers answers.yaml --out ./policies\n" +
			"  permwiz generate --setup kinesis --account-id 111122223333 --region us-west-2 --stream orders \\\n" +
			"      --kms-key-arn arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Stdout, o.Stderr = cmd.OutOrStdout(), cmd.ErrOrStderr()
			return ui.RunGenerate(o)
		},
	}
	fs := cmd.Flags()
	o.Flags.Bind(fs)
	fs.StringVar(&o.Out, "out", "", "write DIR/<id>.json for every document, plus DIR/answers.yaml")
	fs.BoolVar(&o.Force, "force", false, "let --out replace existing files")
	fs.StringVar(&o.Doc, "doc", "", "print one document to stdout, by `ID`")
	fs.BoolVar(&o.Statements, "statements", false, "with --doc: print only the statements permwiz adds, as a JSON list")
	fs.BoolVar(&o.Copy, "copy", false, "with --doc: put it on the clipboard instead of printing it")
	return cmd
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print permwiz's version and the date of its AWS data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return ui.RunVersion(cmd.OutOrStdout(), version)
		},
	}
}
