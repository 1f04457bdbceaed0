package apply

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/permwiz/permwiz/wizard"
)

// parseTerraform parses main.tf with HashiCorp's HCL parser, as Terraform
// does, and fails on any diagnostic.
func parseTerraform(t *testing.T, src []byte) *hclsyntax.Body {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(src, FileMainTF)
	if diags.HasErrors() {
		t.Fatalf("main.tf does not parse: %s", diags.Error())
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		t.Fatalf("main.tf's body is a %T, not native HCL syntax", f.Body)
	}
	return body
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
						v := traversedName(t, tr)
						used[v] = used[v] || !inVariable
						if !vars[v] {
							t.Errorf("%s refers to undeclared var.%s", name, v)
						}
					case strings.HasPrefix(root, "aws_"):
						r := root + "." + traversedName(t, tr)
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
			for _, m := range PlanFor(b).Policies {
				if m.OnlyElsewhere {
					continue // other accounts create it: not in this account's Terraform
				}
				want["aws_iam_policy."+tfName(m.DocID)] = m.DocID
			}
			if doc := PlanFor(b).KeyPolicyDoc; doc != "" {
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

// TestTerraformWholePoliciesAreAChoice: the key and bucket policies are each
// one document that Terraform would replace whole, so each is managed only
// when the user asks (count on a bool variable, default false); a comment
// warns that true replaces the policy and says how to merge instead, and an
// output says which happened.
func TestTerraformWholePoliciesAreAChoice(t *testing.T) {
	tests := []struct {
		name, variable, resource, doc string
		warnings                      []string
	}{
		{"key policy", "manage_key_policy", "aws_kms_key_policy", wizard.DocKMSKeyPolicy,
			[]string{"aws_kms_key_policy REPLACES it whole", "permwiz merge --doc kms-key-policy"}},
		{"bucket policy", "manage_bucket_policy", "aws_s3_bucket_policy", wizard.DocS3BucketPolicy,
			[]string{"aws_s3_bucket_policy REPLACES the bucket's whole policy", "Keep the\n# default (false)", "permwiz merge --doc s3-bucket-policy"}},
	}
	for _, c := range cases {
		b := build(t, c.a)
		src := render(t, b, Terraform)[FileMainTF]
		body := parseTerraform(t, src)
		for _, tt := range tests {
			if b.Doc(tt.doc) == nil {
				continue
			}
			t.Run(c.name+"/"+tt.name, func(t *testing.T) {
				def, resources, output := "", 0, false
				for _, blk := range body.Blocks {
					switch {
					case blk.Type == "variable" && blk.Labels[0] == tt.variable:
						v, _ := blk.Body.Attributes["default"].Expr.Value(nil)
						def = v.GoString()
					case blk.Type == "resource" && blk.Labels[0] == tt.resource:
						resources++
						count, ok := blk.Body.Attributes["count"]
						if want := "var." + tt.variable + " ? 1 : 0"; !ok || string(count.Expr.Range().SliceBytes(src)) != want {
							t.Errorf("%s.%s is not conditional: want count = %s", tt.resource, blk.Labels[1], want)
						}
					case blk.Type == "output":
						for _, tr := range blk.Body.Attributes["value"].Expr.Variables() {
							if tr.RootName() == "var" && traversedName(t, tr) == tt.variable {
								output = true
							}
						}
					}
				}
				if def != "cty.False" {
					t.Errorf("variable %s default = %q, want false", tt.variable, def)
				}
				if resources != 1 {
					t.Errorf("%d %s resources, want 1", resources, tt.resource)
				}
				if !output {
					t.Errorf("no output says what happened to the policy (by var.%s)", tt.variable)
				}
				for _, warn := range tt.warnings {
					if !strings.Contains(string(src), warn) {
						t.Errorf("main.tf lacks %q", warn)
					}
				}
			})
		}
	}
}

// TestTerraformAdoptedRoleCannotBeDestroyed: a role adopted with an import
// block has prevent_destroy, a role main.tf creates does not (destroy
// removes what apply made).
func TestTerraformAdoptedRoleCannotBeDestroyed(t *testing.T) {
	personalizeCases(t, func(t *testing.T, b *wizard.Bundle) {
		body := parseTerraform(t, render(t, b, Terraform)[FileMainTF])
		imported, protected := false, false
		for _, blk := range body.Blocks {
			if blk.Type == "import" {
				imported = true
			}
			if blk.Type != "resource" || blk.Labels[0] != "aws_iam_role" {
				continue
			}
			for _, lc := range blk.Body.Blocks {
				if attr, ok := lc.Body.Attributes["prevent_destroy"]; lc.Type == "lifecycle" && ok {
					v, diags := attr.Expr.Value(nil)
					protected = !diags.HasErrors() && v.True()
				}
			}
		}
		if want := b.Role.Existing; imported != want || protected != want {
			t.Errorf("existing role %v: import block %v, prevent_destroy %v; want both %v", want, imported, protected, want)
		}
	})
}

// TestTerraformAddressesAreUnique: principals whose names make the same
// Terraform name (my.role@x and my_role_x), or that are one principal under
// two paths (a/W and b/W), still give every resource its own address, the
// same one every time, and every in-account principal its attachment.
func TestTerraformAddressesAreUnique(t *testing.T) {
	role := func(name string) string { return "arn:aws:iam::111122223333:role/" + name }
	user := func(name string) string { return "arn:aws:iam::111122223333:user/" + name }
	tests := []struct {
		name                 string
		producers, consumers []string
		want                 map[string]int // kind/name → attachments
	}{
		{"names alike once normalised",
			[]string{role("my.role@x"), role("my_role_x"), role("my-role-x")}, []string{user("my.role@x"), user("my_role_x")},
			map[string]int{"role/my.role@x": 1, "role/my_role_x": 1, "role/my-role-x": 1, "user/my.role@x": 1, "user/my_role_x": 1}},
		{"one name under two paths",
			[]string{role("a/W"), role("b/W")}, []string{role("a/W"), role("c/W"), user("W")},
			map[string]int{"role/W": 2, "user/W": 1}}, // once per policy
		{"a suffixed name meets a real one",
			[]string{role("x.1"), role("x_1"), role("x_1_2")}, nil,
			map[string]int{"role/x.1": 1, "role/x_1": 1, "role/x_1_2": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, wizard.Answers{Setup: wizard.SetupKinesis, AccountID: "111122223333", Region: "us-west-2", Stream: "orders",
				KMSKeyARN: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
				Producers: tt.producers, Consumers: tt.consumers})
			src := render(t, b, Terraform)[FileMainTF]
			if again := render(t, b, Terraform)[FileMainTF]; string(again) != string(src) {
				t.Fatal("main.tf differs between two renders of the same answers")
			}
			body := parseTerraform(t, src)
			seen := map[string]bool{}
			got := map[string]int{}
			for _, blk := range body.Blocks {
				if blk.Type != "resource" {
					continue
				}
				addr := blk.Labels[0] + "." + blk.Labels[1]
				if seen[addr] {
					t.Errorf("resource address %s is used twice", addr)
				}
				seen[addr] = true
				for _, kind := range []string{"role", "user"} {
					if blk.Labels[0] != "aws_iam_"+kind+"_policy_attachment" || blk.Body.Attributes[kind] == nil {
						continue
					}
					v, diags := blk.Body.Attributes[kind].Expr.Value(nil)
					if diags.HasErrors() {
						continue // var.admin_role_names
					}
					got[kind+"/"+v.AsString()]++
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("attachments per principal = %v, want %v", got, tt.want)
			}
		})
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

// traversedName is the attribute name a traversal such as var.NAME or
// aws_x.NAME takes from its root.
func traversedName(t *testing.T, tr hcl.Traversal) string {
	t.Helper()
	if len(tr) < 2 {
		t.Fatalf("traversal %s names no attribute", tr.RootName())
	}
	attr, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		t.Fatalf("traversal %s: step 2 is a %T, not an attribute", tr.RootName(), tr[1])
	}
	return attr.Name
}
