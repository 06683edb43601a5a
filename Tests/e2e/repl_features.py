#!/usr/bin/env python3
"""The REPL features a Julia or IPython user reaches for, in a pseudo-terminal.

Usage: repl_features.py PATH/TO/nns
One check per feature (see docs/REPL.md): the all-or-nothing rule and its note, :save then
running the saved file gives the same :vars, the live terminal width (help, values, the
dtype suffix), long lists, :time, :history N, :vars PATTERN, extra arguments, numbered
inputs in errors, did-you-mean, a recursion chain, long source lines cut to the width,
error colour decided by standard error, Up/Down prefix search, ?for, ?+, ??word, ## doc
comments, :edit with $EDITOR, nns -i, nns -, exit(n), :load ~/..., function display.
Prints one line per check and exits 1 on the first failure.
"""
import os
import re
import subprocess
import sys
import tempfile

import pexpect

PROMPT = "nns> "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def main():
    nns = os.path.abspath(sys.argv[1])
    home = tempfile.mkdtemp(prefix="nns-e2e-feat-")
    env = dict(os.environ, HOME=home, TERM="xterm", NO_COLOR="1")
    env.pop("NNS_HISTORY", None)
    env.pop("VISUAL", None)
    checks = 0

    def check(what):
        nonlocal checks
        checks += 1
        print(f"ok   {what}")

    def start(args=(), columns=80, environment=env):
        child = pexpect.spawn(
            nns, list(args), env=environment, encoding="utf-8", timeout=20,
            dimensions=(40, columns))
        child.expect_exact(PROMPT)
        return child

    def ask(child, line):
        """Sends a line; returns what it printed before the next prompt (echo removed)."""
        child.sendline(line)
        child.expect_exact(PROMPT)
        text = ANSI.sub("", child.before).replace("\r\n", "\n").replace("\r", "")
        return text.split("\n", 1)[1] if "\n" in text else ""

    def need(cond, what, got):
        if not cond:
            raise SystemExit(f"FAIL {what}: got\n{got}")

    # 2. One rule: an input is all or nothing, with one note.
    child = start()
    ask(child, "a = 1")
    out = ask(child, "a = 2; b = rand(2); nope")
    flat = " ".join(out.split())  # the note wraps at the terminal's width
    need("note: every variable is as it was before this input (put back: a, b, the random "
         "generator)" in flat and all(len(x) <= 80 for x in out.split("\n")),
         "the rule's note, wrapped to 80 columns", out)
    need(ask(child, "a").startswith("1  f32"), "a is put back", out)
    bad = os.path.join(home, "bad.nns")
    with open(bad, "w") as f:
        f.write("c = 1\nnope()\n")
    out = ask(child, f":load {bad}")
    need("put back: c" in " ".join(out.split()) and "loaded" not in out, ":load is one input", out)
    check("a failed input (or :load) leaves every variable as it was, with one note")

    # 3. :save writes what took effect; running the file rebuilds the same :vars.
    for line in ["seed(7)", "w = randn(3, 2)", "fn f(x, k = 2) = x * k", "v = f(w) + rand(3, 2);",
                 "r = {w, n: 3}; oops", "s = \"text\"", "[1] @ [1, 2]", "m = mean(v)"]:
        ask(child, line)
    vars_first = ask(child, ":vars")
    saved = os.path.join(home, "saved.nns")
    out = ask(child, f":save {saved}")
    need("saved 8 inputs" in out, ":save", out)  # a = 1 and a count: they took effect
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child = start(["-i", saved])
    vars_second = ask(child, ":vars")
    need(vars_first == vars_second, "the saved file rebuilds :vars", vars_first + vars_second)
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    run = subprocess.run([nns, saved], env=env, capture_output=True, text=True)
    need(run.returncode == 0, "the saved file runs as a script", run.stderr)
    check(":save then nns -i FILE gives the same :vars (and the file runs as a script)")

    # 4. The width follows the terminal: values, the dtype suffix, help, long lists.
    child = start(columns=100)
    out = ask(child, "map(fn(i) = i, range(5000))")
    need(out.strip() == "[0, 1, 2, ... 4994 more ..., 4997, 4998, 4999]", "a long list", out)
    out = ask(child, "linspace(0, 1, 11)")
    need(out.strip().endswith("1]  f32 [11]") and out.count("\n") == 1, "one line at 100", out)
    child.setwinsize(40, 40)
    out = ask(child, "linspace(0, 1, 11)")
    lines = out.rstrip("\n").split("\n")
    need(len(lines) > 1 and all(len(x) <= 40 for x in lines) and lines[-1].endswith("]  f32 [11]"),
         "wrapped at 40 with the suffix on the last line", out)
    out = ask(child, "?fit")
    need(all(len(x) <= 40 for x in out.split("\n")[1:] if "example:" not in x),
         "help wrapped at 40", out)
    check("values, help and the dtype suffix follow a resized terminal; long lists summarise")

    # 5. :time, :history N, :vars PATTERN, extra arguments.
    child.setwinsize(40, 120)
    out = ask(child, ":time 1")
    need(re.search(r"median [0-9.]+ ns per run over \d+ runs", out), ":time 1 in ns", out)
    ask(child, "w1 = 1")
    ask(child, "w2 = 2")
    out = ask(child, ":vars w*")
    need("w1" in out and "w2" in out and "ans" not in out, ":vars w*", out)
    out = ask(child, ":history 2")
    need(out.strip().split("\n")[-1].endswith(":history 2") and len(out.strip().split("\n")) == 2,
         ":history 2", out)
    out = ask(child, ":reset please")
    need("error: :reset takes no argument, got 'please' too" in out, "extra argument", out)
    check(":time per run, :history N, :vars PATTERN, extra arguments refused")

    # 6. Errors: numbered inputs, did-you-mean, recursion chain, cut source lines.
    child.sendline(":reset")
    child.expect_exact(PROMPT)
    ask(child, "fn g(x) = x @ [1]")
    out = ask(child, "g([1, 2])")
    need(re.search(r"<repl\[\d+\]>:1:11: error: @", out) and
         re.search(r"in g, called at <repl\[\d+\]>:1:1", out), "numbered inputs", out)
    out = ask(child, "linspce(0, 1, 3)")
    need("did you mean 'linspace'?" in out, "did you mean", out)
    out = ask(child, ":hsitory")
    need("did you mean ':history'?" in out, "did you mean a command", out)
    ask(child, "fn d(n) = d(n + 1)")
    out = ask(child, "d(0)")
    need("(9999 times)" in out and out.count("in d, called") == 2, "recursion chain", out)
    child.setwinsize(40, 60)
    long_line = "q = " + " + ".join(["1"] * 40) + " + nope"
    out = ask(child, long_line)
    src = [x for x in out.split("\n") if "nope" in x and "error" not in x]
    need(src and len(src[0]) <= 60 and src[0].startswith("..."), "source cut to 60", out)
    check("errors name <repl[N]>, suggest, fold recursion, cut long lines to the width")

    # Error colour: decided by whether standard error is a terminal.
    color_env = dict(env)
    color_env.pop("NO_COLOR", None)
    err_file = os.path.join(home, "err.txt")
    tty_err = pexpect.run(f"bash -c '{nns} -e nope > /dev/null'", env=color_env,
                          encoding="utf-8")
    pexpect.run(f"bash -c '{nns} -e nope 2> {err_file}'", env=color_env, encoding="utf-8")
    with open(err_file) as f:
        file_err = f.read()
    need("\x1b[1;31merror:" in tty_err and "\x1b" not in file_err, "error colour", tty_err)
    check("error colour follows standard error (a terminal: colour; a file: none)")

    # 7. Up/Down prefix search.
    child.setwinsize(40, 120)
    for line in ["wa = 1", "xb = 2", "wc = 3"]:
        ask(child, line)
    # Readline redraws only what changed after the typed prefix, so each recalled line is
    # run and read back from :history.
    child.send("x\x1b[A\r")
    child.expect_exact(PROMPT)
    child.send("w\x1b[A\x1b[A\r")
    child.expect_exact(PROMPT)
    out = ask(child, ":history 3")
    recalled = [x.split(None, 1)[1] for x in out.strip().split("\n")]
    need(recalled == ["xb = 2", "wa = 1", ":history 3"], "Up with a prefix", out)
    check("Up searches the history for inputs starting with what is typed")

    out = ask(child, "?for")
    need(out.startswith("for x in expr"), "?for", out)
    out = ask(child, "?+")
    need(out.startswith("a + b"), "?+", out)
    out = ask(child, "??softmax")
    need("log_softmax" in out and "softmax" in out, "??softmax", out)
    child.sendline("## Doubles x, as a test.")
    child.expect_exact("... ")
    child.sendline("fn dbl(x) = 2 * x")
    child.expect_exact(PROMPT)
    out = ask(child, "?dbl")
    need(out.startswith("fn dbl(x)\n  Doubles x, as a test."), "## doc", out)
    out = ask(child, "dbl")
    need(out.strip() == "fn dbl(x)", "function display", out)
    out = ask(child, "fn(a, b = 2) = a")
    need(out.strip() == "fn(a, b = 2)", "anonymous display", out)
    check("?for, ?+, ??word, ## doc comments on user functions, fn display")

    script = os.path.join(home, "editor.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\nsed -i 's/k = 1/k = 42/' \"$1\"\n")
    os.chmod(script, 0o755)
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child = start(environment=dict(env, EDITOR=script))
    ask(child, "k = 1")
    ask(child, ":edit")
    need(ask(child, "k").startswith("42  f32"), ":edit", "")
    check(":edit opens the last input in $EDITOR and runs what was saved")

    module = os.path.join(home, "mod.nns")
    with open(module, "w") as f:
        f.write("base = 40\n")
    out = ask(child, ":load ~/mod.nns")
    need("loaded ~/mod.nns" in out and ask(child, "base + 2").startswith("42"), ":load ~", out)
    check(":load expands ~")
    child.sendline("exit(4)")
    child.expect(pexpect.EOF)
    child.close()
    need(child.exitstatus == 4, "exit(4) in the REPL", child.exitstatus)

    run = subprocess.run([nns, "-", "x"], input="print(args)\nexit(3)\nprint(2)\n", env=env,
                         capture_output=True, text=True)
    need(run.stdout == "[\"x\"]\n" and run.returncode == 3, "nns - and exit(3)",
         run.stdout + run.stderr + str(run.returncode))
    check("nns - reads a script from standard input; exit(n) ends it with status n")
    child = start(["-i", module])
    need(ask(child, "base").startswith("40  f32"), "nns -i", "")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    check("nns -i FILE runs the file, then stays in the REPL")
    print(f"repl features e2e: {checks} passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        print("FAIL the REPL did not show what was expected:\n" + str(e)[:2000])
        sys.exit(1)
