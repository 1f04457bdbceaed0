package apply

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden from the current output")

const testKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// cases are the setups every format is tested with: they cover a new and an
// existing role, custom and AWS managed policies, a key or none, a key of
// another account, and the Kinesis setup with principals in and outside the
// account, or only outside it.
var cases = []struct {
	name string
	a    wizard.Answers
}{
	{"personalize-key", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole", Bucket: "my-data",
		KMSKeyARN: testKey, Workflows: []wizard.Workflow{wizard.WorkflowImport, wizard.WorkflowBatch}, CloudWatch: true}},
	{"personalize-existing-managed", wizard.Answers{AccountID: "111122223333", Region: "eu-west-1",
		RoleARN: "arn:aws:iam::111122223333:role/service-role/AmazonPersonalize-ExecutionRole", Bucket: "personalize-eu",
		RoleAccess: wizard.AccessManaged, UserAccess: wizard.AccessManaged}},
	{"kinesis", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-west-2", Stream: "orders",
		KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Producers: []string{"arn:aws:iam::111122223333:role/OrderWriter", "arn:aws:iam::444455556666:role/PartnerWriter"},
		Consumers: []string{"arn:aws:iam::111122223333:user/analyst"}}},
	{"kinesis-producer-only", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-west-2",
		Stream: "arn:aws:kinesis:us-west-2:111122223333:stream/clicks", Policies: []wizard.KinesisPolicy{wizard.KinesisProducer},
		KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}},
	{"personalize-key-other-account", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole", RolePath: "/service-role/",
		Bucket: "my-data", KMSKeyARN: "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab", Workflows: []wizard.Workflow{wizard.WorkflowBatch}}},
	{"personalize-output-bucket", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole", Bucket: "my-data",
		Workflows:    []wizard.Workflow{wizard.WorkflowImport, wizard.WorkflowDelete, wizard.WorkflowBatch, wizard.WorkflowExport},
		OutputBucket: "my-output", BatchOutputPrefix: "batch/", ExportPrefix: "export/",
		BatchOutputKMSKeyARN: "arn:aws:kms:us-east-1:111122223333:key/00000000-1111-2222-3333-444444444444"}},
	{"kinesis-producers-elsewhere", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-west-2", Stream: "orders",
		KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Producers: []string{"arn:aws:iam::777788889999:role/StreamWriter"}}},
}

func build(t testing.TB, a wizard.Answers) *wizard.Bundle {
	t.Helper()
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return b
}

func render(t testing.TB, b *wizard.Bundle, f Format) map[string][]byte {
	t.Helper()
	files, err := Render(b, f)
	if err != nil {
		t.Fatalf("Render(%s): %v", f, err)
	}
	out := map[string][]byte{}
	for _, file := range files {
		if _, dup := out[file.Name]; dup {
			t.Fatalf("Render(%s) returned %s twice", f, file.Name)
		}
		out[file.Name] = file.Data
	}
	return out
}

