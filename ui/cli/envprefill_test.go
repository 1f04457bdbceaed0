package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/permwiz/permwiz/ui/tui"
	"github.com/permwiz/permwiz/wizard"
)

func envIO(env map[string]string) *IOStreams {
	return &IOStreams{Getenv: func(k string) string { return env[k] }}
}

// AWS_REGION, then AWS_DEFAULT_REGION, as the AWS CLI reads them; a region
// from a flag or an answers file wins over both.
func TestPrefillRegionFromEnv(t *testing.T) {
	for _, c := range []struct {
		name       string
		env        map[string]string
		given      string
		wantRegion string
		wantFrom   string
	}{
		{"AWS_REGION", map[string]string{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-2"}, "", "eu-west-1", "AWS_REGION=eu-west-1"},
		{"AWS_DEFAULT_REGION", map[string]string{"AWS_DEFAULT_REGION": "us-east-2"}, "", "us-east-2", "AWS_DEFAULT_REGION=us-east-2"},
		{"the flag wins", map[string]string{"AWS_REGION": "eu-west-1"}, "ap-south-1", "ap-south-1", ""},
		{"neither", nil, "", "", ""},
	} {
		a := wizard.Answers{Region: c.given}
		from := prefillFromEnv(envIO(c.env), &a)
		if a.Region != c.wantRegion || from[wizard.FieldRegion] != c.wantFrom {
			t.Errorf("%s: region %q from %q, want %q from %q", c.name, a.Region, from[wizard.FieldRegion], c.wantRegion, c.wantFrom)
		}
	}
}

// The wizard asks the region with the environment's value in place and
// says where it came from.
func TestWizardShowsWhereTheRegionCameFrom(t *testing.T) {
	a := wizard.Answers{AccountID: "111122223333"}
	origins := prefillFromEnv(envIO(map[string]string{"AWS_REGION": "eu-west-1"}), &a)
	m := tui.New(tui.Options{Answers: a, Preset: map[string]bool{wizard.FieldSetup: true, wizard.FieldAccountID: true}, Origins: origins, Plain: true})
	if _, field := m.Focus(); field != wizard.FieldRegion {
		t.Fatalf("focus on %s, want the region: it is pre-filled, not answered", field)
	}
	view := m.View().Content
	for _, want := range []string{"eu-west-1", "Pre-filled from AWS_REGION=eu-west-1."} {
		if !strings.Contains(view, want) {
			t.Errorf("the region question does not show %q:\n%s", want, view)
		}
	}
}

// TERM=dumb cannot draw the full-screen wizard: the line-by-line prompts
// run instead, as with --accessible (stdin is taken for a terminal: without
// one, both modes say what to run instead).
func TestDumbTerminalIsAccessible(t *testing.T) {
	t.Setenv(StateDirEnv, t.TempDir())
	t.Setenv("TERM", "dumb")
	t.Setenv("ACCESSIBLE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString("1\n111122223333\n"); w.Close() }()
	var out, errb bytes.Buffer
	o := &WizardOptions{IO: ttyIO(r, &out, &errb), Out: filepath.Join(t.TempDir(), "out"), interrupt: make(chan os.Signal)}
	done := make(chan error, 1)
	go func() { done <- RunWizard(o) }()
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("TERM=dumb did not stop; prompts so far:\n%.2000s", errb.String())
	}
	if !strings.Contains(errb.String(), "AWS account ID") || strings.Contains(err.Error(), "needs a terminal") {
		t.Errorf("TERM=dumb did not ask line by line: %v\n%s", err, errb.String())
	}
}
