package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"permwiz/wizard"
)

// AnswerFlags are the flags that answer the wizard's questions. generate,
// merge, check and the wizard itself share them, so every prompt has a flag
// and a script can say anything the form can.
type AnswerFlags struct {
	AnswersFile string

	setup, accountID, region    string
	roleName, rolePath, roleARN string
	roleAccess, userAccess      string
	cloudWatch, anyRegion       bool
	bucket, kmsKeyARN, stream   string
	workflows, keyUse, policies []string
	producers, consumers        []string
	fs                          *pflag.FlagSet // the command's flags
	own                         *pflag.FlagSet // the flags Bind registered
}

// Bind registers the flags on fs.
func (f *AnswerFlags) Bind(into *pflag.FlagSet) {
	// The answer flags go on a set of their own first, so that which flags
	// answer a question is known from what was registered here rather than
	// from a second list of names.
	fs := pflag.NewFlagSet("answers", pflag.ContinueOnError)
	f.fs, f.own = into, fs
	defer into.AddFlagSet(fs)
	fs.StringVar(&f.AnswersFile, "answers", "", "read answers from this YAML `file`; flags override it")
	fs.StringVar(&f.setup, "setup", "", "which setup: personalize (default) or kinesis")
	fs.StringVar(&f.accountID, "account-id", "", "the 12-digit AWS account `ID`")
	fs.StringVar(&f.region, "region", "", "the AWS `region`, such as us-east-1 (the partition follows from it)")
	fs.StringVar(&f.roleName, "role-name", "", "personalize: the service role to create")
	fs.StringVar(&f.rolePath, "role-path", "", "personalize: the service role's IAM `path` (default /)")
	fs.StringVar(&f.roleARN, "role-arn", "", "personalize: an existing service role's `ARN`, instead of --role-name")
	fs.StringVar(&f.roleAccess, "role-access", "", "personalize: custom (default) or managed (AmazonPersonalizeFullAccess) for the role")
	fs.StringVar(&f.userAccess, "user-access", "", "personalize: custom (default) or managed (AmazonPersonalizeFullAccess) for the user")
	fs.BoolVar(&f.cloudWatch, "cloudwatch", false, "personalize: also attach CloudWatchFullAccess to the user, for monitoring")
	fs.BoolVar(&f.anyRegion, "any-region", false, "personalize: let the role be assumed for Personalize resources in any region")
	fs.StringVar(&f.bucket, "bucket", "", "personalize: the S3 bucket `name`")
	fs.StringSliceVar(&f.workflows, "workflows", nil, "personalize: import, batch, export, metrics (default import)")
	fs.StringVar(&f.kmsKeyARN, "kms-key-arn", "", "the customer managed KMS key's `ARN` (not an alias)")
	fs.StringSliceVar(&f.keyUse, "key-use", nil, "personalize: what the key encrypts: dataset-group (default), bucket")
	fs.StringVar(&f.stream, "stream", "", "kinesis: the stream's `name` or ARN")
	fs.StringSliceVar(&f.producers, "producers", nil, "kinesis: role or user `ARNs` that write, for the key policy")
	fs.StringSliceVar(&f.consumers, "consumers", nil, "kinesis: role or user `ARNs` that read, for the key policy")
	fs.StringSliceVar(&f.policies, "policies", nil, "kinesis: producer, consumer, admin (default all)")
}

// Answers returns the answers file's answers (if --answers was given) with
// every flag that was set on the command line laid over them.
func (f *AnswerFlags) Answers() (wizard.Answers, error) {
	var a wizard.Answers
	if f.AnswersFile != "" {
		data, err := os.ReadFile(f.AnswersFile)
		if err != nil {
			return a, usageErrorf("--answers %q: %s", f.AnswersFile, describeFileError(err))
		}
		if a, err = wizard.UnmarshalAnswers(data); err != nil {
			return a, usageErrorf("--answers %q: %s", f.AnswersFile, err)
		}
	}
	set := func(name string) bool { return f.fs != nil && f.fs.Changed(name) }
	str := func(name string, dst *string, v string) {
		if set(name) {
			*dst = v
		}
	}
	str("setup", (*string)(&a.Setup), f.setup)
	str("account-id", &a.AccountID, f.accountID)
	str("region", &a.Region, f.region)
	str("role-name", &a.RoleName, f.roleName)
	str("role-path", &a.RolePath, f.rolePath)
	str("role-arn", &a.RoleARN, f.roleARN)
	str("role-access", (*string)(&a.RoleAccess), f.roleAccess)
	str("user-access", (*string)(&a.UserAccess), f.userAccess)
	str("bucket", &a.Bucket, f.bucket)
	str("kms-key-arn", &a.KMSKeyARN, f.kmsKeyARN)
	str("stream", &a.Stream, f.stream)
	if set("cloudwatch") {
		a.CloudWatch = f.cloudWatch
	}
	if set("any-region") {
		a.AnyRegion = f.anyRegion
	}
	if set("workflows") {
		a.Workflows = typed[wizard.Workflow](f.workflows)
	}
	if set("key-use") {
		a.KeyUse = typed[wizard.KeyUse](f.keyUse)
	}
	if set("policies") {
		a.Policies = typed[wizard.KinesisPolicy](f.policies)
	}
	if set("producers") {
		a.Producers = f.producers
	}
	if set("consumers") {
		a.Consumers = f.consumers
	}
	if err := f.checkSetupFlags(a); err != nil {
		return a, err
	}
	return a, nil
}

// checkSetupFlags refuses flags of the other setup: --bucket with
// --setup kinesis is a mistake worth saying, not a value to drop.
func (f *AnswerFlags) checkSetupFlags(a wizard.Answers) error {
	if f.fs == nil {
		return nil
	}
	kinesisOnly := []string{"stream", "producers", "consumers", "policies"}
	personalizeOnly := []string{"role-name", "role-path", "role-arn", "role-access", "user-access", "cloudwatch", "any-region", "bucket", "workflows", "key-use"}
	setup := wizard.Setup(strings.ToLower(strings.TrimSpace(string(a.Setup))))
	wrong, other := personalizeOnly, "personalize"
	if setup != wizard.SetupKinesis {
		wrong, other = kinesisOnly, "kinesis"
	}
	for _, name := range wrong {
		if f.fs.Changed(name) {
			return usageErrorf("--%s applies only to --setup %s", name, other)
		}
	}
	return nil
}

// Changed reports whether any answer flag was given on the command line.
func (f *AnswerFlags) Changed() bool {
	changed := false
	f.fs.Visit(func(fl *pflag.Flag) { changed = changed || f.isAnswerFlag(fl.Name) })
	return changed
}

// isAnswerFlag reports whether name is a flag that answers a question (any
// flag Bind registered except --answers).
func (f *AnswerFlags) isAnswerFlag(name string) bool {
	return name != "answers" && f.own != nil && f.own.Lookup(name) != nil
}

func typed[T ~string](list []string) []T {
	out := make([]T, 0, len(list))
	for _, v := range list {
		out = append(out, T(strings.ToLower(strings.TrimSpace(v))))
	}
	return out
}

func describeFileError(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file"
	case os.IsPermission(err):
		return "permission denied"
	}
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return fmt.Sprint(err)
}
