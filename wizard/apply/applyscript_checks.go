package apply

// apply.sh's checks before its first change (every document's size, the
// merged key and bucket policies) and the shell helpers it defines.

import (
	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

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
// mergeLabel names the policy m merges into, for step 0's title.
func mergeLabel(p *Plan, m MergePut) string {
	what := "key"
	if m.Policy == BucketPolicy {
		what = "bucket"
	}
	if p.primary(m) {
		return what
	}
	if m.Policy == BucketPolicy {
		return "output bucket"
	}
	return "batch output key"
}

func mergeChecks(p *Plan) string {
	var s script
	var what []string
	for _, m := range p.mergeSteps() {
		switch {
		case m.Policy == KeyPolicy && !m.OtherAccount:
			what = append(what, mergeLabel(p, m))
			s.line(`%s >"$work/key-check.json"`, getPolicyCmd(KeyPolicy, mergeTarget(p, m)))
			s.line(`check_merge %s "$work/key-check.json"`, quote(m.Doc))
		case m.Policy == BucketPolicy:
			what = append(what, mergeLabel(p, m))
			s.line(`if %s >"$work/bucket-check.json" 2>/dev/null; then`, getPolicyCmd(BucketPolicy, mergeTarget(p, m)))
			s.line(`  check_merge %s "$work/bucket-check.json"`, quote(m.Doc))
			s.line(`fi`)
		}
	}
	if s.Len() == 0 {
		return ""
	}
	title := "0. Check that the merged " + what[0] + " policy fits its AWS limit"
	if len(what) > 1 {
		title = "0. Check that the merged " + andList(what) + " policies fit their AWS limits"
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
