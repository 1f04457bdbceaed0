package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"

	"charm.land/huh/v2"

	"github.com/permwiz/permwiz/ui/tui"
	"github.com/permwiz/permwiz/wizard"
	"github.com/permwiz/permwiz/wizard/apply"
)

// runAccessible asks the wizard's questions as plain line-by-line prompts
// (huh's accessible mode), for screen readers and dumb terminals: no full
// screen, no colour. Prompts go to stderr; the documents go to stdout, and
// are also saved into --out.
func runAccessible(o *WizardOptions, a wizard.Answers, preset map[string]bool, f apply.Format) error {
	// huh's accessible prompts do not stop on ctrl+c, so the signal is
	// caught here: the questions run beside it, and an interrupt, like
	// the end of the input (ctrl+d), keeps the answers given so far, as
	// the full-screen wizard does.
	interrupt := o.interrupt
	if interrupt == nil {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, interruptSignals...)
		defer signal.Stop(ch)
		interrupt = ch
	}
	var mu sync.Mutex
	given := a
	pending := false // the resume offer is being asked: the kept answers stay as they are
	kept := false    // nothing was saved: askAll kept the final answers for the next start
	path, perr := resumePath(o.IO)
	// keep keeps the answers given so far and says where; mu is held.
	keep := func() string {
		if pending {
			return "your earlier answers are still kept in " + path + "; run permwiz again to resume"
		}
		return keepMessage(path, perr, given)
	}
	done := make(chan error, 1)
	go func() {
		in := &lineReader{r: o.IO.In}
		if perr == nil && o.Flags.AnswersFile == "" {
			offer, warn := loadResume(path)
			if warn != "" {
				fmt.Fprintln(o.IO.ErrOut, "permwiz: "+sanitize(warn))
			}
			if offer != nil {
				mu.Lock()
				pending = true
				mu.Unlock()
				kept, err := askResume(plainWriter{o.IO.ErrOut}, in, offer, a, preset)
				if err != nil {
					// Still pending: the kept answers stay as they are.
					done <- &ExitError{Code: ExitAbort, Err: err}
					return
				}
				mu.Lock()
				pending = false
				mu.Unlock()
				if kept != nil {
					a, preset = *kept, tui.AnsweredFields(*kept)
				}
			}
		}
		done <- askAll(o, in, a, preset, f, func(a wizard.Answers) { mu.Lock(); given = a; mu.Unlock() },
			func(a wizard.Answers) string { mu.Lock(); defer mu.Unlock(); given, kept = a, true; return keep() })
	}()
	select {
	case err := <-done:
		if err == nil {
			mu.Lock()
			defer mu.Unlock()
			if !kept && perr == nil {
				// Saved: the session is over, as after the full-screen
				// wizard's save, and the next start offers nothing.
				os.Remove(path)
			}
			return nil
		}
		if !errors.Is(err, errInputEnded) {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		return &ExitError{Code: ExitAbort, Err: fmt.Errorf("%w; %s", errInputEnded, keep())}
	case s := <-interrupt:
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(o.IO.ErrOut, "\npermwiz: stopped; "+keep())
		return &ExitError{Code: signalExitCode(s)}
	}
}

// askResume offers the kept answers of an interrupted session, as the
// full-screen wizard does. It returns the answers to go on with (the kept
// ones, the command line's answers winning), or nil to start afresh.
func askResume(w io.Writer, in *lineReader, offer *tui.ResumeOffer, flags wizard.Answers, preset map[string]bool) (*wizard.Answers, error) {
	what := "Amazon Personalize"
	if offer.Answers.Normalized().Setup == wizard.SetupKinesis {
		what = "Kinesis"
	}
	fmt.Fprintf(w, "Resume where you stopped? You stopped permwiz on %s with answers for %s:\n", offer.When.Format("2 Jan 15:04"), what)
	for _, f := range wizard.Fields() {
		if v := offer.Answers.Value(f.Name); f.Summary && v != "" {
			fmt.Fprintf(w, "  %s: %s\n", f.Title, v)
		}
	}
	for {
		fmt.Fprint(w, "Type y to resume them or n to start afresh (Enter resumes): ")
		line, eof := in.readLine()
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "", "y", "yes":
			if eof && strings.TrimSpace(line) == "" {
				fmt.Fprintln(w)
				return nil, errInputEnded
			}
			a := offer.Answers
			for f := range preset {
				a.SetValue(f, flags.Value(f))
			}
			fmt.Fprintln(w, "Resumed your last answers.")
			return &a, nil
		case "n", "no":
			fmt.Fprintln(w, "Starting afresh; the kept answers are replaced only when you stop with answers of your own.")
			return nil, nil
		}
		fmt.Fprintf(w, "%q is neither y nor n.\n", strings.TrimSpace(line))
		if eof {
			return nil, errInputEnded
		}
	}
}

