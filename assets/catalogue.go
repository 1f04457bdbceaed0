package assets

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Access levels as the AWS Service Authorization Reference names them.
const (
	AccessList                  = "List"
	AccessRead                  = "Read"
	AccessWrite                 = "Write"
	AccessPermissionsManagement = "Permissions management"
	AccessTagging               = "Tagging"
)

// Catalogue is the embedded catalogue of every AWS service. Obtain it with
// [LoadCatalogue]; it is shared and must not be modified. Decoding it
// whole would cost every user of permwiz tens of milliseconds, so
// LoadCatalogue only reads the list of services and the global condition
// keys; a service's actions, resource types and keys are decoded the first
// time something asks for that service.
type Catalogue struct {
	Schema              int                `json:"schema"`
	Source              CatalogueOrigin    `json:"source"`
	GlobalConditionKeys []ConditionKeyInfo `json:"globalConditionKeys"`
	// KeyOwners maps a condition-key prefix to the services, other than
	// the one with that prefix, that list keys with it (iam: keys that sts
	// uses, say).
	KeyOwners map[string][]string `json:"keyOwners"`
	Index     []ServiceName       `json:"services"` // every service, in catalogue order

	services map[string]*lazySvc // lower-cased prefix
	global   map[string]ConditionKeyInfo
	gTempl   []ConditionKeyInfo
	allOnce  sync.Once
	all      []*Service
}

// ServiceName is one entry of the catalogue's service list.
type ServiceName struct {
	Prefix string `json:"prefix"`
	Name   string `json:"name"`
	// Sizes are the numbers of actions, of actions' resource types and of
	// strings in lists the service's line holds: the decoder allocates
	// each at its size (they are hints: anything else still decodes).
	Sizes [3]int `json:"sizes"`
}

type lazySvc struct {
	once  sync.Once
	line  string
	name  string
	sizes [3]int
	svc   *Service
	err   error
}

// CatalogueOrigin names the package and data version catalog.json was built from.
type CatalogueOrigin struct {
	Package  string `json:"package"`
	Version  string `json:"version"`
	DataDate string `json:"dataDate"`
}

// Service is one AWS service in the catalogue.
type Service struct {
	// The JSON names are those of a service line of catalog.json.gz
	// (schema 3: one letter each; empty lists are left out).
	Prefix        string             `json:"p"`    // e.g. "kms"
	Name          string             `json:"name"` // e.g. "AWS Key Management Service" (from the header)
	Actions       []*Action          `json:"a"`
	ResourceTypes []*ResourceType    `json:"t"`
	ConditionKeys []ConditionKeyInfo `json:"k"`

	resourceTypes map[string]int // lower-cased resource type name → index

	// The condition keys by lower-cased name, and those with a variable
	// part: made the first time a key of the service is looked up (most
	// policies a run lints name few services' keys).
	keysOnce   sync.Once
	keys       map[string]ConditionKeyInfo
	templates  []ConditionKeyInfo
	lowerNames []string // lower-cased action names, in Actions order (sorted: see Action)
	nameSlots  []int32  // open-addressing hash table of lowerNames: index+1, 0 empty (see ActionIndex)
}

// Action is one IAM action.
type Action struct {
	Service          string           `json:"-"`                     // service prefix, e.g. "kms"
	Name             string           `json:"n"`                     // as AWS spells it, e.g. "GenerateDataKeyWithoutPlaintext"
	Description      string           `json:"description,omitempty"` // not shipped in the full catalogue
	AccessLevel      string           `json:"l"`                     // one of the Access* constants
	ResourceTypes    []ActionResource `json:"r,omitempty"`
	ConditionKeys    []string         `json:"k,omitempty"`
	DependentActions []string         `json:"d,omitempty"`
}

// ActionResource is a resource type an action accepts.
type ActionResource struct {
	Name             string   `json:"n"`
	Required         bool     `json:"q,omitempty"`
	ConditionKeys    []string `json:"k,omitempty"`
	DependentActions []string `json:"d,omitempty"`

	index int // in the service's ResourceTypes, -1 when it has none of the name
}

