package wizard

import (
	"bytes"
	"fmt"
	"strings"
)

// NextStep is one step of putting a bundle to use, in the order AWS
// requires (reference §1c): each says which document it uses, where it goes
// in the console, the AWS CLI commands that do it, and how to check it.
type NextStep struct {
	N      int
	ID     string // what the step does, one of the Step* constants below
	Title  string
	Doc    string // document ID, or "" for a step without a generated document
	Where  string // the console page
	CLI    string // the AWS CLI command(s), one per line
	Verify string // how to check that it worked
	Note   string // a caveat worth reading before the step ("" if none)
}

// Step IDs of NextStep: stable names for what each step does, so that the
// apply script and the wizard can find a step without matching its title.
const (
	StepIDRole         = "role"
	StepIDRolePolicy   = "role-policy"
	StepIDUser         = "user"
	StepIDRoleKMS      = "role-kms"
	StepIDKeyPolicy    = "key-policy"
	StepIDRoleS3       = "role-s3"
	StepIDBucketPolicy = "bucket-policy"
	StepIDProducers    = "producers"
	StepIDConsumers    = "consumers"
	StepIDAdmins       = "admins"
	StepIDEncrypt      = "encrypt"
	StepIDMetrics      = "metrics"
)

// Placeholders for names the answers do not hold.
const (
	PHUserName      = "<user-name>"
	PHGroupName     = "<group-name>"
	PHProducerRole  = "<producer-role-name>"
	PHConsumerRole  = "<consumer-role-name>"
	PHAdminRoleName = "<admin-role-name>"
)

// NextSteps lists the steps that put the bundle to use. The CLI commands
// read the documents as <id>.json in the current folder, as
// `permwiz generate --out DIR` writes them.
func NextSteps(b *Bundle) []NextStep {
	var steps []NextStep
	if b.Answers.Setup == SetupKinesis {
		steps = kinesisSteps(b)
	} else {
		steps = personalizeSteps(b)
	}
	for i := range steps {
		steps[i].N = i + 1
	}
	return steps
}

