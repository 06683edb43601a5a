// Reductions: numpy values, a naive reference over random shapes and axes, argmax/argmin,
// norm, sumTo and error messages.

import Glibc
import PropertyBased
import Testing

@testable import NNSTensor

@Suite("reductions")
struct ReduceTests {
  @Test func matchesNumpy() throws {
    let r = try tensor(NP.red)
    expectRef(try reduce(.sum, r, axes: [1], keepdims: false), NP.sumAxis1, rel: 1e-14)
    expectRef(try reduce(.mean, r, axes: [0, 2], keepdims: false), NP.meanAxes02, rel: 1e-14)
    expectRef(try reduce(.variance, r, axes: [2], keepdims: false), NP.varAxis2, rel: 1e-13)
    expectRef(try reduce(.std, r, axes: nil, keepdims: false), NP.stdAll, rel: 1e-14)
    expectRef(
      try reduce(.variance, r, axes: [0], keepdims: false, ddof: 1), NP.varDdof1Axis0, rel: 1e-13)
    expectRef(try reduce(.prod, r, axes: [2], keepdims: false), NP.prodAxis2, rel: 1e-14)
    expectRef(try reduce(.max, r, axes: [1], keepdims: false), NP.maxAxis1)
    expectRef(try reduce(.min, r, axes: [-1], keepdims: false), NP.minAxisM1)
    expectRef(
      try reduce(.logsumexp, r, axes: [1], keepdims: false), NP.logsumexpAxis1, rel: 1e-14)
    expectRef(try argmax(r, axis: 2), NP.argmaxAxis2)
    expectRef(try argmin(r, axis: 0), NP.argminAxis0)
    expectRef(try norm(r, p: 2, axes: [2], keepdims: false), NP.norm2Axis2, rel: 1e-14)
    expectRef(try norm(r, p: 1, axes: nil, keepdims: false), NP.norm1All, rel: 1e-14)
    expectRef(try norm(r, p: 3, axes: [0], keepdims: false), NP.norm3Axis0, rel: 1e-13)
  }

  @Test func handValuesAndKeepdims() throws {
    let m = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
    expectValues(try reduce(.sum, m, axes: nil, keepdims: false), [], [21])
    expectValues(try reduce(.sum, m, axes: [0], keepdims: true), [1, 3], [5, 7, 9])
    expectValues(try reduce(.mean, m, axes: [1], keepdims: true), [2, 1], [2, 5])
    expectValues(try reduce(.max, m, axes: [0, 1], keepdims: true), [1, 1], [6])
    expectValues(try reduce(.prod, m, axes: [0], keepdims: false), [3], [4, 10, 18])
    expectValues(try reduce(.sum, m, axes: [], keepdims: false), [2, 3], [1, 2, 3, 4, 5, 6])
    expectValues(
      try reduce(.variance, try vec([1, 2, 3, 4]), axes: nil, keepdims: false), [], [1.25])
    expectValues(
      try reduce(.std, try vec([2, 4]), axes: nil, keepdims: false, ddof: 1), [],
      [Double(2).squareRoot()])
    expectValues(try argmax(m, axis: nil), [], [5])
    expectValues(try argmax(m, axis: 1, keepdims: true), [2, 1], [2, 2])
    expectValues(try argmax(try vec([1, 3, 3]), axis: nil), [], [1])  // first of ties
    expectValues(try argmin(try vec([2, .nan, 0]), axis: nil), [], [1])  // NaN wins, as in numpy
    #expect(try argmax(m, axis: 0).dtype == .i64)
  }

  @Test func specialValues() throws {
    expectValues(try reduce(.max, try vec([1, .nan, 3]), axes: nil, keepdims: false), [], [.nan])
    expectValues(
      try reduce(.min, try tensor([2, 2], [1, .nan, 3, 4]), axes: [0], keepdims: false), [2],
      [1, .nan])
    expectValues(
      try reduce(.sum, try Tensor.zeros([0], dtype: .f64), axes: nil, keepdims: false), [], [0])
    expectValues(
      try reduce(.prod, try Tensor.zeros([0], dtype: .f64), axes: nil, keepdims: false), [], [1])
    expectValues(
      try reduce(.mean, try Tensor.zeros([0], dtype: .f64), axes: nil, keepdims: false), [], [.nan])
    let big = try vec([1e4, 1e4, -1e4])
    expectValues(
      try reduce(.logsumexp, big, axes: nil, keepdims: false), [], [1e4 + 0.6931471805599453])
    let inf = try vec([-.infinity, -.infinity])
    expectValues(try reduce(.logsumexp, inf, axes: nil, keepdims: false), [], [-.infinity])
    let counts = try binary(.gt, try vec([1, -1, 2]), Tensor(scalar: 0, dtype: .f64))
    expectValues(try reduce(.sum, counts, axes: nil, keepdims: false), [], [2])
    expectValues(try reduce(.mean, counts, axes: nil, keepdims: false), [], [2.0 / 3], rel: 1e-7)
    expectValues(try norm(try vec([3, 0, -4]), p: .infinity, axes: nil, keepdims: false), [], [4])
    expectValues(try norm(try vec([3, 0, -4]), p: 0, axes: nil, keepdims: false), [], [2])
  }

