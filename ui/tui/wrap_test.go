package tui

import (
	"reflect"
	"testing"
)

func TestWrapWords(t *testing.T) {
	tests := []struct {
		text string
		w    int
		want []string
	}{
		{"the region us-east-1 stays whole", 16, []string{"the region", "us-east-1 stays", "whole"}},
		{"bucket my-data. StreamWriter too", 12, []string{"bucket", "my-data.", "StreamWriter", "too"}},
		{"see https://docs.aws.amazon.com/personalize/latest/dg/x.html for more", 30,
			[]string{"see", "https://docs.aws.amazon.com/personalize/latest/dg/x.html", "for more"}},
		{"for s3://my-data/in/ type my-data.", 20, []string{"for s3://my-data/in/", "type my-data."}},
		{"one\n\ntwo", 10, []string{"one", "", "two"}},
	}
	for _, tt := range tests {
		if got := wrapWords(tt.text, tt.w); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tt.text, tt.w, got, tt.want)
		}
	}
}

func TestWrapCommand(t *testing.T) {
	tests := []struct {
		cmd  string
		w    int
		want []string
	}{
		{"$ aws iam create-role --role-name R --assume-role-policy-document file://role-trust-policy.json", 40, []string{
			"$ aws iam create-role --role-name R \\",
			"    --assume-role-policy-document \\",
			"    file://role-trust-policy.json",
		}},
		{"$ aws kms get-key-policy --key-id arn:aws:kms:us-east-1:111122223333:key/1234 --query 'Policy text' --region us-east-1", 30, []string{
			"$ aws kms get-key-policy \\",
			"    --key-id \\",
			"    arn:aws:kms:us-east-1:111122223333:key/1234 \\",
			"    --query 'Policy text' \\",
			"    --region us-east-1",
		}},
		{"$ short", 30, []string{"$ short"}},
	}
	for _, tt := range tests {
		if got := wrapCommand(tt.cmd, tt.w); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrapCommand(%q, %d) =\n%q\nwant\n%q", tt.cmd, tt.w, got, tt.want)
		}
	}
}
