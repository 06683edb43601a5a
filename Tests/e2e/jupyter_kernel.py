#!/usr/bin/env python3
"""The nns Jupyter kernel as Jupyter front ends drive it (jupyter_client, nbclient, nbformat).

Usage: jupyter_kernel.py PATH/TO/nns IPYNB_DIR
IPYNB_DIR holds each tutorial exported by `nns notebook T.nns --check T.md --ipynb DIR/T.ipynb`
(scripts/test writes them while it checks the transcripts); the kernel `nns` must be registered
(scripts/test runs `nns kernel install --user` with JUPYTER_DATA_DIR pointing at a scratch folder).

Checks, one line each:
- kernel_info (language nns, .nns, the Pygments lexer), a value as execute_result, prints and
  values in order, an error reply (ename, evalue, traceback) with the kernel alive after it;
- Interrupt stops `while true {}` within 200 ms and the next cell sees the earlier variables
  (and none of the interrupted cell's); a second interrupt forces the return from code that
  never polls; restart gives a fresh session; exit(n) asks the front end to exit;
- complete_request (Tab), inspect_request (the text of ?name), is_complete_request;
- fit's progress bar is one updating line;
- each exported tutorial is valid nbformat, its outputs are the transcript's, the same notebook
  run cell by cell through the kernel with nbclient matches the transcript by SPEC §9's rule,
  and .nns -> .ipynb -> (run in Jupyter) -> .nns gives back the tutorial's source.
"""

import copy
import glob
import os
import subprocess
import sys
import tempfile
import time

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import transcript_match  # noqa: E402

LIMIT = 0.200  # seconds from the interrupt to the execute reply
passed = 0
# Kernels talk over Unix sockets here: TCP ports picked by a client can be taken by another
# process before the kernel binds them (the machine running this is shared).
SOCKETS = tempfile.mkdtemp(prefix="nns-jupyter-ipc-")
started = 0


def kernel_manager():
    global started
    started += 1
    return KernelManager(kernel_name="nns", transport="ipc", ip=os.path.join(SOCKETS, f"k{started}"))


def ok(message):
    global passed
    passed += 1
    print("ok   " + message, flush=True)


def check(condition, message):
    if not condition:
        raise SystemExit("FAIL " + message)


class Kernel:
    """A started `nns` kernel and a client, with helpers that collect a cell's messages."""

    def __init__(self, **env):
        self.km = kernel_manager()
        self.km.start_kernel(env=dict(os.environ, **env))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def run(self, code, timeout=60):
        """Executes code; returns the reply's content and the cell's output messages."""
        msg_id = self.kc.execute(code)
        return self.collect(msg_id, timeout)

    def collect(self, msg_id, timeout=60):
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
            if kind in ("stream", "execute_result", "display_data", "error"):
                outputs.append((kind, msg["content"]))
        return self.reply(msg_id, timeout), outputs

    def reply(self, msg_id, timeout=30):
        """The shell reply to `msg_id` (replies to earlier requests, such as the extra
        kernel_info requests of `wait_for_ready`, are passed over)."""
        while True:
            msg = self.kc.get_shell_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def request(self, method, *args):
        return self.reply(getattr(self.kc, method)(*args))

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def text_of(outputs):
    """A cell's output as a transcript shows it (stream text with \\r applied as a front end
    applies it, values and displays as lines, an error's rendered lines)."""
    parts = []
    for kind, content in outputs:
        if kind == "stream":
            parts.append(content["text"])
        elif kind in ("execute_result", "display_data"):
            parts.append(content["data"]["text/plain"] + "\n")
        elif kind == "error":
            parts.append("\n".join(content["traceback"]) + "\n")
    return apply_carriage_returns("".join(parts))


def apply_carriage_returns(text):
    lines = []
    for line in text.split("\n"):
        lines.append(line.split("\r")[-1] if "\r" in line else line)
    return "\n".join(lines)


