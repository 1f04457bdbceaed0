package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// ParseError explains why bytes are not a policy document, naming the
// element at fault.
type ParseError struct {
	Path string // for example "Statement[2].Principal"
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Parse reads a policy document as AWS does: Statement may be one object or
// a list, most values may be a string or a list, and element names are
// case-sensitive. Unknown elements are errors, as they are for IAM
// (MalformedPolicyDocument). The Kind of the result is KindUnknown; the
// caller sets it.
//
// Parse refuses what a JSON decoder would silently change: text that is not
// UTF-8 (see CheckText) and a member name that appears twice in one object
// (two "Statement"s: decoders keep only the last, so a statement would be
// lost), naming the duplicate's path.
func Parse(data []byte) (*Document, error) { return parse(data, false) }

// ParseOwned is Parse for data the caller hands over: nothing may modify
// data afterwards, for the Document's strings may share its memory instead
// of a copy of it (lint reads each file into a buffer of its own).
func ParseOwned(data []byte) (*Document, error) { return parse(data, true) }

func parse(data []byte, owned bool) (*Document, error) {
	if err := CheckText(data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM left by some editors
	var text string
	if owned {
		text = unsafe.String(unsafe.SliceData(data), len(data))
	} else {
		text = string(data)
	}
	if d, ok := parseFast(data, text); ok {
		return d, nil
	}
	return parseChecked(data)
}

// parseChecked is the general path of Parse, for text that CheckText
// accepted, without a BOM: it reads any input and words what is wrong with
// it. parseFast (decode_fast.go) reads well-formed policies in one pass and
// leaves everything else to it.
func parseChecked(data []byte) (*Document, error) {
	var top map[string]json.RawMessage
	if err := strictUnmarshal(data, &top); err != nil {
		return nil, &ParseError{Msg: "not a JSON policy document: " + jsonMsg(err)}
	}
	if err := CheckDuplicateKeys(data); err != nil {
		return nil, err
	}
	if top == nil {
		return nil, &ParseError{Msg: "not a JSON policy document: expected an object with Version and Statement"}
	}
	d := &Document{}
	if err := unknownKeys("", top, "Version", "Id", "Statement"); err != nil {
		return nil, err
	}
	raw, ok := top["Version"]
	if !ok {
		return nil, &ParseError{Path: "Version", Msg: `missing; a policy needs "Version": "2012-10-17"`}
	}
	if err := json.Unmarshal(raw, &d.Version); err != nil || (d.Version != Version && d.Version != "2008-10-17") {
		return nil, &ParseError{Path: "Version", Msg: fmt.Sprintf(`%s is not a policy language version; use "2012-10-17"`, abbreviate(raw))}
	}
	if raw, ok := top["Id"]; ok {
		if err := json.Unmarshal(raw, &d.ID); err != nil {
			return nil, &ParseError{Path: "Id", Msg: "must be a string"}
		}
	}
	raw, ok = top["Statement"]
	if !ok {
		return nil, &ParseError{Path: "Statement", Msg: "missing; a policy needs at least one statement"}
	}
	var list []json.RawMessage
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		list = []json.RawMessage{trimmed}
	case len(trimmed) > 0 && trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, &ParseError{Path: "Statement", Msg: "must be an object or a list of objects"}
		}
	default:
		return nil, &ParseError{Path: "Statement", Msg: "must be an object or a list of objects"}
	}
	if len(list) == 0 {
		return nil, &ParseError{Path: "Statement", Msg: "is empty; a policy needs at least one statement"}
	}
	d.Statement = make([]Statement, len(list))
	for i, r := range list {
		if err := parseStatement(r, &d.Statement[i], fmt.Sprintf("Statement[%d]", i)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func parseStatement(raw json.RawMessage, s *Statement, path string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return &ParseError{Path: path, Msg: "must be an object"}
	}
	if err := unknownKeys(path+".", m, "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"); err != nil {
		return err
	}
	if r, ok := m["Sid"]; ok {
		if err := json.Unmarshal(r, &s.Sid); err != nil {
			return &ParseError{Path: path + ".Sid", Msg: "must be a string"}
		}
	}
	var effect string
	if err := json.Unmarshal(m["Effect"], &effect); err != nil || (effect != "Allow" && effect != "Deny") {
		return &ParseError{Path: path + ".Effect", Msg: `must be "Allow" or "Deny"`}
	}
	s.Effect = Effect(effect)
	for _, f := range []struct {
		name string
		dst  *Strings
	}{{"Resource", &s.Resource}, {"NotResource", &s.NotResource}} {
		if r, ok := m[f.name]; ok {
			if err := f.dst.UnmarshalJSON(r); err != nil {
				return &ParseError{Path: path + "." + f.name, Msg: err.Error()}
			}
		}
	}
	for _, f := range []struct {
		name string
		dst  *List
	}{{"Action", &s.Action}, {"NotAction", &s.NotAction}} {
		if r, ok := m[f.name]; ok {
			if err := f.dst.UnmarshalJSON(r); err != nil {
				return &ParseError{Path: path + "." + f.name, Msg: err.Error()}
			}
		}
	}
	if len(s.Action) > 0 && len(s.NotAction) > 0 {
		return &ParseError{Path: path, Msg: "has both Action and NotAction; use one"}
	}
	if len(s.Action) == 0 && len(s.NotAction) == 0 {
		return &ParseError{Path: path, Msg: "needs an Action or NotAction"}
	}
	for _, f := range []struct {
		name string
		dst  **Principal
	}{{"Principal", &s.Principal}, {"NotPrincipal", &s.NotPrincipal}} {
		if r, ok := m[f.name]; ok {
			p, err := parsePrincipal(r, path+"."+f.name)
			if err != nil {
				return err
			}
			*f.dst = p
		}
	}
	if r, ok := m["Condition"]; ok {
		c, err := parseCondition(r, path+".Condition")
		if err != nil {
			return err
		}
		s.Condition = c
	}
	return nil
}

func parsePrincipal(raw json.RawMessage, path string) (*Principal, error) {
	var star string
	if json.Unmarshal(raw, &star) == nil {
		if star != "*" {
			return nil, &ParseError{Path: path, Msg: `must be "*" or an object such as {"AWS": "<arn>"} or {"Service": "<name>"}`}
		}
		return &Principal{Wildcard: true}, nil
	}
	var m map[string]Strings
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, &ParseError{Path: path, Msg: `must be "*" or an object whose values are strings or lists of strings`}
	}
	p := &Principal{}
	for k, v := range m {
		switch k {
		case "AWS":
			p.AWS = v
		case "CanonicalUser":
			p.CanonicalUser = v
		case "Federated":
			p.Federated = v
		case "Service":
			p.Service = v
		default:
			return nil, &ParseError{Path: path, Msg: fmt.Sprintf("unknown principal type %q; use AWS, Service, Federated or CanonicalUser", k)}
		}
	}
	return p, nil
}

// parseCondition keeps the operators and keys in the order the file has
// them, so that a merged policy keeps its author's layout.
func parseCondition(raw json.RawMessage, path string) (Condition, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	bad := &ParseError{Path: path, Msg: "must be an object of operators, each an object of condition keys"}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, bad
	}
	var c Condition
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, bad
		}
		op, ok := t.(string)
		if !ok {
			return nil, bad
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return nil, &ParseError{Path: path + "." + op, Msg: "must be an object of condition keys"}
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return nil, bad
			}
			key, ok := t.(string)
			if !ok {
				return nil, bad
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, bad
			}
			vals, err := conditionValues(v)
			if err != nil {
				return nil, &ParseError{Path: path + "." + op + "." + key, Msg: err.Error()}
			}
			c = append(c, ConditionEntry{Operator: op, Key: key, Values: vals})
		}
		if _, err := dec.Token(); err != nil {
			return nil, bad
		}
	}
	return c, nil
}

