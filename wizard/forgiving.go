package wizard

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Forgiving input: answers in a shape that plainly means one valid answer
// are read as that answer, and a note says so (forgivingNotes), so nobody
// is stopped by the difference between what the console shows and what a
// policy needs.
//
//   - a role path without its slashes, service-role → /service-role/
//   - an S3 URL or bucket ARN for the bucket or the output bucket,
//     s3://my-data/input/ → my-data
//   - an assumed-role ARN (what aws sts get-caller-identity prints) for a
//     role, arn:aws:sts::111122223333:assumed-role/R/session → the role R
//   - ARN lists separated by spaces or new lines as well as commas

var assumedRoleRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role/([\w+=,.@-]+)/[^/]+$`)
})

// roleOfAssumed is the role an assumed-role session belongs to, without its
// path (the session ARN does not show it), or "" when v is not one.
func roleOfAssumed(v string) string {
	if !strings.Contains(v, ":assumed-role/") {
		return ""
	}
	m := assumedRoleRE().FindStringSubmatch(v)
	if m == nil {
		return ""
	}
	return fmt.Sprintf("arn:%s:iam::%s:role/%s", m[1], m[2], m[3])
}

// forgivePath adds the slashes an IAM path needs around a bare name.
func forgivePath(p string) string {
	if p == "" || p == "/" || strings.ContainsAny(p, " *?:") {
		return p
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

var bucketARNRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):s3:::`) })

// forgiveBucket reads the bucket out of an S3 URL or ARN; the prefix after
// it, if any, is returned apart.
func forgiveBucket(v string) (bucket, prefix string) {
	rest := v
	switch {
	case strings.HasPrefix(strings.ToLower(v), "s3://"):
		rest = v[len("s3://"):]
	case strings.HasPrefix(v, "arn:") && bucketARNRE().MatchString(v):
		rest = bucketARNRE().ReplaceAllString(v, "")
	default:
		return v, ""
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	return bucket, prefix
}

// forgiveList splits items on white space too, and reads assumed-role ARNs
// as their roles.
func forgiveList(list []string) []string {
	plain := true
	for _, v := range list {
		plain = plain && !strings.ContainsAny(strings.TrimSpace(v), " \t\n\r") && !strings.Contains(v, ":assumed-role/")
	}
	if plain {
		return list
	}
	var out []string
	for _, v := range list {
		for _, f := range strings.Fields(v) {
			if r := roleOfAssumed(f); r != "" {
				f = r
			}
			out = append(out, f)
		}
	}
	return out
}

// forgive applies the forgiving readings to trimmed answers.
func (a *Answers) forgive() {
	a.RolePath = forgivePath(a.RolePath)
	a.Bucket, _ = forgiveBucket(a.Bucket)
	a.OutputBucket, _ = forgiveBucket(a.OutputBucket)
	if r := roleOfAssumed(a.RoleARN); r != "" {
		a.RoleARN = r
	}
	a.Producers = forgiveList(a.Producers)
	a.Consumers = forgiveList(a.Consumers)
}

// forgivable reports cheaply whether any answer is in a shape forgive
// reads differently.
func forgivable(a *Answers) bool {
	p := strings.TrimSpace(a.RolePath)
	if p != "" && forgivePath(p) != p {
		return true
	}
	for _, b := range []string{a.Bucket, a.OutputBucket} {
		if b = strings.TrimSpace(b); strings.HasPrefix(b, "arn:") || strings.Contains(strings.ToLower(b), "s3://") {
			return true
		}
	}
	if strings.Contains(a.RoleARN, ":assumed-role/") {
		return true
	}
	for _, v := range append(append([]string(nil), a.Producers...), a.Consumers...) {
		if strings.ContainsAny(strings.TrimSpace(v), " \t\n\r") || strings.Contains(v, ":assumed-role/") {
			return true
		}
	}
	return false
}

// forgivingNotes say, on the step that asks, how an answer was read.
func forgivingNotes(raw Answers, step string) []string {
	if !forgivable(&raw) {
		return nil // the usual case, on every keystroke: nothing to say
	}
	var out []string
	var fields []string
	for _, s := range Steps(raw) {
		if s.ID == step {
			fields = s.Fields
		}
	}
	asks := func(field string) bool { return slices.Contains(fields, field) }
	if p := strings.TrimSpace(raw.RolePath); asks(FieldRolePath) && p != "" && forgivePath(p) != p {
		out = append(out, fmt.Sprintf("Role path %q is read as %s: an IAM path starts and ends with /.", p, forgivePath(p)))
	}
	for _, f := range []struct{ field, value, what, jobs string }{
		{FieldBucket, raw.Bucket, "bucket", "import or export jobs"},
		{FieldOutputBucket, raw.OutputBucket, "output bucket", "batch or export jobs' output"},
	} {
		v := strings.TrimSpace(f.value)
		if !asks(f.field) {
			continue
		}
		if b, prefix := forgiveBucket(v); b != v {
			note := fmt.Sprintf("%s is read as the %s %s: bucket policies and the role's S3 policy name the bucket", v, f.what, b)
			if prefix = strings.Trim(prefix, "/"); prefix != "" {
				note += fmt.Sprintf("; the prefix %s/ is where you point Personalize's %s, and the policies cover it", prefix, f.jobs)
			}
			out = append(out, note+".")
		}
	}
	assumed := func(v string) {
		if r := roleOfAssumed(strings.TrimSpace(v)); r != "" {
			out = append(out, fmt.Sprintf("%s is a session of a role; it is read as the role %s. A session ARN does not show the role's path: if the role has one (such as /service-role/), give the role's ARN from its summary page instead.", strings.TrimSpace(v), r))
		}
	}
	if asks(FieldRoleARN) {
		assumed(raw.RoleARN)
	}
	for _, l := range []struct {
		field string
		list  []string
	}{{FieldProducers, raw.Producers}, {FieldConsumers, raw.Consumers}} {
		if !asks(l.field) {
			continue
		}
		split := false
		for _, v := range l.list {
			split = split || len(strings.Fields(v)) > 1
			for _, f := range strings.Fields(v) {
				assumed(f)
			}
		}
		if split {
			out = append(out, fmt.Sprintf("%s: ARNs separated by spaces or new lines are read as a list, as with commas.", Ask(l.field).Title))
		}
	}
	return out
}
