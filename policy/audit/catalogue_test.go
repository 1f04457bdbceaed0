package audit

import (
	"slices"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/assets"
)

func mustCatalogue(t *testing.T) *assets.Catalogue {
	t.Helper()
	c, err := assets.LoadCatalogue()
	if err != nil {
		t.Fatalf("LoadCatalogue: %v", err)
	}
	return c
}

func TestMatchActions(t *testing.T) {
	c := mustCatalogue(t)
	list := matchActions(c, "kms:List*")
	for _, want := range []string{"kms:ListKeys", "kms:ListAliases", "kms:ListGrants"} {
		if !slices.Contains(list, want) {
			t.Errorf("kms:List* lacks %s: %v", want, list)
		}
	}
	for _, got := range list {
		if !strings.HasPrefix(got, "kms:List") {
			t.Errorf("kms:List* matched %s", got)
		}
	}
	if got := matchActions(c, "KMS:list*"); !slices.Equal(got, list) {
		t.Errorf("case-insensitive pattern gave %v, want %v", got, list)
	}

	desc := matchActions(c, "kms:Describe*")
	if !slices.Contains(desc, "kms:DescribeKey") {
		t.Errorf("kms:Describe* = %v", desc)
	}

	objs := matchActions(c, "s3:*Object")
	for _, want := range []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} {
		if !slices.Contains(objs, want) {
			t.Errorf("s3:*Object lacks %s", want)
		}
	}
	for _, got := range objs {
		if !strings.HasSuffix(strings.ToLower(got), "object") {
			t.Errorf("s3:*Object matched %s", got)
		}
	}

	if got := matchActions(c, "kinesis:Get?hardIterator"); !slices.Equal(got, []string{"kinesis:GetShardIterator"}) {
		t.Errorf("? pattern gave %v", got)
	}
	if got := matchActions(c, "kms:decrypt"); !slices.Equal(got, []string{"kms:Decrypt"}) {
		t.Errorf("literal pattern gave %v", got)
	}
	kmsAll := matchActions(c, "kms:*")
	kms, _ := c.Service("kms")
	if len(kmsAll) != len(kms.Actions) {
		t.Errorf("kms:* matched %d of %d", len(kmsAll), len(kms.Actions))
	}
	total := 0
	for _, s := range c.Services() {
		total += len(s.Actions)
	}
	if n := len(matchActions(c, "*")); n != total {
		t.Errorf("* matched %d of %d", n, total)
	}
	if got := matchActions(c, "k*:ListKeys"); !slices.Equal(got, []string{"kms:ListKeys"}) {
		t.Errorf("service wildcard gave %v", got)
	}
	if got := matchActions(c, "osis:GetPipeline"); !slices.Equal(got, []string{"osis:GetPipeline"}) {
		t.Errorf("osis:GetPipeline gave %v", got)
	}
	for _, p := range []string{"nosuchservice:*", "kms", "kms:NoSuch*", ""} {
		if got := matchActions(c, p); len(got) != 0 {
			t.Errorf("%q matched %v", p, got)
		}
	}
}

