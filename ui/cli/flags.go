package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/permwiz/permwiz/wizard"
)

// AnswerFlags are the flags that answer the wizard's questions. generate,
// merge, check and the wizard itself share them, so every prompt has a flag
// and a script can say anything the form can.
type AnswerFlags struct {
	AnswersFile string
	// Stdin is what --answers - reads; each command sets it from its
	// IOStreams before Answers.
	Stdin io.Reader

	answers []answerFlag   // one for each row of wizard.Fields, in its order
	fs      *pflag.FlagSet // the command's flags
	own     *pflag.FlagSet // the flags Bind registered
}

// answerFlag lays one flag's value over the answers.
type answerFlag struct {
	name  string // the flag
	field string // the answer it sets
	set   func(*wizard.Answers)
}

// Bind registers the flags on fs.
func (f *AnswerFlags) Bind(into *pflag.FlagSet) {
	// The answer flags go on a set of their own first, so that which flags
	// answer a question is known from what was registered here rather than
	// from a second list of names.
	fs := pflag.NewFlagSet("answers", pflag.ContinueOnError)
	f.fs, f.own = into, fs
	defer into.AddFlagSet(fs)
	fs.StringVar(&f.AnswersFile, "answers", "", "read answers from this YAML `file`; flags override it")
	f.answers = nil
	for _, field := range wizard.Fields() {
		f.answers = append(f.answers, bindAnswer(fs, field))
	}
}

// bindAnswer registers the flag of one answer: a bool for a yes/no
// question, a list for a list or a multiple choice, else a string.
func bindAnswer(fs *pflag.FlagSet, field wizard.Field) answerFlag {
	var set func(*wizard.Answers)
	switch field.Kind {
	case wizard.KindBool:
		v := fs.Bool(field.Flag, false, field.Usage)
		set = func(a *wizard.Answers) { field.SetBool(a, *v) }
	case wizard.KindList:
		v := fs.StringSlice(field.Flag, nil, field.Usage)
		set = func(a *wizard.Answers) { field.SetList(a, *v) }
	case wizard.KindMulti:
		v := fs.StringSlice(field.Flag, nil, field.Usage)
		set = func(a *wizard.Answers) { field.SetList(a, lowered(*v)) }
	default:
		v := fs.String(field.Flag, "", field.Usage)
		set = func(a *wizard.Answers) { field.SetText(a, *v) }
	}
	return answerFlag{name: field.Flag, field: field.Name, set: set}
}

// Answers returns the answers file's answers (if --answers was given) with
// every flag that was set on the command line laid over them.
func (f *AnswerFlags) Answers() (wizard.Answers, error) {
	var a wizard.Answers
	if f.AnswersFile != "" {
		data, err := readAnswersInput(f.AnswersFile, f.Stdin)
		if err != nil {
			return a, err
		}
		if a, err = wizard.UnmarshalAnswers(data); err != nil {
			// The YAML error may quote the file: make it printable.
			return a, usageErrorf("--answers %q: %s", sanitize(f.AnswersFile), sanitize(err.Error()))
		}
	}
	for _, af := range f.answers {
		if f.fs != nil && f.fs.Changed(af.name) {
			af.set(&a)
		}
	}
	if err := f.checkSetupFlags(a); err != nil {
		return a, err
	}
	return a, nil
}

// checkSetupFlags refuses flags of the other setup: --bucket with
// --setup kinesis is a mistake worth saying, not a value to drop.
func (f *AnswerFlags) checkSetupFlags(a wizard.Answers) error {
	if f.fs == nil {
		return nil
	}
	setup, other := wizard.SetupPersonalize, wizard.SetupKinesis
	if wizard.Setup(strings.ToLower(strings.TrimSpace(string(a.Setup)))) == wizard.SetupKinesis {
		setup, other = wizard.SetupKinesis, wizard.SetupPersonalize
	}
	for _, field := range wizard.Fields() {
		if !field.AppliesTo(setup) && f.fs.Changed(field.Flag) {
			return usageErrorf("--%s applies only to --setup %s", field.Flag, other)
		}
	}
	return nil
}

// Changed reports whether any answer flag was given on the command line.
func (f *AnswerFlags) Changed() bool {
	changed := false
	f.fs.Visit(func(fl *pflag.Flag) { changed = changed || f.isAnswerFlag(fl.Name) })
	return changed
}

// isAnswerFlag reports whether name is a flag that answers a question (any
// flag Bind registered except --answers).
func (f *AnswerFlags) isAnswerFlag(name string) bool {
	return name != "answers" && f.own != nil && f.own.Lookup(name) != nil
}

// lowered trims and lower-cases a multiple choice's values.
func lowered(list []string) []string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, strings.ToLower(strings.TrimSpace(v)))
	}
	return out
}

func describeFileError(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file"
	case os.IsPermission(err):
		return "permission denied"
	}
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return fmt.Sprint(err)
}
