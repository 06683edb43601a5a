#!/usr/bin/env python3
"""Drives `nns tutorial` in a pseudo-terminal, as a person would.

Usage: tutorial_session.py PATH/TO/nns
Two small tutorials are written to a temporary folder named by NNS_TUTORIALS (HOME
is a temporary folder too, so ~/.nns/progress starts empty). Session 1: the list,
Enter runs a shown cell, Ctrl-C at the prompt runs nothing, the REPL works
between cells, an exercise answered wrongly then rightly (the learner's value
beside the expected one), :hint, :solution, :quit. Session 2: resumes at the
saved step with the earlier cells replayed, finishes; the list then says done.
Then: a finished tutorial reopens at its last step with its variables rebuilt and
stays done; an ambiguous name lists its matches; prose is styled on a colour
terminal and plain without colour (headings underlined, marks removed, a formula
two spaces in, bullets), long code wraps at 80 columns; :reset replays the steps
so far. Prints one line per check and exits 1 on the first failure.
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


TRICKS = """\
# %% [markdown]
# # Tricks
#
# The *slope* of `grad` is **exact**:
#
#     dy/dx = 2x
#
# - one
# - two

# %% Setting a
a = 5
v = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400]

# %% Using a
a * 2
"""


def main():
    nns = os.path.abspath(sys.argv[1])
    home = tempfile.mkdtemp(prefix="nns-e2e-home-")
    tutorials = tempfile.mkdtemp(prefix="nns-e2e-tutorials-")
    with open(os.path.join(tutorials, "01-tiny.nns"), "w") as f:
        f.write(TUTORIAL)
    with open(os.path.join(tutorials, "02-tricks.nns"), "w") as f:
        f.write(TRICKS)
    env = dict(os.environ, HOME=home, TERM="xterm", NO_COLOR="1", NNS_TUTORIALS=tutorials)
    env.pop("NNS_HISTORY", None)
    progress = os.path.join(home, ".nns", "progress")
    checks = 0

    def check(what):
        nonlocal checks
        checks += 1
        print(f"ok   {what}")

    def spawn(*args, environment=None, columns=120):
        return pexpect.spawn(nns, list(args), env=environment or env, encoding="utf-8",
                             timeout=10, dimensions=(40, columns))

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
    child.expect_exact("not yet: m.shape is [3, 3]; expected [3, 4]")
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

    child = spawn("tutorial", "tiny")
    child.expect_exact("You finished lesson 1 before, and it stays marked done.")
    child.expect_exact("lesson 1 · step 4/4")
    child.expect_exact(PROMPT)
    child.sendline("total")
    child.expect(r"18\s+f32")
    child.expect_exact(PROMPT)
    child.sendline(":back")
    child.expect_exact("lesson 1 · step 3/4")
    child.expect_exact(PROMPT)
    child.sendline(":quit")
    child.expect_exact("Lesson 1 stays marked done")
    child.expect(pexpect.EOF)
    with open(progress) as f:
        saved = f.read()
    if saved != "01-tiny done\n":
        raise SystemExit(f"FAIL progress file holds {saved!r} after reopening")
    check("a finished tutorial reopens at its last step, variables rebuilt, and stays done")

    child = spawn("tutorial", "t")
    child.expect_exact("'t' could mean any of these; type more of the name:")
    child.expect_exact("01-tiny")
    child.expect_exact("02-tricks")
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 1:
        raise SystemExit(f"FAIL an ambiguous name should exit 1, got {child.exitstatus}")
    check("an ambiguous name lists the tutorials it could mean")

    colour = dict(env, TERM="xterm-256color")
    colour.pop("NO_COLOR", None)
    child = spawn("tutorial", "tricks", environment=colour)
    child.expect_exact("\x1b[0m\x1b[1mTricks\x1b[0m")
    child.expect_exact("The \x1b[0m\x1b[3mslope\x1b[0m of \x1b[0m\x1b[36mgrad\x1b[0m is "
                       "\x1b[0m\x1b[1mexact\x1b[0m:")
    child.expect_exact(PROMPT)
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    check("on a colour terminal headings and strong text are bold, emphasis italic, code cyan")

    child = spawn("tutorial", "tricks", columns=80)
    child.expect_exact("Tricks\r\n══════\r\n")
    child.expect_exact("The slope of `grad` is exact:\r\n\r\n  dy/dx = 2x\r\n\r\n  • one\r\n  • two")
    child.expect_exact("    v = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300,"
                       "\r\n         1400]\r\n")
    child.expect_exact(PROMPT)
    check("without colour prose is plain, a formula two spaces in, long code wrapped at 80")

    child.sendline("")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect_exact("step 2/2 · Using a")
    child.expect_exact(PROMPT)
    child.sendline(":reset")
    child.expect_exact("session reset: every variable is gone")
    child.expect_exact("Replaying steps 1-1 so that this step finds their variables.")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect(r"10\s+f32")
    child.expect_exact(PROMPT)
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    check(":reset in a tutorial replays the steps so far")
    print(f"tutorial e2e: {checks} passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        print("FAIL the tutorial did not show what was expected:\n" + str(e)[:2000])
        sys.exit(1)
