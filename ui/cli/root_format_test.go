package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// TestGenerateFormats: without --out each format prints its main file, the
// same bytes Render gives; with --out it writes the format's files.
func TestGenerateFormats(t *testing.T) {
	b, err := wizard.Build(wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "PersonalizeRole", Bucket: "my-personalize-data"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		f     apply.Format
		files string
	}{
		{apply.CLI, ".permwiz-files,NEXT-STEPS.md,answers.yaml,apply.sh,role-policy.json,role-s3-policy.json,role-trust-policy.json,s3-bucket-policy.json,user-policy.json"},
		{apply.Terraform, ".permwiz-files,NEXT-STEPS.md,answers.yaml,main.tf"},
		{apply.CloudFormation, ".permwiz-files,NEXT-STEPS.md,answers.yaml,template.yaml"},
	}
	for _, tt := range tests {
		files, err := apply.Render(b, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var want string
		for _, f := range files {
			if f.Name == apply.MainFile(tt.f) {
				want = string(f.Data)
			}
		}
		out, errOut, code := run(t, args("--format", string(tt.f))...)
		if code != 0 || out != want {
			t.Errorf("--format %s: exit %d, stdout is not %s: %s", tt.f, code, apply.MainFile(tt.f), errOut)
		}

		dir := t.TempDir()
		if _, errOut, code := run(t, args("--format", string(tt.f), "--out", dir)...); code != 0 {
			t.Fatalf("--format %s --out: exit %d: %s", tt.f, code, errOut)
		}
		names, _ := filepath.Glob(filepath.Join(dir, "*"))
		for i := range names {
			names[i] = filepath.Base(names[i])
		}
		if got := strings.Join(names, ","); got != tt.files {
			t.Errorf("--format %s --out wrote %s, want %s", tt.f, got, tt.files)
		}
		if tt.f == apply.CLI {
			if fi, err := os.Stat(filepath.Join(dir, "apply.sh")); err != nil || fi.Mode().Perm()&0o100 == 0 {
				t.Errorf("apply.sh is not executable: %v %v", fi.Mode(), err)
			}
		}
	}
}

func TestGenerateFormatBadInput(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{args("--format", "xml"), `--format "xml": not a format; choose one of json, cli, terraform, cloudformation`},
		{args("--format", "terraform", "--doc", "user-policy"), "--doc prints one JSON document; --format terraform"},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}
