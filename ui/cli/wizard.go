package cli

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/pflag"

	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/ui/tui"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// WizardOptions are the options of `permwiz` with no subcommand.
type WizardOptions struct {
	IO *IOStreams

	Flags      AnswerFlags
	Out        string
	Format     string
	Force      bool
	Accessible bool

	interrupt <-chan os.Signal // tests stand in for ctrl+c in --accessible
}

// Bind registers the wizard's flags: every answer flag, plus where to save.
func (o *WizardOptions) Bind(fs *pflag.FlagSet) {
	o.Flags.Bind(fs)
	fs.StringVar(&o.Out, "out", tui.DefaultOut, "ctrl+s saves `DIR`/<id>.json for every document, plus DIR/answers.yaml")
	fs.StringVar(&o.Format, "format", "json", "what saving writes: json, cli (apply.sh), terraform (main.tf) or cloudformation (template.yaml); f changes it on the review")
	fs.BoolVar(&o.Force, "force", false, "let saving replace existing files without asking")
	fs.BoolVar(&o.Accessible, "accessible", false, "plain line-by-line prompts for screen readers (also ACCESSIBLE=1)")
}

// RunWizard runs the interactive wizard. The UI draws on the terminal
// (stderr, or the controlling terminal when stderr is redirected); stdout
// gets only the result, so `permwiz > saved.txt` works. The wizard itself
// (package tui) does no IO: it gets the functions that save, look for
// existing files, copy and lint from here, and the resume offer as data.
func RunWizard(o *WizardOptions) error {
	ios := o.IO
	if o.Out == "-" {
		return usageErrorf("--out \"-\": --out names the folder the wizard saves into; the documents are on the review screen, and permwiz generate prints them to stdout")
	}
	if o.Flags.AnswersFile == "-" {
		return usageErrorf("--answers \"-\": the wizard reads your keys from stdin; give the answers as a file, or use permwiz generate --answers -")
	}
	a, err := o.Flags.Answers()
	if err != nil {
		return err
	}
	if n := a.Normalized(); n.Check(wizard.FieldSetup) != nil {
		// Every question depends on the setup: an unknown one is refused
		// before anything is asked.
		return usage(wizard.Errors{n.Check(wizard.FieldSetup)})
	}
	f, err := apply.ParseFormat(o.Format)
	if err != nil {
		return usage(err)
	}
	preset := o.Flags.presetFields(a)
	origins := prefillFromEnv(ios, &a)
	if !ios.isTerminal(ios.In) {
		// Both modes ask questions: without a terminal to answer them
		// on (a pipe, CI), the same message says what to run instead.
		return noTerminal(a)
	}
	if o.Accessible || envOn(ios.getenv("ACCESSIBLE")) || dumbTerminal(ios) {
		return runAccessible(o, a, preset, f)
	}
	tty, closeTTY, err := ios.terminalOut()
	if err != nil {
		return noTerminal(a)
	}
	defer closeTTY()

	path, perr := resumePath(ios)
	var offer *tui.ResumeOffer
	if perr == nil && o.Flags.AnswersFile == "" {
		// Flags answer some questions; the kept session may answer the
		// rest, so it is still offered (the flags win where both answer).
		var warn string
		if offer, warn = loadResume(path); warn != "" {
			fmt.Fprintln(ios.ErrOut, "permwiz: "+sanitize(warn))
		}
	}
	m := tui.New(tui.Options{Answers: a, Preset: preset, Out: absDir(o.Out), Format: f, Force: o.Force, Plain: ios.NoColor(),
		Resume: offer, Origins: origins, Save: saveChecked, Existing: ReplacedFiles, Clipboard: ios.Clipboard, Lint: docFindings,
		Explain: wizardExplain, Abs: absDir,
		NoHyperlinks: ios.getenv("TERM") == "dumb" || ios.getenv("TERM") == "linux"})
	p := tea.NewProgram(m, tea.WithInput(ios.In), tea.WithOutput(tty), tea.WithoutSignalHandler())
	stop := forwardSignals(p)
	// The terminal's own window title is pushed before and popped after
	// (xterm's title stack), so leaving restores it rather than blanking it.
	fmt.Fprint(tty, pushTitle)
	_, err = p.Run()
	fmt.Fprint(tty, popTitle)
	stop()
	if err != nil {
		return fmt.Errorf("the wizard stopped: %w", err)
	}
	return finish(ios, m.Result(), path, perr)
}

