package apply

import (
	"fmt"
	"strings"

	"permwiz/wizard"
)

// q quotes a value for bash, always: apply.sh quotes every value, so that a
// name can never be read as two words or a glob.
func q(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// script accumulates apply.sh.
type script struct{ strings.Builder }

func (s *script) line(format string, args ...interface{}) {
	fmt.Fprintf(&s.Builder, format, args...)
	s.WriteByte('\n')
}

// permwizCheck stops apply.sh early when the permwiz that merges the key
// and bucket policies is missing, rather than half-way through.
const permwizCheck = `command -v "$PERMWIZ" >/dev/null 2>&1 ||
  die "permwiz is not on the PATH: install it, or set PERMWIZ=/path/to/permwiz"
`

// applyScriptHeader is the part of apply.sh that is the same for every
// setup: the checks and the helpers.
const applyScriptHeader = `PERMWIZ="${PERMWIZ:-permwiz}"
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
    aws iam create-policy --policy-name "$name" --policy-document "file://$file" >/dev/null
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
    if out=$(aws kms put-key-policy --region "$KEY_REGION" --key-id "$KMS_KEY_ARN" --policy-name default \
      --policy "file://$file" 2>&1); then
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
  aws kms get-key-policy --region "$KEY_REGION" --key-id "$KMS_KEY_ARN" --policy-name default \
    --query Policy --output text >"$work/key-current.json"
  merge_into "$1" "$work/key-current.json" "$work/key-merged.json"
  put_key_policy "$work/key-merged.json"
}
`

// roleHelpers are the helpers of apply.sh for the Personalize service role.
const roleHelpers = `
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
  aws iam get-role --role-name "$ROLE_NAME" --query Role.AssumeRolePolicyDocument --output json >"$work/trust-current.json"
  merge_into role-trust-policy "$work/trust-current.json" "$work/trust-merged.json"
  aws iam update-assume-role-policy --role-name "$ROLE_NAME" --policy-document "file://$work/trust-merged.json"
}
`

// applyScript is apply.sh: the AWS CLI commands of NextSteps, in their
// order, made safe to run twice.
func applyScript(b *wizard.Bundle) []byte {
	a := b.Answers
	var s script
	s.line("#!/usr/bin/env bash")
	if a.Setup == wizard.SetupKinesis {
		s.line("# apply.sh: generated by permwiz. It gives the producers, consumers and administrators of the")
		s.line("# Kinesis stream %s (account %s, %s) the KMS permissions they need, in the order", b.Stream.Name, a.AccountID, a.Region)
		s.line("# AWS requires, with the AWS CLI and the JSON documents beside it. It does not turn encryption")
		s.line("# on: see NEXT-STEPS.md.")
	} else {
		s.line("# apply.sh: generated by permwiz. It sets up the Amazon Personalize permissions for account")
		s.line("# %s (%s) in the order AWS requires, with the AWS CLI and the JSON documents", a.AccountID, a.Region)
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
	s.line("ACCOUNT_ID=%s", q(a.AccountID))
	s.line("PARTITION=%s", q(b.Partition))
	if a.KMSKeyARN != "" {
		s.line("KMS_KEY_ARN=%s", q(a.KMSKeyARN))
		s.line("KEY_REGION=%s", q(b.Key.Region))
	} else {
		// The helpers name them; set -u wants them set.
		s.line("KMS_KEY_ARN=''")
		s.line("KEY_REGION=''")
	}
	if a.Setup == wizard.SetupKinesis {
		if b.Doc(wizard.DocKinesisAdmin) != nil {
			s.line(`ADMIN_ROLE_NAME="${ADMIN_ROLE_NAME:-}"`)
		}
	} else {
		r := b.Role
		s.line("ROLE_NAME=%s", q(r.Name))
		s.line("ROLE_ARN=%s", q(r.ARN))
		if !r.Existing {
			s.line("ROLE_PATH=%s", q(r.Path))
		}
		s.line("BUCKET=%s", q(a.Bucket))
		s.line(`USER_NAME="${USER_NAME:-}"`)
		s.line(`GROUP_NAME="${GROUP_NAME:-}"`)
	}
	header := applyScriptHeader
	if a.Setup == wizard.SetupKinesis && !mergesKeyPolicy(b) {
		// Nothing to merge: the script runs without permwiz.
		header = strings.Replace(header, permwizCheck, "", 1)
	}
	s.WriteString(header)
	if a.Setup != wizard.SetupKinesis {
		s.WriteString(roleHelpers)
	}
	for _, st := range wizard.NextSteps(b) {
		body := stepScript(b, st)
		if body == "" {
			continue
		}
		s.line("")
		s.line("step %s", q(fmt.Sprintf("%d. %s", st.N, st.Title)))
		s.WriteString(body)
	}
	s.line("")
	if owner := b.Key.Account; b.Key.OtherAccount && b.KeyPolicyDoc() != "" {
		s.line("echo %s >&2", q("Still to do, by account "+owner+": merge permwiz's statements into the key policy (the commands printed above; the key-policy step of NEXT-STEPS.md)."))
	}
	if a.Setup == wizard.SetupKinesis {
		s.line("echo 'Done. Next: turn on encryption once every producer and consumer can use the key:' >&2")
		s.line("echo %s >&2", q("  aws kinesis start-stream-encryption --region "+a.Region+" --stream-name "+b.Stream.Name+" --encryption-type KMS --key-id "+a.KMSKeyARN))
	} else {
		s.line("echo 'Done. Check each step with the Verify commands in NEXT-STEPS.md.' >&2")
	}
	return []byte(s.String())
}

// stepScript is the part of apply.sh for one step ("" for the steps it
// leaves to the user, such as turning Kinesis encryption on).
func stepScript(b *wizard.Bundle, st wizard.NextStep) string {
	var s script
	switch st.ID {
	case wizard.StepIDRole:
		trust := "file://" + wizard.DocRoleTrustPolicy + ".json"
		if b.Role.Existing {
			s.line(`role_arn=$(aws iam get-role --role-name "$ROLE_NAME" --query Role.Arn --output text) ||`)
			s.line(`  die "the role $ROLE_NAME does not exist: the answers name an existing role (role_arn); create it, or answer role_name instead"`)
			s.line(`check_role_arn "$role_arn"`)
			s.line(`merge_trust_policy`)
			s.line(`echo "merged permwiz's statement into the trust policy of role $ROLE_NAME" >&2`)
			break
		}
		s.line(`if role_arn=$(aws iam get-role --role-name "$ROLE_NAME" --query Role.Arn --output text 2>/dev/null); then`)
		s.line(`  check_role_arn "$role_arn"`)
		s.line(`  merge_trust_policy`)
		s.line(`  echo "role $ROLE_NAME exists: merged permwiz's statement into its trust policy" >&2`)
		s.line(`else`)
		s.line(`  aws iam create-role --role-name "$ROLE_NAME" --path "$ROLE_PATH" --assume-role-policy-document %s >/dev/null`, q(trust))
		s.line(`  echo "created role $ROLE_NAME" >&2`)
		s.line(`fi`)
	case wizard.StepIDRolePolicy, wizard.StepIDRoleKMS, wizard.StepIDRoleS3:
		if m, ok := b.ManagedPolicy(st.Doc); ok {
			s.line("ensure_policy %s %s", q(m.Name), q(m.DocID+".json"))
			s.line(`aws iam attach-role-policy --role-name "$ROLE_NAME" --policy-arn %s`, q(m.ARN(b)))
		}
		for _, at := range b.Attachments {
			if at.To == wizard.AttachRole && st.ID == wizard.StepIDRolePolicy {
				s.line(`aws iam attach-role-policy --role-name "$ROLE_NAME" --policy-arn %s`, q(at.PolicyARN))
			}
		}
	case wizard.StepIDUser:
		var arns []string
		if m, ok := b.ManagedPolicy(wizard.DocUserPolicy); ok {
			s.line("ensure_policy %s %s", q(m.Name), q(m.DocID+".json"))
			arns = append(arns, m.ARN(b))
		}
		for _, at := range b.Attachments {
			if at.To == wizard.AttachUser {
				arns = append(arns, at.PolicyARN)
			}
		}
		s.line(`if [ -n "$USER_NAME" ]; then`)
		for _, arn := range arns {
			s.line(`  aws iam attach-user-policy --user-name "$USER_NAME" --policy-arn %s`, q(arn))
		}
		s.line(`elif [ -n "$GROUP_NAME" ]; then`)
		for _, arn := range arns {
			s.line(`  aws iam attach-group-policy --group-name "$GROUP_NAME" --policy-arn %s`, q(arn))
		}
		s.line(`else`)
		s.line(`  echo "USER_NAME and GROUP_NAME are not set: attach %s to your IAM user or group yourself, or rerun with USER_NAME=..." >&2`, strings.Join(arns, " and "))
		s.line(`fi`)
	case wizard.StepIDKeyPolicy:
		if !mergesKeyPolicy(b) {
			// KMS lets only the key's own account change its key policy:
			// these credentials cannot, so the script hands the step over.
			for _, l := range append([]string{wizard.KeyOwnerNote(b)}, strings.Split(st.CLI, "\n")...) {
				s.line("echo %s >&2", q(l))
			}
			break
		}
		s.line("merge_key_policy %s", q(st.Doc))
	case wizard.StepIDBucketPolicy:
		s.line(`if aws s3api get-bucket-policy --bucket "$BUCKET" --query Policy --output text >"$work/bucket-current.json" 2>"$work/bucket-error"; then`)
		s.line(`  merge_into %s "$work/bucket-current.json" "$work/bucket-merged.json"`, q(wizard.DocS3BucketPolicy))
		s.line(`elif grep -q NoSuchBucketPolicy "$work/bucket-error"; then`)
		s.line(`  # The bucket has no policy yet: permwiz's document is the whole policy.`)
		s.line(`  cp %s "$work/bucket-merged.json"`, q(wizard.DocS3BucketPolicy+".json"))
		s.line(`else`)
		s.line(`  cat "$work/bucket-error" >&2`)
		s.line(`  die "cannot read the bucket policy of $BUCKET"`)
		s.line(`fi`)
		s.line(`aws s3api put-bucket-policy --bucket "$BUCKET" --policy "file://$work/bucket-merged.json"`)
		s.line(`echo "updated the bucket policy of $BUCKET" >&2`)
	case wizard.StepIDProducers, wizard.StepIDConsumers, wizard.StepIDAdmins:
		m, _ := b.ManagedPolicy(st.Doc)
		s.line("ensure_policy %s %s", q(m.Name), q(m.DocID+".json"))
		principals := b.Answers.Producers
		if st.ID == wizard.StepIDConsumers {
			principals = b.Answers.Consumers
		}
		if st.ID == wizard.StepIDAdmins {
			s.line(`if [ -n "$ADMIN_ROLE_NAME" ]; then`)
			s.line(`  aws iam attach-role-policy --role-name "$ADMIN_ROLE_NAME" --policy-arn %s`, q(m.ARN(b)))
			s.line(`else`)
			s.line(`  echo %s >&2`, q("ADMIN_ROLE_NAME is not set: attach "+m.ARN(b)+" to the roles that manage the stream's encryption yourself"))
			s.line(`fi`)
			break
		}
		attached := false
		for _, p := range principals {
			if kind, name, ok := b.PrincipalName(p); ok {
				s.line("aws iam attach-%s-policy --%s-name %s --policy-arn %s", kind, kind, q(name), q(m.ARN(b)))
				attached = true
			} else {
				s.line("echo %s >&2", q(p+" is not a role or user of account "+b.Answers.AccountID+": give it the permissions of "+m.DocID+".json in its own account"))
			}
		}
		if !attached {
			s.line("echo %s >&2", q("attach "+m.ARN(b)+" to "+b.Doc(st.Doc).Target+" yourself"))
		}
	default:
		return ""
	}
	return s.String()
}

// mergesKeyPolicy reports whether apply.sh merges the key policy itself: the
// bundle has one, and the key belongs to the answers' account, whose
// credentials the script runs with.
func mergesKeyPolicy(b *wizard.Bundle) bool {
	other := b.Key.OtherAccount
	return b.KeyPolicyDoc() != "" && !other
}
