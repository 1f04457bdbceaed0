// Package apply plans how a bundle is put to use and renders that plan as
// the files a user applies: the JSON documents, an AWS CLI script
// (apply.sh), Terraform (main.tf) or a CloudFormation template
// (template.yaml), each with NEXT-STEPS.md.
//
// PlanFor computes the Plan once from a wizard.Bundle: the customer managed
// policies, and the ordered steps with their typed actions (create or adopt
// the role, ensure a policy, attach it, merge into a trust, key or bucket
// policy, turn encryption on). Which principals get which policy, and which
// account must act, is decided there only. Each renderer reads the plan,
// and the documents' JSON from the bundle, never the answers again: the
// policies in main.tf are byte for byte the policies in <id>.json.
//
// The package is pure: it returns files and does no IO.
package apply
