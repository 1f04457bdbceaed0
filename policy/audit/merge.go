package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// MergeResult is a merged policy and what the merge did, for stderr.
type MergeResult struct {
	Data []byte // the merged policy: indented JSON, or compact when only that fits the limit

	Added          []string // Sids of permwiz statements appended
	Replaced       []string // Sids of earlier permwiz statements replaced by the current ones
	Unchanged      []string // Sids of permwiz statements already there as they would be written
	AlreadyGranted []string // one sentence per permwiz statement left out because the policy already grants it
	Kept           []string // one sentence per frame statement left out because the policy has its own
	// PrincipalChanges says, for a replaced statement whose principals
	// changed, which were removed and which added.
	PrincipalChanges map[string]string
	// Dropped says, for a replaced statement, every action, resource and
	// condition value the old statement had that the new one has not:
	// "actions kms:Encrypt; resources arn:...; conditions StringEquals
	// kms:ViaService=kinesis.us-east-1.amazonaws.com".
	Dropped map[string]string
	// Broader names the statements that grant what a permwiz statement
	// grants without its conditions (see Check): merge adds permwiz's
	// statement beside them, but while they stand its conditions limit
	// nothing.
	Broader   []string
	Warnings  []string // what still blocks the setup after the merge, and frame statements not added
	Compact   bool     // the indented form was over the limit, so Data is compact
	Unwrapped bool     // the input was the AWS CLI's {"Policy": "..."} wrapper
	Size      policy.Size
}

// Changed reports whether the merge added or replaced anything.
func (r *MergeResult) Changed() bool { return len(r.Added)+len(r.Replaced) > 0 }

// Report is the human-readable account of the merge, one line per item.
func (r *MergeResult) Report() string {
	var b strings.Builder
	if r.Unwrapped {
		b.WriteString("read the policy from the AWS CLI's {\"Policy\": ...} output; the result is the policy itself\n")
	}
	for _, s := range r.Added {
		fmt.Fprintf(&b, "added %q\n", s)
	}
	for _, s := range r.Replaced {
		var parts []string
		if ch := r.PrincipalChanges[s]; ch != "" {
			parts = append(parts, "principals changed: "+ch)
		}
		if d := r.Dropped[s]; d != "" {
			parts = append(parts, "dropped "+d)
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, "replaced %q (permwiz's own statement; %s)\n", s, strings.Join(parts, "; "))
		} else {
			fmt.Fprintf(&b, "replaced %q (permwiz's own statement, now as these answers give it)\n", s)
		}
	}
	for _, s := range r.AlreadyGranted {
		b.WriteString(s + "\n")
	}
	for _, s := range r.Unchanged {
		fmt.Fprintf(&b, "kept %q: already there as permwiz writes it\n", s)
	}
	for _, s := range r.Kept {
		b.WriteString(s + "\n")
	}
	for _, s := range r.Broader {
		b.WriteString("WARNING: " + s + "\n")
	}
	for _, s := range r.Warnings {
		b.WriteString("warning: " + s + "\n")
	}
	if !r.Changed() && len(r.Unchanged) == 0 {
		b.WriteString("nothing to add: the policy already grants what the setup needs\n")
	}
	if r.Compact {
		b.WriteString("wrote the policy without indentation: indented, it would be over the limit\n")
	}
	fmt.Fprintf(&b, "size: %s\n", r.Size)
	return b.String()
}

// MergeError says why a policy cannot be merged into.
type MergeError struct{ Msg string }

func (e *MergeError) Error() string { return e.Msg }

func mergeErrorf(format string, args ...any) error {
	return &MergeError{Msg: fmt.Sprintf(format, args...)}
}

// mergeStmt is one statement of the result: its JSON (the input's own bytes,
// compacted, for an existing statement) and its parsed form for evaluation.
type mergeStmt struct {
	raw    []byte
	parsed policy.Statement
}

