package cli

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"

	"github.com/atotto/clipboard"
)

// CopyResult says honestly what a copy did: OSC 52 can only be sent, never
// confirmed, while the system clipboard either took the text or did not.
type CopyResult struct {
	OSC52  bool  // the OSC 52 sequence was written to the terminal
	System error // nil when the system clipboard took the text
}

// OK reports whether at least one way may have worked.
func (r CopyResult) OK() bool { return r.OSC52 || r.System == nil }

// Message describes the result for the user.
func (r CopyResult) Message(what string) string {
	switch {
	case r.System == nil && r.OSC52:
		return fmt.Sprintf("copied %s to the clipboard (and sent it to the terminal with OSC 52)", what)
	case r.System == nil:
		return fmt.Sprintf("copied %s to the clipboard", what)
	case r.OSC52:
		return fmt.Sprintf("sent %s to the terminal's clipboard with OSC 52 (no system clipboard here: %v); it arrives if your terminal allows OSC 52 (tmux: set -g set-clipboard on)", what, r.System)
	}
	return fmt.Sprintf("could not copy %s: no system clipboard (%v) and no terminal to send OSC 52 to; use --doc without --copy and redirect it", what, r.System)
}

// OSC52 returns the escape sequence that asks the terminal to put text on
// the clipboard. It works over SSH; inside tmux it needs set-clipboard on.
func OSC52(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\a"
}

// errNoClipboard is the system clipboard's error where there is none.
var errNoClipboard = errors.New("no system clipboard")

// systemClipboard writes the system clipboard (pbcopy, xclip, wl-copy,
// the Windows clipboard, whichever the system has).
func systemClipboard(text string) error { return clipboard.WriteAll(text) }

// Copy puts text on the system clipboard and, when ErrOut is a terminal,
// also sends OSC 52 through it.
func Copy(ios *IOStreams, text string) CopyResult {
	r := CopyResult{System: errNoClipboard}
	if ios.Clipboard != nil {
		r.System = ios.Clipboard(text)
	}
	if ios.isTerminal(ios.ErrOut) {
		if _, err := io.WriteString(ios.ErrOut, OSC52(text)); err == nil {
			r.OSC52 = true
		}
	}
	return r
}
