// The im2col convolution against a direct six-loop one, at sizes where samples are processed
// one per chunk and several per chunk, and its backward maps through the adjoint identities.

import Testing

@testable import NNSTensor

/// A deterministic pseudo-random f64 tensor (a linear congruential sequence in [-1, 1)).
private func filled(_ shape: [Int], seed: UInt64) throws -> Tensor {
  var s = seed
  let n = shape.reduce(1, *)
  let v = (0..<n).map { _ -> Double in
    s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(s >> 11) / Double(1 << 52) - 1
  }
  return try Tensor(shape: shape, values: v, dtype: .f64)
}

/// The convolution as its definition reads: for every output element, a sum over channels
/// and kernel taps of the input (0 outside it) times the weight.
private func directConv(_ x: Tensor, _ w: Tensor, _ g: ConvGeometry) -> [Double] {
  let xs = x.toDoubles()
  let ws = w.toDoubles()
  var out: [Double] = []
  for n in 0..<g.n {
    for co in 0..<g.cout {
      for oi in 0..<g.ho {
        for oj in 0..<g.wo {
          var s = 0.0
          for c in 0..<g.cin {
            for i in 0..<g.kh {
              for j in 0..<g.kw {
                let y = oi * g.sh + i * g.dh - g.padTop
                let z = oj * g.sw + j * g.dw - g.padLeft
                guard y >= 0 && y < g.h && z >= 0 && z < g.w else { continue }
                s +=
                  xs[((n * g.cin + c) * g.h + y) * g.w + z]
                  * ws[((co * g.cin + c) * g.kh + i) * g.kw + j]
              }
            }
          }
          out.append(s)
        }
      }
    }
  }
  return out
}

private func dotAll(_ a: Tensor, _ b: Tensor) -> Double {
  zip(a.toDoubles(), b.toDoubles()).reduce(0) { $0 + $1.0 * $1.1 }
}

@Suite("convolution kernels")
struct ConvTests {
  /// (x shape, w shape, stride, padding, dilation): one sample per chunk (the first two, whose
  /// columns exceed the chunk), all samples in one chunk (the next two), and chunks of 9
  /// samples with a last one of 5 (the last: 18 * 400 column values per sample).
  static let geometries: [([Int], [Int], [Int], ConvPadding, [Int])] = [
    ([3, 2, 70, 66], [3, 2, 3, 3], [1, 1], .explicit([1, 0]), [1, 1]),
    ([2, 3, 64, 40], [2, 3, 4, 2], [1, 1], .same, [2, 1]),
    ([37, 2, 12, 11], [4, 2, 3, 2], [2, 3], .explicit([2, 1]), [1, 2]),
    ([300, 1, 9], [2, 1, 3], [2], .explicit([1]), [1]),
    ([50, 2, 20, 20], [3, 2, 3, 3], [1, 1], .explicit([1, 1]), [1, 1]),
  ]

  @Test(arguments: 0..<5)
  func matchesTheDefinition(_ k: Int) throws {
    let (xs, wsh, stride, padding, dilation) = ConvTests.geometries[k]
    let g = try ConvGeometry(
      op: "conv", spatial: xs.count - 2, x: xs, w: wsh, stride: stride, padding: padding,
      dilation: dilation)
    let x = try filled(xs, seed: 1)
    let w = try filled(wsh, seed: 2)
    let y = try convForward(x, w, g)
    #expect(y.shape == g.yShape)
    if k < 2 { #expect(g.chunk == 1) }
    if k == 4 { #expect(g.chunk == 9) }
    let direct = directConv(x, w, g)
    let got = y.toDoubles()
    #expect(got.count == direct.count)
    let worst = zip(got, direct).map { abs($0 - $1) }.max() ?? 0
    #expect(worst < 1e-12, "largest difference \(worst)")
    // f32 computes the same to f32 rounding
    let y32 = try convForward(x.cast(.f32), w.cast(.f32), g)
    #expect(y32.dtype == .f32)
    let worst32 = zip(y32.toDoubles(), direct).map { abs($0 - $1) }.max() ?? 0
    #expect(worst32 < 1e-4, "f32: largest difference \(worst32)")
    // the backward maps are the adjoints: <conv(x, w), dy> = <x, dx(dy, w)> = <w, dw(x, dy)>
    let dy = try filled(g.yShape, seed: 3)
    let b = dotAll(y, dy)
    let viaX = dotAll(x, try convInputGrad(dy, w, g))
    let viaW = dotAll(w, try convWeightGrad(x, dy, g))
    #expect(abs(viaX - b) <= 1e-9 * max(1, abs(b)), "\(viaX) vs \(b)")
    #expect(abs(viaW - b) <= 1e-9 * max(1, abs(b)), "\(viaW) vs \(b)")
  }
}