// Merge adds add's statements to the policy in existing, keeping every
// existing statement as it is written (its JSON is carried over, only
// re-indented). permwiz's statements are recognised by Sid: one whose Sid
// is already there replaces that statement when it is permwiz's own (see
// ownStatement), which makes merging twice give the same result; a Sid
// taken by a different statement is refused, because renaming either would
// leave a policy that a later merge cannot recognise. A statement the
// policy already grants (directly, not only through the account, and not
// by a grant broader in its conditions) is left out. Frame statements are
// never added: the policy's owner decides whether it has one, and the
// result warns when it has none. After the merge the result is checked as
// Check does, and what still blocks the setup is warned about. The merge
// fails, with nothing returned, when the input is not a 2012-10-17 policy
// or the result would be over add.Kind's size limit.
func Merge(existing []byte, add *policy.Document) (MergeResult, error) {
	var res MergeResult
	// Before the AWS CLI wrapper is read: decoding its string would turn
	// invalid UTF-8 into U+FFFD and keep one of two "Policy" members.
	if err := policy.CheckText(existing); err != nil {
		return res, mergeErrorf("not a policy document: %v", err)
	}
	if err := policy.CheckDuplicateKeys(existing); err != nil {
		return res, mergeErrorf("not a policy document: %v", err)
	}
	data, unwrapped := UnwrapCLI(existing)
	res.Unwrapped = unwrapped
	d, err := policy.Parse(data)
	if err != nil {
		return res, mergeErrorf("not a policy document: %v", err)
	}
	if d.Version != policy.Version {
		return res, mergeErrorf(`Version is %q; permwiz merges only into "2012-10-17" policies (2008-10-17 is legacy and KMS rejects it): change the Version and check the policy's ${...} variables, then merge again`, d.Version)
	}
	order, top, raws, err := rawParts(data)
	if err != nil {
		return res, err
	}
	stmts := make([]mergeStmt, len(raws))
	for i, r := range raws {
		var c bytes.Buffer
		if err := json.Compact(&c, r); err != nil {
			return res, mergeErrorf("Statement[%d]: %v", i, err)
		}
		stmts[i] = mergeStmt{raw: c.Bytes(), parsed: d.Statement[i]}
	}
	current := func() *policy.Document {
		doc := &policy.Document{Version: d.Version, Kind: add.Kind, Statement: make([]policy.Statement, len(stmts))}
		for i := range stmts {
			doc.Statement[i] = stmts[i].parsed
		}
		return doc
	}
	for _, s := range add.Statement {
		own, _ := s.MarshalJSON()
		idx := -1
		if s.Sid != "" {
			for i := range stmts {
				if stmts[i].parsed.Sid == s.Sid {
					idx = i
					break
				}
			}
		}
		switch {
		case s.Frame && idx >= 0:
			res.Kept = append(res.Kept, fmt.Sprintf("kept the policy's own %q statement", s.Sid))
		case s.Frame:
			if gaps, by, via := checkStatement(current(), &s, add.Kind); len(gaps) == 0 && !via {
				res.Kept = append(res.Kept, fmt.Sprintf("left out %q: %s already grants it", s.Sid, strings.Join(quoteAll(by), ", ")))
				continue
			}
			res.Warnings = append(res.Warnings, frameNote(add.Kind, &s)+"; merge does not add it")
		case idx >= 0:
			old := &stmts[idx].parsed
			if !ownStatement(old, &s) {
				return res, mergeErrorf("Statement[%d] already has the Sid %q but is not permwiz's statement (it has a different effect, or different principals and different actions); rename that statement's Sid, or remove it if it is an older copy of this one, and merge again", idx, s.Sid)
			}
			if bytes.Equal(stmts[idx].raw, own) {
				res.Unchanged = append(res.Unchanged, s.Sid)
			} else {
				if ch := principalChange(old.Principal, s.Principal); ch != "" {
					if res.PrincipalChanges == nil {
						res.PrincipalChanges = map[string]string{}
					}
					res.PrincipalChanges[s.Sid] = ch
				}
				if d := droppedParts(old, &s); d != "" {
					if res.Dropped == nil {
						res.Dropped = map[string]string{}
					}
					res.Dropped[s.Sid] = d
				}
				stmts[idx] = mergeStmt{raw: own, parsed: s}
				res.Replaced = append(res.Replaced, s.Sid)
			}
		default:
			if gaps, by, via := checkStatement(current(), &s, add.Kind); len(gaps) == 0 && !via && len(broaderGrants(current(), &s)) == 0 {
				res.AlreadyGranted = append(res.AlreadyGranted, fmt.Sprintf("left out %q: %s already grants everything it would", s.Sid, strings.Join(quoteAll(by), ", ")))
				continue
			}
			stmts = append(stmts, mergeStmt{raw: own, parsed: s})
			res.Added = append(res.Added, s.Sid)
		}
	}
	res.Broader, res.Warnings = afterMerge(current(), add, res.Warnings)
	out, err := assemble(order, top, stmts)
	if err != nil {
		return res, err
	}
	res.Size = policy.MeasureJSON(out, add.Kind)
	if res.Size.Over() {
		var c bytes.Buffer
		_ = json.Compact(&c, out)
		if sz := policy.MeasureJSON(c.Bytes(), add.Kind); !sz.Over() {
			out, res.Size, res.Compact = append(c.Bytes(), '\n'), sz, true
		} else {
			return res, mergeErrorf("the merged %s would be %s, over the AWS limit (%s); nothing was written. Remove statements the policy no longer needs and merge again", add.Kind, sz, sz.Limit.Source)
		}
	}
	if _, err := policy.Parse(out); err != nil {
		return res, fmt.Errorf("permwiz bug: the merged policy does not parse: %v", err)
	}
	res.Data = out
	return res, nil
}

