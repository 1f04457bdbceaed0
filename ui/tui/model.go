package tui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// Model is the wizard: an editor for wizard.Answers. Every screen reads the
// answers, and every key that changes an answer changes them at once, so
// the live preview is always wizard.Draft of what is on screen.
type Model struct {
	a      wizard.Answers
	steps  []wizard.Step
	step   int // index into steps
	field  int // index into steps[step].Fields
	inputs map[string]*textinput.Model
	cursor map[string]int  // option under the cursor, for choice and multi questions
	shown  map[string]bool // fields whose error is shown: the user tried to leave them

	origins map[string]string // field → the environment variable its answer came from

	width, height int
	doc           int  // index into previewDocs()
	docPinned     bool // the user chose the document with ctrl+n/p: focus changes keep it
	scroll        int  // first preview line shown
	formPage      int  // 0: the form's own layout; n: page n of the whole step (ctrl+o)
	formOverflow  bool // the last drawn form did not fit: ctrl+o pages it
	helpRows      int  // lines of the help bar last drawn
	details       bool // review: the document's details instead of its JSON (d)
	status        string
	statusErr     bool
	returnTo      string // the step to return to (returnToward): where advance was going when it took the user back to a bad answer, or the review the user changed an answer from
	returnAtEnd   bool   // return only from the step's last question (a step opened from the review), not at once

	confirm       *confirmSave     // asking before replacing files
	finishing     bool             // q on the review with unsaved work: save first?
	overlay       bool             // ?: every key, from the keymaps
	overlayScroll int              // first row of the overlay shown, when it does not fit
	folder        *textinput.Model // changing the output folder (o)
	quitAfterSave bool             // the save was asked for by finishing
	lastSaved     string           // savedKey of the last save, "" before one
	resume        *ResumeOffer     // asking whether to resume the last answers

	out    string
	format apply.Format
	force  bool
	fx     effects // what the wizard asks of the world, as commands
	ex     explainBox
	st     styles
	plain  bool // NO_COLOR
	noOSC8 bool // links without OSC 8

	hidden      map[string]string // answers of questions the steps no longer ask, restored when asked again
	helpMemo    []string          // the help bar's lines for helpMemoKey
	helpMemoKey string
	cache       cache
	wrapped     map[memoKey][]string
	saved       []string // files written, for the summary on stdout
	finished    bool     // q on the review screen
	aborted     bool     // ctrl+c or a signal
	exitCode    int      // 130 for ctrl+c and SIGINT, 128+n for signal n
	preset      wizard.Answers
	presetF     map[string]bool
}

// Options configure a new Model.
type Options struct {
	Answers wizard.Answers
	Preset  map[string]bool // fields the command line or a file answered
	Out     string
	Format  apply.Format // what ctrl+s and s save; f cycles it on the review
	Force   bool
	Plain   bool         // NO_COLOR
	Resume  *ResumeOffer // the last session's answers, loaded by the launcher

	Origins map[string]string // field → where its pre-filled answer came from ("AWS_REGION")

	// The model does no IO of its own: these run inside tea.Cmds and
	// their results come back to Update as messages. Any may be nil.
	Save      func(dir string, files []apply.File, force bool) error // write the files, all or nothing
	Existing  func(dir string, files []apply.File) []string          // what saving files into dir with force replaces or removes (the files dir holds, and those its earlier save listed that files does not)
	Clipboard func(text string) error                                // the system clipboard; OSC 52 goes through Bubble Tea
	Lint      func(d *wizard.Doc) []string                           // a document's findings, one line each
	Explain   func(a wizard.Answers, text string) ExplainResult      // explain an AWS error against the answers (explain.go)
	Abs       func(dir string) string                                // a folder the user typed, made absolute
	// NoHyperlinks: write links as plain text, without OSC 8 (a
	// terminal known to print the sequence).
	NoHyperlinks bool
}

