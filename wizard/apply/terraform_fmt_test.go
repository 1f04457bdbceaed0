package apply

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/permwiz/permwiz/wizard"
)

// main.tf is terraform fmt clean: hclwrite.Format, which terraform fmt
// runs, leaves it byte for byte as permwiz wrote it (terraform fmt -check
// passes). The cases add names of unlike lengths and every optional block.
func TestTerraformIsFmtClean(t *testing.T) {
	all := append([]struct {
		name string
		a    wizard.Answers
	}{
		{"long names", wizard.Answers{AccountID: "111122223333", Region: "us-east-1", RoleName: "A-Really-Long-Personalize-Service-Role-Name",
			RolePath: "/teams/recommendations/", Bucket: "b12", KMSKeyARN: testKey, KeyUse: []wizard.KeyUse{wizard.KeyDatasetGroup, wizard.KeyBucket},
			Workflows: wizard.AllWorkflows, AnyRegion: true}},
	}, cases...)
	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			src := render(t, build(t, c.a), Terraform)[FileMainTF]
			if len(src) == 0 {
				t.Fatal("no main.tf")
			}
			if got := hclwrite.Format(src); !bytes.Equal(got, src) {
				t.Errorf("terraform fmt would change main.tf:\n%s", lineDiff(string(src), string(got)))
			}
		})
	}
}

// lineDiff lists the lines where want and got differ, numbered.
func lineDiff(have, fmted string) string {
	a, b := strings.Split(have, "\n"), strings.Split(fmted, "\n")
	var sb strings.Builder
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			fmt.Fprintf(&sb, "%4d permwiz: %q\n     fmt:     %q\n", i+1, x, y)
		}
	}
	return sb.String()
}
