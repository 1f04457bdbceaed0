package policy

import (
	"slices"
	"strings"
	"testing"
)

func TestPartitionOfRegion(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1": "aws", "eu-west-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "mx-central-1": "aws",
	} {
		p := PartitionOfRegion(region)
		if p == nil || p.ID != want || !p.HasRegion(region) {
			t.Errorf("PartitionOfRegion(%s) = %v, want %s", region, p, want)
		}
	}
	for _, bad := range []string{"", "US-EAST-1", "useast1", "moon-east-1"} {
		if p := PartitionOfRegion(bad); p != nil && p.HasRegion(bad) {
			t.Errorf("%q should not be a known region", bad)
		}
	}
}

func TestARNBuilders(t *testing.T) {
	cases := map[string]string{
		RoleARN("aws", "111122223333", "/", "R"):                               "arn:aws:iam::111122223333:role/R",
		RoleARN("aws-cn", "111122223333", "/service-role/", "R"):               "arn:aws-cn:iam::111122223333:role/service-role/R",
		AccountRootARN("aws-us-gov", "111122223333"):                           "arn:aws-us-gov:iam::111122223333:root",
		BucketARN("aws", "b"):                                                  "arn:aws:s3:::b",
		ObjectsARN("aws", "b"):                                                 "arn:aws:s3:::b/*",
		KeyARN("aws", "us-east-1", "111122223333", "k"):                        "arn:aws:kms:us-east-1:111122223333:key/k",
		StreamARN("aws", "us-west-2", "111122223333", "s"):                     "arn:aws:kinesis:us-west-2:111122223333:stream/s",
		AWSManagedPolicyARN("aws", "service-role/AmazonPersonalizeFullAccess"): "arn:aws:iam::aws:policy/service-role/AmazonPersonalizeFullAccess",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

func TestParseARN(t *testing.T) {
	a, err := ParseARN("arn:aws:s3:::bucket/key:with:colons")
	if err != nil || a.Service != "s3" || a.Region != "" || a.Account != "" || a.Resource != "bucket/key:with:colons" {
		t.Fatalf("ParseARN = %+v, %v", a, err)
	}
	if a.Partition != "aws" {
		t.Fatalf("ParseARN partition = %q", a.Partition)
	}
	for _, bad := range []string{"", "arn:aws:s3", "urn:aws:s3:::b", "arn::s3:::b", "arn:aws:s3:::"} {
		if _, err := ParseARN(bad); err == nil {
			t.Errorf("ParseARN(%q) should fail", bad)
		}
	}
}

// ParseARN reads the six fields strings.SplitN(s, ":", 6) returns.
func FuzzParseARNIsSplitN(f *testing.F) {
	for _, s := range []string{"arn:aws:s3:::b", "arn:aws:logs:us-east-1:111122223333:log-group:/a:*", "arn:aws", "", ":::::", "arn:::::", "x:aws:s3:::b", "arn:aws:iam::111122223333:role/a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseARN(s)
		p := strings.SplitN(s, ":", 6)
		if f, n := SplitARN(s); !slices.Equal(f[:n], p) {
			t.Fatalf("SplitARN(%q) = %q, SplitN %q", s, f[:n], p)
		}
		valid := len(p) == 6 && p[0] == "arn" && p[1] != "" && p[2] != "" && p[5] != ""
		if valid != (err == nil) {
			t.Fatalf("ParseARN(%q): error %v", s, err)
		}
		if valid && got != (ARN{Partition: p[1], Service: p[2], Region: p[3], Account: p[4], Resource: p[5]}) {
			t.Fatalf("ParseARN(%q) = %+v, SplitN %q", s, got, p)
		}
	})
}