// TestGolden compares every file of every format with testdata/golden;
// go test -run TestGolden -update rewrites them after a deliberate change.
func TestGolden(t *testing.T) {
	for _, c := range cases {
		for _, f := range All {
			t.Run(c.name+"/"+string(f), func(t *testing.T) {
				files := render(t, build(t, c.a), f)
				dir := filepath.Join("testdata", "golden", c.name, string(f))
				if *update {
					if err := os.RemoveAll(dir); err != nil {
						t.Fatal(err)
					}
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					for name, data := range files {
						if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
				entries, err := os.ReadDir(dir)
				if err != nil {
					t.Fatalf("%v (run go test -update to create the golden files)", err)
				}
				var want []string
				for _, e := range entries {
					want = append(want, e.Name())
				}
				got := keys(files)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("files = %v, golden has %v", got, want)
				}
				for name, data := range files {
					golden, _ := os.ReadFile(filepath.Join(dir, name))
					if !bytes.Equal(data, golden) {
						t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, filepath.Join(dir, name), firstDiff(string(golden), string(data)))
					}
				}
			})
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}

// TestFilesPerFormat pins which files each format writes: --out of every
// format carries NEXT-STEPS.md, and the main file is among them.
func TestFilesPerFormat(t *testing.T) {
	b := build(t, cases[0].a)
	docs := []string{}
	for _, d := range b.Docs {
		docs = append(docs, d.ID+".json")
	}
	tests := []struct {
		f    Format
		want []string
	}{
		{JSON, append(append([]string{}, docs...), FileAnswers, FileNextSteps)},
		{CLI, append(append([]string{}, docs...), FileAnswers, FileApply, FileNextSteps)},
		{Terraform, []string{FileMainTF, FileAnswers, FileNextSteps}},
		{CloudFormation, []string{FileTemplate, FileAnswers, FileNextSteps}},
	}
	for _, tt := range tests {
		files, err := Render(b, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			got = append(got, f.Name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: files = %v, want %v", tt.f, got, tt.want)
		}
		if main := MainFile(tt.f); main != "" && !slices.Contains(got, main) {
			t.Errorf("%s: MainFile %q is not among its files %v", tt.f, main, got)
		}
	}
	if MainFile(JSON) != "" {
		t.Errorf("MainFile(json) = %q, want \"\" (json prints all documents as one object)", MainFile(JSON))
	}
}

// TestJSONFilesAreTheDocuments: the json files are each document's own
// JSON, byte for byte, and answers.yaml reads back as the same answers.
func TestJSONFilesAreTheDocuments(t *testing.T) {
	for _, c := range cases {
		b := build(t, c.a)
		files := render(t, b, JSON)
		for _, d := range b.Docs {
			if !bytes.Equal(files[d.ID+".json"], d.Policy.JSON()) {
				t.Errorf("%s: %s.json is not the document's JSON", c.name, d.ID)
			}
		}
		back, err := wizard.UnmarshalAnswers(files[FileAnswers])
		if err != nil {
			t.Fatalf("%s: answers.yaml: %v", c.name, err)
		}
		if !reflect.DeepEqual(back.Normalized(), b.Answers.ForSetup().Normalized()) {
			t.Errorf("%s: answers.yaml reads back as %+v, want %+v", c.name, back.Normalized(), b.Answers.Normalized())
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr string
	}{
		{"", JSON, ""},
		{"json", JSON, ""},
		{"CLI", CLI, ""},
		{" terraform ", Terraform, ""},
		{"cloudformation", CloudFormation, ""},
		{"hcl", "", `--format "hcl": not a format; choose one of json, cli, terraform, cloudformation`},
		{"yaml", "", `--format "yaml": not a format; choose one of json, cli, terraform, cloudformation`},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseFormat(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := Render(build(t, cases[0].a), Format("xml")); err == nil || !strings.Contains(err.Error(), `"xml"`) {
		t.Errorf("Render with an unknown format: error = %v, want one naming the format", err)
	}
}

// TestNextStepsFileIntro: NEXT-STEPS.md starts with how to apply the
// format's own file, then lists the same numbered steps for every format.
func TestNextStepsFileIntro(t *testing.T) {
	b := build(t, cases[0].a)
	intro := map[Format]string{JSON: "", CLI: "## With apply.sh", Terraform: "## With Terraform", CloudFormation: "## With CloudFormation"}
	for f, heading := range intro {
		md := string(render(t, b, f)[FileNextSteps])
		if heading != "" && !strings.Contains(md, heading) {
			t.Errorf("%s: NEXT-STEPS.md lacks %q", f, heading)
		}
		for _, s := range NextSteps(PlanFor(b)) {
			h := "## " + strconv.Itoa(s.N) + ". " + s.Title
			if !strings.Contains(md, h) {
				t.Errorf("%s: NEXT-STEPS.md lacks step %q", f, h)
			}
		}
		if heading != "" && strings.Index(md, heading) > strings.Index(md, "## 1. ") {
			t.Errorf("%s: the %q section comes after the steps", f, heading)
		}
	}
}

// TestNextStepsWholePolicyChoices: NEXT-STEPS.md of Terraform and
// CloudFormation says that the key and bucket policies are left alone by
// default and merged with permwiz merge, and which switch replaces them;
// apply.sh's says who changes a key of another account.
func TestNextStepsWholePolicyChoices(t *testing.T) {
	tests := []struct {
		f       Format
		applies func(*wizard.Bundle) bool
		want    []string
	}{
		{Terraform, isPersonalize, []string{"`-var manage_bucket_policy=true` makes Terraform own the WHOLE", "`permwiz merge --doc s3-bucket-policy`"}},
		{Terraform, hasKeyPolicy, []string{"`-var manage_key_policy=true`", "the key-policy"}},
		{CloudFormation, isPersonalize, []string{"`--parameter-overrides ManageBucketPolicy=true`", "REPLACES it", "`permwiz merge --doc s3-bucket-policy`"}},
		{CloudFormation, all, []string{"Rules check both"}},
		{CLI, keyOfAnotherAccount, []string{"It does not change the key policy: the key belongs to account 444455556666"}},
		{Terraform, keyOfAnotherAccount, []string{"only the key's own account can change its key policy", "# with credentials of account 444455556666"}},
	}
	for _, c := range cases {
		b := build(t, c.a)
		for _, tt := range tests {
			md := string(render(t, b, tt.f)[FileNextSteps])
			for _, want := range tt.want {
				if got := strings.Contains(md, want); got != tt.applies(b) {
					t.Errorf("%s/%s: NEXT-STEPS.md says %q: %v, want %v", c.name, tt.f, want, got, tt.applies(b))
				}
			}
		}
	}
}

// personalizeCases runs test as a subtest for each Personalize case, with
// its bundle.
func personalizeCases(t *testing.T, test func(t *testing.T, b *wizard.Bundle)) {
	for _, c := range cases {
		b := build(t, c.a)
		if !isPersonalize(b) {
			continue
		}
		t.Run(c.name, func(t *testing.T) { test(t, b) })
	}
}

func all(*wizard.Bundle) bool                   { return true }
func isPersonalize(b *wizard.Bundle) bool       { return b.Answers.Setup != wizard.SetupKinesis }
func hasKeyPolicy(b *wizard.Bundle) bool        { return PlanFor(b).KeyPolicyDoc != "" }
func keyOfAnotherAccount(b *wizard.Bundle) bool { return b.Key.OtherAccount }

// semantic reads JSON into plain values for comparison, so that the order
// of object keys does not matter.
func semantic(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return v
}

// BenchmarkRender measures rendering every format of the largest setup.
func BenchmarkRender(b *testing.B) {
	bundle := build(b, cases[0].a)
	for _, f := range All {
		b.Run(string(f), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Render(bundle, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
