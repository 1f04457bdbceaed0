package audit

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/permwiz/permwiz/policy"
)

// The raw JSON side of merge: the AWS CLI wrapper, the top-level members
// and statements of an existing policy as written, and the merged output.

// UnwrapCLI accepts the JSON the AWS CLI prints by default for
// get-key-policy and get-bucket-policy, {"Policy": "<policy as a string>"},
// as well as the policy itself.
func UnwrapCLI(data []byte) ([]byte, bool) {
	var w map[string]json.RawMessage
	if json.Unmarshal(data, &w) != nil {
		return data, false
	}
	raw, ok := w["Policy"]
	if _, hasStmt := w["Statement"]; !ok || hasStmt {
		return data, false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return data, false
	}
	return []byte(s), true
}

// rawParts returns the top-level keys in the input's order, their values,
// and the raw JSON of every statement.
func rawParts(data []byte) (order []string, top map[string]json.RawMessage, stmts []json.RawMessage, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, nil, mergeErrorf("not a policy document: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, nil, nil, mergeErrorf("not a policy document: %v", err)
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, nil, mergeErrorf("not a policy document: %v", err)
		}
		k, ok := t.(string)
		if !ok {
			return nil, nil, nil, mergeErrorf("not a policy document: a member name is not a string")
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, nil, nil, mergeErrorf("not a policy document: %v", err)
		}
		if !seen[k] {
			seen[k] = true
			order = append(order, k)
		}
	}
	st := bytes.TrimSpace(top["Statement"])
	if len(st) > 0 && st[0] == '{' {
		return order, top, []json.RawMessage{st}, nil
	}
	if err := json.Unmarshal(st, &stmts); err != nil {
		return nil, nil, nil, mergeErrorf("Statement: %v", err)
	}
	return order, top, stmts, nil
}

// assemble writes the merged policy: the input's top-level elements in
// their order, Statement always as a list, indented as permwiz indents.
func assemble(order []string, top map[string]json.RawMessage, stmts []mergeStmt) ([]byte, error) {
	var c bytes.Buffer
	c.WriteByte('{')
	for i, k := range order {
		if i > 0 {
			c.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		c.Write(kb)
		c.WriteByte(':')
		if k == "Statement" {
			c.WriteByte('[')
			for j, s := range stmts {
				if j > 0 {
					c.WriteByte(',')
				}
				c.Write(s.raw)
			}
			c.WriteByte(']')
			continue
		}
		if err := json.Compact(&c, top[k]); err != nil {
			return nil, mergeErrorf("%s: %v", k, err)
		}
	}
	c.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, c.Bytes(), "", policy.Indent); err != nil {
		return nil, errors.New("permwiz bug: merged policy is not JSON: " + err.Error())
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
