package cli

import (
	"io"
	"os"
	"strings"
	"time"

	"github.com/muesli/mango"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/permwiz/permwiz/wizard"
)

// wireHabits gives the command tree what users of gh and the Charm tools
// expect: --version and -v, a man page (`permwiz man`, hidden: packages
// install its output), and shell completion of flag values
// (`permwiz completion bash|zsh|fish|powershell`, cobra's own command).
func wireHabits(root *cobra.Command, version string, stamp []Stamp) {
	var st Stamp
	if len(stamp) > 0 {
		st = stamp[0]
	}
	b := currentBuild(version, st)
	addVersionFlag(root, b)
	root.AddCommand(newManCmd(root, b))
	root.CompletionOptions.HiddenDefaultCmd = false
	registerCompletions(root)
}

// newManCmd prints permwiz's man page (roff) on stdout:
// `permwiz man | gzip > permwiz.1.gz`; the release does this for the deb,
// rpm and Homebrew packages.
func newManCmd(root *cobra.Command, b Build) *cobra.Command {
	return &cobra.Command{
		Use:    "man",
		Short:  "Print the man page (roff) on stdout",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := io.WriteString(cmd.OutOrStdout(), manPage(root, b))
			return err
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}
}

// manPage renders the command tree as one section-1 page with mango. The
// tree is walked here rather than by mango-cobra so that flags show their
// placeholders as --help does (--account-id ID, not "the `ID`").
func manPage(root *cobra.Command, b Build) string {
	m := mango.NewManPage(1, root.Name(), root.Short).
		WithLongDescription(strings.Join(strings.Fields(root.Long), " "))
	manCommand(&m.Root, root)
	m = m.WithSection("Exit status", "0 on success; 1 when check or lint find something missing, blocking or unsafe; "+
		"2 on bad input or usage; 130 when the wizard is stopped with ctrl+c.").
		WithSection("Environment", "AWS_REGION, AWS_DEFAULT_REGION: pre-fill the wizard's region. "+
			"ACCESSIBLE (any value) or TERM=dumb: plain line-by-line prompts. NO_COLOR: no colour. "+
			StateDirEnv+": where an interrupted session's answers are kept.").
		WithSection("Files", "answers.yaml: the answers, written beside every saved document; --answers reads it.").
		WithSection("See also", "aws(1), terraform(1); the README at https://github.com/permwiz/permwiz").
		WithSection("Copyright", "MIT licence; see LICENSE, and NOTICE for the licences of the embedded AWS data.")
	date, err := time.Parse(time.RFC3339, b.Date)
	if err != nil {
		date = time.Now()
	}
	return m.Build(manHeading{roff.NewDocument(), "permwiz " + b.Version, date})
}

// manHeading puts the version in the page's centre heading and the build's
// date at its foot, so a release's page is the same on every rebuild.
type manHeading struct {
	*roff.Document
	manual string
	date   time.Time
}

func (h manHeading) Heading(section uint, title, _ string, _ time.Time) {
	h.Document.Heading(section, title, h.manual, h.date)
}

// manCommand adds c's flags and its visible subcommands to the page.
func manCommand(item *mango.Command, c *cobra.Command) {
	item.Example = c.Example
	c.LocalNonPersistentFlags().VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden {
			return
		}
		name, usage := pflag.UnquoteUsage(fl)
		if name != "" {
			name = " " + name
		}
		_ = item.AddFlag(mango.Flag{Name: fl.Name + name, Short: fl.Shorthand, Usage: usage, PFlag: true})
	})
	for _, sub := range c.Commands() {
		if sub.Hidden || !sub.IsAvailableCommand() {
			continue
		}
		child := mango.NewCommand(sub.Name(), sub.Short, sub.Use)
		manCommand(child, sub)
		_ = item.AddCommand(child)
	}
}

// Flag values that complete to a fixed list.
var (
	formatValues = []string{
		"json\tone <id>.json per document",
		"cli\tapply.sh, an AWS CLI script",
		"terraform\tmain.tf",
		"cloudformation\ttemplate.yaml",
	}
)

// kindValues are lint's --kind values with what each is.
func kindValues() []string {
	out := make([]string, len(lintKinds))
	for i, k := range lintKinds {
		out[i] = k.name + "\t" + k.what
	}
	return out
}

