package wizard

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzBuild throws arbitrary text at every answer: Build must never panic,
// and either refuse with errors that name a flag, or produce documents that
// are valid JSON. Draft must always produce valid JSON.
func FuzzBuild(f *testing.F) {
	f.Add("personalize", "111122223333", "us-east-1", "R", "/", "", "bucket-1", "import,batch", testKey, "dataset-group", "", "")
	f.Add("kinesis", "1111-2222-3333", "cn-north-1", "", "", "", "", "", "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", "", "arn:aws-cn:kinesis:cn-north-1:111122223333:stream/s", "arn:aws-cn:iam::111122223333:role/r")
	f.Add("", "", "", "", "", "arn:aws:iam::111122223333:role/a/b/c", "My_Bucket", "export,metrics", "alias/x", "bucket", "", "")
	f.Fuzz(func(t *testing.T, setup, account, region, roleName, rolePath, roleARN, bucket, workflows, key, keyUse, stream, principals string) {
		a := Answers{Setup: Setup(setup), AccountID: account, Region: region, RoleName: roleName, RolePath: rolePath,
			RoleARN: roleARN, Bucket: bucket, KMSKeyARN: key, Stream: stream}
		for _, w := range strings.Split(workflows, ",") {
			a.Workflows = append(a.Workflows, Workflow(w))
		}
		if keyUse != "" {
			a.KeyUse = []KeyUse{KeyUse(keyUse)}
		}
		a.Producers = strings.Split(principals, ",")
		a.Consumers = a.Producers
		b, err := Build(a)
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("Build error is not wizard.Errors: %v", err)
			}
			for _, e := range errs {
				if !strings.HasPrefix(e.Error(), "--") || e.Rule == "" {
					t.Fatalf("error does not name a flag and a rule: %q", e.Error())
				}
			}
		} else {
			for _, d := range b.Docs {
				if !json.Valid(d.Policy.JSON()) {
					t.Fatalf("%s is not valid JSON", d.ID)
				}
			}
		}
		for _, d := range Draft(a).Docs {
			if !json.Valid(d.Policy.JSON()) {
				t.Fatalf("draft %s is not valid JSON", d.ID)
			}
		}
	})
}

// FuzzValidators checks each single-field validator on arbitrary input.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{"", "111122223333", "us-east-1", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "s3://x", "xn--a", "a..b", "\x00\xff"} {
		f.Add(s)
	}
	base := goodPersonalize()
	f.Fuzz(func(t *testing.T, v string) {
		for _, field := range append(base.fields(), FieldStream, FieldProducers, FieldConsumers, FieldPolicies) {
			a := goodPersonalize()
			a.SetValue(field, v)
			n := a.Normalized()
			if err := n.Check(field); err != nil && (err.Field != field || err.Rule == "") {
				t.Fatalf("%s %q: malformed error %+v", field, v, err)
			}
		}
	})
}
