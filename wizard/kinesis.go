package wizard

import (
	"slices"

	"github.com/permwiz/permwiz/policy"
)

// The Kinesis actions each kind of client calls on the stream, in the order
// permwiz writes them, from the AWS page of each kind.
var (
	// "Grant DescribeStreamSummary permission to the KPL": without it the
	// KPL cannot tell a service-managed stream and aggregates records that
	// KCL consumers then silently drop. SDK producers get it too: it is how
	// a producer checks that the stream is ACTIVE, and it reads no data.
	producerStreamActions = []string{"kinesis:DescribeStreamSummary", "kinesis:PutRecord", "kinesis:PutRecords"}
	// The KPL also lists the shards to predict where its aggregated records
	// land ("KPL minimum permissions").
	kplStreamActions = []string{"kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"}

	consumerActionOrder = []string{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards",
		"kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:RegisterStreamConsumer"}
	consumerStreamActions = map[ConsumerKind][]string{
		// GetRecords needs a shard iterator, and current clients list shards
		// first ("Controlling access to Amazon Kinesis Data Streams
		// resources using IAM"; the AWS example leaves GetShardIterator out).
		ConsumerPolling: {"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"},
		// "IAM permissions required for KCL consumer applications".
		ConsumerKCL: {"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:RegisterStreamConsumer"},
		// "Develop enhanced fan-out consumers with the Kinesis Data Streams API".
		ConsumerEFO: {"kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:RegisterStreamConsumer"},
		// "Lambda execution role permissions" for Kinesis event sources.
		ConsumerLambda: {"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"},
	}
	efoConsumerActions  = []string{"kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"}
	kclLeaseActions     = []string{"dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
	kclMetadataActions  = []string{"dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
	kinesisAdminActions = []string{"kinesis:DescribeStreamSummary", "kinesis:StartStreamEncryption", "kinesis:StopStreamEncryption"}
)

// consumerActions is the union of the stream actions the chosen consumer
// kinds need, in a fixed order.
func consumerActions(a *Answers) policy.List {
	want := map[string]bool{}
	for _, k := range a.ConsumerKinds {
		for _, act := range consumerStreamActions[k] {
			want[act] = true
		}
	}
	out := make(policy.List, 0, len(consumerActionOrder))
	for _, act := range consumerActionOrder {
		if want[act] {
			out = append(out, act)
		}
	}
	return out
}

// usesEFO: KCL 2.x and later read with enhanced fan-out by default, and so
// do SDK EFO consumers and Lambda with a registered consumer.
func usesEFO(a *Answers) bool { return a.Reads(ConsumerEFO) || a.Reads(ConsumerKCL) }

func producerActions(a *Answers) policy.List {
	if a.ProducerKind == ProducerKPL {
		return policy.List(kplStreamActions)
	}
	return policy.List(producerStreamActions)
}

// kinesisKMSCondition limits use of the key to Kinesis, for this stream.
// kms:ViaService takes the .amazonaws.com name in every partition, and
// Kinesis uses the stream ARN as encryption context ("Permissions to use
// user-generated KMS keys", Amazon Kinesis Data Streams Developer Guide).
// The same condition goes into the IAM policies: for principals of the
// key's own account the key policy's account statement lets IAM policies
// grant the key, so a condition only in the key policy would not stop them
// from calling KMS directly or for another stream ("AWS KMS condition
// keys": both keys may be used in key policies and IAM policies).
func kinesisKMSCondition(v *values) policy.Condition {
	return make(policy.Condition, 0, 2).
		With("StringEquals", "kms:ViaService", "kinesis."+v.region+".amazonaws.com").
		With("StringEquals", "kms:EncryptionContext:aws:kinesis:arn", v.streamARN)
}

func buildKinesis(b *Bundle, a *Answers, v *values) {
	cond := kinesisKMSCondition(v)
	if a.Wants(KinesisProducer) {
		stmts := []policy.Statement{
			{Sid: "GenerateDataKeyForStream", Effect: policy.Allow, Action: policy.List{"kms:GenerateDataKey"},
				Resource: policy.Strings{v.keyARN}, Condition: cond,
				Reason: "Kinesis asks KMS for a data key, as the producer, to encrypt the records it writes; only through Kinesis and only for this stream.",
				Source: docKinesisKMS, Fields: shapedByKMSKeyARNStream},
			// The AWS example's Resource arn:aws:kinesis:*:123456789012:MyStream
			// lacks "stream/" and matches no stream.
			{Sid: "WriteToStream", Effect: policy.Allow, Action: producerActions(a),
				Resource: policy.Strings{v.streamARN},
				Reason:   "Write records to this stream only, and read its summary (the KPL needs kinesis:DescribeStreamSummary, or it may aggregate records that consumers silently drop). The ARN includes stream/, which the AWS example leaves out.",
				Source:   docKinesisKPLPermissions, Fields: shapedByStreamProducerKind},
		}
		if a.ProducerKind == ProducerKPL {
			stmts = append(stmts, policy.Statement{Sid: "PublishKPLMetrics", Effect: policy.Allow, Action: policy.List{"cloudwatch:PutMetricData"},
				Resource:  policy.Strings{"*"},
				Condition: make(policy.Condition, 0, 1).With("StringEquals", "cloudwatch:namespace", "KinesisProducerLibrary"),
				Reason:    "The KPL publishes its metrics to CloudWatch (namespace KinesisProducerLibrary by default); PutMetricData takes only Resource *, so the namespace condition scopes it.",
				Source:    docKinesisKPLMetrics, Fields: shapedByProducerKind,
				Exceptions: []policy.Exception{{Rule: "wildcard-resource",
					Why: "cloudwatch:PutMetricData supports no resource ARN; the cloudwatch:namespace condition limits it to the KPL's namespace."}}})
		}
		b.Docs = append(b.Docs, Doc{ID: DocKinesisProducer, Title: "Producer policy", Step: StepStream,
			Target: "the IAM roles or users that write to the stream",
			Why:    "Producers encrypt records with the key as they write them.", Source: docKinesisKMS,
			Policy: identity(stmts...)})
	}
	if a.Wants(KinesisConsumer) {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisConsumer, Title: "Consumer policy", Step: StepStream,
			Target: "the IAM roles or users that read the stream (including Lambda execution roles and KCL applications)",
			Why:    "Consumers decrypt records as they read them.", Source: docKinesisKMS,
			Policy: identity(consumerStatements(a, v, cond)...)})
	}
	if a.Wants(KinesisAdmin) {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisAdmin, Title: "Administrator policy", Step: StepStream,
			Target: "the IAM roles or users that manage the stream's encryption",
			Why:    "Administrators choose the key and turn server-side encryption on and off.", Source: docKinesisKMS,
			Policy: identity(
				// The AWS page grants kms:List*; only ListKeys and ListAliases
				// need Resource *, and they are all an administrator uses.
				policy.Statement{Sid: "ListKeysAndAliases", Effect: policy.Allow, Action: policy.List{"kms:ListAliases", "kms:ListKeys"}, Resource: policy.Strings{"*"},
					Reason: "Administrators list keys and aliases to choose one; kms:ListKeys and kms:ListAliases work only with Resource *.",
					Source: docKinesisKMS, Fields: shapedByPolicies,
					Exceptions: []policy.Exception{{Rule: "wildcard-resource",
						Why: "kms:ListKeys and kms:ListAliases accept only Resource * (KMS cmks-in-iam-policies)."}}},
				// The AWS page says kms:DescribeKey*; DescribeKey is the only action
				// it matches, so permwiz names it and scopes it to the key.
				policy.Statement{Sid: "DescribeStreamKey", Effect: policy.Allow, Action: policy.List{"kms:DescribeKey"}, Resource: policy.Strings{v.keyARN},
					Reason: "Administrators inspect the stream's key.",
					Source: docKinesisKMS, Fields: shapedByKMSKeyARN},
				policy.Statement{Sid: "ManageStreamEncryption", Effect: policy.Allow,
					Action:   policy.List(kinesisAdminActions),
					Resource: policy.Strings{v.streamARN},
					Reason:   "Turning server-side encryption on (after producers and consumers can use the key) and checking its status.",
					Source:   docKinesisSSE, Fields: shapedByStream},
			)})
	}
	if kp := kinesisKeyPolicy(a, v, cond); kp != nil {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisKey, Title: "KMS key policy", Step: StepStream,
			Target: "the KMS key (merge into its key policy)",
			Why:    "AWS's page on user-generated KMS keys asks that producers and consumers be allowed to use the key, in the key policy, before encryption is turned on; a key of another account trusts nobody of yours until its key policy names them.",
			Source: docKinesisKMS, Policy: kp})
	}
	if sp := kinesisStreamPolicy(a, v); sp != nil {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisStream, Title: "Stream resource policy", Step: StepStream,
			Target: "the Kinesis stream (its resource-based policy; merge)",
			Why:    "Principals of another account reach the stream only if its resource-based policy names them, besides their own IAM policy.",
			Source: docKinesisResourcePolicy, Policy: sp})
	}
}

