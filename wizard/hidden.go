package wizard

// SetAsideUnasked applies the hidden-question rule of the wizards: a
// question the steps no longer ask (the output bucket once no workflow
// writes, what the key encrypts once the key is cleared) keeps no answer,
// so no stale answer can block saving with an error about a question the
// user cannot reach. Its answer moves into aside and comes back when the
// question is asked again. It returns the answers to go on with; aside
// is updated in place (it must not be nil).
func SetAsideUnasked(a Answers, aside map[string]string) Answers {
	// Each change can add or remove questions (restoring the key brings
	// back what it encrypts), so it runs until nothing moves.
	for range len(fields) {
		asked := map[string]bool{}
		for _, s := range Steps(a) {
			for _, f := range s.Fields {
				asked[f] = true
			}
		}
		setup := a.Normalized().Setup
		moved := false
		for _, f := range fields {
			if !f.AppliesTo(setup) || f.Name == FieldSetup {
				continue
			}
			v := a.Value(f.Name)
			switch {
			case !asked[f.Name] && v != "" && v != "no":
				aside[f.Name] = v
				a.SetValue(f.Name, "")
				moved = true
			case asked[f.Name] && v == "" && aside[f.Name] != "":
				a.SetValue(f.Name, aside[f.Name])
				delete(aside, f.Name)
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return a
}
