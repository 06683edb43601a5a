#!/usr/bin/env python3
"""`fit(..., live: true)` in a pseudo-terminal against the same run through a pipe.

Usage: fit_live.py PATH/TO/nns
1. A script trains an MLP on the spirals with a validation set and live: true, in a
   pseudo-terminal of 80 columns and 36 rows (the rows a pipe's picture gets). The screen
   must be redrawn in place several times (cursor-up sequences, frames with the bar header
   growing through the epochs), every frame must fit the terminal, and the final frame,
   with the escape sequences taken out, must equal line for line the picture the same script
   prints through a pipe.
2. At 120 columns the curves and the regions stand side by side, within 120 columns.
3. In the REPL, Ctrl-C during a long live fit stops it: the picture stays on screen, the
   `fit: stopped by Ctrl-C` line follows, and the session answers the next input.
Prints one line per check; exits 1 on a failure.
"""
import os
import re
import subprocess
import sys
import tempfile

import pexpect

SCRIPT = """\
seed(0)
d = spiral(300, 3)
s = train_test_split(d.X, d.y, test: 0.25)
fn mlp_loss(p, X, y) = cross_entropy(mlp(p, X), y)
r = fit(mlp_loss, mlp_init([2, 32, 32, 3]), s.X_train, s.y_train, epochs: EPOCHS, batch: 16,
        opt: adam(lr: 0.01), val: [s.X_test, s.y_test], live: true)
print("trained", len(r.losses), len(r.val_losses))
"""

UP = re.compile(r"\x1b\[(\d+)A\r")
SGR = re.compile(r"\x1b\[[0-9;]*m")


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


def frames(raw):
    """The frames a live fit painted: the lines between each repaint's start and its ESC[J."""
    out = []
    for chunk in raw.split("\x1b[J"):
        # a frame is the text after the last cursor-up (or from the start) in this chunk
        m = None
        for m in UP.finditer(chunk):
            pass
        body = chunk[m.end():] if m else chunk
        if "\x1b[K\n" not in body:
            continue
        lines = body.split("\x1b[K\n")
        if lines[-1] == "":
            lines.pop()
        out.append([SGR.sub("", line) for line in lines])
    return out


def run_in_terminal(nns, path, rows, cols, env):
    child = pexpect.spawn(
        nns, [path], env=env, encoding="utf-8", timeout=240, dimensions=(rows, cols))
    child.expect(pexpect.EOF)
    child.close()
    return child.before.replace("\r\n", "\n")


def main():
    nns = os.path.abspath(sys.argv[1])
    home = tempfile.mkdtemp(prefix="nns-e2e-live-")
    env = dict(os.environ, HOME=home, TERM="xterm")
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    path = os.path.join(home, "live.nns")
    with open(path, "w") as f:
        f.write(SCRIPT.replace("EPOCHS", "200"))

    # 1. 80x36 terminal against a pipe.
    raw = run_in_terminal(nns, path, 36, 80, env)
    # pexpect's terminal turns "\n" into "\r\n"; the repaint's "\r" after ESC[nA stays.
    shown = frames(raw)
    ups = len(UP.findall(raw))
    if ups < 3 or len(shown) < 4:
        fail(f"80x36: expected several redraws, got {ups} cursor-ups and {len(shown)} frames")
    headers = [f[0] for f in shown[:-1]]
    if not all(h.startswith("epoch ") for h in headers):
        fail(f"80x36: frame headers are not epoch lines: {headers[:3]}")
    if len(set(headers)) < 3:
        fail(f"80x36: the header did not change between frames: {headers[:5]}")
    if any(len(f) > 35 for f in shown):
        fail(f"80x36: a frame has {max(len(f) for f in shown)} lines, more than rows - 1")
    if any(len(line) > 80 for f in shown for line in f):
        fail("80x36: a frame line is wider than 80 columns")
    if "\x1b[" not in raw.split("\x1b[J")[0] or "\x1b[3" not in raw:
        fail("80x36: no colour on a terminal")
    final = shown[-1]
    if not raw.rstrip().endswith("trained 200 200"):
        fail("80x36: the script did not finish: " + raw[-200:])
    pipe_env = dict(env, NO_COLOR="1")
    piped = subprocess.run(
        [nns, path], env=pipe_env, capture_output=True, text=True, timeout=240).stdout
    picture = piped.split("\n")
    if picture[-1] == "":
        picture.pop()
    if picture[-1] != "trained 200 200":
        fail("pipe: unexpected end " + repr(picture[-3:]))
    picture = picture[:-1]
    if final != picture:
        for i, (a, b) in enumerate(zip(final, picture)):
            if a != b:
                fail(f"final frame line {i} differs from the pipe's picture:\n  {a!r}\n  {b!r}")
        fail(f"final frame has {len(final)} lines, the pipe's picture {len(picture)}")
    if not picture[0].startswith("epoch 200/200 loss=") or "val_loss=" not in picture[0]:
        fail("pipe: header " + repr(picture[0]))
    if not any("decision regions" in line for line in picture):
        fail("pipe: no decision regions")
    if not any("validation" in line for line in picture):
        fail("pipe: no validation curve in the legend")
    print(f"ok   80x36: {len(shown)} frames redrawn in place; the last equals the pipe's "
          f"{len(picture)}-line picture")

    # 2. 120x30: side by side.
    raw = run_in_terminal(nns, path, 30, 120, env)
    shown = frames(raw)
    final = shown[-1]
    if len(final) > 29 or any(len(line) > 120 for line in final):
        fail("120x30: the final frame does not fit 120x30")
    both = [line for line in final if "loss per epoch" in line and "decision regions" in line]
    if not both:
        fail("120x30: curves and regions are not side by side: " + repr(final[:3]))
    print(f"ok   120x30: {len(shown)} frames, curves and regions side by side")

    # 3. Ctrl-C in the REPL.
    child = pexpect.spawn(nns, env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=120,
                          dimensions=(30, 80))
    child.expect_exact("nns> ")
    setup, call = SCRIPT.split("r = fit(")
    for line in setup.splitlines():
        child.sendline(line)
        child.expect_exact("nns> ")
    call = "r = fit(" + call.split("\nprint")[0].replace("\n", " ")
    child.sendline(call.replace("EPOCHS", "100000"))
    child.expect(r"epoch \d+/100000 ")  # training is under way
    child.expect(UP.pattern)  # and redrawing
    child.sendintr()
    child.expect_exact("fit: stopped by Ctrl-C in epoch ")
    before = child.before
    child.expect_exact("nns> ")
    last = frames(before.replace("\r\n", "\n"))
    if not last or not any("decision regions" in line for line in last[-1]):
        fail("Ctrl-C: the picture is not left on screen")
    if not last[-1][0].startswith("epoch ") or "/100000 loss=" not in last[-1][0]:
        fail("Ctrl-C: the last frame's header is " + repr(last[-1][0]))
    child.sendline("print(len(r.losses) > 0, len(r.losses) == len(r.val_losses))")
    child.expect_exact("true true")
    child.expect_exact("nns> ")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    print("ok   Ctrl-C stops a live fit, leaves the picture and returns the result")


if __name__ == "__main__":
    main()