// afterMerge checks the merged policy as Check does and returns, for
// stderr, the statements that are broader than permwiz's (each named) and,
// after warnings, what still blocks the setup. A gap denied by a statement
// already reported as blocking is not repeated.
func afterMerge(merged, add *policy.Document, warnings []string) (broader, out []string) {
	rep := Check(merged, add)
	out = warnings
	reported := map[string]bool{}
	for _, r := range rep.Risks {
		name := r.Path
		if r.Sid != "" {
			name += fmt.Sprintf(" (%q)", r.Sid)
		}
		switch {
		case r.Info:
			// The frame note, already among the warnings.
		case r.Defeats != "":
			broader = append(broader, fmt.Sprintf("%s %s (merge never changes or removes an existing statement; permwiz's %q stands beside it)", name, r.Message, r.Defeats))
		case r.Blocking:
			reported[r.Path] = true
			out = append(out, name+" "+r.Message)
		}
	}
	for _, g := range rep.Missing {
		if path, _, _ := strings.Cut(g.DeniedBy, " "); g.DeniedBy != "" && reported[path] {
			continue
		}
		out = append(out, "after the merge, "+g.Message+"; the setup will not work until that changes")
	}
	return broader, out
}

// ownStatement reports whether an existing statement with permwiz's Sid is
// an earlier version of permwiz's statement: the same effect and either
// (at least partly) the same principals or exactly the same actions.
// Answers change actions, resources and a role's name, or the producers
// named; they do not turn a different grant to someone else into ours.
func ownStatement(old, s *policy.Statement) bool {
	if old.Effect != s.Effect || (old.Principal == nil) != (s.Principal == nil) || old.NotPrincipal != nil {
		return false
	}
	return sameGrantee(old, s) || len(old.NotAction) == 0 && sameActions(old.Action, s.Action)
}

