package audit

import (
	"math/big"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/permwiz/permwiz/policy"
)

// Condition evaluation: the operators IAM knows and how each compares a
// request value with a policy value (IAM reference_policies_elements_condition_operators).

func lookup(ctx map[string][]string, key string) ([]string, bool) {
	if v, ok := ctx[key]; ok {
		return v, true
	}
	for k, v := range ctx {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// operator is a condition operator split into its parts.
type operator struct {
	set      string // "", "ForAnyValue" or "ForAllValues"
	base     string // canonical spelling, e.g. "StringEquals"
	ifExists bool
}

// baseOperators are every condition operator IAM knows, in their canonical
// spelling (IAM reference_policies_elements_condition_operators).
var baseOperators = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
	"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
}

// parseOperator splits an operator such as "ForAnyValue:StringLikeIfExists".
// Operator names are matched case-insensitively, as IAM does.
func parseOperator(op string) (operator, bool) {
	var o operator
	rest := op
	if p, r, ok := strings.Cut(rest, ":"); ok {
		switch {
		case strings.EqualFold(p, "ForAnyValue"):
			o.set = "ForAnyValue"
		case strings.EqualFold(p, "ForAllValues"):
			o.set = "ForAllValues"
		default:
			return o, false
		}
		rest = r
	}
	if len(rest) > len("IfExists") && strings.EqualFold(rest[len(rest)-len("IfExists"):], "IfExists") {
		o.ifExists = true
		rest = rest[:len(rest)-len("IfExists")]
	}
	for _, b := range baseOperators {
		if strings.EqualFold(b, rest) {
			o.base = b
			if b == "Null" && (o.ifExists || o.set != "") {
				return o, false // Null takes neither a set prefix nor IfExists
			}
			return o, true
		}
	}
	return o, false
}

// negated reports whether the operator is a "Not" operator, for which a
// missing key makes the condition true.
func (o operator) negated() bool {
	return strings.Contains(o.base, "Not")
}

// conditionHolds evaluates one condition entry against the context, as
// described in IAM's condition-operator and multi-valued-key references.
func conditionHolds(e policy.ConditionEntry, ctx map[string][]string) bool {
	op, ok := parseOperator(e.Operator)
	if !ok {
		return false // IAM rejects the policy; evaluate as never matching
	}
	vals, present := lookup(ctx, e.Key)
	if present && len(vals) == 0 {
		present = false
	}
	if op.base == "Null" {
		want := len(e.Values) > 0 && strings.EqualFold(e.Values[0], "true")
		return want == !present
	}
	if !present {
		switch {
		case op.ifExists:
			return true
		case op.set == "ForAllValues":
			return true // vacuously true: every one of no values matches
		case op.set == "ForAnyValue":
			return false
		default:
			return op.negated()
		}
	}
	one := func(v string) bool { return valueMatches(op.base, v, e.Values, ctx) }
	switch op.set {
	case "ForAllValues":
		for _, v := range vals {
			if !one(v) {
				return false
			}
		}
		return true
	case "ForAnyValue":
		for _, v := range vals {
			if one(v) {
				return true
			}
		}
		return false
	}
	if op.negated() {
		// A negated operator on a multi-valued key holds only when no
		// value is among the policy's values.
		for _, v := range vals {
			if !one(v) {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if one(v) {
			return true
		}
	}
	return false
}

// valueMatches reports whether one request value satisfies a base operator
// against the policy's values (any of them; for negated operators, none).
func valueMatches(base, v string, policyVals policy.Strings, ctx map[string][]string) bool {
	positive := strings.Replace(base, "Not", "", 1)
	if base == "NotIpAddress" {
		positive = "IpAddress"
	}
	hit := false
	for _, pv := range policyVals {
		if positiveMatch(positive, v, pv, ctx) {
			hit = true
			break
		}
	}
	if positive != base {
		return !hit
	}
	return hit
}

// positiveMatch reports whether a request value satisfies a positive
// operator against one policy value, whose policy variables take their
// values from the context.
func positiveMatch(op, v, pv string, ctx map[string][]string) bool {
	switch op {
	case "StringLike":
		return evalPattern(pv, ctx).match(v)
	case "ArnEquals", "ArnLike":
		return arnLike(pv, v, ctx)
	}
	pv = substitute(pv, ctx)
	switch op {
	case "StringEquals", "BinaryEquals":
		return v == pv
	case "StringEqualsIgnoreCase":
		return strings.EqualFold(v, pv)
	case "Bool":
		return strings.EqualFold(v, pv)
	case "IpAddress":
		return ipIn(v, pv)
	}
	if strings.HasPrefix(op, "Numeric") {
		a, ok1 := new(big.Float).SetString(v)
		b, ok2 := new(big.Float).SetString(pv)
		if !ok1 || !ok2 {
			return false
		}
		return compare(strings.TrimPrefix(op, "Numeric"), a.Cmp(b))
	}
	if strings.HasPrefix(op, "Date") {
		a, ok1 := parseDate(v)
		b, ok2 := parseDate(pv)
		if !ok1 || !ok2 {
			return false
		}
		return compare(strings.TrimPrefix(op, "Date"), a.Compare(b))
	}
	return false
}

func compare(rel string, c int) bool {
	switch rel {
	case "Equals":
		return c == 0
	case "LessThan":
		return c < 0
	case "LessThanEquals":
		return c <= 0
	case "GreaterThan":
		return c > 0
	case "GreaterThanEquals":
		return c >= 0
	}
	return false
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

func ipIn(v, cidr string) bool {
	ip := net.ParseIP(v)
	if ip == nil {
		return false
	}
	if !strings.Contains(cidr, "/") {
		other := net.ParseIP(cidr)
		return other != nil && other.Equal(ip)
	}
	_, n, err := net.ParseCIDR(cidr)
	return err == nil && n.Contains(ip)
}

// arnLike compares ARNs field by field, with wildcards within each field, as
// ArnLike does; ArnEquals behaves the same in IAM. The pattern is split at
// the colons outside its policy variables ("${aws:PrincipalAccount}" is one
// field).
func arnLike(pat, v string, ctx map[string][]string) bool {
	pp := arnFields(pat)
	vp, n := policy.SplitARN(v)
	if len(pp) != 6 || n != 6 {
		return pat == "*" || evalPattern(pat, ctx).match(v)
	}
	for i := range pp {
		if !evalPattern(pp[i], ctx).match(vp[i]) {
			return false
		}
	}
	return true
}
