package apply

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/permwiz/permwiz/wizard"
)

// template is template.yaml read as YAML, with its sections by name.
type template struct {
	root                                          map[string]*yaml.Node
	params, conditions, resources, outputs, rules map[string]*yaml.Node
}

func mapping(t *testing.T, n *yaml.Node, what string) map[string]*yaml.Node {
	t.Helper()
	out := map[string]*yaml.Node{}
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		t.Fatalf("%s is not a mapping (line %d)", what, n.Line)
	}
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if _, dup := out[k]; dup {
			t.Errorf("%s: key %q twice (line %d)", what, k, n.Content[i].Line)
		}
		out[k] = n.Content[i+1]
	}
	return out
}

func parseTemplate(t *testing.T, src []byte) template {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("template.yaml is not YAML: %v", err)
	}
	var tpl template
	tpl.root = mapping(t, doc.Content[0], "the template")
	tpl.params = mapping(t, tpl.root["Parameters"], "Parameters")
	tpl.conditions = mapping(t, tpl.root["Conditions"], "Conditions")
	tpl.resources = mapping(t, tpl.root["Resources"], "Resources")
	tpl.outputs = mapping(t, tpl.root["Outputs"], "Outputs")
	tpl.rules = mapping(t, tpl.root["Rules"], "Rules")
	return tpl
}

// TestCloudFormationStructure checks what CloudFormation checks before it
// creates anything: the format version, the sections it knows, a Type and
// Properties on every resource, a Type on every parameter, that every Ref,
// GetAtt, If and resource Condition names a parameter, resource or
// condition the template defines, and that its Rules refuse another account
// or region than the answers'.
func TestCloudFormationStructure(t *testing.T) {
	known := map[string]bool{"AWSTemplateFormatVersion": true, "Description": true, "Metadata": true, "Parameters": true,
		"Rules": true, "Conditions": true, "Resources": true, "Outputs": true}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := build(t, c.a)
			tpl := parseTemplate(t, render(t, b, CloudFormation)[FileTemplate])
			if v := tpl.root["AWSTemplateFormatVersion"]; v == nil || v.Value != "2010-09-09" {
				t.Errorf("AWSTemplateFormatVersion is not 2010-09-09")
			}
			for k := range tpl.root {
				if !known[k] {
					t.Errorf("unknown top-level section %q", k)
				}
			}
			if len(tpl.resources) == 0 {
				t.Fatal("no Resources")
			}
			for name, p := range tpl.params {
				if typ := mapping(t, p, name)["Type"]; typ == nil || (typ.Value != "String" && typ.Value != "CommaDelimitedList") {
					t.Errorf("parameter %s has no valid Type", name)
				}
			}
			for name, r := range tpl.resources {
				m := mapping(t, r, name)
				if typ := m["Type"]; typ == nil || !strings.HasPrefix(typ.Value, "AWS::") {
					t.Errorf("resource %s has no AWS:: Type", name)
				}
				if m["Properties"] == nil || m["Properties"].Kind != yaml.MappingNode {
					t.Errorf("resource %s has no Properties", name)
				}
			}
			used := map[string]bool{}
			checkRefs(t, tpl, tpl.root["Resources"], used)
			checkRefs(t, tpl, tpl.root["Outputs"], used)
			checkRefs(t, tpl, tpl.root["Conditions"], used)
			checkRefs(t, tpl, tpl.root["Rules"], used)
			if got, want := ruleAssertions(t, tpl), map[string]string{"AWS::AccountId": b.Answers.AccountID, "AWS::Region": b.Answers.Region}; !reflect.DeepEqual(got, want) {
				t.Errorf("Rules assert %v, want %v", got, want)
			}
			// CloudFormation's linter flags what is declared and never used.
			for name := range tpl.params {
				if !used[name] {
					t.Errorf("parameter %s is never used", name)
				}
			}
			for name := range tpl.conditions {
				if !used[name] {
					t.Errorf("condition %s is never used", name)
				}
			}
		})
	}
}

