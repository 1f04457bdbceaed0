package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// The explain tests feed permwiz explain errors in the formats AWS
// documents (see policy/audit's TestParseDenialDocumentedFormats for the
// pages), with the ARNs of the answers, and trace each to the document that
// grants it. The statement and the fix commands they expect are read from
// the bundle and its plan, never written here, so a change to a builder
// changes the expectation with it.

const (
	exAccount = "111122223333"
	exRole    = "arn:aws:iam::111122223333:role/service-role/PersonalizeRole"
	exSession = "arn:aws:sts::111122223333:assumed-role/PersonalizeRole/job-7"
	exBucket  = "my-personalize-data"
	exKinKey  = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	exWriter  = "arn:aws:iam::111122223333:role/OrderWriter"
	exReader  = "arn:aws:iam::111122223333:role/OrderReader"
)

var (
	personalizeFlags = []string{"--account-id", exAccount, "--region", "us-east-1", "--role-name", "PersonalizeRole", "--role-path", "/service-role/",
		"--bucket", exBucket, "--workflows", "import,batch", "--kms-key-arn", key}
	kinesisFlags = []string{"--setup", "kinesis", "--account-id", exAccount, "--region", "us-west-2", "--stream", "orders",
		"--kms-key-arn", exKinKey, "--producers", exWriter, "--consumers", exReader}
)

// iamDenied writes the IAM page's sentence.
func iamDenied(who, action, resource, because string) string {
	s := "User: " + who + " is not authorized to perform: " + action
	if resource != "" {
		s += " on resource: " + resource
	}
	return s + " " + because
}

func noPolicy(kind, action string) string {
	return "because no " + kind + " policy allows the " + action + " action"
}

// explainJSONRun runs permwiz explain --json and decodes its answer.
func explainJSONRun(t *testing.T, flags []string, msg string) (explainJSON, int) {
	t.Helper()
	out, errOut, code := run(t, append(append([]string{"explain", "--json"}, flags...), msg)...)
	var got explainJSON
	if code == ExitUsage {
		t.Fatalf("exit 2: %s", errOut)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("--json output: %v\n%s%s", err, out, errOut)
	}
	return got, code
}

