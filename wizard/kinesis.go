package wizard

import (
	"permwiz/policy"
)

func buildKinesis(b *Bundle, a *Answers, v *values) {
	if a.Wants(KinesisProducer) {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisProducer, Title: "Producer policy", Step: StepStream,
			Target: "the IAM roles or users that write to the stream",
			Why:    "Producers encrypt records with the key as they write them.", Source: docKinesisKMS,
			Policy: identity(
				policy.Statement{Sid: "GenerateDataKeyForStream", Effect: policy.Allow, Action: policy.List{"kms:GenerateDataKey"},
					Resource: policy.Strings{v.keyARN},
					Reason:   "Kinesis asks KMS for a data key, as the producer, to encrypt the records it writes.",
					Source:   docKinesisKMS, Fields: shapedByKMSKeyARN},
				// The AWS example's Resource arn:aws:kinesis:*:123456789012:MyStream
				// lacks "stream/" and matches no stream.
				policy.Statement{Sid: "WriteToStream", Effect: policy.Allow, Action: policy.List{"kinesis:PutRecord", "kinesis:PutRecords"},
					Resource: policy.Strings{v.streamARN},
					Reason:   "Write records to this stream only. The ARN includes stream/, which the AWS example leaves out.",
					Source:   docKinesisKMS, Fields: shapedByStreamRegionAccountID},
			)})
	}
	if a.Wants(KinesisConsumer) {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisConsumer, Title: "Consumer policy", Step: StepStream,
			Target: "the IAM roles or users that read the stream (including Lambda and Managed Service for Apache Flink roles)",
			Why:    "Consumers decrypt records as they read them.", Source: docKinesisKMS,
			Policy: identity(
				policy.Statement{Sid: "DecryptStreamRecords", Effect: policy.Allow, Action: policy.List{"kms:Decrypt"},
					Resource: policy.Strings{v.keyARN},
					Reason:   "Kinesis decrypts the records, as the consumer, when it reads them.",
					Source:   docKinesisKMS, Fields: shapedByKMSKeyARN},
				// The AWS example lists only GetRecords and DescribeStream, but
				// GetRecords needs a shard iterator and current clients list
				// shards first ("Controlling access to Amazon Kinesis Data
				// Streams resources using IAM").
				policy.Statement{Sid: "ReadStream", Effect: policy.Allow,
					Action:   policy.List{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"},
					Resource: policy.Strings{v.streamARN},
					Reason:   "Everything a consumer needs to actually read this stream: find its shards, get an iterator, read records. The AWS example leaves out GetShardIterator.",
					Source:   docKinesisAccess, Fields: shapedByStreamRegionAccountID},
			)})
	}
	if a.Wants(KinesisAdmin) {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisAdmin, Title: "Administrator policy", Step: StepStream,
			Target: "the IAM roles or users that manage the stream's encryption",
			Why:    "Administrators choose the key and turn server-side encryption on and off.", Source: docKinesisKMS,
			Policy: identity(
				policy.Statement{Sid: "ListKeysAndAliases", Effect: policy.Allow, Action: policy.List{"kms:List*"}, Resource: policy.Strings{"*"},
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
					Action:   policy.List{"kinesis:DescribeStreamSummary", "kinesis:StartStreamEncryption", "kinesis:StopStreamEncryption"},
					Resource: policy.Strings{v.streamARN},
					Reason:   "Turning server-side encryption on (after producers and consumers can use the key) and checking its status.",
					Source:   docKinesisSSE, Fields: shapedByStream},
			)})
	}
	if len(v.producers)+len(v.consumers) > 0 {
		b.Docs = append(b.Docs, Doc{ID: DocKinesisKey, Title: "KMS key policy", Step: StepStream,
			Target: "the KMS key (merge into its key policy)",
			Why:    "AWS's page on user-generated KMS keys asks that producers and consumers be allowed to use the key, in the key policy, before encryption is turned on.",
			Source: docKinesisKMS, Policy: kinesisKeyPolicy(v)})
	}
}

// kinesisKeyPolicy names the producers and consumers in the key policy and
// limits their use of the key to Kinesis, for this stream: kms:ViaService
// takes the .amazonaws.com name in every partition, and Kinesis uses the
// stream ARN as encryption context ("Permissions to use user-generated KMS
// keys", Amazon Kinesis Data Streams Developer Guide).
func kinesisKeyPolicy(v *values) *policy.Document {
	cond := make(policy.Condition, 0, 2).
		With("StringEquals", "kms:ViaService", "kinesis."+v.region+".amazonaws.com").
		With("StringEquals", "kms:EncryptionContext:aws:kinesis:arn", v.streamARN)
	stmts := []policy.Statement{accountStatement(v.partition, v.keyAccount)}
	if len(v.producers) > 0 {
		stmts = append(stmts, policy.Statement{Sid: "AllowKinesisProducersToEncrypt", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(v.producers...), Action: policy.List{"kms:GenerateDataKey"}, Resource: policy.Strings{"*"},
			Condition: cond,
			Reason:    "The producers may generate data keys, only through Kinesis and only for this stream.",
			Source:    docKinesisKMS, Fields: shapedByProducersStreamRegion})
	}
	if len(v.consumers) > 0 {
		stmts = append(stmts, policy.Statement{Sid: "AllowKinesisConsumersToDecrypt", Effect: policy.Allow,
			Principal: policy.AWSPrincipal(v.consumers...), Action: policy.List{"kms:Decrypt"}, Resource: policy.Strings{"*"},
			Condition: cond,
			Reason:    "The consumers may decrypt, only through Kinesis and only for this stream.",
			Source:    docKinesisKMS, Fields: shapedByConsumersStreamRegion})
	}
	return &policy.Document{Version: policy.Version, ID: "KinesisStreamKeyPolicy", Kind: policy.KindKey, Statement: stmts}
}
