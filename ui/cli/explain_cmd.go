package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/permwiz/permwiz/policy/audit"
	"github.com/permwiz/permwiz/ui/tui"
	"github.com/permwiz/permwiz/wizard"
)

// ExplainOptions are the options of `permwiz explain`.
type ExplainOptions struct {
	Flags   AnswerFlags
	Message []string // the error as arguments; none or "-" reads stdin
	JSON    bool

	IO *IOStreams
}

func newExplainCmd() *cobra.Command {
	o := &ExplainOptions{}
	cmd := &cobra.Command{
		Use:   "explain [MESSAGE | -]",
		Short: "Explain an AccessDenied error against the setup: which document grants it, what is missing, the fix",
		Long: "explain reads an AWS access-denied error (as the CLI or an SDK prints it, or a Personalize job's\n" +
			"failure reason), plays the refused request through the documents the answers build, and says\n" +
			"which permwiz statement grants exactly that, what is most likely missing and the commands that\n" +
			"fix it. It never calls AWS.\n" +
			"Exit 0: a permwiz document grants it; 1: the setup as answered does not cover it (or no Allow\n" +
			"fixes it: an explicit deny, an SCP); 2: the input is no AWS error, or bad flags.",
		Example: "  permwiz explain --answers answers.yaml 'User: arn:aws:sts::111122223333:assumed-role/PersonalizeRole/s is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:... because no resource-based policy allows the kms:Decrypt action'\n" +
			"  aws kinesis put-record ... 2>&1 | permwiz explain --answers answers.yaml -\n" +
			"  aws personalize describe-dataset-import-job --dataset-import-job-arn $JOB | permwiz explain --answers answers.yaml --json -",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Message = args
			o.IO = streams(cmd)
			return RunExplain(o)
		},
	}
	o.Flags.Bind(cmd.Flags())
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the explanation as JSON")
	return cmd
}

// answersFileName is the answers file generate --out and the wizard save
// beside the documents.
const answersFileName = "answers.yaml"

// explainJSON is the --json output.
type explainJSON struct {
	Explained bool `json:"explained"`
	Explanation
}

// RunExplain explains the error in o.Message (or on stdin) for the answers.
func RunExplain(o *ExplainOptions) error {
	text, err := o.message()
	if err != nil {
		return err
	}
	d, err := audit.ParseDenial(text)
	if err != nil {
		return usageErrorf("explain: this is no AWS error: %v", err)
	}
	if o.Flags.AnswersFile == "" && (o.Flags.fs == nil || !o.Flags.Changed()) {
		// No answers given: the Fix tells users to run where generate
		// wrote answers.yaml, so there it is used, and said so.
		if st, err := os.Stat(answersFileName); err == nil && st.Mode().IsRegular() {
			o.Flags.AnswersFile = answersFileName
			fmt.Fprintln(o.IO.ErrOut, "permwiz: explain: no answers given: using ./"+answersFileName)
		}
	}
	a, err := o.Flags.Answers()
	if err != nil {
		return err
	}
	b, err := buildAnswers("explain: missing %s (or --answers FILE, or run it where answers.yaml is): the error is played through the documents these answers build", a)
	if err != nil {
		return err
	}
	e := ExplainDenial(b, d)
	if o.JSON {
		out, err := json.MarshalIndent(explainJSON{Explained: e.Explained(), Explanation: e}, "", "    ")
		if err != nil {
			return err
		}
		fmt.Fprintf(o.IO.Out, "%s\n", out)
	} else {
		writeExplanation(o.IO.Out, &e)
	}
	if !e.Explained() {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

// message is the error text: the arguments joined, or stdin for none or
// "-" (when stdin is not a terminal).
func (o *ExplainOptions) message() (string, error) {
	if len(o.Message) > 0 && !(len(o.Message) == 1 && o.Message[0] == "-") {
		return strings.Join(o.Message, " "), nil
	}
	if len(o.Message) == 0 && o.IO.isTerminal(o.IO.In) {
		return "", usageErrorf("explain: give the error message as an argument (in single quotes), or pipe it in with -")
	}
	if o.IO.In == nil {
		return "", usageErrorf("explain: no standard input here; give the error message as an argument")
	}
	data, err := io.ReadAll(io.LimitReader(o.IO.In, audit.MaxDenialText+1))
	if err != nil {
		return "", usageErrorf("explain: reading standard input: %v", err)
	}
	if len(data) > audit.MaxDenialText {
		return "", usageErrorf("explain: standard input is over %d bytes; no AWS error message is that long", audit.MaxDenialText)
	}
	return string(data), nil
}

// writeExplanation prints an explanation for people.
func writeExplanation(w io.Writer, e *Explanation) {
	fmt.Fprintf(w, "%s\n", e.Refused)
	fmt.Fprintf(w, "AWS says: %s.\n", e.Blames)
	granted := "Granted by"
	switch e.Verdict {
	case VerdictDifferentResource, VerdictDifferentPrincipal, VerdictNotChosen:
		granted = "With the answer below, granted by"
	}
	for _, g := range e.Grants {
		fmt.Fprintf(w, granted+": %s, statement %q (%s; %s), for %s\n", g.Doc, g.Sid, g.Title, g.Target, strings.Join(g.Actions, ", "))
	}
	label := map[Verdict]string{VerdictGranted: "Most likely missing", VerdictNotFixable: "Not fixed by permwiz's documents",
		VerdictOutside: "Not covered", VerdictDifferentResource: "Not covered as answered",
		VerdictDifferentPrincipal: "Not covered as answered", VerdictNotChosen: "Not covered as answered"}[e.Verdict]
	fmt.Fprintf(w, "%s: %s\n", label, e.Missing)
	if len(e.Fix) > 0 {
		fmt.Fprintf(w, "Fix (run where generate --out wrote the documents and answers.yaml):\n")
		for _, c := range e.Fix {
			fmt.Fprintf(w, "  %s\n", c)
		}
	}
	for _, n := range e.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
}

// wizardExplain is the wizard's Explain: the answers on the review, built
// as generate builds them, and the error explained against them.
func wizardExplain(a wizard.Answers, text string) tui.ExplainResult {
	b, err := wizard.Build(a)
	if err != nil {
		return tui.ExplainResult{Err: fmt.Errorf("the answers do not build yet: %v", err)}
	}
	doc, sid, lines, err := ExplainText(b, text)
	return tui.ExplainResult{Doc: doc, Sid: sid, Lines: lines, Err: err}
}

// ExplainText explains an error for the wizard's review: the document and
// statement that grant it (to highlight), and the explanation as lines.
// err is set for text that is no AWS error.
func ExplainText(b *wizard.Bundle, text string) (doc, sid string, lines []string, err error) {
	d, err := audit.ParseDenial(text)
	if err != nil {
		if errors.Is(err, audit.ErrNotDenial) {
			return "", "", nil, fmt.Errorf("this is no AWS error: %v", err)
		}
		return "", "", nil, err
	}
	e := ExplainDenial(b, d)
	var sb strings.Builder
	writeExplanation(&sb, &e)
	lines = strings.Split(strings.TrimRight(sb.String(), "\n"), "\n")
	if len(e.Grants) > 0 {
		doc, sid = e.Grants[0].Doc, e.Grants[0].Sid
	}
	return doc, sid, lines, nil
}
