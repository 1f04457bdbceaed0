package wizard

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/policy"
)

// matrix is a spread of valid answers across setups, partitions and options:
// every document each one builds must pass the offline checks.
func matrix() map[string]Answers {
	out := map[string]Answers{}
	regions := map[string]string{"us-east-1": "aws", "cn-north-1": "aws-cn"}
	for region, part := range regions {
		key := fmt.Sprintf("arn:%s:kms:%s:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", part, region)
		for _, wf := range [][]Workflow{{WorkflowImport}, {WorkflowBatch}, {WorkflowExport}, AllWorkflows} {
			for _, access := range []Access{AccessCustom, AccessManaged} {
				for _, withKey := range []bool{false, true} {
					a := goodPersonalize()
					a.Region, a.Workflows, a.RoleAccess, a.UserAccess = region, wf, access, access
					a.RolePath, a.CloudWatch, a.AnyRegion = "/service-role/", withKey, !withKey
					if withKey {
						a.KMSKeyARN, a.KeyUse = key, []KeyUse{KeyDatasetGroup, KeyBucket}
					}
					out[fmt.Sprintf("personalize %s %v %s key=%v", region, wf, access, withKey)] = a
				}
			}
		}
	}
	for _, region := range []string{"us-west-2", "cn-northwest-1", "us-gov-east-1"} {
		part := policy.PartitionOfRegion(region).ID
		a := goodKinesis()
		a.Region = region
		a.KMSKeyARN = fmt.Sprintf("arn:%s:kms:%s:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", part, region)
		a.Producers = []string{fmt.Sprintf("arn:%s:iam::111122223333:role/writer", part)}
		a.Consumers = []string{fmt.Sprintf("arn:%s:iam::111122223333:role/reader", part), fmt.Sprintf("arn:%s:iam::444455556666:root", part)}
		out["kinesis "+region] = a
		b := a
		b.Policies, b.Producers, b.Consumers = []KinesisPolicy{KinesisConsumer}, nil, nil
		out["kinesis consumer only "+region] = b
	}
	return out
}

var iamSidRE = regexp.MustCompile(`^[A-Za-z0-9]*$`)

func TestOfflineChecksOnEveryDocument(t *testing.T) {
	for name, a := range matrix() {
		b, err := Build(a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(b.Docs) == 0 {
			t.Fatalf("%s: no documents", name)
		}
		for _, d := range b.Docs {
			checkDocument(t, name+" "+d.ID, d, b.Partition)
		}
	}
}

func checkDocument(t *testing.T, name string, d Doc, partition string) {
	t.Helper()
	raw := d.Policy.JSON()
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatalf("%s: invalid JSON: %v", name, err)
	}
	if generic["Version"] != "2012-10-17" {
		t.Errorf("%s: Version = %v", name, generic["Version"])
	}
	if path := emptyValue(generic, ""); path != "" {
		t.Errorf("%s: empty or null value at %s", name, path)
	}
	if strings.Contains(string(raw), "<") {
		t.Errorf("%s: a placeholder reached a built document:\n%s", name, raw)
	}
	for _, arn := range regexp.MustCompile(`"arn:[^"]*"`).FindAllString(string(raw), -1) {
		if !strings.HasPrefix(arn, `"arn:`+partition+`:`) {
			t.Errorf("%s: ARN %s is not in partition %s", name, arn, partition)
		}
	}
	sids := map[string]bool{}
	for i, s := range d.Policy.Statement {
		if s.Sid != "" && sids[s.Sid] {
			t.Errorf("%s: duplicate Sid %q", name, s.Sid)
		}
		sids[s.Sid] = true
		if d.Policy.Kind != policy.KindKey && !iamSidRE.MatchString(s.Sid) {
			t.Errorf("%s: Sid %q is not alphanumeric, which IAM requires", name, s.Sid)
		}
		if s.Reason == "" || s.Source == "" || len(s.Fields) == 0 {
			t.Errorf("%s: statement %d lacks its reason, source or fields", name, i)
		}
		switch d.Policy.Kind {
		case policy.KindIdentity:
			if s.Principal != nil {
				t.Errorf("%s: an identity policy has a Principal", name)
			}
			if len(s.Resource) == 0 {
				t.Errorf("%s: an identity policy statement needs a Resource", name)
			}
		case policy.KindTrust:
			if len(s.Resource) > 0 {
				t.Errorf("%s: a trust policy has a Resource", name)
			}
			fallthrough
		default:
			if s.Principal.IsEmpty() {
				t.Errorf("%s: a %v statement needs a Principal", name, d.Policy.Kind)
			}
		}
	}
	if size := d.Size(); size.Over() || size.Used == 0 {
		t.Errorf("%s: size %v", name, size)
	}
	back, err := policy.Parse(raw)
	if err != nil || string(back.Compact()) != string(d.Policy.Compact()) {
		t.Errorf("%s: does not parse back to itself: %v", name, err)
	}
}

