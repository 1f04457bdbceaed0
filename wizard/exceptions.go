package wizard

import "github.com/permwiz/permwiz/policy"

// KnownExceptions collects, from every statement permwiz can write, the
// lint rules each breaks on purpose, keyed by Sid, so `permwiz lint` on a
// saved document reports them as deliberate, with their reasons.
func KnownExceptions() policy.KnownExceptions {
	known := policy.KnownExceptions{}
	p := Answers{Workflows: AllWorkflows, KMSKeyARN: "x", KeyUse: AllKeyUses,
		OutputBucket: "x", BatchOutputPrefix: "x/", BatchOutputKMSKeyARN: "y"}
	root := "arn:aws:iam::111122223333:root"
	k := Answers{Setup: SetupKinesis, Producers: []string{root}, Consumers: []string{root},
		ProducerKind: ProducerKPL, ConsumerKinds: AllConsumerKinds, KCLApplication: "x"}
	for _, a := range []Answers{p, k} {
		for _, d := range Draft(a).Docs {
			for _, s := range d.Policy.Statement {
				if len(s.Exceptions) > 0 {
					known[s.Sid] = s.Exceptions
				}
			}
		}
	}
	return known
}