// saveChecked is the wizard's save: WriteFiles, refusing (with nothing
// written) a set whose documents are over their AWS limit even compact, as
// generate does. The set's answers.yaml says which answers built it.
func saveChecked(dir string, files []apply.File, force bool) error {
	for _, f := range files {
		if f.Name != apply.FileAnswers {
			continue
		}
		a, err := wizard.UnmarshalAnswers(f.Data)
		if err != nil {
			break
		}
		if b, err := wizard.Build(a); err == nil {
			for _, p := range b.SizeProblems() {
				if p.Refused() {
					return fmt.Errorf("%s; nothing was saved", p)
				}
			}
		}
	}
	return WriteFiles(dir, files, force)
}

// xterm's window title stack (CSI 22 ; 0 t pushes, CSI 23 ; 0 t pops);
// terminals without one ignore both.
const (
	pushTitle = "\x1b[22;0t"
	popTitle  = "\x1b[23;0t"
)

// forwardSignals turns SIGINT, SIGTERM and SIGHUP (the terminal closed, an
// SSH session dropped) into the wizard's Interrupted message, so that every
// way a session ends keeps the answers, leaves the terminal as it was and
// exits 128 + the signal's number (130 for SIGINT), never 0.
func forwardSignals(p *tea.Program) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, interruptSignals...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			p.Send(tui.Interrupted{Code: signalExitCode(s)})
		case <-done:
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

var interruptSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// signalExitCode is the shell's convention: 128 + the signal's number.
func signalExitCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return ExitAbort
}

// absDir is dir made absolute, for the wizard to show where saving writes;
// dir itself when that fails.
func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

// docFindings lists a document's lint findings, one line each, for the
// review. Deliberate exceptions (the account statement of a key policy)
// are not findings: the statement's reason already says why.
func docFindings(d *wizard.Doc) []string {
	findings, _ := audit.Lint(d.Policy)
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = f.String()
	}
	return out
}

// finish reports the outcome once the UI has left the screen: the saved
// files on stdout; on ctrl+c (or a finish without saving) the answers are
// kept for the next start.
func finish(ios *IOStreams, r tui.Result, path string, perr error) error {
	keep := func() string {
		if r.ResumePending {
			// Quitting at "Resume where you stopped?" neither resumes
			// nor replaces the kept answers.
			return "your earlier answers are still kept in " + path + "; run permwiz again to resume"
		}
		return keepMessage(path, perr, r.Answers)
	}
	if len(r.Saved) > 0 {
		fmt.Fprintf(ios.Out, "saved %d files to %s:\n", len(r.Saved), r.Out)
		for _, f := range r.Saved {
			fmt.Fprintln(ios.Out, "  "+f)
		}
	}
	if r.Aborted {
		fmt.Fprintln(ios.ErrOut, "permwiz: stopped; "+keep())
		code := r.ExitCode
		if code == 0 {
			code = ExitAbort
		}
		return &ExitError{Code: code}
	}
	if len(r.Saved) == 0 {
		fmt.Fprintln(ios.ErrOut, "permwiz: nothing saved; "+keep())
		return nil
	}
	if perr == nil {
		os.Remove(path)
	}
	return nil
}

// keepMessage keeps the answers for the next start and says where, or why
// they could not be kept.
func keepMessage(path string, perr error, a wizard.Answers) string {
	if perr != nil {
		return fmt.Sprintf("your answers could not be kept (%v)", perr)
	}
	if !hasSummary(a) {
		// No answers of this session's own: a kept session is never
		// replaced by nothing.
		if _, err := os.Stat(path); err == nil {
			return "you gave no answers; the earlier answers are still kept in " + path
		}
		return "you gave no answers, so there is nothing to keep"
	}
	if err := keepAnswers(path, a); err != nil {
		return fmt.Sprintf("your answers could not be kept in %s (%v)", path, err)
	}
	return "your answers are kept in " + path + "; run permwiz again to resume"
}

// presetFields are the answers given before the wizard starts: every field
// of an answers file, and every answer flag on the command line. Screens
// whose questions are all preset (and valid) are skipped.
func (o *AnswerFlags) presetFields(a wizard.Answers) map[string]bool {
	preset := map[string]bool{}
	if o.AnswersFile != "" {
		preset = tui.AnsweredFields(a)
	}
	for _, af := range o.answers {
		if o.fs != nil && o.fs.Changed(af.name) {
			preset[af.field] = true
		}
	}
	return preset
}

// envOn reads a yes/no environment variable such as ACCESSIBLE: set and
// not 0, false, no or off.
func envOn(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// noTerminal is the answer when there is no terminal to talk to: the flags
// that `permwiz generate` still needs.
func noTerminal(a wizard.Answers) error {
	n := a.Normalized()
	if missing := n.Missing(); len(missing) > 0 {
		return usageErrorf("the wizard needs a terminal (stdin is not one); without one, use permwiz generate with the answers as flags; still missing: %s",
			flagList(missing))
	}
	return usageErrorf("the wizard needs a terminal (stdin is not one); every answer is given, so run permwiz generate with the same flags (add --out DIR to save)")
}
