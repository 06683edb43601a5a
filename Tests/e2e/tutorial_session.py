#!/usr/bin/env python3
"""Drives `nns tutorial` in a pseudo-terminal, as a person would.

Usage: tutorial_session.py PATH/TO/nns
A small tutorial is written to a temporary folder named by NNS_TUTORIALS (HOME is
a temporary folder too, so ~/.nns/progress starts empty). Session 1: the list,
Enter runs a shown cell, Ctrl-C at the prompt runs nothing, the REPL works
between cells, an exercise answered wrongly then rightly, :hint, :solution,
:quit. Session 2: resumes at the saved step with the earlier cells replayed,
finishes; the list then says done. Prints one line per check and exits 1 on
the first failure.
"""
import os
import sys
import tempfile

import pexpect

PROMPT = "nns> "

TUTORIAL = """\
# %% [markdown]
# # Tiny tutorial
#
# We make a vector.

# %% A vector
v = [1, 2, 3]
v * 10

# %% [markdown]
# Now you: make a 3 by 4 matrix of ones.

# %% [exercise] Ones
#! m.shape == [3, 4]
#! sum(m) == 12
#? ones makes a tensor of ones
#? ones(3, 4)
m = ones(3, 4)

# %%
total = sum(m) + sum(v)
total

# %% [markdown]
# The end.
"""


def main():
    nns = os.path.abspath(sys.argv[1])
    home = tempfile.mkdtemp(prefix="nns-e2e-home-")
    tutorials = tempfile.mkdtemp(prefix="nns-e2e-tutorials-")
    with open(os.path.join(tutorials, "01-tiny.nns"), "w") as f:
        f.write(TUTORIAL)
    env = dict(os.environ, HOME=home, TERM="xterm", NO_COLOR="1", NNS_TUTORIALS=tutorials)
    env.pop("NNS_HISTORY", None)
    progress = os.path.join(home, ".nns", "progress")
    checks = 0

    def check(what):
        nonlocal checks
        checks += 1
        print(f"ok   {what}")

    def spawn(*args):
        return pexpect.spawn(nns, list(args), env=env, encoding="utf-8", timeout=10,
                             dimensions=(40, 120))

    child = spawn("tutorial")
    child.expect_exact("01-tiny")
    child.expect_exact("Tiny tutorial")
    child.expect_exact("[new]")
    child.expect(pexpect.EOF)
    check("`nns tutorial` lists the tutorial as new")

    child = spawn("tutorial", "tiny")
    child.expect_exact("lesson 1 · step 1/4 · A vector")
    child.expect_exact("We make a vector.")
    child.expect_exact("    v * 10")
    child.expect_exact(PROMPT)
    check("the first step shows its prose and code")

    child.sendintr()
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect_exact("[10, 20, 30]")
    child.expect_exact("(Enter: next step)")
    child.expect_exact(PROMPT)
    check("Ctrl-C at the prompt runs nothing; Enter runs the shown cell")

    child.sendline("v + 1")
    child.expect_exact("[2, 3, 4]")
    child.expect_exact(PROMPT)
    check("the REPL works between cells")

    child.sendline("")
    child.expect_exact("lesson 1 · step 2/4 · Ones")
    child.expect_exact("Exercise: write code that makes these checks hold:")
    child.expect_exact(PROMPT)
    child.sendline("m = ones(3, 3)")
    child.expect_exact("not yet: check does not hold: m.shape == [3, 4]")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect_exact("not yet")
    child.expect_exact(PROMPT)
    check("a wrong answer is told what does not hold yet")

    child.sendline(":hint")
    child.expect_exact("hint 1/2: ones makes a tensor of ones")
    child.expect_exact(PROMPT)
    child.sendline(":solution")
    child.expect_exact("A solution:")
    child.expect_exact("    m = ones(3, 4)")
    child.expect_exact(PROMPT)
    check(":hint and :solution")

    child.sendline("m = full([3, 4], 1)")
    child.expect_exact("all checks hold: solved!")
    child.expect_exact(PROMPT)
    check("another correct answer solves the exercise")

    child.sendline("")
    child.expect_exact("lesson 1 · step 3/4")
    child.expect_exact(PROMPT)
    child.sendline(":quit")
    child.expect_exact("resumes at step 3")
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"FAIL :quit should exit 0, got {child.exitstatus}")
    with open(progress) as f:
        saved = f.read()
    if saved != "01-tiny 3\n":
        raise SystemExit(f"FAIL progress file holds {saved!r}")
    check(":quit saves the step in ~/.nns/progress")

    child = spawn("tutorial", "1")
    child.expect_exact("Resuming at step 3/4")
    child.expect_exact("lesson 1 · step 3/4")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect(r"18\s+f32")
    child.expect_exact(PROMPT)
    check("session 2 resumes at step 3 with the earlier cells replayed")

    child.sendline("")
    child.expect_exact("step 4/4")
    child.expect_exact("The end.")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect_exact("well done")
    child.expect(pexpect.EOF)
    check("Enter after the last step finishes the tutorial")

    child = spawn("tutorial")
    child.expect_exact("[done]")
    child.expect(pexpect.EOF)
    check("the list then says done")
    print(f"tutorial e2e: {checks} passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        print("FAIL the tutorial did not show what was expected:\n" + str(e)[:2000])
        sys.exit(1)