// conditionValues accepts strings, booleans and numbers (AWS accepts
// "aws:SecureTransport": false) and keeps them as their JSON text.
func conditionValues(raw json.RawMessage) (Strings, error) {
	var val any
	if err := json.Unmarshal(raw, &val); err != nil {
		return nil, err
	}
	one := func(v any) (string, bool) {
		switch x := v.(type) {
		case string:
			return x, true
		case bool:
			if x {
				return "true", true
			}
			return "false", true
		case float64:
			return strings.TrimSpace(string(mustJSON(x))), true
		}
		return "", false
	}
	if s, ok := one(val); ok {
		return Strings{s}, nil
	}
	list, ok := val.([]any)
	if !ok {
		return nil, fmt.Errorf("must be a string or a list of strings")
	}
	out := make(Strings, 0, len(list))
	for _, v := range list {
		s, ok := one(v)
		if !ok {
			return nil, fmt.Errorf("must be a string or a list of strings")
		}
		out = append(out, s)
	}
	return out, nil
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

func unknownKeys(prefix string, m map[string]json.RawMessage, known ...string) error {
	var bad []string
	for k := range m {
		ok := false
		for _, want := range known {
			if k == want {
				ok = true
				break
			}
		}
		if !ok {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return &ParseError{Path: strings.TrimSuffix(prefix, "."), Msg: fmt.Sprintf("unknown element %q; allowed: %s", bad[0], strings.Join(known, ", "))}
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("extra data after the JSON document")
	}
	return nil
}

func jsonMsg(err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Sprintf("expected an object, found a JSON %s", te.Value)
	}
	return err.Error()
}

// CheckText refuses bytes that are not UTF-8 text: UTF-16 (what Windows
// PowerShell's > and Out-File write by default) with a message that says
// so, and invalid UTF-8 with the offset of the first bad byte. A JSON
// decoder would turn invalid bytes into U+FFFD without a word, changing the
// policy it reads.
func CheckText(data []byte) error {
	if IsUTF16(data) {
		return &ParseError{Msg: "the file is UTF-16 text (as PowerShell's > and Out-File write it); policies are UTF-8: save it with Out-File -Encoding utf8 (or Set-Content -Encoding utf8) and try again"}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return &ParseError{Msg: fmt.Sprintf("not UTF-8 text: byte %d (0x%02x) is not valid UTF-8; policies are UTF-8 JSON", off, data[off])}
	}
	return nil
}

// IsUTF16 reports UTF-16 text: a UTF-16 byte order mark, or the NUL bytes
// every other byte that ASCII text in UTF-16 has ("{\x00\n\x00").
func IsUTF16(data []byte) bool {
	if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
		return true
	}
	return len(data) >= 4 && (data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0 ||
		data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0)
}