func personalizeSteps(b *Bundle) []NextStep {
	var steps []NextStep
	role := b.Role
	if role.Existing {
		steps = append(steps, NextStep{ID: StepIDRole, Title: "Update the service role's trust policy", Doc: DocRoleTrustPolicy,
			Where: "IAM console → Roles → " + role.Name + " → Trust relationships → Edit trust policy: add permwiz's statement, keep the others",
			CLI: cmd("aws iam get-role --role-name", role.Name, "--query Role.Arn --output text") + "\n" +
				"# must print " + role.ARN + ": a role of that name under another path is not the role the policies name\n" +
				cmd("aws iam get-role --role-name", role.Name, "--query Role.AssumeRolePolicyDocument --output json") + " > current-trust-policy.json\n" +
				cmd("permwiz merge --doc", DocRoleTrustPolicy, "--into current-trust-policy.json --answers answers.yaml --out merged-trust-policy.json") + "\n" +
				cmd("aws iam update-assume-role-policy --role-name", role.Name, "--policy-document file://merged-trust-policy.json"),
			Verify: cmd("aws iam get-role --role-name", role.Name, "--query Role.AssumeRolePolicyDocument") +
				"\n# shows the condition on aws:SourceAccount " + b.Answers.AccountID + " beside the statements that were there before",
			Note: "The role already exists (" + Flag(FieldRoleARN) + "): it is not created again, and permwiz's statement is merged into its trust policy. " +
				"update-assume-role-policy replaces the whole trust policy, so merge: the principals the role trusts already keep it."})
	} else {
		steps = append(steps, NextStep{ID: StepIDRole, Title: "Create the service role with its trust policy", Doc: DocRoleTrustPolicy,
			Where: "IAM console → Roles → Create role → Custom trust policy (paste " + DocRoleTrustPolicy + ".json), role name " + role.Name,
			CLI: cmd("aws iam create-role --role-name", role.Name, "--path", role.Path,
				"--assume-role-policy-document", "file://"+DocRoleTrustPolicy+".json"),
			Verify: cmd("aws iam get-role --role-name", role.Name, "--query Role.Arn") + "\n# prints " + role.ARN})
	}

	// The role's permissions: the custom policy or the AWS managed one.
	var lines []string
	doc := ""
	if m, ok := b.ManagedPolicy(DocRolePolicy); ok {
		doc = DocRolePolicy
		lines = append(lines, createPolicy(b, m), cmd("aws iam attach-role-policy --role-name", role.Name, "--policy-arn", m.ARN(b)))
	}
	lines = append(lines, attachManaged(b, AttachRole, "aws iam attach-role-policy --role-name", role.Name)...)
	steps = append(steps, NextStep{ID: StepIDRolePolicy, Title: "Give the service role its Personalize permissions", Doc: doc,
		Where: policyWhere(b, doc, "Roles → "+role.Name),
		CLI:   strings.Join(lines, "\n"),
		Verify: cmd("aws iam list-attached-role-policies --role-name", role.Name) + "\n" +
			cmd("aws iam simulate-principal-policy --policy-source-arn", role.ARN, "--action-names personalize:DescribeDatasetGroup --query 'EvaluationResults[].EvalDecision'") +
			"\n# prints allowed"})

	if s, ok := userStep(b, role); ok {
		steps = append(steps, s)
	}

	if key := b.Answers.KMSKeyARN; key != "" {
		if m, ok := b.ManagedPolicy(DocRoleKMSPolicy); ok {
			steps = append(steps, NextStep{ID: StepIDRoleKMS, Title: "Let the service role use the KMS key", Doc: DocRoleKMSPolicy,
				Where: policyWhere(b, DocRoleKMSPolicy, "Roles → "+role.Name),
				CLI:   createPolicy(b, m) + "\n" + cmd("aws iam attach-role-policy --role-name", role.Name, "--policy-arn", m.ARN(b)),
				Verify: cmd("aws iam simulate-principal-policy --policy-source-arn", role.ARN,
					"--action-names kms:Decrypt kms:GenerateDataKey --resource-arns", key, "--query 'EvaluationResults[].EvalDecision'") + "\n# prints allowed, allowed"})
		}
		steps = append(steps, keyPolicyStep(b, DocKMSKeyPolicy, "Add Amazon Personalize and the service role to the key policy",
			"The role must exist before a key policy can name it, and KMS may not see a new role for a minute: if put-key-policy answers MalformedPolicyDocumentException, wait and retry. Merge, never replace: the key policy's other statements (its administrators, the account statement) must stay."))
	}

	if m, ok := b.ManagedPolicy(DocRoleS3Policy); ok {
		steps = append(steps, NextStep{ID: StepIDRoleS3, Title: "Let the service role use the bucket", Doc: DocRoleS3Policy,
			Where: policyWhere(b, DocRoleS3Policy, "Roles → "+role.Name),
			CLI:   createPolicy(b, m) + "\n" + cmd("aws iam attach-role-policy --role-name", role.Name, "--policy-arn", m.ARN(b)),
			Verify: cmd("aws iam simulate-principal-policy --policy-source-arn", role.ARN, "--action-names "+strings.Join(b.Doc(DocRoleS3Policy).Policy.Statement[0].Action, " "),
				"--resource-arns", "arn:"+b.Partition+":s3:::"+b.Answers.Bucket+"/*", "--query 'EvaluationResults[].EvalDecision'") +
				"\n# s3:ListBucket is checked on the bucket itself and shows implicitDeny on objects: that is expected"})
	}
	steps = append(steps, NextStep{ID: StepIDBucketPolicy, Title: "Add Amazon Personalize to the bucket policy", Doc: DocS3BucketPolicy,
		Where: "S3 console → Buckets → " + b.Answers.Bucket + " → Permissions → Bucket policy → Edit",
		CLI: cmd("aws s3api get-bucket-policy --bucket", b.Answers.Bucket, "--query Policy --output text") + " > current-bucket-policy.json\n" +
			"# (NoSuchBucketPolicy: the bucket has none yet; put " + DocS3BucketPolicy + ".json as it is)\n" +
			cmd("permwiz merge --doc", DocS3BucketPolicy, "--into current-bucket-policy.json --answers answers.yaml --out merged-bucket-policy.json") + "\n" +
			cmd("aws s3api put-bucket-policy --bucket", b.Answers.Bucket, "--policy file://merged-bucket-policy.json"),
		Verify: cmd("aws s3api get-bucket-policy --bucket", b.Answers.Bucket, "--query Policy --output text") +
			"\n# shows the statement PersonalizeS3BucketAccessPolicy beside the bucket's other statements",
		Note: "A bucket policy is one document: put-bucket-policy replaces it whole, so merge into the current one."})
	return steps
}

