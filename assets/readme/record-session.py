#!/usr/bin/env python3
"""Records assets/readme/session.cast (asciicast v2) and assets/readme/session.txt.

Drives the real permwiz wizard in tmux at 110x34 and takes the screen as tmux
shows it (capture-pane -e, colours included) after every keystroke, so each
frame of the cast is a whole screen: players and svg-term-cli replay it
without emulating Bubble Tea's cursor-movement optimisations.

Needs permwiz on the PATH, tmux and python3. Then:
  npx svg-term-cli@2.1.1 --in assets/readme/session.cast --out assets/readme/session.svg --window --no-cursor
"""
import json, os, shutil, subprocess, sys, tempfile, time

W, H = 110, 34
SOCK = "permwiz-rec-%d" % os.getpid()
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp()
state = os.path.join(work, "state")


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCK] + list(args), check=True, capture_output=True, text=True).stdout


frames, t0 = [], time.time()


def snap(pause=0.5):
    time.sleep(0.15)  # let the wizard redraw
    screen = tmux("capture-pane", "-e", "-p", "-t", "w")
    lines = screen.rstrip("\n").split("\n")[:H]
    frame = "\x1b[H\x1b[2J" + "\r\n".join(lines)
    if not frames or frames[-1][1] != frame:
        frames.append([time.time() - t0, frame])
    time.sleep(pause)


def keys(*ks, pause=0.5):
    for k in ks:
        tmux("send-keys", "-t", "w", k)
        snap(pause)


def typ(text, pause=0.6, step=1):
    for i in range(0, len(text), step):
        tmux("send-keys", "-t", "w", "-l", text[i:i + step])
        snap(0.02)
    time.sleep(pause)


cmd = "cd %s && %s=%s permwiz --out ./permwiz-policies; sleep 60" % (work, "PERMWIZ_STATE_DIR", state)
tmux("new-session", "-d", "-s", "w", "-x", str(W), "-y", str(H), "-e", "TERM=xterm-256color", "-e", "COLORTERM=truecolor", cmd)
try:
    time.sleep(1.5)
    snap(1.2)
    keys("Enter")  # Amazon Personalize
    typ("111122223333", step=3); keys("Enter")
    typ("eu-west-1"); keys("Enter")
    typ("PersonalizeRole", step=3); keys("Enter", pause=0.8)
    keys("Enter", "Enter", pause=0.8)  # user: custom policy, no CloudWatch
    keys("Enter", "Enter", "Enter", pause=0.8)  # role: path /, custom, this region
    typ("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", pause=1, step=8)
    keys("Enter", pause=0.8)
    keys("Down", "Space", pause=1)  # the key also encrypts the bucket
    keys("Enter", pause=0.8)
    typ("my-personalize-data", pause=1, step=3); keys("Enter")
    keys("Down", "Space", pause=1.2)  # import and batch jobs
    keys("Enter", pause=2.5)  # the review
    keys("Tab", "Tab", "Tab", pause=1)
    keys("Tab", pause=2.5)  # kms-key-policy
    keys("d", pause=3.5)  # its reasons and findings
    keys("d", pause=1)
    keys("s", pause=2.5)  # save
    text = tmux("capture-pane", "-p", "-t", "w")
    keys("q", pause=2.5)  # finish: the saved files on stdout
finally:
    subprocess.run(["tmux", "-L", SOCK, "kill-server"])
    shutil.rmtree(work, ignore_errors=True)

with open(os.path.join(here, "session.cast"), "w") as f:
    f.write(json.dumps({"version": 2, "width": W, "height": H, "title": "permwiz",
                        "env": {"TERM": "xterm-256color"}}) + "\n")
    for t, frame in frames:
        f.write(json.dumps([round(t, 3), "o", frame]) + "\n")
with open(os.path.join(here, "session.txt"), "w") as f:
    f.write("\n".join(l.rstrip() for l in text.rstrip("\n").split("\n")) + "\n")
print("%d frames, %.1f s" % (len(frames), frames[-1][0]), file=sys.stderr)
