package policy

import (
	"strings"
	"testing"
)

// The documents permwiz would add, shaped as the wizard builds them.
func personalizeKeyWant() *Document {
	return &Document{Version: Version, Kind: KindKey, Statement: []Statement{
		{Sid: "Enable IAM User Permissions", Effect: Allow, Principal: AWSPrincipal("arn:aws:iam::111122223333:root"),
			Action: List{"kms:*"}, Resource: Strings{"*"}, Frame: true},
		{Sid: "AllowPersonalizeUseOfTheKey", Effect: Allow,
			Principal: &Principal{AWS: Strings{role}, Service: Strings{svc}},
			Action:    List{"kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants"}, Resource: Strings{"*"}},
	}}
}

func personalizeBucketWant() *Document {
	return &Document{Version: Version, ID: "PersonalizeS3BucketAccessPolicy", Kind: KindBucket, Statement: []Statement{
		{Sid: "PersonalizeS3BucketAccessPolicy", Effect: Allow, Principal: ServicePrincipal(svc),
			Action:   List{"s3:GetObject", "s3:ListBucket", "s3:PutObject"},
			Resource: Strings{"arn:aws:s3:::my-data", "arn:aws:s3:::my-data/*"}},
	}}
}

func personalizeTrustWant() *Document {
	return &Document{Version: Version, Kind: KindTrust, Statement: []Statement{{
		Sid: "AllowPersonalizeToAssumeRole", Effect: Allow, Principal: ServicePrincipal(svc), Action: List{"sts:AssumeRole"},
		Condition: Condition{}.With("StringEquals", "aws:SourceAccount", "111122223333").
			With("ArnLike", "aws:SourceArn", "arn:aws:personalize:us-east-1:111122223333:*")}}}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name       string
		fixture    string
		want       *Document
		failed     bool
		missing    []string // substrings, one per expected gap, in order
		risks      []string // substrings of risk messages
		blocking   bool
		granted    []string // Sids reported as already granted
		viaAccount bool
	}{
		{name: "console default key policy lacks the service and the role's grant", fixture: "console-default-key-policy.json", want: personalizeKeyWant(),
			failed: true, missing: []string{"does not let personalize.amazonaws.com kms:Decrypt, kms:GenerateDataKey, kms:DescribeKey, kms:CreateGrant, kms:ListGrants"},
			viaAccount: true},
		{name: "AWS example with the colliding Sid already grants", fixture: "key-policy-aws-example-collides.json", want: personalizeKeyWant(),
			granted: []string{"AllowPersonalizeUseOfTheKey"}},
		{name: "wildcards and odd case cover the need", fixture: "key-policy-wildcard-covers.json", want: personalizeKeyWant(),
			granted: []string{"AllowPersonalizeUseOfTheKey"}},
		{name: "bucket with other grants", fixture: "bucket-policy-existing-grants.json", want: personalizeBucketWant(),
			failed: true, missing: []string{"s3:GetObject, s3:PutObject on arn:aws:s3:::my-data/*", "s3:ListBucket on arn:aws:s3:::my-data"}},
		{name: "Deny on aws:SourceVpce blocks Personalize", fixture: "bucket-policy-deny-vpce.json", want: personalizeBucketWant(),
			failed: true, missing: []string{"AccessOnlyThroughVPCE\") denies it", "AccessOnlyThroughVPCE\") denies it"},
			risks: []string{"does not reach S3 through a VPC"}, blocking: true},
		{name: "s3:* to the service covers, but is risky", fixture: "bucket-policy-wildcard-covers.json", want: personalizeBucketWant(),
			granted: []string{"PersonalizeS3BucketAccessPolicy"}, risks: []string{"grants s3:* to personalize.amazonaws.com"}},
		{name: "public read is risky and not enough", fixture: "bucket-policy-public-read.json", want: personalizeBucketWant(),
			failed: true, missing: []string{"s3:ListBucket on arn:aws:s3:::my-data", "s3:PutObject on arn:aws:s3:::my-data/*"},
			risks: []string{"to everyone"}},
		{name: "trust policy for another service", fixture: "trust-policy-other-service.json", want: personalizeTrustWant(),
			failed: true, missing: []string{"does not let personalize.amazonaws.com sts:AssumeRole"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			existing := mustParse(t, readFixture(t, "existing", tc.fixture))
			existing.Kind = tc.want.Kind
			rep := Check(existing, tc.want)
			if rep.Failed() != tc.failed {
				t.Errorf("Failed = %v, want %v; %+v", rep.Failed(), tc.failed, rep)
			}
			if len(rep.Missing) != len(tc.missing) {
				t.Fatalf("missing %d gaps, want %d: %+v", len(rep.Missing), len(tc.missing), rep.Missing)
			}
			for i, m := range tc.missing {
				if !strings.Contains(rep.Missing[i].Message, m) {
					t.Errorf("gap %d = %q, want it to contain %q", i, rep.Missing[i].Message, m)
				}
			}
			for _, r := range tc.risks {
				found := false
				for _, got := range rep.Risks {
					found = found || strings.Contains(got.Message, r)
				}
				if !found {
					t.Errorf("no risk containing %q in %+v", r, rep.Risks)
				}
			}
			blocking := false
			for _, r := range rep.Risks {
				blocking = blocking || r.Blocking
			}
			if blocking != tc.blocking {
				t.Errorf("blocking = %v, want %v", blocking, tc.blocking)
			}
			var granted []string
			via := false
			for _, g := range rep.Granted {
				if !g.ViaAccount || len(rep.Missing) == 0 {
					granted = append(granted, g.Sid)
				}
				via = via || g.ViaAccount
			}
			if strings.Join(granted, ",") != strings.Join(tc.granted, ",") {
				t.Errorf("granted = %v, want %v", granted, tc.granted)
			}
			if via != tc.viaAccount {
				t.Errorf("viaAccount = %v, want %v (%+v)", via, tc.viaAccount, rep.Granted)
			}
		})
	}
}

