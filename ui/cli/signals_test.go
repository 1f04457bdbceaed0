//go:build !windows

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// pidOf finds the wizard's process by its binary's unique path.
func pidOf(t *testing.T, bin string) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := exec.Command("pgrep", "-f", "^"+bin).Output()
		if f := strings.Fields(string(out)); len(f) > 0 {
			pid, _ := strconv.Atoi(f[0])
			return pid
		}
		if time.Now().After(deadline) {
			t.Fatalf("no process of %s", bin)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Every way a session ends keeps the answers and restores the terminal:
// SIGINT exits 130, SIGTERM 143, SIGHUP 129, never 0.
func TestSignalsKeepAnswers(t *testing.T) {
	bin, x := buildForTmux(t)
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		x := newTmux(t, c.sig.String())
		state := t.TempDir()
		cmd := fmt.Sprintf("%s=%q %q; echo EXIT=$?; sleep 60", StateDirEnv, state, bin)
		x.run("new-session", "-d", "-s", "wiz", "-x", "80", "-y", "24", cmd)
		x.waitFor("What are you setting up?")
		x.keys("Enter")
		x.waitFor("AWS account ID")
		x.typ("111122223333")
		x.waitFor("> 111122223333")
		syscall.Kill(pidOf(t, bin), c.sig)
		s := x.waitFor("EXIT=")
		if !strings.Contains(s, fmt.Sprintf("EXIT=%d", c.code)) || !strings.Contains(s, "kept in") {
			t.Errorf("%v: want exit %d and the answers kept:\n%s", c.sig, c.code, s)
		}
		if alt := strings.TrimSpace(x.run("display", "-p", "-t", "wiz", "#{alternate_on}#{cursor_flag}")); alt != "01" {
			t.Errorf("%v: terminal not restored (alternate screen, cursor shown) = %q", c.sig, alt)
		}
		if data, err := os.ReadFile(filepath.Join(state, "resume.yaml")); err != nil || !strings.Contains(string(data), "111122223333") {
			t.Errorf("%v: resume file %q, %v", c.sig, data, err)
		}
		x.run("kill-session", "-t", "wiz")
	}
	// Closing the terminal itself (the pane goes away: SIGHUP).
	x = newTmux(t, "close")
	state := t.TempDir()
	x.run("new-session", "-d", "-s", "wiz", "-x", "80", "-y", "24", fmt.Sprintf("%s=%q %q", StateDirEnv, state, bin))
	x.waitFor("What are you setting up?")
	x.keys("Enter")
	x.waitFor("AWS account ID")
	x.typ("444455556666")
	x.waitFor("> 444455556666")
	pid := pidOf(t, bin)
	x.run("kill-session", "-t", "wiz")
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if data, err := os.ReadFile(filepath.Join(state, "resume.yaml")); err != nil || !strings.Contains(string(data), "444455556666") {
		t.Errorf("closing the terminal lost the answers: %q, %v", data, err)
	}
}
