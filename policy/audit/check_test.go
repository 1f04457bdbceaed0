package audit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
)

// The documents permwiz would add, shaped as the wizard builds them.
func personalizeKeyWant() *policy.Document {
	return &policy.Document{Version: policy.Version, Kind: policy.KindKey, Statement: []policy.Statement{
		{Sid: "Enable IAM User Permissions", Effect: policy.Allow, Principal: policy.AWSPrincipal("arn:aws:iam::111122223333:root"),
			Action: policy.List{"kms:*"}, Resource: policy.Strings{"*"}, Frame: true},
		{Sid: "AllowPersonalizeUseOfTheKey", Effect: policy.Allow,
			Principal: &policy.Principal{AWS: policy.Strings{role}, Service: policy.Strings{svc}},
			Action:    policy.List{"kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants"}, Resource: policy.Strings{"*"}},
	}}
}

func personalizeBucketWant() *policy.Document {
	return &policy.Document{Version: policy.Version, ID: "PersonalizeS3BucketAccessPolicy", Kind: policy.KindBucket, Statement: []policy.Statement{
		{Sid: "PersonalizeS3BucketAccessPolicy", Effect: policy.Allow, Principal: policy.ServicePrincipal(svc),
			Action:   policy.List{"s3:GetObject", "s3:ListBucket", "s3:PutObject"},
			Resource: policy.Strings{"arn:aws:s3:::my-data", "arn:aws:s3:::my-data/*"}},
	}}
}

func personalizeTrustWant() *policy.Document {
	return &policy.Document{Version: policy.Version, Kind: policy.KindTrust, Statement: []policy.Statement{{
		Sid: "AllowPersonalizeToAssumeRole", Effect: policy.Allow, Principal: policy.ServicePrincipal(svc), Action: policy.List{"sts:AssumeRole"},
		Condition: policy.Condition{}.With("StringEquals", "aws:SourceAccount", "111122223333").
			With("ArnLike", "aws:SourceArn", "arn:aws:personalize:us-east-1:111122223333:*")}}}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name       string
		fixture    string
		want       *policy.Document
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
	want := &policy.Document{Version: policy.Version, Kind: policy.KindIdentity, Statement: []policy.Statement{{Sid: "UsePersonalize", Effect: policy.Allow, Action: policy.List{"personalize:*"}, Resource: policy.Strings{"*"}}}}
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
// says so in a note that does not fail it, though the statement is not one
// permwiz was asked for; it does not claim that merge adds one.
func TestCheckMissingAccountStatement(t *testing.T) {
	tests := []struct {
		name    string
		policy  string
		note    bool
		failed  bool
		missing int
	}{
		{"only the AWS example's statement", `{"Version":"2012-10-17","Statement":[{"Sid":"Allow use of the key","Effect":"Allow","Principal":{"AWS":"` + role + `","Service":"` + svc + `"},"Action":"kms:*","Resource":"*"}]}`,
			true, false, 0},
		{"administrators only", readFixture(t, "existing", "key-policy-no-account-statement.json"), true, true, 2},
		{"console default policy", readFixture(t, "existing", "console-default-key-policy.json"), false, true, 1},
		{"account statement under another Sid", readFixture(t, "existing", "default-key-policy-programmatic.json"), false, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := Check(mustParse(t, tc.policy), personalizeKeyWant())
			if rep.Failed() != tc.failed || len(rep.Missing) != tc.missing {
				t.Errorf("Failed = %v with %d gaps, want %v with %d", rep.Failed(), len(rep.Missing), tc.failed, tc.missing)
			}
			var notes []Risk
			for _, r := range rep.Risks {
				if r.Info {
					notes = append(notes, r)
				}
			}
			if !tc.note {
				if len(notes) != 0 {
					t.Errorf("notes %+v, want none", notes)
				}
				return
			}
			if len(notes) != 1 {
				t.Fatalf("notes %+v, want one", notes)
			}
			n := notes[0]
			want := `the policy has no account statement (like permwiz's "Enable IAM User Permissions", which allows the account root kms:*), so IAM policies that allow use of this key, such as role-kms-policy, have no effect on it; permwiz's statements name their principals directly, so the setup works without it`
			if n.Message != want || n.Blocking || n.Path != "" {
				t.Errorf("note = %+v", n)
			}
		})
	}
}

// kinesisKeyWant is the Kinesis key policy permwiz builds for producers.
func kinesisKeyWant(producers ...string) *policy.Document {
	return &policy.Document{Version: policy.Version, Kind: policy.KindKey, Statement: []policy.Statement{
		{Sid: "Enable IAM User Permissions", Effect: policy.Allow, Principal: policy.AWSPrincipal("arn:aws:iam::111122223333:root"),
			Action: policy.List{"kms:*"}, Resource: policy.Strings{"*"}, Frame: true},
		{Sid: "AllowKinesisProducersToEncrypt", Effect: policy.Allow, Principal: policy.AWSPrincipal(producers...),
			Action: policy.List{"kms:GenerateDataKey"}, Resource: policy.Strings{"*"},
			Condition: policy.Condition{}.With("StringEquals", "kms:ViaService", "kinesis.us-west-2.amazonaws.com").
				With("StringEquals", "kms:EncryptionContext:aws:kinesis:arn", "arn:aws:kinesis:us-west-2:111122223333:stream/orders")},
	}}
}

