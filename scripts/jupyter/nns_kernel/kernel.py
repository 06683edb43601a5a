"""The nns kernel: ipykernel's wrapper-kernel API in front of `nns kernel serve`.

Every cell goes to one long-lived nns process, which runs it exactly as the REPL runs an input
(values displayed and kept in `ans`, a failed cell rolled back, `:` commands and `?name`).
This module only turns the process's events into Jupyter messages:

- printed text -> `stream`; the cell's value -> `execute_result` (`text/plain`, the REPL's
  display form with dtype and shape); other displayed values and plots -> `display_data`;
- `fit`'s progress bar -> one stdout line rewritten with `\\r` (as front ends and terminals
  show it: one updating line);
- the error that ended a cell -> an `error` message and reply with `ename`, `evalue` and the
  rendered message as `traceback`.

Interrupt (SIGINT to the kernel) is passed on to nns once; restart starts a fresh process.
"""

import os
import signal
import sys

from ipykernel.kernelbase import Kernel

from . import __version__
from .bridge import NNSGone, NNSProcess, find_nns


def _setting(name, default, allowed=None):
    value = os.environ.get(name, "").strip()
    if not value or (allowed is not None and value not in allowed):
        return default
    return value


class NNSKernel(Kernel):
    """The `nns` kernel."""

    implementation = "nns_kernel"
    implementation_version = __version__
    language = "nns"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._nns = None
        self._start_error = None
        self._version = ""
        self._bar = None
        self._silent = False
        self._start()

    # -- the nns process ----------------------------------------------------------------

    def _start(self):
        """Starts a fresh nns process; on failure remembers why (each cell then says so)."""
        binary = find_nns()
        if not binary:
            self._start_error = (
                "cannot find the nns binary: set NNS_BIN in the kernelspec "
                "(scripts/nns kernel install does) or put nns on PATH"
            )
            return None
        width = _setting("NNS_KERNEL_WIDTH", "80")
        if not width.isdigit() or not 20 <= int(width) <= 10000:
            width = "80"
        progress = _setting("NNS_KERNEL_PROGRESS", "bar", {"bar", "lines"})
        try:
            self._nns = NNSProcess(binary, width=width, progress=progress)
        except NNSGone as gone:
            self._nns = None
            self._start_error = str(gone)
            return None
        self._start_error = None
        self._version = self._nns.version
        return self._nns

    def _process(self):
        if self._nns is None or not self._nns.alive:
            self._nns = None
            return self._start()
        return self._nns

    def _stop(self):
        if self._nns is not None:
            self._nns.close()
            self._nns = None

    @property
    def language_version(self):
        return self._version

    @property
    def language_info(self):
        return {
            "name": "nns",
            "version": self._version,
            "mimetype": "text/x-nns",
            "file_extension": ".nns",
            "pygments_lexer": "nns",
            "codemirror_mode": "python",
        }

    @property
    def kernel_info(self):
        # ipykernel offers its debugger and subshells to every kernel; one nns session has neither.
        info = dict(super().kernel_info)
        info["supported_features"] = []
        return info

    @property
    def banner(self):
        return (
            f"nns {self._version or '(not started)'} · Jupyter kernel {__version__}\n"
            "?name for help, :vars for the variables, Tab completes, Ctrl-C (Interrupt) stops a cell"
        )

    # -- output -------------------------------------------------------------------------

    def _send(self, msg_type, content):
        if not self._silent:
            self.send_response(self.iopub_socket, msg_type, content)

    def _stream(self, name, text):
        if text:
            self._send("stream", {"name": name, "text": text})

    def _clear_bar(self):
        """Blanks the progress line before other output (it is drawn again after)."""
        if self._bar is not None:
            self._stream("stdout", "\r" + " " * len(self._bar) + "\r")

    def _redraw_bar(self):
        if self._bar is not None:
            self._stream("stdout", self._bar)

    def _progress(self, text):
        pad = " " * max(0, len(self._bar or "") - len(text))
        self._stream("stdout", "\r" + text + pad)
        self._bar = text

    def _progress_end(self):
        if self._bar is not None:
            self._stream("stdout", "\n")
            self._bar = None

    def _data(self, text):
        return {"data": {"text/plain": text}, "metadata": {}}

    # -- requests -----------------------------------------------------------------------

    async def do_execute(
        self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **_
    ):
        reply = {"status": "ok", "execution_count": self.execution_count, "payload": [],
                 "user_expressions": {}}
        if not code.strip():
            return reply
        self._silent = silent
        self._bar = None
        nns = self._process()
        if nns is None:
            return self._kernel_error(self._start_error)
        request = {"op": "execute", "code": code}
        if not silent and store_history:
            request["count"] = self.execution_count
        error = None
        done = None
        try:
            previous = signal.signal(signal.SIGINT, lambda *_: nns.interrupt())
        except ValueError:  # not the main thread: interrupts cannot be caught here
            previous = None
        try:
            nns.send(request)
            while done is None:
                event = nns.next_event()
                if event is None:
                    raise NNSGone("the nns process has ended", nns.process.poll())
                kind = event.get("event")
                if kind == "stream":
                    name = event.get("name", "stdout")
                    text = event.get("text", "") + nns.more_stream(name)
                    self._clear_bar()
                    self._stream(name, text)
                    if text.endswith("\n"):
                        self._redraw_bar()
                elif kind in ("result", "display"):
                    self._clear_bar()
                    if kind == "result":
                        content = self._data(event.get("text", ""))
                        content["execution_count"] = self.execution_count
                        self._send("execute_result", content)
                    else:
                        self._send("display_data", self._data(event.get("text", "")))
                    self._redraw_bar()
                elif kind == "progress":
                    self._progress(event.get("text", ""))
                elif kind == "progress_end":
                    self._progress_end()
                elif kind == "error":
                    self._progress_end()
                    error = {
                        "ename": event.get("ename", "Error"),
                        "evalue": event.get("evalue", ""),
                        "traceback": event.get("traceback", []),
                    }
                    self._send("error", error)
                elif kind in ("done", "invalid"):
                    done = event
        except NNSGone as gone:
            self._progress_end()
            self._stop()
            status = "" if gone.status is None else f" (exit status {gone.status})"
            return self._kernel_error(
                f"the nns process ended unexpectedly{status}; the next cell starts a fresh session"
            )
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
            self._progress_end()
        if "exit" in done:
            # exit(n) or :quit ends the session as it ends the REPL: jupyter console leaves;
            # a notebook gets a fresh session at its next cell.
            self._stream(
                "stdout",
                f"the nns session has ended (exit({int(done['exit'])})); "
                "the next cell starts a fresh one\n",
            )
            self._stop()
            reply["payload"] = [{"source": "ask_exit", "keepkernel": False}]
        if error is not None or done.get("status") == "error":
            reply = {"status": "error", "execution_count": self.execution_count}
            reply.update(error or {"ename": "Error", "evalue": "", "traceback": []})
        return reply

    def _kernel_error(self, message):
        error = {"ename": "KernelError", "evalue": message, "traceback": ["error: " + message]}
        self._send("error", error)
        reply = {"status": "error", "execution_count": self.execution_count}
        reply.update(error)
        return reply

    def _ask(self, request):
        nns = self._process()
        if nns is None:
            return None
        try:
            return nns.request(request)
        except NNSGone:
            self._stop()
            return None

    async def do_complete(self, code, cursor_pos):
        cursor = len(code) if cursor_pos is None else cursor_pos
        answer = self._ask({"op": "complete", "code": code, "cursor": cursor})
        if answer is None or answer.get("event") != "completions":
            return {"status": "ok", "matches": [], "cursor_start": cursor, "cursor_end": cursor,
                    "metadata": {}}
        return {
            "status": "ok",
            "matches": answer.get("matches", []),
            "cursor_start": answer.get("start", cursor),
            "cursor_end": answer.get("end", cursor),
            "metadata": {},
        }

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        cursor = len(code) if cursor_pos is None else cursor_pos
        answer = self._ask({"op": "inspect", "code": code, "cursor": cursor})
        found = bool(answer and answer.get("event") == "help" and answer.get("found"))
        return {
            "status": "ok",
            "found": found,
            "data": {"text/plain": answer.get("text", "")} if found else {},
            "metadata": {},
        }

    async def do_is_complete(self, code):
        answer = self._ask({"op": "is_complete", "code": code})
        if answer is None or answer.get("event") != "completeness":
            return {"status": "unknown"}
        if answer.get("status") == "incomplete":
            return {"status": "incomplete", "indent": answer.get("indent", "")}
        return {"status": "complete"}

    async def do_shutdown(self, restart):
        # ipykernel's control thread flushes stdout and stderr after this reply, and the main
        # thread may have closed the IOPub thread by then: the flush then waits its whole
        # timeout (seconds) before the process can exit. Nothing is left to flush here.
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "flush_timeout"):
                stream.flush_timeout = 0.1
        self._stop()
        return {"status": "ok", "restart": restart}