  @Test func f32SumIsAccurate() throws {
    // 1e6 copies of 0.1: a naive running f32 sum drifts by about 1%; pairwise stays close
    let x = try Tensor.full([1_000_000], 0.1, dtype: .f32)
    let s = try reduce(.sum, x, axes: nil, keepdims: false).element(0)
    #expect(Swift.abs(s - 100_000) < 1)
    let rows = try reduce(.sum, try reshape(x, [1000, 1000]), axes: [1], keepdims: false)
    #expect(Swift.abs(rows.element(999) - 100) < 1e-3)
  }

  @Test func sumToUndoesBroadcasting() throws {
    let g = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
    expectValues(try sumTo(g, shape: [3]), [3], [5, 7, 9])
    expectValues(try sumTo(g, shape: [2, 1]), [2, 1], [6, 15])
    expectValues(try sumTo(g, shape: []), [], [21])
    expectValues(try sumTo(g, shape: [1, 3]), [1, 3], [5, 7, 9])
    expectValues(try sumTo(g, shape: [2, 3]), [2, 3], [1, 2, 3, 4, 5, 6])
    expectError("sum_to: cannot reduce [2,3] to [2]") { _ = try sumTo(g, shape: [2]) }
    expectError("sum_to: cannot reduce [2,3] to [1,2,3]") { _ = try sumTo(g, shape: [1, 2, 3]) }
  }

  @Test func errorMessages() throws {
    let m = try Tensor.zeros([2, 3], dtype: .f32)
    expectError("sum: axis 2 is out of range for rank 2") {
      _ = try reduce(.sum, m, axes: [2], keepdims: false)
    }
    expectError("var: axis -3 is out of range for rank 2") {
      _ = try reduce(.variance, m, axes: [-3], keepdims: false)
    }
    expectError("mean: axis 1 is repeated") {
      _ = try reduce(.mean, m, axes: [1, -1], keepdims: false)
    }
    expectError("max: cannot reduce an empty axis of shape [0,3]") {
      _ = try reduce(.max, try Tensor.zeros([0, 3], dtype: .f32), axes: [0], keepdims: false)
    }
    expectError("argmax: empty tensor of shape [0] has no argmax") {
      _ = try argmax(try Tensor.zeros([0], dtype: .f32), axis: nil)
    }
    expectError("argmin: axis 5 is out of range for rank 2") { _ = try argmin(m, axis: 5) }
  }

  /// Every reduction over random axes agrees with a naive loop over the input.
  @Test func matchesNaiveReference() async throws {
    await propertyCheck(count: 150, input: Gen.int(in: 0...1_000_000)) { seed in
      var r = TestRandom(seed)
      let shape = r.shape(rank: r.int(1...4))
      guard var x = try? r.tensor(shape) else { return }
      if x.rank >= 2 && r.int(0...1) == 0 {
        x = (try? transpose(x.permuted(Array((0..<x.rank).reversed())).contiguous(), nil)) ?? x
      }
      let axes = (0..<shape.count).filter { _ in r.int(0...1) == 0 }
      let keep = r.int(0...1) == 0
      let ops = ReduceOp.allCases
      let op = ops[r.int(0...ops.count - 1)]
      guard let got = try? reduce(op, x, axes: axes, keepdims: keep) else {
        Issue.record("reduce failed: \(op) \(shape) \(axes)")
        return
      }
      let kept = (0..<shape.count).filter { !axes.contains($0) }
      let outShape =
        keep
        ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        : kept.map { shape[$0] }
      #expect(got.shape == outShape)
      var groups = [[Double]](repeating: [], count: got.count)
      let xv = x.toDoubles()
      for flat in 0..<xv.count {
        let idx = multiIndex(flat, shape)
        let o = flatIndex(kept.map { idx[$0] }, kept.map { shape[$0] })
        groups[o].append(xv[flat])
      }
      let gv = got.toDoubles()
      for (o, g) in groups.enumerated() {
        let mean = g.reduce(0, +) / Double(g.count)
        let variance = g.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(g.count)
        let want: Double
        switch op {
        case .sum: want = g.reduce(0, +)
        case .mean: want = mean
        case .max: want = g.max() ?? .nan
        case .min: want = g.min() ?? .nan
        case .prod: want = g.reduce(1, *)
        case .variance: want = variance
        case .std: want = variance.squareRoot()
        case .logsumexp:
          let m = g.max() ?? 0
          want = m + g.map { ($0 - m).exp }.reduce(0, +).log
        }
        if !close(gv[o], want, rel: 1e-12, abs: 1e-12) {
          Issue.record("\(op) \(shape) axes \(axes): \(gv[o]) != \(want)")
          return
        }
      }
    }
  }
}

extension Double {
  fileprivate var exp: Double { Glibc.exp(self) }
  fileprivate var log: Double { Glibc.log(self) }
}
