import Foundation
import NNSAutodiff
import NNSTensor

/// How a test input is drawn.
enum Domain {
  /// Standard normal.
  case normal
  /// Uniform in [lo, hi].
  case uniform(Double, Double)
  /// Normal, but pushed at least 0.2 away from 0 (away from kinks).
  case awayFromZero
}

/// One test input: its shape, how it is drawn, and whether it is differentiated.
struct Input {
  var shape: [Int]
  var domain: Domain = .normal
  var differentiate = true
}

/// One finite-difference case: a function of its inputs built around one primitive.
struct GradCase: CustomStringConvertible, Sendable {
  /// The primitive (or derived operation) it checks.
  var name: String
  /// A label distinguishing cases of one primitive.
  var label: String
  var inputs: [Input]
  nonisolated(unsafe) var f: ([DVal]) throws -> DVal
  var description: String { "\(name) \(label)" }
}

/// A small deterministic generator (SplitMix64), independent of NNSTensor's RNG.
struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
  mutating func normal() -> Double {
    let u = max(uniform(), 1e-300)
    let v = uniform()
    return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
  }
  mutating func draw(_ d: Domain) -> Double {
    switch d {
    case .normal: return normal()
    case .uniform(let lo, let hi): return lo + (hi - lo) * uniform()
    case .awayFromZero:
      let x = normal()
      return x < 0 ? x - 0.2 : x + 0.2
    }
  }
  mutating func tensor(_ shape: [Int], _ d: Domain) throws -> Tensor {
    let n = shape.reduce(1, *)
    return try Tensor(shape: shape, values: (0..<n).map { _ in draw(d) }, dtype: .f64)
  }
}

/// Maximum errors of an analytic gradient against central differences.
struct Comparison {
  var maxAbs = 0.0
  var worst = ""
  var ok = true
}

enum Harness {
  /// Central finite differences of scalar `f` with respect to each of `xs`.
  static func numericGrads(
    _ xs: [Tensor], which: [Bool], eps: Double = 1e-6, _ f: ([Tensor]) throws -> Double
  ) throws -> [[Double]] {
    var out: [[Double]] = []
    var cur = xs
    for (k, x) in xs.enumerated() {
      guard which[k] else {
        out.append([])
        continue
      }
      var vals = x.toDoubles()
      var g = [Double](repeating: 0, count: vals.count)
      for i in 0..<vals.count {
        let v = vals[i]
        vals[i] = v + eps
        cur[k] = try Tensor(shape: x.shape, values: vals, dtype: .f64)
        let up = try f(cur)
        vals[i] = v - eps
        cur[k] = try Tensor(shape: x.shape, values: vals, dtype: .f64)
        let down = try f(cur)
        vals[i] = v
        g[i] = (up - down) / (2 * eps)
      }
      cur[k] = x
      out.append(g)
    }
    return out
  }

  /// Compares analytic and numeric values: `|a - n| <= atol + rtol * |n|` everywhere.
  static func compare(
    _ analytic: [[Double]], _ numeric: [[Double]], atol: Double = 1e-5, rtol: Double = 1e-4
  ) -> Comparison {
    var c = Comparison()
    for (k, (a, n)) in zip(analytic, numeric).enumerated() where !n.isEmpty {
      if a.count != n.count {
        c.ok = false
        c.worst = "input \(k): \(a.count) analytic values vs \(n.count) numeric"
        continue
      }
      for i in 0..<a.count {
        let err = abs(a[i] - n[i])
        if !(err <= atol + rtol * abs(n[i])) {
          c.ok = false
          c.worst = "input \(k)[\(i)]: analytic \(a[i]) vs numeric \(n[i])"
        }
        c.maxAbs = max(c.maxAbs, err)
      }
    }
    return c
  }

  /// Draws a case's inputs with a seed derived from its label.
  static func inputs(_ c: GradCase) throws -> [Tensor] {
    var seed: UInt64 = 1469598103934665603
    for b in c.description.utf8 { seed = (seed ^ UInt64(b)) &* 1099511628211 }
    var rng = SplitMix(state: seed)
    return try c.inputs.map { try rng.tensor($0.shape, $0.domain) }
  }

  /// A fixed random weighting of an output, so the scalar loss exercises every element.
  static func weights(_ shape: [Int]) throws -> Tensor {
    var rng = SplitMix(state: 42)
    return try rng.tensor(shape, .normal)
  }

  /// `sum(f(xs) * W)` as a scalar function of DVals.
  static func loss(_ c: GradCase, _ w: Tensor) -> ([DVal]) throws -> DVal {
    { xs in try AD.sum(c.f(xs) * .plain(w)) }
  }
}
