// Package policy models IAM policy documents: identity policies, trust
// policies, KMS key policies and S3 bucket policies.
//
// It is the pure core of permwiz. Documents are Go values that serialise to
// deterministic JSON (the same input always gives the same bytes), carry
// per-statement explanations that never reach the JSON, build ARNs for every
// partition, and know the size limits AWS applies to each kind of document.
// Nothing here touches a terminal, a file or the network.
package policy
