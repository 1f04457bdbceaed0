package cli

import (
	"io"
	"os"
	"runtime"

	"golang.org/x/term"
)

// IOStreams is everything a command reads, writes or asks of the terminal
// and the system. Commands take it from their Options, so tests hand in
// buffers and fakes; System is the real one.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // results only, so `permwiz generate > file` works
	ErrOut io.Writer // messages; where the wizard draws when it is a terminal

	// IsTerminal reports whether one of the streams above is a terminal.
	// Nil: none is.
	IsTerminal func(stream any) bool
	// OpenTTY opens the controlling terminal for drawing, for when ErrOut
	// is not a terminal. Nil: there is none.
	OpenTTY func() (io.WriteCloser, error)
	// Getenv reads the environment (NO_COLOR, ACCESSIBLE, the state
	// folder). Nil: an empty environment.
	Getenv func(key string) string
	// Clipboard writes the system clipboard. Nil: there is none.
	Clipboard func(text string) error
}

// System is the process's own streams, terminal, environment and clipboard.
func System() *IOStreams {
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		IsTerminal: isTerminalFile, OpenTTY: openTTY, Getenv: os.Getenv, Clipboard: systemClipboard}
}

// isTerminalFile reports whether stream is an *os.File on a terminal.
func isTerminalFile(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// openTTY opens the controlling terminal for writing.
func openTTY() (io.WriteCloser, error) {
	name := "/dev/tty"
	if runtime.GOOS == "windows" {
		name = "CONOUT$"
	}
	return os.OpenFile(name, os.O_WRONLY, 0)
}

func (s *IOStreams) isTerminal(stream any) bool { return s.IsTerminal != nil && s.IsTerminal(stream) }

func (s *IOStreams) getenv(key string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(key)
}

// NoColor reports whether NO_COLOR asks for no colour (any non-empty value).
func (s *IOStreams) NoColor() bool { return s.getenv("NO_COLOR") != "" }

// terminalOut is where the wizard draws: ErrOut when it is a terminal, else
// the controlling terminal itself.
func (s *IOStreams) terminalOut() (io.Writer, func(), error) {
	if s.isTerminal(s.ErrOut) {
		return s.ErrOut, func() {}, nil
	}
	if s.OpenTTY == nil {
		return nil, nil, os.ErrNotExist
	}
	f, err := s.OpenTTY()
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}
