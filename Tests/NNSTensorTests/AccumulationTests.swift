// The accumulation rule: f32 and f64 reductions over every axis and layout against a reference
// summed in f64 over the same values, long sums whose naive f32 running total drifts, the
// variance's two passes, and the kernels that sum inside (softmax, logsumexp, norm, losses).
// The 2^25-element cases of issue 12 run once against the release binary
// (Tests/e2e/large_reductions.nns, from scripts/test), not here.

import Glibc
import PropertyBased
import Testing

@testable import NNSTensor

/// `n` f32 copies of 0.1 (0.100000001490116...): a naive running f32 sum of them drifts by
/// about 1% over a million terms, while the exact sum is `n * Double(Float(0.1))`.
private let tenth = Double(Float(0.1))

@Suite("accumulation")
struct AccumulationTests {
  /// Every reduction of an f32 or f64 tensor, over random axes of a random shape (some axes
  /// long, some views transposed), agrees with the same reduction summed in f64. f32 results
  /// must be within 1e-5 of the sum of magnitudes, a bound pairwise summation keeps and a
  /// naive running sum exceeds on long axes.
  @Test func matchesF64ReferenceOverRandomAxes() async throws {
    await propertyCheck(count: 120, input: Gen.int(in: 0...1_000_000)) { seed in
      var r = TestRandom(seed)
      let rank = r.int(1...3)
      var shape = (0..<rank).map { _ in r.int(1...5) }
      shape[r.int(0...rank - 1)] = r.int(1...3000)  // one long axis
      let dtype: DType = r.int(0...1) == 0 ? .f32 : .f64
      let ops = ReduceOp.allCases
      let op = ops[r.int(0...ops.count - 1)]
      let n = shape.reduce(1, *)
      let offset = Double(r.int(-3...3))
      let values = (0..<n).map { _ in
        op == .prod ? 1 + 0.002 * r.double() : offset + r.double()
      }
      guard var x = try? Tensor(shape: shape, values: values, dtype: dtype) else { return }
      if rank >= 2 && r.int(0...1) == 0 {  // the same values through a transposed view
        let perm = Array((0..<rank).reversed())
        x = (try? transpose(transpose(x, perm).contiguous(), perm)) ?? x
      }
      let axes = (0..<rank).filter { _ in r.int(0...2) != 0 }
      guard let got = try? reduce(op, x, axes: axes, keepdims: false) else {
        Issue.record("reduce failed: \(op) \(shape) \(axes)")
        return
      }
      let kept = (0..<rank).filter { !axes.contains($0) }
      var groups = [[Double]](repeating: [], count: got.count)
      let xv = x.toDoubles()
      for flat in 0..<xv.count {
        let idx = multiIndex(flat, shape)
        groups[flatIndex(kept.map { idx[$0] }, kept.map { shape[$0] })].append(xv[flat])
      }
      let eps = dtype == .f32 ? 1e-5 : 1e-12
      for (o, g) in groups.enumerated() {
        let (want, scale) = reference(op, g)
        let err = Swift.abs(got.element(o) - want)
        if !(err <= eps * scale) && !(want.isNaN && got.element(o).isNaN) {
          Issue.record("\(dtype) \(op) \(shape) axes \(axes): \(got.element(o)) != \(want)")
          return
        }
      }
    }
  }

  /// Long sums of 0.1 in f32 along every layout the kernels have: a whole tensor, rows, one
  /// column, several columns (blocked pairwise), a middle axis, and a transposed view.
  @Test(arguments: [
    ([1 << 18], [0]), ([2, 1 << 17], [1]), ([1 << 18, 1], [0]), ([1 << 17, 3], [0]),
    ([3, 1 << 16, 2], [1]), ([1 << 16, 2, 2], [0, 1]), ([5, 1 << 16], [0, 1]),
  ])
  func longF32SumsStayAccurate(_ shape: [Int], _ axes: [Int]) throws {
    let x = try Tensor.full(shape, 0.1, dtype: .f32)
    let n = axes.reduce(1) { $0 * shape[$1] }
    for op in [ReduceOp.sum, .mean] {
      let want = op == .sum ? tenth * Double(n) : tenth
      for v in try reduce(op, x, axes: axes, keepdims: false).toDoubles() {
        #expect(Swift.abs(v - want) <= 1e-5 * want, "\(op) \(shape) \(axes): \(v) != \(want)")
      }
    }
    let t = try transpose(x, nil)  // a non-contiguous view of the same values
    let tAxes = axes.map { shape.count - 1 - $0 }
    for v in try reduce(.sum, t, axes: tAxes, keepdims: false).toDoubles() {
      #expect(Swift.abs(v - tenth * Double(n)) <= 1e-5 * tenth * Double(n))
    }
  }

