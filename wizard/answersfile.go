package wizard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// answersHeader starts every saved answers file, so a person who opens one
// knows what it is and how to use it.
const answersHeader = "# permwiz answers: edit and rerun with\n#   permwiz generate --answers answers.yaml --out DIR\n# or resume the wizard with: permwiz --answers answers.yaml\n"

// MarshalAnswers returns the YAML answers file for a (only the answers that
// apply to its setup).
func MarshalAnswers(a Answers) []byte {
	var buf bytes.Buffer
	buf.WriteString(answersHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(a.ForSetup()); err != nil {
		// Answers holds only strings, bools and lists of strings: encoding
		// cannot fail.
		panic(err)
	}
	_ = enc.Close()
	return buf.Bytes()
}

// UnmarshalAnswers reads an answers file strictly, with errors in the
// file's own terms (line, key, what was expected) rather than Go's:
//   - an unknown key is an error naming the key, so a typo (bucekt:) is not
//     silently ignored, and a key of the other setup (bucket: with setup:
//     kinesis) says which setup it belongs to;
//   - a value of the wrong shape (a list for account_id, "maybe" for
//     any_region) says what the key takes; a single value where a list is
//     expected (workflows: import) is a list of one;
//   - a second YAML document (after ---) is an error: an answers file holds
//     one set of answers, and the second would otherwise be ignored.
//
// An empty file is empty answers.
func UnmarshalAnswers(data []byte) (Answers, error) {
	var a Answers
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Answers{}, nil
		}
		return Answers{}, fmt.Errorf("not a permwiz answers file: %s", cleanYAMLError(err))
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return Answers{}, fmt.Errorf("not a permwiz answers file: line %d: a second YAML document (after ---); an answers file holds one set of answers", next.Line)
	} else if !errors.Is(err, io.EOF) {
		return Answers{}, fmt.Errorf("not a permwiz answers file: %s", cleanYAMLError(err))
	}
	if len(doc.Content) == 0 {
		return Answers{}, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return Answers{}, nil
	}
	if root.Kind != yaml.MappingNode {
		return Answers{}, fmt.Errorf("not a permwiz answers file: line %d: expected key: value lines, such as account_id: \"111122223333\"", root.Line)
	}
	if err := checkAnswersNode(root); err != nil {
		return Answers{}, fmt.Errorf("not a permwiz answers file: %s", err)
	}
	if err := root.Decode(&a); err != nil {
		return Answers{}, fmt.Errorf("not a permwiz answers file: %s", cleanYAMLError(err))
	}
	return a, nil
}

// checkAnswersNode checks every key of an answers file against the field
// table: known, of the file's setup, and of the shape its kind takes. Lists
// given as one value are made lists of one in place.
func checkAnswersNode(root *yaml.Node) error {
	setup := SetupPersonalize
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := root.Content[i], root.Content[i+1]; k.Value == FieldSetup && v.Kind == yaml.ScalarNode &&
			Setup(strings.ToLower(strings.TrimSpace(v.Value))) == SetupKinesis {
			setup = SetupKinesis
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: a key is a name such as account_id", k.Line)
		}
		f := row(k.Value)
		if f == nil {
			names := make([]string, len(fields))
			for i := range fields {
				names[i] = fields[i].Name
			}
			return fmt.Errorf("line %d: unknown key %q; the keys are %s", k.Line, k.Value, strings.Join(names, ", "))
		}
		if !f.AppliesTo(setup) {
			other := SetupPersonalize
			if setup == SetupPersonalize {
				other = SetupKinesis
			}
			return fmt.Errorf("line %d: %s applies only to setup: %s, and this file's setup is %s", k.Line, k.Value, other, setup)
		}
		if v.Kind == yaml.AliasNode {
			return fmt.Errorf("line %d: %s: permwiz does not follow YAML aliases (*name); write the value out", v.Line, k.Value)
		}
		switch f.Kind {
		case KindBool:
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				return fmt.Errorf("line %d: %s takes true or false, not %s", v.Line, k.Value, shapeOf(v))
			}
		case KindList, KindMulti:
			if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				item := *v
				*v = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: v.Line, Column: v.Column, Content: []*yaml.Node{&item}}
			}
			if v.Kind == yaml.SequenceNode {
				for _, item := range v.Content {
					if item.Kind != yaml.ScalarNode {
						return fmt.Errorf("line %d: %s takes a list of values, such as [%s], and this item is %s", item.Line, k.Value, listExample(f), shapeOf(item))
					}
				}
			} else if v.Tag != "!!null" {
				return fmt.Errorf("line %d: %s takes a list of values, such as [%s], not %s", v.Line, k.Value, listExample(f), shapeOf(v))
			}
		default:
			if v.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: %s takes one value, such as %s, not %s", v.Line, k.Value, textExample(f), shapeOf(v))
			}
		}
	}
	return nil
}

// shapeOf names what a YAML value is, in the file's terms.
func shapeOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of key: value lines"
	case yaml.AliasNode:
		return "an alias"
	}
	return strconv.Quote(n.Value)
}

func listExample(f *Field) string {
	if len(f.Options) > 0 {
		vals := make([]string, 0, 2)
		for _, o := range f.Options[:min(2, len(f.Options))] {
			vals = append(vals, o.Value)
		}
		return strings.Join(vals, ", ")
	}
	if f.Example != "" {
		return f.Example
	}
	return "a, b"
}

func textExample(f *Field) string {
	switch {
	case len(f.Options) > 0:
		return strconv.Quote(f.Options[0].Value)
	case f.Example != "":
		return strconv.Quote(f.Example)
	}
	return `"..."`
}

// cleanYAMLError words a YAML error without Go's type names.
func cleanYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = goTypeRE().ReplaceAllString(msg, "")
	return strings.TrimSpace(msg)
}

// goTypeRE matches the Go side of a YAML decoding error ("into
// []wizard.Workflow", "in type wizard.Answers").
var goTypeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` (into|in type) [\[\]\*\w.]+`) })