func userStep(b *Bundle, role ServiceRole) (NextStep, bool) {
	var lines []string
	doc := ""
	if m, ok := b.ManagedPolicy(DocUserPolicy); ok {
		doc = DocUserPolicy
		lines = append(lines, createPolicy(b, m), cmd("aws iam attach-user-policy --user-name", PHUserName, "--policy-arn", m.ARN(b)))
	}
	lines = append(lines, attachManaged(b, AttachUser, "aws iam attach-user-policy --user-name", PHUserName)...)
	if len(lines) == 0 {
		return NextStep{}, false
	}
	verify := cmd("aws iam list-attached-user-policies --user-name", PHUserName)
	if b.Answers.UserAccess != AccessManaged {
		verify = cmd("aws iam simulate-principal-policy --policy-source-arn", "arn:"+b.Partition+":iam::"+b.Answers.AccountID+":user/"+PHUserName,
			"--action-names iam:PassRole --resource-arns", role.ARN,
			"--context-entries Key=iam:PassedToService,Values=personalize.amazonaws.com,Type=string --query 'EvaluationResults[].EvalDecision'") +
			"\n# prints allowed"
	}
	return NextStep{ID: StepIDUser, Title: "Give your users permission to use Personalize and pass the role", Doc: doc,
		Where:  policyWhere(b, doc, "Users (or User groups) → "+PHUserName),
		CLI:    strings.Join(lines, "\n"),
		Verify: verify,
		Note:   "For a group, use attach-group-policy --group-name " + PHGroupName + " instead of attach-user-policy."}, true
}

func keyPolicyStep(b *Bundle, doc, title, note string) NextStep {
	key, region := b.Answers.KMSKeyARN, b.Key.Region
	sids := []string{}
	for _, s := range b.Doc(doc).Policy.Added() {
		sids = append(sids, s.Sid)
	}
	where := "KMS console → Customer managed keys → " + b.Key.ID + " → Key policy → Edit (policy view): add permwiz's statements, keep the others"
	cli := cmd("aws kms get-key-policy --region", region, "--key-id", key, "--policy-name default --query Policy --output text") + " > current-key-policy.json\n" +
		cmd("permwiz merge --doc", doc, "--into current-key-policy.json --answers answers.yaml --out merged-key-policy.json") + "\n" +
		cmd("aws kms put-key-policy --region", region, "--key-id", key, "--policy-name default --policy file://merged-key-policy.json")
	if owner := b.Key.Account; b.Key.OtherAccount {
		where = "the KMS console of account " + owner + ", the key's owner → Customer managed keys → " + b.Key.ID + " → Key policy → Edit (policy view): add permwiz's statements, keep the others"
		cli = "# with credentials of account " + owner + " (the key's owner), beside answers.yaml:\n" + cli
		note = KeyOwnerNote(b) + " " + note
	}
	return NextStep{ID: StepIDKeyPolicy, Title: title, Doc: doc,
		Where: where,
		CLI:   cli,
		Verify: cmd("aws kms get-key-policy --region", region, "--key-id", key, "--policy-name default --query Policy --output text") +
			"\n# shows " + strings.Join(sids, ", ") + " beside the statements that were there before",
		Note: note}
}

// KeyOwnerNote says who changes the key policy of a key in another account
// ("" when the key is the answers' account's own).
func KeyOwnerNote(b *Bundle) string {
	owner := b.Key.Account
	if !b.Key.OtherAccount {
		return ""
	}
	return "The key belongs to account " + owner + ", not " + b.Answers.AccountID + ": only the key's own account can change its key policy. " +
		"Send its administrators answers.yaml (permwiz merge builds " + b.KeyPolicyDoc() + ".json's statements from it); they run these commands with credentials of account " + owner + "."
}

