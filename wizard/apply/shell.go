package apply

import (
	"strings"

	"github.com/permwiz/permwiz/policy"
)

// The shell commands of the plan: one quoter, and the get → merge → put
// recipe of each resource policy written once, for NEXT-STEPS.md, apply.sh
// and the commands quoted in main.tf and template.yaml.

// quote quotes s for a POSIX shell, always: apply.sh quotes every value,
// so that a name can never be read as two words or a glob. A value with $
// or a backtick (IAM paths allow both) is double-quoted with those escaped,
// which means the same and which shellcheck does not mistake for an
// expression that was meant to expand (SC2016).
func quote(s string) string {
	if strings.ContainsAny(s, "$`") {
		return `"` + dquoteEscaper.Replace(s) + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// dquoteEscaper escapes the characters that keep a meaning inside double
// quotes.
var dquoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")

// word is s as one shell word: bare when it holds only letters, digits and
// the characters of ARNs and paths that no shell interprets, quoted
// otherwise. Placeholders such as <user-name> are quoted too, so a command
// pasted before they are filled in fails instead of redirecting.
func word(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@+%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return quote(s)
}

// verbatim writes a value as it is. The commands quoted in main.tf's
// comments, template.yaml's Metadata and apply.sh's closing hint have always
// printed values so; for answers that pass validation word leaves them
// unchanged anyway.
func verbatim(s string) string { return s }

// cmd joins a command's words: the fixed start (ending with a flag) and
// then, alternately, a value and permwiz's own flags (already written for
// the shell); every value is written as a word.
func cmd(fixed string, values ...string) string { return cmdWith(word, fixed, values...) }

// cmdWith is cmd with values written by value. Which words are values is
// decided by position, never by what they hold, so a value such as a role
// named --debug is a value; one that starts with - is joined to its flag
// with = (see opt), so the AWS CLI cannot read it as an option.
func cmdWith(value func(string) string, fixed string, words ...string) string {
	var sb strings.Builder
	sb.WriteString(fixed)
	for i, w := range words {
		if i%2 == 1 { // permwiz's own flags
			sb.WriteByte(' ')
			sb.WriteString(w)
			continue
		}
		v := value(w)
		if startsLikeOption(v) {
			sb.WriteByte('=')
		} else {
			sb.WriteByte(' ')
		}
		sb.WriteString(v)
	}
	return sb.String()
}

// opt writes a flag and its value (a shell word) so that the AWS CLI never
// reads the value as an option: joined with = when the value is a variable
// ("$ROLE_NAME", whose value apply.sh does not know) or starts with -
// (an IAM role may be called -x), with a space otherwise.
func opt(flag, w string) string {
	if startsLikeOption(w) {
		return flag + "=" + w
	}
	return flag + " " + w
}

// startsLikeOption reports a shell word that is, or may expand to,
// something starting with -.
func startsLikeOption(w string) bool {
	return strings.HasPrefix(w, "-") || strings.HasPrefix(w, "'-") || strings.HasPrefix(w, `"$`) || strings.HasPrefix(w, `$`)
}

// shellWords are the words that name a MergePut's resource in a command,
// already written for the shell: values, or apply.sh's variables.
type shellWords struct {
	region   string // the --region argument; "" leaves --region out
	resource string
}

// wordsOf are the words of m's values, written by value; withRegion false
// leaves a key policy's --region out (the credentials' default region).
func wordsOf(m MergePut, withRegion bool, value func(string) string) shellWords {
	w := shellWords{resource: value(m.Resource)}
	if withRegion && (m.Policy == KeyPolicy || m.Policy == StreamPolicy) {
		w.region = value(m.Region)
	}
	return w
}

func (w shellWords) regionFlag() string {
	if w.region == "" {
		return ""
	}
	return " " + opt("--region", w.region)
}

// getPolicyCmd prints the current policy of kind, as JSON.
func getPolicyCmd(kind PolicyKind, w shellWords) string {
	switch kind {
	case TrustPolicy:
		return "aws iam get-role " + opt("--role-name", w.resource) + " --query Role.AssumeRolePolicyDocument --output json"
	case KeyPolicy:
		return "aws kms get-key-policy" + w.regionFlag() + " " + opt("--key-id", w.resource) + " --policy-name default --query Policy --output text"
	case StreamPolicy:
		return "aws kinesis get-resource-policy" + w.regionFlag() + " " + opt("--resource-arn", w.resource) + " --query Policy --output text"
	}
	return "aws s3api get-bucket-policy " + opt("--bucket", w.resource) + " --query Policy --output text"
}

// putPolicyCmd makes file (a shell word) the policy of kind.
func putPolicyCmd(kind PolicyKind, w shellWords, file string) string {
	switch kind {
	case TrustPolicy:
		return "aws iam update-assume-role-policy " + opt("--role-name", w.resource) + " " + opt("--policy-document", file)
	case KeyPolicy:
		return "aws kms put-key-policy" + w.regionFlag() + " " + opt("--key-id", w.resource) + " --policy-name default " + opt("--policy", file)
	case StreamPolicy:
		return "aws kinesis put-resource-policy" + w.regionFlag() + " " + opt("--resource-arn", w.resource) + " " + opt("--policy", file)
	}
	return "aws s3api put-bucket-policy " + opt("--bucket", w.resource) + " " + opt("--policy", file)
}

// mergeCmd merges permwiz's statements of doc into the policy in current,
// writing the result to merged (to stdout when merged is "").
func mergeCmd(doc, current, merged string) string {
	c := cmd("permwiz merge --doc", doc, "--into", current, "--answers answers.yaml")
	if merged != "" {
		c = cmd(c+" --out", merged)
	}
	return c
}

// mergeRecipe is get → merge → put for m, through the files current and
// merged in the current folder, with values written by value.
func mergeRecipe(m MergePut, withRegion bool, value func(string) string, current, merged string) (get, merge, put string) {
	w := wordsOf(m, withRegion, value)
	return getPolicyCmd(m.Policy, w) + " > " + current, mergeCmd(m.Doc, current, merged), putPolicyCmd(m.Policy, w, value("file://"+merged))
}

// recipeFiles names the files of NEXT-STEPS.md's recipe for each policy.
var recipeFiles = map[PolicyKind]string{TrustPolicy: "trust-policy.json", KeyPolicy: "key-policy.json", BucketPolicy: "bucket-policy.json", StreamPolicy: "stream-policy.json"}

// encryptionCmd turns on the stream's encryption, with values written by
// value; withRegion false leaves --region out.
func encryptionCmd(e EnableEncryption, withRegion bool, value func(string) string) string {
	c := "aws kinesis start-stream-encryption"
	if withRegion {
		c = cmdWith(value, c+" --region", e.Region)
	}
	return cmdWith(value, c+" --stream-name", e.Stream, "--encryption-type KMS --key-id", e.KeyARN)
}

// createPolicyCmd creates a customer managed policy from its document.
func createPolicyCmd(m ManagedPolicy) string {
	return cmd("aws iam create-policy --policy-name", m.Name, "--policy-document", "file://"+m.DocID+".json")
}

// attachCmd attaches a policy to a principal.
func attachCmd(a Attach) string {
	return cmd("aws iam attach-"+a.To.Kind+"-policy --"+a.To.Kind+"-name", a.To.Name, "--policy-arn", a.PolicyARN)
}

// commands are the AWS CLI commands of a step for a person to run, one per
// line ("#" lines are comments). They read the documents as <id>.json in
// the current folder, as `permwiz generate --out DIR` writes them.
func commands(p *Plan, s Step) []string {
	var out []string
	for _, act := range s.Actions {
		switch act := act.(type) {
		case CreateRole:
			out = append(out, cmd("aws iam create-role --role-name", act.Role.Name, "--path", act.Role.Path,
				"--assume-role-policy-document", "file://"+act.TrustDoc+".json"))
		case EnsurePolicy:
			out = append(out, createPolicyCmd(act.Policy))
		case Attach:
			out = append(out, attachCmd(act))
		case MergePut:
			get, merge, put := mergeRecipe(act, true, word, "current-"+recipeFiles[act.Policy], "merged-"+recipeFiles[act.Policy])
			switch act.Policy {
			case TrustPolicy:
				out = append(out, cmd("aws iam get-role --role-name", act.Resource, "--query Role.Arn --output text"),
					"# must print "+p.Role.ARN+": a role of that name under another path is not the role the policies name",
					get, merge, put)
			case KeyPolicy:
				if act.OtherAccount {
					out = append(out, "# with credentials of account "+act.Owner+" (the key's owner), beside answers.yaml:")
				}
				out = append(out, get, merge, put)
			case BucketPolicy:
				out = append(out, get, "# (NoSuchBucketPolicy: the bucket has none yet; put "+act.Doc+".json as it is)", merge, put)
			case StreamPolicy:
				out = append(out, get, "# (prints {} or nothing when the stream has no policy yet: put "+act.Doc+".json as it is)", merge, put)
			}
		case AttachElsewhere:
			// Only the principal's own account can attach a policy to it.
			if m, ok := p.Policy(act.Doc); ok {
				if to, ok := elsewhere(act.PrincipalARN); ok {
					arn := "arn:" + p.Partition + ":iam::" + to.account + ":policy/" + m.Name
					out = append(out, "# run by account "+to.account+", which owns "+act.PrincipalARN+", with its credentials, beside "+act.Doc+".json:",
						createPolicyCmd(m),
						cmd("aws iam attach-"+to.kind+"-policy --"+to.kind+"-name", to.name, "--policy-arn", arn))
				}
			}
		case EnableEncryption:
			out = append(out, encryptionCmd(act, true, word))
		case WatchMetrics:
			for _, m := range act.Metrics {
				out = append(out, cmd("aws cloudwatch get-metric-statistics --region", act.Region, "--namespace AWS/Kinesis --metric-name", m,
					"--dimensions", "Name=StreamName,Value="+act.Stream, "--statistics Average --period 300")+
					` --start-time "$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%SZ)" --end-time "$(date -u +%Y-%m-%dT%H:%M:%SZ)"`)
			}
		}
	}
	return out
}

// elsewhereRole is an IAM role or user of another account, as the commands
// that account runs name it.
type elsewhereRole struct{ account, kind, name string }

// elsewhere splits a role or user ARN of another account; ok is false for an
// account root, which has no policy to attach.
func elsewhere(principal string) (elsewhereRole, bool) {
	parts, n := policy.SplitARN(principal)
	if n != 6 {
		return elsewhereRole{}, false
	}
	kind, name, ok := roleOrUser(parts[5])
	return elsewhereRole{account: parts[4], kind: kind, name: name}, ok
}
