package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// tmux drives the real binary in a real terminal.
type tmux struct {
	t      *testing.T
	socket string
}

func (x tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", x.socket}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// buffer waits for tmux's paste buffer (filled by OSC 52) and returns it.
func (x tmux) buffer() string {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := exec.Command("tmux", "-L", x.socket, "show-buffer").CombinedOutput()
		if err == nil {
			return string(out)
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("tmux show-buffer: %v\n%s", err, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (x tmux) screen() string { return x.run("capture-pane", "-p", "-t", "wiz") }

// waitFor polls the screen until it contains want.
func (x tmux) waitFor(want string) string {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := x.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (x tmux) keys(keys ...string) { x.run(append([]string{"send-keys", "-t", "wiz"}, keys...)...) }
func (x tmux) typ(text string)     { x.run("send-keys", "-t", "wiz", "-l", text) }

// permwizBin is the binary the tmux tests drive, built once per run of the
// package's tests (TestMain removes it).
var permwizBin struct {
	once      sync.Once
	dir, path string
	err       error
}

// buildForTmux builds the binary (once) and starts a tmux server for it,
// or skips.
func buildForTmux(t *testing.T) (bin string, x tmux) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is missing, and CI=true requires this test")
		}
		t.Skip("tmux is not installed")
	}
	permwizBin.once.Do(func() {
		if permwizBin.dir, permwizBin.err = os.MkdirTemp("", "permwiz-cli-test-"); permwizBin.err != nil {
			return
		}
		permwizBin.path = filepath.Join(permwizBin.dir, "permwiz")
		if out, err := exec.Command("go", "build", "-o", permwizBin.path, "../..").CombinedOutput(); err != nil {
			permwizBin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if permwizBin.err != nil {
		t.Fatal(permwizBin.err)
	}
	return permwizBin.path, newTmux(t, "0")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if permwizBin.dir != "" {
		os.RemoveAll(permwizBin.dir)
	}
	os.Exit(code)
}

// newTmux is a tmux server of its own for one run of the binary: a server
// whose last session just ended may still be shutting down.
func newTmux(t *testing.T, name string) tmux {
	x := tmux{t: t, socket: fmt.Sprintf("permwiz-sig-%d-%s", os.Getpid(), name)}
	t.Cleanup(func() { exec.Command("tmux", "-L", x.socket, "kill-server").Run() })
	return x
}

// TestSmokeTmux runs the real binary in tmux at 120×40: types answers,
// watches the preview follow them, saves with ctrl+s, and checks that the
// files are byte for byte what `permwiz generate --out` writes.
func TestSmokeTmux(t *testing.T) {
	bin, x := buildForTmux(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "wizard-out")
	cmd := fmt.Sprintf("cd %q && %s=%q %q --out %q; echo EXIT=$?; sleep 60", dir, StateDirEnv, filepath.Join(dir, "state"), bin, out)
	x.run("new-session", "-d", "-s", "wiz", "-x", "120", "-y", "40", cmd)

	x.waitFor("What are you setting up?")
	x.keys("Enter")
	x.waitFor("AWS account ID")
	x.typ("111122223333")
	x.waitFor("arn:<partition>:iam::111122223333:role/")
	x.keys("Enter")
	x.typ("eu-west-1")
	x.waitFor("eu-west-1:111122223333:*") // the trust policy follows the region
	x.keys("Enter")
	x.typ("PersonalizeRole")
	x.waitFor(`PersonalizeRole",`)
	x.keys("Enter", "Enter", "Enter") // basics done; user step: custom, no CloudWatch
	x.waitFor("Step 2 of 4")
	x.keys("Enter", "Enter", "Enter", "Enter") // role: create it, path /, custom, this region
	x.waitFor("Step 3 of 4")
	x.keys("Enter") // no key
	x.waitFor("Step 4 of 4")
	x.typ("my-data")
	x.waitFor("arn:aws:s3:::my-data")
	x.keys("Enter", "Down", "Space")
	x.waitFor("[x] Batch inference")
	x.keys("C-s")
	x.waitFor("saved")
	x.keys("Enter")
	// Ticking batch added the Output step; its questions are optional.
	x.waitFor("Step 5 of 5")
	x.keys("Enter", "Enter", "Enter")
	x.waitFor("next steps")
	// c copies the user policy with OSC 52; with set-clipboard on, tmux
	// puts it in its paste buffer, as it would on a laptop over SSH.
	x.run("set-option", "-g", "set-clipboard", "on")
	x.keys("c")
	x.waitFor("OSC 52")
	// The status and the OSC 52 sequence are two commands that run
	// concurrently: the status can show before tmux has the buffer.
	copied := x.buffer()
	x.keys("q")
	s := x.waitFor("EXIT=0")
	if !strings.Contains(s, "saved") {
		t.Errorf("stdout did not list the saved files:\n%s", s)
	}

	gen := filepath.Join(dir, "generate-out")
	g := exec.Command(bin, "generate", "--account-id", "111122223333", "--region", "eu-west-1", "--role-name", "PersonalizeRole",
		"--bucket", "my-data", "--workflows", "import,batch", "--out", gen)
	if o, err := g.CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, o)
	}
	want, _ := os.ReadDir(gen)
	got, _ := os.ReadDir(out)
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("the wizard saved %d files, generate wrote %d", len(got), len(want))
	}
	if userPolicy, _ := os.ReadFile(filepath.Join(gen, "user-policy.json")); copied != string(userPolicy) {
		t.Errorf("OSC 52 copy reached tmux as:\n%s\nwant\n%s", copied, userPolicy)
	}
	for _, f := range want {
		w, _ := os.ReadFile(filepath.Join(gen, f.Name()))
		g, err := os.ReadFile(filepath.Join(out, f.Name()))
		if err != nil || !bytes.Equal(g, w) {
			t.Errorf("%s differs from generate's (%v):\n%s\nwant\n%s", f.Name(), err, g, w)
		}
	}
}