// askAll asks every question not answered yet, reporting each answer, then
// prints and saves the documents. When nothing is saved (a file is not to
// be replaced), keep keeps the final answers for the next start, as the
// full-screen wizard's finish without saving does, and says where.
func askAll(o *WizardOptions, in *lineReader, a wizard.Answers, preset map[string]bool, saveAs apply.Format, report func(wizard.Answers), keep func(wizard.Answers) string) error {
	// huh's accessible prompts still carry its theme's colours; a screen
	// reader gains nothing from escape sequences, so they are dropped.
	w := plainWriter{o.IO.ErrOut}
	asked := map[string]bool{}
	said := map[string]bool{} // warnings already said: each is said once
	headed := map[string]bool{}
	aside := map[string]string{} // answers of questions no longer asked, restored when asked again
	// toAsk reports whether a question is still to be asked: not asked
	// yet, and not preset with a valid answer.
	toAsk := func(f string) bool {
		if asked[f] {
			return false
		}
		if !preset[f] {
			return true
		}
		n := a.Normalized()
		return n.Check(f) != nil
	}
	warn := func(step string) {
		for _, n := range wizard.Notes(a, step) {
			if !said[n] {
				said[n] = true
				fmt.Fprintln(w, "Note: "+n)
			}
		}
	}
	for {
		a = wizard.SetAsideUnasked(a, aside)
		steps := wizard.Steps(a)
		next := -1
		for i, s := range steps {
			if s.ID == wizard.StepReview {
				break
			}
			if slices.ContainsFunc(s.Fields, toAsk) {
				next = i
				break
			}
		}
		if next < 0 {
			break
		}
		s := steps[next]
		title := s.Title
		if num, of := wizard.Numbering(steps, next); num > 0 {
			title = fmt.Sprintf("Step %d of %d: %s", num, of, s.Title)
		}
		if !headed[s.ID] {
			// A step comes back when an answer adds a question to it
			// (what the key encrypts): its heading is said once.
			headed[s.ID] = true
			fmt.Fprintf(w, "\n%s\n%s\n(%s)\n\n", title, s.Why, s.Source)
		}
		// The step's warnings come before its questions; those the
		// answers bring up are said after them, each once.
		warn(s.ID)
		for _, f := range s.Fields {
			if !toAsk(f) {
				continue
			}
			asked[f] = true
			err := askAccessible(w, in, &a, f)
			if errors.Is(err, errInputEnded) || in.eof {
				return &ExitError{Code: ExitAbort, Err: errInputEnded}
			}
			if err != nil {
				return err
			}
			report(a)
			// An answer can change the step's questions (an existing
			// role's ARN replaces the path of a role to create): the
			// next one is then picked from the steps worked out again,
			// never from the list the step had before the answer.
			a = wizard.SetAsideUnasked(a, aside)
			if now := wizard.Steps(a); !slices.ContainsFunc(now, func(n wizard.Step) bool { return n.ID == s.ID && slices.Equal(n.Fields, s.Fields) }) {
				break
			}
		}
		warn(s.ID)
	}
	if err := reviewAccessible(w, in, &a, aside, report); err != nil {
		return &ExitError{Code: ExitAbort, Err: err}
	}
	b, err := wizard.Build(a)
	if err != nil {
		return usage(err)
	}
	if err := checkSizes(o.IO, b, ""); err != nil {
		return err
	}
	if _, err := o.IO.Out.Write(AllDocsJSON(b)); err != nil {
		return err
	}
	files, err := apply.Render(b, saveAs)
	if err != nil {
		return err
	}
	force := o.Force
	if existing := ExistingFiles(o.Out, files); len(existing) > 0 && !force {
		huh.NewConfirm().Title(fmt.Sprintf("%s already has %s. Replace?", o.Out, strings.Join(existing, ", "))).
			Value(&force).RunAccessible(w, in)
		if !force {
			fmt.Fprintf(w, "Not saved: nothing was replaced. The documents are printed above; %s.\n", keep(a))
			return nil
		}
	}
	if err := WriteFiles(o.Out, files, true); err != nil {
		return outError(o.Out, err)
	}
	fmt.Fprintf(w, "Saved %d files to %s: %s\n", len(files), o.Out, fileNames(files))
	fmt.Fprintln(w, "Next steps, in the order AWS requires:")
	for _, s := range apply.NextSteps(apply.PlanFor(b)) {
		fmt.Fprintf(w, "%d. %s\n", s.N, s.Title)
	}
	return nil
}