  /// Column sums of integers are exact for any number of rows (the block counter's merges).
  @Test(arguments: [1, 2, 127, 128, 129, 255, 256, 257, 1000, 1025, 4097])
  func columnSumsOfIntegersAreExact(_ rows: Int) throws {
    let cols = 3
    let values = (0..<rows * cols).map { Double($0 % 7) - 3 }
    let x = try Tensor(shape: [rows, cols], values: values, dtype: .f32)
    let want = (0..<cols).map { j in (0..<rows).reduce(0.0) { $0 + values[$1 * cols + j] } }
    #expect(try reduce(.sum, x, axes: [0], keepdims: false).toDoubles() == want)
  }

  /// The variance's second pass sums squared deviations pairwise: 2^18 values 3 +- 0.1 have
  /// variance 0.01 (a naive f32 sum of the squares drifts), and the mean is taken first, so a
  /// large offset does not cancel.
  @Test func varianceOfLongF32Rows() throws {
    let n = 1 << 18
    let alternating = (0..<n).map { $0 % 2 == 0 ? 2.9 : 3.1 }
    let x = try Tensor(shape: [n], values: alternating, dtype: .f32)
    let d = Double(Float(3.1)) - Double(Float(2.9))
    let want = d * d / 4
    let v = try reduce(.variance, x, axes: nil, keepdims: false).element(0)
    #expect(Swift.abs(v - want) <= 1e-5 * want, "\(v) != \(want)")
    let cols = try reduce(
      .std, try reshape(x, [n / 2, 2]).permuted([1, 0]), axes: [1],
      keepdims: false)
    #expect(cols.toDoubles().allSatisfy { $0 < 1e-6 }, "each column is constant")
    let shifted = try binary(.add, x, Tensor(scalar: 10_000, dtype: .f32))
    let s = try reduce(.variance, shifted, axes: nil, keepdims: false).element(0)
    #expect(Swift.abs(s - 0.01) < 2e-3, "\(s)")  // f32 spacing at 1e4 is 0.001
  }

  /// `n - ddof <= 0` gives NaN (numpy gives NaN or inf with a warning; see LANGUAGE.md).
  @Test func ddofAtOrAboveTheCountIsNaN() throws {
    let ones = try Tensor.ones([3], dtype: .f32)
    let ramp = try vec([1, 2, 3], .f32)
    for (x, ddof) in [(ones, 5), (ones, 3), (ramp, 3), (ramp, 4)] {
      #expect(try reduce(.variance, x, axes: nil, keepdims: false, ddof: ddof).element(0).isNaN)
      #expect(try reduce(.std, x, axes: nil, keepdims: false, ddof: ddof).element(0).isNaN)
    }
    expectValues(try reduce(.variance, ramp, axes: nil, keepdims: false, ddof: 2), [], [2])
    expectValues(
      try reduce(
        .variance, try tensor([2, 2], [1, 2, 3, 5]), axes: [0], keepdims: false, ddof: 2),
      [2], [.nan, .nan])
  }

