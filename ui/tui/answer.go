package tui

// The answers as the form edits them: text inputs, examples in the user's own
// terms, setting an answer, the rule shown under a question, and the role
// ARN typed as a name.

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// input returns the text input of a text or list field, made on first use
// from the field's answer.
func (m *Model) input(field string) *textinput.Model {
	if field == "" {
		return nil
	}
	q := wizard.Ask(field)
	if q.Kind != wizard.KindText && q.Kind != wizard.KindList {
		return nil
	}
	if in, ok := m.inputs[field]; ok {
		return in
	}
	in := m.newInput()
	// "e.g." keeps the example from reading as an answer where faint text
	// does not show (NO_COLOR, screen readers, a copied screen).
	if q.Example != "" {
		in.Placeholder = "e.g. " + m.ownExample(q.Example)
	}
	in.SetValue(m.a.Value(field))
	in.SetWidth(60)
	m.inputs[field] = &in
	return &in
}

// newInput is a text input in the wizard's style: a static cursor (a
// blinking one needs a timer that redraws the screen twice a second for
// nothing), no colour under NO_COLOR, and the "> " prompt.
func (m *Model) newInput() textinput.Model {
	in := textinput.New()
	ts := textinput.DefaultDarkStyles()
	ts.Cursor.Blink = false
	if m.plain {
		plain := textinput.StyleState{Placeholder: lipgloss.NewStyle().Faint(true)}
		ts.Focused, ts.Blurred, ts.Cursor.Color = plain, plain, nil
	}
	in.SetStyles(ts)
	in.Prompt = "> "
	return in
}

// ownExample puts the user's own account, region and partition into an
// example ARN, once they are answered and valid: an example in the user's
// terms is one less thing to translate.
func (m *Model) ownExample(s string) string {
	n := m.a.Normalized()
	if n.Check(wizard.FieldAccountID) == nil && n.AccountID != "" {
		s = strings.ReplaceAll(s, "111122223333", n.AccountID)
	}
	if n.Check(wizard.FieldRegion) == nil && n.Region != "" && strings.HasPrefix(s, "arn:") {
		s = strings.ReplaceAll(s, "us-east-1", n.Region)
		if p := policy.PartitionOfRegion(n.Region); p != nil {
			s = strings.Replace(s, "arn:aws:", "arn:"+p.ID+":", 1)
		}
	}
	return s
}

// setAnswer changes one answer and everything that follows from it.
func (m *Model) setAnswer(field, value string) {
	if m.a.Value(field) == value {
		return
	}
	m.a.SetValue(field, value)
	m.cache.draft = nil
	// Which questions and steps exist follows from the answers: recompute
	// them after every change, whatever the question (a ticked workflow
	// adds the Output step, KCL its application's name). It is cheap next
	// to drawing the frame (BenchmarkKeystroke).
	m.refreshSteps()
	switch field {
	case wizard.FieldAccountID, wizard.FieldRegion:
		// The examples of the other questions follow the account and region.
		for f, in := range m.inputs {
			if q := wizard.Ask(f); f != field && q.Example != "" {
				in.Placeholder = "e.g. " + m.ownExample(q.Example)
			}
		}
	}
	m.status = ""
}

// fieldError is the message shown under a field, or "".
func (m *Model) fieldError(field string) string {
	n := m.a.Normalized()
	fe := n.Check(field)
	if fe == nil {
		return ""
	}
	if field == wizard.FieldRoleName && strings.HasPrefix(strings.TrimSpace(m.a.Value(field)), "arn:") {
		// The wizard asks for a new role's name here; an existing role's
		// ARN is asked once step 2 says the role exists.
		return "this is a role ARN: type the name of the role to create, or leave this and choose \"Use an existing role\" in step 2 (Service role)"
	}
	return QuestionWords(fe.Rule)
}

// QuestionWords puts the question in place of each command-line flag a
// rule names (--kms-key-arn → "KMS key ARN"): in the wizard the user
// answers questions and never sees the flags.
func QuestionWords(rule string) string {
	if !strings.Contains(rule, "--") {
		return rule
	}
	fs := wizard.Fields()
	slices.SortFunc(fs, func(a, b wizard.Field) int { return len(b.Flag) - len(a.Flag) })
	for _, f := range fs {
		rule = strings.ReplaceAll(rule, "--"+f.Flag, "\""+f.Title+"\"")
	}
	return rule
}

// roleARNAsName reads a role ARN typed as the new role's name as what it
// is: an existing role, which step 2 then uses.
func (m *Model) roleARNAsName() bool {
	v := strings.TrimSpace(m.a.RoleName)
	if !strings.HasPrefix(v, "arn:") || !strings.Contains(v, ":role/") && !strings.Contains(v, ":assumed-role/") {
		return false
	}
	m.a.RoleName = ""
	delete(m.inputs, wizard.FieldRoleName)
	m.setAnswer(wizard.FieldRoleARN, v)
	m.setAnswer(wizard.FieldRoleMode, wizard.RoleExisting)
	// The name and path the ARN holds are set aside as the hidden answers
	// of the questions the existing role replaces: choosing "Create a new
	// service role" in step 2 brings them back instead of an empty name.
	if name, path := roleNameAndPath(v); name != "" {
		if m.hidden == nil {
			m.hidden = map[string]string{}
		}
		m.hidden[wizard.FieldRoleName] = name
		if path != "" && path != "/" {
			m.hidden[wizard.FieldRolePath] = path
		}
	}
	m.setStatus(false, "that is an existing role's ARN: step 2 (Service role) uses that existing role, and no role is created")
	return true
}

// roleNameAndPath reads a role's name and path from its ARN
// (arn:aws:iam::111122223333:role/service-role/Name → "Name",
// "/service-role/"); an assumed-role ARN gives the role's name only.
func roleNameAndPath(roleARN string) (name, path string) {
	a, err := policy.ParseARN(roleARN)
	if err != nil {
		return "", ""
	}
	if rest, ok := strings.CutPrefix(a.Resource, "assumed-role/"); ok {
		name, _, _ = strings.Cut(rest, "/")
		return name, ""
	}
	rest, ok := strings.CutPrefix(a.Resource, "role/")
	if !ok {
		return "", ""
	}
	i := strings.LastIndex(rest, "/")
	if i < 0 {
		return rest, "/"
	}
	return rest[i+1:], "/" + rest[:i+1]
}

// SubjectRule names the question in a rule that has no subject of its own
// ("is required: …"), for lines shown away from the question's title
// (the status line, --accessible's prompts).
func SubjectRule(field, rule string) string {
	rule = QuestionWords(rule)
	if strings.HasPrefix(rule, "is required") {
		return wizard.Ask(field).Title + " " + rule
	}
	return rule
}
