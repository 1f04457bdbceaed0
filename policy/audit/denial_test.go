package audit

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The messages below are the ones the AWS pages print, verbatim (line
// breaks as on the page), each with the page it comes from.
const (
	pageIAM       = "IAM: Troubleshoot access denied error messages"
	pageIAMAuthID = "IAM: Troubleshoot access denied error messages with authorization ID"
	pageS3        = "S3: Troubleshoot access denied (403 Forbidden) errors"
	pageKMS       = "KMS messages (AccessDeniedException)"
	pageKinesis   = "Kinesis: KMSAccessDeniedException"
	pagePers      = "Personalize: CreateDatasetImportJob / failureReason"
)

func TestParseDenialDocumentedFormats(t *testing.T) {
	type want struct {
		service   string
		principal PrincipalKind
		name      string
		actions   string
		resource  string
		deny      DenyKind
		policy    PolicyType
		cause     Cause
		code, op  string
		policyARN string
		stream    string
	}
	cases := []struct {
		page, msg string
		want      want
	}{
		{pageIAM, "User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: \ncodecommit:ListRepositories with an explicit deny in a service control policy",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "codecommit:ListRepositories", deny: DenyExplicit, policy: PolicySCP}},
		{pageIAM, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: \ncodecommit:ListRepositories because no VPC endpoint policy allows the codecommit:ListRepositories action",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "codecommit:ListRepositories", deny: DenyImplicit, policy: PolicyVPCEndpoint}},
		{pageIAM, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: \ncodedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* because no permissions boundary allows the codedeploy:ListDeployments action",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "codedeploy:ListDeployments", resource: "arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:*", deny: DenyImplicit, policy: PolicyBoundary}},
		{pageIAM, "User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: \nsagemaker:ListModels with an explicit deny in a permissions boundary",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "sagemaker:ListModels", deny: DenyExplicit, policy: PolicyBoundary}},
		{pageIAM, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: \ncodecommit:ListRepositories because no session policy allows the codecommit:ListRepositories action",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "codecommit:ListRepositories", deny: DenyImplicit, policy: PolicySession}},
		{pageIAM, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: \ncodedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* with an explicit deny in a sessions policy",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "codedeploy:ListDeployments", resource: "arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:*", deny: DenyExplicit, policy: PolicySession}},
		{pageIAM, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: \nsecretsmanager:GetSecretValue because no resource-based policy allows the secretsmanager:GetSecretValue action",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "secretsmanager:GetSecretValue", deny: DenyImplicit, policy: PolicyResource}},
		{pageIAM, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: \nsts:AssumeRole because the role trust policy allows the sts:AssumeRole action",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "sts:AssumeRole", deny: DenyImplicit, policy: PolicyTrust}},
		{pageIAM, "User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: \nsts:AssumeRole with an explicit deny in the role trust policy",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "sts:AssumeRole", deny: DenyExplicit, policy: PolicyTrust}},
		{pageIAM, "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: \ncodecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action",
			want{service: "iam", principal: PrincipalUser, name: "JohnDoe", actions: "codecommit:ListRepositories", deny: DenyImplicit, policy: PolicyIdentity}},
		{pageIAM, "User: arn:aws:sts::111122223333:assumed-role/role-name/role-session-name is not authorized to perform: \nSNS:Publish on resource: arn:aws:sns:us-east-1:444455556666:role-name-2 \nwith an explicit deny in a VPC endpoint policy transitively through a service control policy",
			want{service: "iam", principal: PrincipalAssumedRole, name: "role-name", actions: "SNS:Publish", resource: "arn:aws:sns:us-east-1:444455556666:role-name-2", deny: DenyExplicit, policy: PolicySCP}},
		{pageIAMAuthID, "User: arn:aws:iam::123456789012:user/janedoe is not authorized to perform: iam:CreateInstanceProfile on resource: arn:aws:iam::123456789012:instance-profile/my-instance-profile with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy. Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/EXAMPLE1a2b3c4d5e",
			want{service: "iam", principal: PrincipalUser, name: "janedoe", actions: "iam:CreateInstanceProfile", resource: "arn:aws:iam::123456789012:instance-profile/my-instance-profile", deny: DenyExplicit, policy: PolicyIdentity, policyARN: "arn:aws:iam::123456789012:policy/ExampleDenyPolicy"}},
		{pageS3, "An error occurred (AccessDenied) when calling the GetObject operation:\nUser: arn:aws:iam::777788889999:user/MaryMajor is not authorized to perform:\ns3:GetObject on resource: \"arn:aws:s3:::amzn-s3-demo-bucket1/object-name\"\nwith an explicit deny in a resource control policy",
			want{service: "s3", principal: PrincipalUser, name: "MaryMajor", actions: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/object-name", deny: DenyExplicit, policy: PolicyRCP, code: "AccessDenied", op: "GetObject"}},
		{pageS3, "User: arn:aws:iam::777788889999:user/MaryMajor is not authorized to perform:\ns3:GetObject because no service control policy allows the s3:GetObject action",
			want{service: "s3", principal: PrincipalUser, name: "MaryMajor", actions: "s3:GetObject", deny: DenyImplicit, policy: PolicySCP}},
		{pageS3, "User: arn:aws:iam::123456789012:user/MaryMajor is not authorized to perform:\ns3:GetObject on resource: \"arn:aws:s3:::amzn-s3-demo-bucket1/object-name\"\nbecause no permissions boundary allows the s3:GetObject action",
			want{service: "s3", principal: PrincipalUser, name: "MaryMajor", actions: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/object-name", deny: DenyImplicit, policy: PolicyBoundary}},
		{pageS3, "User: arn:aws:iam::123456789012:user/MaryMajor is not authorized to perform:\ns3:GetObject on resource: \"arn:aws:s3:::amzn-s3-demo-bucket1/object-name\" with\nan explicit deny in a resource-based policy",
			want{service: "s3", principal: PrincipalUser, name: "MaryMajor", actions: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/object-name", deny: DenyExplicit, policy: PolicyResource}},
		{pageS3, "User: arn:aws:iam::123456789012:user/MaryMajor is not authorized to perform:\ns3:GetObject because no identity-based policy allows the s3:GetObject action",
			want{service: "s3", principal: PrincipalUser, name: "MaryMajor", actions: "s3:GetObject", deny: DenyImplicit, policy: PolicyIdentity}},
		{pageS3, "An error occurred (AccessDenied) when calling the CopyObject operation:\nUser: arn:aws:sts::123456789012:user/MaryMajor is not authorized to\nperform: s3:CopyObject on resource: \"arn:aws:s3:::amzn-s3-demo-bucket1/object-name\"\nbecause public ACLs are prevented by the BlockPublicAcls setting in S3 Block Public Access.",
			want{service: "s3", principal: PrincipalUnknown, actions: "s3:CopyObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/object-name", deny: DenyExplicit, cause: CauseS3BlockPublicAccess, code: "AccessDenied", op: "CopyObject"}},
		{pageS3, "An error occurred (AccessDenied) when calling the PutObject operation:\nUser: arn:aws:iam::123456789012:user/MaryMajor  is not\nauthorized to perform: s3:PutObject on resource:\n\"arn:aws:s3:::amzn-s3-demo-bucket1/object-name\" because this\nbucket has blocked upload requests that specify\nServer Side Encryption with Customer provided keys (SSE-C).\nPlease specify a different server-side encryption type",
			want{service: "s3", principal: PrincipalUser, name: "MaryMajor", actions: "s3:PutObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket1/object-name", deny: DenyExplicit, cause: CauseS3SSEC, code: "AccessDenied", op: "PutObject"}},
		{pageS3, "An error occurred (AccessDenied) when calling the PutObject operation: Access Denied",
			want{service: "s3", principal: PrincipalUnknown, actions: "s3:PutObject", deny: DenyUnstated, cause: CauseS3Generic, code: "AccessDenied", op: "PutObject"}},
		{pageS3, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>X</RequestId></Error>",
			want{service: "s3", principal: PrincipalUnknown, deny: DenyUnstated, cause: CauseS3Generic, code: "AccessDenied"}},
		{pageKMS, "An error occurred (AccessDeniedException) when calling the Encrypt operation: User: arn:aws:iam::098765432109:role/admin is not authorized to perform: kms:Encrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access",
			want{service: "kms", principal: PrincipalRole, name: "admin", actions: "kms:Encrypt", deny: DenyUnstated, policy: PolicyResource, cause: CauseKeyUnreachable, code: "AccessDeniedException", op: "Encrypt"}},
		{pageKMS, "AccessDenied: User arn:aws:sts::251774439261:assumed-role/deploy/ci is not authorized to\nperform: kms:Decrypt on the resource associated with this ciphertext\nbecause the resource does not exist in this Region, no resource-based\npolicies allow access, or a resource-based policy explicitly denies access",
			want{service: "kms", principal: PrincipalAssumedRole, name: "deploy", actions: "kms:Decrypt", deny: DenyUnstated, policy: PolicyResource, cause: CauseKeyUnreachable, code: "AccessDenied"}},
		{pageKMS, "An error occurred (AccessDeniedException) when calling the Decrypt operation: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
			want{service: "kms", principal: PrincipalUnknown, actions: "kms:Decrypt", deny: DenyUnstated, cause: CauseCiphertextKey, code: "AccessDeniedException", op: "Decrypt"}},
		{pageKMS, "api error AccessDeniedException: User: arn:aws:sts::612659970365:assumed-role/AWSReservedSSO_dev_a128/me@example.com is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:eu-west-2:612659970365:key/a466d1fa-5c7f-4b10-8343-08763635d8c4 because no resource-based policy allows the kms:GenerateDataKey action",
			want{service: "kms", principal: PrincipalAssumedRole, name: "AWSReservedSSO_dev_a128", actions: "kms:GenerateDataKey", resource: "arn:aws:kms:eu-west-2:612659970365:key/a466d1fa-5c7f-4b10-8343-08763635d8c4", deny: DenyImplicit, policy: PolicyResource, code: "AccessDeniedException"}},
		{pageKinesis, `{"__type": "KMSAccessDeniedException", "message": "User: arn:aws:sts::111122223333:assumed-role/writer/s is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`,
			want{service: "kms", principal: PrincipalAssumedRole, name: "writer", actions: "kms:GenerateDataKey", resource: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", deny: DenyUnstated, code: "KMSAccessDeniedException"}},
		{pageKinesis, "com.amazonaws.services.kinesis.model.KMSAccessDeniedException: User arn:aws:sts::111122223333:assumed-role/reader/s is not authorized to decrypt records in stream orders (Service: AmazonKinesis; Status Code: 400; Error Code: KMSAccessDeniedException; Request ID: 1)",
			want{service: "kinesis", principal: PrincipalAssumedRole, name: "reader", actions: "kms:Decrypt", deny: DenyUnstated, cause: CauseStreamRecords, code: "KMSAccessDeniedException", stream: "orders"}},
		{pageKinesis, "An error occurred (KMSAccessDeniedException) when calling the PutRecord operation: The ciphertext references a key that doesn't exist or that you don't have access to.",
			want{service: "kinesis", principal: PrincipalUnknown, actions: "kms:GenerateDataKey", deny: DenyUnstated, cause: CauseCiphertextKey, code: "KMSAccessDeniedException", op: "PutRecord"}},
		{pagePers, "An error occurred (InvalidInputException) when calling the CreateDatasetImportJob operation: Insufficient privileges for accessing data in S3. Please look at https://docs.aws.amazon.com/personalize/latest/dg/granting-personalize-s3-access.html and fix bucket policy on my-data.",
			want{service: "personalize", principal: PrincipalService, actions: "s3:GetObject,s3:ListBucket", resource: "arn:aws:s3:::my-data", deny: DenyUnstated, policy: PolicyResource, cause: CausePersonalizeS3, code: "InvalidInputException", op: "CreateDatasetImportJob"}},
		{pagePers, `{"datasetExportJob": {"status": "CREATE FAILED", "failureReason": "Access Denied while writing to s3://exports-bucket/out/"}}`,
			want{service: "personalize", principal: PrincipalService, actions: "s3:PutObject,s3:ListBucket", resource: "arn:aws:s3:::exports-bucket", deny: DenyUnstated, cause: CausePersonalizeS3}},
		{pagePers, "Insufficient privileges to use KMS key arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab.",
			want{service: "personalize", principal: PrincipalService, actions: "kms:Decrypt,kms:GenerateDataKey", resource: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", deny: DenyUnstated, cause: CausePersonalizeKMS}},
		{pagePers, "Failed to assume role arn:aws:iam::111122223333:role/service-role/PersonalizeRole.",
			want{service: "personalize", principal: PrincipalService, actions: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/service-role/PersonalizeRole", deny: DenyUnstated, policy: PolicyTrust, cause: CausePersonalizeRole}},
	}
	for _, c := range cases {
		t.Run(c.page, func(t *testing.T) {
			d, err := ParseDenial(c.msg)
			if err != nil {
				t.Fatalf("%s\n%q: %v", c.page, c.msg, err)
			}
			w := c.want
			got := want{service: d.Service, principal: d.Principal.Kind, name: d.Principal.Name, actions: strings.Join(d.Actions, ","),
				resource: d.Resource, deny: d.Deny, policy: d.Policy, cause: d.Cause, code: d.Code, op: d.Operation, policyARN: d.PolicyARN, stream: d.Stream}
			if got != w {
				t.Errorf("%s\n%q\n got %+v\nwant %+v", c.page, c.msg, got, w)
			}
			if d.Kind() == "" || d.Message == "" {
				t.Errorf("Kind %q, Message %q", d.Kind(), d.Message)
			}
		})
	}
}

func TestParseDenialFixable(t *testing.T) {
	for msg, want := range map[string]bool{
		"User: arn:aws:iam::1:user/a is not authorized to perform: s3:GetObject because no identity-based policy allows the s3:GetObject action":  true,
		"User: arn:aws:iam::1:user/a is not authorized to perform: s3:GetObject with an explicit deny in an identity-based policy":                false,
		"User: arn:aws:iam::1:user/a is not authorized to perform: s3:GetObject because no service control policy allows the s3:GetObject action": false,
		"User: arn:aws:iam::1:user/a is not authorized to perform: s3:GetObject because no permissions boundary allows the s3:GetObject action":   false,
	} {
		d, err := ParseDenial(msg)
		if err != nil || d.Fixable() != want {
			t.Errorf("%q: Fixable %v (err %v), want %v", msg, d.Fixable(), err, want)
		}
	}
}

func TestParseDenialRefusesOtherText(t *testing.T) {
	for _, text := range []string{"", "   \n", "hello world", "{}", `{"message": "ok"}`, "Permission denied (publickey).",
		"An error occurred (ThrottlingException) when calling the PutRecord operation: Rate exceeded",
		"I assume the role of reviewer", strings.Repeat("x", MaxDenialText+1),
		"User: arn:aws:iam::1:user/a is not authorized to perform: nothing-here"} {
		_, err := ParseDenial(text)
		if !errors.Is(err, ErrNotDenial) {
			t.Errorf("%.60q: err %v, want ErrNotDenial", text, err)
		}
	}
}

func TestParsePrincipal(t *testing.T) {
	for in, want := range map[string]DeniedPrincipal{
		"arn:aws:iam::111122223333:role/service-role/PersonalizeRole": {Kind: PrincipalRole, Partition: "aws", Account: "111122223333", Name: "PersonalizeRole", Path: "/service-role/"},
		"arn:aws-cn:iam::111122223333:user/alice":                     {Kind: PrincipalUser, Partition: "aws-cn", Account: "111122223333", Name: "alice", Path: "/"},
		"arn:aws:sts::111122223333:assumed-role/R/sess@example.com":   {Kind: PrincipalAssumedRole, Partition: "aws", Account: "111122223333", Name: "R", Session: "sess@example.com"},
		"arn:aws:iam::111122223333:root":                              {Kind: PrincipalRoot, Partition: "aws", Account: "111122223333"},
		"personalize.amazonaws.com":                                   {Kind: PrincipalService},
		"anonymous":                                                   {Kind: PrincipalAnonymous},
		"AIDAEXAMPLE":                                                 {Kind: PrincipalUnknown},
	} {
		got := ParsePrincipal(in)
		want.Text = in
		if got != want {
			t.Errorf("%s: got %+v, want %+v", in, got, want)
		}
	}
}

// FuzzParseDenial: no input panics, and every input is either a denial with
// a message and a known deny kind, or ErrNotDenial (which the command
// turns into exit 2).
func FuzzParseDenial(f *testing.F) {
	for _, s := range []string{
		"User: arn:aws:iam::1:user/a is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the s3:GetObject action",
		"An error occurred (AccessDenied) when calling the PutObject operation: Access Denied",
		`{"__type":"KMSAccessDeniedException","message":"User x is not authorized to decrypt records in stream s"}`,
		"Insufficient privileges for accessing data in S3. Please look at x and fix bucket policy on b.",
		"with an explicit deny in a: arn:",
		"not authorized to perform:",
		"not authorized to perform: a:b on resource: \"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDenial(s)
		if err != nil {
			if !errors.Is(err, ErrNotDenial) || err.Error() == "" {
				t.Fatalf("%q: error %v is not a NotDenialError with a reason", s, err)
			}
			return
		}
		if d.Message == "" || !slices.Contains([]DenyKind{DenyImplicit, DenyExplicit, DenyUnstated}, d.Deny) || d.Kind() == "" {
			t.Fatalf("%q: incomplete denial %+v", s, d)
		}
	})
}
