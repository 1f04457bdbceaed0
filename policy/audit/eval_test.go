package audit

import (
	"testing"

	"github.com/permwiz/permwiz/policy"
)

func mustParse(t testing.TB, js string) *policy.Document {
	t.Helper()
	d, err := policy.Parse([]byte(js))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, js)
	}
	return d
}

const (
	role    = "arn:aws:iam::111122223333:role/PersonalizeRole"
	svc     = "personalize.amazonaws.com"
	keyStar = "*"
)

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		req    Request
		want   Outcome
		sid    string
		via    bool
	}{
		{"exact action", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`,
			Request{Action: "kms:Decrypt", Resource: keyStar}, Allowed, "A", false},
		{"action case-insensitive", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"KMS:decrypt","Resource":"*"}}`,
			Request{Action: "kms:Decrypt", Resource: keyStar}, Allowed, "", false},
		{"service wildcard", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}`,
			Request{Action: "kms:CreateGrant", Resource: keyStar}, Allowed, "", false},
		{"prefix wildcard", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Describe*"],"Resource":"*"}]}`,
			Request{Action: "kms:DescribeKey", Resource: keyStar}, Allowed, "", false},
		{"prefix wildcard misses", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Describe*"],"Resource":"*"}]}`,
			Request{Action: "kms:Decrypt", Resource: keyStar}, ImplicitDeny, "", false},
		{"question mark", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:?etObject","Resource":"*"}]}`,
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, Allowed, "", false},
		{"star action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
			Request{Action: "iam:PassRole", Resource: role}, Allowed, "", false},
		{"NotAction allows others", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`,
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, Allowed, "", false},
		{"NotAction excludes", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`,
			Request{Action: "iam:PassRole", Resource: role}, ImplicitDeny, "", false},
		{"resource pattern", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/dir/x.csv"}, Allowed, "", false},
		{"resource case-sensitive", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::B/*"}]}`,
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, ImplicitDeny, "", false},
		{"NotResource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}]}`,
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::secret/x"}, ImplicitDeny, "", false},
		{"deny overrides allow", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}`,
			Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::b/x"}, ExplicitDeny, "D", false},
		{"service principal", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["personalize.amazonaws.com"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			Request{Principal: svc, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, Allowed, "", false},
		{"other service", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"s3:GetObject","Resource":"*"}]}`,
			Request{Principal: svc, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, ImplicitDeny, "", false},
		{"role ARN", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/PersonalizeRole"},"Action":"kms:Decrypt","Resource":"*"}]}`,
			Request{Principal: role, Action: "kms:Decrypt", Resource: "*"}, Allowed, "", false},
		{"account root covers role via account", `{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
			Request{Principal: role, Action: "kms:Decrypt", Resource: "*"}, Allowed, "Root", true},
		{"account ID covers role via account", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}`,
			Request{Principal: role, Action: "kms:Decrypt", Resource: "*"}, Allowed, "", true},
		{"account ID is the root", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}`,
			Request{Principal: "arn:aws:iam::111122223333:root", Action: "kms:Decrypt", Resource: "*"}, Allowed, "", false},
		{"account root does not cover a service", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
			Request{Principal: svc, Action: "kms:Decrypt", Resource: "*"}, ImplicitDeny, "", false},
		{"other account", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:*","Resource":"*"}]}`,
			Request{Principal: role, Action: "kms:Decrypt", Resource: "*"}, ImplicitDeny, "", false},
		{"direct beats via account", `{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"},{"Sid":"Role","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/PersonalizeRole"},"Action":"kms:Decrypt","Resource":"*"}]}`,
			Request{Principal: role, Action: "kms:Decrypt", Resource: "*"}, Allowed, "Role", false},
		{"principal star", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			Request{Principal: svc, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, Allowed, "", false},
		{"AWS star", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}]}`,
			Request{Principal: role, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, Allowed, "", false},
		{"NotPrincipal deny spares the named", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"Service":"personalize.amazonaws.com"},"Action":"s3:*","Resource":"*"}]}`,
			Request{Principal: svc, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, Allowed, "", false},
		{"NotPrincipal deny hits others", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"Service":"personalize.amazonaws.com"},"Action":"s3:*","Resource":"*"}]}`,
			Request{Principal: role, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, ExplicitDeny, "", false},
		{"deny on missing SourceVpce", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`,
			Request{Principal: svc, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x"}, ExplicitDeny, "", false},
		{"deny spared by right SourceVpce", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`,
			Request{Principal: svc, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x", Context: map[string][]string{"aws:sourcevpce": {"vpce-1"}}}, Allowed, "", false},
		{"allow needs absent key", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`,
			Request{Action: "s3:GetObject", Resource: "x"}, ImplicitDeny, "", false},
		{"IfExists on absent key", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}]}`,
			Request{Action: "s3:GetObject", Resource: "x"}, Allowed, "", false},
		{"Null true on absent key", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Null":{"aws:SourceVpce":"true"}}}]}`,
			Request{Action: "s3:GetObject", Resource: "x"}, Allowed, "", false},
		{"Null false on absent key", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Null":{"aws:SourceVpce":"false"}}}]}`,
			Request{Action: "s3:GetObject", Resource: "x"}, ImplicitDeny, "", false},
		{"ArnLike", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:personalize:*:111122223333:*"}}}]}`,
			Request{Action: "sts:AssumeRole", Context: map[string][]string{"aws:SourceArn": {"arn:aws:personalize:us-east-1:111122223333:dataset-group/x"}}}, Allowed, "", false},
		{"ArnLike other account", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:personalize:*:111122223333:*"}}}]}`,
			Request{Action: "sts:AssumeRole", Context: map[string][]string{"aws:SourceArn": {"arn:aws:personalize:us-east-1:444455556666:dataset-group/x"}}}, ImplicitDeny, "", false},
		{"Bool false", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`,
			Request{Action: "s3:GetObject", Resource: "x", Context: map[string][]string{"aws:SecureTransport": {"false"}}}, ExplicitDeny, "", false},
		{"Numeric", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"}}}]}`,
			Request{Action: "s3:ListBucket", Resource: "x", Context: map[string][]string{"s3:max-keys": {"5"}}}, Allowed, "", false},
		{"IpAddress", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
			Request{Action: "s3:ListBucket", Resource: "x", Context: map[string][]string{"aws:SourceIp": {"10.1.2.3"}}}, Allowed, "", false},
		{"NotIpAddress", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
			Request{Action: "s3:ListBucket", Resource: "x", Context: map[string][]string{"aws:SourceIp": {"192.0.2.1"}}}, ExplicitDeny, "", false},
		{"ForAnyValue", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}}]}`,
			Request{Action: "s3:ListBucket", Resource: "x", Context: map[string][]string{"aws:TagKeys": {"z", "b"}}}, Allowed, "", false},
		{"ForAllValues fails", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}}]}`,
			Request{Action: "s3:ListBucket", Resource: "x", Context: map[string][]string{"aws:TagKeys": {"z", "b"}}}, ImplicitDeny, "", false},
		{"ForAllValues absent is true", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}}]}`,
			Request{Action: "s3:ListBucket", Resource: "x"}, Allowed, "", false},
		{"StringLike", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringLike":{"kms:ViaService":"kinesis.*.amazonaws.com"}}}]}`,
			Request{Action: "kms:Decrypt", Resource: "*", Context: map[string][]string{"kms:ViaService": {"kinesis.us-west-2.amazonaws.com"}}}, Allowed, "", false},
		{"unknown operator never matches", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringEqualz":{"kms:ViaService":"x"}}}]}`,
			Request{Action: "kms:Decrypt", Resource: "*", Context: map[string][]string{"kms:ViaService": {"x"}}}, ImplicitDeny, "", false},
		{"policy variable", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}]}`,
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/alice/x", Context: map[string][]string{"aws:username": {"alice"}}}, Allowed, "", false},
		{"identity statement has no principal", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`,
			Request{Principal: role, Action: "kms:Decrypt", Resource: "*"}, Allowed, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Evaluate(mustParse(t, tc.policy), tc.req)
			if got.Outcome != tc.want || got.Sid != tc.sid || got.ViaAccount != tc.via {
				t.Errorf("Evaluate = %+v; want %s sid %q via %v", got, tc.want, tc.sid, tc.via)
			}
			if (got.Outcome == ImplicitDeny) != (got.Index == -1) {
				t.Errorf("Index %d does not agree with outcome %s", got.Index, got.Outcome)
			}
		})
	}
}

func TestParseOperator(t *testing.T) {
	valid := []string{"StringEquals", "stringequals", "ForAnyValue:StringLike", "ForAllValues:ArnLikeIfExists", "NumericLessThanEqualsIfExists", "Null", "BinaryEquals", "DateGreaterThan", "NotIpAddressIfExists"}
	invalid := []string{"StringEqual", "ForSomeValues:StringEquals", "NullIfExists", "ForAnyValue:Null", "IfExists", "", "StringEquals:ForAnyValue"}
	for _, op := range valid {
		if _, ok := parseOperator(op); !ok {
			t.Errorf("%q: rejected, want accepted", op)
		}
	}
	for _, op := range invalid {
		if _, ok := parseOperator(op); ok {
			t.Errorf("%q: accepted, want rejected", op)
		}
	}
}

// NotPrincipal is matched exactly: listing an account exempts only its
// root, and a role is exempt only when the role, an assumed-role session of
// it and its account are all listed (IAM reference_policies_elements_notprincipal).
func TestEvaluateNotPrincipal(t *testing.T) {
	keyDeny := readFixture(t, "existing", "key-policy-deny-notprincipal.json")
	deny := func(notPrincipal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"},` +
			`{"Sid":"D","Effect":"Deny","NotPrincipal":` + notPrincipal + `,"Action":"kms:*","Resource":"*"}]}`
	}
	const (
		admin   = "arn:aws:iam::111122223333:role/KeyAdmin"
		session = "arn:aws:sts::111122223333:assumed-role/KeyAdmin/alice"
		root    = "arn:aws:iam::111122223333:root"
		user    = "arn:aws:iam::111122223333:user/ops/Bob"
	)
	tests := []struct {
		name, policy, caller string
		want                 Outcome
	}{
		{"account root listed does not exempt the service role", keyDeny, role, ExplicitDeny},
		{"nor the service", keyDeny, svc, ExplicitDeny},
		{"nor a role listed without its session", keyDeny, admin, ExplicitDeny},
		{"the root itself is exempt", keyDeny, root, Allowed},
		{"the account ID is the root", keyDeny, "111122223333", Allowed},
		{"role, session and account listed", deny(`{"AWS":["` + admin + `","` + session + `","` + root + `"]}`), admin, Allowed},
		{"the session itself", deny(`{"AWS":["` + admin + `","` + session + `","111122223333"]}`), session, Allowed},
		{"another session of the role is not listed", deny(`{"AWS":["` + admin + `","` + session + `","` + root + `"]}`), "arn:aws:sts::111122223333:assumed-role/KeyAdmin/eve", ExplicitDeny},
		{"role and session without the account", deny(`{"AWS":["` + admin + `","` + session + `"]}`), admin, ExplicitDeny},
		{"role under a path, session without it", deny(`{"AWS":["arn:aws:iam::111122223333:role/ops/KeyAdmin","` + session + `","` + root + `"]}`), "arn:aws:iam::111122223333:role/ops/KeyAdmin", Allowed},
		{"user and account listed", deny(`{"AWS":["` + user + `","` + root + `"]}`), user, Allowed},
		{"user without the account", deny(`{"AWS":"` + user + `"}`), user, ExplicitDeny},
		{"service listed", deny(`{"Service":"personalize.amazonaws.com"}`), svc, Allowed},
		{"service not listed", deny(`{"Service":"lambda.amazonaws.com"}`), svc, ExplicitDeny},
		{"account ID listed exempts only the root", deny(`{"AWS":"111122223333"}`), role, ExplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Evaluate(mustParse(t, tc.policy), Request{Principal: tc.caller, Action: "kms:Decrypt", Resource: "*"})
			if got.Outcome != tc.want {
				t.Errorf("%s: %+v, want %s", tc.caller, got, tc.want)
			}
		})
	}
}
