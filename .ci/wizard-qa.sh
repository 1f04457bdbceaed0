#!/usr/bin/env bash
# wizard-qa.sh BIN OUTDIR
#
# Walks the permwiz wizard (the real binary, in tmux) through fixed scenarios
# at 80x24, 100x30 and 120x40, plus the accessible (--accessible) prompts, and
# the first-time-user cases of issue 10 (signals keep the answers and exit
# 128+n, finishing offers to save and to change the folder, an existing role
# in step 2, forgiving input, the ? key list, bad preset values shown, the
# accessible prompts' wrong choice then end of input, a pipe exits 2), and
# writes one text capture per meaningful step to
#   OUTDIR/<size>-<scenario>-<nn>-<what>.txt
# and a summary (exit codes, saved files with sha256) to OUTDIR/results.txt.
# Times and dates on screen are masked so that two runs can be compared with
# `diff -r`, for instance before and after a refactor.
#
# Every run is isolated: a private tmux server (own socket, no ~/.tmux.conf),
# a fresh working folder per scenario with PERMWIZ_STATE_DIR, HOME and
# XDG_CONFIG_HOME inside it, and --out pointing at it (relative paths, so the
# screens do not show temp folder names). Nothing of the user's is touched.
#
# Waiting is deterministic: after each key the script polls capture-pane until
# an expected string is on screen (or the screen changed) and then until
# SETTLE consecutive captures are equal; a step that does not get there within
# WAIT_TIMEOUT seconds fails its scenario (noted in results.txt, exit 1 at the
# end).
#
# Environment knobs: WAIT_TIMEOUT (default 15), SETTLE (default 3),
# POLL (default 0.05), SIZES (default "80x24 100x30 120x40"), KEEP_WORK=1
# keeps the scratch folder (launch scripts, out/, state/) for inspection.
# The scenarios are called through run, the cleanup through trap:
# shellcheck disable=SC2317
set -euo pipefail

