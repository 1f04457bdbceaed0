package assets

import (
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// The catalogue's own reader reads every service as encoding/json does
// (and reads them itself: falling back would cost lint its speed).
func TestDecodeServiceAgrees(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(string(Catalog()), "\n"), "\n")
	var header Catalogue
	if err := json.Unmarshal([]byte(lines[0]), &header); err != nil {
		t.Fatal(err)
	}
	lines = lines[1:]
	for i, line := range lines {
		want := new(Service)
		if err := json.Unmarshal([]byte(line), want); err != nil {
			t.Fatal(err)
		}
		// The header's sizes are the service's, exactly.
		var sizes [3]int
		sizes[0] = len(want.Actions)
		for _, a := range want.Actions {
			sizes[1] += len(a.ResourceTypes)
			sizes[2] += len(a.ConditionKeys) + len(a.DependentActions)
			for _, r := range a.ResourceTypes {
				sizes[2] += len(r.ConditionKeys) + len(r.DependentActions)
			}
		}
		for _, r := range want.ResourceTypes {
			sizes[2] += len(r.ARNs) + len(r.ConditionKeys)
		}
		if sizes != header.Index[i].Sizes {
			t.Errorf("%s: header sizes %v, the line has %v", want.Prefix, header.Index[i].Sizes, sizes)
		}
		// Sizes are hints: none, or wrong ones, read the same.
		for _, hint := range [][3]int{{}, {1, 1, 1}} {
			if got, ok := decodeService(line, hint); !ok || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: with sizes %v decodeService and encoding/json disagree", want.Prefix, hint)
			}
		}
		got, ok := decodeService(line, sizes)
		if !ok {
			t.Errorf("%s: decodeService gave up", want.Prefix)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decodeService and encoding/json disagree", want.Prefix)
		}
	}
}

// What it does not know, it leaves to encoding/json; escapes it decodes.
func TestDecodeServiceEdges(t *testing.T) {
	for _, line := range []string{
		`{"p":"x","extra":1}`,
		`{"p":1}`,
		`{"p":"x"} x`,
		`{"p":"x","a":[{"n":"A","r":[{"n":"r","q":"yes"}]}]}`,
		`{"p":"x\u0001`,
		"{\"p\":\"x\x01\"}",
		`{"p":"x",}`,
		`{"prefix":"x"}`,
		`[]`,
	} {
		if _, ok := decodeService(line, [3]int{}); ok {
			t.Errorf("decodeService read %s", line)
		}
	}
	s, ok := decodeService(` {"p":"x\u0079\"","a":[{"n":"A","l":"Read","k":[],"r":[{"n":"r","q":true,"k":["k"]}]}],"t":[{"n":"r","a":["arn:${Partition}:x:::r/${R}"]}],"k":[{"key":"x:k","type":"String","definedBy":"y"}]} `, [3]int{})
	if !ok || s.Prefix != `xy"` || len(s.Actions) != 1 || !s.Actions[0].ResourceTypes[0].Required || s.ResourceTypes[0].ARNs[0] != "arn:${Partition}:x:::r/${R}" || s.ConditionKeys[0].DefinedBy != "y" {
		t.Fatalf("decodeService: %v %+v", ok, s)
	}
}

// Action finds every action by binary search in any case, and nothing else.
func TestActionLookupAnyCase(t *testing.T) {
	c := mustCatalogue(t)
	for _, s := range c.Services() {
		for _, a := range s.Actions {
			for _, q := range []string{a.Name, strings.ToUpper(a.Name), strings.ToLower(a.Name)} {
				if got, ok := s.Action(q); !ok || got != a {
					t.Fatalf("%s: Action(%q) = %v, %v", s.Prefix, q, got, ok)
				}
			}
			mid := len(a.Name) / 2
			for _, q := range []string{a.Name + "x", a.Name[:len(a.Name)-1], a.Name + "\u212a", a.Name[:mid], a.Name[:mid] + "z" + a.Name[mid+1:], a.Name[:mid] + "A" + a.Name[mid+1:]} {
				if got, ok := s.Action(q); ok && !strings.EqualFold(got.Name, q) {
					t.Fatalf("%s: Action(%q) found %s", s.Prefix, q, got.Name)
				}
			}
		}
	}
	if _, ok := c.Action("s3", ""); ok {
		t.Error("found an action with no name")
	}
	if a, ok := c.Action("s3", "GetObj\u212aect"); ok {
		t.Errorf("found %s", a.Name)
	}
}

// BenchmarkDecodeServices reads every service line with the catalogue's
// own reader; BenchmarkDecodeServicesJSON with encoding/json, as the
// catalogue did before.
func BenchmarkDecodeServices(b *testing.B) {
	lines := strings.Split(strings.TrimSuffix(string(Catalog()), "\n"), "\n")
	var header Catalogue
	if err := json.Unmarshal([]byte(lines[0]), &header); err != nil {
		b.Fatal(err)
	}
	lines = lines[1:]
	for b.Loop() {
		for i, l := range lines {
			if _, ok := decodeService(l, header.Index[i].Sizes); !ok {
				b.Fatal("gave up")
			}
		}
	}
}