func checkRefs(t *testing.T, tpl template, n *yaml.Node, used map[string]bool) {
	t.Helper()
	if n == nil {
		return
	}
	refOK := func(name string) bool {
		return tpl.params[name] != nil || tpl.resources[name] != nil || strings.HasPrefix(name, "AWS::")
	}
	switch n.Tag {
	case "!Ref":
		used[n.Value] = true
		if !refOK(n.Value) {
			t.Errorf("line %d: !Ref %s names no parameter or resource", n.Line, n.Value)
		}
	case "!GetAtt":
		if res, _, _ := strings.Cut(n.Value, "."); tpl.resources[res] == nil {
			t.Errorf("line %d: !GetAtt %s names no resource", n.Line, n.Value)
		}
	case "!If":
		if len(n.Content) > 0 {
			used[n.Content[0].Value] = true
		}
		if len(n.Content) != 3 || tpl.conditions[n.Content[0].Value] == nil {
			t.Errorf("line %d: !If needs [condition, then, else] with a defined condition", n.Line)
		}
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i < len(n.Content); i += 2 {
			switch k, v := n.Content[i].Value, n.Content[i+1]; k {
			case "Condition":
				// A resource's (or output's) condition; a policy's Condition
				// block is a mapping, not a name.
				if v.Kind == yaml.ScalarNode {
					used[v.Value] = true
					if tpl.conditions[v.Value] == nil {
						t.Errorf("line %d: Condition %s names no condition", v.Line, v.Value)
					}
				}
			case "Ref":
				if !refOK(n.Content[i+1].Value) {
					t.Errorf("line %d: Ref %s names no parameter or resource", n.Line, n.Content[i+1].Value)
				}
			case "Fn::GetAtt":
				t.Errorf("line %d: write !GetAtt, as the rest of the template does", n.Line)
			}
		}
	}
	for _, c := range n.Content {
		checkRefs(t, tpl, c, used)
	}
}

// TestCloudFormationPoliciesAreTheDocuments reads every policy document of
// the template back and checks that it is the bundle's document, unchanged,
// and that every document except the key policy (which a stack cannot
// change on a key it does not own) is there.
func TestCloudFormationPoliciesAreTheDocuments(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := build(t, c.a)
			tpl := parseTemplate(t, render(t, b, CloudFormation)[FileTemplate])
			want := map[string]string{}
			for _, m := range PlanFor(b).Policies {
				if m.OnlyElsewhere {
					continue // other accounts create it: not in this account's stack
				}
				want[cfnLogicalID(m.DocID)+".PolicyDocument"] = m.DocID
			}
			if b.Answers.Setup == wizard.SetupPersonalize {
				want["BucketPolicy.PolicyDocument"] = wizard.DocS3BucketPolicy
				if !b.Role.Existing {
					want["ServiceRole.AssumeRolePolicyDocument"] = wizard.DocRoleTrustPolicy
				}
			}
			var got []string
			for name, r := range tpl.resources {
				props := mapping(t, mapping(t, r, name)["Properties"], name)
				for _, key := range []string{"PolicyDocument", "AssumeRolePolicyDocument"} {
					n := props[key]
					if n == nil {
						continue
					}
					id, ok := want[name+"."+key]
					if !ok {
						t.Errorf("unexpected %s.%s", name, key)
						continue
					}
					var v any
					if err := n.Decode(&v); err != nil {
						t.Fatal(err)
					}
					data, err := json.Marshal(v)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(semantic(t, data), semantic(t, b.Doc(id).Policy.JSON())) {
						t.Errorf("%s.%s is\n%s\nnot %s.json", name, key, data, id)
					}
					got = append(got, id)
				}
			}
			var wantIDs []string
			for _, id := range want {
				wantIDs = append(wantIDs, id)
			}
			sort.Strings(got)
			sort.Strings(wantIDs)
			if !reflect.DeepEqual(got, wantIDs) {
				t.Errorf("template holds documents %v, want %v", got, wantIDs)
			}
			if doc := PlanFor(b).KeyPolicyDoc; doc != "" {
				meta := mapping(t, mapping(t, tpl.root["Metadata"], "Metadata")["permwiz"], "Metadata.permwiz")
				if meta["KeyPolicy"] == nil || !strings.Contains(meta["KeyPolicy"].Value, "permwiz merge --doc "+doc) {
					t.Errorf("Metadata.permwiz.KeyPolicy does not say how to merge %s", doc)
				}
			}
		})
	}
}

