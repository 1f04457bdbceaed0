package wizard

import (
	"slices"
	"strings"
)

// FieldKind is how a question is answered.
type FieldKind int

// The kinds of question.
const (
	KindText   FieldKind = iota // free text, one line
	KindList                    // free text: a comma-separated list
	KindChoice                  // exactly one of Options
	KindMulti                   // one or more of Options
	KindBool                    // yes or no
)

// Option is one choice of a KindChoice or KindMulti question.
type Option struct {
	Value string
	Label string
	Short string // the answer in a few words, for one line of a narrow form ("" → Value)
}

// Question is how the wizard asks for one field.
type Question struct {
	Field   string
	Kind    FieldKind
	Title   string
	Help    string // shown under the question: format, example or effect
	Example string // placeholder for text questions
	Options []Option
}

// Field is one answer of Answers: its names, how it is asked, which setups
// it belongs to, how it is read and written, and how it is checked. The
// table of them (Fields) is what the answers file, the command-line flags,
// the form and the validation all go by.
type Field struct {
	Name    string // the answers-file key, also the name errors and statements use
	Flag    string // the command-line flag, without the dashes
	Usage   string // the flag's help text
	Kind    FieldKind
	Title   string
	Help    string
	Example string
	Options []Option
	Short   string // a closed question's label in a few words ("" → Title)

	Setups   []Setup // the setups it belongs to
	Required []Setup // the setups that cannot be built without it
	Summary  bool    // named on the resume screen

	acc   access
	check func(*Answers) *FieldError // nil: any answer is fine
}

// access reads and writes the Answers field of a row, typed by its kind:
// exactly one of text, flag and list is set.
type access struct {
	text    func(*Answers) *string // text and choice fields
	flag    func(*Answers) *bool   // yes/no fields
	list    func(*Answers) []string
	setList func(*Answers, []string)
}

func textField(p func(*Answers) *string) access { return access{text: p} }

func boolField(p func(*Answers) *bool) access { return access{flag: p} }

func listField[T ~string](p func(*Answers) *[]T) access {
	return access{
		list: func(a *Answers) []string { return convert[T, string](*p(a)) },
		setList: func(a *Answers, v []string) {
			*p(a) = convert[string, T](v)
		},
	}
}

// convert copies a list into another string type, keeping nil as nil.
func convert[F, T ~string](list []F) []T {
	if list == nil {
		return nil
	}
	out := make([]T, len(list))
	for i, v := range list {
		out[i] = T(v)
	}
	return out
}

// Text returns the answer as the text a form shows: lists joined by commas,
// booleans as "yes" or "no".
func (f *Field) Text(a *Answers) string {
	switch {
	case f.acc.text != nil:
		return *f.acc.text(a)
	case f.acc.flag != nil:
		return yesNo(*f.acc.flag(a))
	case f.acc.list != nil:
		return strings.Join(f.acc.list(a), ",")
	}
	return ""
}

// SetText sets the answer from the text a form holds (see Text): lists
// split at commas, booleans from "yes" (anything else is no).
func (f *Field) SetText(a *Answers, v string) {
	switch {
	case f.acc.text != nil:
		*f.acc.text(a) = v
	case f.acc.flag != nil:
		*f.acc.flag(a) = v == "yes"
	case f.acc.setList != nil:
		f.acc.setList(a, splitT[string](v))
	}
}

// SetBool sets a yes/no answer; other kinds take "yes" or "no" as text.
func (f *Field) SetBool(a *Answers, v bool) {
	if f.acc.flag != nil {
		*f.acc.flag(a) = v
		return
	}
	f.SetText(a, yesNo(v))
}

// SetList sets a list answer as given, item by item; other kinds take the
// items joined by commas.
func (f *Field) SetList(a *Answers, v []string) {
	if f.acc.setList != nil {
		f.acc.setList(a, v)
		return
	}
	f.SetText(a, strings.Join(v, ","))
}

// AppliesTo reports whether the field belongs to setup s.
func (f *Field) AppliesTo(s Setup) bool { return slices.Contains(f.Setups, s) }

// copyTo copies the answer from a to dst.
func (f *Field) copyTo(dst, a *Answers) {
	switch {
	case f.acc.text != nil:
		*f.acc.text(dst) = *f.acc.text(a)
	case f.acc.flag != nil:
		*f.acc.flag(dst) = *f.acc.flag(a)
	case f.acc.list != nil:
		f.acc.setList(dst, f.acc.list(a))
	}
}

// Ask returns the question for a field.
func Ask(field string) Question {
	f := row(field)
	if f == nil {
		return Question{Field: field, Kind: KindText}
	}
	return Question{Field: field, Kind: f.Kind, Title: f.Title, Help: f.Help, Example: f.Example, Options: slices.Clone(f.Options)}
}

// Value returns a field's answer as the text a form shows: lists joined by
// commas, booleans as "yes" or "no".
func (a Answers) Value(field string) string { return a.value(field) }

// value is Value without the copy of a.
func (a *Answers) value(field string) string {
	if f := row(field); f != nil {
		return f.Text(a)
	}
	return ""
}

// SetValue sets a field from the text a form holds (see Value): lists split
// at commas, booleans from "yes" (anything else is no).
func (a *Answers) SetValue(field, v string) {
	if f := row(field); f != nil {
		f.SetText(a, v)
	}
}

// Flag is the command-line flag for a field: account_id → --account-id.
func Flag(field string) string {
	if f := row(field); f != nil {
		return "--" + f.Flag
	}
	return "--" + strings.ReplaceAll(field, "_", "-")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func splitT[T ~string](v string) []T {
	var out []T
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, T(s))
		}
	}
	return out
}

func joinT[T ~string](list []T) string { return strings.Join(convert[T, string](list), ",") }
