package tui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/permwiz/permwiz/wizard"
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
			[]string{"see", "https://docs.aws.amazon.com/", "personalize/latest/dg/x.html", "for more"}},
		// Never cut, never mid-word: after a / then after a - of the page's name.
		{"https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html", 40,
			[]string{"https://docs.aws.amazon.com/kms/latest/", "developerguide/key-policy-modifying-", "external-accounts.html"}},
		{"e.g. arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", 40,
			[]string{"e.g.", "arn:aws:kms:eu-west-1:111122223333:key/", "1234abcd-12ab-34cd-56ef-1234567890ab"}},
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
			// Too long for a line: broken after a :, the shell joins
			// the pieces again (backslash-newline, no indent).
			"    arn:aws:kms:us-east-1:\\",
			"111122223333:key/1234 \\",
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

// The lines of a wrapped command run as the command itself: joining them
// as the shell does (backslash-newline removed) gives its words back.
func TestWrapCommandCopiesAsTheCommand(t *testing.T) {
	cmd := "aws iam put-role-policy --role-name PersonalizeRole --policy-arn arn:aws:iam::111122223333:policy/service-role/PersonalizeRole-kms-policy-for-batch-output --policy-document file://role-kms-policy.json"
	for _, w := range []int{24, 30, 40, 60, 200} {
		lines := commandLines(cmd, "  ", w)
		for _, l := range lines {
			if n := len([]rune(l)); n > w {
				t.Errorf("w=%d: line of %d cells: %q", w, n, l)
			}
			if strings.Contains(l, "…") {
				t.Errorf("w=%d: cut line %q", w, l)
			}
		}
		joined := strings.ReplaceAll(strings.Join(lines, "\n"), "\\\n", "")
		if got, want := strings.Fields(joined), strings.Fields(cmd); !reflect.DeepEqual(got, want) {
			t.Errorf("w=%d: the lines run as\n%q\nwant\n%q\n%s", w, got, want, strings.Join(lines, "\n"))
		}
	}
}

// A long JSON line breaks after a space or between a CamelCase Sid's words,
// not in the middle of one.
func TestWrapAtKeepsWords(t *testing.T) {
	got := wrapAt(`            "Sid": "AllowKinesisAdministratorsToDescribeKey",`, 40, 30)
	want := []string{`            "Sid": "AllowKinesis`, `AdministratorsToDescribeKey",`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("wrapAt = %q, want %q", got, want)
	}
}

// infoText is the right-hand pane of a wide screen, or the whole screen.
func infoText(m *Model) string {
	lines := strings.Split(screen(m), "\n")
	for i, l := range lines {
		if _, right, ok := strings.Cut(l, "│"); ok && m.sideBySide() {
			lines[i] = right
		}
	}
	return strings.Join(lines, "\n")
}

// joined is screen text with the line breaks and their indents taken out
// (and a command's "\" continuations): what a value broken over lines
// reads as.
func joined(s string) string {
	s = strings.ReplaceAll(s, "\\\n", "")
	return strings.Join(strings.Fields(s), "")
}

// What a user copies is never cut with "…": the explanation's lines and
// its commands, examples of text questions, the folder prompt's hint.
func TestCopyableTextIsNeverCut(t *testing.T) {
	roleARN := "arn:aws:iam::111122223333:role/service-role/PersonalizeRoleForBatchInferenceJobs"
	cmd := "aws iam put-role-policy --role-name PersonalizeRoleForBatchInferenceJobs --policy-arn arn:aws:iam::111122223333:policy/service-role/PersonalizeRoleForBatchInferenceJobs-kms"
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m, _ := explainModel(t, size[0], size[1])
		m.ex.run = func(a wizard.Answers, text string) ExplainResult {
			return ExplainResult{Lines: []string{"The service role " + roleARN + " was refused kms:Decrypt.",
				"Fix (run where generate --out wrote the documents and answers.yaml):", "  # rebuild with it:", "  " + cmd}}
		}
		press(t, m, "e", "User: x is not authorized to perform: kms:Decrypt", "enter")
		runCmd(m, func() tea.Msg { return explainedMsg{m.ex.run(m.a, "")} })
		s := infoText(m)
		if strings.Contains(s, "…") {
			t.Errorf("%dx%d: the explanation is cut:\n%s", size[0], size[1], screen(m))
		}
		for _, want := range []string{roleARN, strings.ReplaceAll(cmd, " ", "")} {
			if !strings.Contains(joined(s), want) {
				t.Errorf("%dx%d: %q is not whole on screen:\n%s", size[0], size[1], want, s)
			}
		}

		// o: the folder prompt's hint.
		press(t, m, "o")
		if s := screen(m); strings.Contains(s, "…") || !strings.Contains(flat(s), "enter keeps it, esc cancels.") {
			t.Errorf("%dx%d: the folder prompt is cut:\n%s", size[0], size[1], s)
		}
		press(t, m, "esc")
	}
	// The example of a text question in the user's terms, whole.
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		a := completeAnswers()
		a.Region, a.KMSKeyARN, a.KeyUse, a.Producers = "eu-west-1", "", nil, nil
		m := sized(t, a, "", size[0], size[1])
		m.goToField(wizard.FieldKMSKeyARN)
		s := formText(m)
		want := "e.g.arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		if strings.Contains(s, "…") || !strings.Contains(joined(s), want) {
			t.Errorf("%dx%d: the key's example is cut:\n%s", size[0], size[1], s)
		}
	}
}

// An AWS page's link breaks after a / or a - of the page's name, never in
// the middle of a word.
func TestLinksBreakAtBoundaries(t *testing.T) {
	m, _ := testModel(t, wizard.Answers{}, nil)
	url := "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html"
	for _, w := range []int{30, 40, 50, 60} {
		lines := m.linkLines(url, w)
		var b strings.Builder
		for _, l := range lines {
			l = ansi.Strip(l)
			if len(l) > w {
				t.Errorf("w=%d: %q is wider", w, l)
			}
			if last := l[len(l)-1]; len(b.String())+len(l) < len(url) && !strings.ContainsRune("/-.", rune(last)) {
				t.Errorf("w=%d: broken mid-word after %q", w, l)
			}
			b.WriteString(l)
		}
		if b.String() != url {
			t.Errorf("w=%d: the lines read %q", w, b.String())
		}
	}
}
