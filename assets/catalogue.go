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
	templates []ConditionKeyInfo
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
		if old, ok := c.keys[lk]; !ok || k.Rank(lk) > old.Rank(lk) {
			c.keys[lk] = k
		}
		if k.Template() {
			c.templates = append(c.templates, k)
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

// ResourceType returns a service's resource type by name (case-insensitive).
func (c *Catalogue) ResourceType(service, name string) (*ResourceType, bool) {
	s, ok := c.Service(service)
	if !ok {
		return nil, false
	}
	return s.ResourceType(name)
}

// ConditionKeyExact looks a condition key up by its catalogue spelling
// (case-insensitive) among the service keys and the global keys, choosing
// the most authoritative definition (see [ConditionKeyInfo.Rank]). A key
// written with a value in place of a template variable
// ("aws:RequestTag/team") is not found here: the templates are
// [Catalogue.ConditionKeyTemplates], matched by package audit.
func (c *Catalogue) ConditionKeyExact(key string) (ConditionKeyInfo, bool) {
	k, ok := c.keys[strings.ToLower(key)]
	return k, ok
}

// ConditionKeyTemplates returns every definition of a key with a variable
// part (${...}), global keys first, then in catalogue order.
func (c *Catalogue) ConditionKeyTemplates() []ConditionKeyInfo { return c.templates }

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

// ActionNames returns the service's action names (as AWS spells them), sorted.
func (s *Service) ActionNames() []string {
	out := make([]string, len(s.Actions))
	for i, a := range s.Actions {
		out[i] = a.Name
	}
	sort.Strings(out)
	return out
}