func consumerStatements(a *Answers, v *values, cond policy.Condition) []policy.Statement {
	stmts := []policy.Statement{
		{Sid: "DecryptStreamRecords", Effect: policy.Allow, Action: policy.List{"kms:Decrypt"},
			Resource: policy.Strings{v.keyARN}, Condition: cond,
			Reason: "Kinesis decrypts the records, as the consumer, when it reads them; only through Kinesis and only for this stream.",
			Source: docKinesisKMS, Fields: shapedByKMSKeyARNStream},
		{Sid: "ReadStream", Effect: policy.Allow, Action: consumerActions(a),
			Resource: policy.Strings{v.streamARN},
			Reason:   "What the chosen consumers call on this stream: find its shards, get an iterator and read records (polling, KCL, Lambda), register a consumer (enhanced fan-out, KCL).",
			Source:   docKinesisAccess, Fields: shapedByStreamConsumerKinds},
	}
	if usesEFO(a) {
		stmts = append(stmts, policy.Statement{Sid: "ReadWithEnhancedFanOut", Effect: policy.Allow, Action: policy.List(efoConsumerActions),
			Resource: policy.Strings{v.streamARN + "/consumer/*"},
			Reason:   "Enhanced fan-out consumers (the KCL's default, and Lambda with a registered consumer) subscribe to shards through a consumer of this stream.",
			Source:   docKinesisKCLPermissions, Fields: shapedByStreamConsumerKinds})
	}
	if a.Reads(ConsumerKCL) {
		table := "arn:" + v.partition + ":dynamodb:" + v.region + ":" + kclTableAccount(v) + ":table/" + v.kclApp
		stmts = append(stmts,
			policy.Statement{Sid: "KCLLeaseTable", Effect: policy.Allow, Action: policy.List(kclLeaseActions),
				Resource: policy.Strings{table},
				Reason:   "The KCL keeps its leases in a DynamoDB table named after the application, and creates it on first start.",
				Source:   docKinesisKCLPermissions, Fields: shapedByKCLApplication},
			policy.Statement{Sid: "KCLLeaseTableIndex", Effect: policy.Allow, Action: policy.List{"dynamodb:Query"},
				Resource: policy.Strings{table + "/index/*"},
				Reason:   "KCL 3.x finds its leases through a global secondary index of the lease table.",
				Source:   docKinesisKCLDynamoDB, Fields: shapedByKCLApplication},
			policy.Statement{Sid: "KCLMetadataTables", Effect: policy.Allow, Action: policy.List(kclMetadataActions),
				Resource: policy.Strings{table + "-WorkerMetricStats", table + "-CoordinatorState"},
				Reason:   "KCL 3.x also keeps worker metrics and coordinator state in two tables named after the application.",
				Source:   docKinesisKCLPermissions, Fields: shapedByKCLApplication},
			policy.Statement{Sid: "KCLMetrics", Effect: policy.Allow, Action: policy.List{"cloudwatch:PutMetricData"},
				Resource:  policy.Strings{"*"},
				Condition: make(policy.Condition, 0, 1).With("StringEquals", "cloudwatch:namespace", v.kclApp),
				Reason:    "The KCL publishes its metrics to CloudWatch in a namespace named after the application; PutMetricData takes only Resource *, so the namespace condition scopes it.",
				Source:    docKinesisKCLMetrics, Fields: shapedByKCLApplication,
				Exceptions: []policy.Exception{{Rule: "wildcard-resource",
					Why: "cloudwatch:PutMetricData supports no resource ARN; the cloudwatch:namespace condition limits it to the KCL application's namespace."}}},
		)
	}
	return stmts
}