func kinesisSteps(b *Bundle) []NextStep {
	var steps []NextStep
	a := b.Answers
	key, region, stream, streamARN := a.KMSKeyARN, a.Region, b.Stream.Name, b.Stream.ARN
	kinds := []struct {
		id, step, title, placeholder string
		principals                   []string
		actions, resource            string
	}{
		{DocKinesisProducer, StepIDProducers, "Let the producers write encrypted records", PHProducerRole, a.Producers, "kinesis:PutRecord kinesis:PutRecords", streamARN},
		{DocKinesisConsumer, StepIDConsumers, "Let the consumers read encrypted records", PHConsumerRole, a.Consumers, "kinesis:GetRecords", streamARN},
		{DocKinesisAdmin, StepIDAdmins, "Let the administrators manage the stream's encryption", PHAdminRoleName, nil, "kinesis:StartStreamEncryption", streamARN},
	}
	for _, k := range kinds {
		m, ok := b.ManagedPolicy(k.id)
		if !ok {
			continue
		}
		lines := []string{createPolicy(b, m)}
		verifyARN := ""
		note := "Attach it to " + b.Doc(k.id).Target + ", before encryption is turned on: afterwards, a principal without the key permission can no longer write or read."
		if k.id == DocKinesisAdmin {
			note = "Attach it to " + b.Doc(k.id).Target + ": they need it to turn encryption on."
		}
		for _, p := range k.principals {
			if kind, name, ok := b.PrincipalName(p); ok {
				lines = append(lines, cmd("aws iam attach-"+kind+"-policy --"+kind+"-name", name, "--policy-arn", m.ARN(b)))
				if verifyARN == "" {
					verifyARN = p
				}
			} else {
				note += " " + p + " is not in account " + a.AccountID + ": give it the same permissions with a policy in its own account."
			}
		}
		if verifyARN == "" {
			lines = append(lines, cmd("aws iam attach-role-policy --role-name", k.placeholder, "--policy-arn", m.ARN(b)))
			verifyARN = "arn:" + b.Partition + ":iam::" + a.AccountID + ":role/" + k.placeholder
		}
		steps = append(steps, NextStep{ID: k.step, Title: k.title, Doc: k.id,
			Where: policyWhere(b, k.id, "Roles (or Users) → each of "+b.Doc(k.id).Target),
			CLI:   strings.Join(lines, "\n"),
			Verify: cmd("aws iam simulate-principal-policy --policy-source-arn", verifyARN, "--action-names "+k.actions+" --resource-arns", k.resource,
				"--query 'EvaluationResults[].EvalDecision'") + "\n# prints allowed",
			Note: note})
	}
	if b.Doc(DocKinesisKey) != nil {
		steps = append(steps, keyPolicyStep(b, DocKinesisKey, "Name the producers and consumers in the key policy",
			"Do this before turning encryption on. Merge, never replace: the key policy's other statements (its administrators, the account statement) must stay. A role created a moment ago may not be visible to KMS yet: if put-key-policy answers MalformedPolicyDocumentException, wait a minute and retry."))
	}
	steps = append(steps, NextStep{ID: StepIDEncrypt, Title: "Turn on server-side encryption with the key",
		Where: "Kinesis console → Data streams → " + stream + " → Configuration → Server-side encryption → Edit",
		CLI:   cmd("aws kinesis start-stream-encryption --region", region, "--stream-name", stream, "--encryption-type KMS --key-id", key),
		Verify: cmd("aws kinesis describe-stream-summary --region", region, "--stream-name", stream,
			"--query 'StreamDescriptionSummary.[EncryptionType,StreamStatus]' --output text") + "\n# prints KMS ACTIVE (UPDATING for a few seconds first)",
		Note: "Only records written after this are encrypted. The key can be changed at most 25 times in 24 hours."})
	var metrics []string
	for _, m := range []string{"PutRecord.Success", "PutRecords.Success", "GetRecords.Success"} {
		metrics = append(metrics, cmd("aws cloudwatch get-metric-statistics --region", region, "--namespace AWS/Kinesis --metric-name", m,
			"--dimensions", "Name=StreamName,Value="+stream, "--statistics Average --period 300")+
			` --start-time "$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%SZ)" --end-time "$(date -u +%Y-%m-%dT%H:%M:%SZ)"`)
	}
	steps = append(steps, NextStep{ID: StepIDMetrics, Title: "Watch that writes and reads still succeed",
		Where:  "CloudWatch console → Metrics → Kinesis → Stream metrics → " + stream,
		CLI:    strings.Join(metrics, "\n"),
		Verify: "The averages stay at 1. Below 1, producers or consumers lack the key permissions: check steps above.",
		Note:   "The date arguments use GNU date; on macOS use date -u -v-1H instead of -d '1 hour ago'."})
	return steps
}

// createPolicy is the command that creates a customer managed policy.
func createPolicy(b *Bundle, m ManagedPolicy) string {
	return cmd("aws iam create-policy --policy-name", m.Name, "--policy-document", "file://"+m.DocID+".json")
}

