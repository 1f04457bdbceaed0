package wizard

import (
	"errors"
	"strings"
	"testing"
)

const testKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func goodPersonalize() Answers {
	return Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole", Bucket: "my-personalize-data"}
}

func goodKinesis() Answers {
	return Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "orders", KMSKeyARN: testKey}
}

func TestValidAnswersPass(t *testing.T) {
	cases := map[string]Answers{
		"minimal personalize":             goodPersonalize(),
		"console account id with hyphens": func() Answers { a := goodPersonalize(); a.AccountID = "1111-2222-3333"; return a }(),
		"existing role with path": func() Answers {
			a := goodPersonalize()
			a.RoleName, a.RoleARN = "", "arn:aws:iam::111122223333:role/service-role/AmazonPersonalize-ExecutionRole-1"
			return a
		}(),
		"china": func() Answers {
			a := goodPersonalize()
			a.Region, a.KMSKeyARN = "cn-north-1", "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
			return a
		}(),
		"legacy bucket name": func() Answers { a := goodPersonalize(); a.Bucket = "My_Old_Bucket"; return a }(),
		"cross-account key": func() Answers {
			a := goodPersonalize()
			a.KMSKeyARN = strings.Replace(testKey, "111122223333", "444455556666", 1)
			return a
		}(),
		"kinesis": goodKinesis(),
		"kinesis govcloud": func() Answers {
			a := goodKinesis()
			a.Region, a.KMSKeyARN = "us-gov-west-1", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			a.Producers = []string{"arn:aws-us-gov:iam::111122223333:role/writer"}
			return a
		}(),
		"kinesis in the newest Regions of the SDK data": func() Answers {
			a := goodKinesis()
			a.Region, a.KMSKeyARN = "me-west-1", "arn:aws:kms:me-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			return a
		}(),
		"kinesis sa-west-1": func() Answers {
			a := goodKinesis()
			a.Region, a.KMSKeyARN = "sa-west-1", "arn:aws:kms:sa-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			a.ConsumerKinds = []ConsumerKind{ConsumerKCL, ConsumerLambda}
			a.KCLApplication = "orders-app"
			a.ProducerKind = ProducerKPL
			a.Admins = []string{"arn:aws:iam::111122223333:role/admin"}
			return a
		}(),
		"kinesis stream ARN": func() Answers {
			a := goodKinesis()
			a.Stream = "arn:aws:kinesis:us-east-1:111122223333:stream/orders"
			return a
		}(),
	}
	for name, a := range cases {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: unexpected error: %v", name, err)
		}
	}
}