// sameActions reports whether two action lists hold the same actions,
// compared case-insensitively as IAM compares them, in any order.
func sameActions(a, b policy.List) bool {
	set := func(l policy.List) map[string]bool {
		m := map[string]bool{}
		for _, x := range l {
			m[strings.ToLower(x)] = true
		}
		return m
	}
	x, y := set(a), set(b)
	if len(x) != len(y) || len(x) == 0 {
		return false
	}
	for k := range x {
		if !y[k] {
			return false
		}
	}
	return true
}

// principalChange describes how a replaced statement's principals differ
// from permwiz's: "removed A; added B", or "" when they are the same.
func principalChange(old, s *policy.Principal) string {
	names := func(p *policy.Principal) []string {
		if p == nil {
			return nil
		}
		var out []string
		if p.Wildcard {
			out = append(out, "*")
		}
		for _, l := range []policy.Strings{p.AWS, p.Service, p.Federated, p.CanonicalUser} {
			out = append(out, l...)
		}
		return out
	}
	missing := func(from, in []string) []string { return missingFrom(from, in, true) }
	a, b := names(old), names(s)
	var parts []string
	if r := missing(a, b); len(r) > 0 {
		parts = append(parts, "removed "+strings.Join(r, ", "))
	}
	if r := missing(b, a); len(r) > 0 {
		parts = append(parts, "added "+strings.Join(r, ", "))
	}
	return strings.Join(parts, "; ")
}

// sameGrantee reports whether two statements name (at least partly) the
// same principals.
func sameGrantee(old, s *policy.Statement) bool {
	if s.Principal == nil {
		return old.Principal == nil
	}
	if old.Principal == nil {
		return false
	}
	a, b := old.Principal, s.Principal
	if a.Wildcard || b.Wildcard {
		return a.Wildcard == b.Wildcard
	}
	for _, pair := range [][2]policy.Strings{{a.AWS, b.AWS}, {a.Service, b.Service}, {a.Federated, b.Federated}, {a.CanonicalUser, b.CanonicalUser}} {
		for _, x := range pair[0] {
			for _, y := range pair[1] {
				if strings.EqualFold(x, y) {
					return true
				}
			}
		}
	}
	return false
}

// droppedParts names what a replaced statement loses: every action,
// NotAction, resource, NotResource and condition value of old that s does
// not have (actions compared as IAM does, case-insensitively), so that
// replacing permwiz's own statement never removes a grant or a guard
// without saying so. "" when nothing is dropped.
func droppedParts(old, s *policy.Statement) string {
	missing := missingFrom
	var parts []string
	add := func(what string, list []string) {
		if len(list) > 0 {
			parts = append(parts, what+" "+strings.Join(list, ", "))
		}
	}
	add("actions", missing(old.Action, s.Action, true))
	add("NotAction", missing(old.NotAction, s.NotAction, true))
	add("resources", missing(old.Resource, s.Resource, false))
	add("NotResource", missing(old.NotResource, s.NotResource, false))
	var conds []string
	for _, e := range old.Condition {
		var now []string
		for _, n := range s.Condition {
			if n.Operator == e.Operator && strings.EqualFold(n.Key, e.Key) {
				now = append(now, n.Values...)
			}
		}
		for _, v := range missing(e.Values, now, false) {
			conds = append(conds, e.Operator+" "+e.Key+"="+v)
		}
	}
	add("conditions", conds)
	return strings.Join(parts, "; ")
}

// missingFrom lists the values of from that in does not have (compared
// case-insensitively when fold), in from's order, in time linear in both:
// a key policy may name thousands of principals.
func missingFrom(from, in []string, fold bool) []string {
	key := func(v string) string {
		if fold {
			return strings.ToLower(v)
		}
		return v
	}
	have := make(map[string]bool, len(in))
	for _, y := range in {
		have[key(y)] = true
	}
	var out []string
	for _, x := range from {
		if !have[key(x)] {
			out = append(out, x)
		}
	}
	return out
}