// attachManaged lists the commands that attach the bundle's AWS managed
// policies for one kind of principal.
func attachManaged(b *Bundle, to, command, name string) []string {
	var out []string
	for _, at := range b.Attachments {
		if at.To == to {
			out = append(out, cmd(command, name, "--policy-arn", at.PolicyARN))
		}
	}
	return out
}

func policyWhere(b *Bundle, doc, attach string) string {
	var managed []string
	for _, at := range b.Attachments {
		if (at.To == AttachRole && strings.HasPrefix(attach, "Roles")) || (at.To == AttachUser && strings.HasPrefix(attach, "Users")) {
			managed = append(managed, at.Name)
		}
	}
	var parts []string
	if doc != "" {
		m, _ := b.ManagedPolicy(doc)
		parts = append(parts, "IAM console → Policies → Create policy → JSON (paste "+doc+".json), name it "+m.Name)
	}
	if doc != "" {
		managed = append([]string{policyNameOf(b, doc)}, managed...)
	}
	what := strings.Join(managed, " and ")
	parts = append(parts, "IAM console → "+attach+" → Add permissions → Attach policies → "+what)
	return strings.Join(parts, "; then ")
}

func policyNameOf(b *Bundle, doc string) string {
	p, _ := b.ManagedPolicy(doc)
	return p.Name
}

// cmd joins a command's words: the fixed start and flags as they are, and
// every value quoted for the shell when it needs it.
func cmd(fixed string, values ...string) string {
	var sb strings.Builder
	sb.WriteString(fixed)
	for _, v := range values {
		sb.WriteByte(' ')
		// Flags (and their fixed arguments) are permwiz's own words, already
		// written for the shell; everything else is a value.
		if strings.HasPrefix(v, "--") {
			sb.WriteString(v)
			continue
		}
		sb.WriteString(ShellQuote(v))
	}
	return sb.String()
}

// ShellQuote quotes s for a POSIX shell when it holds anything but letters,
// digits and the characters of ARNs and paths that no shell interprets.
// Placeholders such as <user-name> are quoted too, so a command pasted
// before they are filled in fails instead of redirecting.
func ShellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@+%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// NextStepsMarkdown is NEXT-STEPS.md: the steps as a numbered Markdown
// document.
func NextStepsMarkdown(b *Bundle) []byte {
	var buf bytes.Buffer
	a := b.Answers
	buf.WriteString("# Next steps\n\n")
	if a.Setup == SetupKinesis {
		fmt.Fprintf(&buf, "Encrypting the Kinesis stream `%s` (account %s, %s) with the KMS key\n`%s`.\n", b.Stream.Name, a.AccountID, a.Region, a.KMSKeyARN)
	} else {
		fmt.Fprintf(&buf, "Setting up Amazon Personalize in account %s, %s, with the service role\n`%s`.\n", a.AccountID, a.Region, b.Role.ARN)
	}
	if a.Setup == SetupKinesis {
		buf.WriteString("\nDo the steps in this order: producers and consumers must be able to use the key before\n" +
			"encryption is turned on, or their writes and reads fail.")
	} else {
		buf.WriteString("\nDo the steps in this order: a key policy can only name a role that already exists, and the\n" +
			"user policy names the role.")
	}
	buf.WriteString(" The commands read the documents as `<id>.json` from the folder\n" +
		"`permwiz generate --out DIR` wrote, and `answers.yaml` from the same folder. Values in\n" +
		"angle brackets, such as `" + PHUserName + "`, are yours to fill in.\n")
	for _, s := range NextSteps(b) {
		fmt.Fprintf(&buf, "\n## %d. %s\n\n", s.N, s.Title)
		if s.Doc != "" {
			fmt.Fprintf(&buf, "Document: `%s.json`, for %s\n\n", s.Doc, b.Doc(s.Doc).Target)
		}
		fmt.Fprintf(&buf, "Where: %s\n\n", s.Where)
		if s.Note != "" {
			fmt.Fprintf(&buf, "%s\n\n", s.Note)
		}
		fmt.Fprintf(&buf, "```sh\n%s\n```\n\nVerify:\n\n", s.CLI)
		if strings.HasPrefix(s.Verify, "aws ") {
			fmt.Fprintf(&buf, "```sh\n%s\n```\n", s.Verify)
		} else {
			fmt.Fprintf(&buf, "%s\n", s.Verify)
		}
	}
	return buf.Bytes()
}