def kernel_checks():
    k = Kernel()
    try:
        info = k.request("kernel_info")
        language = info["language_info"]
        check(language["name"] == "nns" and language["file_extension"] == ".nns",
              f"kernel_info: {language}")
        check(language["pygments_lexer"] == "nns", f"kernel_info: {language}")
        check(info["supported_features"] == [], f"supported_features: {info['supported_features']}")
        from pygments.lexers import get_lexer_by_name  # the package's entry point names it

        tokens = list(get_lexer_by_name("nns").get_tokens('fn f(x) = x ^ 2  # square\n"a {x}"'))
        kinds = {str(t) for t, _ in tokens}
        check({"Token.Keyword.Declaration", "Token.Comment.Single", "Token.Literal.String.Interpol"}
              <= kinds, f"lexer: {tokens}")
        ok(f"kernel_info: language nns {language['version']}, .nns, Pygments lexer 'nns'")

        reply, outs = k.run("x = [1, 2, 3]\nprint(\"sum\", sum(x))\nx * 2\nx + 1")
        check(reply["status"] == "ok", f"reply {reply}")
        check([o[0] for o in outs] == ["stream", "display_data", "execute_result"], f"{outs}")
        check(outs[2][1]["data"]["text/plain"] == "[2, 3, 4]  f32 [3]", f"{outs}")
        check(outs[2][1]["execution_count"] == reply["execution_count"], f"{outs} {reply}")
        ok("prints, values and the cell's value come out in order (execute_result has dtype, shape)")

        reply, outs = k.run("y = 5; nope")
        check(reply["status"] == "error" and reply["ename"] == "RuntimeError", f"{reply}")
        check(reply["evalue"] == "undefined name 'nope'", f"{reply}")
        count = reply["execution_count"]
        check(reply["traceback"][0] == f"<repl[{count}]>:1:8: error: undefined name 'nope'",
              f"{reply['traceback']}")
        check(reply["traceback"][-1].startswith("note: every variable is as it was"), f"{reply}")
        check(outs == [("error", {k2: reply[k2] for k2 in ("ename", "evalue", "traceback")})],
              f"{outs}")
        reply, outs = k.run("y")
        check(reply["status"] == "error", "y must be undefined after the failed cell")
        reply, outs = k.run("x")
        check(reply["status"] == "ok", f"kernel alive after an error: {reply}")
        ok("an error cell: error reply with ename, evalue, traceback; rolled back; kernel alive")

        k.run("a = 1")
        msg_id = k.kc.execute("a = 2\nb = 3\nwhile true {}")
        time.sleep(0.5)
        best = None
        for attempt in range(2):
            start = time.monotonic()
            k.km.interrupt_kernel()
            reply, outs = k.collect(msg_id)
            elapsed = time.monotonic() - start
            best = elapsed if best is None else min(best, elapsed)
            check(reply["status"] == "error" and reply["ename"] == "Interrupted", f"{reply}")
            if best < LIMIT:
                break
            msg_id = k.kc.execute("while true {}")  # a busy machine: once more
            time.sleep(0.5)
        check(best < LIMIT, f"interrupt took {best * 1000:.0f} ms")
        check("(put back: a, b)" in reply["traceback"][-1] or attempt > 0, f"{reply}")
        reply, outs = k.run("[a, x[0]]")
        check(outs[-1][1]["data"]["text/plain"] == "[1, 1]  f32 [2]", f"{outs}")
        ok(f"Interrupt stops while true {{}} in {best * 1000:.0f} ms; the next cell sees a = 1, x")

        msg_id = k.kc.execute("_spin(3)")
        time.sleep(0.3)
        k.km.interrupt_kernel()
        time.sleep(0.1)
        start = time.monotonic()
        k.km.interrupt_kernel()
        reply, outs = k.collect(msg_id)
        elapsed = time.monotonic() - start
        check(reply["status"] == "error" and "forced by a second Ctrl-C" in reply["traceback"][-1],
              f"{reply}")
        check(elapsed < LIMIT, f"a forced interrupt took {elapsed * 1000:.0f} ms")
        reply, outs = k.run("1 + 1", timeout=30)
        check(outs[-1][1]["data"]["text/plain"] == "2  f32", f"{outs}")
        ok(f"a second interrupt forces the return in {elapsed * 1000:.0f} ms; the next cell waits")

        complete = k.request("complete", "y = lins", 8)
        check(complete["matches"] == ["linspace"], f"{complete}")
        check((complete["cursor_start"], complete["cursor_end"]) == (4, 8), f"{complete}")
        fields = k.request("complete", "r = {alpha: 1}\nr.al", 19)
        check(fields["matches"] == [], f"{fields}")  # r is not defined yet: nothing to offer
        k.run("r = {alpha: 1}")
        fields = k.request("complete", "r.al", 4)
        check(fields["matches"] == ["r.alpha"], f"{fields}")
        ok("complete_request: names and record fields, with the range they replace")

        inspect = k.request("inspect", "zeros(2, ", 9)
        reply, outs = k.run("?zeros")
        check(inspect["found"] and inspect["data"]["text/plain"] + "\n" == outs[0][1]["text"],
              f"{inspect} {outs}")
        missing = k.request("inspect", "qqq", 3)
        check(not missing["found"], f"{missing}")
        ok("inspect_request (Shift-Tab) shows what ?name shows")

        incomplete = k.request("is_complete", "fn f(x) {")
        complete = k.request("is_complete", "x = 1")
        check(incomplete == {"status": "incomplete", "indent": "  "}, f"{incomplete}")
        check(complete["status"] == "complete", f"{complete}")
        ok("is_complete_request: an open brace asks for more")

        reply, outs = k.run(
            "r = fit(fn(p, xb, yb) = mean((xb * p.w - yb) ^ 2), {w: 0}, randn(512, 1),"
            " randn(512, 1), epochs: 5, batch: 8)")
        raw = "".join(c["text"] for kind, c in outs if kind == "stream")
        shown = apply_carriage_returns(raw)
        check("\r" in raw and "\x1b" not in raw, f"{raw!r}")
        check(shown.count("\n") == 1 and shown.startswith("epoch 5/5 ") and "100%" in shown,
              f"{shown!r}")
        ok("fit's progress bar is one line updated in place (no escape codes)")

        reply, outs = k.run(":vars x")
        check(outs[0][1]["text"].startswith("name  kind"), f"{outs}")
        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=60)
        reply, outs = k.run("x")
        check(reply["status"] == "error" and reply["evalue"] == "undefined name 'x'", f"{reply}")
        ok("restart gives a fresh session")

        reply, outs = k.run("exit(2)")
        check(reply["status"] == "ok", f"{reply}")
        check({"source": "ask_exit", "keepkernel": False} in reply["payload"], f"{reply}")
        reply, outs = k.run("x = 1; x")
        check(outs[-1][1]["data"]["text/plain"] == "1  f32", f"{outs}")
        ok("exit(n) asks the front end to exit; the next cell starts a fresh session")
    finally:
        k.stop()