// An existing grant that lets permwiz's principal do what permwiz's
// statement allows, in requests that statement's conditions refuse, does
// not count as granting it: it is a risk, and a blocking one when it
// defeats the confused-deputy guard of a service principal.
func TestCheckBroaderGrants(t *testing.T) {
	const unguarded = "lets personalize.amazonaws.com sts:AssumeRole for any account's resources (no aws:SourceAccount/aws:SourceArn): the confused-deputy guard permwiz adds has no effect while it stands; remove it or add the conditions"
	tests := []struct {
		name     string
		fixture  string
		want     *policy.Document
		failed   bool
		missing  int
		broader  []string // "path|blocking|message substring", in order
		granted  []string
		notRisky bool // no risk at all
	}{
		{name: "service principal without conditions", fixture: "trust-policy-unguarded.json", want: personalizeTrustWant(),
			failed: true, broader: []string{"Statement[0]|true|" + unguarded}},
		{name: "condition names another account", fixture: "trust-policy-other-account.json", want: personalizeTrustWant(),
			failed: true, missing: 1, broader: []string{"Statement[0]|true|for the resources of account 999999999999 (its aws:SourceAccount/aws:SourceArn condition names 999999999999, not 111122223333)"}},
		{name: "condition allows any account", fixture: "trust-policy-any-source-account.json", want: personalizeTrustWant(),
			failed: true, broader: []string{"Statement[0]|true|for any account's resources (its aws:SourceAccount/aws:SourceArn condition does not limit them to account 111122223333)"}},
		{name: "same conditions, other operator", fixture: "trust-policy-guarded.json", want: personalizeTrustWant(),
			granted: []string{"AllowPersonalizeToAssumeRole"}, notRisky: true},
		{name: "aws:SourceArn alone pins the account", fixture: "trust-policy-sourcearn-only.json", want: personalizeTrustWant(),
			granted: []string{"AllowPersonalizeToAssumeRole"}, notRisky: true},
		{name: "a Deny restores the guard", fixture: "trust-policy-unguarded-with-deny.json", want: personalizeTrustWant(),
			granted: []string{"AllowPersonalizeToAssumeRole"}, notRisky: true},
		{name: "role granted without permwiz's Kinesis conditions", fixture: "key-policy-producer-unconditioned.json", want: kinesisKeyWant("arn:aws:iam::111122223333:role/W2"),
			broader: []string{`Statement[1]|false|lets arn:aws:iam::111122223333:role/W2 kms:GenerateDataKey without the kms:ViaService and kms:EncryptionContext:aws:kinesis:arn conditions that permwiz's "AllowKinesisProducersToEncrypt" carries`}},
		{name: "permwiz's own Kinesis statement", fixture: "key-policy-kinesis-producer-w1.json", want: kinesisKeyWant("arn:aws:iam::111122223333:role/W1"),
			granted: []string{"AllowKinesisProducersToEncrypt"}, notRisky: true},
		{name: "grant through the account is not broader", fixture: "console-default-key-policy.json", want: kinesisKeyWant("arn:aws:iam::111122223333:role/W1"),
			granted: []string{"AllowKinesisProducersToEncrypt"}, notRisky: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			existing := mustParse(t, readFixture(t, "existing", tc.fixture))
			rep := Check(existing, tc.want)
			if rep.Failed() != tc.failed || len(rep.Missing) != tc.missing {
				t.Errorf("Failed = %v with %d gaps, want %v with %d: %+v", rep.Failed(), len(rep.Missing), tc.failed, tc.missing, rep)
			}
			var broader []Risk
			for _, r := range rep.Risks {
				if r.Defeats != "" {
					broader = append(broader, r)
				}
			}
			if tc.notRisky && len(rep.Risks) != 0 {
				t.Errorf("risks %+v, want none", rep.Risks)
			}
			if len(broader) != len(tc.broader) {
				t.Fatalf("broader grants %+v, want %d", broader, len(tc.broader))
			}
			for i, b := range tc.broader {
				parts := strings.SplitN(b, "|", 3)
				r := broader[i]
				if r.Path != parts[0] || fmt.Sprint(r.Blocking) != parts[1] || !strings.Contains(r.Message, parts[2]) {
					t.Errorf("risk %d = %+v, want %s", i, r, b)
				}
				if r.Defeats != tc.want.Statement[len(tc.want.Statement)-1].Sid {
					t.Errorf("Defeats = %q", r.Defeats)
				}
			}
			var granted []string
			for _, g := range rep.Granted {
				granted = append(granted, g.Sid)
			}
			if strings.Join(granted, ",") != strings.Join(tc.granted, ",") {
				t.Errorf("granted %v, want %v", granted, tc.granted)
			}
		})
	}
	// The whole line as the reviewer asked for it.
	rep := Check(mustParse(t, readFixture(t, "existing", "trust-policy-unguarded.json")), personalizeTrustWant())
	if got := rep.Risks[0].Path + " " + rep.Risks[0].Message; got != "Statement[0] "+unguarded {
		t.Errorf("message = %q", got)
	}
}

