// Ctrl-C for long kernels: one process-wide flag that the REPL's SIGINT handler sets and that
// every loop over many elements looks at between chunks, so that a matrix product, a random
// fill or an elementwise map over hundreds of millions of elements stops within milliseconds.

import Synchronization

/// The interrupt flag and the helpers kernels use to honour it.
///
/// A kernel never throws from inside its loop: it looks at the flag between chunks of
/// `Interrupt.chunk` elements (`forChunks`, `forEachRow`) and stops early, leaving the rest of
/// its result unwritten. The public entry point that ran it then calls `check()`, which throws
/// `Interrupted`, so an unfinished result never reaches the caller.
public enum Interrupt {
  /// Set from a signal handler (Ctrl-C) or another thread to ask running code to stop.
  public static let requested = Atomic<Bool>(false)
  /// Set by the REPL's handler on a second Ctrl-C within a second of the first: the waiting
  /// thread stops waiting for the interrupted code (see the runtime's `BigStack`).
  public static let forced = Atomic<Bool>(false)

  /// Elements a loop processes between two looks at the flag (a fraction of a millisecond of
  /// work for the cheapest kernel, so a look costs nothing measurable).
  public static let chunk = 1 << 18

  /// Whether an interrupt has been requested (a relaxed load: one plain read on x86).
  @inline(__always)
  public static var isRequested: Bool { requested.load(ordering: .relaxed) }

  /// Asks running code to stop.
  public static func request() { requested.store(true, ordering: .relaxed) }

  /// Forgets any request (before running new code).
  public static func clear() {
    requested.store(false, ordering: .relaxed)
    forced.store(false, ordering: .relaxed)
  }

  /// Takes a pending request: returns whether there was one and clears it.
  @inline(__always)
  public static func take() -> Bool {
    isRequested && requested.exchange(false, ordering: .relaxed)
  }

  /// Throws `Interrupted` (taking the request) when an interrupt has been requested.
  /// - Throws: `Interrupted`.
  @inline(__always)
  public static func check() throws {
    if take() { throw Interrupted() }
  }

  /// Calls `body` on consecutive ranges covering `0..<n`, each about `chunk` elements of work,
  /// and stops early (without calling it for the rest) once an interrupt is requested.
  /// - Parameters:
  ///   - n: the number of items.
  ///   - weight: the elements of work per item (a row's length), at least 1.
  ///   - body: the loop over one range of items.
  @inline(__always) @usableFromInline
  static func forChunks(_ n: Int, weight: Int = 1, _ body: (Range<Int>) -> Void) {
    let step = max(chunk / max(weight, 1), 1)
    if n <= step {
      body(0..<n)
      return
    }
    var start = 0
    while start < n {
      let end = min(start &+ step, n)
      body(start..<end)
      start = end
      if isRequested { return }
    }
  }
}

/// Thrown by a kernel (or anything else that polls) when Ctrl-C asked it to stop.
public struct Interrupted: Error, CustomStringConvertible, Sendable {
  /// Creates the error.
  public init() {}
  /// The message: `interrupted`.
  public var description: String { "interrupted" }
}