func TestBadAnswersNameFlagValueAndRule(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Answers)
		want string
	}{
		{"short account", func(a *Answers) { a.AccountID = "12345" }, `--account-id "12345": an AWS account ID is exactly 12 digits`},
		{"letters in account", func(a *Answers) { a.AccountID = "11112222333a" }, `--account-id "11112222333a": an AWS account ID is exactly 12 digits`},
		{"region name", func(a *Answers) { a.Region = "N. Virginia" }, `--region "N. Virginia": not an AWS Region code`},
		{"unknown region", func(a *Answers) { a.Region = "us-east-9" }, `--region "us-east-9": not an AWS Region code`},
		{"govcloud personalize", func(a *Answers) { a.Region = "us-gov-west-1" }, `--region "us-gov-west-1": Amazon Personalize is not offered in AWS GovCloud (US)`},
		{"region without personalize", func(a *Answers) { a.Region = "eu-north-1" }, `--region "eu-north-1": Amazon Personalize is not offered in this Region`},
		{"role name chars", func(a *Answers) { a.RoleName = "my role" }, `--role-name "my role": an IAM role name uses only letters, digits`},
		{"role name long", func(a *Answers) { a.RoleName = strings.Repeat("r", 65) }, `an IAM role name is at most 64 characters (this one has 65)`},
		{"role both", func(a *Answers) { a.RoleARN = "arn:aws:iam::111122223333:role/R" }, `give either --role-name (a new role) or --role-arn`},
		{"role path", func(a *Answers) { a.RolePath = "service role" }, `--role-path "service role": an IAM path is / alone, or starts and ends with /`},
		{"role arn other account", func(a *Answers) { a.RoleName, a.RoleARN = "", "arn:aws:iam::444455556666:role/R" }, `the role is in account 444455556666 but --account-id is 111122223333`},
		{"role arn partition", func(a *Answers) { a.RoleName, a.RoleARN = "", "arn:aws-cn:iam::111122223333:role/R" }, `the role is in partition aws-cn but us-east-1 is in aws`},
		{"role arn shape", func(a *Answers) { a.RoleName, a.RoleARN = "", "arn:aws:iam::111122223333:user/R" }, `a role ARN looks like`},
		{"bucket upper", func(a *Answers) { a.Bucket = "ab" }, `--bucket "ab": a bucket name is 3 to 63 characters (this one has 2)`},
		{"bucket ip", func(a *Answers) { a.Bucket = "192.168.5.4" }, `not formatted as an IP address`},
		{"bucket dots", func(a *Answers) { a.Bucket = "my..bucket" }, `no two adjacent dots`},
		{"bucket prefix", func(a *Answers) { a.Bucket = "xn--bucket" }, `cannot start with "xn--"`},
		{"bucket suffix", func(a *Answers) { a.Bucket = "data-s3alias" }, `cannot end with "-s3alias"`},
		{"bucket directory", func(a *Answers) { a.Bucket = "data--use1-az4--x-s3" }, `directory bucket`},
		{"bucket start", func(a *Answers) { a.Bucket = "-bucket" }, `starts and ends with a letter or digit`},
		{"workflow", func(a *Answers) { a.Workflows = []Workflow{"training"} }, `--workflows "training": not a workflow; choose from import,batch,export,metrics,metrics-cloudwatch,delete`},
		{"access", func(a *Answers) { a.RoleAccess = "full" }, `--role-access "full": choose custom`},
		{"key alias", func(a *Answers) { a.KMSKeyARN = "alias/my-key" }, `--kms-key-arn "alias/my-key": this is an alias`},
		{"key alias arn", func(a *Answers) { a.KMSKeyARN = "arn:aws:kms:us-east-1:111122223333:alias/my-key" }, `this is an alias`},
		{"key id", func(a *Answers) { a.KMSKeyARN = "1234abcd-12ab-34cd-56ef-1234567890ab" }, `this is a key ID; give the whole key ARN`},
		{"key region", func(a *Answers) { a.KMSKeyARN = strings.Replace(testKey, "us-east-1", "us-west-2", 1) }, `the key is in us-west-2 but the answers' Region is us-east-1`},
		{"key partition", func(a *Answers) { a.KMSKeyARN = strings.Replace(testKey, "arn:aws:", "arn:aws-cn:", 1) }, `the key is in partition aws-cn`},
		{"key shape", func(a *Answers) { a.KMSKeyARN = "arn:aws:kms:us-east-1:111122223333:key/nope" }, `a KMS key ARN looks like`},
		{"key use without key", func(a *Answers) { a.KeyUse = []KeyUse{KeyBucket} }, `--key-use "bucket": says what the KMS key encrypts, so it needs --kms-key-arn`},
		{"setup", func(a *Answers) { a.Setup = "lambda" }, `--setup "lambda": the setup is personalize or kinesis`},
		{"missing account", func(a *Answers) { a.AccountID = "" }, `--account-id is required: the 12-digit ID`},
		{"wildcard in path", func(a *Answers) { a.RolePath = "/a*/" }, `--role-path "/a*/": permwiz refuses * and ? in a path`},
		{"service-linked path", func(a *Answers) { a.RolePath = "/aws-service-role/personalize/" }, `reserved for service-linked roles`},
		{"role ARN too long", func(a *Answers) { a.RolePath = "/" + strings.Repeat("a", 300) + "/" }, `over 256 characters`},
		{"long role ARN", func(a *Answers) {
			a.RoleName, a.RoleARN = "", "arn:aws:iam::111122223333:role/"+strings.Repeat("p/", 120)+"R"
		}, `at most 256 characters (this one has 272)`},
		{"service-linked role ARN", func(a *Answers) {
			a.RoleName, a.RoleARN = "", "arn:aws:iam::111122223333:role/aws-service-role/personalize.amazonaws.com/R"
		}, `this is a service-linked role`},
		{"legacy name outside us-east-1", func(a *Answers) { a.Region, a.Bucket = "eu-west-1", "My_Old_Bucket" }, `exist only for buckets made in us-east-1 before March 2018`},
		{"legacy name with adjacent dots", func(a *Answers) { a.Bucket = "A..B" }, `no two adjacent dots`},
		{"legacy name starting badly", func(a *Answers) { a.Bucket = "-a_" }, `starts and ends with a letter or digit`},
		{"legacy name reserved prefix", func(a *Answers) { a.Bucket = "xn--Abc" }, `cannot start with "xn--"`},
		{"iso region", func(a *Answers) { a.Region = "us-iso-east-1" }, `isolated partition`},
		{"policy variable in path", func(a *Answers) { a.RolePath = "/${aws:username}/" }, `--role-path "/${aws:username}/": permwiz refuses ${ in a path`},
		{"policy variable in role ARN", func(a *Answers) {
			a.RoleName, a.RoleARN = "", "arn:aws:iam::111122223333:role/${aws:username}/R"
		}, `permwiz refuses ${ in a role ARN`},
		{"role ARN without slash", func(a *Answers) { a.RoleName, a.RoleARN = "", "arn:aws:iam::111122223333:roleMyRole" }, `--role-arn "arn:aws:iam::111122223333:roleMyRole": a role ARN looks like`},
		// CloudFormation replaces a dynamic reference at deploy time: the
		// template would grant something other than the JSON.
		{"CloudFormation reference in path", func(a *Answers) { a.RolePath = "/{{resolve:ssm:p}}/" }, `--role-path "/{{resolve:ssm:p}}/": holds a CloudFormation dynamic reference`},
		{"CloudFormation reference in a prefix", func(a *Answers) {
			a.Workflows = []Workflow{WorkflowImport, WorkflowBatch}
			a.BatchOutputPrefix = "{{RESOLVE:ssm:evil}}/"
		}, `--batch-output-prefix "{{RESOLVE:ssm:evil}}/": holds a CloudFormation dynamic reference`},
	}
	for _, c := range cases {
		a := goodPersonalize()
		c.edit(&a)
		err := a.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v\nwant an error containing %s", c.name, err, c.want)
			continue
		}
		var errs Errors
		if !errors.As(err, &errs) || errs[0].Field == "" {
			t.Errorf("%s: want wizard.Errors with the field named, got %T", c.name, err)
		}
		if _, berr := Build(a); berr == nil {
			t.Errorf("%s: Build must refuse what Validate refuses", c.name)
		}
	}
}

