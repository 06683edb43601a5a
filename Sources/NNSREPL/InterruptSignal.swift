import NNSTensor

#if canImport(Glibc)
  import Glibc
#endif

/// Set by the SIGINT handler; read and cleared by the thread that waits for input.
nonisolated(unsafe) var sigintPending: sig_atomic_t = 0
/// When the last Ctrl-C came (CLOCK_MONOTONIC nanoseconds), for the second-press rule.
nonisolated(unsafe) var lastSigint: Int64 = 0

/// Ctrl-C. At the prompt it discards the line (`readLine` sees `sigintPending`). While code
/// runs it asks it to stop (`Interrupt.requested`, polled by the interpreter and the kernels);
/// a second Ctrl-C within a second, while the first is still unanswered, forces the return to
/// the prompt (`Interrupt.forced`), as Julia's REPL does. Only async-signal-safe work here:
/// atomics, plain stores and `clock_gettime`.
private func handleSigint(_: Int32) {
  sigintPending = 1
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  let nanos = Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
  if Interrupt.isRequested && nanos &- lastSigint < 1_000_000_000 {
    Interrupt.forced.store(true, ordering: .relaxed)
  }
  lastSigint = nanos
  Interrupt.request()
}

/// Ctrl-C's handler, shared by the REPL (through `ReadlineEditor`) and the Jupyter kernel's
/// server, so that an interrupt means the same in both.
public enum InterruptSignal {
  /// Installs the SIGINT handler: the first signal asks running code to stop; a second within a
  /// second, while the first is unanswered, forces the return (the abandoned code stops at its
  /// next poll).
  public static func install() {
    signal(SIGINT, handleSigint)
  }
}