// bundleFor builds the bundle the flags describe, as the command does.
func bundleFor(t *testing.T, flags []string) *wizard.Bundle {
	t.Helper()
	fs := pflag.NewFlagSet("explain", pflag.ContinueOnError)
	o := &ExplainOptions{}
	o.Flags.Bind(fs)
	if err := fs.Parse(flags); err != nil {
		t.Fatal(err)
	}
	a, err := o.Flags.Answers()
	if err != nil {
		t.Fatal(err)
	}
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sidGranting is the Sid of the statement of doc that lists action.
func sidGranting(t *testing.T, b *wizard.Bundle, doc, action string) string {
	t.Helper()
	d := b.Doc(doc)
	if d == nil {
		t.Fatalf("the bundle has no %s", doc)
	}
	for _, s := range d.Policy.Statement {
		if slices.Contains(s.Action, action) {
			return s.Sid
		}
	}
	t.Fatalf("no statement of %s lists %s", doc, action)
	return ""
}

// planCommands are the CLI lines of the plan's step for doc.
func planCommands(b *wizard.Bundle, doc string) []string {
	for _, s := range apply.NextSteps(apply.PlanFor(b)) {
		if s.Doc == doc {
			return strings.Split(s.CLI, "\n")
		}
	}
	return nil
}

func TestExplainTracesDocumentedFormatsToDocuments(t *testing.T) {
	pb, kb := bundleFor(t, personalizeFlags), bundleFor(t, kinesisFlags)
	cases := []struct {
		name   string
		flags  []string
		b      *wizard.Bundle
		msg    string
		doc    string // the document that grants it
		action string // the action its statement lists
	}{
		{"service role refused the key by the key policy", personalizeFlags, pb,
			"An error occurred (AccessDeniedException) when calling the Decrypt operation: " + iamDenied(exSession, "kms:Decrypt", key, noPolicy("resource-based", "kms:Decrypt")),
			wizard.DocKMSKeyPolicy, "kms:Decrypt"},
		{"service role refused the key by its IAM policies", personalizeFlags, pb,
			iamDenied(exSession, "kms:GenerateDataKey", key, noPolicy("identity-based", "kms:GenerateDataKey")),
			wizard.DocRoleKMSPolicy, "kms:GenerateDataKey"},
		{"user may not pass the role", personalizeFlags, pb,
			iamDenied("arn:aws:iam::111122223333:user/alice", "iam:PassRole", exRole, noPolicy("identity-based", "iam:PassRole")),
			wizard.DocUserPolicy, "iam:PassRole"},
		{"user may not start an import job", personalizeFlags, pb,
			iamDenied("arn:aws:iam::111122223333:user/alice", "personalize:CreateDatasetImportJob", "arn:aws:personalize:us-east-1:111122223333:dataset-import-job/j", noPolicy("identity-based", "personalize:CreateDatasetImportJob")),
			wizard.DocUserPolicy, "personalize:*"},
		{"batch job writes results (S3's quoted resource)", personalizeFlags, pb,
			"An error occurred (AccessDenied) when calling the PutObject operation: User: " + exSession + " is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::" + exBucket + "/out/part-0.json\" " + noPolicy("identity-based", "s3:PutObject"),
			wizard.DocRoleS3Policy, "s3:PutObject"},
		{"Personalize cannot read the bucket", personalizeFlags, pb,
			"An error occurred (InvalidInputException) when calling the CreateDatasetImportJob operation: Insufficient privileges for accessing data in S3. Please look at https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-s3-access.html and fix bucket policy on " + exBucket + ".",
			wizard.DocS3BucketPolicy, "s3:GetObject"},
		{"Personalize cannot assume the role", personalizeFlags, pb,
			"Failed to assume role " + exRole + ".",
			wizard.DocRoleTrustPolicy, "sts:AssumeRole"},
		{"producer refused the key (Kinesis gives no reason)", kinesisFlags, kb,
			`{"__type":"KMSAccessDeniedException","message":"User: arn:aws:sts::111122223333:assumed-role/OrderWriter/i-1 is not authorized to perform: kms:GenerateDataKey on resource: ` + exKinKey + `"}`,
			wizard.DocKinesisProducer, "kms:GenerateDataKey"},
		{"consumer may not decrypt records", kinesisFlags, kb,
			"KMSAccessDeniedException: User arn:aws:sts::111122223333:assumed-role/OrderReader/s is not authorized to decrypt records in stream orders",
			wizard.DocKinesisConsumer, "kms:Decrypt"},
		{"producer not in the key policy (KMS's three-way message)", kinesisFlags, kb,
			"User: arn:aws:sts::111122223333:assumed-role/OrderWriter/s is not authorized to perform: kms:GenerateDataKey on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access",
			wizard.DocKinesisKey, "kms:GenerateDataKey"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, code := explainJSONRun(t, c.flags, c.msg)
			if code != 0 || !got.Explained || got.Verdict != VerdictGranted {
				t.Fatalf("exit %d, verdict %s: %s", code, got.Verdict, got.Missing)
			}
			g := got.Grants[0]
			if want := sidGranting(t, c.b, c.doc, c.action); g.Doc != c.doc || g.Sid != want {
				t.Errorf("granted by %s %q, want %s %q", g.Doc, g.Sid, c.doc, want)
			}
			// The plan's commands, with the caller in the error in place
			// of the placeholder that stands for it.
			name := got.Denial.Principal.Name
			var fill []string
			for _, ph := range []string{apply.PHUserName, apply.PHProducerRole, apply.PHConsumerRole, apply.PHAdminRoleName} {
				fill = append(fill, "'"+ph+"'", name, ph, name)
			}
			for _, line := range planCommands(c.b, c.doc) {
				line = strings.NewReplacer(fill...).Replace(line)
				if !slices.Contains(got.Fix, line) {
					t.Errorf("fix lacks the plan's %q:\n%s", line, strings.Join(got.Fix, "\n"))
				}
			}
			if got.Missing == "" || got.Refused == "" {
				t.Errorf("missing %q, refused %q", got.Missing, got.Refused)
			}
		})
	}
}