def tutorial_checks(nns, ipynb_dir):
    tutorials = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../scripts/tutorials")
    tutorials = os.path.normpath(tutorials)
    exported = sorted(glob.glob(os.path.join(ipynb_dir, "*.ipynb")))
    check(len(exported) == len(glob.glob(os.path.join(tutorials, "*.nns"))),
          f"expected one exported notebook per tutorial in {ipynb_dir}")
    # Transcripts print one line per epoch: so does the kernel here (NNS_KERNEL_PROGRESS).
    os.environ["NNS_KERNEL_PROGRESS"] = "lines"
    scratch = tempfile.mkdtemp(prefix="nns-jupyter-")
    for path in exported:
        name = os.path.splitext(os.path.basename(path))[0]
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        with open(os.path.join(tutorials, name + ".md"), encoding="utf-8") as f:
            expected = transcript_match.output_blocks(f.read())
        code = [c for c in nb.cells if c.cell_type == "code"]
        written = [t for t in (cell_text(c) for c in code) if t]
        check(len(written) == len(expected)
              and all(transcript_match.equal(a, b) for a, b in zip(expected, written)),
              f"{name}: the exported outputs differ from the transcript's text blocks")
        # Run it in Jupyter: outputs cleared, every cell through the kernel, in the tutorial's
        # folder (as Jupyter runs a notebook in its own folder).
        fresh = copy.deepcopy(nb)
        for c in fresh.cells:
            if c.cell_type == "code":
                c.outputs, c.execution_count = [], None
        start = time.monotonic()
        NotebookClient(fresh, km=kernel_manager(), timeout=300,
                       resources={"metadata": {"path": tutorials}}).execute()
        elapsed = time.monotonic() - start
        ran = [c for c in fresh.cells if c.cell_type == "code"]
        blocks = iter(expected)
        for before, after in zip(code, ran):
            want = cell_text(before)
            got = cell_text(after)
            if not want:
                check(not got, f"{name}: a cell wrote {got!r}; the transcript has no output")
                continue
            want = transcript_match.without_locations(next(blocks))
            got = transcript_match.without_locations(got)
            check(transcript_match.equal(want, got),
                  f"{name}: cell\n{after.source}\nwrote\n{got}\nthe transcript has\n{want}")
        ok(f"{name}: valid nbformat; through the kernel every cell matches the transcript"
           f" ({len(ran)} cells, {elapsed:.1f} s)")
        # Back to # %% form after Jupyter ran (and would have saved) it.
        saved = os.path.join(scratch, name + ".ipynb")
        nbformat.write(fresh, saved)
        back = subprocess.run([nns, "notebook", "--from", saved], capture_output=True, check=True)
        with open(os.path.join(tutorials, name + ".nns"), "rb") as f:
            check(back.stdout == f.read(), f"{name}: .nns -> .ipynb -> .nns changed the source")
    ok(f"{len(exported)} tutorials: .nns -> .ipynb -> run in Jupyter -> .nns gives back the source")


def cell_text(cell):
    parts = []
    for o in cell.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            parts.append(o.data["text/plain"] + "\n")
        elif o.output_type == "error":
            parts.append("\n".join(o.traceback) + "\n")
    return apply_carriage_returns("".join(parts))


def main():
    nns = os.path.abspath(sys.argv[1])
    ipynb_dir = sys.argv[2]
    kernel_checks()
    tutorial_checks(nns, ipynb_dir)
    print(f"jupyter kernel e2e: {passed} passed, 0 failed")


if __name__ == "__main__":
    main()