// kclTableAccount is the account of the KCL's DynamoDB tables: the KCL keeps
// them in the account whose credentials it runs with ("IAM permissions
// required for KCL consumer applications"). When a consumer belongs to
// another account, that account creates this same policy (NEXT-STEPS says
// so), so the table ARN names the caller's own account through the policy
// variable aws:PrincipalAccount rather than the stream's account.
func kclTableAccount(v *values) string {
	if len(crossAccount(v.consumers, v.account)) > 0 {
		return "${aws:PrincipalAccount}"
	}
	return v.account
}

// keyPrincipals returns who the key policy names for one role: the ARNs
// given, or, when the key belongs to another account and none are given
// but the policy is wanted, the answers' account root, so that the
// account's IAM policies can grant the key ("Allowing users in other
// accounts to use a KMS key": the key policy must trust the other account
// and an IAM policy there must grant its principals).
func keyPrincipals(listed []string, wanted bool, v *values) []string {
	if len(listed) > 0 {
		return listed
	}
	if wanted && v.keyOtherAccount {
		return []string{policy.AccountRootARN(v.partition, v.account)}
	}
	return nil
}

// kinesisKeyPolicy names the producers, consumers and administrators in the
// key policy, producers and consumers only through Kinesis and only for
// this stream. It is nil when the key's own default policy is enough: the
// key is the answers' account's and no principal is listed.
func kinesisKeyPolicy(a *Answers, v *values, cond policy.Condition) *policy.Document {
	producers := keyPrincipals(v.producers, a.Wants(KinesisProducer), v)
	consumers := keyPrincipals(v.consumers, a.Wants(KinesisConsumer), v)
	admins := keyPrincipals(v.admins, a.Wants(KinesisAdmin), v)
	if len(producers)+len(consumers)+len(admins) == 0 {
		return nil
	}
	stmts := []policy.Statement{accountStatement(v.partition, v.keyAccount)}
	if len(producers) > 0 {
		stmts = append(stmts, policy.Statement{Sid: "AllowKinesisProducersToEncrypt", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(producers...), Action: policy.List{"kms:GenerateDataKey"}, Resource: policy.Strings{"*"},
			Condition: cond,
			Reason:    "The producers may generate data keys, only through Kinesis and only for this stream.",
			Source:    docKinesisKMS, Fields: shapedByProducersStreamRegion})
	}
	if len(consumers) > 0 {
		stmts = append(stmts, policy.Statement{Sid: "AllowKinesisConsumersToDecrypt", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(consumers...), Action: policy.List{"kms:Decrypt"}, Resource: policy.Strings{"*"},
			Condition: cond,
			Reason:    "The consumers may decrypt, only through Kinesis and only for this stream.",
			Source:    docKinesisKMS, Fields: shapedByConsumersStreamRegion})
	}
	if len(admins) > 0 {
		stmts = append(stmts, policy.Statement{Sid: "AllowKinesisAdministratorsToDescribeKey", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(admins...), Action: policy.List{"kms:DescribeKey"}, Resource: policy.Strings{"*"},
			Reason: "The administrators inspect the key when they turn encryption on; a key of another account refuses them unless its key policy names them.",
			Source: docKinesisKMS, Fields: shapedByAdmins})
	}
	return &policy.Document{Version: policy.Version, ID: "KinesisStreamKeyPolicy", Kind: policy.KindKey, Statement: stmts}
}

