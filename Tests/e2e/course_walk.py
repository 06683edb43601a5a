#!/usr/bin/env python3
"""Walks every shipped tutorial from its first step to its last in an 80-column
pseudo-terminal, as a learner who presses Enter through the lessons and asks for the
model solution of each exercise (:skip), and checks what reached the screen:

- every lesson ends with "That was the last step of lesson N", and shows no error but the
  ones its committed transcript shows too (lessons demonstrate some errors on purpose);
- no line is wider than the terminal (nothing wraps: code, plots, tables, prose);
- no raw Markdown reaches the screen (`code` marks, **bold**, # headings, [links](...)).

Usage: course_walk.py PATH/TO/nns [WIDTH]
HOME is a temporary folder, so every lesson starts at step 1. Prints a line per lesson
(steps walked, seconds) and exits 1 on the first failure.
"""
import os
import re
import sys
import tempfile
import time
import unicodedata

import pexpect

PROMPT = "nns> "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")
RAW_MARKDOWN = [
    (re.compile(r"`[^`\s][^`]*`"), "a `code` mark"),
    (re.compile(r"\*\*[^*\s]"), "a **bold** mark"),
    (re.compile(r"^#{1,6} \S"), "a # heading"),
    (re.compile(r"\]\([^)\s]+\)"), "a [link](target)"),
]


def width(line):
    """Terminal columns a line takes (wide East Asian characters count 2)."""
    w = 0
    for ch in line:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def lessons(root):
    folder = os.path.join(root, "scripts", "tutorials")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".nns"))
    return [(int(n.split("-")[0]), os.path.join(folder, n)) for n in names]


def walk(nns, lesson, path, columns, home):
    name = os.path.basename(path)
    env = dict(os.environ, HOME=home, TERM="xterm-256color", COLUMNS=str(columns))
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        nns, ["tutorial", str(lesson)], env=env, encoding="utf-8",
        dimensions=(40, columns), timeout=240)
    screen = []
    steps = 0
    last = "That was the last step of lesson %d" % lesson
    while True:
        i = child.expect([PROMPT, pexpect.EOF])
        chunk = ANSI.sub("", child.before).replace("\r", "")
        screen.append(chunk)
        text = "".join(screen)
        if last in chunk or i == 1:
            break
        header = text.rfind("── lesson %d · step" % lesson)
        current = text[header:] if header >= 0 else text
        steps = text.count("── lesson %d · step" % lesson)
        # An exercise not yet solved: ask for the model solution, which also moves on.
        if "Exercise:" in current and "Running the model solution" not in current:
            child.sendline(":skip")
        else:
            child.sendline("")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child.close()
    text = "".join(screen)
    with open(os.path.join(os.path.dirname(path), name[:-4] + ".md"), encoding="utf-8") as f:
        transcript = f.read()
    problems = []
    if last not in text:
        problems.append("the walk never reached the last step")
    for n, line in enumerate(text.split("\n"), 1):
        if "error:" in line and line.split("error:", 1)[1].strip() not in transcript:
            problems.append("line %d shows an error: %s" % (n, line.strip()))
        if width(line) > columns:
            problems.append("line %d is %d columns wide: %s" % (n, width(line), line))
        for pattern, what in RAW_MARKDOWN:
            if pattern.search(line):
                problems.append("line %d shows %s: %s" % (n, what, line.strip()))
    return steps, problems


def main():
    nns = os.path.abspath(sys.argv[1])
    columns = int(sys.argv[2]) if len(sys.argv) > 2 else 80
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    home = tempfile.mkdtemp(prefix="nns-course-home-")
    failed = False
    for lesson, path in lessons(root):
        name = os.path.basename(path)
        start = time.time()
        steps, problems = walk(nns, lesson, path, columns, home)
        print("%s %s: %d steps in %.1f s at %d columns" % (
            "ok  " if not problems else "FAIL", name, steps, time.time() - start, columns))
        for p in problems[:12]:
            print("     " + p)
        failed = failed or bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