// ruleAssertions returns what the template's Rules assert equal, as
// pseudo parameter → value, failing on any assertion of another shape.
func ruleAssertions(t *testing.T, tpl template) map[string]string {
	t.Helper()
	got := map[string]string{}
	for name, rule := range tpl.rules {
		asserts := mapping(t, rule, name)["Assertions"]
		if asserts == nil || asserts.Kind != yaml.SequenceNode {
			t.Fatalf("rule %s has no Assertions list", name)
		}
		for _, a := range asserts.Content {
			m := mapping(t, a, name)
			eq, desc := m["Assert"], m["AssertDescription"]
			if eq == nil || eq.Tag != "!Equals" || len(eq.Content) != 2 || eq.Content[0].Tag != "!Ref" {
				t.Fatalf("rule %s: want Assert: !Equals [!Ref PSEUDO, value], got line %d", name, a.Line)
			}
			if desc == nil || !strings.Contains(desc.Value, eq.Content[1].Value) {
				t.Errorf("rule %s: the AssertDescription does not name the expected %s", name, eq.Content[1].Value)
			}
			got[eq.Content[0].Value] = eq.Content[1].Value
		}
	}
	return got
}

// TestCloudFormationBucketPolicyIsAChoice: the stack replaces the bucket's
// whole policy only with ManageBucketPolicy=true ("false" by default); the
// Metadata and an output say how to merge instead.
func TestCloudFormationBucketPolicyIsAChoice(t *testing.T) {
	personalizeCases(t, func(t *testing.T, b *wizard.Bundle) {
		tpl := parseTemplate(t, render(t, b, CloudFormation)[FileTemplate])
		p := mapping(t, tpl.params["ManageBucketPolicy"], "ManageBucketPolicy")
		var allowed []string
		if p["AllowedValues"] != nil {
			_ = p["AllowedValues"].Decode(&allowed)
		}
		if p["Default"] == nil || p["Default"].Value != "false" || !reflect.DeepEqual(allowed, []string{"true", "false"}) {
			t.Errorf("ManageBucketPolicy: Default %v, AllowedValues %v; want \"false\" of [true false]", p["Default"], allowed)
		}
		res := mapping(t, tpl.resources["BucketPolicy"], "BucketPolicy")
		cond := res["Condition"]
		if cond == nil {
			t.Fatal("BucketPolicy has no Condition: the stack would replace the bucket policy by default")
		}
		eq := tpl.conditions[cond.Value]
		if eq == nil || eq.Tag != "!Equals" || len(eq.Content) != 2 || eq.Content[0].Tag != "!Ref" ||
			eq.Content[0].Value != "ManageBucketPolicy" || eq.Content[1].Value != "true" {
			t.Errorf("condition %s is not !Equals [!Ref ManageBucketPolicy, \"true\"]", cond.Value)
		}
		meta := mapping(t, mapping(t, tpl.root["Metadata"], "Metadata")["permwiz"], "Metadata.permwiz")
		for _, want := range []string{"permwiz merge --doc s3-bucket-policy", "aws s3api put-bucket-policy", "ManageBucketPolicy=true"} {
			if meta["BucketPolicy"] == nil || !strings.Contains(meta["BucketPolicy"].Value, want) {
				t.Errorf("Metadata.permwiz.BucketPolicy does not say %q", want)
			}
		}
		if out := tpl.outputs["BucketPolicy"]; out == nil || mapping(t, out, "BucketPolicy")["Value"].Tag != "!If" {
			t.Error("no output says what happened to the bucket policy")
		}
	})
}

func TestCFNLogicalID(t *testing.T) {
	tests := map[string]string{"role-s3-policy": "RoleS3Policy", "kinesis-producer-policy": "KinesisProducerPolicy", "user_policy.v2": "UserPolicyV2"}
	for in, want := range tests {
		if got := cfnLogicalID(in); got != want {
			t.Errorf("cfnLogicalID(%q) = %q, want %q", in, got, want)
		}
	}
}