// crossAccount returns the principals of another account than the
// stream's.
func crossAccount(list []string, account string) []string {
	var out []string
	for _, p := range list {
		if arn, err := policy.ParseARN(p); err == nil && arn.Account != account {
			out = append(out, p)
		}
	}
	return out
}

// kinesisStreamPolicy is the stream's resource-based policy for producers
// and consumers of other accounts ("Sharing access using resource-based
// policies", Amazon Kinesis Data Streams Developer Guide); nil when every
// principal is of the stream's account. Enhanced fan-out's SubscribeToShard
// acts on the registered consumer, whose own resource policy NEXT-STEPS
// gives once it exists.
func kinesisStreamPolicy(a *Answers, v *values) *policy.Document {
	var stmts []policy.Statement
	if ps := crossAccount(v.producers, v.account); len(ps) > 0 {
		stmts = append(stmts, policy.Statement{Sid: "AllowCrossAccountProducersToWrite", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(ps...), Action: producerActions(a), Resource: policy.Strings{v.streamARN},
			Reason: "Producers of another account may write to this stream (their own account must also grant them the producer policy).",
			Source: docKinesisResourcePolicy, Fields: shapedByProducersStreamRegion})
	}
	if cs := crossAccount(v.consumers, v.account); len(cs) > 0 {
		actions := consumerActions(a)
		if a.Reads(ConsumerLambda) && !slices.Contains(actions, "kinesis:DescribeStream") {
			actions = append(policy.List{"kinesis:DescribeStream"}, actions...)
		}
		stmts = append(stmts, policy.Statement{Sid: "AllowCrossAccountConsumersToRead", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(cs...), Action: actions, Resource: policy.Strings{v.streamARN},
			Reason: "Consumers of another account may read this stream (their own account must also grant them the consumer policy).",
			Source: docKinesisResourcePolicy, Fields: shapedByConsumersStreamRegion})
	}
	if len(stmts) == 0 {
		return nil
	}
	return &policy.Document{Version: policy.Version, ID: "KinesisStreamSharingPolicy", Kind: policy.KindResource, Statement: stmts}
}
