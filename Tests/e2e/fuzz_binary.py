#!/usr/bin/env python3
"""Fuzzes the release binary (issue 13): every input must end with exit status 0, 1 or 2 within
a time limit, never by a signal or a hang, and must leave the special files beside it as they
were.

Usage: fuzz_binary.py NNS [--seconds S] [--seed N] [--regressions DIR]

First replays every input kept in DIR (default Tests/e2e/fuzz_regressions, next to this file);
then, until S seconds (default 120, or $NNS_FUZZ_SECONDS) have passed, runs generated inputs:
mutated expect-scripts, examples, tutorials and stdlib files; token soup; deep nesting; loads
and saves of special files; and hostile .npy, .safetensors, CSV and JSON files. An input that
fails is written to DIR (commit it: it is replayed from then on) and the run exits 1.

Each case runs with `NNS_STEP_BUDGET` (so a long loop ends in an nns error, and a timeout means
a real hang), 3 GiB of address space, 64 MiB of file size and no core files.
"""

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TIMEOUT = 60  # seconds per case (a mutated tutorial may train for 20 s on a loaded machine)
STEP_BUDGET = "2000000"

TOKENS = (
    "fn if else while for in return break continue and or not true false none include "
    "x y f r l i s zeros ones sum mean print range len map filter zip enumerate append extend "
    "reshape grad softmax arange eye randn rand str save load load_csv save_csv tree_map "
    "concat stack spiral moons linspace full exp log tanh relu sort argmax keys values merge "
    "0 1 2 -1 3.5 1e-3 1e308 -1e308 2^62 2^29 2^31 1e9 nan inf 0.0 1_000 "
    '"s" "{x}" "{x:.2f}" "a.npy" "b.json" "c.csv" "d.safetensors" "fifo.npy" "null.npy" '
    '"ro.json" "link.json" "dir.json" "/dev/stdout" '
    "+ - * / % ^ @ == != < <= > >= = += -= *= /= ( ) [ ] { } , : ; . .shape .T .size"
).split() + ["\n", "\n", " ", "#", '"', "\\", "\x00", "\xff", "é", "∑", "`"]

EXTREMES = ["0", "-1", "1e308", "2^62", "2^29", "1e9", "100000", "nan", "-inf", "2^31", "1e-320"]


def limits():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 20, 64 << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


