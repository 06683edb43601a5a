"""The client side of `nns kernel serve`: one nns process, JSON Lines in both directions.

Requests are JSON objects written one per line to the process's standard input; the process
answers with events, one JSON object per line on its standard output, ending each request
with one final event (`done`, `completions`, `help` or `completeness`). docs/NOTEBOOKS.md
("The kernel's protocol") is the reference.
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import threading

FINAL_EVENTS = {"done", "completions", "help", "completeness", "invalid"}


class NNSGone(Exception):
    """The nns process ended (its exit status, when known, is in `status`)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def find_nns():
    """The nns binary: `$NNS_BIN`, else `nns` on PATH, else None."""
    binary = os.environ.get("NNS_BIN")
    if binary:
        return binary
    return shutil.which("nns")


class NNSProcess:
    """One `nns kernel serve` process and the events it sends.

    The process runs in a session of its own, so a SIGINT sent to the kernel's process group
    reaches it only through `interrupt()`, exactly once per interrupt (nns reads a second
    SIGINT within a second as "force the return").
    """

    def __init__(self, binary, width=80, progress="bar", cwd=None):
        command = [binary, "kernel", "serve", "--width", str(width), "--progress", progress]
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=cwd,
                start_new_session=True,
            )
        except OSError as error:
            raise NNSGone(f"cannot start {binary}: {error.strerror}") from None
        self._events = queue.Queue()
        self._held = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        ready = self.next_event(timeout=60)
        if ready is None or ready.get("event") != "ready":
            self.close()
            raise NNSGone(f"{binary} kernel serve did not start", self.process.returncode)
        self.version = ready.get("version", "")
        self.width = ready.get("width", width)

    def _read(self):
        for raw in self.process.stdout:
            try:
                event = json.loads(raw)
            except ValueError:
                event = {"event": "stream", "name": "stderr", "text": raw.decode("utf-8", "replace")}
            self._events.put(event)
        self._events.put(None)

    def send(self, request):
        """Writes one request."""
        try:
            self.process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise NNSGone("the nns process has ended", self.process.poll()) from None

    def next_event(self, timeout=None):
        """The next event, or None once the process has ended (or after `timeout` seconds).

        Waits in short steps so that a signal handler (the kernel's interrupt) runs at once.
        """
        if self._held is not None:
            event, self._held = self._held, None
            return event
        waited = 0.0
        while True:
            try:
                return self._events.get(timeout=0.05)
            except queue.Empty:
                waited += 0.05
                if timeout is not None and waited >= timeout:
                    return None

    def more_stream(self, name):
        """The text of stream events already waiting for stream `name`, joined (for sending
        many prints as one message); the first other event is held for `next_event`."""
        text = ""
        while self._held is None:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            if event is not None and event.get("event") == "stream" and event.get("name") == name:
                text += event.get("text", "")
            else:
                self._held = event
        return text

    def request(self, request):
        """Sends a request that has one answer (not `execute`) and returns that answer."""
        self.send(request)
        while True:
            event = self.next_event()
            if event is None:
                raise NNSGone("the nns process has ended", self.process.poll())
            if event.get("event") in FINAL_EVENTS:
                return event

    def interrupt(self):
        """Sends SIGINT: nns stops the running input (a second within a second forces it)."""
        if self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGINT)
            except ProcessLookupError:
                pass

    @property
    def alive(self):
        return self.process.poll() is None

    def close(self, timeout=2.0):
        """Ends the process: end of input first, then SIGKILL if it does not go."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
