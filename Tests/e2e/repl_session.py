#!/usr/bin/env python3
"""Drives the real `nns` REPL in a pseudo-terminal, as a person would.

Usage: repl_session.py PATH/TO/nns
Session 1: a variable, a multi-line function, an error and recovery, :vars,
:help grad, Tab completion, Ctrl-C stopping `while 1 { }` with state kept,
:save, Ctrl-D. Session 2: Up arrow recalls history from session 1, :load
runs the saved file. Prints one line per check and exits 1 on the first failure.
"""
import os
import sys
import tempfile

import pexpect

PROMPT = "nns> "


def main():
    nns = os.path.abspath(sys.argv[1])
    home = tempfile.mkdtemp(prefix="nns-e2e-")
    env = dict(os.environ, HOME=home, TERM="xterm", NO_COLOR="1")
    env.pop("NNS_HISTORY", None)
    saved = os.path.join(home, "session.nns")
    checks = 0

    def check(what):
        nonlocal checks
        checks += 1
        print(f"ok   {what}")

    def start():
        child = pexpect.spawn(nns, env=env, encoding="utf-8", timeout=10, dimensions=(40, 120))
        child.expect_exact(PROMPT)
        return child

    child = start()
    check("session 1 starts with a prompt")

    child.sendline("w = [1, 2, 3]")
    child.expect_exact(PROMPT)
    child.sendline("w * 2")
    child.expect_exact("[2, 4, 6]")
    child.expect_exact(PROMPT)
    check("a variable is defined and displayed")

    child.sendline("fn rescale(x, k) {")
    child.expect_exact("... ")
    child.sendline("  x * k")
    child.expect_exact("... ")
    child.sendline("}")
    child.expect_exact(PROMPT)
    child.sendline("rescale(w, 10)")
    child.expect_exact("[10, 20, 30]")
    child.expect_exact(PROMPT)
    check("a multi-line function continues on '... ' and runs")

    child.sendline("w @ [1, 2]")
    child.expect_exact("<repl[")
    child.expect_exact("error: @: shapes [3] and [2] do not align (3 != 2)")
    child.expect_exact(PROMPT)
    child.sendline("sum(w)")
    child.expect_exact("6")
    child.expect_exact(PROMPT)
    check("an error is reported and the session goes on")

    child.sendline(":vars")
    child.expect(r"w\s+tensor\s+f32 \[3\]\s+12")
    child.expect(r"rescale\s+function")
    child.expect_exact(PROMPT)
    check(":vars lists names, kinds, types and bytes")

    child.sendline(":help grad")
    child.expect_exact("grad(")
    child.expect_exact(PROMPT)
    check(":help grad shows its help")

    child.send("resc\t")  # "res" also starts the builtin reshape
    child.expect_exact("rescale")
    child.send("(w, 2)\r")
    child.expect_exact("[2, 4, 6]")
    child.expect_exact(PROMPT)
    check("Tab completes a name")

    child.sendline("n = 1")
    child.expect_exact(PROMPT)
    child.sendline("while 1 { n = n + 1 }")
    child.expect(r"while 1")
    import time
    time.sleep(0.5)
    child.sendintr()
    child.expect_exact("interrupted")
    child.expect_exact(PROMPT)
    child.sendline("n")
    child.expect(r"[\r\n]1\s+f32")
    child.expect_exact(PROMPT)
    check("Ctrl-C stops `while 1 { }` and keeps every variable as it was")

    child.sendline(f":save {saved}")
    child.expect_exact("saved ")
    child.expect_exact(PROMPT)
    check(":save writes the session")

    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"FAIL Ctrl-D should exit 0, got {child.exitstatus}")
    check("Ctrl-D quits with status 0")

    child = start()
    child.send("\x1b[A")  # Up arrow: the last input of session 1
    child.expect_exact(f":save {saved}")
    child.send("\x15")  # Ctrl-U clears the recalled line
    child.send("\x1b[A\x1b[A\x1b[A")
    child.expect_exact("while 1 { n = n + 1 }")
    child.send("\x15")
    check("session 2 recalls session 1's history with the Up arrow")

    child.sendline(f":load {saved}")
    child.expect_exact("loaded ")
    child.expect_exact(PROMPT)
    child.sendline("rescale(w, 3)")
    child.expect_exact("[3, 6, 9]")
    child.expect_exact(PROMPT)
    check(":load runs the saved session back to the same state")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    print(f"repl e2e: {checks} passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        print("FAIL the REPL did not show what was expected:\n" + str(e)[:2000])
        sys.exit(1)
