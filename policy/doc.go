// Package policy models IAM policy documents: identity policies, trust
// policies, KMS key policies and S3 bucket policies.
//
// It is the pure core of permwiz: the document model (document.go,
// strings.go), its codec (encode.go, decode.go, spans.go), ARNs and
// partitions (arn.go, partition.go), identifier checks (ids.go), the size
// limits AWS applies to each kind of document (size.go), and the vocabulary
// builders use to declare a deliberate departure from a lint rule
// (exception.go: Exception, KnownExceptions and the rule IDs). Documents
// are Go values that serialise to deterministic JSON (the same input always
// gives the same bytes), carry per-statement explanations that never reach
// the JSON, build ARNs for every partition, and know their size limits.
// Nothing here touches a terminal, a file or the network, and nothing here
// knows a particular AWS service's offering (which regions have Amazon
// Personalize is the wizard's knowledge).
//
// Two files are longer than the project's 400 lines on purpose: decode.go
// is the general parser, which words every error a policy can have, and
// decode_fast.go the one-pass reader that takes well-formed policies and
// hands anything else to it. Each is one grammar read top to bottom, and
// splitting either would scatter that grammar over files.
//
// Imports: the standard library only. policy imports nothing of permwiz;
// the analysis that needs the action catalogue (evaluation, lint, check,
// merge) is package policy/audit, which imports policy.
package policy
