package apply

import (
	"fmt"
	"strings"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// script accumulates apply.sh.
type script struct{ strings.Builder }

func (s *script) line(format string, args ...any) {
	fmt.Fprintf(&s.Builder, format, args...)
	s.WriteByte('\n')
}

// permwizCheck stops apply.sh early when the permwiz that merges the key
// and bucket policies is missing, rather than half-way through.
const permwizCheck = `command -v "$PERMWIZ" >/dev/null 2>&1 ||
  die "permwiz is not on the PATH: install it, or set PERMWIZ=/path/to/permwiz"
`

// sizeChecks is the part of apply.sh that stops, before its first AWS call,
// when a document it sends is over its AWS limit (someone edited it, or it
// came from another permwiz): a run that stopped at the third document
// would leave the setup half-applied. IAM counts characters without white
// space (tr drops all of it, strings' too, so the check is a floor), KMS
// and S3 every byte. The merged key and bucket policies are checked by
// permwiz merge, which refuses a result over the limit before anything is
// put.
func sizeChecks(p *Plan) string {
	var s script
	s.line("")
	s.line("# check_size FILE MAX UNIT stops when FILE is over its AWS limit.")
	s.line("check_size() {")
	s.line("  local n")
	s.line(`  if [ "$3" = characters ]; then`)
	s.line(`    n=$(($(tr -d ' \t\r\n' <"$1" | wc -m)))`)
	s.line("  else")
	s.line(`    n=$(($(wc -c <"$1")))`)
	s.line("  fi")
	s.line(`  [ "$n" -le "$2" ] ||`)
	s.line(`    die "$1 is $n $3, over the AWS limit of $2 for it: nothing was changed. Rerun permwiz generate (it says what to shorten)"`)
	s.line("}")
	for _, d := range p.bundle.Docs {
		l := policy.LimitFor(d.Policy.Kind)
		s.line("check_size %s %d %s", quote(d.ID+".json"), l.Max, l.Unit)
	}
	s.line("")
	return s.String()
}

// mergeChecks is the part of apply.sh that, before the first change,
// merges permwiz's statements into scratch copies of the current key and
// bucket policies: permwiz merge refuses a merged policy over its AWS limit
// (or one it cannot read), and the run should stop there, not after the
// role and the IAM policies are in place. The steps merge again, into the
// policies as they are then. "" when the script merges neither.
func mergeChecks(p *Plan) string {
	var s script
	var what []string
	for _, m := range p.mergeSteps() {
		switch {
		case m.Policy == KeyPolicy && !m.OtherAccount:
			what = append(what, "key")
			s.line(`%s >"$work/key-check.json"`, getPolicyCmd(KeyPolicy, keyVars))
			s.line(`check_merge %s "$work/key-check.json"`, quote(m.Doc))
		case m.Policy == BucketPolicy:
			what = append(what, "bucket")
			s.line(`if %s >"$work/bucket-check.json" 2>/dev/null; then`, getPolicyCmd(BucketPolicy, bucketVars))
			s.line(`  check_merge %s "$work/bucket-check.json"`, quote(m.Doc))
			s.line(`fi`)
		}
	}
	if s.Len() == 0 {
		return ""
	}
	title := "0. Check that the merged " + what[0] + " policy fits its AWS limit"
	if len(what) > 1 {
		title = "0. Check that the merged " + strings.Join(what, " and ") + " policies fit their AWS limits"
	}
	return `
# check_merge DOC CURRENT stops, before anything is changed, when permwiz
# merge refuses to merge DOC into CURRENT (the result would be over the AWS
# limit, or CURRENT is not a policy it can read).
check_merge() {
  "$PERMWIZ" merge --doc "$1" --into "$2" --answers answers.yaml >/dev/null 2>"$work/check.log" || {
    cat "$work/check.log" >&2
    die "permwiz merge refuses to merge $1 (above): nothing was changed"
  }
}

step ` + quote(title) + `
` + s.String()
}

// applyScriptHeader is the part of apply.sh that is the same for every
// setup: the checks and the helpers.
var applyScriptHeader = `PERMWIZ="${PERMWIZ:-permwiz}"
RETRY_SECONDS="${RETRY_SECONDS:-10}"
export AWS_PAGER=''

die() {
  echo "apply.sh: $*" >&2
  exit 1
}

step() {
  printf '\n== %s\n' "$*" >&2
}

command -v aws >/dev/null 2>&1 ||
  die "the AWS CLI (aws) is not installed: see https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
` + permwizCheck + `account=$(aws sts get-caller-identity --query Account --output text) ||
  die "cannot tell which AWS account the credentials belong to (aws sts get-caller-identity failed)"
[ "$account" = "$ACCOUNT_ID" ] ||
  die "the AWS credentials belong to account $account, but these policies are for account $ACCOUNT_ID: use credentials (or AWS_PROFILE) of account $ACCOUNT_ID"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ensure_policy NAME FILE creates the customer managed policy NAME from FILE
# or, when it exists, makes FILE its new default version. IAM keeps at most
# five versions of a policy, so the oldest non-default one goes first.
ensure_policy() {
  local name=$1 file=$2 arn versions count oldest
  arn="arn:${PARTITION}:iam::${ACCOUNT_ID}:policy/${name}"
  if aws iam get-policy --policy-arn "$arn" >/dev/null 2>&1; then
    versions=$(aws iam list-policy-versions --policy-arn "$arn" \
      --query '[length(Versions), sort_by(Versions[?!IsDefaultVersion], &CreateDate)[0].VersionId]' --output text)
    read -r count oldest <<<"$versions"
    if [ "$count" -ge 5 ]; then
      aws iam delete-policy-version --policy-arn "$arn" --version-id "$oldest"
    fi
    aws iam create-policy-version --policy-arn "$arn" --policy-document "file://$file" --set-as-default >/dev/null
    echo "updated policy $name (new default version)" >&2
  else
    aws iam create-policy --policy-name="$name" --policy-document "file://$file" >/dev/null
    echo "created policy $name" >&2
  fi
}

# merge_into DOC CURRENT OUT merges permwiz's statements of document DOC
# into the policy in CURRENT, keeping every statement already there.
merge_into() {
  "$PERMWIZ" merge --doc "$1" --into "$2" --answers answers.yaml >"$3"
}

# put_key_policy FILE puts FILE as the key policy. KMS refuses a principal it
# cannot see yet (MalformedPolicyDocumentException), which a role created a
# moment ago can be: retry a few times before giving up.
put_key_policy() {
  local file=$1 out attempt
  for attempt in 1 2 3 4 5 6; do
    if out=$(` + continued(putPolicyCmd(KeyPolicy, keyVars, `"file://$file"`), "--policy", "      ") + ` 2>&1); then
      echo "updated the key policy of $KMS_KEY_ARN" >&2
      return 0
    fi
    case "$out" in
    *MalformedPolicyDocumentException*) ;;
    *)
      echo "$out" >&2
      return 1
      ;;
    esac
    echo "KMS does not accept the key policy yet (attempt $attempt of 6): a new role can take a moment to be visible; retrying in ${RETRY_SECONDS}s" >&2
    sleep "$RETRY_SECONDS"
  done
  echo "$out" >&2
  return 1
}

# merge_key_policy DOC merges DOC into the key's current key policy: a key
# policy is one document, and replacing it would drop its administrators.
merge_key_policy() {
  ` + continued(getPolicyCmd(KeyPolicy, keyVars), "--query", "    ") + ` >"$work/key-current.json"
  merge_into "$1" "$work/key-current.json" "$work/key-merged.json"
  put_key_policy "$work/key-merged.json"
}
`

// roleHelpers are the helpers of apply.sh for the Personalize service role.
var roleHelpers = `
# check_role_arn ARN stops when the role called ROLE_NAME is not the role the
# policies name. IAM role names are unique in an account whatever the path,
# so a role of that name under another path is the only ROLE_NAME there is,
# and the PassRole permission and the key policy, which name ROLE_ARN, would
# match no role.
check_role_arn() {
  [ "$1" = "$ROLE_ARN" ] ||
    die "the role $ROLE_NAME is $1, but these policies name $ROLE_ARN (another path), so they would match no role: rerun permwiz generate with --role-arn $1 and apply the new files"
}

# merge_trust_policy merges permwiz's statement into the role's current trust
# policy: update-assume-role-policy replaces the whole document, and the
# principals the role trusts already must keep it. The CLI prints the
# document URL-decoded, as JSON.
merge_trust_policy() {
  ` + getPolicyCmd(TrustPolicy, roleVars) + ` >"$work/trust-current.json"
  merge_into ` + wizard.DocRoleTrustPolicy + ` "$work/trust-current.json" "$work/trust-merged.json"
  ` + putPolicyCmd(TrustPolicy, roleVars, `"file://$work/trust-merged.json"`) + `
}
`

// apply.sh's shell variables for the resources the recipes name.
var (
	keyVars    = shellWords{region: `"$KEY_REGION"`, resource: `"$KMS_KEY_ARN"`}
	roleVars   = shellWords{resource: `"$ROLE_NAME"`}
	bucketVars = shellWords{resource: `"$BUCKET"`}
	streamVars = shellWords{region: `"$REGION"`, resource: `"$STREAM_ARN"`}
)

// continued breaks command c before its last flag, onto a continuation
// line indented by indent.
func continued(c, flag, indent string) string {
	i := strings.LastIndex(c, " "+flag+" ")
	return c[:i] + " \\\n" + indent + c[i+1:]
}

// applyScript is apply.sh: the plan's steps with the AWS CLI, in their
// order, made safe to run twice.
func applyScript(p *Plan) []byte {
	var s script
	s.line("#!/usr/bin/env bash")
	if p.Kinesis() {
		s.line("# apply.sh: generated by permwiz. It gives the producers, consumers and administrators of the")
		s.line("# Kinesis stream %s (account %s, %s) the KMS permissions they need, in the order", p.Stream.Name, p.Account, p.Region)
		s.line("# AWS requires, with the AWS CLI and the JSON documents beside it. It does not turn encryption")
		s.line("# on: see NEXT-STEPS.md.")
	} else {
		s.line("# apply.sh: generated by permwiz. It sets up the Amazon Personalize permissions for account")
		s.line("# %s (%s) in the order AWS requires, with the AWS CLI and the JSON documents", p.Account, p.Region)
		s.line("# beside it. It can be run twice: an existing role is updated, an existing policy gets a new")
		s.line("# default version, and the key and bucket policies are merged, never replaced.")
		s.line("#")
		s.line("#   USER_NAME=alice ./apply.sh   also attach the user policy to the IAM user alice")
		s.line("#   GROUP_NAME=team ./apply.sh   ... or to the IAM group team")
	}
	s.line("#   PERMWIZ=/path/to/permwiz     the permwiz that merges policies (default: permwiz on the PATH)")
	s.line("set -euo pipefail")
	s.line(`cd "$(dirname "$0")"`)
	s.line("")
	s.line("ACCOUNT_ID=%s", quote(p.Account))
	s.line("PARTITION=%s", quote(p.Partition))
	if p.Key.ARN != "" {
		s.line("KMS_KEY_ARN=%s", quote(p.Key.ARN))
		s.line("KEY_REGION=%s", quote(p.Key.Region))
	} else {
		// The helpers name them; set -u wants them set.
		s.line("KMS_KEY_ARN=''")
		s.line("KEY_REGION=''")
	}
	if p.Kinesis() {
		if _, ok := p.merge(StreamPolicy); ok {
			s.line("REGION=%s", quote(p.Region))
			s.line("STREAM_ARN=%s", quote(p.Stream.ARN))
		}
		if _, ok := p.Policy(wizard.DocKinesisAdmin); ok {
			s.line(`ADMIN_ROLE_NAME="${ADMIN_ROLE_NAME:-}"`)
		}
	} else {
		r := p.Role
		s.line("ROLE_NAME=%s", quote(r.Name))
		s.line("ROLE_ARN=%s", quote(r.ARN))
		if !r.Existing {
			s.line("ROLE_PATH=%s", quote(r.Path))
		}
		s.line("BUCKET=%s", quote(p.Bucket))
		if ob := p.bundle.Answers.OutputBucket; ob != "" {
			s.line("OUTPUT_BUCKET=%s", quote(ob))
		}
		s.line(`USER_NAME="${USER_NAME:-}"`)
		s.line(`GROUP_NAME="${GROUP_NAME:-}"`)
	}
	header := applyScriptHeader
	if _, stream := p.merge(StreamPolicy); p.Kinesis() && !p.mergesKeyPolicy() && !stream {
		// Nothing to merge: the script runs without permwiz.
		header = strings.Replace(header, permwizCheck, "", 1)
	}
	header = strings.Replace(header, "account=$(aws sts", sizeChecks(p)+"account=$(aws sts", 1)
	s.WriteString(header)
	if !p.Kinesis() {
		s.WriteString(roleHelpers)
	}
	s.WriteString(mergeChecks(p))
	for _, st := range p.Steps {
		body := stepScript(p, st)
		if body == "" {
			continue
		}
		s.line("")
		s.line("step %s", quote(fmt.Sprintf("%d. %s", st.N, st.Title)))
		s.WriteString(body)
	}
	s.line("")
	if p.Key.OtherAccount && p.KeyPolicyDoc != "" {
		s.line("echo %s >&2", quote("Still to do, by account "+p.Key.Account+": merge permwiz's statements into the key policy (the commands printed above; the key-policy step of NEXT-STEPS.md)."))
	}
	if p.Kinesis() {
		s.line("echo 'Done. Next: turn on encryption once every producer and consumer can use the key:' >&2")
		for _, st := range p.Steps {
			for _, act := range st.Actions {
				if e, ok := act.(EnableEncryption); ok {
					s.line("echo %s >&2", quote("  "+encryptionCmd(e, true, verbatim)))
				}
			}
		}
	} else {
		s.line("echo 'Done. Check each step with the Verify commands in NEXT-STEPS.md.' >&2")
	}
	return []byte(s.String())
}

// stepScript is the part of apply.sh for one step ("" for the steps it
// leaves to the user, such as turning Kinesis encryption on).
func stepScript(p *Plan, st Step) string {
	var s script
	var userARNs []string // the policies for $USER_NAME or $GROUP_NAME
	for _, act := range st.Actions {
		switch act := act.(type) {
		case CreateRole:
			s.line(`if role_arn=$(aws iam get-role --role-name="$ROLE_NAME" --query Role.Arn --output text 2>/dev/null); then`)
			s.line(`  check_role_arn "$role_arn"`)
			s.line(`  merge_trust_policy`)
			s.line(`  echo "role $ROLE_NAME exists: merged permwiz's statement into its trust policy" >&2`)
			s.line(`else`)
			s.line(`  aws iam create-role --role-name="$ROLE_NAME" --path="$ROLE_PATH" --assume-role-policy-document %s >/dev/null`, quote("file://"+act.TrustDoc+".json"))
			s.line(`  echo "created role $ROLE_NAME" >&2`)
			s.line(`fi`)
		case EnsurePolicy:
			s.line("ensure_policy %s %s", quote(act.Policy.Name), quote(act.Policy.DocID+".json"))
		case Attach:
			to := act.To
			switch {
			case to.OrGroup:
				userARNs = append(userARNs, act.PolicyARN)
			case to.Placeholder && to.Var != "":
				s.line(`if [ -n "$%s" ]; then`, to.Var)
				s.line(`  aws iam attach-%s-policy --%s-name="$%s" --policy-arn %s`, to.Kind, to.Kind, to.Var, quote(act.PolicyARN))
				s.line(`else`)
				s.line(`  echo %s >&2`, quote(to.Var+" is not set: attach "+act.PolicyARN+" to "+to.Who+" yourself"))
				s.line(`fi`)
			case to.Placeholder:
				s.line("echo %s >&2", quote("attach "+act.PolicyARN+" to "+to.Who+" yourself"))
			case to.Var != "":
				s.line(`aws iam attach-%s-policy --%s-name="$%s" --policy-arn %s`, to.Kind, to.Kind, to.Var, quote(act.PolicyARN))
			default:
				s.line("aws iam attach-%s-policy %s --policy-arn %s", to.Kind, opt("--"+to.Kind+"-name", quote(to.Name)), quote(act.PolicyARN))
			}
		case AttachElsewhere:
			s.line("echo %s >&2", quote(act.PrincipalARN+" is not a role or user of account "+p.Account+": give it the permissions of "+act.Doc+".json in its own account (NEXT-STEPS.md has the commands)"))
		case MergePut:
			mergeScript(&s, p, st, act)
		}
	}
	if len(userARNs) > 0 {
		s.line(`if [ -n "$USER_NAME" ]; then`)
		for _, arn := range userARNs {
			s.line(`  aws iam attach-user-policy --user-name="$USER_NAME" --policy-arn %s`, quote(arn))
		}
		s.line(`elif [ -n "$GROUP_NAME" ]; then`)
		for _, arn := range userARNs {
			s.line(`  aws iam attach-group-policy --group-name="$GROUP_NAME" --policy-arn %s`, quote(arn))
		}
		s.line(`else`)
		s.line(`  echo "USER_NAME and GROUP_NAME are not set: attach %s to your IAM user or group yourself, or rerun with USER_NAME=..." >&2`, strings.Join(userARNs, " and "))
		s.line(`fi`)
	}
	return s.String()
}

// mergeScript is apply.sh's get → merge → put of one resource policy.
func mergeScript(s *script, p *Plan, st Step, m MergePut) {
	switch m.Policy {
	case TrustPolicy:
		s.line(`role_arn=$(aws iam get-role --role-name="$ROLE_NAME" --query Role.Arn --output text) ||`)
		s.line(`  die "the role $ROLE_NAME does not exist: the answers name an existing role (role_arn); create it, or answer role_name instead"`)
		s.line(`check_role_arn "$role_arn"`)
		s.line(`merge_trust_policy`)
		s.line(`echo "merged permwiz's statement into the trust policy of role $ROLE_NAME" >&2`)
	case KeyPolicy:
		if !m.OtherAccount && !p.primary(m) {
			// Another key of this account (batch output): the same helper,
			// with the key's ARN and Region for its duration.
			s.line("(")
			s.line("  KMS_KEY_ARN=%s", quote(m.Resource))
			s.line("  KEY_REGION=%s", quote(m.Region))
			s.line("  merge_key_policy %s", quote(m.Doc))
			s.line(")")
			return
		}
		if m.OtherAccount {
			// KMS lets only the key's own account change its key policy:
			// these credentials cannot, so the script hands the step over.
			for _, l := range append([]string{p.keyOwnerNote()}, commands(p, st)...) {
				s.line("echo %s >&2", quote(l))
			}
			return
		}
		s.line("merge_key_policy %s", quote(m.Doc))
	case BucketPolicy:
		vars, name := bucketVars, "$BUCKET"
		if !p.primary(m) {
			vars, name = shellWords{resource: `"$OUTPUT_BUCKET"`}, "$OUTPUT_BUCKET"
		}
		s.line(`if %s >"$work/bucket-current.json" 2>"$work/bucket-error"; then`, getPolicyCmd(BucketPolicy, vars))
		s.line(`  merge_into %s "$work/bucket-current.json" "$work/bucket-merged.json"`, quote(m.Doc))
		s.line(`elif grep -q NoSuchBucketPolicy "$work/bucket-error"; then`)
		s.line(`  # The bucket has no policy yet: permwiz's document is the whole policy.`)
		s.line(`  cp %s "$work/bucket-merged.json"`, quote(m.Doc+".json"))
		s.line(`else`)
		s.line(`  cat "$work/bucket-error" >&2`)
		s.line(`  die "cannot read the bucket policy of %s"`, name)
		s.line(`fi`)
		s.line(`%s`, putPolicyCmd(BucketPolicy, vars, `"file://$work/bucket-merged.json"`))
		s.line(`echo "updated the bucket policy of %s" >&2`, name)
	case StreamPolicy:
		s.line(`current=$(%s 2>/dev/null || true)`, getPolicyCmd(StreamPolicy, streamVars))
		s.line(`if [ -z "$current" ] || [ "$current" = "{}" ] || [ "$current" = "None" ]; then`)
		s.line(`  # The stream has no resource policy yet: permwiz's document is the whole policy.`)
		s.line(`  cp %s "$work/stream-merged.json"`, quote(m.Doc+".json"))
		s.line(`else`)
		s.line(`  printf '%%s\n' "$current" >"$work/stream-current.json"`)
		s.line(`  merge_into %s "$work/stream-current.json" "$work/stream-merged.json"`, quote(m.Doc))
		s.line(`fi`)
		s.line(`%s >/dev/null`, putPolicyCmd(StreamPolicy, streamVars, `"file://$work/stream-merged.json"`))
		s.line(`echo "updated the resource policy of stream $STREAM_ARN" >&2`)
	}
}