// TypeIndex returns the position of the resource type in its service's
// ResourceTypes; ok is false when the service lists no type of that name
// (the catalogue names a few of other services' types).
func (r ActionResource) TypeIndex() (i int, ok bool) { return r.index, r.index >= 0 }

// ResourceType is a service's resource type with its ARN format(s).
type ResourceType struct {
	Name          string   `json:"n"`
	ARNs          []string `json:"a"` // e.g. "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"
	ConditionKeys []string `json:"k,omitempty"`
}

// ConditionKeyInfo describes a condition key. Key is the catalogue's
// spelling, which may be a template such as "aws:RequestTag/${TagKey}".
type ConditionKeyInfo struct {
	Key      string `json:"key"`
	Type     string `json:"type"`               // String, ARN, Bool, Numeric, Date, IPAddress, ArrayOfString, ArrayOfARN, ...
	Category string `json:"category,omitempty"` // global keys only: principal, session, network, resource, request, ...
	// DefinedBy is set when a service's actions use a key that another
	// service defines (the prefix of that service).
	DefinedBy string `json:"definedBy,omitempty"`

	Service string `json:"-"` // prefix of the service listing the key; "" for global keys
	Global  bool   `json:"-"` // from the global condition key list
}

// Template reports whether the key has a variable part (${...}).
func (k ConditionKeyInfo) Template() bool { return strings.Contains(k.Key, "${") }

// FullName returns "prefix:Name", e.g. "kms:ListKeys".
func (a *Action) FullName() string { return a.Service + ":" + a.Name }

// WildcardOnly reports whether the action accepts no resource type, so a
// statement granting it must use Resource "*".
func (a *Action) WildcardOnly() bool { return len(a.ResourceTypes) == 0 }

// RequiredResourceTypes returns the names of the resource types marked required.
func (a *Action) RequiredResourceTypes() []string {
	var out []string
	for _, r := range a.ResourceTypes {
		if r.Required {
			out = append(out, r.Name)
		}
	}
	return out
}

var loadCatalogue = sync.OnceValues(func() (*Catalogue, error) {
	return decodeCatalogue(catalogGz)
})

// LoadCatalogue reads the embedded catalogue's header once and returns the
// shared copy. It decompresses the data (a few milliseconds) but decodes a
// service only when asked for it.
func LoadCatalogue() (*Catalogue, error) { return loadCatalogue() }