// New makes the wizard's model; run it with tea.NewProgram.
func New(o Options) *Model {
	m := &Model{a: o.Answers, inputs: map[string]*textinput.Model{}, cursor: map[string]int{}, shown: map[string]bool{},
		out: o.Out, force: o.Force, st: newStyles(o.Plain), plain: o.Plain, noOSC8: o.NoHyperlinks, resume: o.Resume, origins: o.Origins,
		fx:    effects{save: o.Save, existing: o.Existing, clipboard: o.Clipboard, lint: o.Lint, abs: o.Abs},
		width: 120, height: 40, preset: o.Answers, presetF: o.Preset}
	m.ex.run = o.Explain
	if m.out == "" {
		m.out = DefaultOut
	}
	m.format = o.Format
	if m.format == "" {
		m.format = apply.JSON
	}
	m.refreshSteps()
	m.step, m.field = firstUnanswered(m.a, m.steps, o.Preset)
	m.showPresetErrors()
	m.focus()
	return m
}

// showPresetErrors shows, at start, what is wrong with the answers the
// command line or a file gave: each on its question, and the first on the
// status line with the value, so that a bad value never opens silently.
func (m *Model) showPresetErrors() {
	n := m.a.Normalized()
	first := ""
	for _, s := range m.steps {
		for _, f := range s.Fields {
			if m.a.Value(f) == "" || n.Check(f) == nil {
				continue
			}
			m.shown[f] = true
			if first == "" {
				first = f
				fe := n.Check(f)
				m.setStatus(true, fmt.Sprintf("%s %q: %s", wizard.Ask(f).Title, fe.Value, QuestionWords(fe.Rule)))
			}
		}
	}
}

// DefaultOut is where saving writes when Options.Out is empty.
const DefaultOut = "./permwiz-policies"

// Result is what the wizard ended with, for the launcher to report once the
// UI has left the screen.
type Result struct {
	Answers wizard.Answers
	Out     string   // the folder saving wrote to
	Saved   []string // the files written, as paths under Out; none without a save
	Aborted bool     // ctrl+c or a signal
	// ExitCode is how an aborted session ends: 130 for ctrl+c and SIGINT,
	// 128+n for signal n (SIGTERM 143, SIGHUP 129).
	ExitCode int
	// ResumePending: the session ended while the resume offer was still
	// asked; the kept answers were neither resumed nor replaced.
	ResumePending bool
}

// Interrupted ends the wizard as a signal does (SIGINT, SIGTERM, SIGHUP,
// which the launcher catches): the answers are kept, as for ctrl+c, and
// the program exits with Code (128 + the signal's number).
type Interrupted struct{ Code int }

// Focus names the step and the question the wizard is on ("" on the
// review).
func (m *Model) Focus() (step, field string) { return m.steps[m.step].ID, m.focusedField() }

// Result is the outcome so far; read it after the program ends.
func (m *Model) Result() Result {
	code := m.exitCode
	if m.aborted && code == 0 {
		code = 130
	}
	return Result{Answers: m.a, Out: m.out, Saved: append([]string(nil), m.saved...), Aborted: m.aborted,
		ExitCode: code, ResumePending: m.resume != nil}
}

// firstUnanswered is where to open: the first question not answered (by
// flags, a file or a resumed session) or not valid, or the review once
// every answer is there and valid.
func firstUnanswered(a wizard.Answers, steps []wizard.Step, preset map[string]bool) (step, field int) {
	n := a.Normalized()
	if len(preset) > 0 && !preset[wizard.FieldSetup] {
		// Any answer given up front implies the setup: personalize unless
		// --setup said kinesis.
		p := map[string]bool{wizard.FieldSetup: true}
		for f := range preset {
			p[f] = true
		}
		preset = p
	}
	for i, s := range steps {
		if s.ID == wizard.StepReview {
			if n.Validate() != nil {
				break
			}
			return i, 0
		}
		for j, f := range s.Fields {
			if !preset[f] || n.Check(f) != nil {
				return i, j
			}
		}
	}
	for i, s := range steps {
		for j, f := range s.Fields {
			if n.Check(f) != nil {
				return i, j
			}
		}
	}
	return 0, 0
}

func (m *Model) Init() tea.Cmd { return nil }