// A grant that keeps permwiz's condition keys but widens their values (a
// list that also names another stream or service, StringLike with a
// wildcard) lets through requests permwiz's statement refuses: it is risky,
// in a key policy and in an identity policy alike.
func TestCheckWidenedConditions(t *testing.T) {
	const producer = "arn:aws:iam::111122223333:role/W1"
	keyPolicy := func(cond string) string {
		return `{"Version":"2012-10-17","Statement":[` +
			`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},` +
			`{"Sid":"AllowKinesisProducersToEncrypt","Effect":"Allow","Principal":{"AWS":"` + producer + `"},"Action":"kms:GenerateDataKey","Resource":"*","Condition":` + cond + `}]}`
	}
	identityWant := &policy.Document{Version: policy.Version, Kind: policy.KindIdentity, Statement: []policy.Statement{
		{Sid: "DecryptStreamRecords", Effect: policy.Allow, Action: policy.List{"kms:Decrypt"},
			Resource: policy.Strings{"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
			Condition: policy.Condition{}.With("StringEquals", "kms:ViaService", "kinesis.us-west-2.amazonaws.com").
				With("StringEquals", "kms:EncryptionContext:aws:kinesis:arn", "arn:aws:kinesis:us-west-2:111122223333:stream/orders")},
	}}
	identity := func(cond string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"DecryptStreamRecords","Effect":"Allow","Action":"kms:Decrypt",` +
			`"Resource":"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","Condition":` + cond + `}]}`
	}
	tests := []struct {
		name, doc string
		want      *policy.Document
		says      string // "" when nothing is risky
	}{
		{"another stream in the list", keyPolicy(`{"StringEquals":{"kms:ViaService":"kinesis.us-west-2.amazonaws.com","kms:EncryptionContext:aws:kinesis:arn":["arn:aws:kinesis:us-west-2:111122223333:stream/orders","arn:aws:kinesis:us-west-2:111122223333:stream/payments"]}}`),
			kinesisKeyWant(producer), "with kms:EncryptionContext:aws:kinesis:arn = arn:aws:kinesis:us-west-2:111122223333:stream/payments, which permwiz's \"AllowKinesisProducersToEncrypt\" refuses"},
		{"another service in the list", keyPolicy(`{"StringEquals":{"kms:ViaService":["kinesis.us-west-2.amazonaws.com","s3.us-west-2.amazonaws.com"],"kms:EncryptionContext:aws:kinesis:arn":"arn:aws:kinesis:us-west-2:111122223333:stream/orders"}}`),
			kinesisKeyWant(producer), "with kms:ViaService = s3.us-west-2.amazonaws.com"},
		{"any stream by StringLike", keyPolicy(`{"StringEquals":{"kms:ViaService":"kinesis.us-west-2.amazonaws.com"},"StringLike":{"kms:EncryptionContext:aws:kinesis:arn":"arn:aws:kinesis:us-west-2:111122223333:stream/*"}}`),
			kinesisKeyWant(producer), "with kms:EncryptionContext:aws:kinesis:arn = arn:aws:kinesis:us-west-2:111122223333:stream/permwiz-other"},
		{"exactly permwiz's conditions", keyPolicy(`{"StringEquals":{"kms:ViaService":"kinesis.us-west-2.amazonaws.com","kms:EncryptionContext:aws:kinesis:arn":"arn:aws:kinesis:us-west-2:111122223333:stream/orders"}}`),
			kinesisKeyWant(producer), ""},
		{"identity policy widened by StringLike", identity(`{"StringLike":{"kms:ViaService":"kinesis.*","kms:EncryptionContext:aws:kinesis:arn":"*"}}`),
			identityWant, "lets whoever holds this policy kms:Decrypt with kms:EncryptionContext:aws:kinesis:arn = arn:aws:kinesis:us-west-2:111122223333:stream/permwiz-other"},
		{"identity policy as permwiz writes it", identity(`{"StringEquals":{"kms:ViaService":"kinesis.us-west-2.amazonaws.com","kms:EncryptionContext:aws:kinesis:arn":"arn:aws:kinesis:us-west-2:111122223333:stream/orders"}}`),
			identityWant, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := Check(mustParse(t, tc.doc), tc.want)
			var msgs []string
			for _, r := range rep.Risks {
				msgs = append(msgs, r.Message)
			}
			all := strings.Join(msgs, "\n")
			if tc.says == "" {
				if len(rep.Risks) != 0 || len(rep.Missing) != 0 {
					t.Errorf("risks %q, %d missing; want none", all, len(rep.Missing))
				}
				return
			}
			if !strings.Contains(all, tc.says) {
				t.Errorf("risks:\n%s\nwant one saying %q", all, tc.says)
			}
		})
	}
}
