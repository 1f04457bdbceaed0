package apply

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// node is a JSON value that keeps its object keys in order, so a policy
// turned into HCL or YAML reads in the order of its JSON.
type node struct {
	// kind is 'o' object, 'a' array, 's' string, or 'l' any other literal
	// (number, true, false, null), kept as its JSON text in str.
	kind byte
	str  string
	keys []string // object keys, in order
	vals []*node  // object values or array items
}

// parseTree reads one JSON value (a policy document's JSON) into a node.
func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return nil, fmt.Errorf("apply: reading a policy's JSON: %v", err)
	}
	return n, nil
}

func readNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &node{kind: 'a'}
		if t == '{' {
			n.kind = 'o'
		}
		for dec.More() {
			if n.kind == 'o' {
				tok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := tok.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", tok)
				}
				n.keys = append(n.keys, k)
			}
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &node{kind: 's', str: t}, nil
	case json.Number:
		return &node{kind: 'l', str: t.String()}, nil
	case bool:
		return &node{kind: 'l', str: fmt.Sprint(t)}, nil
	default:
		return &node{kind: 'l', str: "null"}, nil
	}
}
