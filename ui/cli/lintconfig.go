package cli

// The output and suppression flags lint and check share, and the
// suppressions file they read.

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	yaml "go.yaml.in/yaml/v3"

	"github.com/permwiz/permwiz/policy/audit"
)

// DefaultLintConfig is the suppressions file lint and check read from the
// working directory when --config does not name one.
const DefaultLintConfig = ".permwiz-lint.yaml"

// lintConfig is the suppressions file:
//
//	ignore:
//	  - rule: wildcard-resource            # everywhere
//	  - rule: pass-role-wildcard
//	    sid: LegacyDeploy                  # only statements with this Sid
//	    files: "legacy/*.json"             # only these files
//	    reason: deploy role, reviewed 2026-11
type lintConfig struct {
	Ignore []audit.Suppression `yaml:"ignore"`
}

// BindFlags registers lint's output and suppression flags.
func (o *LintOptions) BindFlags(fs *pflag.FlagSet) {
	bindOutputFlags(fs, &o.Format, &o.JSON, &o.Config, &o.Ignore)
}

func bindOutputFlags(fs *pflag.FlagSet, format *string, asJSON *bool, config *string, ignore *[]string) {
	fs.StringVar(format, "format", "text", "output `FORMAT`: text, json or sarif (SARIF 2.1.0, for GitHub code scanning)")
	fs.BoolVar(asJSON, "json", false, "the same as --format json")
	fs.StringVar(config, "config", "", "suppressions `FILE` (default: "+DefaultLintConfig+" in the working directory, when there is one)")
	fs.StringArrayVar(ignore, "ignore", nil, "suppress a finding `RULE` everywhere, or RULE@SID in statements with that Sid (repeatable)")
}

// resolveOutput checks --format/--json and reads the suppressions.
func resolveOutput(format *string, asJSON bool, config string, ignore []string) ([]audit.Suppression, error) {
	f := strings.ToLower(strings.TrimSpace(*format))
	if f == "" {
		f = "text"
	}
	if asJSON {
		if f != "text" && f != "json" {
			return nil, usageErrorf("--json and --format %s: choose one", *format)
		}
		f = "json"
	}
	switch f {
	case "text", "json", "sarif":
	default:
		return nil, usageErrorf("--format %q: must be text, json or sarif", *format)
	}
	*format = f
	var sup []audit.Suppression
	name, must := config, true
	if name == "" {
		name, must = DefaultLintConfig, false
	}
	data, err := os.ReadFile(name)
	switch {
	case err == nil:
		var c lintConfig
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return nil, usageErrorf("--config %s: %v", name, err)
		}
		for i, s := range c.Ignore {
			if strings.TrimSpace(s.Rule) == "" {
				return nil, usageErrorf("--config %s: ignore[%d] has no rule; name one (\"*\" for every rule)", name, i)
			}
			if s.Files != "" {
				if _, err := filepath.Match(s.Files, ""); err != nil {
					return nil, usageErrorf("--config %s: ignore[%d].files %q: %v", name, i, s.Files, err)
				}
			}
		}
		sup = c.Ignore
	case must || !errors.Is(err, os.ErrNotExist):
		return nil, usageErrorf("--config %s: %v", name, err)
	}
	for _, v := range ignore {
		rule, sid, _ := strings.Cut(v, "@")
		if strings.TrimSpace(rule) == "" {
			return nil, usageErrorf("--ignore %q: name a rule, as RULE or RULE@SID", v)
		}
		sup = append(sup, audit.Suppression{Rule: rule, Sid: sid, Reason: "--ignore " + v})
	}
	return sup, nil
}