func TestKinesisValidation(t *testing.T) {
	cases := []struct {
		edit func(*Answers)
		want string
	}{
		{func(a *Answers) { a.Stream = "my stream" }, `--stream "my stream": a stream name is 1 to 128 letters`},
		{func(a *Answers) { a.Stream = "arn:aws:kinesis:us-east-1:111122223333:orders" }, `with stream/ before the name`},
		{func(a *Answers) { a.Stream = "arn:aws:kinesis:us-west-2:111122223333:stream/orders" }, `the stream is in us-west-2`},
		{func(a *Answers) { a.Stream = "arn:aws-cn:kinesis:us-east-1:111122223333:stream/orders" }, `the stream's ARN is in partition aws-cn but us-east-1 is in aws`},
		{func(a *Answers) { a.KMSKeyARN = "" }, `--kms-key-arn is required: the ARN`},
		{func(a *Answers) { a.Producers = []string{"arn:aws:iam::111122223333:group/writers"} }, `--producers "arn:aws:iam::111122223333:group/writers": a key-policy principal is an IAM role, user or account ARN`},
		{func(a *Answers) { a.Consumers = []string{"arn:aws-cn:iam::111122223333:role/r"} }, `--consumers "arn:aws-cn:iam::111122223333:role/r": the principal is in partition aws-cn`},
		{func(a *Answers) { a.Policies = []KinesisPolicy{"reader"} }, `--policies "reader": not a Kinesis policy`},
		{func(a *Answers) { a.Producers = []string{"arn:aws:iam::111122223333:role/w*/writer"} }, `cannot hold the wildcards * or ?`},
		{func(a *Answers) { a.Consumers = []string{"arn:aws:iam::111122223333:role/a?/reader"} }, `cannot hold the wildcards * or ?`},
		{func(a *Answers) { a.Consumers = []string{"arn:aws:iam::111122223333:role/${aws:username}/reader"} }, `permwiz refuses ${ in a principal ARN`},
	}
	for _, c := range cases {
		a := goodKinesis()
		c.edit(&a)
		if err := a.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v\nwant an error containing %s", err, c.want)
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	a := Answers{AccountID: "1", Region: "mars-1", RoleName: "a b", Bucket: "B"}
	var errs Errors
	if !errors.As(a.Validate(), &errs) || len(errs) != 4 {
		t.Fatalf("want 4 errors (account, region, role, bucket), got %v", a.Validate())
	}
	if errs.For(FieldBucket) == nil {
		t.Error("Errors.For should find the bucket error")
	}
}

func TestMissing(t *testing.T) {
	a := Answers{Bucket: "b-b-b"}.Normalized()
	got := strings.Join(a.Missing(), ",")
	if got != "account_id,region,role_name" {
		t.Errorf("Missing = %s", got)
	}
	a.RoleARN = "arn:aws:iam::111122223333:role/R"
	if strings.Contains(strings.Join(a.Missing(), ","), "role_name") {
		t.Error("a role ARN answers the role")
	}
	k := Answers{Setup: SetupKinesis}.Normalized()
	if got := strings.Join(k.Missing(), ","); got != "account_id,region,stream,kms_key_arn" {
		t.Errorf("Kinesis Missing = %s", got)
	}
}

func TestKeyIDIsLowerCased(t *testing.T) {
	a := goodPersonalize()
	a.KMSKeyARN = "arn:aws:kms:us-east-1:111122223333:key/1234ABCD-12ab-34cd-56ef-1234567890AB"
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Doc(DocUserPolicy).Policy.FindSid("UsePersonalizeKey").Resource[0]; got != testKey {
		t.Errorf("key ARN %s: ARNs match case-sensitively and KMS key IDs are lower case", got)
	}
}

func TestErrorExamplesUseTheAnswersPartition(t *testing.T) {
	a := goodKinesis()
	a.Region, a.AccountID = "us-gov-west-1", "444455556666"
	a.KMSKeyARN = "arn:aws-us-gov:kms:us-gov-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	a.Stream = "arn:aws-us-gov:kinesis:us-gov-west-1:444455556666:orders"
	err := a.Validate()
	if err == nil || !strings.Contains(err.Error(), "arn:aws-us-gov:kinesis:us-gov-west-1:444455556666:stream/my-stream") {
		t.Errorf("the example should be in the user's partition, region and account: %v", err)
	}
}

// The Kinesis answers of the client kinds and the administrators: each bad
// one names its flag, the value and the rule.
func TestBadKinesisClientAnswers(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Answers)
		want string
	}{
		{"producer kind", func(a *Answers) { a.ProducerKind = "fluentd" }, `--producer-kind "fluentd": not a producer kind; choose from sdk,kpl`},
		{"consumer kind", func(a *Answers) { a.ConsumerKinds = []ConsumerKind{"flink"} }, `--consumer-kinds "flink": not a consumer kind; choose from polling,kcl,efo,lambda`},
		{"kcl without application", func(a *Answers) { a.ConsumerKinds = []ConsumerKind{ConsumerKCL} }, `--kcl-application is required with KCL consumers: the application name`},
		{"kcl application name", func(a *Answers) {
			a.ConsumerKinds, a.KCLApplication = []ConsumerKind{ConsumerKCL}, "my app"
		}, `--kcl-application "my app": the KCL names its DynamoDB lease table after the application`},
		{"kcl application without kcl", func(a *Answers) { a.KCLApplication = "orders-app" }, `--kcl-application "orders-app": names the KCL application, so it needs kcl`},
		{"admin ARN", func(a *Answers) { a.Admins = []string{"admin"} }, `--admins "admin": a key-policy principal is an IAM role, user or account ARN`},
		{"unknown region", func(a *Answers) { a.Region = "us-east-9" }, `--region "us-east-9": not an AWS Region code in the AWS SDKs' Region list (@aws-sdk/core`},
	}
	for _, c := range cases {
		a := goodKinesis()
		c.edit(&a)
		err := a.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v\nwant an error containing %s", c.name, err, c.want)
		}
		if _, berr := Build(a); berr == nil {
			t.Errorf("%s: Build must refuse what Validate refuses", c.name)
		}
	}
}

