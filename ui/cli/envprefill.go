package cli

import (
	"strings"

	"github.com/permwiz/permwiz/wizard"
)

// prefillFromEnv fills the region from AWS_REGION or AWS_DEFAULT_REGION
// (in the AWS CLI's order) when neither a flag nor an answers file gave
// one, and returns which variable it used, by field, for the wizard to
// show. The region is filled in, not preset: the wizard still asks, with
// the value in place, so a region meant for other work is not taken
// silently. `permwiz generate` does not read them: a script's documents
// depend on its flags only.
func prefillFromEnv(ios *IOStreams, a *wizard.Answers) map[string]string {
	if strings.TrimSpace(a.Region) != "" {
		return nil
	}
	for _, name := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if v := strings.TrimSpace(ios.getenv(name)); v != "" {
			a.Region = v
			return map[string]string{wizard.FieldRegion: name + "=" + v}
		}
	}
	return nil
}

// dumbTerminal reports TERM=dumb (Emacs shells, some CI logs, serial
// consoles): a terminal that cannot draw the full-screen wizard, so the
// line-by-line prompts are used instead.
func dumbTerminal(ios *IOStreams) bool { return ios.getenv("TERM") == "dumb" }