// refreshSteps recomputes the step list after an answer changes (any
// answer may add or remove a question or a step: the setup, a role ARN, a
// key, a workflow ticked, a kind of consumer), keeping the user on the same
// step and the same question.
func (m *Model) refreshSteps() {
	id, field := "", ""
	if m.steps != nil {
		id, field = m.steps[m.step].ID, m.focusedField()
	}
	m.hideUnasked()
	m.steps = wizard.Steps(m.a)
	if i := wizard.StepIndex(m.steps, id); i >= 0 {
		m.step = i
	}
	if m.step >= len(m.steps) {
		m.step = len(m.steps) - 1
	}
	if i := slices.Index(m.fields(), field); field != "" && i >= 0 {
		m.field = i
	}
	if n := len(m.fields()); m.field >= n {
		m.field = max(n-1, 0)
	}
}

// hideUnasked applies the hidden-question rule (wizard.SetAsideUnasked):
// a question the steps no longer ask (what the key encrypts once the key is
// cleared, the role's name once an existing role's ARN is given) keeps no
// answer, so no stale answer can block saving with an error about a
// question the user cannot reach. The answer is set aside in m.hidden and
// comes back if the question does; the input of an answer that moved is
// made again from the answers.
func (m *Model) hideUnasked() {
	if m.hidden == nil {
		m.hidden = map[string]string{}
	}
	before := m.a
	m.a = wizard.SetAsideUnasked(m.a, m.hidden)
	for _, f := range wizard.Fields() {
		if before.Value(f.Name) != m.a.Value(f.Name) {
			delete(m.inputs, f.Name) // made again from the answers
			m.cache.draft = nil      // only when an answer moved, as before
		}
	}
}

func (m *Model) fields() []string { return m.steps[m.step].Fields }

func (m *Model) onReview() bool { return m.steps[m.step].ID == wizard.StepReview }

func (m *Model) focusedField() string {
	f := m.fields()
	if m.field < len(f) {
		return f[m.field]
	}
	return ""
}

func (m *Model) focusedQuestion() wizard.Question {
	if f := m.focusedField(); f != "" {
		return wizard.Ask(f)
	}
	return wizard.Question{Kind: -1}
}

// focus puts the cursor in the focused field and, unless the user picked a
// document, shows the document the field shapes.
func (m *Model) focus() {
	for f, in := range m.inputs {
		if f == m.focusedField() {
			in.Focus()
		} else {
			in.Blur()
		}
	}
	if in := m.input(m.focusedField()); in != nil {
		in.Focus()
	}
	if !m.docPinned {
		m.doc = m.docForField()
	}
	m.scrollToMark()
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.clampAll()
		return m, nil
	case tea.PasteMsg:
		if m.ex.open {
			return m, m.explainInput(msg)
		}
		if m.folder != nil {
			next, cmd := m.folder.Update(msg)
			*m.folder = next
			return m, cmd
		}
		if in := m.input(m.focusedField()); in != nil && !m.onReview() {
			return m, m.updateInput(in, msg)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case Interrupted:
		m.aborted, m.exitCode = true, msg.Code
		return m, tea.Quit
	case checkedMsg:
		return m, m.checked(msg)
	case savedMsg:
		return m, m.saveDone(msg)
	case copiedMsg:
		m.copyDone(msg)
		return m, nil
	case explainedMsg:
		m.explained(msg)
		return m, nil
	}
	// Anything else may be the answer to a text input's own command (the
	// clipboard's text after ctrl+v).
	if in := m.input(m.focusedField()); in != nil && !m.onReview() && m.resume == nil {
		return m, m.updateInput(in, msg)
	}
	return m, nil
}

func (m *Model) setStatus(isErr bool, msg string) {
	m.status, m.statusErr = msg, isErr
}

// valid reports whether the answers build: what ctrl+s needs.
func (m *Model) valid() bool { return m.a.Validate() == nil }

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

const (
	minWidth   = 80
	minHeight  = 24
	sideBySide = 100 // from this width the preview sits beside the form
)
