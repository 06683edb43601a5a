// Helpers shared by the NNSTensor tests: building tensors, comparing with tolerances and
// checking error messages.

import Testing

@testable import NNSTensor

/// An f64 tensor (or another dtype) from a shape and row-major values.
func tensor(_ shape: [Int], _ values: [Double], _ dtype: DType = .f64) throws -> Tensor {
  try Tensor(shape: shape, values: values, dtype: dtype)
}

/// A rank-1 f64 tensor.
func vec(_ values: [Double], _ dtype: DType = .f64) throws -> Tensor {
  try Tensor(shape: [values.count], values: values, dtype: dtype)
}

/// A tensor holding a numpy reference array.
func tensor(_ ref: Ref, _ dtype: DType = .f64) throws -> Tensor {
  try Tensor(shape: ref.shape, values: ref.values, dtype: dtype)
}

/// Whether two doubles agree within a relative and absolute tolerance (NaN matches NaN).
func close(_ a: Double, _ b: Double, rel: Double = 1e-12, abs absTol: Double = 1e-12) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a.isInfinite || b.isInfinite { return a == b }
  return Swift.abs(a - b) <= absTol + rel * Swift.abs(b)
}

/// Expects `t` to have `shape` and values close to `values`.
func expectValues(
  _ t: Tensor, _ shape: [Int], _ values: [Double], rel: Double = 1e-12, abs: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(t.shape == shape, "shape", sourceLocation: sourceLocation)
  let got = t.toDoubles()
  #expect(got.count == values.count, "count", sourceLocation: sourceLocation)
  for (i, (g, w)) in zip(got, values).enumerated() where !close(g, w, rel: rel, abs: abs) {
    Issue.record("element \(i): got \(g), want \(w)", sourceLocation: sourceLocation)
    return
  }
}

/// Expects `t` to match a numpy reference array.
func expectRef(
  _ t: Tensor, _ ref: Ref, rel: Double = 1e-12, abs: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectValues(t, ref.shape, ref.values, rel: rel, abs: abs, sourceLocation: sourceLocation)
}

/// Expects `body` to throw a `TensorError` whose message is exactly `message`.
func expectError(
  _ message: String, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("expected error: \(message)", sourceLocation: sourceLocation)
  } catch let e as TensorError {
    #expect(e.message == message, sourceLocation: sourceLocation)
  } catch {
    Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
  }
}

/// A small deterministic generator for test data (independent of NNSTensor's RNG).
struct TestRandom: RandomNumberGenerator {
  var state: UInt64

  init(_ seed: Int) { state = UInt64(truncatingIfNeeded: seed) &+ 0x1234_5678 }

  /// The next 64 bits (splitmix64).
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }

  /// A uniform double in [-1, 1) (with small integers mixed in to make ties).
  mutating func double() -> Double {
    next() % 5 == 0 ? Double(int(-2...2)) : Double(next() >> 11) * 0x1p-52 - 1
  }

  /// A random shape of rank `rank` with sizes in 1...4.
  mutating func shape(rank: Int) -> [Int] { (0..<rank).map { _ in int(1...4) } }

  /// A random f64 tensor of `shape`.
  mutating func tensor(_ shape: [Int]) throws -> Tensor {
    let n = shape.reduce(1, *)
    return try Tensor(shape: shape, values: (0..<n).map { _ in double() }, dtype: .f64)
  }
}

/// Row-major multi-index of `flat` in `shape`.
func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
  var rest = flat
  var idx = [Int](repeating: 0, count: shape.count)
  for axis in stride(from: shape.count - 1, through: 0, by: -1) {
    idx[axis] = rest % shape[axis]
    rest /= shape[axis]
  }
  return idx
}

/// Row-major flat position of `idx` in `shape`.
func flatIndex(_ idx: [Int], _ shape: [Int]) -> Int {
  var f = 0
  for (i, s) in zip(idx, shape) { f = f * s + i }
  return f
}
