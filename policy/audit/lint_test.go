package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
)

// rules returns the rule IDs of findings, as "severity/rule".
// lintData lints a file's bytes with no known exceptions.
func lintData(data []byte, kind policy.Kind) []Finding {
	_, fs, _ := LintFile(data, kind, nil)
	return fs
}

func rules(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f.Severity) + "/" + f.Rule
	}
	return out
}

func hasRule(fs []Finding, sev Severity, rule string) bool {
	for _, f := range fs {
		if f.Severity == sev && f.Rule == rule {
			return true
		}
	}
	return false
}

func TestLintBytesRules(t *testing.T) {
	const v = `"Version":"2012-10-17"`
	tests := []struct {
		name string
		kind policy.Kind
		doc  string
		want []string // "severity/rule" that must be found
		not  []string // rules that must not be found
	}{
		{"clean identity", policy.KindIdentity, `{` + v + `,"Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}`,
			nil, []string{policy.RuleUnknownAction, policy.RuleActionResource}},
		{"unknown action", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleUnknownAction}, nil},
		{"wildcard matching nothing", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"kms:Frobnicate*","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleUnknownAction}, nil},
		{"wildcard matching", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"kms:List*","Resource":"*"}]}`,
			nil, []string{policy.RuleUnknownAction}},
		{"misspelt service", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"personalise:CreateSolution","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleUnknownService}, []string{policy.RuleUncheckedService}},
		{"malformed action", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleActionFormat}, nil},
		{"any service is checked", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":["ec2:DescribeInstances","osis:GetPipeline"],"Resource":"*"}]}`,
			nil, []string{policy.RuleUncheckedService, policy.RuleUnknownAction, policy.RuleUnknownService}},
		{"unknown action of another service", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstancez","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleUnknownAction}, nil},
		{"service that does not exist", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"nosuchsvc:Get","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleUnknownService}, nil},
		{"malformed ARN", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:b"}]}`,
			[]string{"error/" + policy.RuleARNFormat}, nil},
		{"unknown partition", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws-china:s3:::b/*"}]}`,
			[]string{"error/" + policy.RulePartition}, nil},
		{"mixed partitions", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws-cn:s3:::c/*"]}]}`,
			[]string{"error/" + policy.RuleMixedPartitions}, nil},
		{"bucket ARN with region", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1::b"}]}`,
			[]string{"error/" + policy.RuleARNRegion}, nil},
		{"bucket ARN with account", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::111122223333:b"}]}`,
			[]string{"error/" + policy.RuleARNAccount}, nil},
		{"access point has region and account", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"}]}`,
			nil, []string{policy.RuleARNRegion, policy.RuleARNAccount}},
		{"IAM ARN with region", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam:us-east-1:111122223333:role/R"}]}`,
			[]string{"error/" + policy.RuleARNRegion}, nil},
		{"invalid operator", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{"aws:SourceAccount":"111122223333"}}}]}`,
			[]string{"error/" + policy.RuleOperator}, nil},
		{"IfExists and set operators", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a*"},"Null":{"aws:SourceVpce":"true"}}}]}`,
			nil, []string{policy.RuleOperator, policy.RuleConditionKey}},
		{"unknown condition key", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceAcount":"111122223333"}}}]}`,
			[]string{"error/" + policy.RuleConditionKey}, nil},
		{"templated condition key", policy.KindKey, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/P"},"Action":"kms:GenerateDataKey","Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:aws:kinesis:arn":"arn:aws:kinesis:us-west-2:111122223333:stream/s"}}}]}`,
			nil, []string{policy.RuleConditionKey}},
		{"duplicate Sid", policy.KindIdentity, `{` + v + `,"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleDuplicateSid}, nil},
		{"IAM Sid with space", policy.KindIdentity, `{` + v + `,"Statement":[{"Sid":"Read it","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleSidFormat}, nil},
		{"key policy Sid with space", policy.KindKey, `{` + v + `,"Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
			nil, []string{policy.RuleSidFormat, policy.RuleKeyFullAccess}},
		{"principal in identity policy", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}]}`,
			[]string{"error/" + policy.RulePrincipalInIdentity}, nil},
		{"resource in trust policy", policy.KindTrust, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleResourceInTrust}, nil},
		{"missing principal in bucket policy", policy.KindBucket, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			[]string{"error/" + policy.RuleMissingPrincipal}, nil},
		{"service principal without source", policy.KindTrust, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"Service":"personalize.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			[]string{"security warning/" + policy.RuleServiceWithoutSource}, nil},
		{"service principal with source", policy.KindTrust, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"Service":"personalize.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`,
			nil, []string{policy.RuleServiceWithoutSource}},
		{"PassRole on star", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`,
			[]string{"security warning/" + policy.RulePassRoleWildcard}, nil},
		{"PassRole via iam:* on role/*", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::111122223333:role/*"}]}`,
			[]string{"security warning/" + policy.RulePassRoleWildcard}, nil},
		{"PassRole to a policy variable", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/${aws:username}/R"}]}`,
			[]string{"security warning/" + policy.RulePassRoleWildcard}, nil},
		{"policy variable in a principal", policy.KindKey, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/${aws:username}"},"Action":"kms:Decrypt","Resource":"*"}]}`,
			[]string{"error/" + policy.RuleInvalidPrincipal}, nil},
		{"PassRole scoped", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/R"}]}`,
			nil, []string{policy.RulePassRoleWildcard}},
		{"public principal", policy.KindBucket, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			[]string{"security warning/" + policy.RulePublicPrincipal}, nil},
		{"public principal with condition", policy.KindBucket, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}`,
			nil, []string{policy.RulePublicPrincipal}},
		{"kms:* to a role", policy.KindKey, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/P"},"Action":"kms:*","Resource":"*"}]}`,
			[]string{"security warning/" + policy.RuleKeyFullAccess}, nil},
		{"NotAction with Allow", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`,
			[]string{"warning/" + policy.RuleAllowNotAction}, nil},
		{"NotResource with Allow", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}]}`,
			[]string{"warning/" + policy.RuleAllowNotResource}, nil},
		{"legacy version", policy.KindIdentity, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
			[]string{"warning/" + policy.RuleVersion}, nil},
		{"wildcard-only action on an ARN", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`,
			[]string{"warning/" + policy.RuleActionResource}, nil},
		{"action on the wrong resource type", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b/*"}]}`,
			[]string{"warning/" + policy.RuleActionResource}, nil},
		{"kinesis ARN without stream/", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"kinesis:PutRecord","Resource":"arn:aws:kinesis:*:111122223333:MyStream"}]}`,
			[]string{"warning/" + policy.RuleActionResource}, nil},
		{"wildcard resource suggestion", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`,
			[]string{"suggestion/" + policy.RuleWildcardResource}, nil},
		{"wildcard-only action needs no suggestion", policy.KindIdentity, `{` + v + `,"Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}`,
			nil, []string{policy.RuleWildcardResource}},
		{"trust policy granting s3", policy.KindTrust, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject"}]}`,
			[]string{"error/" + policy.RuleTrustAction}, nil},
		{"bad principal", policy.KindBucket, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":"PersonalizeRole"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			[]string{"error/" + policy.RuleInvalidPrincipal}, nil},
		{"size over trust limit", policy.KindTrust, `{` + v + `,"Statement":[{"Effect":"Allow","Principal":{"AWS":[` + strings.Repeat(`"arn:aws:iam::111122223333:role/SomeRatherLongRoleName",`, 40) + `"111122223333"]},"Action":"sts:AssumeRole"}]}`,
			[]string{"error/" + policy.RuleSize}, nil},
		{"not JSON", policy.KindIdentity, `{"Version": "2012-10-17", "Statement": [`, []string{"error/" + policy.RuleParse}, nil},
		{"smart quotes", policy.KindIdentity, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\u2019s\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}",
			[]string{"error/" + policy.RuleCharacters}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := lintData([]byte(tc.doc), tc.kind)
			have := map[string]bool{}
			for _, r := range rules(got) {
				have[r] = true
			}
			for _, w := range tc.want {
				if !have[w] {
					t.Errorf("missing %s; got %v", w, got)
				}
			}
			for _, n := range tc.not {
				for _, f := range got {
					if f.Rule == n {
						t.Errorf("unexpected %s", f)
					}
				}
			}
			for _, f := range got {
				if f.Message == "" || f.Severity == "" {
					t.Errorf("incomplete finding %+v", f)
				}
			}
		})
	}
}

// A KMS key ARN must end in a key ID, and an ARN's region must belong to its
// partition; either mistake leaves an ARN that matches nothing.
func TestLintKeyARNAndRegion(t *testing.T) {
	const uuid = "1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		name, resource string
		rule           string // "" for no finding of either rule
		says           string
	}{
		{"UUID key ID", "arn:aws:kms:us-east-1:111122223333:key/" + uuid, "", ""},
		{"multi-Region key ID", "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", "", ""},
		{"wildcard key", "arn:aws:kms:us-east-1:111122223333:key/*", "", ""},
		{"alias", "arn:aws:kms:us-east-1:111122223333:alias/my-key", "", ""},
		{"China region in China", "arn:aws-cn:kms:cn-north-1:111122223333:key/" + uuid, "", ""},
		{"GovCloud region in GovCloud", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/" + uuid, "", ""},
		{"wildcard region", "arn:aws-cn:kms:*:111122223333:key/" + uuid, "", ""},
		{"key ID too short", "arn:aws:kms:us-east-1:111122223333:key/abc", policy.RuleARNFormat,
			`"arn:aws:kms:us-east-1:111122223333:key/abc": "abc" is not a KMS key ID; a key ARN ends in key/ and the key's ID, a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab or a multi-Region key's mrk- ID`},
		{"key ID not hex", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890zz", policy.RuleARNFormat, "is not a KMS key ID"},
		{"mrk- ID too short", "arn:aws:kms:us-east-1:111122223333:key/mrk-1234", policy.RuleARNFormat, "is not a KMS key ID"},
		{"alias name as key ID", "arn:aws:kms:us-east-1:111122223333:key/alias/my-key", policy.RuleARNFormat, "is not a KMS key ID"},
		{"aws region in aws-cn", "arn:aws-cn:kms:us-east-1:111122223333:key/" + uuid, policy.RulePartition,
			`"arn:aws-cn:kms:us-east-1:111122223333:key/` + uuid + `": the region us-east-1 is in the aws partition (AWS), not in aws-cn (AWS China); the ARN matches nothing. Use arn:aws:... for us-east-1, or a region of aws-cn such as cn-north-1`},
		{"China region in aws", "arn:aws:kms:cn-north-1:111122223333:key/" + uuid, policy.RulePartition, "the region cn-north-1 is in the aws-cn partition"},
		{"GovCloud region in aws", "arn:aws:kinesis:us-gov-west-1:111122223333:stream/s", policy.RulePartition, "the region us-gov-west-1 is in the aws-us-gov partition"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + tc.resource + `"}]}`
			var got []Finding
			for _, f := range lintData([]byte(doc), policy.KindIdentity) {
				if (f.Rule == policy.RuleARNFormat || f.Rule == policy.RulePartition) && f.Path == "Statement[0].Resource[0]" {
					got = append(got, f)
				}
			}
			if tc.rule == "" {
				if len(got) != 0 {
					t.Errorf("findings %v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Rule != tc.rule || got[0].Severity != SeverityError || !strings.Contains(got[0].Message, tc.says) {
				t.Errorf("findings %+v, want one %s error saying %q", got, tc.rule, tc.says)
			}
		})
	}
}

// The size rule counts the file's own bytes for KMS: white space counts.
func TestLintBytesCountsWhitespaceForKeyPolicies(t *testing.T) {
	stmt := `{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`
	doc := `{"Version":"2012-10-17","Statement":[` + stmt + strings.Repeat(" ", 33000) + `]}`
	if !hasRule(lintData([]byte(doc), policy.KindKey), SeverityError, policy.RuleSize) {
		t.Error("33 KB of white space in a key policy: no size error")
	}
	if hasRule(lintData([]byte(doc), policy.KindIdentity), SeverityError, policy.RuleSize) {
		t.Error("white space counted against an IAM limit")
	}
}

func TestLintExceptionsSuppress(t *testing.T) {
	d := &policy.Document{Version: policy.Version, Kind: policy.KindBucket, Statement: []policy.Statement{{
		Sid: "S", Effect: policy.Allow, Principal: policy.ServicePrincipal("personalize.amazonaws.com"),
		Action: policy.List{"s3:GetObject"}, Resource: policy.Strings{"arn:aws:s3:::b/*"},
		Exceptions: []policy.Exception{{Rule: policy.RuleServiceWithoutSource, Why: "documented"}},
	}}}
	fs, ex := Lint(d)
	if hasRule(fs, SeveritySecurity, policy.RuleServiceWithoutSource) {
		t.Errorf("excepted finding still reported: %v", fs)
	}
	if len(ex) != 1 || len(ex[0].Suppressed) != 1 || ex[0].Why != "documented" || ex[0].Path != "Statement[0]" {
		t.Errorf("exceptions = %+v", ex)
	}
	d.Statement[0].Exceptions = nil
	if fs, _ := Lint(d); !hasRule(fs, SeveritySecurity, policy.RuleServiceWithoutSource) {
		t.Errorf("without the exception the finding is gone: %v", fs)
	}
}

func TestInferKind(t *testing.T) {
	tests := []struct {
		file string
		want policy.Kind
	}{
		{"console-default-key-policy.json", policy.KindKey},
		{"bucket-policy-deny-vpce.json", policy.KindBucket},
		{"bucket-policy-existing-grants.json", policy.KindBucket},
		{"trust-policy-other-service.json", policy.KindTrust},
	}
	for _, tc := range tests {
		d := mustParse(t, readFixture(t, "existing", tc.file))
		if got := InferKind(d); got != tc.want {
			t.Errorf("%s: InferKind = %s, want %s", tc.file, got, tc.want)
		}
	}
	if got := InferKind(mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`)); got != policy.KindIdentity {
		t.Errorf("no principal: %s", got)
	}
	stream := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777788889999:role/Writer"},` +
		`"Action":["kinesis:PutRecord","kinesis:PutRecords"],"Resource":"arn:aws:kinesis:us-west-2:111122223333:stream/orders"}]}`
	if got := InferKind(mustParse(t, stream)); got != policy.KindResource {
		t.Errorf("a Kinesis stream policy: InferKind = %s, want %s", got, policy.KindResource)
	}
}

// Every fixture of a real-shaped existing policy lints without errors: the
// findings they do have are the security warnings their shape calls for.
func TestLintFixtures(t *testing.T) {
	want := map[string][]string{
		"bucket-policy-public-read.json":       {"security warning/" + policy.RulePublicPrincipal},
		"bucket-policy-wildcard-covers.json":   {"security warning/" + policy.RuleServiceWithoutSource},
		"key-policy-aws-example-collides.json": {"security warning/" + policy.RuleServiceWithoutSource},
		"key-policy-wildcard-covers.json":      {"security warning/" + policy.RuleServiceWithoutSource},
		"trust-policy-other-service.json":      {"security warning/" + policy.RuleServiceWithoutSource},
		"console-default-key-policy.json":      nil,
		"default-key-policy-programmatic.json": nil,
		"bucket-policy-deny-vpce.json":         nil,
		"bucket-policy-existing-grants.json":   nil,
	}
	for file, rs := range want {
		got := rules(lintData([]byte(readFixture(t, "existing", file)), policy.KindUnknown))
		if strings.Join(got, ",") != strings.Join(rs, ",") {
			t.Errorf("%s: %v, want %v", file, got, rs)
		}
	}
}

func readFixture(t testing.TB, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The false errors issue 13 lists, each from a real AWS managed policy:
// none of them may be an error, and the statements that grant something
// must not be reported as granting nothing.
func TestLintNoFalseErrorsOnRealPolicies(t *testing.T) {
	for _, tc := range []struct{ name, stmt string }{
		{"OpenSearch Ingestion is a service", `{"Effect":"Allow","Action":"osis:GetPipeline","Resource":"*"}`},
		{"tag-templated s3 keys", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"s3:ExistingObjectTag/team":"x","s3:RequestObjectTag/env":"y"}}}`},
		{"tag-key spelled service keys", `{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"secretsmanager:ResourceTag/aws:secretsmanager:owningService":"x"}}}`},
		{"* matches the empty account", `{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3::*:codepipeline-*"}`},
		{"* matches the empty region and account", `{"Effect":"Allow","Action":"ec2:CopySnapshot","Resource":"arn:aws:ec2:*:*:snapshot/*"}`},
		{"log group names hold /", `{"Effect":"Allow","Action":"logs:CreateLogStream","Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*"}`},
		{"trailing * spans /", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::br-studio-${aws:PrincipalAccount}-*"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"Version":"2012-10-17","Statement":[` + tc.stmt + `]}`
			for _, f := range lintData([]byte(doc), policy.KindIdentity) {
				if f.Severity == SeverityError || f.Rule == policy.RuleActionResource || f.Rule == policy.RuleUncheckedService {
					t.Errorf("false finding: %s", f)
				}
			}
		})
	}
	// A real error still is one: an account where the ARN has none.
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3::123456789012:b/*"}]}`
	if !hasRule(lintData([]byte(doc), policy.KindIdentity), SeverityError, policy.RuleARNAccount) {
		t.Error("an account in an S3 object ARN is not reported")
	}
}

// "Did you mean" names only what exists, the closest, and nothing when
// nothing is close.
func TestSuggestions(t *testing.T) {
	c := catalogue()
	l := &linter{cat: c}
	for _, tc := range []struct{ svc, name, want string }{
		{"s3", "GetObjekt", "; did you mean s3:GetObject?"},
		{"kms", "Decrpyt", "; did you mean kms:Decrypt?"},
		{"kms", "Zzzzzzzzzzzzzzzz", ""},
	} {
		if got := l.suggest(tc.svc, tc.name); got != tc.want {
			t.Errorf("suggest(%s, %s) = %q, want %q", tc.svc, tc.name, got, tc.want)
		}
	}
	if got := nearService(c, "personalise"); got != "; did you mean personalize?" {
		t.Errorf("nearService(personalise) = %q", got)
	}
	if got := nearService(c, "qqqqqqqqqq"); got != "" {
		t.Errorf("nearService(qqqqqqqqqq) = %q", got)
	}
	for _, tc := range []struct {
		a, b      string
		max, want int
	}{{"kitten", "sitting", 3, 3}, {"kitten", "sitting", 2, 3}, {"abc", "abcdefgh", 2, 3}, {"", "", 0, 0}} {
		if got := boundedDistance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("boundedDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

// plainText, eight bytes at a time, says what a loop over the bytes says.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"", "{\n\t\"a\": \"b\"\r\n}", "abcdefgh\x1fabcdefg", "abcdefghabcdefgh\x7f\x80", "\x00", "ééééééééé", "        \n        \x19"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := true
		for _, c := range b {
			if c >= 0x80 || c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				want = false
			}
		}
		if got := plainText(b); got != want {
			t.Errorf("plainText(%q) = %v, want %v", b, got, want)
		}
	})
}

// Every byte, at every place of a word, among allowed control characters
// or plain text: plainText says what the loop says.
func TestPlainTextEveryByte(t *testing.T) {
	for _, fill := range []string{"        ", "\n\t\r\n\t\r\n\t", "a\nb\tc\rde"} {
		for c := 0; c < 256; c++ {
			for pos := 0; pos < 8; pos++ {
				b := []byte(fill + fill)
				b[8+pos] = byte(c)
				want := c < 0x80 && (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				if got := plainText(b); got != want {
					t.Fatalf("plainText(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}
