// Splitting large elementwise kernels across cores. Only costly per-element work (exp, tanh,
// ...) over large contiguous tensors is split; small tensors never pay for a thread hop.

import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Tensor {
  /// The most threads a kernel uses (1 disables splitting); the online core count by default.
  nonisolated(unsafe) public static var maxThreads: Int = max(
    1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

/// Runs `body` over `0..<n` in up to `Tensor.maxThreads` contiguous chunks of at least `grain`
/// elements (in the calling thread when one chunk suffices).
@inline(__always) @usableFromInline
func parallelChunks(_ n: Int, grain: Int, _ body: (Int, Int) -> Void) {
  let chunks = min(Tensor.maxThreads, n / max(grain, 1))
  if chunks < 2 {
    body(0, n)
    return
  }
  // the chunks write disjoint ranges, so sharing the closure across threads is safe
  withoutActuallyEscaping(body) { escapable in
    let shared = UncheckedSendable(escapable)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      shared.value(c * n / chunks, (c + 1) * n / chunks)
    }
  }
}

/// A value handed to worker threads whose safety the caller guarantees.
@usableFromInline
struct UncheckedSendable<T>: @unchecked Sendable {
  @usableFromInline let value: T
  @usableFromInline init(_ value: T) { self.value = value }
}
