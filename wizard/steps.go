package wizard

// Step IDs beyond the Personalize ones in personalize.go: the screens that
// come before and after the setup's own steps, and the Kinesis steps.
const (
	StepStart      = "start"
	StepBasics     = "basics"
	StepKey        = "key"
	StepPrincipals = "principals"
	StepPolicies   = "policies"
	StepReview     = "review"
	StepOutput     = "output"
)

// Step is one screen of the wizard: what it asks, why, and which documents
// it shapes (the ones its live preview shows).
type Step struct {
	ID     string
	Title  string
	Short  string   // the title in a word, for a narrow step list ("" → Title)
	Fields []string // field names, in the order asked
	Why    string   // one or two sentences: why this step is needed
	Source string   // the AWS page the why comes from
	Docs   []string // document IDs the preview shows, when the answers produce them
	// Numbered is false for the screens around the setup's own steps
	// (start, basics, review), which the "Step 2 of 4" count leaves out.
	Numbered bool
}

// Steps returns the wizard's screens for the answers, in order. The list
// depends on the answers: the setup decides the steps, an existing role's
// ARN replaces the role's name and path, and what the key encrypts is asked
// only once there is a key.
func Steps(a Answers) []Step {
	n := a.Normalized()
	start := Step{ID: StepStart, Title: "Setup", Fields: []string{FieldSetup},
		Why:    "permwiz builds the permissions for Amazon Personalize, or for a Kinesis data stream encrypted with your own KMS key.",
		Source: docPersonalizeSetup}
	if n.Setup == SetupKinesis {
		start.Source = docKinesisKMS
		policies := []string{FieldPolicies, FieldProducerKind, FieldConsumerKinds}
		if n.Reads(ConsumerKCL) {
			policies = append(policies, FieldKCLApplication)
		}
		return []Step{start,
			{ID: StepBasics, Title: "Account and region", Short: "Basics", Fields: []string{FieldAccountID, FieldRegion},
				Why:    "Every ARN names the account and the region; the region also decides the partition (aws, aws-cn, aws-us-gov). The key and the stream must be in the same region.",
				Source: docKinesisKMS, Docs: []string{DocKinesisProducer, DocKinesisConsumer, DocKinesisAdmin}},
			{ID: StepStream, Title: "Stream", Numbered: true, Fields: []string{FieldStream},
				Why:    "Producers and consumers get access to this one stream only. Its ARN includes stream/, which the AWS example policy leaves out.",
				Source: docKinesisKMS, Docs: []string{DocKinesisProducer, DocKinesisConsumer, DocKinesisAdmin}},
			{ID: StepKey, Title: "KMS key", Short: "Key", Numbered: true, Fields: []string{FieldKMSKeyARN},
				Why:    "With server-side encryption, writing a record needs kms:GenerateDataKey and reading one needs kms:Decrypt on the stream's customer managed key.",
				Source: docKinesisKMS, Docs: []string{DocKinesisProducer, DocKinesisConsumer, DocKinesisAdmin, DocKinesisKey}},
			{ID: StepPrincipals, Title: "Producers, consumers and administrators", Short: "Principals", Numbered: true, Fields: []string{FieldProducers, FieldConsumers, FieldAdmins},
				Why:    "Naming the roles in the key policy lets producers and consumers use the key only through Kinesis and only for this stream. Optional for a key of your account; a key of another account trusts nobody of yours until its key policy names them (or your account), and principals of another account than the stream's also need the stream's resource policy.",
				Source: docKMSCrossAccount, Docs: []string{DocKinesisKey, DocKinesisStream}},
			{ID: StepPolicies, Title: "Policies", Numbered: true, Fields: policies,
				Why:    "Producers, consumers and the administrators who turn encryption on each need their own identity policy, and each kind of client calls other actions (the KPL, the KCL, enhanced fan-out, Lambda): build the ones you need.",
				Source: docKinesisKCLPermissions, Docs: []string{DocKinesisProducer, DocKinesisConsumer, DocKinesisAdmin, DocKinesisStream}},
			review(docKinesisSSE)}
	}
	basics := Step{ID: StepBasics, Title: "Account, region and role", Short: "Basics", Fields: []string{FieldAccountID, FieldRegion, FieldRoleName},
		Why:    "Every ARN names the account and region (the region decides the partition), and the user policy already names the service role it may pass to Personalize, so its name comes first.",
		Source: docPersonalizeUser, Docs: []string{DocUserPolicy, DocRoleTrustPolicy}}
	role := Step{ID: StepRole, Title: "Service role", Short: "Role", Numbered: true, Fields: []string{FieldRolePath, FieldRoleAccess, FieldAnyRegion},
		Why:    "Amazon Personalize works with your resources through a service role you create; its trust policy lets only Personalize, acting for your account, assume it (the confused-deputy guard).",
		Source: docPersonalizeRole, Docs: []string{DocRoleTrustPolicy, DocRolePolicy, DocUserPolicy, DocKMSKeyPolicy}}
	role.Fields = append([]string{FieldRoleMode}, role.Fields...)
	if n.RoleMode == RoleExisting { // Normalized: the default when a role ARN is given
		// An existing role: its ARN, asked where the choice is made,
		// replaces the name and path of a role to create.
		basics.Fields = []string{FieldAccountID, FieldRegion}
		role.Fields = []string{FieldRoleMode, FieldRoleARN, FieldRoleAccess, FieldAnyRegion}
		basics.Title, basics.Why = "Account and region", "Every ARN names the account and region; the region decides the partition (aws, aws-cn, aws-us-gov)."
		role.Why = "Amazon Personalize works with your resources through the existing service role you name; its trust policy must let only Personalize, acting for your account, assume it (the confused-deputy guard), and the policies below name it by its ARN, path included."
	}
	kms := Step{ID: StepKMS, Title: "KMS", Numbered: true, Fields: []string{FieldKMSKeyARN},
		Why:    "Only if a customer managed key encrypts the dataset group or the bucket: the key policy must let Personalize and the service role use it. Leave it empty when AWS owned keys are enough.",
		Source: docPersonalizeKMS, Docs: []string{DocKMSKeyPolicy, DocRoleKMSPolicy, DocUserPolicy}}
	if n.KMSKeyARN != "" {
		kms.Fields = append(kms.Fields, FieldKeyUse)
	}
	var output []string
	if n.writesS3() {
		output = append(output, FieldOutputBucket)
	}
	for _, w := range []struct {
		wf    Workflow
		field string
	}{{WorkflowBatch, FieldBatchOutputPrefix}, {WorkflowExport, FieldExportPrefix}, {WorkflowMetrics, FieldMetricsPrefix}} {
		if n.Has(w.wf) {
			output = append(output, w.field)
		}
	}
	if n.Has(WorkflowBatch) {
		output = append(output, FieldBatchOutputKMSKeyARN)
	}
	steps := []Step{start, basics,
		{ID: StepUser, Title: "User policy", Short: "User", Numbered: true, Fields: []string{FieldUserAccess, FieldCloudWatch},
			Why:    "The IAM user, group or role you work as needs permission to use Personalize and to pass the service role to it (iam:PassRole, only to Personalize).",
			Source: docPersonalizeUser, Docs: []string{DocUserPolicy}},
		role, kms,
		{ID: StepS3, Title: "S3", Numbered: true, Fields: []string{FieldBucket, FieldWorkflows},
			Why:    "Personalize reads your data from S3 and writes results there: the service role needs an S3 policy and the bucket needs a bucket policy that allows Personalize, for the workflows you use.",
			Source: docPersonalizeS3, Docs: []string{DocRoleS3Policy, DocS3BucketPolicy}}}
	if len(output) > 0 {
		steps = append(steps, Step{ID: StepOutput, Title: "Output", Numbered: true, Fields: output,
			Why:    "Optional: AWS recommends another bucket or prefix for batch and export output. Give them and the role may write only there; a key for batch output gets its key policy.",
			Source: docPersonalizeBatchOutput, Docs: []string{DocRoleS3Policy, DocS3OutputBucketPolicy, DocS3BucketPolicy, DocRoleKMSPolicy, DocBatchOutputKeyPolicy}})
	}
	return append(steps, review(docPersonalizeSetup))
}

// ShortTitle names the step in a narrow step list.
func (s Step) ShortTitle() string {
	if s.Short != "" {
		return s.Short
	}
	return s.Title
}

func review(source string) Step {
	return Step{ID: StepReview, Title: "Review", Source: source,
		Why: "Every document, its size against its AWS limit, and the order to apply them in."}
}

// StepIndex returns the index of the step with the given ID, or -1.
func StepIndex(steps []Step, id string) int {
	for i, s := range steps {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// Numbering returns the step's number and the count of numbered steps
// ("Step 2 of 4"), or 0, n for a screen without a number.
func Numbering(steps []Step, i int) (num, of int) {
	for j, s := range steps {
		if !s.Numbered {
			continue
		}
		of++
		if j <= i {
			num = of
		}
	}
	if i < 0 || i >= len(steps) || !steps[i].Numbered {
		num = 0
	}
	return num, of
}
