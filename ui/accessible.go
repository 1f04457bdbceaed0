package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"permwiz/wizard"
	"permwiz/wizard/format"
)

// runAccessible asks the wizard's questions as plain line-by-line prompts
// (huh's accessible mode), for screen readers and dumb terminals: no full
// screen, no colour. Prompts go to stderr; the documents go to stdout, and
// are also saved into --out.
func runAccessible(o *WizardOptions, a wizard.Answers, preset map[string]bool) error {
	in := &lineReader{r: o.Stdin}
	// huh's accessible prompts still carry its theme's colours; a screen
	// reader gains nothing from escape sequences, so they are dropped.
	w := plainWriter{o.Stderr}
	asked := map[string]bool{}
	for {
		steps := wizard.Steps(a)
		next := -1
		for i, s := range steps {
			if s.ID == wizard.StepReview {
				break
			}
			for _, f := range s.Fields {
				n := a.Normalized()
				if !asked[f] && (!preset[f] || n.Check(f) != nil) {
					next = i
					break
				}
			}
			if next >= 0 {
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
		fmt.Fprintf(w, "\n%s\n%s\n(%s)\n\n", title, s.Why, s.Source)
		for _, f := range s.Fields {
			if asked[f] || (preset[f] && func() bool { n := a.Normalized(); return n.Check(f) == nil }()) {
				continue
			}
			asked[f] = true
			if err := askAccessible(w, in, &a, f); err != nil {
				return err
			}
			if in.eof {
				return &ExitError{Code: ExitAbort, Err: errors.New("input ended before every question was answered")}
			}
		}
		for _, n := range wizard.Notes(a, s.ID) {
			fmt.Fprintln(w, "Note: "+n)
		}
	}
	b, err := wizard.Build(a)
	if err != nil {
		return usage(err)
	}
	if _, err := o.Stdout.Write(AllDocsJSON(b)); err != nil {
		return err
	}
	f, err := format.ParseFormat(o.Format)
	if err != nil {
		return usage(err)
	}
	files, err := format.Render(b, f)
	if err != nil {
		return err
	}
	force := o.Force
	if existing := ExistingFiles(o.Out, files); len(existing) > 0 && !force {
		huh.NewConfirm().Title(fmt.Sprintf("%s already has %s. Replace?", o.Out, strings.Join(existing, ", "))).
			Value(&force).RunAccessible(w, in)
		if !force {
			fmt.Fprintln(w, "Not saved: nothing was replaced. The documents are printed above.")
			return nil
		}
	}
	if err := WriteFiles(o.Out, files, true); err != nil {
		return err
	}
	fmt.Fprintf(w, "Saved %d files to %s: %s\n", len(files), o.Out, fileNames(files))
	fmt.Fprintln(w, "Next steps, in the order AWS requires:")
	for _, s := range nextSteps(b) {
		fmt.Fprintf(w, "%d. %s\n", s.N, s.Title)
	}
	return nil
}

// askAccessible asks one question and stores the answer.
func askAccessible(w io.Writer, r io.Reader, a *wizard.Answers, field string) error {
	q := wizard.Ask(field)
	validate := func(v string) error {
		t := *a
		t.SetValue(field, v)
		n := t.Normalized()
		if fe := n.Check(field); fe != nil {
			return errors.New(fe.Rule)
		}
		return nil
	}
	title := q.Title
	if q.Help != "" {
		title += " (" + q.Help + ")"
	}
	switch q.Kind {
	case wizard.KindChoice:
		v := a.Normalized().Value(field)
		opts := make([]huh.Option[string], len(q.Options))
		for i, o := range q.Options {
			opts[i] = huh.NewOption(o.Label, o.Value).Selected(o.Value == v)
		}
		if err := huh.NewSelect[string]().Title(title).Options(opts...).Value(&v).RunAccessible(w, r); err != nil {
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
		opts := make([]huh.Option[string], len(q.Options))
		for i, o := range q.Options {
			opts[i] = huh.NewOption(o.Label, o.Value).Selected(containsString(cur, o.Value))
		}
		var v []string
		err := huh.NewMultiSelect[string]().Title(title).Options(opts...).Value(&v).
			Validate(func(v []string) error {
				if len(v) == 0 {
					return errors.New("choose at least one")
				}
				return nil
			}).RunAccessible(w, r)
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

// lineReader hands huh one byte at a time. huh starts a new bufio.Scanner
// for every prompt; from a pipe, a scanner with a larger read would swallow
// the answers to the next questions.
type lineReader struct {
	r   io.Reader
	eof bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	n, err := l.r.Read(p)
	if err == io.EOF {
		l.eof = true
	}
	return n, err
}

// plainWriter drops ANSI escape sequences from what it writes.
type plainWriter struct{ w io.Writer }

func (p plainWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, ansi.Strip(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