// maxDepth bounds how deeply CheckDuplicateKeys follows nested values, as
// encoding/json bounds its own decoding.
const maxDepth = 10000

// errNotJSON stops the duplicate walk on input the JSON decoder reports.
var errNotJSON = errors.New("not JSON")

// CheckDuplicateKeys refuses a JSON object that has the same member name
// twice, anywhere in data, naming its path (Statement[1].Condition.
// StringEquals.aws:SourceAccount). Input that is not JSON passes: the
// decoder's own message says what is wrong with it.
func CheckDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	err := walkDuplicates(dec, "", 0)
	if errors.Is(err, errNotJSON) {
		return nil
	}
	return err
}

func walkDuplicates(dec *json.Decoder, path string, depth int) error {
	if depth > maxDepth {
		return errNotJSON
	}
	t, err := dec.Token()
	if err != nil {
		return errNotJSON
	}
	switch t {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return errNotJSON
			}
			k, _ := kt.(string)
			p := k
			if path != "" {
				p = path + "." + k
			}
			if seen[k] {
				return &ParseError{Path: p, Msg: fmt.Sprintf("%q appears twice in the same object; JSON readers keep only one of the two, so the other would be silently lost: keep one", k)}
			}
			seen[k] = true
			if err := walkDuplicates(dec, p, depth+1); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return errNotJSON
		}
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := walkDuplicates(dec, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return errNotJSON
		}
	}
	return nil
}
