package assets

import (
	"encoding/json"
	"fmt"
	"sort"
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

// Catalogue is the decoded catalog.json. Obtain it with [LoadCatalogue];
// it is shared and must not be modified.
type Catalogue struct {
	Schema              int                `json:"schema"`
	Source              CatalogueOrigin    `json:"source"`
	Services            []*Service         `json:"services"` // in catalogue order
	GlobalConditionKeys []ConditionKeyInfo `json:"globalConditionKeys"`

	services  map[string]*Service // lower-cased prefix
	keys      map[string]ConditionKeyInfo
	templates []keyTemplate
}

// CatalogueOrigin names the package and data version catalog.json was built from.
type CatalogueOrigin struct {
	Package  string `json:"package"`
	Version  string `json:"version"`
	DataDate string `json:"dataDate"`
}

// Service is one AWS service in the catalogue.
type Service struct {
	Prefix        string             `json:"prefix"` // e.g. "kms"
	Name          string             `json:"name"`   // e.g. "AWS Key Management Service"
	Actions       []*Action          `json:"actions"`
	ResourceTypes []*ResourceType    `json:"resourceTypes"`
	ConditionKeys []ConditionKeyInfo `json:"conditionKeys"`

	actions       map[string]*Action       // lower-cased action name
	resourceTypes map[string]*ResourceType // lower-cased resource type name
}

// Action is one IAM action.
type Action struct {
	Service          string           `json:"-"`    // service prefix, e.g. "kms"
	Name             string           `json:"name"` // as AWS spells it, e.g. "GenerateDataKeyWithoutPlaintext"
	Description      string           `json:"description"`
	AccessLevel      string           `json:"accessLevel"` // one of the Access* constants
	ResourceTypes    []ActionResource `json:"resourceTypes"`
	ConditionKeys    []string         `json:"conditionKeys"`
	DependentActions []string         `json:"dependentActions,omitempty"`
}

// ActionResource is a resource type an action accepts.
type ActionResource struct {
	Name             string   `json:"name"`
	Required         bool     `json:"required"`
	ConditionKeys    []string `json:"conditionKeys,omitempty"`
	DependentActions []string `json:"dependentActions,omitempty"`
}

// ResourceType is a service's resource type with its ARN format(s).
type ResourceType struct {
	Name          string   `json:"name"`
	ARNs          []string `json:"arns"` // e.g. "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"
	ConditionKeys []string `json:"conditionKeys"`
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

// HasConditionKey reports whether key (case-insensitive, templates matched)
// is listed for the action itself or for one of its resource types.
func (a *Action) HasConditionKey(key string) bool {
	lk := strings.ToLower(key)
	match := func(list []string) bool {
		for _, k := range list {
			lc := strings.ToLower(k)
			if lc == lk || (strings.Contains(lc, "${") && newKeyTemplate(lc).match(lk)) {
				return true
			}
		}
		return false
	}
	if match(a.ConditionKeys) {
		return true
	}
	for _, r := range a.ResourceTypes {
		if match(r.ConditionKeys) {
			return true
		}
	}
	return false
}

var loadCatalogue = sync.OnceValues(func() (*Catalogue, error) {
	return decodeCatalogue(Catalog())
})

// LoadCatalogue decodes the embedded catalogue once and returns the shared copy.
func LoadCatalogue() (*Catalogue, error) { return loadCatalogue() }

func decodeCatalogue(b []byte) (*Catalogue, error) {
	c := new(Catalogue)
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("assets: catalog.json: %w", err)
	}
	if c.Schema != 1 {
		return nil, fmt.Errorf("assets: catalog.json: unsupported schema %d", c.Schema)
	}
	c.services = make(map[string]*Service, len(c.Services))
	c.keys = make(map[string]ConditionKeyInfo)
	add := func(k ConditionKeyInfo) {
		lk := strings.ToLower(k.Key)
		if old, ok := c.keys[lk]; !ok || keyRank(k, lk) > keyRank(old, lk) {
			c.keys[lk] = k
		}
		if k.Template() {
			c.templates = append(c.templates, keyTemplate{info: k, t: newKeyTemplate(lk)})
		}
	}
	for i := range c.GlobalConditionKeys {
		c.GlobalConditionKeys[i].Global = true
		add(c.GlobalConditionKeys[i])
	}
	for _, s := range c.Services {
		lp := strings.ToLower(s.Prefix)
		if _, dup := c.services[lp]; dup {
			return nil, fmt.Errorf("assets: catalog.json: duplicate service %q", s.Prefix)
		}
		c.services[lp] = s
		s.actions = make(map[string]*Action, len(s.Actions))
		for _, a := range s.Actions {
			a.Service = s.Prefix
			s.actions[strings.ToLower(a.Name)] = a
		}
		s.resourceTypes = make(map[string]*ResourceType, len(s.ResourceTypes))
		for _, r := range s.ResourceTypes {
			s.resourceTypes[strings.ToLower(r.Name)] = r
		}
		for i := range s.ConditionKeys {
			s.ConditionKeys[i].Service = s.Prefix
			add(s.ConditionKeys[i])
		}
	}
	return c, nil
}

// keyRank orders competing definitions of the same key: the global list
// wins for aws: keys, the service whose prefix the key carries wins for
// service keys, anything else comes last.
func keyRank(k ConditionKeyInfo, lowerKey string) int {
	prefix, _, _ := strings.Cut(lowerKey, ":")
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

// Service returns the service with the given prefix (case-insensitive).
func (c *Catalogue) Service(prefix string) (*Service, bool) {
	s, ok := c.services[strings.ToLower(prefix)]
	return s, ok
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

// MatchActions expands an IAM action pattern such as "kms:List*",
// "s3:*Object" or "kinesis:Get?hard*" into the qualified names of the
// catalogue's actions it matches ("kms:ListAliases", ...). Matching is
// case-insensitive; * matches any run of characters and ? exactly one, in
// both the service prefix and the action name. "*" alone matches every
// action. Results are in catalogue order (services, then action names).
// A pattern naming an unknown service matches nothing.
func (c *Catalogue) MatchActions(pattern string) []string {
	if pattern == "*" {
		pattern = "*:*"
	}
	svcPat, actPat, ok := strings.Cut(pattern, ":")
	if !ok {
		return nil
	}
	var out []string
	if !strings.ContainsAny(svcPat, "*?") {
		s, ok := c.Service(svcPat)
		if !ok {
			return nil
		}
		return s.MatchActions(actPat)
	}
	sg := compileGlob(strings.ToLower(svcPat))
	for _, s := range c.Services {
		if sg.match(strings.ToLower(s.Prefix)) {
			out = append(out, s.MatchActions(actPat)...)
		}
	}
	return out
}

// ResourceType returns a service's resource type by name (case-insensitive).
func (c *Catalogue) ResourceType(service, name string) (*ResourceType, bool) {
	s, ok := c.Service(service)
	if !ok {
		return nil, false
	}
	return s.ResourceType(name)
}

// ConditionKey looks a condition key up among the catalogue's service keys
// and the global keys, case-insensitively. Keys with a variable part match
// the catalogue's template: "kms:EncryptionContext:aws:kinesis:arn" finds
// "kms:EncryptionContext:${EncryptionContextKey}" and "aws:RequestTag/team"
// finds "aws:RequestTag/${TagKey}". The returned Key is the catalogue's
// (possibly templated) spelling.
func (c *Catalogue) ConditionKey(key string) (ConditionKeyInfo, bool) {
	lk := strings.ToLower(key)
	if k, ok := c.keys[lk]; ok {
		return k, true
	}
	var best *keyTemplate
	bestRank := -1
	for i := range c.templates {
		t := &c.templates[i]
		if !t.t.match(lk) {
			continue
		}
		r := keyRank(t.info, lk)
		if r > bestRank || (r == bestRank && t.t.literalLen() > best.t.literalLen()) {
			best, bestRank = t, r
		}
	}
	if best == nil {
		return ConditionKeyInfo{}, false
	}
	return best.info, true
}

// Action returns one of the service's actions by name (case-insensitive).
func (s *Service) Action(name string) (*Action, bool) {
	a, ok := s.actions[strings.ToLower(name)]
	return a, ok
}

// ResourceType returns one of the service's resource types by name (case-insensitive).
func (s *Service) ResourceType(name string) (*ResourceType, bool) {
	r, ok := s.resourceTypes[strings.ToLower(name)]
	return r, ok
}

// MatchActions returns the qualified names of the service's actions whose
// name matches the case-insensitive glob pattern (with * and ?), sorted.
func (s *Service) MatchActions(pattern string) []string {
	if !strings.ContainsAny(pattern, "*?") {
		if a, ok := s.Action(pattern); ok {
			return []string{a.FullName()}
		}
		return nil
	}
	g := compileGlob(strings.ToLower(pattern))
	var out []string
	for _, a := range s.Actions {
		if g.match(strings.ToLower(a.Name)) {
			out = append(out, a.FullName())
		}
	}
	return out
}

// ActionNames returns the service's action names (as AWS spells them), sorted.
func (s *Service) ActionNames() []string {
	out := make([]string, len(s.Actions))
	for i, a := range s.Actions {
		out[i] = a.Name
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------- matching

// globTok is one token of a compiled pattern.
type globTok struct {
	kind byte // 'l' literal, '*' any run (0+), '?' one char, '+' one or more
	lit  []rune
}

type glob []globTok

// compileGlob compiles an IAM-style pattern: * (any run) and ? (one char).
func compileGlob(p string) glob {
	var g glob
	var lit []rune
	flush := func() {
		if len(lit) > 0 {
			g = append(g, globTok{kind: 'l', lit: lit})
			lit = nil
		}
	}
	for _, r := range p {
		switch r {
		case '*', '?':
			flush()
			g = append(g, globTok{kind: byte(r)})
		default:
			lit = append(lit, r)
		}
	}
	flush()
	return g
}

func (g glob) match(s string) bool { return matchToks(g, []rune(s)) }

func matchToks(g glob, s []rune) bool {
	for len(g) > 0 {
		t := g[0]
		switch t.kind {
		case 'l':
			if len(s) < len(t.lit) || string(s[:len(t.lit)]) != string(t.lit) {
				return false
			}
			s = s[len(t.lit):]
		case '?':
			if len(s) == 0 {
				return false
			}
			s = s[1:]
		case '*', '+':
			min := 0
			if t.kind == '+' {
				min = 1
			}
			if len(g) == 1 {
				return len(s) >= min
			}
			for i := len(s); i >= min; i-- { // greedy, backtracking
				if matchToks(g[1:], s[i:]) {
					return true
				}
			}
			return false
		}
		g = g[1:]
	}
	return len(s) == 0
}

func (g glob) literalLen() int {
	n := 0
	for _, t := range g {
		n += len(t.lit)
	}
	return n
}

// keyTemplate is a templated condition key compiled for matching: each
// ${Var} matches one or more characters.
type keyTemplate struct {
	info ConditionKeyInfo
	t    glob
}

func newKeyTemplate(lowerKey string) glob {
	var g glob
	rest := lowerKey
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		if i > 0 {
			g = append(g, globTok{kind: 'l', lit: []rune(rest[:i])})
		}
		g = append(g, globTok{kind: '+'})
		rest = rest[i+j+1:]
	}
	if rest != "" {
		g = append(g, globTok{kind: 'l', lit: []rune(rest)})
	}
	return g
}