// registerCompletions tells cobra how to complete every flag's value on
// every command: a choice from its options, a region of the chosen setup,
// a document of the answers given, a file or folder where one is expected,
// and nothing (not a file name) for free text.
func registerCompletions(root *cobra.Command) {
	fields := map[string]wizard.Field{}
	for _, f := range wizard.Fields() {
		fields[f.Flag] = f
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Args != nil && c.ValidArgsFunction == nil && c.Name() != "lint" && c.Name() != "check" && c.Name() != "help" && !isCompletionCmd(c) {
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if fn := completionFor(c, fl, fields); fn != nil {
				_ = c.RegisterFlagCompletionFunc(fl.Name, fn)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func isCompletionCmd(c *cobra.Command) bool {
	for p := c; p != nil; p = p.Parent() {
		if p.Name() == "completion" {
			return true
		}
	}
	return false
}

type completeFunc = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective)

// completionFor is how one flag's value completes, or nil for cobra's
// default (booleans take no value).
func completionFor(c *cobra.Command, fl *pflag.Flag, fields map[string]wizard.Field) completeFunc {
	if fl.Value.Type() == "bool" {
		return nil
	}
	switch fl.Name {
	case "answers":
		return files("yaml", "yml")
	case "into":
		return files("json")
	case "out":
		if c.Name() == "merge" {
			return files("json")
		}
		return dirs
	case "format":
		return fixed(formatValues)
	case "kind":
		return fixed(kindValues())
	case "doc":
		return completeDoc
	case "region":
		return completeRegion
	}
	f, ok := fields[fl.Name]
	if !ok {
		return nil
	}
	switch f.Kind {
	case wizard.KindChoice:
		return fixed(optionValues(f))
	case wizard.KindMulti:
		return commaList(optionValues(f))
	}
	return noFiles
}

// optionValues are a choice's values, each with its label as the
// description the shells show beside it.
func optionValues(f wizard.Field) []string {
	out := make([]string, len(f.Options))
	for i, o := range f.Options {
		out[i] = o.Value + "\t" + o.Label
	}
	return out
}

func noFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

func dirs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

func files(ext ...string) completeFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return ext, cobra.ShellCompDirectiveFilterFileExt
	}
}

func fixed(values []string) completeFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return withPrefix(values, "", toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// commaList completes a comma-separated multiple choice: the values
// already typed stay, and each value not yet chosen is offered after them.
func commaList(values []string) completeFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		done, last := "", toComplete
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			done, last = toComplete[:i+1], toComplete[i+1:]
		}
		chosen := map[string]bool{}
		for _, v := range strings.Split(done, ",") {
			chosen[strings.TrimSpace(v)] = true
		}
		var rest []string
		for _, v := range values {
			name, _, _ := strings.Cut(v, "\t")
			if !chosen[name] {
				rest = append(rest, v)
			}
		}
		return withPrefix(rest, done, last), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// withPrefix keeps the values starting with typed, each after prefix.
func withPrefix(values []string, prefix, typed string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, typed) {
			out = append(out, prefix+v)
		}
	}
	return out
}

// completedAnswers are the answers the command line gives so far (the
// answers file, then the flags over it), ignoring anything invalid: a
// completion never fails, it offers less.
func completedAnswers(c *cobra.Command) wizard.Answers {
	var a wizard.Answers
	fs := c.Flags()
	if fl := fs.Lookup("answers"); fl != nil && fl.Changed {
		if data, err := os.ReadFile(fl.Value.String()); err == nil {
			a, _ = wizard.UnmarshalAnswers(data)
		}
	}
	for _, f := range wizard.Fields() {
		fl := fs.Lookup(f.Flag)
		if fl == nil || !fl.Changed {
			continue
		}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			f.SetList(&a, sv.GetSlice())
		} else {
			f.SetText(&a, fl.Value.String())
		}
	}
	return a
}

// completeRegion offers the regions of the setup chosen so far.
func completeRegion(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	n := completedAnswers(c).Normalized()
	return withPrefix(wizard.Regions(n.Setup), "", toComplete), cobra.ShellCompDirectiveNoFileComp
}

// completeDoc offers the documents the answers given so far produce (the
// draft: the documents are known before every answer is), with their titles.
func completeDoc(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	b := wizard.Draft(completedAnswers(c))
	var out []string
	for _, id := range b.IDs() {
		desc := id
		if d := b.Doc(id); d != nil && d.Title != "" {
			desc = d.Title
		}
		if strings.HasPrefix(id, toComplete) {
			out = append(out, id+"\t"+desc)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
