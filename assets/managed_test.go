package assets

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// managedPolicyInfo describes one AWS managed policy of testdata/managed,
// as generate.mjs indexes them.
type managedPolicyInfo struct {
	Name             string `json:"name"`
	ARN              string `json:"arn"`
	DefaultVersionID string `json:"defaultVersionId"`
	VersionCreated   string `json:"versionCreated"` // RFC 3339, when the default version was created
	Created          string `json:"created"`        // RFC 3339
	Updated          string `json:"updated"`        // RFC 3339
	File             string `json:"file"`           // file name under testdata/managed/
}

func managedIndex() ([]managedPolicyInfo, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "managed", "index.json"))
	if err != nil {
		return nil, err
	}
	var idx struct {
		Policies []managedPolicyInfo `json:"policies"`
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, fmt.Errorf("testdata/managed/index.json: %w", err)
	}
	return idx.Policies, nil
}

// managedPolicies lists the AWS managed policies, sorted by name.
func managedPolicies() []managedPolicyInfo {
	idx, err := managedIndex()
	if err != nil {
		panic(err)
	}
	return append([]managedPolicyInfo(nil), idx...)
}

// managedPolicyByName returns the metadata of a managed policy.
// name is matched case-insensitively and may also be the policy's ARN.
func managedPolicyByName(name string) (managedPolicyInfo, bool) {
	if i := strings.LastIndexByte(name, '/'); i >= 0 && strings.HasPrefix(name, "arn:") {
		name = name[i+1:]
	}
	name = strings.TrimSuffix(name, ".json")
	for _, p := range managedPolicies() {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return managedPolicyInfo{}, false
}

// managedPolicy returns the pretty-printed policy document of the default
// version of the named AWS managed policy (e.g. "AmazonPersonalizeFullAccess",
// case-insensitive; an ARN is accepted too). The slice is a fresh copy.
func managedPolicy(name string) ([]byte, bool) {
	info, ok := managedPolicyByName(name)
	if !ok {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join("testdata", "managed", info.File))
	if err != nil {
		return nil, false
	}
	return b, true
}
