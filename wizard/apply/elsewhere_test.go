package apply

import (
	"strings"
	"testing"

	"github.com/permwiz/permwiz/wizard"
)

// When every producer is in another account, the stream's account creates
// and attaches nothing for them: no policy in its account, no placeholder
// role, and the check simulates the real producer. Every renderer follows
// the plan.
func TestKinesisPrincipalsOnlyElsewhere(t *testing.T) {
	a := wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-west-2", Stream: "orders",
		KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Producers: []string{"arn:aws:iam::777788889999:role/StreamWriter"}}
	b, err := wizard.Build(a)
	if err != nil {
		t.Fatal(err)
	}
	p := PlanFor(b)
	m, ok := p.Policy(wizard.DocKinesisProducer)
	if !ok || !m.OnlyElsewhere || len(m.Elsewhere) != 1 || m.Elsewhere[0] != "777788889999" {
		t.Fatalf("producer policy: %+v", m)
	}
	if c, _ := p.Policy(wizard.DocKinesisConsumer); c.OnlyElsewhere {
		t.Errorf("the consumers (none named) are not elsewhere: %+v", c)
	}
	var producers NextStep
	for _, s := range NextSteps(p) {
		if s.ID == StepProducers {
			producers = s
		}
	}
	for _, act := range p.Steps[0].Actions {
		switch act := act.(type) {
		case EnsurePolicy:
			t.Errorf("the stream's account creates %s", act.Policy.Name)
		case Attach:
			t.Errorf("the stream's account attaches to %+v", act.To)
		}
	}
	for _, bad := range []string{PHProducerRole, "111122223333:policy/orders-kinesis-producer-policy"} {
		if strings.Contains(producers.CLI, bad) || strings.Contains(producers.Verify, bad) {
			t.Errorf("the producers' step names %s:\n%s\n%s", bad, producers.CLI, producers.Verify)
		}
	}
	for _, want := range []string{"--role-name StreamWriter", "arn:aws:iam::777788889999:policy/orders-kinesis-producer-policy"} {
		if !strings.Contains(producers.CLI, want) {
			t.Errorf("the producers' step lacks %s:\n%s", want, producers.CLI)
		}
	}
	if !strings.HasPrefix(producers.Verify, "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::777788889999:role/StreamWriter ") ||
		!strings.Contains(producers.Verify, "run by account 777788889999") {
		t.Errorf("verify: %s", producers.Verify)
	}
	// The lines say which is a command and which a comment.
	if len(producers.Lines) != 3 || !producers.Lines[0].Comment || producers.Lines[1].Comment ||
		!strings.HasPrefix(producers.Lines[1].Shown(), "$ aws iam create-policy") || strings.HasPrefix(producers.Lines[0].Shown(), "$") {
		t.Errorf("lines: %+v", producers.Lines)
	}
	for _, f := range []Format{CLI, Terraform, CloudFormation} {
		files, err := Render(b, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			s := string(file.Data)
			for _, bad := range []string{PHProducerRole, "orders-kinesis-producer-policy\"", "ensure_policy 'orders-kinesis-producer-policy'", "ProducerPolicyArn", `"kinesis_producer_policy"`} {
				if strings.Contains(s, bad) {
					t.Errorf("%s %s holds %s", f, file.Name, bad)
				}
			}
		}
	}
}