// askAccessible asks one question and stores the answer.
func askAccessible(w io.Writer, r *lineReader, a *wizard.Answers, field string) error {
	q := wizard.Ask(field)
	validate := func(v string) error {
		t := *a
		t.SetValue(field, v)
		n := t.Normalized()
		if fe := n.Check(field); fe != nil {
			return errors.New(tui.SubjectRule(field, fe.Rule))
		}
		return nil
	}
	title := q.Title
	if q.Help != "" {
		title += " (" + q.Help + ")"
	}
	switch q.Kind {
	case wizard.KindChoice:
		v, err := askChoice(w, r, title, q.Options, a.Normalized().Value(field))
		if err != nil {
			return err
		}
		a.SetValue(field, v)
	case wizard.KindBool:
		v := a.Value(field) == "yes"
		if err := huh.NewConfirm().Title(title).Value(&v).RunAccessible(w, r); err != nil {
			return err
		}
		a.SetValue(field, yesNo(v))
	case wizard.KindMulti:
		cur := strings.Split(a.Normalized().Value(field), ",")
		if field == wizard.FieldKeyUse && cur[0] == "" {
			cur = []string{string(wizard.KeyDatasetGroup)}
		}
		v, err := askMulti(w, r, title, q.Options, cur)
		if err != nil {
			return err
		}
		a.SetValue(field, strings.Join(v, ","))
	default:
		v := a.Value(field)
		if err := huh.NewInput().Title(title+":").Value(&v).Validate(validate).RunAccessible(w, r); err != nil {
			return err
		}
		a.SetValue(field, strings.TrimSpace(v))
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// reviewAccessible is the review step: every answer, numbered, and the
// chance to change any before saving.
func reviewAccessible(w io.Writer, in *lineReader, a *wizard.Answers, aside map[string]string, report func(wizard.Answers)) error {
	for {
		// A changed answer can hide questions (unticking the last
		// workflow that writes hides the output bucket): their answers
		// are set aside, as in the full-screen wizard, so saving never
		// waits on a question the list does not show.
		*a = wizard.SetAsideUnasked(*a, aside)
		var fields []string
		for _, s := range wizard.Steps(*a) {
			fields = append(fields, s.Fields...)
		}
		fmt.Fprintln(w, "\nReview: your answers")
		for i, f := range fields {
			v := a.Normalized().Value(f)
			if v == "" {
				v = "(none)"
			}
			fmt.Fprintf(w, "%d. %s: %s\n", i+1, wizard.Ask(f).Title, v)
		}
		fmt.Fprintf(w, "Type a number from 1 to %d to change that answer, or just Enter to save: ", len(fields))
		line, eof := in.readLine()
		line = strings.TrimSpace(line)
		if eof && line == "" {
			fmt.Fprintln(w)
			return errInputEnded
		}
		if line == "" {
			if err := a.Validate(); err != nil {
				// Only a question in the list can be named: the user
				// can change it by its number. Anything else would
				// ask again forever, so it stops with the message.
				var errs wizard.Errors
				if errors.As(err, &errs) {
					if i := slices.IndexFunc(errs, func(e *wizard.FieldError) bool { return slices.Contains(fields, e.Field) }); i >= 0 {
						e := errs[i]
						fmt.Fprintf(w, "Not yet: %s\n", wizard.Sentence(fmt.Sprintf("%d. %s", slices.Index(fields, e.Field)+1, wizard.Ask(e.Field).Title), tui.QuestionWords(e.Rule)))
						continue
					}
				}
				return err
			}
			return nil
		}
		n, err := strconv.Atoi(line)
		if err != nil || n < 1 || n > len(fields) {
			fmt.Fprintf(w, "%q is not a number from 1 to %d.\n", line, len(fields))
			if eof {
				return errInputEnded
			}
			continue
		}
		if err := askAccessible(w, in, a, fields[n-1]); err != nil {
			return err
		}
		if in.eof {
			return errInputEnded
		}
		report(*a)
	}
}
