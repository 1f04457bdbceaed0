package wizard

import "strings"

// ShortLabel names a closed question (choice, yes/no, multiple choice) in
// the few words that leave room for its answer on one line of a narrow
// form; other questions keep their title.
func ShortLabel(field string) string {
	if f := row(field); f != nil && f.Short != "" {
		return f.Short
	}
	return Ask(field).Title
}

// shortAnswers spells every option of the table in a few words, by value.
var shortAnswers = func() map[string]string {
	m := map[string]string{}
	for _, f := range fields {
		for _, o := range f.Options {
			if o.Short != "" {
				m[o.Value] = o.Short
			}
		}
	}
	return m
}()

// ShortAnswer spells a closed question's answer (a value, or values joined
// by commas) in words short enough for that line.
func ShortAnswer(field, value string) string {
	if k := Ask(field).Kind; k == KindChoice || k == KindMulti {
		parts := strings.Split(value, ",")
		for i, p := range parts {
			if s, ok := shortAnswers[p]; ok {
				parts[i] = s
			}
		}
		return strings.Join(parts, ", ")
	}
	return value
}
