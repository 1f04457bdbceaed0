package apply

import (
	"strings"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// The steps of each setup, in the order AWS requires: the role before
// anything that names it, the key policy after the role, the bucket last;
// for Kinesis every permission before encryption is turned on. Each step
// says which document it uses, where it goes in the console and how to
// check it; its actions say what is done.

func personalizeSteps(p *Plan) []Step {
	var steps []Step
	role := p.Role
	if role.Existing {
		steps = append(steps, Step{ID: StepRole, Title: "Update the service role's trust policy", Doc: wizard.DocRoleTrustPolicy,
			Where:   "IAM console → Roles → " + role.Name + " → Trust relationships → Edit trust policy: add permwiz's statement, keep the others",
			Actions: []Action{MergePut{Policy: TrustPolicy, Doc: wizard.DocRoleTrustPolicy, Resource: role.Name, Owner: p.Account}},
			Verify: cmd("aws iam get-role --role-name", role.Name, "--query Role.AssumeRolePolicyDocument") +
				"\n# shows the condition on aws:SourceAccount " + p.Account + " beside the statements that were there before",
			Note: "The role already exists (" + wizard.Flag(wizard.FieldRoleARN) + "): it is not created again, and permwiz's statement is merged into its trust policy. " +
				"update-assume-role-policy replaces the whole trust policy, so merge: the principals the role trusts already keep it."})
	} else {
		steps = append(steps, Step{ID: StepRole, Title: "Create the service role with its trust policy", Doc: wizard.DocRoleTrustPolicy,
			Where:   "IAM console → Roles → Create role → Custom trust policy (paste " + wizard.DocRoleTrustPolicy + ".json), role name " + role.Name,
			Actions: []Action{CreateRole{Role: role, TrustDoc: wizard.DocRoleTrustPolicy}},
			Verify:  cmd("aws iam get-role --role-name", role.Name, "--query Role.Arn") + "\n# prints " + role.ARN})
	}

	// The role's permissions: the custom policy or the AWS managed one.
	var acts []Action
	doc := ""
	if m, ok := p.Policy(wizard.DocRolePolicy); ok {
		doc = wizard.DocRolePolicy
		acts = append(acts, EnsurePolicy{m}, Attach{m.ARN, p.serviceRole()})
	}
	acts = append(acts, p.attachManaged(KindRole, p.serviceRole())...)
	steps = append(steps, Step{ID: StepRolePolicy, Title: "Give the service role its Personalize permissions", Doc: doc,
		Where:   p.policyWhere(doc, KindRole, "Roles → "+role.Name),
		Actions: acts,
		Verify: cmd("aws iam list-attached-role-policies --role-name", role.Name) + "\n" +
			cmd("aws iam simulate-principal-policy --policy-source-arn", role.ARN, "--action-names personalize:DescribeDatasetGroup --query 'EvaluationResults[].EvalDecision'") +
			"\n# prints allowed"})

	if s, ok := userStep(p); ok {
		steps = append(steps, s)
	}

	if key := p.Key.ARN; key != "" {
		if m, ok := p.Policy(wizard.DocRoleKMSPolicy); ok {
			steps = append(steps, Step{ID: StepRoleKMS, Title: "Let the service role use the KMS key", Doc: wizard.DocRoleKMSPolicy,
				Where:   p.policyWhere(wizard.DocRoleKMSPolicy, KindRole, "Roles → "+role.Name),
				Actions: []Action{EnsurePolicy{m}, Attach{m.ARN, p.serviceRole()}},
				Verify: cmd("aws iam simulate-principal-policy --policy-source-arn", role.ARN,
					"--action-names kms:Decrypt kms:GenerateDataKey --resource-arns", key, "--query 'EvaluationResults[].EvalDecision'") + "\n# prints allowed, allowed"})
		}
		steps = append(steps, keyPolicyStep(p, wizard.DocKMSKeyPolicy, "Add Amazon Personalize and the service role to the key policy",
			"The role must exist before a key policy can name it, and KMS may not see a new role for a minute: if put-key-policy answers MalformedPolicyDocumentException, wait and retry. Merge, never replace: the key policy's other statements (its administrators, the account statement) must stay."))
	}

	if d := p.Doc(wizard.DocBatchOutputKeyPolicy); d != nil {
		steps = append(steps, batchKeyStep(p))
	}

	if m, ok := p.Policy(wizard.DocRoleS3Policy); ok {
		steps = append(steps, Step{ID: StepRoleS3, Title: "Let the service role use the bucket", Doc: wizard.DocRoleS3Policy,
			Where:   p.policyWhere(wizard.DocRoleS3Policy, KindRole, "Roles → "+role.Name),
			Actions: []Action{EnsurePolicy{m}, Attach{m.ARN, p.serviceRole()}},
			Verify: cmd("aws iam simulate-principal-policy --policy-source-arn", role.ARN, "--action-names "+strings.Join(p.Doc(wizard.DocRoleS3Policy).Policy.Statement[0].Action, " ")+" --resource-arns",
				policy.ObjectsARN(p.Partition, p.Bucket), "--query 'EvaluationResults[].EvalDecision'") +
				"\n# s3:ListBucket is checked on the bucket itself and shows implicitDeny on objects: that is expected"})
	}
	for _, bk := range []struct {
		id     StepID
		doc    string
		bucket string
		title  string
	}{
		{StepBucketPolicy, wizard.DocS3BucketPolicy, p.Bucket, "Add Amazon Personalize to the bucket policy"},
		{StepOutputBucket, wizard.DocS3OutputBucketPolicy, p.OutputBucket, "Add Amazon Personalize to the output bucket's policy"},
	} {
		d := p.Doc(bk.doc)
		if d == nil {
			continue
		}
		var sids []string
		for _, s := range d.Policy.Statement {
			sids = append(sids, s.Sid)
		}
		bucket := MergePut{Policy: BucketPolicy, Doc: bk.doc, Resource: bk.bucket, Owner: p.Account}
		steps = append(steps, Step{ID: bk.id, Title: bk.title, Doc: bk.doc,
			Where:   "S3 console → Buckets → " + bk.bucket + " → Permissions → Bucket policy → Edit",
			Actions: []Action{bucket},
			Verify:  getPolicyCmd(bucket.Policy, wordsOf(bucket, true, word)) + "\n# shows the statement " + strings.Join(sids, ", ") + " beside the bucket's other statements",
			Note:    "A bucket policy is one document: put-bucket-policy replaces it whole, so merge into the current one."})
	}
	return steps
}

// batchKeyStep merges the batch output key's policy. Like the setup's own
// key, only the key's account can change it.
func batchKeyStep(p *Plan) Step {
	arn := p.bundle.Answers.BatchOutputKMSKeyARN
	owner, region, id := p.Account, p.Region, arn[strings.LastIndex(arn, "/")+1:]
	if a, err := policy.ParseARN(arn); err == nil {
		owner, region = a.Account, a.Region
	}
	m := MergePut{Policy: KeyPolicy, Doc: wizard.DocBatchOutputKeyPolicy, Resource: arn, Region: region, Owner: owner, OtherAccount: owner != p.Account}
	where := "KMS console → Customer managed keys → " + id + " → Key policy → Edit (policy view): add permwiz's statement, keep the others"
	note := "Batch jobs write their output encrypted with this key as the service role. Give the same key as the job's s3DataDestination.kmsKeyArn. Merge, never replace."
	if m.OtherAccount {
		where = "the KMS console of account " + owner + ", the key's owner → " + where[len("KMS console → "):]
		note = "The key belongs to account " + owner + ": only that account can change its key policy; its administrators run these commands with its credentials, beside answers.yaml. " + note
	}
	return Step{ID: StepBatchKey, Title: "Let the service role encrypt batch output with its key", Doc: wizard.DocBatchOutputKeyPolicy,
		Where: where, Actions: []Action{m},
		Verify: getPolicyCmd(KeyPolicy, wordsOf(m, true, word)) + "\n# shows AllowPersonalizeRoleToEncryptBatchOutput beside the statements that were there before",
		Note:   note}
}

func userStep(p *Plan) (Step, bool) {
	user := Principal{Kind: KindUser, Name: PHUserName, ARN: "arn:" + p.Partition + ":iam::" + p.Account + ":user/" + PHUserName,
		Placeholder: true, Var: "USER_NAME", OrGroup: true}
	var acts []Action
	doc := ""
	if m, ok := p.Policy(wizard.DocUserPolicy); ok {
		doc = wizard.DocUserPolicy
		acts = append(acts, EnsurePolicy{m}, Attach{m.ARN, user})
	}
	acts = append(acts, p.attachManaged(KindUser, user)...)
	if len(acts) == 0 {
		return Step{}, false
	}
	verify := cmd("aws iam list-attached-user-policies --user-name", PHUserName)
	if p.bundle.Answers.UserAccess != wizard.AccessManaged {
		verify = cmd("aws iam simulate-principal-policy --policy-source-arn", user.ARN,
			"--action-names iam:PassRole --resource-arns", p.Role.ARN,
			"--context-entries Key=iam:PassedToService,Values=personalize.amazonaws.com,Type=string --query 'EvaluationResults[].EvalDecision'") +
			"\n# prints allowed"
	}
	return Step{ID: StepUser, Title: "Give your users permission to use Personalize and pass the role", Doc: doc,
		Where:   p.policyWhere(doc, KindUser, "Users (or User groups) → "+PHUserName),
		Actions: acts,
		Verify:  verify,
		Note:    "For a group, use attach-group-policy --group-name " + PHGroupName + " instead of attach-user-policy."}, true
}

func keyPolicyStep(p *Plan, doc, title, note string) Step {
	sids := []string{}
	for _, s := range p.Doc(doc).Policy.Added() {
		sids = append(sids, s.Sid)
	}
	merge := MergePut{Policy: KeyPolicy, Doc: doc, Resource: p.Key.ARN, Region: p.Key.Region, Owner: p.Account}
	where := "KMS console → Customer managed keys → " + p.Key.ID + " → Key policy → Edit (policy view): add permwiz's statements, keep the others"
	if p.Key.OtherAccount {
		merge.Owner, merge.OtherAccount = p.Key.Account, true
		where = "the KMS console of account " + p.Key.Account + ", the key's owner → Customer managed keys → " + p.Key.ID + " → Key policy → Edit (policy view): add permwiz's statements, keep the others"
		note = p.keyOwnerNote() + " " + note
	}
	return Step{ID: StepKeyPolicy, Title: title, Doc: doc,
		Where:   where,
		Actions: []Action{merge},
		Verify:  getPolicyCmd(merge.Policy, wordsOf(merge, true, word)) + "\n# shows " + strings.Join(sids, ", ") + " beside the statements that were there before",
		Note:    note}
}

func kinesisSteps(p *Plan) []Step {
	var steps []Step
	a := p.bundle.Answers
	kinds := []struct {
		id          string
		step        StepID
		title       string
		placeholder string
		principals  []string
		actions     string
		nameVar     string // apply.sh's variable for the placeholder's name ("" if none)
		who         string // whom the placeholder stands for ("" for the document's target)
	}{
		{wizard.DocKinesisProducer, StepProducers, "Let the producers write encrypted records", PHProducerRole, a.Producers, "kinesis:PutRecord kinesis:PutRecords", "", ""},
		{wizard.DocKinesisConsumer, StepConsumers, "Let the consumers read encrypted records", PHConsumerRole, a.Consumers, "kinesis:GetRecords", "", ""},
		{wizard.DocKinesisAdmin, StepAdmins, "Let the administrators manage the stream's encryption", PHAdminRoleName, nil, "kinesis:StartStreamEncryption", "ADMIN_ROLE_NAME", "the roles that manage the stream's encryption"},
	}
	for _, k := range kinds {
		m, ok := p.Policy(k.id)
		if !ok {
			continue
		}
		d := p.Doc(k.id)
		note := "Attach it to " + d.Target + ", before encryption is turned on: afterwards, a principal without the key permission can no longer write or read."
		if k.id == wizard.DocKinesisAdmin {
			note = "Attach it to " + d.Target + ": they need it to turn encryption on."
		}
		if m.OnlyElsewhere {
			// Every principal is in another account: the plan's account
			// creates nothing and attaches nothing; each of those accounts
			// does both, and checks its own principal.
			var acts []Action
			verify := ""
			for _, arn := range k.principals {
				acts = append(acts, AttachElsewhere{PrincipalARN: arn, Doc: k.id})
				if to, ok := elsewhere(arn); ok && verify == "" {
					verify = cmd("aws iam simulate-principal-policy --policy-source-arn", arn, "--action-names "+k.actions+" --resource-arns", p.Stream.ARN,
						"--query 'EvaluationResults[].EvalDecision'") + "\n# run by account " + to.account + " with its credentials; prints allowed"
				}
			}
			if verify == "" {
				verify = "Account " + strings.Join(m.Elsewhere, ", ") + " checks that its own principals are allowed " + k.actions + " on " + p.Stream.ARN + "."
			}
			accounts := "account " + strings.Join(m.Elsewhere, ", account ")
			steps = append(steps, Step{ID: k.step, Title: k.title, Doc: k.id,
				Where:   "in " + accounts + ": IAM console → Policies → Create policy → JSON (paste " + k.id + ".json), name it " + m.Name + "; then IAM console → Roles (or Users) → each of " + d.Target + " → Add permissions → Attach policies → " + m.Name,
				Actions: acts,
				Verify:  verify,
				Note: note + " Every one of them is in another account than " + p.Account + ": nothing is created or attached in " + p.Account + "; " +
					accounts + " creates the policy and attaches it, with its own credentials (the commands below)."})
			continue
		}
		acts := []Action{EnsurePolicy{m}}
		verifyARN := ""
		for _, arn := range k.principals {
			if to, ok := p.principal(arn); ok {
				acts = append(acts, Attach{m.ARN, to})
				if verifyARN == "" {
					verifyARN = arn
				}
			} else {
				acts = append(acts, AttachElsewhere{PrincipalARN: arn, Doc: k.id})
				note += " " + arn + " is not in account " + p.Account + ": give it the same permissions with a policy in its own account."
			}
		}
		if verifyARN == "" {
			who := k.who
			if who == "" {
				who = d.Target
			}
			to := Principal{Kind: KindRole, Name: k.placeholder, ARN: policy.RoleARN(p.Partition, p.Account, "/", k.placeholder),
				Placeholder: true, Var: k.nameVar, Who: who}
			acts = append(acts, Attach{m.ARN, to})
			verifyARN = to.ARN
		}
		steps = append(steps, Step{ID: k.step, Title: k.title, Doc: k.id,
			Where:   p.policyWhere(k.id, KindRole, "Roles (or Users) → each of "+d.Target),
			Actions: acts,
			Verify: cmd("aws iam simulate-principal-policy --policy-source-arn", verifyARN, "--action-names "+k.actions+" --resource-arns", p.Stream.ARN,
				"--query 'EvaluationResults[].EvalDecision'") + "\n# prints allowed",
			Note: note})
	}
	if p.Doc(wizard.DocKinesisKey) != nil {
		steps = append(steps, keyPolicyStep(p, wizard.DocKinesisKey, "Name the producers, consumers and administrators in the key policy",
			"Do this before turning encryption on. Merge, never replace: the key policy's other statements (its administrators, the account statement) must stay. A role created a moment ago may not be visible to KMS yet: if put-key-policy answers MalformedPolicyDocumentException, wait a minute and retry."))
	}
	if p.Doc(wizard.DocKinesisStream) != nil {
		m := MergePut{Policy: StreamPolicy, Doc: wizard.DocKinesisStream, Resource: p.Stream.ARN, Region: p.Region, Owner: p.Account}
		note := "Principals of another account reach the stream only through its resource-based policy, beside the policy their own account attaches to them (the steps above print those commands). " +
			"put-resource-policy replaces the stream's whole policy, so merge."
		if a.Reads(wizard.ConsumerEFO) || a.Reads(wizard.ConsumerKCL) {
			note += " Enhanced fan-out: SubscribeToShard acts on the registered consumer, which has a policy of its own; once the other account has registered it, put the same consumer statement on it: " +
				cmd("aws kinesis put-resource-policy --region", p.Region, "--resource-arn", p.Stream.ARN+"/consumer/<consumer-name>:<creation-timestamp>", "--policy") +
				" with Action kinesis:DescribeStreamConsumer and kinesis:SubscribeToShard and that consumer ARN as Resource (aws kinesis list-stream-consumers --stream-arn " + p.Stream.ARN + " shows it)."
		}
		steps = append(steps, Step{ID: StepStreamPolicy, Title: "Share the stream with the producers and consumers of other accounts", Doc: wizard.DocKinesisStream,
			Where:   "Kinesis console → Data streams → " + p.Stream.Name + " → Data stream sharing → Edit: add permwiz's statements, keep the others",
			Actions: []Action{m},
			Verify:  getPolicyCmd(StreamPolicy, wordsOf(m, true, word)) + "\n# shows the statements of " + wizard.DocKinesisStream + ".json beside those that were there before",
			Note:    note})
	}
	region, stream := p.Region, p.Stream.Name
	steps = append(steps, Step{ID: StepEncrypt, Title: "Turn on server-side encryption with the key",
		Where:   "Kinesis console → Data streams → " + stream + " → Configuration → Server-side encryption → Edit",
		Actions: []Action{EnableEncryption{Region: region, Stream: stream, KeyARN: p.Key.ARN}},
		Verify: cmd("aws kinesis describe-stream-summary --region", region, "--stream-name", stream,
			"--query 'StreamDescriptionSummary.[EncryptionType,StreamStatus]' --output text") + "\n# prints KMS ACTIVE (UPDATING for a few seconds first)",
		Note: "Only records written after this are encrypted. The key can be changed at most 25 times in 24 hours."})
	steps = append(steps, Step{ID: StepMetrics, Title: "Watch that writes and reads still succeed",
		Where:   "CloudWatch console → Metrics → Kinesis → Stream metrics → " + stream,
		Actions: []Action{WatchMetrics{Region: region, Stream: stream, Metrics: []string{"PutRecord.Success", "PutRecords.Success", "GetRecords.Success"}}},
		Verify:  "The averages stay at 1. Below 1, producers or consumers lack the key permissions: check steps above.",
		Note:    "The date arguments use GNU date; on macOS use date -u -v-1H instead of -d '1 hour ago'."})
	return steps
}

// attachManaged attaches the bundle's AWS managed policies for one kind of
// principal to it.
func (p *Plan) attachManaged(kind string, to Principal) []Action {
	var out []Action
	for _, at := range p.Managed {
		if at.To == kind {
			out = append(out, Attach{at.PolicyARN, to})
		}
	}
	return out
}

// policyWhere is the console path that creates the customer managed policy
// of doc (if any) and attaches it, with the AWS managed policies for kind,
// on the page attach.
func (p *Plan) policyWhere(doc, kind, attach string) string {
	var managed []string
	for _, at := range p.Managed {
		if at.To == kind {
			managed = append(managed, at.Name)
		}
	}
	var parts []string
	if m, ok := p.Policy(doc); ok {
		parts = append(parts, "IAM console → Policies → Create policy → JSON (paste "+doc+".json), name it "+m.Name)
		managed = append([]string{m.Name}, managed...)
	}
	parts = append(parts, "IAM console → "+attach+" → Add permissions → Attach policies → "+strings.Join(managed, " and "))
	return strings.Join(parts, "; then ")
}
