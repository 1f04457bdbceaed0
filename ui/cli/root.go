package cli

import (
	"github.com/spf13/cobra"
)

// NewRootCmd is the permwiz command and its subcommands. version (and the
// stamp's commit and date) are what a release build set in main; `permwiz
// version` and --version print them, or the binary's build information. Each command takes its streams from cobra (so
// tests set them with SetIn, SetOut and SetErr) and the rest of IOStreams
// (terminal, controlling terminal, environment, clipboard) from the system.
func NewRootCmd(version string, stamp ...Stamp) *cobra.Command {
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
	// With no subcommand, permwiz opens the wizard; every generate flag
	// pre-fills it.
	wiz := &WizardOptions{}
	wiz.Bind(root.Flags())
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		wiz.IO = streams(cmd)
		return RunWizard(wiz)
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return UsageError(err) })
	root.AddCommand(newGenerateCmd(), newVersionCmd(version, stamp...))
	root.AddCommand(newMergeCmd(), newCheckCmd(), newLintCmd())
	usageArgs(root)
	root.AddCommand(newExplainCmd())
	wireHabits(root, version, stamp) // --version, the man page, shell completion
	return root
}

func newGenerateCmd() *cobra.Command {
	o := &GenerateOptions{}
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Print or save every policy document for the answers given as flags",
		Example: "  permwiz generate --account-id 111122223333 --region us-east-1 --role-name PersonalizeRole --bucket my-data\n" +
			"  permwiz generate --answers answers.yaml --out ./policies\n" +
			"  permwiz generate --answers answers.yaml --format cli --out ./setup && ./setup/apply.sh\n" +
			"  permwiz generate --setup kinesis --account-id 111122223333 --region us-west-2 --stream orders \\\n" +
			"      --kms-key-arn arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.IO = streams(cmd)
			if err := o.Validate(); err != nil {
				return err
			}
			return RunGenerate(o)
		},
	}
	fs := cmd.Flags()
	o.Flags.Bind(fs)
	fs.StringVar(&o.Out, "out", "", "write the format's files to `DIR` (json: <id>.json for every document and answers.yaml), plus NEXT-STEPS.md")
	fs.BoolVar(&o.Force, "force", false, "let --out replace existing files")
	fs.StringVar(&o.Format, "format", "json", "json, cli (apply.sh), terraform (main.tf) or cloudformation (template.yaml); without --out the main file goes to stdout")
	fs.StringVar(&o.Doc, "doc", "", "print one document to stdout, by `ID`")
	fs.BoolVar(&o.Statements, "statements", false, "with --doc: print only the statements permwiz adds, as a JSON list")
	fs.BoolVar(&o.Copy, "copy", false, "with --doc: put it on the clipboard instead of printing it")
	return cmd
}

func newVersionCmd(version string, stamp ...Stamp) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print permwiz's version and the date of its AWS data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return RunVersion(cmd.OutOrStdout(), version, stamp...)
		},
	}
}

func newMergeCmd() *cobra.Command {
	o := &MergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge --doc ID --into FILE",
		Short: "Add permwiz's statements to an existing key, bucket or trust policy, keeping all of its own",
		Example: "  aws kms get-key-policy --key-id $KEY --policy-name default --output text \\\n" +
			"      | permwiz merge --doc kms-key-policy --into - --answers answers.yaml > merged.json\n" +
			"  permwiz merge --doc s3-bucket-policy --into current.json --answers answers.yaml --out merged.json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.IO = streams(cmd)
			if err := o.Validate(); err != nil {
				return err
			}
			return RunMerge(o)
		},
	}
	fs := cmd.Flags()
	o.Flags.Bind(fs)
	fs.StringVar(&o.Doc, "doc", "", "the document to merge, by `ID` (kms-key-policy, s3-bucket-policy, role-trust-policy, ...)")
	fs.StringVar(&o.Into, "into", "", "the existing policy `FILE`; - reads stdin")
	fs.StringVar(&o.Out, "out", "", "write the merged policy to `FILE` (atomically) instead of stdout")
	fs.BoolVar(&o.Force, "force", false, "let --out replace an existing file")
	return cmd
}

func newCheckCmd() *cobra.Command {
	o := &CheckOptions{}
	cmd := &cobra.Command{
		Use:   "check --doc ID FILE",
		Short: "Report what an existing policy lacks for the setup, and what it grants that is risky",
		Long: "check reads an existing policy and reports, for the answers given, every grant the setup\n" +
			"needs that the policy does not give, and what it grants or denies that is riskier than needed\n" +
			"or blocks the setup. Exit 0: nothing missing; 1: something missing or blocking; 2: bad input.",
		Example: "  permwiz check --doc kms-key-policy --answers answers.yaml current-key-policy.json\n" +
			"  aws s3api get-bucket-policy --bucket my-data | permwiz check --doc s3-bucket-policy --answers answers.yaml --json -",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			o.IO = streams(cmd)
			if err := o.Validate(); err != nil {
				return err
			}
			return RunCheck(o)
		},
	}
	fs := cmd.Flags()
	o.Flags.Bind(fs)
	fs.StringVar(&o.Doc, "doc", "", "the document to check against, by `ID`")
	o.BindFlags(fs)
	return cmd
}

func newLintCmd() *cobra.Command {
	o := &LintOptions{}
	cmd := &cobra.Command{
		Use:   "lint FILE...",
		Short: "Check policy files offline, as IAM Access Analyzer's policy validation does",
		Long: "lint reports errors, security warnings, warnings and suggestions for each policy file.\n" +
			"Exit 0: no errors or security warnings; 1: at least one; 2: bad input (unreadable file, a file that is not a policy at all, bad flag).",
		Example: "  permwiz lint policies/*.json\n" +
			"  aws iam get-role --role-name PersonalizeRole --query Role.AssumeRolePolicyDocument | permwiz lint --kind trust -",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			o.IO = streams(cmd)
			if err := o.Validate(); err != nil {
				return err
			}
			return RunLint(o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Kind, "kind", "", "the policy kind: identity, trust, key, bucket or resource (a Kinesis stream's policy; default: inferred per file)")
	o.BindFlags(fs)
	return cmd
}

// streams are the system's IOStreams with cobra's in, out and err.
func streams(cmd *cobra.Command) *IOStreams {
	ios := System()
	ios.In, ios.Out, ios.ErrOut = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
	return ios
}
