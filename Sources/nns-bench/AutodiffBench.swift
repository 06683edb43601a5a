// Autodiff benchmarks: recording overhead per node and a small MLP step, at the Swift level.
import Foundation
import NNSAutodiff
import NNSTensor

enum AutodiffBench {
  /// This thread's CPU time in seconds (the machine is shared: wall time includes waiting).
  static func cpuTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  /// CPU seconds taken by `body`, best of `repeats`.
  static func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var b = Double.infinity
    for _ in 0..<repeats {
      let t0 = cpuTime()
      try body()
      b = min(b, cpuTime() - t0)
    }
    return b
  }

  static func run(_ args: [String]) {
    do {
      if args.isEmpty || args.contains("chain") { try chain() }
      if args.isEmpty || args.contains("mlp") { try mlpStep() }
    } catch {
      print("autodiff: error: \(error)")
    }
  }

  /// A chain of n scalar multiply-adds: plain, tracked (forward only), forward + backward.
  static func chain() throws {
    let n = 200_000
    let one = DVal.scalar(1.0001, dtype: .f32)
    let plain = try best(5) {
      var y = DVal.scalar(1, dtype: .f32)
      for _ in 0..<n { y = try y * one }
    }
    let recorded = try best(5) {
      let tape = Tape.open()
      defer { tape.release() }
      var y = tape.track(.scalar(1, dtype: .f32))
      for _ in 0..<n { y = try y * one }
    }
    let both = try best(5) {
      _ = try AD.grad(.scalar(1, dtype: .f32)) { x in
        var y = x
        for _ in 0..<n { y = try y * one }
        return y
      }
    }
    let ns = { (t: Double) in String(format: "%.0f ns", t / Double(n) * 1e9) }
    print("chain of \(n) scalar `*`: plain \(ns(plain))/op, recorded \(ns(recorded))/op "
      + "(overhead \(ns(recorded - plain))/node), forward+backward \(ns(both))/op")
  }

  /// sum(tanh(x @ W + b)) w.r.t. W and b: x 1x16, W 16x16, b 16, f32.
  static func mlpStep() throws {
    let rng = RNG.shared
    let x = DVal.plain(try rng.normal([1, 16], dtype: .f32))
    let w = DVal.plain(try rng.normal([16, 16], dtype: .f32))
    let b = DVal.plain(try rng.normal([16], dtype: .f32))
    let reps = 10_000
    let t = try best(5) {
      for _ in 0..<reps {
        _ = try AD.valueAndGrad([w, b]) { p in
          try AD.sum(AD.unary(.tanh, AD.matmul(x, p[0]) + p[1]))
        }
      }
    }
    print(String(format: "mlp step (1x16 @ 16x16 + 16, tanh, sum; grad W, b): %.2f us/rep", t / Double(reps) * 1e6))
  }
}