// A missing answer reads "X is required: ..." with X a flag or a question's
// title, never "X: is required"; other rules follow "X: ".
func TestSentence(t *testing.T) {
	a := Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s",
		KMSKeyARN: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ConsumerKinds: []ConsumerKind{ConsumerKCL}}
	n := a.Normalized()
	fe := n.Check(FieldKCLApplication)
	if fe == nil {
		t.Fatal("no error for KCL consumers without an application name")
	}
	for _, got := range []string{fe.Error(), Sentence(Ask(fe.Field).Title, fe.Rule)} {
		if strings.Contains(got, ": is required") || !strings.Contains(got, " is required with KCL consumers: ") {
			t.Errorf("%s", got)
		}
	}
	if got := Sentence("AWS account ID", "an AWS account ID is exactly 12 digits"); got != "AWS account ID: an AWS account ID is exactly 12 digits" {
		t.Errorf("%s", got)
	}
	if got := (&FieldError{Field: FieldAccountID, Value: "12", Rule: "an AWS account ID is exactly 12 digits"}).Error(); got != `--account-id "12": an AWS account ID is exactly 12 digits` {
		t.Errorf("%s", got)
	}
	if got := (&FieldError{Field: FieldOutputBucket, Value: "b", Rule: "is the data bucket (--bucket)"}).Error(); got != `--output-bucket "b" is the data bucket (--bucket)` {
		t.Errorf("%s", got)
	}
}