func BenchmarkDecodeServicesJSON(b *testing.B) {
	lines := strings.Split(strings.TrimSuffix(string(Catalog()), "\n"), "\n")[1:]
	for b.Loop() {
		for _, l := range lines {
			if err := json.Unmarshal([]byte(l), new(Service)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// actionIndexSearch is ActionIndex as it was before its hash table: a
// binary search over the sorted lower-cased names, the last of two names
// alike. TestActionIndexIsSearch holds the table to it.
func actionIndexSearch(s *Service, name string) (int, bool) {
	q := name
	for i := 0; i < len(q); i++ {
		if q[i] >= utf8.RuneSelf {
			q = strings.ToLower(name)
			break
		}
	}
	names := s.lowerNames
	i := sort.Search(len(names), func(h int) bool { return compareLower(names[h], q) >= 0 })
	if i == len(names) || compareLower(names[i], q) != 0 {
		return 0, false
	}
	for i+1 < len(names) && names[i+1] == names[i] {
		i++
	}
	return i, true
}

// actionQueries are names to look up in s: every action's in three cases,
// and near misses (longer, shorter, a letter changed, non-ASCII).
func actionQueries(s *Service) []string {
	qs := []string{"", "*", "\u212a", "zzzz"}
	for _, a := range s.Actions {
		mid := len(a.Name) / 2
		qs = append(qs, a.Name, strings.ToUpper(a.Name), strings.ToLower(a.Name),
			a.Name+"x", a.Name[:len(a.Name)-1], a.Name+"\u212a", a.Name[:mid], a.Name[:mid]+"z"+a.Name[mid+1:],
			a.Name[:mid]+"\u212a"+a.Name[mid+1:], a.Name[:mid]+"\u017f"+a.Name[mid+1:])
	}
	return qs
}

func TestActionIndexIsSearch(t *testing.T) {
	c := mustCatalogue(t)
	n := 0
	for _, s := range c.Services() {
		for _, q := range actionQueries(s) {
			gi, gok := s.ActionIndex(q)
			wi, wok := actionIndexSearch(s, q)
			if gi != wi || gok != wok {
				t.Fatalf("%s: ActionIndex(%q) = %d, %v; the search finds %d, %v", s.Prefix, q, gi, gok, wi, wok)
			}
			n++
		}
	}
	// Two names alike but for case keep the last one's index.
	s := &Service{lowerNames: []string{"a", "b", "b", "c"}}
	s.nameSlots = nameTable(s.lowerNames)
	if i, ok := s.ActionIndex("B"); i != 2 || !ok {
		t.Errorf("ActionIndex(B) over a, b, b, c = %d, %v; want 2, true", i, ok)
	}
	if _, ok := new(Service).ActionIndex("a"); ok {
		t.Error("found an action in a service without any")
	}
	t.Logf("%d look-ups agree", n)
}

// BenchmarkActionIndex looks up every action of every service (and near
// misses); BenchmarkActionIndexSearch the same with the binary search it
// replaced.
func BenchmarkActionIndex(b *testing.B) {
	benchActionIndex(b, (*Service).ActionIndex)
}

func BenchmarkActionIndexSearch(b *testing.B) {
	benchActionIndex(b, actionIndexSearch)
}

func benchActionIndex(b *testing.B, find func(*Service, string) (int, bool)) {
	c := mustCatalogue(b)
	type look struct {
		s *Service
		q string
	}
	var ls []look
	for _, s := range c.Services() {
		for _, q := range actionQueries(s) {
			ls = append(ls, look{s, q})
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
	for b.Loop() {
		for _, l := range ls {
			find(l.s, l.q)
		}
	}
}

// lowerASCII8 lower-cases exactly the ASCII capitals of each byte, whatever
// the bytes beside it.
func TestLowerASCII8(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			for range 16 {
				var b [8]byte
				for i := range b {
					b[i] = byte(r.UintN(256))
				}
				b[pos] = byte(c)
				want := b
				for i, x := range want {
					if 'A' <= x && x <= 'Z' {
						want[i] = x + 'a' - 'A'
					}
				}
				got := binary.LittleEndian.AppendUint64(nil, lowerASCII8(binary.LittleEndian.Uint64(b[:])))
				if string(got) != string(want[:]) {
					t.Fatalf("lowerASCII8(% x) = % x, want % x", b, got, want)
				}
			}
		}
	}
}

// lowerAll is strings.ToLower of each name, ASCII or not.
func TestLowerAll(t *testing.T) {
	for _, names := range [][]string{
		{"GetObject", "", "X", "ListAllMyBuckets", "aBcDeFgHiJkLmNoPqRsTuVwXyZ@[`{"},
		{"GetObject", "Kelvin\u212a"},
		{"Ünïcode", "X"},
	} {
		var as []*Action
		for _, n := range names {
			as = append(as, &Action{Name: n})
		}
		for i, got := range lowerAll(as) {
			if want := strings.ToLower(names[i]); got != want {
				t.Errorf("lowerAll: %q → %q, want %q", names[i], got, want)
			}
		}
	}
}

// compareLower compares lower with q lower-cased (ASCII letters of q are
// folded; q holds no other bytes that lower-casing changes).
func compareLower(lower, q string) int {
	for i := 0; i < len(lower) && i < len(q); i++ {
		c := q[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if lower[i] != c {
			if lower[i] < c {
				return -1
			}
			return 1
		}
	}
	return len(lower) - len(q)
}
