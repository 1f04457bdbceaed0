package apply

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
)

// hostile are answers that pass validation with the most awkward values
// IAM, S3 and Kinesis allow: names starting with -, paths with quotes,
// backticks, $( ), Markdown links and URLs.
var hostile = []struct {
	name string
	a    wizard.Answers
}{
	{"personalize", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "-Role_x+=,.@",
		RolePath: "/a'b\"`c`$(touch_x)[l](https://e.x)/", Bucket: "my-data", KMSKeyARN: testKey,
		Workflows: []wizard.Workflow{wizard.WorkflowImport, wizard.WorkflowBatch}}},
	{"personalize-existing", wizard.Answers{AccountID: "111122223333", Region: "us-east-1",
		RoleARN: "arn:aws:iam::111122223333:role/``x``/--debug", Bucket: "my-data", KMSKeyARN: testKey}},
	{"kinesis", wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-west-2", Stream: "-orders.x_y",
		KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Producers: []string{"arn:aws:iam::111122223333:role/p'$(id)`x`/-w", "arn:aws:iam::111122223333:role/[click](https://evil.example)/w"},
		Consumers: []string{"arn:aws:iam::111122223333:user/-u", "arn:aws:iam::111122223333:role/www.evil.com"}}},
}

// optionLike is a flag followed by a separate word that starts with -:
// the AWS CLI would read that word as an option, not the flag's value.
var optionLike = regexp.MustCompile(`--[a-z][a-z-]* +'?-[^-]`)

// Whatever the values, apply.sh passes shellcheck and never hands the AWS
// CLI a value it could read as an option (--role-name=-Role, not
// --role-name -Role); the commands in NEXT-STEPS.md do the same.
func TestApplyScriptHostileValues(t *testing.T) {
	for _, c := range hostile {
		t.Run(c.name, func(t *testing.T) {
			files := render(t, build(t, c.a), CLI)
			for _, name := range []string{FileApply, FileNextSteps} {
				for _, line := range strings.Split(string(files[name]), "\n") {
					if m := optionLike.FindString(line); m != "" && !strings.HasPrefix(strings.TrimSpace(line), "#") {
						t.Errorf("%s: a value may be read as an option (%s) in:\n%s", name, m, line)
					}
				}
			}
			shellcheck, err := exec.LookPath("shellcheck")
			if err != nil {
				t.Skip("shellcheck is not installed")
			}
			path := filepath.Join(t.TempDir(), FileApply)
			os.WriteFile(path, files[FileApply], 0o755)
			if out, err := exec.Command(shellcheck, "--shell=bash", "--severity=style", path).CombinedOutput(); err != nil {
				t.Errorf("shellcheck: %v\n%s", err, out)
			}
		})
	}
}

// NEXT-STEPS.md shows values as they are: no value closes a code span,
// opens a link or an HTML tag, or becomes an autolink.
func TestNextStepsEscapesValues(t *testing.T) {
	for _, c := range hostile {
		md := string(render(t, build(t, c.a), JSON)[FileNextSteps])
		prose := proseOf(md)
		text := codeSpan.ReplaceAllString(htmlCode.ReplaceAllString(prose, ""), "")
		for _, bad := range []*regexp.Regexp{regexp.MustCompile(`[^\\]\]\(`), regexp.MustCompile(`[^\\][<>]`), regexp.MustCompile(`https?://`), regexp.MustCompile(`www\.`)} {
			if m := bad.FindString(text); m != "" {
				t.Errorf("%s: NEXT-STEPS.md prose holds %q unescaped", c.name, m)
			}
		}
		// Every code span in the prose closes on its own line.
		for _, line := range strings.Split(prose, "\n") {
			if n := strings.Count(strings.ReplaceAll(line, "\\`", ""), "`"); n%2 != 0 && !strings.Contains(line, "``") {
				t.Errorf("%s: unbalanced code span in: %s", c.name, line)
			}
		}
	}
	for in, want := range map[string]string{"a`b": "<code>a&#96;b</code>", "<`x>": "<code>&lt;&#96;x&gt;</code>", "plain": "`plain`"} {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdText("[x](https://e.x) <b> www.e.x *y*"); got != `\[x\](https:\/\/e.x) \<b\> www\.e.x \*y\*` {
		t.Errorf("mdText = %s", got)
	}
}

// codeSpan is a code span; htmlCode the <code> element mdCode writes for
// values with backticks, whose text has no < or >.
var (
	codeSpan = regexp.MustCompile("`[^`]+`")
	htmlCode = regexp.MustCompile(`<code>[^<>]*</code>`)
)

// proseOf is a Markdown document without its fenced code blocks.
func proseOf(md string) string {
	var out []string
	code := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			code = !code
			continue
		}
		if !code {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// The stack name NEXT-STEPS.md and template.yaml suggest matches
// CloudFormation's pattern whatever the role or stream is called.
func TestStackNameMatchesCloudFormation(t *testing.T) {
	pattern := regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)
	long := wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: strings.Repeat("r.", 32), Bucket: "my-data"}
	for _, a := range []wizard.Answers{hostile[0].a, hostile[2].a, long} {
		name := cfnStackName(PlanFor(build(t, a)))
		if !pattern.MatchString(name) {
			t.Errorf("stack name %q does not match CloudFormation's pattern", name)
		}
	}
}

// apply.sh checks the size of every document it sends before its first
// AWS call: an oversized file stops it with nothing changed.
func TestApplyScriptChecksSizesFirst(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	for name, data := range render(t, build(t, cases[2].a), CLI) {
		os.WriteFile(filepath.Join(dir, name), data, 0o755)
	}
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	calls := filepath.Join(dir, "calls.log")
	for _, tool := range []string{"aws", "permwiz"} {
		os.WriteFile(filepath.Join(bin, tool), []byte("#!/bin/sh\necho \"$0 $*\" >>'"+calls+"'\necho 111122223333\n"), 0o755)
	}
	big := `{"Version":"2012-10-17","Statement":[` + strings.Repeat(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"kms:Decrypt","Resource":"*"},`, 400) + `{}]}`
	os.WriteFile(filepath.Join(dir, "kinesis-key-policy.json"), []byte(big), 0o644)
	cmd := exec.Command(bash, filepath.Join(dir, FileApply))
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "kinesis-key-policy.json is 44841 bytes") || !strings.Contains(string(out), "over the AWS limit of 32768 for it: nothing was changed") {
		t.Fatalf("apply.sh with an oversized key policy: %v\n%s", err, out)
	}
	if _, err := os.Stat(calls); err == nil {
		data, _ := os.ReadFile(calls)
		t.Errorf("apply.sh called AWS before checking sizes:\n%s", data)
	}
}