func TestExplainSaysWhenTheSetupDoesNotCoverIt(t *testing.T) {
	importOnly := slices.Clone(personalizeFlags)
	importOnly[slices.Index(importOnly, "import,batch")] = "import"
	cases := []struct {
		name    string
		flags   []string
		msg     string
		verdict Verdict
		doc     string // the document that would grant it ("" for none)
		fix     string // a fix line must contain this
	}{
		{"another bucket", personalizeFlags,
			iamDenied(exSession, "s3:PutObject", `"arn:aws:s3:::other-bucket/out/x"`, noPolicy("identity-based", "s3:PutObject")),
			VerdictDifferentResource, wizard.DocRoleS3Policy, "--bucket other-bucket"},
		{"another key", personalizeFlags,
			iamDenied(exSession, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000", noPolicy("resource-based", "kms:Decrypt")),
			VerdictDifferentResource, wizard.DocKMSKeyPolicy, "--kms-key-arn arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000"},
		{"another role", personalizeFlags,
			iamDenied("arn:aws:sts::111122223333:assumed-role/OtherRole/s", "kms:Decrypt", key, noPolicy("resource-based", "kms:Decrypt")),
			VerdictDifferentPrincipal, wizard.DocKMSKeyPolicy, "--role-arn arn:aws:iam::111122223333:role/OtherRole"},
		{"a workflow not chosen", importOnly,
			iamDenied(exSession, "s3:PutObject", `"arn:aws:s3:::`+exBucket+`/out/x"`, noPolicy("identity-based", "s3:PutObject")),
			VerdictNotChosen, wizard.DocRoleS3Policy, "--workflows import,batch"},
		{"a producer not named", kinesisFlags,
			iamDenied("arn:aws:sts::111122223333:assumed-role/Billing/s", "kms:GenerateDataKey", exKinKey, noPolicy("resource-based", "kms:GenerateDataKey")),
			VerdictNotChosen, wizard.DocKinesisKey, "--producers " + exWriter + ",arn:aws:iam::111122223333:role/Billing"},
		{"another stream", kinesisFlags,
			"User arn:aws:sts::111122223333:assumed-role/OrderReader/x is not authorized to decrypt records in stream payments",
			VerdictDifferentResource, "", "--stream payments"},
		{"Personalize given another role", personalizeFlags,
			"Failed to assume role arn:aws:iam::111122223333:role/OldRole.",
			VerdictDifferentResource, wizard.DocRoleTrustPolicy, "--role-arn arn:aws:iam::111122223333:role/OldRole"},
		{"an SCP", personalizeFlags,
			"User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:PassRole with an explicit deny in a service control policy",
			VerdictNotFixable, wizard.DocUserPolicy, ""},
		{"an explicit deny in the key policy", personalizeFlags,
			iamDenied(exSession, "kms:Decrypt", key, "with an explicit deny in a resource-based policy"),
			VerdictNotFixable, wizard.DocKMSKeyPolicy, "permwiz check --doc kms-key-policy"},
		{"a permissions boundary", personalizeFlags,
			iamDenied(exSession, "s3:GetObject", `"arn:aws:s3:::`+exBucket+`/in.csv"`, "because no permissions boundary allows the s3:GetObject action"),
			VerdictNotFixable, wizard.DocRoleS3Policy, ""},
		{"outside the setup", personalizeFlags,
			iamDenied("arn:aws:iam::111122223333:user/alice", "ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*", noPolicy("identity-based", "ec2:RunInstances")),
			VerdictOutside, "", ""},
		{"an anonymous caller", personalizeFlags,
			`User: anonymous is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::` + exBucket + `/x"`,
			VerdictOutside, "", ""},
		{"another account's user", personalizeFlags,
			iamDenied("arn:aws:iam::444455556666:user/bob", "iam:PassRole", exRole, noPolicy("identity-based", "iam:PassRole")),
			VerdictOutside, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, code := explainJSONRun(t, c.flags, c.msg)
			if code != ExitFindings || got.Explained || got.Verdict != c.verdict {
				t.Fatalf("exit %d, verdict %s, want 1 and %s: %s", code, got.Verdict, c.verdict, got.Missing)
			}
			if c.doc != "" && (len(got.Grants) == 0 || got.Grants[0].Doc != c.doc) {
				t.Errorf("grants %+v, want %s first", got.Grants, c.doc)
			}
			if c.doc == "" && len(got.Grants) != 0 {
				t.Errorf("grants %+v, want none", got.Grants)
			}
			if c.fix != "" && !slices.ContainsFunc(got.Fix, func(l string) bool { return strings.Contains(l, c.fix) }) {
				t.Errorf("no fix line has %q:\n%s", c.fix, strings.Join(got.Fix, "\n"))
			}
			if got.Missing == "" {
				t.Error("no sentence on what is missing")
			}
		})
	}
}

func TestExplainRefusesTextThatIsNoAWSError(t *testing.T) {
	for _, msg := range []string{"hello world", "Permission denied (publickey).", "{}"} {
		out, errOut, code := run(t, append(append([]string{"explain"}, personalizeFlags...), msg)...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, "no AWS error") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", msg, code, out, errOut)
		}
	}
}

