package wizard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

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

// UnmarshalAnswers reads an answers file strictly: an unknown key is an
// error naming the key, so a typo (bucekt:) is not silently ignored.
func UnmarshalAnswers(data []byte) (Answers, error) {
	var a Answers
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		if errors.Is(err, io.EOF) {
			return Answers{}, nil
		}
		return Answers{}, fmt.Errorf("not a permwiz answers file: %s", cleanYAMLError(err))
	}
	return a, nil
}

func cleanYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "in type wizard.Answers", "")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	return strings.TrimSpace(msg)
}
