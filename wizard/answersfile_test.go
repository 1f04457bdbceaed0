package wizard

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestAnswersFileRoundTrip(t *testing.T) {
	a := goodPersonalize()
	a.KMSKeyARN, a.Workflows, a.KeyUse, a.AnyRegion = testKey, []Workflow{WorkflowImport, WorkflowExport}, []KeyUse{KeyBucket}, true
	a = a.Normalized()
	data := MarshalAnswers(a)
	if !strings.HasPrefix(string(data), "# permwiz answers") {
		t.Errorf("the file should say what it is:\n%s", data)
	}
	if !strings.Contains(string(data), `account_id: "111122223333"`) {
		t.Errorf("the account ID must stay a quoted string (leading zeros):\n%s", data)
	}
	back, err := UnmarshalAnswers(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, a.ForSetup()) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, a.ForSetup())
	}
}

func TestAnswersFileDropsOtherSetup(t *testing.T) {
	a := goodKinesis()
	a.Bucket = "left-over"
	if strings.Contains(string(MarshalAnswers(a)), "left-over") {
		t.Error("a Kinesis answers file should not carry Personalize answers")
	}
}

func TestAnswersFileErrors(t *testing.T) {
	for in, want := range map[string]string{
		"bucekt: x\n":                                 `line 1: unknown key "bucekt"; the keys are setup, account_id`,
		"account_id: [1, 2]\n":                        `line 1: account_id takes one value, such as "111122223333", not a list`,
		"\t- bad":                                     "not a permwiz answers file",
		"any_region: maybe\n":                         `line 1: any_region takes true or false, not "maybe"`,
		"setup: {a: b}\n":                             `line 1: setup takes one value, such as "personalize", not a set of key: value lines`,
		"workflows: {a: b}\n":                         `line 1: workflows takes a list of values, such as [import, batch], not a set of key: value lines`,
		"workflows: [[import]]\n":                     `line 1: workflows takes a list of values, such as [import, batch], and this item is a list`,
		"setup: kinesis\nbucket: my-data\n":           `line 2: bucket applies only to setup: personalize, and this file's setup is kinesis`,
		"stream: orders\n":                            `line 1: stream applies only to setup: kinesis, and this file's setup is personalize`,
		"account_id: \"1\"\n---\nregion: us-east-1\n": `line 2: a second YAML document (after ---); an answers file holds one set of answers`,
		"region: a\nregion: b\n":                      `mapping key "region" already defined`,
		"- a\n- b\n":                                  `line 1: expected key: value lines`,
		"a: &x 1\nregion: *x\n":                       `unknown key "a"`,
		"region: &x us-east-1\naccount_id: *x\n":      `line 2: account_id: permwiz does not follow YAML aliases`,
	} {
		if _, err := UnmarshalAnswers([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("UnmarshalAnswers(%q) = %v, want %q", in, err, want)
		}
	}
	if a, err := UnmarshalAnswers(nil); err != nil || a.Setup != "" {
		t.Errorf("an empty file is empty answers, got %v %v", a, err)
	}
}

// No error from reading an answers file names a Go type.
func TestAnswersFileErrorsHaveNoGoTypes(t *testing.T) {
	for _, in := range []string{"workflows: {a: b}\n", "any_region: [x]\n", "setup: [a]\n", "producers: [{a: b}]\n"} {
		_, err := UnmarshalAnswers([]byte(in))
		if err == nil {
			t.Errorf("%q: no error", in)
			continue
		}
		if goNames.MatchString(err.Error()) {
			t.Errorf("%q: the error names a Go type: %v", in, err)
		}
	}
}

// goNames are what Go's type names look like in a message.
var goNames = regexp.MustCompile(`wizard\.|\[\]string|\bstring\b|\bbool\b|\bint\b`)

// FuzzAnswersFile: reading any bytes as an answers file never panics; an
// error says it is not an answers file and names no Go type; what is read
// is written back to a file that reads to the same answers.
func FuzzAnswersFile(f *testing.F) {
	a := goodPersonalize()
	a.KMSKeyARN, a.Workflows = testKey, []Workflow{WorkflowImport, WorkflowBatch}
	f.Add(MarshalAnswers(a))
	f.Add(MarshalAnswers(goodKinesis()))
	f.Add([]byte("setup: personalize\naccount_id: \"111122223333\"\nregion: us-east-1\n"))
	f.Add([]byte("workflows: [import, export]\nkms_key_arn: arn:aws:kms:us-east-1:111122223333:key/k\n"))
	for _, s := range []string{"bucekt: x\n", "account_id: [1, 2]\n", "setup: kinesis\nbucket: b\n", "a: 1\n---\nb: 2\n",
		"workflows: import\n", "any_region: yes\n", "x: &a [*a]\n", "region: &x us-east-1\naccount_id: *x\n", "\xff\xfe", "{}", "[]", "~"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := UnmarshalAnswers(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "not a permwiz answers file: ") {
				t.Fatalf("error does not say what it is: %v", err)
			}
			if m := goNames.FindString(err.Error()); m != "" && !strings.Contains(string(data), m) {
				t.Fatalf("error names a Go type (%s): %v", m, err)
			}
			return
		}
		back, err := UnmarshalAnswers(MarshalAnswers(a))
		if err != nil {
			t.Fatalf("the answers read do not write back: %v\n%s", err, MarshalAnswers(a))
		}
		if !reflect.DeepEqual(back.ForSetup(), a.ForSetup()) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back.ForSetup(), a.ForSetup())
		}
	})
}
