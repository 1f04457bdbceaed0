package wizard

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// answersFields maps each field of Answers to its YAML key.
func answersFields(t *testing.T) map[string]reflect.StructField {
	t.Helper()
	out := map[string]reflect.StructField{}
	typ := reflect.TypeFor[Answers]()
	for i := range typ.NumField() {
		sf := typ.Field(i)
		key, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if key == "" {
			t.Fatalf("Answers.%s has no yaml key", sf.Name)
		}
		out[key] = sf
	}
	return out
}

// TestTableIsComplete: every field of Answers has exactly one row, and the
// row agrees with the field's Go type.
func TestTableIsComplete(t *testing.T) {
	byKey := answersFields(t)
	seen := map[string]int{}
	for _, f := range Fields() {
		seen[f.Name]++
	}
	for key := range byKey {
		if seen[key] != 1 {
			t.Errorf("Answers field %s has %d rows, want 1", key, seen[key])
		}
	}
	for _, f := range Fields() {
		if g := row(f.Name); g == nil || g.Name != f.Name {
			t.Errorf("row(%s) = %v", f.Name, g)
		}
		sf, ok := byKey[f.Name]
		if !ok {
			t.Errorf("row %s is no field of Answers", f.Name)
			continue
		}
		if want := strings.ReplaceAll(f.Name, "_", "-"); f.Flag != want {
			t.Errorf("row %s: flag %q, want %q", f.Name, f.Flag, want)
		}
		if f.Usage == "" || f.Title == "" || len(f.Setups) == 0 {
			t.Errorf("row %s lacks usage, title or setups", f.Name)
		}
		for _, s := range f.Required {
			if !f.AppliesTo(s) {
				t.Errorf("row %s is required by %s but does not belong to it", f.Name, s)
			}
		}
		closed := f.Kind == KindChoice || f.Kind == KindMulti
		if closed != (len(f.Options) > 0) {
			t.Errorf("row %s: kind %d with %d options", f.Name, f.Kind, len(f.Options))
		}
		if (closed || f.Kind == KindBool) && f.Short == "" {
			t.Errorf("row %s: a closed question needs a short label", f.Name)
		}
		if (f.check == nil) != (f.Kind == KindBool) {
			t.Errorf("row %s: every answer but a yes/no one is checked", f.Name)
		}
		var kinds []FieldKind
		switch sf.Type.Kind() {
		case reflect.String:
			kinds = []FieldKind{KindText, KindChoice}
		case reflect.Bool:
			kinds = []FieldKind{KindBool}
		case reflect.Slice:
			kinds = []FieldKind{KindList, KindMulti}
		}
		if !slices.Contains(kinds, f.Kind) {
			t.Errorf("row %s: kind %d does not fit Answers.%s (%s)", f.Name, f.Kind, sf.Name, sf.Type)
		}
	}
}

// TestTableRoundTrips: each row's setters write its own field of Answers and
// nothing else, and its getters read back what was set.
func TestTableRoundTrips(t *testing.T) {
	byKey := answersFields(t)
	for _, f := range Fields() {
		var a Answers
		var want reflect.Value
		switch f.Kind {
		case KindBool:
			f.SetBool(&a, true)
			want = reflect.ValueOf(true)
			if f.Text(&a) != "yes" {
				t.Errorf("row %s: Text %q after SetBool(true)", f.Name, f.Text(&a))
			}
			f.SetText(&a, "no")
			if f.Text(&a) != "no" {
				t.Errorf("row %s: SetText(no) left it yes", f.Name)
			}
			f.SetText(&a, "yes")
		case KindList, KindMulti:
			f.SetList(&a, []string{"x", "y"})
			if f.Text(&a) != "x,y" {
				t.Errorf("row %s: Text %q after SetList(x, y)", f.Name, f.Text(&a))
			}
			f.SetText(&a, " x , y ")
			want = reflect.ValueOf([]string{"x", "y"})
		default:
			f.SetText(&a, "x")
			if f.Text(&a) != "x" || a.Value(f.Name) != "x" {
				t.Errorf("row %s: Text %q after SetText(x)", f.Name, f.Text(&a))
			}
			want = reflect.ValueOf("x")
		}
		v := reflect.ValueOf(a)
		for key, sf := range byKey {
			got := v.FieldByIndex(sf.Index)
			if key != f.Name {
				if !got.IsZero() {
					t.Errorf("row %s also set %s", f.Name, key)
				}
				continue
			}
			if want.Kind() == reflect.Slice {
				got = reflect.ValueOf(convertValue(got))
			} else {
				got = got.Convert(want.Type())
			}
			if !reflect.DeepEqual(got.Interface(), want.Interface()) {
				t.Errorf("row %s: Answers.%s = %v, want %v", f.Name, sf.Name, got, want)
			}
		}
		var b Answers
		b.SetValue(f.Name, a.Value(f.Name))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("row %s: SetValue(Value) gave %+v, want %+v", f.Name, b, a)
		}
		var c Answers
		f.copyTo(&c, &a)
		if !reflect.DeepEqual(a, c) {
			t.Errorf("row %s: copyTo gave %+v, want %+v", f.Name, c, a)
		}
	}
}

// convertValue reads a list field of Answers as []string.
func convertValue(v reflect.Value) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = v.Index(i).String()
	}
	return out
}

func TestForSetupKeepsTheSetupsFields(t *testing.T) {
	var all Answers
	for _, f := range Fields() {
		f.SetText(&all, "yes") // "yes" fills a text, a list and a yes/no alike
	}
	all.Setup = SetupKinesis
	k := all.ForSetup()
	all.Setup = SetupPersonalize
	p := all.ForSetup()
	for _, f := range Fields() {
		if got := f.Text(&k) != "" && f.Text(&k) != "no"; got != f.AppliesTo(SetupKinesis) {
			t.Errorf("Kinesis ForSetup keeps %s: %v", f.Name, got)
		}
		if got := f.Text(&p) != "" && f.Text(&p) != "no"; got != f.AppliesTo(SetupPersonalize) {
			t.Errorf("Personalize ForSetup keeps %s: %v", f.Name, got)
		}
	}
}
