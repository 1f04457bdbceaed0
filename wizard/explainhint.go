package wizard

// ExplainHint is what the wizard's explain box asks for: the errors the
// setup can meet (a Personalize job's failure reason has no Kinesis
// counterpart).
func ExplainHint(setup Setup) string {
	if setup == SetupKinesis {
		return "Paste an access-denied error, such as the KMSAccessDeniedException a producer or consumer gets; enter explains it against these answers."
	}
	return "Paste an access-denied error or a Personalize job's failure reason; enter explains it against these answers."
}