func emptyValue(v any, path string) string {
	switch x := v.(type) {
	case nil:
		return path
	case string:
		if x == "" {
			return path
		}
	case []any:
		if len(x) == 0 {
			return path
		}
		for i, e := range x {
			if p := emptyValue(e, fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	case map[string]any:
		if len(x) == 0 {
			return path
		}
		for k, e := range x {
			if p := emptyValue(e, path+"."+k); p != "" {
				return p
			}
		}
	}
	return ""
}

// The documents must agree with each other: the role the user may pass is
// the role the key policy names and the role whose trust policy this is;
// the key the role may use is the key whose policy this is.
func TestDocumentsAreConsistent(t *testing.T) {
	a := goodPersonalize()
	a.RolePath, a.KMSKeyARN, a.Workflows = "/service-role/", testKey, AllWorkflows
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	role := "arn:aws:iam::111122223333:role/service-role/PersonalizeRole"
	if got := b.Doc(DocUserPolicy).Policy.FindSid("PassServiceRoleToPersonalize").Resource[0]; got != role {
		t.Errorf("user may pass %s, want %s", got, role)
	}
	if got := b.Doc(DocKMSKeyPolicy).Policy.FindSid("AllowPersonalizeUseOfTheKey").Principal.AWS[0]; got != role {
		t.Errorf("key policy names %s, want %s", got, role)
	}
	if got := b.Doc(DocRoleKMSPolicy).Policy.Statement[0].Resource[0]; got != testKey {
		t.Errorf("role may use key %s, want %s", got, testKey)
	}
	if got := b.Doc(DocUserPolicy).Policy.FindSid("UsePersonalizeKey").Resource[0]; got != testKey {
		t.Errorf("user may use key %s, want %s", got, testKey)
	}
	if got := strings.Join(b.IDs(), ","); got != "user-policy,role-trust-policy,role-policy,role-kms-policy,kms-key-policy,role-s3-policy,s3-bucket-policy" {
		t.Errorf("documents = %s", got)
	}
}

func TestManagedChoicesAttachInsteadOfWriting(t *testing.T) {
	a := goodPersonalize()
	a.RoleAccess, a.UserAccess, a.CloudWatch, a.Region = AccessManaged, AccessManaged, true, "cn-north-1"
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	if b.Doc(DocRolePolicy) != nil || b.Doc(DocUserPolicy) != nil {
		t.Errorf("managed access writes no role or user policy without a key, got %v", b.IDs())
	}
	// In step order: the user's (managed policy, CloudWatch), then the role's.
	want := []string{"arn:aws-cn:iam::aws:policy/service-role/AmazonPersonalizeFullAccess", "arn:aws-cn:iam::aws:policy/CloudWatchFullAccessV2", "arn:aws-cn:iam::aws:policy/service-role/AmazonPersonalizeFullAccess"}
	if len(b.Attachments) != 3 {
		t.Fatalf("attachments = %+v", b.Attachments)
	}
	for i, at := range b.Attachments {
		if at.PolicyARN != want[i] {
			t.Errorf("attachment %d = %s, want %s", i, at.PolicyARN, want[i])
		}
	}
	a.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	b, _ = Build(a)
	if d := b.Doc(DocUserPolicy); d == nil || len(d.Policy.Statement) != 1 || d.Policy.Statement[0].Sid != "UsePersonalizeKey" {
		t.Errorf("with a key, a managed user still needs the key statement")
	}
}

func TestKinesisKeyPolicyLimitsUseToTheStream(t *testing.T) {
	a := goodKinesis()
	a.Producers = []string{"arn:aws:iam::111122223333:role/writer"}
	b, err := Build(a)
	if err != nil {
		t.Fatal(err)
	}
	kp := b.Doc(DocKinesisKey).Policy
	if kp.Statement[0].Principal.AWS[0] != "arn:aws:iam::111122223333:root" || !kp.Statement[0].Frame {
		t.Error("the Kinesis key policy must keep the account statement")
	}
	s := kp.FindSid("AllowKinesisProducersToEncrypt")
	if v, _ := s.Condition.Get("StringEquals", "kms:ViaService"); v[0] != "kinesis.us-east-1.amazonaws.com" {
		t.Errorf("ViaService = %v", v)
	}
	if v, _ := s.Condition.Get("StringEquals", "kms:EncryptionContext:aws:kinesis:arn"); v[0] != "arn:aws:kinesis:us-east-1:111122223333:stream/orders" {
		t.Errorf("encryption context = %v", v)
	}
	if kp.FindSid("AllowKinesisConsumersToDecrypt") != nil {
		t.Error("no consumers were given")
	}
	a.Producers = nil
	b, _ = Build(a)
	if b.Doc(DocKinesisKey) != nil {
		t.Error("without producers or consumers there is no key policy to write")
	}
}

func TestDraftShowsPlaceholdersNotBadARNs(t *testing.T) {
	b := Draft(Answers{AccountID: "12", Region: "us-east-1", Bucket: "Bad Bucket", KMSKeyARN: "alias/x", Workflows: AllWorkflows})
	all := ""
	for _, d := range b.Docs {
		all += string(d.Policy.JSON())
	}
	for _, want := range []string{"arn:aws:iam::<account-id>:role/<role-name>", "arn:aws:s3:::<bucket-name>", "arn:aws:kms:us-east-1:<account-id>:key/<key-id>"} {
		if !strings.Contains(all, want) {
			t.Errorf("draft lacks placeholder %s", want)
		}
	}
	for _, bad := range []string{":12:", "Bad Bucket", "alias/x"} {
		if strings.Contains(all, bad) {
			t.Errorf("draft shows the invalid value %q", bad)
		}
	}
	if b := Draft(Answers{}); len(b.Docs) == 0 {
		t.Error("an empty draft still shows the documents to come")
	}
}
