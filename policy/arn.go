package policy

import (
	"fmt"
	"strings"
)

// ARN is an Amazon Resource Name split into its fields.
type ARN struct {
	Partition string
	Service   string
	Region    string
	Account   string
	Resource  string
}

// ParseARN splits s into its six fields. It checks only the shape; what each
// service accepts is checked by the validators that know the service.
func ParseARN(s string) (ARN, error) {
	parts, n := SplitARN(s)
	if n < 6 || parts[0] != "arn" {
		return ARN{}, fmt.Errorf("an ARN has six fields, arn:partition:service:region:account:resource")
	}
	a := ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}
	if a.Partition == "" || a.Service == "" || a.Resource == "" {
		return ARN{}, fmt.Errorf("an ARN needs a partition, a service and a resource: arn:partition:service:region:account:resource")
	}
	return a, nil
}

// SplitARN returns the fields strings.SplitN(s, ":", 6) returns, f[:n],
// without allocating them: at most six, the last holding any colons left.
func SplitARN(s string) (f [6]string, n int) {
	rest := s
	for ; n < 5; n++ {
		i := strings.IndexByte(rest, ':')
		if i < 0 {
			break
		}
		f[n], rest = rest[:i], rest[i+1:]
	}
	f[n] = rest
	return f, n + 1
}

// These build the ARNs permwiz writes. Every one takes the partition, so a
// China or GovCloud answer never gets an "arn:aws:" ARN.

// RoleARN is arn:P:iam::ACCOUNT:role/PATHNAME. The path is part of the ARN:
// a role under /service-role/ is role/service-role/NAME, and the ARN without
// the path matches nothing (IAM identifiers,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
func RoleARN(partition, account, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:" + partition + ":iam::" + account + ":role" + path + name
}

// AccountRootARN is the account principal arn:P:iam::ACCOUNT:root.
func AccountRootARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":root"
}

// AWSManagedPolicyARN is arn:P:iam::aws:policy/PATHNAME.
func AWSManagedPolicyARN(partition, pathAndName string) string {
	return "arn:" + partition + ":iam::aws:policy/" + pathAndName
}

// BucketARN is arn:P:s3:::BUCKET: no region, no account.
func BucketARN(partition, bucket string) string { return "arn:" + partition + ":s3:::" + bucket }

// ObjectsARN is arn:P:s3:::BUCKET/*, every object in the bucket.
func ObjectsARN(partition, bucket string) string { return BucketARN(partition, bucket) + "/*" }

// KeyARN is arn:P:kms:REGION:ACCOUNT:key/ID.
func KeyARN(partition, region, account, keyID string) string {
	return "arn:" + partition + ":kms:" + region + ":" + account + ":key/" + keyID
}

// StreamARN is arn:P:kinesis:REGION:ACCOUNT:stream/NAME. The AWS KMS example
// for Kinesis leaves out "stream/" and so matches no stream (Permissions to
// use user-generated KMS keys,
// https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html).
func StreamARN(partition, region, account, stream string) string {
	return "arn:" + partition + ":kinesis:" + region + ":" + account + ":stream/" + stream
}