// A statement granting only part of the actions leaves exactly the rest.
func TestCheckPartialGrant(t *testing.T) {
	existing := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Sid":"Some","Effect":"Allow","Principal":{"AWS":"`+role+`","Service":"`+svc+`"},"Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}`)
	rep := Check(existing, personalizeKeyWant())
	if len(rep.Missing) != 2 {
		t.Fatalf("gaps = %+v", rep.Missing)
	}
	for _, g := range rep.Missing {
		if strings.Join(g.Actions, ",") != "kms:GenerateDataKey,kms:CreateGrant,kms:ListGrants" {
			t.Errorf("%s lacks %v", g.Principal, g.Actions)
		}
	}
	if rep.Missing[0].Principal != role || rep.Missing[1].Principal != svc {
		t.Errorf("principals = %s, %s", rep.Missing[0].Principal, rep.Missing[1].Principal)
	}
}

// An identity policy's wildcard grant covers a wildcard need without
// expanding it ("personalize:*" under "personalize:*").
func TestCheckIdentityWildcard(t *testing.T) {
	want := &Document{Version: Version, Kind: KindIdentity, Statement: []Statement{{Sid: "UsePersonalize", Effect: Allow, Action: List{"personalize:*"}, Resource: Strings{"*"}}}}
	if rep := Check(mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), want); rep.Failed() {
		t.Errorf("Action * does not cover personalize:*: %+v", rep.Missing)
	}
	rep := Check(mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"personalize:Describe*","Resource":"*"}]}`), want)
	if !rep.Failed() || len(rep.Missing) != 1 || len(rep.Missing[0].Actions) < 10 {
		t.Fatalf("partial wildcard: %+v", rep.Missing)
	}
	for _, a := range rep.Missing[0].Actions {
		if strings.HasPrefix(a, "personalize:Describe") {
			t.Errorf("%s reported missing though personalize:Describe* grants it", a)
		}
	}
	if !strings.Contains(rep.Missing[0].Message, "more") {
		t.Errorf("a long action list is not abbreviated: %s", rep.Missing[0].Message)
	}
}

// Without the account statement, IAM policies on the key do nothing: check
// says so, though the statement is not one permwiz was asked for.
func TestCheckMissingAccountStatement(t *testing.T) {
	want := personalizeKeyWant()
	want.Statement[0].Reason = "it lets IAM policies grant use of the key"
	existing := mustParse(t, readFixture(t, "existing", "key-policy-aws-example-collides.json"))
	existing.Statement = existing.Statement[1:] // only the AWS example's statement
	rep := Check(existing, want)
	if rep.Failed() {
		t.Errorf("failed: %+v", rep)
	}
	found := false
	for _, r := range rep.Risks {
		found = found || strings.Contains(r.Message, "Enable IAM User Permissions") && strings.Contains(r.Message, "IAM policies")
	}
	if !found {
		t.Errorf("no note about the account statement: %+v", rep.Risks)
	}
	if rep := Check(mustParse(t, readFixture(t, "existing", "console-default-key-policy.json")), want); len(rep.Risks) != 0 {
		t.Errorf("console default policy: %+v", rep.Risks)
	}
}
