package wizard

import (
	"reflect"
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
		"bucekt: x\n":          `field bucekt not found`,
		"account_id: [1, 2]\n": "cannot unmarshal",
		"\t- bad":              "not a permwiz answers file",
	} {
		if _, err := UnmarshalAnswers([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("UnmarshalAnswers(%q) = %v, want %q", in, err, want)
		}
	}
	if a, err := UnmarshalAnswers(nil); err != nil || a.Setup != "" {
		t.Errorf("an empty file is empty answers, got %v %v", a, err)
	}
}