  /// Softmax, logsumexp and norm sum through the same rule: long f32 rows of equal terms
  /// 0.1 keep their exact values.
  @Test func kernelsThatSumInside() throws {
    let n = 1 << 18
    var row = [Double](repeating: Double(logf(0.1)), count: n)
    row[0] = 0
    let x = try Tensor(shape: [1, n], values: row, dtype: .f32)
    let e = Double(expf(logf(0.1)))  // each shifted exponential, as the kernel has it
    let total = 1 + e * Double(n - 1)
    let p = try softmax(x, axis: 1)
    #expect(Swift.abs(p.element(0) - 1 / total) <= 1e-5 / total)
    #expect(Swift.abs(try reduce(.sum, p, axes: nil, keepdims: false).element(0) - 1) <= 1e-5)
    let lse = try reduce(.logsumexp, x, axes: [1], keepdims: false).element(0)
    #expect(Swift.abs(lse - Glibc.log(total)) <= 1e-6 * Glibc.log(total))
    let ls = try logSoftmax(x, axis: 1)
    #expect(Swift.abs(ls.element(0) + Glibc.log(total)) <= 1e-5)
    let tenths = try Tensor.full([n], 0.1, dtype: .f32)
    let nv = try norm(tenths, p: 2, axes: nil, keepdims: false).element(0)
    let want = (Double(Float(tenth * tenth)) * Double(n)).squareRoot()
    #expect(Swift.abs(nv - want) <= 5e-6 * want, "\(nv) != \(want)")
  }

  /// The losses' means over many rows equal the per-row loss (every row is the same).
  @Test func lossesOverManyRows() throws {
    let rows = 1 << 17
    let logits = try broadcastTo(try tensor([1, 3], [2, -1, 0.5], .f32), [rows, 3]).contiguous()
    let labels = try Tensor.zeros([rows], dtype: .f32)
    let one = try crossEntropy(try tensor([1, 3], [2, -1, 0.5]), try tensor([1], [0]))
    let many = try crossEntropy(logits, labels)
    #expect(Swift.abs(many.element(0) - one.element(0)) <= 1e-6 * one.element(0))
    let z = try Tensor.full([rows], 0.3, dtype: .f32)
    let y = try Tensor.ones([rows], dtype: .f32)
    let b = try bceWithLogits(z, y).element(0)
    let want = Glibc.log(1 + Glibc.exp(-Double(Float(0.3))))
    #expect(Swift.abs(b - want) <= 1e-6 * want)
  }

  /// Losses never broadcast their two arguments (SPEC §6).
  @Test func lossesRefuseShapeMismatches() throws {
    let col = try Tensor.zeros([4, 1], dtype: .f32)
    let flat = try Tensor.zeros([4], dtype: .f32)
    expectError("bce_with_logits: prediction of shape [4,1] and target of shape [4] differ") {
      _ = try bceWithLogits(col, flat)
    }
    expectError("bce_with_logits: prediction of shape [4] and target of shape [] differ") {
      _ = try bceWithLogits(flat, Tensor(scalar: 1, dtype: .f32))
    }
    expectError("mse: prediction of shape [2,3] and target of shape [3] differ") {
      try checkLossShapes("mse", [2, 3], [3])
    }
    expectError(
      "cross_entropy: labels of shape [4,1] do not match logits of shape [4,3] (class "
        + "indices need shape [4], probability rows [4,3])"
    ) { _ = try crossEntropy(try Tensor.zeros([4, 3], dtype: .f32), col) }
    #expect(throws: Never.self) { try checkLossShapes("mse", [4, 1], [4, 1]) }
  }
}

/// The reduction `op` of `g` summed naively in f64, and the scale its error is measured
/// against (the sum of magnitudes the terms contribute).
private func reference(_ op: ReduceOp, _ g: [Double]) -> (Double, Double) {
  let n = Double(g.count)
  let mean = g.reduce(0, +) / n
  let magnitude = g.reduce(0) { $0 + Swift.abs($1) }
  let ss = g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  switch op {
  case .sum: return (g.reduce(0, +), magnitude)
  case .mean: return (mean, magnitude / n)
  case .max: return (g.max() ?? .nan, 0)
  case .min: return (g.min() ?? .nan, 0)
  case .prod: return (g.reduce(1, *), n * Swift.abs(g.reduce(1, *)))
  case .variance: return (ss / n, ss / n + (mean * mean) * 1e-2)
  case .std: return ((ss / n).squareRoot(), (ss / n).squareRoot() + Swift.abs(mean) * 1e-2)
  case .logsumexp:
    let m = g.max() ?? 0
    let lse = m + Glibc.log(g.reduce(0) { $0 + Glibc.exp($1 - m) })
    return (lse, Swift.abs(lse) + 1)
  }
}