func TestConditionKeys(t *testing.T) {
	c := mustCatalogue(t)
	kms, _ := c.Service("kms")
	var keys []string
	for _, k := range kms.ConditionKeys {
		keys = append(keys, k.Key)
	}
	for _, want := range []string{"kms:ViaService", "kms:CallerAccount", "kms:EncryptionContext:${EncryptionContextKey}"} {
		if !slices.Contains(keys, want) {
			t.Errorf("kms condition keys lack %s", want)
		}
	}

	for _, tc := range []struct {
		in, key, typ string
		global       bool
	}{
		{"kms:ViaService", "kms:ViaService", "String", false},
		{"KMS:viaservice", "kms:ViaService", "String", false},
		{"kms:CallerAccount", "kms:CallerAccount", "String", false},
		{"kms:EncryptionContext:aws:kinesis:arn", "kms:EncryptionContext:${EncryptionContextKey}", "String", false},
		{"kms:EncryptionContext:${EncryptionContextKey}", "kms:EncryptionContext:${EncryptionContextKey}", "String", false},
		{"aws:RequestTag/team", "aws:RequestTag/${TagKey}", "String", true},
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/${TagKey}", "String", true},
		{"aws:PrincipalTag/dept", "aws:PrincipalTag/${TagKey}", "String", true},
		{"aws:SourceAccount", "aws:SourceAccount", "String", true},
		{"aws:SourceArn", "aws:SourceArn", "ARN", true},
		{"aws:SourceVpc", "aws:SourceVpc", "String", true},
		{"aws:SourceVpce", "aws:SourceVpce", "String", true},
		{"aws:PrincipalArn", "aws:PrincipalArn", "ARN", true},
		{"aws:SecureTransport", "aws:SecureTransport", "Bool", true},
		{"aws:sourceip", "aws:SourceIp", "IPAddress", true},
		{"iam:PassedToService", "iam:PassedToService", "String", false},
		{"s3:prefix", "s3:prefix", "String", false},
		{"sts:ExternalId", "sts:ExternalId", "String", false},
	} {
		k, ok := conditionKey(c, tc.in)
		if !ok {
			t.Errorf("ConditionKey(%q) not found", tc.in)
			continue
		}
		if k.Key != tc.key || k.Type != tc.typ || k.Global != tc.global {
			t.Errorf("ConditionKey(%q) = %+v, want key %q type %q global %v", tc.in, k, tc.key, tc.typ, tc.global)
		}
	}
	if k, _ := conditionKey(c, "kms:ViaService"); k.Service != "kms" {
		t.Errorf("kms:ViaService service %q", k.Service)
	}
	for _, in := range []string{"kms:NoSuchKey", "aws:RequestTag/", "kms:EncryptionContext:", "nosuch:key", "aws:NoSuch"} {
		if k, ok := conditionKey(c, in); ok {
			t.Errorf("ConditionKey(%q) = %+v, want not found", in, k)
		}
	}

	// Every key an action or resource type references can be typed.
	for _, s := range c.Services() {
		for _, a := range s.Actions {
			for _, k := range a.ConditionKeys {
				if _, ok := conditionKey(c, k); !ok {
					t.Errorf("%s: condition key %s unknown", a.FullName(), k)
				}
			}
		}
	}
}

// An action's templated condition keys match the keys written with a value
// in place of the variable, and nothing else.
func TestActionConditionKeyTemplates(t *testing.T) {
	c := mustCatalogue(t)
	a, _ := c.Action("kms", "GenerateDataKeyWithoutPlaintext")
	has := func(key string) bool {
		for _, k := range a.ConditionKeys {
			lk := strings.ToLower(k)
			if lk == strings.ToLower(key) || keyTemplate(lk).match(strings.ToLower(key)) {
				return true
			}
		}
		return false
	}
	if !has("kms:encryptioncontext:aws:kinesis:arn") {
		t.Error("the EncryptionContext template does not match")
	}
	if has("s3:prefix") {
		t.Error("matched an unrelated key")
	}
}

// The binary search for "Prefix*" finds exactly what the glob finds.
func TestServiceActionsPrefixSearch(t *testing.T) {
	c := mustCatalogue(t)
	for _, q := range [][2]string{{"ec2", "Describe*"}, {"s3", "get*"}, {"kms", "*"}, {"iam", "zzz*"}, {"lambda", "a*"}, {"sts", "AssumeRole*"}} {
		s, _ := c.Service(q[0])
		var got []string
		for _, a := range serviceActions(s, q[1]) {
			got = append(got, a.FullName())
		}
		var want []string
		g := globPattern(strings.ToLower(q[1]))
		for _, a := range s.Actions {
			if g.match(strings.ToLower(a.Name)) {
				want = append(want, a.FullName())
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:%s: search %d actions, glob %d", q[0], q[1], len(got), len(want))
		}
	}
}