usage() {
	echo "usage: $0 BIN OUTDIR" >&2
	exit 2
}
[[ $# -eq 2 ]] || usage
[[ -x $1 ]] || {
	echo "$0: $1 is not an executable" >&2
	exit 2
}
command -v tmux >/dev/null || {
	echo "$0: tmux is needed" >&2
	exit 2
}

BIN=$(realpath "$1")
mkdir -p "$2"
OUT=$(realpath "$2")
if [[ -n $(ls -A "$OUT") ]]; then
	echo "$0: $OUT is not empty; give an empty or new folder" >&2
	exit 2
fi

WAIT_TIMEOUT=${WAIT_TIMEOUT:-15}
SETTLE=${SETTLE:-3}
POLL=${POLL:-0.05}
read -r -a SIZE_LIST <<<"${SIZES:-80x24 100x30 120x40}"

ACCOUNT=111122223333
KEY_EAST=arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
KEY_WEST=arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
PRODUCERS=arn:aws:iam::111122223333:role/StreamWriter
CONSUMERS=arn:aws:iam::111122223333:role/StreamReader,arn:aws:iam::111122223333:role/service-role/FlinkApp

WORK=$(mktemp -d "${TMPDIR:-/tmp}/permwiz-qa.XXXXXX")
SOCK=$WORK/tmux.sock
RESULTS=$OUT/results.txt
FAILED=0

cleanup() {
	tmux -S "$SOCK" kill-server 2>/dev/null || true
	if [[ -n ${KEEP_WORK:-} ]]; then
		echo "work folder kept: $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export LC_ALL=C.UTF-8 LANG=C.UTF-8

tm() { tmux -S "$SOCK" -f /dev/null "$@"; }

# Per-scenario state, set by begin.
SIZE="" SCEN="" RUN="" SESSION="" STEP=0 LAUNCH=0

# mask replaces what changes from run to run: times and dates, the work folder.
# A date alone is kept: "Version": "2012-10-17" is not a clock.
mask() {
	sed -E \
		-e "s#${WORK//#/\\#}#<work>#g" \
		-e 's/\b[0-9]{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{1,2}:[0-9]{2}\b/<date>/g' \
		-e 's/\b[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?/<date>/g' \
		-e 's/\b[0-9]{1,2}:[0-9]{2}:[0-9]{2}\b/<time>/g'
}

note() { printf '%s\n' "$*" >>"$RESULTS"; }

capture() { tm capture-pane -p -t "$SESSION" "$@"; }

# settle waits until SETTLE consecutive captures are equal.
settle() {
	local prev cur same=1 deadline=$((SECONDS + WAIT_TIMEOUT))
	prev=$(capture)
	while ((same < SETTLE)); do
		sleep "$POLL"
		cur=$(capture)
		if [[ $cur == "$prev" ]]; then
			same=$((same + 1))
		else
			same=1
			prev=$cur
		fi
		if ((SECONDS > deadline)); then
			echo "screen never settled" >&2
			return 1
		fi
	done
}

# wait_for TEXT: until TEXT (fixed string) is on screen, then settled.
wait_for() {
	local deadline=$((SECONDS + WAIT_TIMEOUT))
	until capture | grep -qF -- "$1"; do
		if ((SECONDS > deadline)); then
			echo "timed out waiting for: $1" >&2
			capture >&2 || true
			return 1
		fi
		sleep "$POLL"
	done
	settle
}

# wait_gone TEXT: until TEXT is no longer on screen, then settled.
wait_gone() {
	local deadline=$((SECONDS + WAIT_TIMEOUT))
	while capture | grep -qF -- "$1"; do
		if ((SECONDS > deadline)); then
			echo "timed out waiting for the screen to drop: $1" >&2
			return 1
		fi
		sleep "$POLL"
	done
	settle
}

# wait_change BEFORE [optional]: until the screen differs from BEFORE, then
# settled. With "optional", a screen that stays the same for 2 s is accepted
# (a key that does nothing at this size).
wait_change() {
	local before=$1 limit=$WAIT_TIMEOUT deadline
	[[ ${2:-} == optional ]] && limit=2
	deadline=$((SECONDS + limit))
	while [[ $(capture) == "$before" ]]; do
		if ((SECONDS > deadline)); then
			[[ ${2:-} == optional ]] && return 0
			echo "timed out waiting for the screen to change" >&2
			return 1
		fi
		sleep "$POLL"
	done
	settle
}

# wait_last REGEX: until the last non-blank line (wrapped lines joined)
# matches REGEX: the accessible prompt now waiting for an answer.
wait_last() {
	local deadline=$((SECONDS + WAIT_TIMEOUT))
	until capture -J | grep -v '^[[:space:]]*$' | tail -n 1 | grep -qE -- "$1"; do
		if ((SECONDS > deadline)); then
			echo "timed out waiting for the prompt: $1" >&2
			capture -J >&2 || true
			return 1
		fi
		sleep "$POLL"
	done
	settle
}

keys() { tm send-keys -t "$SESSION" "$@"; }
typed() { tm send-keys -t "$SESSION" -l -- "$1"; }

# key_expect TEXT KEY...: send keys, wait for TEXT.
key_expect() {
	local want=$1
	shift
	keys "$@"
	wait_for "$want"
}

# key_change KEY...: send keys, wait for the screen to change.
key_change() {
	local before
	before=$(capture)
	keys "$@"
	wait_change "$before"
}

# key_maybe KEY...: send keys, wait for the screen to change or for 2 s (a
# key that may do nothing at this size).
key_maybe() {
	local before
	before=$(capture)
	keys "$@"
	wait_change "$before" optional
}

# snap WHAT: the visible screen into OUTDIR/<size>-<scenario>-<nn>-<what>.txt
snap() {
	STEP=$((STEP + 1))
	capture | mask >"$OUT/$(printf '%s-%s-%02d-%s' "$SIZE" "$SCEN" "$STEP" "$1").txt"
}

# snap_all WHAT: the whole history (wrapped lines joined), for transcripts.
snap_all() {
	STEP=$((STEP + 1))
	capture -J -S - -E - | sed -E "s/[[:space:]]+$//" | mask >"$OUT/$(printf '%s-%s-%02d-%s' "$SIZE" "$SCEN" "$STEP" "$1").txt"
}

# begin SIZE SCENARIO: a fresh working folder for the scenario.
begin() {
	SIZE=$1 SCEN=$2 STEP=0 LAUNCH=0
	RUN=$WORK/run/$SIZE-$SCEN
	mkdir -p "$RUN/home"
}

# launch [ARGS...]: start permwiz in a new detached tmux session of the
# scenario's size. Its stdout goes to stdout-N.txt, its exit code to rc-N.
launch() {
	local w=${SIZE%x*} h=${SIZE#*x} script
	LAUNCH=$((LAUNCH + 1))
	SESSION="qa$$-$SIZE-$SCEN-$LAUNCH"
	script=$RUN/launch-$LAUNCH.sh
	{
		# shellcheck disable=SC2016 # expanded by the launch script
		echo 'cd "$(dirname "$0")" || exit 1'
		printf 'env -i PATH=%q HOME=%q XDG_CONFIG_HOME=%q LC_ALL=C.UTF-8 LANG=C.UTF-8 ' \
			"$PATH" "$RUN/home" "$RUN/home/.config"
		printf 'NO_COLOR=1 TERM=xterm-256color PERMWIZ_STATE_DIR=state '
		printf '%q ' "$BIN" --out out "$@"
		printf '>stdout-%d.txt\n' "$LAUNCH"
		# shellcheck disable=SC2016
		printf 'echo $? >rc-%d.tmp && mv rc-%d.tmp rc-%d\n' "$LAUNCH" "$LAUNCH" "$LAUNCH"
		echo 'exec sleep 100000'
	} >"$script"
	tm new-session -d -s "$SESSION" -x "$w" -y "$h" "bash $(printf %q "$script")"
	tm set-option -t "$SESSION" history-limit 20000 >/dev/null
}

# finished: wait for the program's exit code (sets RC).
RC=""
finished() {
	local f=$RUN/rc-$LAUNCH deadline=$((SECONDS + WAIT_TIMEOUT))
	until [[ -f $f ]]; do
		if ((SECONDS > deadline)); then
			echo "permwiz did not exit" >&2
			return 1
		fi
		sleep "$POLL"
	done
	RC=$(<"$f")
	settle
}

# record_exit EXPECTED: exit code and stdout of the last launch.
record_exit() {
	local verdict=ok
	[[ $RC == "$1" ]] || verdict="UNEXPECTED (wanted $1)"
	note "  launch $LAUNCH: exit $RC $verdict"
	mask <"$RUN/stdout-$LAUNCH.txt" >"$OUT/$SIZE-$SCEN-stdout-$LAUNCH.txt"
	[[ $RC == "$1" ]]
}

# record_files: names and sha256 of what the scenario saved.
record_files() {
	local f
	if [[ ! -d $RUN/out ]]; then
		note "  saved: nothing"
		return
	fi
	note "  saved into --out:"
	(cd "$RUN/out" && find . -type f | LC_ALL=C sort) | while read -r f; do
		note "    $(sha256sum "$RUN/out/$f" | cut -d' ' -f1)  ${f#./}"
	done
}

# record_resume: the sha256 of the answers ctrl+c kept (resume.yaml) and a
# copy of them; fails the scenario when there are none.
record_resume() {
	if [[ -f $RUN/state/resume.yaml ]]; then
		note "  resume.yaml: exists, sha256 $(sha256sum "$RUN/state/resume.yaml" | cut -d' ' -f1)"
		mask <"$RUN/state/resume.yaml" >"$OUT/$SIZE-$SCEN-resume.yaml"
	else
		note "  resume.yaml: MISSING"
		return 1
	fi
}

end_session() { tm kill-session -t "$SESSION" 2>/dev/null || true; }

# ---------------------------------------------------------------- scenarios

# Personalize: every step, a bad account ID, back with shift+tab and esc,
# the review's tabs, details, format cycle, save, finish.
scen_personalize() {
	launch
	wait_for "What are you setting up?"
	snap setup
	key_expect "› AWS account ID" Enter
	snap account
	typed 12ab
	wait_for "12ab"
	key_expect "exactly 12 digits" Enter
	snap account-invalid
	key_expect "e.g. 111122223333" BSpace BSpace BSpace BSpace
	typed "$ACCOUNT"
	wait_for "$ACCOUNT"
	key_expect "› Region" Enter
	snap account-fixed
	typed us-east-1
	wait_for "> us-east-1"
	key_expect "› Service role name" Enter
	typed PersonalizeRole
	wait_for "> PersonalizeRole"
	snap role-name
	key_expect "› User permissions" Enter
	snap user-policy
	key_expect "› Service role name" BTab
	snap back-shift-tab
	key_expect "› User permissions" Enter
	key_expect "› Also attach" Enter
	snap cloudwatch
	key_expect "› Create the service role" Enter
	snap role-mode
	key_expect "› Role path" Enter
	snap service-role
	key_expect "› Service role permissions" Enter
	key_expect "› Let Personalize assume" Enter
	snap trust-any-region
	key_expect "› KMS key ARN" Enter
	snap kms
	typed "$KEY_EAST"
	wait_for "1234567890ab"
	snap kms-typed
	key_expect "› What does the key encrypt?" Enter
	key_expect "[x] The S3 bucket" Down Space
	snap key-use
	key_expect "› S3 bucket name" Enter
	typed my-personalize-data
	wait_for "> my-personalize-data"
	key_expect "› Which workflows use the bucket?" Enter
	key_expect "[x] Batch inference" Down Space
	key_expect "[x] Dataset export" Down Space
	key_expect "[x] Metric attribution" Down Space
	snap workflows-all
	key_expect "[ ] Dataset export" Up Space
	snap workflows
	key_expect "› KMS key ARN" Escape
	snap back-esc
	key_expect "› What does the key encrypt?" Enter
	key_expect "› S3 bucket name" Enter
	key_expect "› Which workflows use the bucket?" Enter
	# Ticking batch inference and metric attribution added the Output step
	# (its questions are optional): enter goes there, not to the review.
	key_expect "› Output bucket" Enter
	snap output
	enter_until "q finish"
	snap review
	local i
	for i in 2 3 4 5 6 7 8 9; do
		key_change Tab
		snap "review-tab$i"
	done
	key_change d
	snap review-details
	key_change d
	snap review-document
	key_expect "save cli" f
	snap format-cli
	key_expect "save terraform" f
	snap format-terraform
	key_expect "save cloudformation" f
	snap format-cloudformation
	key_expect "save json" f
	snap format-json
	key_expect "saved 9 files (json)" s
	snap saved
	keys q
	finished
	snap finished
	record_exit 0
	record_files
	end_session
}

# Kinesis: every step, ctrl+s in the form, the review's tabs, then a second
# save as Terraform that asks before replacing files.
scen_kinesis() {
	launch
	wait_for "What are you setting up?"
	key_expect "(•) Kinesis" Down
	snap setup
	key_expect "› AWS account ID" Enter
	typed "$ACCOUNT"
	wait_for "$ACCOUNT"
	key_expect "› Region" Enter
	typed us-west-2
	wait_for "> us-west-2"
	snap region
	key_expect "› Stream" Enter
	snap stream
	typed orders
	wait_for "> orders"
	key_expect "› KMS key ARN" Enter
	snap key
	typed "$KEY_WEST"
	wait_for "1234567890ab"
	key_expect "› Producer ARNs" Enter
	snap producers
	typed "$PRODUCERS"
	wait_for "StreamWriter"
	snap producers-typed
	key_expect "› Consumer ARNs" Enter
	typed "$CONSUMERS"
	wait_for "FlinkApp"
	snap consumers-typed
	key_expect "› Administrator ARNs" Enter
	key_expect "› Which identity policies?" Enter
	snap policies
	key_expect "[ ] Administrator" Down Down Space
	snap policies-no-admin
	key_expect "saved " C-s
	snap ctrl-s-saved
	key_expect "q finish" Enter Enter Enter # policies, producer kind, consumer kinds
	snap review
	local i
	for i in 2 3 4 5; do
		key_change Tab
		snap "review-tab$i"
	done
	key_change d
	snap review-details
	key_change d
	snap review-document
	key_expect "save cli" f
	key_expect "save terraform" f
	snap format-terraform
	key_expect "another format" s
	snap other-format-ask
	key_expect "out/terraform" s
	snap saved-terraform-subfolder
	keys q
	finished
	snap finished
	record_exit 0
	record_files
	end_session
}

# ctrl+c midway: exit 130 and resume.yaml; the next start offers to resume.
scen_resume() {
	launch
	wait_for "What are you setting up?"
	key_expect "› AWS account ID" Enter
	typed "$ACCOUNT"
	wait_for "$ACCOUNT"
	key_expect "› Region" Enter
	typed us-east-1
	wait_for "> us-east-1"
	key_expect "› Service role name" Enter
	snap before-ctrl-c
	keys C-c
	finished
	snap after-ctrl-c
	record_exit 130
	record_resume
	end_session
	launch
	wait_for "Resume where you stopped?"
	snap resume-offer
	key_expect "resumed" y
	snap resumed
	keys C-c
	finished
	snap after-second-ctrl-c
	record_exit 130
	end_session
}

# The same for Kinesis answers, then n: start afresh.
scen_resume_kinesis() {
	launch
	wait_for "What are you setting up?"
	key_expect "(•) Kinesis" Down
	key_expect "› AWS account ID" Enter
	typed "$ACCOUNT"
	wait_for "$ACCOUNT"
	key_expect "› Region" Enter
	keys C-c
	finished
	record_exit 130
	record_resume
	end_session
	launch
	wait_for "Resume where you stopped?"
	snap resume-offer
	key_expect "What are you setting up?" n
	snap afresh
	keys C-c
	finished
	record_exit 130
	end_session
}

# ctrl+o: the notes pager on steps whose notes do not all fit.
scen_notes() {
	launch
	wait_for "What are you setting up?"
	key_expect "› AWS account ID" Enter
	typed "$ACCOUNT"
	wait_for "$ACCOUNT"
	key_expect "› Region" Enter
	typed us-east-1
	wait_for "> us-east-1"
	key_expect "› Service role name" Enter
	typed PersonalizeRole
	wait_for "> PersonalizeRole"
	key_expect "› User permissions" Enter
	key_expect "› Also attach" Enter
	key_expect "› Create the service role" Enter
	key_expect "› Role path" Enter
	snap service-role
	key_maybe C-o
	snap ctrl-o-1
	key_maybe C-o
	snap ctrl-o-2
	key_maybe C-o
	snap ctrl-o-3
	# any other key closes the pager and does nothing else: esc stays on
	# the step; a second esc goes back one (where the step fits, there is
	# no pager and esc goes back at once)
	if capture | grep -qF "ctrl+o: "; then
		key_maybe Escape
		snap esc-closes-pager
		capture | grep -qF "› Role path" || {
			echo "esc in the pager also acted on the form" >&2
			return 1
		}
		note "  esc in the pager: closed it, stayed on the step"
	fi
	key_expect "› User permissions" Escape
	snap esc-from-form
	key_expect "› Also attach" Enter
	key_expect "› Create the service role" Enter
	key_expect "› Role path" Enter
	key_expect "› Service role permissions" Enter
	key_expect "› Let Personalize assume" Enter
	key_expect "› KMS key ARN" Enter
	typed "$KEY_EAST"
	wait_for "1234567890ab"
	key_expect "› What does the key encrypt?" Enter
	snap kms-notes
	key_maybe C-o
	snap kms-ctrl-o-1
	key_maybe C-o
	snap kms-ctrl-o-2
	# space in the pager closes it and ticks nothing
	if capture | grep -qF "ctrl+o: "; then
		key_maybe Space
		snap space-closes-pager
		if capture | grep -qF "[x] The S3 bucket"; then
			echo "space in the pager ticked an option" >&2
			return 1
		fi
		note "  space in the pager: closed it, ticked nothing"
	fi
	keys C-c
	finished
	record_exit 130
	end_session
}

# Too small: resize the window to 60x20 and back.
scen_small() {
	local w=${SIZE%x*} h=${SIZE#*x}
	launch
	wait_for "What are you setting up?"
	key_expect "› AWS account ID" Enter
	snap account
	tm resize-window -t "$SESSION" -x 60 -y 20
	wait_for "too small"
	snap too-small
	tm resize-window -t "$SESSION" -x "$w" -y "$h"
	wait_gone "too small"
	wait_for "› AWS account ID"
	snap resized-back
	keys C-c
	finished
	record_exit 130
	end_session
}

# --accessible: plain prompts, both setups, answered by typing. An answer is
# sent only once its prompt is the last line, and the next one waits until the
# history changed and the next prompt is last: nothing is typed ahead, so the
# terminal's echo never lands inside the program's output.
P_NUMBER='Type a number from 1 to [0-9]+, or just Enter for [0-9]+:'
P_REVIEW='to change that answer, or just Enter to save:'
P_TICK='to confirm the ticked ones:'

history() { capture -J -S - -E -; }

# answer TEXT REGEX: type TEXT and enter, then wait for the prompt REGEX.
answer() {
	local before cur deadline=$((SECONDS + WAIT_TIMEOUT))
	before=$(history)
	[[ -z $1 ]] || typed "$1"
	keys Enter
	while :; do
		cur=$(history)
		if [[ $cur != "$before" ]] && grep -v '^[[:space:]]*$' <<<"$cur" | tail -n 1 | grep -qE -- "$2[[:space:]]*\$"; then
			break
		fi
		if ((SECONDS > deadline)); then
			echo "timed out after answering '$1', waiting for the prompt: $2" >&2
			capture -J >&2 || true
			return 1
		fi
		sleep "$POLL"
	done
	settle
}

scen_accessible_personalize() {
	launch --accessible
	wait_last "${P_NUMBER}[[:space:]]*\$"
	answer 1 "^AWS account ID .*:"
	answer 12ab "^AWS account ID .*:"
	answer "$ACCOUNT" "^Region .*:"
	answer us-east-1 "^Service role name .*:"
	answer PersonalizeRole "$P_NUMBER"
	answer 1 "CloudWatchFullAccess.*\[y/N\]"
	answer n "$P_NUMBER"
	answer 1 "^Role path .*:"
	answer / "$P_NUMBER"
	answer 1 "any region\?.*\[y/N\]"
	answer n "^KMS key ARN .*:"
	answer "$KEY_EAST" "$P_TICK"
	answer 2 "$P_TICK"
	answer "" "^S3 bucket name .*:"
	answer my-personalize-data "$P_TICK"
	answer 2 "$P_TICK"
	answer 4 "$P_TICK"
	answer "" "^Output bucket .*:"
	answer "" "^Batch output prefix .*:"
	answer "" "^Metric reports prefix .*:"
	answer "" "^Batch output KMS key ARN .*:"
	answer "" "$P_REVIEW"
	keys Enter
	finished
	snap_all transcript
	record_exit 0
	record_files
	end_session
}

scen_accessible_kinesis() {
	launch --accessible
	wait_last "${P_NUMBER}[[:space:]]*\$"
	answer 2 "^AWS account ID .*:"
	answer "$ACCOUNT" "^Region .*:"
	answer us-west-2 "^Stream .*:"
	answer orders "^KMS key ARN .*:"
	answer "$KEY_WEST" "^Producer ARNs .*:"
	answer "$PRODUCERS" "^Consumer ARNs .*:"
	answer "$CONSUMERS" "^Administrator ARNs .*:"
	answer "" "$P_TICK"
	answer 3 "$P_TICK"
	answer "" "$P_NUMBER"
	answer "" "$P_TICK"
	answer "" "$P_REVIEW"
	keys Enter
	finished
	snap_all transcript
	record_exit 0
	record_files
	end_session
}

# ---------------------------------------------- issue 10: no traps, no lost work

# enter_until TEXT: enter, question by question, until TEXT is on screen.
enter_until() {
	local i
	for i in $(seq 1 20); do
		capture | grep -qF -- "$1" && return 0
		key_change Enter
	done
	wait_for "$1"
}

# wizard_pid: the permwiz process of the scenario's session (the launch
# script's bash runs it through env, which execs it).
wizard_pid() {
	local shell
	shell=$(tm list-panes -t "$SESSION" -F '#{pane_pid}')
	pgrep -P "$shell" -f -- "$BIN" | head -n 1
}

# kill_with SIG CODE: answers typed, then the signal: exit CODE, the answers
# kept, the terminal left as it was (no alternate screen, cursor shown).
kill_with() {
	launch
	wait_for "What are you setting up?"
	key_expect "› AWS account ID" Enter
	typed "$ACCOUNT"
	wait_for "> $ACCOUNT"
	kill -s "$1" "$(wizard_pid)"
	finished
	snap "after-$1"
	record_exit "$2"
	local screen_state
	screen_state=$(tm display -p -t "$SESSION" '#{alternate_on}#{cursor_flag}')
	note "  after SIG$1: alternate screen ${screen_state:0:1}, cursor shown ${screen_state:1:1}"
	[[ $screen_state == 01 ]] || return 1
	grep -qF "$ACCOUNT" "$RUN/state/resume.yaml" || {
		echo "SIG$1 lost the answers" >&2
		return 1
	}
	note "  resume.yaml after SIG$1: has the account"
	end_session
	rm -f "$RUN/state/resume.yaml"
}

scen_signals() {
	kill_with INT 130
	kill_with TERM 143
	kill_with HUP 129
}

# Quitting at the resume offer keeps the kept answers; starting with a flag
# still offers them.
scen_resume_kept() {
	launch
	wait_for "What are you setting up?"
	key_expect "› AWS account ID" Enter
	typed "$ACCOUNT"
	wait_for "> $ACCOUNT"
	keys C-c
	finished
	record_exit 130
	end_session
	local before
	before=$(sha256sum "$RUN/state/resume.yaml")
	launch --region eu-west-1
	wait_for "Resume where you stopped?"
	snap resume-offer-under-flags
	keys C-c
	finished
	snap quit-at-offer
	record_exit 130
	[[ $(sha256sum "$RUN/state/resume.yaml") == "$before" ]] || {
		echo "ctrl+c at the offer changed the kept answers" >&2
		return 1
	}
	note "  ctrl+c at the offer: kept answers unchanged"
	end_session
	launch
	wait_for "Resume where you stopped?"
	key_expect "What are you setting up?" n
	keys C-c
	finished
	snap afresh-then-quit
	record_exit 130
	[[ $(sha256sum "$RUN/state/resume.yaml") == "$before" ]] || {
		echo "n then ctrl+c replaced the kept answers with none" >&2
		return 1
	}
	note "  n then ctrl+c: kept answers unchanged"
	end_session
}

# q on the review with nothing saved: asks, shows the folder and files, o
# changes the folder, y saves there and finishes.
scen_finish() {
	launch --account-id "$ACCOUNT" --region us-east-1 --role-name PersonalizeRole --bucket my-personalize-data
	wait_for "› User permissions"
	enter_until "q finish"
	snap review
	key_expect "Save before finishing?" q
	snap finish-ask
	key_expect "Where should saving write?" o
	keys C-u
	typed elsewhere
	wait_for "> elsewhere"
	key_expect "saving writes to" Enter
	snap folder-changed
	keys y
	finished
	snap finished
	record_exit 0
	[[ -f $RUN/elsewhere/user-policy.json ]] || {
		echo "nothing saved into the folder chosen in the wizard" >&2
		return 1
	}
	note "  saved into the folder chosen inside the wizard: $(cd "$RUN/elsewhere" && find . -type f | wc -l) files"
	end_session
}

# An existing role: a role ARN typed as the name is read as that role; the
# ? list; b and 2 from the review; forgiving input in step 2.
scen_existing_role() {
	launch --account-id "$ACCOUNT" --region us-east-1 --bucket my-personalize-data
	wait_for "› Service role name"
	typed arn:aws:iam::111122223333:role/service-role/ExistingRole
	wait_for "ExistingRole"
	key_expect "existing role" Enter
	snap role-arn-as-name
	enter_until "q finish"
	snap review
	key_expect "Keys" "?"
	snap keys-overlay
	key_expect "q finish" x
	key_expect "› Create the service role" 2
	snap step-2-existing
	key_expect "(•) Create a new service role" Up
	key_expect "› Role path" Enter
	# The name and path come back from the ARN typed as the name.
	wait_for "> /service-role/"
	snap path-from-arn
	key_change C-u
	typed service-role
	wait_for "is read as"
	snap forgiving-path
	keys C-c
	finished
	record_exit 130
	end_session
}

# A bad value from an answers file is shown at start, on its question.
scen_bad_preset() {
	printf 'setup: personalize\naccount_id: "%s"\nregion: us-east-1\nrole_name: R\nbucket: my-personalize-data\nworkflows: [import, bogus]\n' "$ACCOUNT" >"$RUN/answers.yaml"
	launch --answers answers.yaml
	wait_for '"bogus"'
	snap bad-workflow
	keys C-c
	finished
	record_exit 130
	end_session
	launch --setup personalise
	finished
	snap unknown-setup
	record_exit 2
	end_session
}

# Accessible: a wrong choice then the end of input (ctrl+d) stops cleanly;
# ACCESSIBLE=0 does not turn the prompts on; a pipe exits 2.
scen_accessible_edges() {
	launch --accessible
	wait_last "${P_NUMBER}[[:space:]]*\$"
	answer 9 "${P_NUMBER}"
	keys C-d
	finished
	snap_all wrong-choice-then-eof
	record_exit 130
	if capture -J -S - -E - | grep -q panic; then
		echo "the prompts panicked" >&2
		return 1
	fi
	end_session
	local rc=0 msg
	msg=$(cd "$RUN" && echo 1 | env PERMWIZ_STATE_DIR=state "$BIN" --accessible 2>&1 >/dev/null) || rc=$?
	note "  piped --accessible: exit $rc: $msg"
	[[ $rc == 2 && $msg == *"needs a terminal"* ]] || return 1
}

# run SIZE SCENARIO FUNC: one scenario in a subshell, so that a failed step
# ends that scenario only.
run() {
	local rc=0
	begin "$1" "$2"
	note "$1 $2"
	set +e
	(
		set -e
		"$3"
	) 2>"$WORK/err"
	rc=$?
	set -e
	if ((rc != 0)); then
		FAILED=1
		note "  FAILED after $(find "$OUT" -name "$1-$2-[0-9]*" | wc -l) captures: $(head -n 1 "$WORK/err")"
		mask <"$WORK/err" >"$OUT/$1-$2-error.txt"
		end_session
	fi
	echo "$1 $2: $([[ $rc == 0 ]] && echo ok || echo FAILED)" >&2
}

{
	echo "permwiz wizard QA (sizes: ${SIZE_LIST[*]})"
	echo
} >"$RESULTS"

# A session that lives for the whole run: without it the server exits with
# each scenario's last session, and the next launch can race its shutdown
# ("server exited unexpectedly").
tm new-session -d -s keepalive "exec sleep 100000"

for size in "${SIZE_LIST[@]}"; do
	run "$size" personalize scen_personalize
	run "$size" kinesis scen_kinesis
	run "$size" resume scen_resume
	run "$size" resume-kinesis scen_resume_kinesis
	run "$size" notes scen_notes
	run "$size" small scen_small
	run "$size" accessible-personalize scen_accessible_personalize
	run "$size" accessible-kinesis scen_accessible_kinesis
	run "$size" signals scen_signals
	run "$size" resume-kept scen_resume_kept
	run "$size" finish scen_finish
	run "$size" existing-role scen_existing_role
	run "$size" bad-preset scen_bad_preset
	run "$size" accessible-edges scen_accessible_edges
done

exit "$FAILED"