class Sandbox:
    """A folder with special files that no input may change."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="nns-fuzz-")
        self.reset()

    def reset(self):
        for name in os.listdir(self.path):
            p = os.path.join(self.path, name)
            if os.path.isdir(p) and not os.path.islink(p):
                os.chmod(p, 0o755)
                shutil.rmtree(p, ignore_errors=True)
            else:
                try:
                    os.chmod(p, 0o644, follow_symlinks=False)
                except (OSError, NotImplementedError):
                    pass
                os.unlink(p)
        p = self.path
        os.symlink("/dev/null", f"{p}/null.npy")
        os.symlink("/dev/zero", f"{p}/zero.npy")
        os.symlink("/dev/zero", f"{p}/zero.csv")
        os.mkfifo(f"{p}/fifo.npy")
        with open(f"{p}/ro.json", "w") as f:
            f.write("[1]")
        os.chmod(f"{p}/ro.json", 0o444)
        with open(f"{p}/target.json", "w") as f:
            f.write("[2]")
        os.symlink("target.json", f"{p}/link.json")
        os.symlink("missing.json", f"{p}/dangling.json")
        os.mkdir(f"{p}/dir.json")
        s = socket.socket(socket.AF_UNIX)
        s.bind(f"{p}/sock.json")
        s.close()

    def damage(self):
        """What changed that must not have (empty when all is well)."""
        p = self.path
        problems = []
        if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
            problems.append("/dev/null is no longer a device")
        for name, dest in [("null.npy", "/dev/null"), ("link.json", "target.json"),
                           ("dangling.json", "missing.json")]:
            if not os.path.islink(f"{p}/{name}") or os.readlink(f"{p}/{name}") != dest:
                problems.append(f"{name} is no longer a link to {dest}")
        if not stat.S_ISFIFO(os.lstat(f"{p}/fifo.npy").st_mode):
            problems.append("fifo.npy is no longer a FIFO")
        if not stat.S_ISSOCK(os.lstat(f"{p}/sock.json").st_mode):
            problems.append("sock.json is no longer a socket")
        if not os.path.isdir(f"{p}/dir.json"):
            problems.append("dir.json is no longer a folder")
        with open(f"{p}/ro.json") as f:
            if f.read() != "[1]":
                problems.append("the read-only ro.json changed")
        if os.path.exists(f"{p}/missing.json"):
            problems.append("the dangling link's target was created")
        leftovers = [n for n in os.listdir(p) if n.endswith(".tmp")]
        if leftovers:
            problems.append(f"temporary files left: {leftovers}")
        return problems


def sources():
    out = []
    for d in ["Tests/NNSRuntimeTests/scripts", "scripts/examples", "scripts/tutorials", "stdlib"]:
        full = os.path.join(ROOT, d)
        for name in sorted(os.listdir(full)):
            if name.endswith(".nns"):
                with open(os.path.join(full, name), encoding="utf-8", errors="replace") as f:
                    out.append(f.read())
    return out


def mutate(rng, text):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(7)
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        if k == 0:
            del lines[i: i + rng.randint(1, 5)]
        elif k == 1:
            lines[i:i] = lines[i: i + rng.randint(1, 5)] * rng.randint(1, 3)
        elif k == 2:
            line = lines[i]
            j = rng.randint(0, len(line))
            lines[i] = line[:j] + rng.choice(TOKENS) + line[j:]
        elif k == 3:
            words = lines[i].split(" ")
            for w in range(len(words)):
                if words[w].isdigit() and rng.random() < 0.5:
                    words[w] = rng.choice(EXTREMES)
            lines[i] = " ".join(words)
        elif k == 4:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif k == 5:
            lines = lines[: rng.randint(0, len(lines))]
        else:
            line = lines[i]
            j = rng.randint(0, len(line))
            lines[i] = line[:j] + line[j + rng.randint(1, 8):]
    return "\n".join(lines)


def token_soup(rng):
    return " ".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 60)))


def deep(rng):
    n = rng.choice([100, 255, 256, 257, 1000, 1024, 5000, 10000, 20000, 100000])
    k = rng.randrange(8)
    if k == 0:
        return "[" * n + "1" + "]" * n
    if k == 1:
        return "(" * n + "1" + ")" * n
    if k == 2:
        return "{a: " * n + "1" + "}" * n
    if k == 3:
        return "-" * n + "1"
    if k == 4:
        return " + ".join(["1"] * n)
    if k == 5:
        op = rng.choice(["[x]", "{a: x}", "[x, x]", "[x, 1]", "append([], x)", "[[x]]"])
        tail = rng.choice(["x = 0", "x + 1", "x == x", "str(x)", "save(\"d.json\", x)",
                           "tree_map(fn(v) = v, x)", "print(x)", "-x", "len(x)"])
        return f"x = 1; for i in range({n}) {{ x = {op} }}; {tail}"
    if k == 6:
        return f"fn wrap(g) = fn() g(); f = fn() 0; for i in range({n * 10}) {{ f = wrap(f) }}; f = 0"
    return "fn f(n) = if n == 0 { 0 } else { 1 + f(n - 1) }\nf(" + str(n) + ")"


def special_files(rng):
    path = rng.choice(["null.npy", "zero.npy", "zero.csv", "fifo.npy", "ro.json", "link.json",
                       "dangling.json", "dir.json", "sock.json", "/dev/stdout", "/dev/full",
                       "new.json", "missing/x.json", ""])
    call = rng.choice([
        f'load("{path}")', f'load_csv("{path}")', f'save("{path}", [1, 2])',
        f'save_csv("{path}", [[1, 2]])', f'save("{path}", {{a: zeros(3)}})',
        f'include "{path}"', f'x = load("{path}"); save("{path}", x)',
    ])
    return call


def npy_bytes(rng):
    descr = rng.choice(["<f4", "<f8", "<i8", "|b1", ">f4", "<f2", "O", "<U3", "|u1", "<c8", "x"])
    shape = rng.choice(["()", "(3,)", "(2, 3)", "(0,)", "(1000000000000,)", "(-1,)", "(2**62, 4)",
                        "(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3)",
                        "((((((1,),),),),),)", "(1e3,)", "(" + "1, " * 70 + ")"])
    order = rng.choice(["False", "True", "0", "None"])
    header = f"{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}"
    if rng.random() < 0.2:
        header = header.replace("'", rng.choice(['"', "", "'''"]))
    header = header.ljust(rng.choice([len(header), 118, 1000])) + "\n"
    version = rng.choice([b"\x01\x00", b"\x02\x00", b"\x03\x00", b"\x09\x09"])
    raw = header.encode("latin-1", errors="replace")
    hlen = len(raw) if rng.random() < 0.8 else rng.choice([0, 1, 0xFFFF, 0xFFFFFFFF])
    lenfield = struct.pack("<H", hlen & 0xFFFF) if version == b"\x01\x00" else struct.pack("<I", hlen)
    body = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 7, 24, 100])))
    data = b"\x93NUMPY" + version + lenfield + raw + body
    return flip(rng, data)


def safetensors_bytes(rng):
    entries = {}
    for k in range(rng.randint(0, 3)):
        shape = rng.choice([[2], [2, 3], [], [0], [2**40], [-1], [1] * 70, ["a"], [2**62, 2**62]])
        start = rng.choice([0, 8, 24, -8, 2**63])
        end = rng.choice([24, 48, 0, 2**64, start])
        entries[rng.choice(["w", "b", "a.b", "", "0", "w" * 300])] = {
            "dtype": rng.choice(["F32", "F64", "I64", "BOOL", "F16", "BF16", "U8", "X", 3]),
            "shape": shape, "data_offsets": [start, end]}
    if rng.random() < 0.3:
        entries["__metadata__"] = rng.choice([{"k": "v"}, {"k": 1}, [1], "x"])
    header = json.dumps(entries).encode()
    if rng.random() < 0.2:
        header = b"[" * 5000
    n = len(header) if rng.random() < 0.8 else rng.choice([0, 2**63, 2**40, len(header) + 9])
    body = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 24, 48])))
    return flip(rng, struct.pack("<Q", n % 2**64) + header + body)


def csv_bytes(rng):
    k = rng.randrange(6)
    if k == 0:
        return ("a,b\n" + "1,2\n" * rng.randint(0, 50)).encode()
    if k == 1:
        return (",".join(str(i) for i in range(rng.choice([1, 100, 100000]))) + "\n").encode()
    if k == 2:
        return '"a""b",c\n"1\n2",3\n'.encode()
    if k == 3:
        return ("x\n" + "\n".join(rng.choice(["nan", "inf", "-1e309", "1e400", "", "0x10", " 1 ",
                                               "1,2", '"', "é"]) for _ in range(30))).encode()
    if k == 4:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
    return ("1,2\n1\n1,2,3\n").encode()


def json_bytes(rng):
    k = rng.randrange(6)
    if k == 0:
        n = rng.choice([255, 256, 257, 10000, 1000000])
        return ("[" * n + "]" * n).encode()
    if k == 1:
        return json.dumps({"a": [[1, 2], [3]], "b": "x" * rng.randint(0, 1000)}).encode()
    if k == 2:
        return rng.choice([b"1e400", b"-0", b"[1, 2, ]", b"{\"a\": 1, \"a\": 2}", b"\"\\ud800\"",
                           b"[1e-400]", b"nan", b"[[1, 2], [3, 4]]", b"{}", b"", b"\xff\xfe"])
    if k == 3:
        return ("[" + ",".join(["[" + ",".join(["1"] * 50) + "]"] * 50) + "]").encode()
    if k == 4:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
    return ("{\"a\": " * 300 + "1" + "}" * 300).encode()


def flip(rng, data):
    data = bytearray(data)
    for _ in range(rng.choice([0, 0, 1, 3])):
        if data:
            data[rng.randrange(len(data))] = rng.getrandbits(8)
    if rng.random() < 0.1:
        data = data[: rng.randint(0, len(data))]
    return bytes(data)


def generate(rng, corpus):
    """One case: (kind, file name, bytes, argv tail)."""
    k = rng.randrange(10)
    if k <= 2:
        return ("script", "case.nns", mutate(rng, rng.choice(corpus)).encode(), None)
    if k == 3:
        return ("script", "case.nns", token_soup(rng).encode(), None)
    if k == 4:
        return ("script", "case.nns", deep(rng).encode(), None)
    if k == 5:
        return ("script", "case.nns", special_files(rng).encode(), None)
    if k == 6:
        return ("notebook", "case.nns", ("# %%\n" + mutate(rng, rng.choice(corpus))).encode(), None)
    ext, make = rng.choice([("npy", npy_bytes), ("safetensors", safetensors_bytes),
                            ("csv", csv_bytes), ("json", json_bytes)])
    return ("load", "case." + ext, make(rng), None)


def command(nns, kind, name):
    if kind == "script":
        return [nns, name]
    if kind == "notebook":
        return [nns, "notebook", name, "-o", "case.md"]
    if name.endswith(".csv"):
        return [nns, "-e", f'x = load_csv("{name}"); print(x); save_csv("out.csv", x)']
    return [nns, "-e", f'x = load("{name}"); print(x); save("out.{name.split(".")[-1]}", x)']


def run_case(nns, box, kind, name, data):
    """Runs one case; returns None or a description of the failure."""
    with open(os.path.join(box.path, name), "wb") as f:
        f.write(data)
    env = dict(os.environ, NNS_STEP_BUDGET=STEP_BUDGET, NNS_ASCII="1")
    try:
        p = subprocess.run(command(nns, kind, name), cwd=box.path, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                           timeout=TIMEOUT, preexec_fn=limits)
        rc = p.returncode
        err = p.stderr[-600:].decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return f"hang (no exit within {TIMEOUT} s)"
    finally:
        for n in ("case.nns", "case.md", name):
            try:
                os.unlink(os.path.join(box.path, n))
            except OSError:
                pass
    problems = box.damage()
    if problems:
        box.reset()
    if rc < 0:
        return f"signal {-rc}: {err}"
    if rc not in (0, 1, 2):
        return f"exit status {rc}: {err}"
    if problems:
        return "changed files: " + "; ".join(problems)
    return None


def kind_of(name):
    if name.endswith(".nb.nns"):
        return "notebook", "case.nns"
    if name.endswith(".nns"):
        return "script", "case.nns"
    return "load", "case." + name.rsplit(".", 1)[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nns")
    ap.add_argument("--seconds", type=float,
                    default=float(os.environ.get("NNS_FUZZ_SECONDS", "120")))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--regressions", default=os.path.join(HERE, "fuzz_regressions"))
    args = ap.parse_args()
    nns = os.path.abspath(args.nns)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    box = Sandbox()
    findings = []
    replayed = 0
    try:
        os.makedirs(args.regressions, exist_ok=True)
        for name in sorted(os.listdir(args.regressions)):
            if name.startswith("."):
                continue
            with open(os.path.join(args.regressions, name), "rb") as f:
                data = f.read()
            kind, case = kind_of(name)
            problem = run_case(nns, box, kind, case, data)
            replayed += 1
            if problem:
                findings.append((name, problem))
                print(f"FAIL (regression {name}): {problem}")
        corpus = sources()
        start = time.time()
        cases = 0
        while time.time() - start < args.seconds:
            kind, name, data, _ = generate(rng, corpus)
            problem = run_case(nns, box, kind, name, data)
            cases += 1
            if problem:
                digest = hashlib.sha1(data).hexdigest()[:12]
                ext = ".nb.nns" if kind == "notebook" else "." + name.rsplit(".", 1)[-1]
                keep = os.path.join(args.regressions, f"found-{digest}{ext}")
                with open(keep, "wb") as f:
                    f.write(data)
                findings.append((keep, problem))
                print(f"FAIL ({kind}, kept as {keep}): {problem}")
    finally:
        for name in os.listdir(box.path):
            try:
                os.chmod(os.path.join(box.path, name), 0o755, follow_symlinks=False)
            except (OSError, NotImplementedError):
                pass
        shutil.rmtree(box.path, ignore_errors=True)
    print(f"fuzz (seed {seed}): {replayed} regression inputs replayed, {cases} generated cases "
          f"in {args.seconds:.0f} s, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
