package format

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"permwiz/wizard"
)

// parseTerraform parses main.tf with HashiCorp's HCL parser, as Terraform
// does, and fails on any diagnostic.
func parseTerraform(t *testing.T, src []byte) *hclsyntax.Body {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(src, FileMainTF)
	if diags.HasErrors() {
		t.Fatalf("main.tf does not parse: %s", diags.Error())
	}
	return f.Body.(*hclsyntax.Body)
}

// TestTerraformParsesAndReferences parses main.tf and checks that every
// var.X names a declared variable and every resource reference a declared
// resource.
func TestTerraformParsesAndReferences(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := parseTerraform(t, render(t, build(t, c.a), Terraform)[FileMainTF])
			vars, resources := map[string]bool{}, map[string]bool{}
			for _, blk := range body.Blocks {
				switch blk.Type {
				case "variable":
					vars[blk.Labels[0]] = true
				case "resource":
					if len(blk.Labels) != 2 {
						t.Fatalf("resource block with labels %v", blk.Labels)
					}
					key := blk.Labels[0] + "." + blk.Labels[1]
					if resources[key] {
						t.Errorf("resource %s declared twice", key)
					}
					resources[key] = true
				}
			}
			for _, want := range []string{"account_id", "region"} {
				if !vars[want] {
					t.Errorf("no variable %q", want)
				}
			}
			used := map[string]bool{}
			defer func() {
				for v := range vars {
					if !used[v] {
						t.Errorf("variable %q is never used", v)
					}
				}
			}()
			walkAttributes(body, func(name string, attr *hclsyntax.Attribute) {
				if name == "type" {
					return // a variable's type constraint (string, list(string)) is no reference
				}
				// A variable's own validation does not count as a use.
				inVariable := false
				for _, blk := range body.Blocks {
					if blk.Type == "variable" && blk.Range().ContainsOffset(attr.SrcRange.Start.Byte) {
						inVariable = true
					}
				}
				for _, tr := range attr.Expr.Variables() {
					root := tr.RootName()
					switch {
					case root == "var":
						v := tr[1].(hcl.TraverseAttr).Name
						used[v] = used[v] || !inVariable
						if !vars[v] {
							t.Errorf("%s refers to undeclared var.%s", name, v)
						}
					case strings.HasPrefix(root, "aws_"):
						r := root + "." + tr[1].(hcl.TraverseAttr).Name
						if !resources[r] {
							t.Errorf("%s refers to undeclared resource %s", name, r)
						}
					case root == "each" || root == "count":
					default:
						t.Errorf("%s refers to unknown %s", name, root)
					}
				}
			})
		})
	}
}

func walkAttributes(body *hclsyntax.Body, fn func(string, *hclsyntax.Attribute)) {
	for name, attr := range body.Attributes {
		fn(name, attr)
	}
	for _, blk := range body.Blocks {
		walkAttributes(blk.Body, fn)
	}
}

// TestTerraformPoliciesAreTheDocuments evaluates every jsonencode(...) in
// main.tf and checks that it is one of the bundle's documents, unchanged,
// and that every document that belongs in Terraform is there.
func TestTerraformPoliciesAreTheDocuments(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := build(t, c.a)
			body := parseTerraform(t, render(t, b, Terraform)[FileMainTF])
			want := map[string]string{"aws_iam_role.personalize": wizard.DocRoleTrustPolicy, "aws_s3_bucket_policy.personalize": wizard.DocS3BucketPolicy}
			for _, m := range b.ManagedPolicies() {
				want["aws_iam_policy."+tfName(m.DocID)] = m.DocID
			}
			if doc := b.KeyPolicyDoc(); doc != "" {
				want["aws_kms_key_policy."+tfName(doc)] = doc
			}
			var found []string
			for _, blk := range body.Blocks {
				if blk.Type != "resource" {
					continue
				}
				for _, attrName := range []string{"policy", "assume_role_policy"} {
					attr, ok := blk.Body.Attributes[attrName]
					if !ok {
						continue
					}
					call, ok := attr.Expr.(*hclsyntax.FunctionCallExpr)
					if !ok {
						continue // policy_arn and such
					}
					key := blk.Labels[0] + "." + blk.Labels[1]
					id, known := want[key]
					if call.Name != "jsonencode" || len(call.Args) != 1 || !known {
						t.Errorf("%s.%s: unexpected %s(...)", key, attrName, call.Name)
						continue
					}
					v, diags := call.Args[0].Value(nil)
					if diags.HasErrors() {
						t.Fatalf("%s: %s", key, diags.Error())
					}
					data, err := ctyjson.Marshal(v, v.Type())
					if err != nil {
						t.Fatal(err)
					}
					if got, doc := semantic(t, data), semantic(t, b.Doc(id).Policy.JSON()); !reflect.DeepEqual(got, doc) {
						t.Errorf("%s holds\n%s\nnot %s.json", key, data, id)
					}
					found = append(found, id)
				}
			}
			var wantIDs []string
			for k, id := range want {
				if b.Answers.Setup == wizard.SetupKinesis && strings.Contains(k, ".personalize") {
					continue
				}
				wantIDs = append(wantIDs, id)
			}
			sort.Strings(found)
			sort.Strings(wantIDs)
			if !reflect.DeepEqual(found, wantIDs) {
				t.Errorf("main.tf holds documents %v, want %v", found, wantIDs)
			}
		})
	}
}

// TestTerraformKeyPolicyIsAChoice: the key policy is managed only when the
// user asks (count on manage_key_policy, default false), and comments warn
// that it replaces the whole policy; the bucket policy warns the same.
func TestTerraformKeyPolicyIsAChoice(t *testing.T) {
	b := build(t, cases[0].a)
	src := render(t, b, Terraform)[FileMainTF]
	body := parseTerraform(t, src)
	var def string
	for _, blk := range body.Blocks {
		if blk.Type == "variable" && blk.Labels[0] == "manage_key_policy" {
			v, _ := blk.Body.Attributes["default"].Expr.Value(nil)
			def = v.GoString()
		}
		if blk.Type == "resource" && blk.Labels[0] == "aws_kms_key_policy" {
			count, ok := blk.Body.Attributes["count"]
			if !ok || string(count.Expr.Range().SliceBytes(src)) != "var.manage_key_policy ? 1 : 0" {
				t.Errorf("aws_kms_key_policy is not conditional on var.manage_key_policy")
			}
		}
	}
	if def != "cty.False" {
		t.Errorf("manage_key_policy default = %s, want false", def)
	}
	for _, warn := range []string{"aws_kms_key_policy REPLACES it whole", "aws_s3_bucket_policy REPLACES the bucket's whole policy"} {
		if !strings.Contains(string(src), warn) {
			t.Errorf("main.tf lacks the warning %q", warn)
		}
	}
}

func TestHCLString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"arn:aws:s3:::bucket/${aws:username}/*", `"arn:aws:s3:::bucket/$${aws:username}/*"`},
		{"100%{x}", `"100%%{x}"`},
		{"$5 and 5%", `"$5 and 5%"`},
		{"tab\there", `"tab\there"`},
	}
	for _, tt := range tests {
		if got := hclString(tt.in); got != tt.want {
			t.Errorf("hclString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		// And HCL reads it back as the same string.
		expr, diags := hclsyntax.ParseExpression([]byte(hclString(tt.in)), "x", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", hclString(tt.in), diags.Error())
		}
		v, diags := expr.Value(nil)
		if diags.HasErrors() || v.AsString() != tt.in {
			t.Errorf("HCL reads %s as %#v, want %q", hclString(tt.in), v, tt.in)
		}
	}
}
