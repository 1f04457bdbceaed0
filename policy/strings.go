package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Strings is a policy value that AWS accepts either as a single string or as
// a list of strings ("Action": "s3:GetObject" and "Action": ["s3:GetObject"]
// mean the same). It marshals a single value as a plain string and more than
// one as a list, which is how the AWS documentation writes them.
type Strings []string

// MarshalJSON writes one value as a string and several as a list.
func (s Strings) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]string(s))
}

// UnmarshalJSON accepts a string or a list of strings.
func (s *Strings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = Strings{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("expected a string or a list of strings, got %s", abbreviate(b))
	}
	*s = many
	return nil
}

// List is a Strings that always marshals as a JSON list, even with one value.
// permwiz writes Action this way so that a user who adds an action to a
// generated policy edits a list rather than turning a string into one.
type List []string

// MarshalJSON always writes a list.
func (l List) MarshalJSON() ([]byte, error) { return json.Marshal([]string(l)) }

// UnmarshalJSON accepts a string or a list of strings.
func (l *List) UnmarshalJSON(b []byte) error {
	var s Strings
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*l = List(s)
	return nil
}

func abbreviate(b []byte) string {
	const max = 40
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