func decodeCatalogue(gz []byte) (*Catalogue, error) {
	// One string holds the whole text: the services' strings are slices of
	// it (see decodeService), and it lives as long as the catalogue.
	text, err := gunzipText(gz)
	if err != nil {
		return nil, fmt.Errorf("assets: catalog.json.gz: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	c := new(Catalogue)
	if err := json.Unmarshal([]byte(lines[0]), c); err != nil {
		return nil, fmt.Errorf("assets: catalog.json.gz: header: %w", err)
	}
	if c.Schema != 3 {
		return nil, fmt.Errorf("assets: catalog.json.gz: unsupported schema %d", c.Schema)
	}
	if len(lines)-1 != len(c.Index) {
		return nil, fmt.Errorf("assets: catalog.json.gz: %d services listed, %d present", len(c.Index), len(lines)-1)
	}
	c.services = make(map[string]*lazySvc, len(c.Index))
	for i, s := range c.Index {
		lp := strings.ToLower(s.Prefix)
		if _, dup := c.services[lp]; dup {
			return nil, fmt.Errorf("assets: catalog.json.gz: duplicate service %q", s.Prefix)
		}
		c.services[lp] = &lazySvc{line: lines[1+i], name: s.Name, sizes: s.Sizes}
	}
	c.global = make(map[string]ConditionKeyInfo, len(c.GlobalConditionKeys))
	for i := range c.GlobalConditionKeys {
		k := &c.GlobalConditionKeys[i]
		k.Global = true
		c.global[strings.ToLower(k.Key)] = *k
		if k.Template() {
			c.gTempl = append(c.gTempl, *k)
		}
	}
	return c, nil
}

func (l *lazySvc) load() (*Service, error) {
	l.once.Do(func() {
		s, ok := decodeService(l.line, l.sizes)
		if !ok {
			s = new(Service)
			if err := json.Unmarshal([]byte(l.line), s); err != nil {
				l.err = fmt.Errorf("assets: catalog.json.gz: service: %w", err)
				return
			}
		}
		s.Name = l.name
		s.resourceTypes = make(map[string]int, len(s.ResourceTypes))
		for i, r := range s.ResourceTypes {
			s.resourceTypes[strings.ToLower(r.Name)] = i
		}
		s.lowerNames = lowerAll(s.Actions)
		s.nameSlots = nameTable(s.lowerNames)
		lastName, lastIndex := "", -1 // actions in a row often name one type
		for _, a := range s.Actions {
			a.Service = s.Prefix
			for j := range a.ResourceTypes {
				r := &a.ResourceTypes[j]
				if r.Name == lastName {
					r.index = lastIndex
					continue
				}
				if k, ok := s.resourceTypes[r.Name]; ok {
					r.index = k // the common case, already lower case
				} else if k, ok := s.resourceTypes[strings.ToLower(r.Name)]; ok {
					r.index = k
				} else {
					r.index = -1
				}
				lastName, lastIndex = r.Name, r.index
			}
		}
		for i := range s.ConditionKeys {
			s.ConditionKeys[i].Service = s.Prefix
		}
		l.svc, l.line = s, ""
	})
	return l.svc, l.err
}

// Rank orders competing definitions of a key (as written in a policy, or
// its catalogue spelling): the global list wins for aws: keys, the service
// whose prefix the key carries wins for service keys, anything else comes
// last. A higher rank is a more authoritative definition.
func (k ConditionKeyInfo) Rank(key string) int {
	prefix, _, _ := strings.Cut(strings.ToLower(key), ":")
	switch {
	case k.Global && prefix == "aws":
		return 3
	case !k.Global && strings.EqualFold(k.Service, prefix) && k.DefinedBy == "":
		return 3
	case k.Global:
		return 2
	default:
		return 1
	}
}

// Service returns the service with the given prefix (case-insensitive),
// decoding it on first use. A service whose data does not decode (a build
// defect the package tests rule out) is reported as absent.
func (c *Catalogue) Service(prefix string) (*Service, bool) {
	l, ok := c.services[strings.ToLower(prefix)]
	if !ok {
		return nil, false
	}
	s, err := l.load()
	return s, err == nil
}

// Lookup returns the service of a prefix (case-insensitive): listed is
// whether the catalogue lists it, s the decoded service (nil if it cannot
// be decoded). One look-up where HasService and Service are two.
func (c *Catalogue) Lookup(prefix string) (s *Service, listed bool) {
	l, ok := c.services[strings.ToLower(prefix)]
	if !ok {
		return nil, false
	}
	s, err := l.load()
	if err != nil {
		return nil, true
	}
	return s, true
}

// HasService reports whether a service prefix exists, without decoding the
// service.
func (c *Catalogue) HasService(prefix string) bool {
	_, ok := c.services[strings.ToLower(prefix)]
	return ok
}

// Services decodes every service and returns them in catalogue order.
// Only patterns with a wildcard in the service prefix need them all.
func (c *Catalogue) Services() []*Service {
	c.allOnce.Do(func() {
		for _, n := range c.Index {
			if s, ok := c.Service(n.Prefix); ok {
				c.all = append(c.all, s)
			}
		}
	})
	return c.all
}

// Action returns an action by service prefix and name, both case-insensitive
// (AWS action names are case-insensitive).
func (c *Catalogue) Action(service, name string) (*Action, bool) {
	s, ok := c.Service(service)
	if !ok {
		return nil, false
	}
	return s.Action(name)
}

// LookupAction returns an action by its qualified name, e.g. "kms:ListKeys".
func (c *Catalogue) LookupAction(qualified string) (*Action, bool) {
	service, name, ok := strings.Cut(qualified, ":")
	if !ok {
		return nil, false
	}
	return c.Action(service, name)
}

// ResourceType returns a service's resource type by name (case-insensitive).
func (c *Catalogue) ResourceType(service, name string) (*ResourceType, bool) {
	s, ok := c.Service(service)
	if !ok {
		return nil, false
	}
	return s.ResourceType(name)
}

// keySources returns the services that may define a key: the one of its
// prefix and those KeyOwners lists for it.
func (c *Catalogue) keySources(key string) []*Service {
	prefix, _, _ := strings.Cut(strings.ToLower(key), ":")
	var out []*Service
	if s, ok := c.Service(prefix); ok {
		out = append(out, s)
	}
	for _, p := range c.KeyOwners[prefix] {
		if s, ok := c.Service(p); ok {
			out = append(out, s)
		}
	}
	return out
}

// ConditionKeyExact looks a condition key up by its catalogue spelling
// (case-insensitive) among the service keys and the global keys, choosing
// the most authoritative definition (see [ConditionKeyInfo.Rank]). A key
// written with a value in place of a template variable
// ("aws:RequestTag/team") is not found here: the templates are
// [Catalogue.ConditionKeyTemplates], matched by package audit.
func (c *Catalogue) ConditionKeyExact(key string) (ConditionKeyInfo, bool) {
	lk := strings.ToLower(key)
	best, found := c.global[lk]
	for _, s := range c.keySources(lk) {
		if k, ok := s.keyIndex()[lk]; ok && (!found || k.Rank(lk) > best.Rank(lk)) {
			best, found = k, true
		}
	}
	return best, found
}

// keyIndex returns the service's condition keys by lower-cased name, and
// makes the list of templates, the first time it is called.
func (s *Service) keyIndex() map[string]ConditionKeyInfo {
	s.keysOnce.Do(func() {
		s.keys = make(map[string]ConditionKeyInfo, len(s.ConditionKeys))
		for _, k := range s.ConditionKeys {
			s.keys[strings.ToLower(k.Key)] = k
			if k.Template() {
				s.templates = append(s.templates, k)
			}
		}
	})
	return s.keys
}

// ConditionKeyTemplates returns the definitions of keys with a variable
// part (${...}) that a key written as key could be an instance of: the
// global ones, then those of the services that define keys with its prefix.
func (c *Catalogue) ConditionKeyTemplates(key string) []ConditionKeyInfo {
	out := c.gTempl[:len(c.gTempl):len(c.gTempl)]
	for _, s := range c.keySources(key) {
		s.keyIndex()
		out = append(out, s.templates...)
	}
	return out
}

// Action returns one of the service's actions by name (case-insensitive).
// The catalogue lists a service's actions in the order of their lower-cased
// names (the package tests check it), so the name is found by binary
// search, comparing as if it were lower-cased.
func (s *Service) Action(name string) (*Action, bool) {
	if i, ok := s.ActionIndex(name); ok {
		return s.Actions[i], true
	}
	return nil, false
}

// ActionIndex returns the position in Actions of the action Action
// returns.
func (s *Service) ActionIndex(name string) (int, bool) {
	// A hash table rather than a binary search: this is on lint's path
	// for every action of every policy, and each probe of a search over
	// the names is a cache miss (its string is somewhere in the catalogue).
	names, slots := s.lowerNames, s.nameSlots
	if len(slots) == 0 {
		return 0, false
	}
	q := name
	h, ascii := hashFold(q)
	if !ascii {
		q = strings.ToLower(name) // rare: ASCII folding is not enough
		h, _ = hashFold(q)
	}
	mask := uint32(len(slots) - 1)
	for ; ; h++ {
		v := slots[h&mask]
		if v == 0 {
			return 0, false
		}
		if n := names[v-1]; len(n) == len(q) && equalLower(n, q) {
			return int(v - 1), true
		}
	}
}

// load8 reads eight bytes of s at i, little-endian.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// tail reads the last len(s)%8 bytes of s, little-endian, zero above.
func tail(s string) uint64 {
	var x uint64
	for i := len(s) - 1; i >= len(s)&^7; i-- {
		x = x<<8 | uint64(s[i])
	}
	return x
}

// hashFold hashes s with its ASCII letters lower-cased, eight bytes at a
// time; ascii is false when s has a byte at or above 0x80 (lower-casing it
// is then strings.ToLower's business).
func hashFold(s string) (h uint32, ascii bool) {
	const k = 0x9e3779b97f4a7c15
	x, high := uint64(len(s))*k, uint64(0)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := load8(s, i)
		high |= w
		x = (x ^ lowerASCII8(w)) * k
		x ^= x >> 29
	}
	if i < len(s) {
		w := tail(s)
		high |= w
		x = (x ^ lowerASCII8(w)) * k
		x ^= x >> 29
	}
	return uint32(x ^ x>>32), high&0x8080808080808080 == 0
}

// equalLower reports whether lower equals q lower-cased (ASCII letters
// folded; q holds no other bytes that lower-casing changes), for strings
// of one length.
func equalLower(lower, q string) bool {
	i := 0
	for ; i+8 <= len(q); i += 8 {
		if load8(lower, i) != lowerASCII8(load8(q, i)) {
			return false
		}
	}
	return i == len(q) || tail(lower) == lowerASCII8(tail(q))
}

// nameTable builds ActionIndex's table: a power of two at least twice the
// names, linear probing. Two names alike (the catalogue's names are alike
// but for case at most) keep one slot, the last one's index, as a map
// would.
func nameTable(names []string) []int32 {
	if len(names) == 0 {
		return nil
	}
	size := 4
	for size < 2*len(names) {
		size <<= 1
	}
	slots := make([]int32, size)
	mask := uint32(size - 1)
	for i, n := range names {
		h, _ := hashFold(n)
		for ; ; h++ {
			v := slots[h&mask]
			if v == 0 || names[v-1] == n {
				slots[h&mask] = int32(i + 1)
				break
			}
		}
	}
	return slots
}

// lowerAll returns the actions' names lower-cased: slices of one string.
// The names are copied into one buffer, which is lower-cased eight bytes at
// a time (the catalogue's names are ASCII; any other byte and
// strings.ToLower decides).
func lowerAll(actions []*Action) []string {
	n := 0
	for _, a := range actions {
		n += len(a.Name)
	}
	buf := make([]byte, 0, n+8)
	for _, a := range actions {
		buf = append(buf, a.Name...)
	}
	var high uint64
	i := 0
	for ; i+8 <= len(buf); i += 8 {
		x := binary.LittleEndian.Uint64(buf[i:])
		high |= x
		binary.LittleEndian.PutUint64(buf[i:], lowerASCII8(x))
	}
	for ; i < len(buf); i++ {
		c := buf[i]
		high |= uint64(c)
		if 'A' <= c && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
	}
	out := make([]string, len(actions))
	if high&0x8080808080808080 != 0 {
		for i, a := range actions {
			out[i] = strings.ToLower(a.Name)
		}
		return out
	}
	all := string(buf)
	for i, a := range actions {
		out[i], all = all[:len(a.Name)], all[len(a.Name):]
	}
	return out
}

// lowerASCII8 lower-cases the ASCII capital letters among x's eight bytes
// (and leaves every other byte as it is).
func lowerASCII8(x uint64) uint64 {
	seven := x &^ highs                        // each byte below 0x80: the sums below carry into no other byte
	geA := (seven + (0x80-'A')*ones) & highs   // at or above 'A'
	gtZ := (seven + (0x80-'Z'-1)*ones) & highs // above 'Z'
	upper := geA &^ gtZ &^ x                   // 'A'..'Z' and ASCII
	return x | upper>>2                        // 0x80>>2 is 'a'-'A'
}

// ResourceType returns one of the service's resource types by name (case-insensitive).
func (s *Service) ResourceType(name string) (*ResourceType, bool) {
	i, ok := s.resourceTypes[strings.ToLower(name)]
	if !ok {
		return nil, false
	}
	return s.ResourceTypes[i], true
}

// LowerActionNames returns the service's action names in lower case, in
// the order of Actions (shared: do not modify).
func (s *Service) LowerActionNames() []string { return s.lowerNames }