func TestExplainReadsStdinAndNeedsAnswers(t *testing.T) {
	var out, errb strings.Builder
	msg := iamDenied(exSession, "kms:Decrypt", key, noPolicy("resource-based", "kms:Decrypt"))
	root := NewRootCmd("dev")
	root.SetIn(strings.NewReader(msg + "\n"))
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(append(append([]string{"explain"}, personalizeFlags...), "-"))
	if err := root.Execute(); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	for _, want := range []string{"The service role PersonalizeRole", "Granted by: kms-key-policy", "Most likely missing:", "permwiz merge --doc kms-key-policy"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	_, errOut, code := run(t, "explain", msg)
	if code != ExitUsage || !strings.Contains(errOut, "--account-id") {
		t.Errorf("without answers: exit %d, %q", code, errOut)
	}
}

func TestExplainTextForTheWizard(t *testing.T) {
	b := bundleFor(t, personalizeFlags)
	doc, sid, lines, err := ExplainText(b, iamDenied(exSession, "kms:Decrypt", key, noPolicy("resource-based", "kms:Decrypt")))
	if err != nil || doc != wizard.DocKMSKeyPolicy || sid != sidGranting(t, b, doc, "kms:Decrypt") || len(lines) < 3 {
		t.Errorf("doc %q sid %q lines %d err %v", doc, sid, len(lines), err)
	}
	if _, _, _, err := ExplainText(b, "not an error"); err == nil || !strings.Contains(err.Error(), "no AWS error") {
		t.Errorf("err %v", err)
	}
}

// BenchmarkExplain: parsing an error and playing it through every
// document (with the what-if rebuilds a miss needs), against building the
// bundle alone, which explain does first. The wizard runs it as a tea.Cmd
// on enter.
func BenchmarkExplain(b *testing.B) {
	bundle := bundleFor(&testing.T{}, personalizeFlags)
	a := bundle.Answers
	granted := iamDenied(exSession, "kms:Decrypt", key, noPolicy("resource-based", "kms:Decrypt"))
	outside := iamDenied("arn:aws:iam::111122223333:user/alice", "ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*", noPolicy("identity-based", "ec2:RunInstances"))
	b.Run("build-baseline", func(b *testing.B) {
		for b.Loop() {
			if _, err := wizard.Build(a); err != nil {
				b.Fatal(err)
			}
		}
	})
	for name, msg := range map[string]string{"granted": granted, "outside": outside} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, _, _, err := ExplainText(bundle, msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The fix names the caller the error names, not a placeholder for it: a
// role of a Kinesis setup that names no consumer, a user refused a
// Kinesis call (attach-user-policy).
func TestExplainFixNamesTheCaller(t *testing.T) {
	flags := []string{"--setup", "kinesis", "--account-id", exAccount, "--region", "us-west-2", "--stream", "orders", "--kms-key-arn", exKinKey}
	for _, c := range []struct{ who, want, not string }{
		{"arn:aws:sts::111122223333:assumed-role/Reader/s", "aws iam attach-role-policy --role-name Reader --policy-arn", apply.PHConsumerRole},
		{"arn:aws:iam::111122223333:user/bob", "aws iam attach-user-policy --user-name bob --policy-arn", apply.PHConsumerRole},
	} {
		msg := iamDenied(c.who, "kms:Decrypt", exKinKey, noPolicy("identity-based", "kms:Decrypt"))
		got, _ := explainJSONRun(t, flags, msg)
		fix := strings.Join(got.Fix, "\n")
		if !strings.Contains(fix, c.want) || strings.Contains(fix, c.not) {
			t.Errorf("%s: fix lacks %q or holds %q:\n%s", c.who, c.want, c.not, fix)
		}
	}
}

// Without answers, explain uses ./answers.yaml where there is one (the Fix
// says to run it there) and says so; elsewhere it says what is missing,
// with one "permwiz:" prefix like the other commands.
func TestExplainUsesAnswersYAMLHere(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	msg := iamDenied("arn:aws:iam::111122223333:user/alice", "iam:PassRole", "arn:aws:iam::111122223333:role/service-role/PersonalizeRole", noPolicy("identity-based", "iam:PassRole"))
	_, errOut, code := run(t, "explain", msg)
	if code != ExitUsage || !strings.HasPrefix(errOut, "permwiz: explain: missing ") {
		t.Errorf("no answers anywhere: exit %d: %s", code, errOut)
	}
	if _, errOut, code := run(t, append(append([]string{"generate"}, personalizeFlags...), "--out", ".")...); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errOut)
	}
	out, errOut, code := run(t, "explain", msg)
	if code != 0 || !strings.Contains(errOut, "using ./answers.yaml") || !strings.Contains(out, "--user-name alice") {
		t.Errorf("beside answers.yaml: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	// An answer flag means the answers are the flags': the file is not read.
	if _, errOut, _ := run(t, "explain", "--setup", "kinesis", msg); strings.Contains(errOut, "using ./answers.yaml") {
		t.Errorf("answers.yaml read beside flags: %s", errOut)
	}
}