// A list of several with one bad item names the item in the rule, which
// the wizard shows under the question without the value; a list of one
// keeps the item as the value.
func TestListErrorNamesTheItem(t *testing.T) {
	good := "arn:aws:iam::111122223333:role/A"
	for _, tt := range []struct {
		list      []string
		rule, err string
	}{
		{[]string{good, "arn:aws:s3:::b"}, `item 2, "arn:aws:s3:::b": a key-policy principal`, `--producers "` + good + `,arn:aws:s3:::b": item 2`},
		{[]string{good, good + "{{resolve:ssm:x}}"}, `item 2, "` + good + `{{resolve:ssm:x}}": holds a CloudFormation dynamic reference`, `item 2`},
		{[]string{"arn:aws:s3:::b"}, `a key-policy principal`, `--producers "arn:aws:s3:::b": a key-policy principal`},
	} {
		a := Answers{Setup: SetupKinesis, AccountID: "111122223333", Region: "us-east-1", Stream: "s",
			KMSKeyARN: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", Producers: tt.list}
		fe := a.Check(FieldProducers)
		if fe == nil || !strings.HasPrefix(fe.Rule, tt.rule) || !strings.Contains(fe.Error(), tt.err) {
			t.Errorf("%v: %v", tt.list, fe)
		}
	}
}

// An output bucket equal to the data bucket is refused, at the question
// and on the command line, instead of a second policy for the same bucket.
func TestOutputBucketIsNotTheDataBucket(t *testing.T) {
	a := Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "R", Bucket: "my-data",
		Workflows: []Workflow{WorkflowImport, WorkflowBatch}, OutputBucket: "My-Data"}
	n := a.Normalized()
	fe := n.Check(FieldOutputBucket)
	if fe == nil || !strings.Contains(fe.Error(), "is the data bucket (--bucket): leave it empty to write output into the data bucket") {
		t.Fatalf("%v", fe)
	}
	if _, err := Build(a); err == nil {
		t.Errorf("built with the data bucket as output bucket")
	}
	a.OutputBucket = ""
	b, err := Build(a)
	if err != nil || b.Doc(DocS3OutputBucketPolicy) != nil {
		t.Errorf("empty output bucket: %v, output policy %v", err, b.Doc(DocS3OutputBucketPolicy) != nil)
	}
}
