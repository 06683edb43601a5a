// Convolutions (cross-correlation, as PyTorch computes it) by im2col and one matrix product
// per chunk of samples, and the two linear maps of the backward pass: the input gradient
// (a transposed convolution: a product, then col2im) and the weight gradient (a product of
// the output gradient with the im2col columns). A 1-D convolution is a 2-D one of height 1.
//
// Why im2col + BLAS rather than a direct loop: the models nns targets have few channels and
// small kernels, where a direct loop cannot keep the vector units busy, while BLAS runs the
// product at full speed; the columns cost memory (K = c_in * kh * kw values per output
// position), so samples are processed in chunks of at most `convChunkElements` column values.

/// How a convolution pads its input.
public enum ConvPadding: Equatable, Sendable {
  /// Zeros on both sides of each spatial axis: one count per axis.
  case explicit([Int])
  /// PyTorch's `"same"` (stride 1): `d (k - 1)` zeros per axis, half before, the rest after.
  case same
}

/// The complete geometry of one convolution, 1-D (`spatial == 1`, height 1) or 2-D.
public struct ConvGeometry: Equatable, Sendable {
  /// 1 for conv1d (tensors of rank 3), 2 for conv2d (rank 4).
  public var spatial: Int
  public var n: Int
  public var cin: Int
  public var cout: Int
  public var h: Int
  public var w: Int
  public var kh: Int
  public var kw: Int
  public var sh: Int
  public var sw: Int
  /// Padding before (top) and after (bottom) along the height, before and after the width.
  public var padTop: Int
  public var padBottom: Int
  public var padLeft: Int
  public var padRight: Int
  public var dh: Int
  public var dw: Int

  /// The output height.
  public var ho: Int { (h + padTop + padBottom - dh * (kh - 1) - 1) / sh + 1 }
  /// The output width.
  public var wo: Int { (w + padLeft + padRight - dw * (kw - 1) - 1) / sw + 1 }

  /// The geometry as integers (a primitive's attributes).
  public var ints: [Int] {
    [
      spatial, n, cin, cout, h, w, kh, kw, sh, sw, padTop, padBottom, padLeft, padRight, dh, dw,
    ]
  }

  /// The geometry stored by `ints`.
  /// - Throws: when `v` is not such a list (an internal error).
  public init(ints v: [Int]) throws {
    guard v.count == 16 else { throw TensorError("conv: malformed geometry") }
    (spatial, n, cin, cout, h, w, kh, kw) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
    (sh, sw, padTop, padBottom, padLeft, padRight, dh, dw) =
      (v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15])
  }

  /// The shape of the input `x`.
  public var xShape: [Int] { spatial == 1 ? [n, cin, w] : [n, cin, h, w] }
  /// The shape of the weights `w`.
  public var wShape: [Int] { spatial == 1 ? [cout, cin, kw] : [cout, cin, kh, kw] }
  /// The shape of the output.
  public var yShape: [Int] { spatial == 1 ? [n, cout, wo] : [n, cout, ho, wo] }

  /// Checks the shapes of `x` and `w` and the parameters, and computes the geometry.
  ///
  /// - Parameters:
  ///   - op: `conv1d` or `conv2d`, for messages.
  ///   - spatial: 1 or 2.
  ///   - stride, dilation: one value per spatial axis.
  /// - Throws: `TensorError` naming the op, both shapes and the axis, e.g. `conv2d: x of
  ///   shape [2,3,8,8] and w of shape [4,2,3,3] differ in c_in (axis 1: 3 != 2)`.
  public init(
    op: String, spatial: Int, x: [Int], w wShape: [Int], stride: [Int], padding: ConvPadding,
    dilation: [Int]
  ) throws {
    let names = spatial == 1 ? "[n, c_in, l]" : "[n, c_in, h, w]"
    let wNames = spatial == 1 ? "[c_out, c_in, k]" : "[c_out, c_in, kh, kw]"
    guard x.count == spatial + 2 else {
      throw TensorError("\(op): x must have shape \(names), got \(shapeString(x))")
    }
    guard wShape.count == spatial + 2 else {
      throw TensorError("\(op): w must have shape \(wNames), got \(shapeString(wShape))")
    }
    let both = "x of shape \(shapeString(x)) and w of shape \(shapeString(wShape))"
    guard x[1] == wShape[1] else {
      throw TensorError("\(op): \(both) differ in c_in (axis 1: \(x[1]) != \(wShape[1]))")
    }
    func check(_ v: [Int], _ what: String, min: Int) throws {
      guard v.count == spatial else {
        throw TensorError("\(op): \(what) must be a number or \(spatial) numbers, got \(v.count)")
      }
      for s in v where s < min || s > Int(Int32.max) {
        throw TensorError(
          "\(op): \(what) must be \(min == 0 ? "non-negative" : "positive") and at most "
            + "\(Int32.max), got \(s)")
      }
    }
    try check(stride, "stride", min: 1)
    try check(dilation, "dilation", min: 1)
    var before = [Int](repeating: 0, count: spatial)
    var after = before
    switch padding {
    case .explicit(let p):
      try check(p, "padding", min: 0)
      (before, after) = (p, p)
    case .same:
      if let s = stride.first(where: { $0 != 1 }) {
        throw TensorError("\(op): padding \"same\" needs stride 1, got stride \(s)")
      }
      for a in 0..<spatial {
        let total = dilation[a] * (wShape[a + 2] - 1)
        before[a] = total / 2
        after[a] = total - before[a]
      }
    }
    for a in 0..<spatial {
      let k = wShape[a + 2]
      guard k > 0 else {
        throw TensorError("\(op): \(both): the kernel is empty along axis \(a + 2)")
      }
      let span = dilation[a] * (k - 1) + 1
      let padded = x[a + 2] + before[a] + after[a]
      guard span <= padded else {
        throw TensorError(
          "\(op): \(both): the kernel spans \(span) along axis \(a + 2) but the padded "
            + "input has \(padded)")
      }
    }
    self.spatial = spatial
    (n, cin, cout) = (x[0], x[1], wShape[0])
    let two = spatial == 2
    (h, self.w) = (two ? x[2] : 1, x[spatial + 1])
    (kh, kw) = (two ? wShape[2] : 1, wShape[spatial + 1])
    (sh, sw) = (two ? stride[0] : 1, stride[spatial - 1])
    (dh, dw) = (two ? dilation[0] : 1, dilation[spatial - 1])
    (padTop, padBottom) = two ? (before[0], after[0]) : (0, 0)
    (padLeft, padRight) = (before[spatial - 1], after[spatial - 1])
  }
}

/// The most column values (c_in * kh * kw per output position) one chunk of samples builds:
/// 256 KiB of f32, so the columns stay in the L2 cache between im2col and the product (a
/// chunk of 2^22 values made the forward pass at 28x28 memory-bound).
let convChunkElements = 1 << 16

extension ConvGeometry {
  /// Output positions per sample.
  var positions: Int { ho * wo }
  /// Rows of the column matrix: one per input channel and kernel position.
  var patch: Int { cin * kh * kw }
  /// Samples per chunk.
  var chunk: Int { Swift.max(1, Swift.min(n, convChunkElements / Swift.max(patch * positions, 1))) }

  /// Checks that a tensor has the shape the geometry expects.
  func expect(_ t: Tensor, _ shape: [Int], _ what: String) throws {
    guard t.shape == shape else {
      throw TensorError(
        "conv: \(what) of shape \(shapeString(t.shape)) where \(shapeString(shape)) was expected")
    }
  }
}

/// A float tensor of `dt`, contiguous.
private func dense(_ t: Tensor, _ dt: DType) -> Tensor {
  (t.dtype == dt ? t : t.cast(dt)).contiguous()
}

/// C (m x n) = op(A) (m x k) * op(B) (k x n), op a transpose when asked; a plain loop for
/// small products, BLAS otherwise.
private func product<T: GemmElement>(
  _ ta: Bool, _ tb: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<T>, _ lda: Int,
  _ b: UnsafePointer<T>, _ ldb: Int, _ c: UnsafeMutablePointer<T>
) {
  if m == 0 || n == 0 { return }
  if k == 0 {
    c.initialize(repeating: 0, count: m * n)
    return
  }
  if m * n <= smallGemmLimit / k {
    smallGemm(
      a, ta ? 1 : lda, ta ? lda : 1, b, tb ? 1 : ldb, tb ? ldb : 1, c, m: m, n: n, k: k)
  } else {
    T.blasGemm(ta, tb, m, n, k, a, lda, b, ldb, c, n)
  }
}

/// Fills the column matrix of samples `n0 ..< n0 + nb`: row `(c, i, j)`, column `(b, oi, oj)`
/// holds `x[n0 + b, c, oi sh + i dh - pad_top, oj sw + j dw - pad_left]` (0 outside x). With
/// `add`, it is the adjoint instead: each column value is added back into `x` (col2im).
private func im2col<T: GemmElement>(
  _ g: ConvGeometry, _ x: UnsafeMutablePointer<T>, _ cols: UnsafeMutablePointer<T>, n0: Int,
  nb: Int, add: Bool
) {
  let (ho, wo, h, w) = (g.ho, g.wo, g.h, g.w)
  let p = ho * wo
  let rowLength = nb * p
  for c in 0..<g.cin {
    for i in 0..<g.kh {
      for j in 0..<g.kw {
        let row = cols + ((c * g.kh + i) * g.kw + j) * rowLength
        let off = j * g.dw - g.padLeft
        // columns oj with 0 <= oj sw + off < w
        let lo = Swift.min(wo, off >= 0 ? 0 : (-off + g.sw - 1) / g.sw)
        let hi = w - 1 - off < 0 ? 0 : Swift.min(wo, (w - 1 - off) / g.sw + 1)
        let top = Swift.max(lo, hi)
        for b in 0..<nb {
          let plane = x + ((n0 + b) * g.cin + c) * h * w
          for oi in 0..<ho {
            let d = row + b * p + oi * wo
            let y = oi * g.sh + i * g.dh - g.padTop
            if y < 0 || y >= h {
              if !add { d.initialize(repeating: 0, count: wo) }
              continue
            }
            let src = plane + y * w + off
            if add {
              if g.sw == 1 {
                for oj in lo..<top { src[oj] += d[oj] }
              } else {
                for oj in lo..<top { src[oj * g.sw] += d[oj] }
              }
            } else {
              if lo > 0 { d.initialize(repeating: 0, count: lo) }
              if g.sw == 1 {
                for oj in lo..<top { d[oj] = src[oj] }
              } else {
                for oj in lo..<top { d[oj] = src[oj * g.sw] }
              }
              if top < wo { (d + top).initialize(repeating: 0, count: wo - top) }
            }
          }
        }
      }
    }
  }
}

/// Runs `body` with a column buffer of one chunk.
private func withColumns<T: GemmElement>(
  _ g: ConvGeometry, _: T.Type, _ body: (UnsafeMutablePointer<T>) throws -> Void
) rethrows {
  let cols = UnsafeMutablePointer<T>.allocate(
    capacity: Swift.max(g.patch * g.chunk * g.positions, 1))
  defer { cols.deallocate() }
  try body(cols)
}

/// The convolution `y[n, co, oi, oj] = sum x[n, c, oi sh + i dh - pt, oj sw + j dw - pl]
/// w[co, c, i, j]`.
///
/// - Throws: `TensorError` when a tensor does not have the geometry's shape, or the result is
///   over the size limits.
public func convForward(_ x: Tensor, _ w: Tensor, _ g: ConvGeometry) throws -> Tensor {
  try g.expect(x, g.xShape, "x")
  try g.expect(w, g.wShape, "w")
  let dt = promotedFloat(x.dtype, w.dtype)
  let out = try Tensor.allocate(g.yShape, dtype: dt, op: g.spatial == 1 ? "conv1d" : "conv2d")
  let (xc, wc) = (dense(x, dt), dense(w, dt))
  func run<T: GemmElement>(_: T.Type) {
    let (p, k, co) = (g.positions, g.patch, g.cout)
    let y = out.pointer(T.self)
    let tmp = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(co * g.chunk * p, 1))
    defer { tmp.deallocate() }
    withColumns(g, T.self) { cols in
      for n0 in stride(from: 0, to: g.n, by: g.chunk) {
        let nb = Swift.min(g.chunk, g.n - n0)
        im2col(g, xc.pointer(T.self), cols, n0: n0, nb: nb, add: false)
        // one sample's [co, p] block is contiguous in y: the product writes it in place
        let target = nb == 1 ? y + n0 * co * p : tmp
        product(
          false, false, m: co, n: nb * p, k: k, UnsafePointer(wc.pointer(T.self)), k,
          UnsafePointer(cols), nb * p, target)
        if nb > 1 {
          for c in 0..<co {
            for b in 0..<nb {
              (y + ((n0 + b) * co + c) * p).update(from: tmp + (c * nb + b) * p, count: p)
            }
          }
        }
        if Interrupt.isRequested { return }
      }
    }
  }
  if out.count > 0 {
    if dt == .f32 { run(Float.self) } else { run(Double.self) }
  }
  try Interrupt.check()
  return out
}

/// Copies `dy[n0 ..< n0 + nb]` (shape `[n, co, p]`) into `[co, nb, p]` order.
private func gatherOutput<T>(
  _ dy: UnsafeMutablePointer<T>, _ to: UnsafeMutablePointer<T>, n0: Int, nb: Int, co: Int,
  p: Int
) {
  for c in 0..<co {
    for b in 0..<nb {
      (to + (c * nb + b) * p).update(from: dy + ((n0 + b) * co + c) * p, count: p)
    }
  }
}

/// The input gradient of a convolution (a transposed convolution): `dx` such that
/// `sum(conv(x, w) * dy) = sum(x * dx)` for every `x`.
///
/// - Throws: `TensorError` when a tensor does not have the geometry's shape.
public func convInputGrad(_ dy: Tensor, _ w: Tensor, _ g: ConvGeometry) throws -> Tensor {
  try g.expect(dy, g.yShape, "dy")
  try g.expect(w, g.wShape, "w")
  let dt = promotedFloat(dy.dtype, w.dtype)
  let out = try Tensor.zeros(g.xShape, dtype: dt)
  let (dyc, wc) = (dense(dy, dt), dense(w, dt))
  func run<T: GemmElement>(_: T.Type) {
    let (p, k, co) = (g.positions, g.patch, g.cout)
    let dx = out.pointer(T.self)
    let tmp = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(co * g.chunk * p, 1))
    defer { tmp.deallocate() }
    withColumns(g, T.self) { cols in
      for n0 in stride(from: 0, to: g.n, by: g.chunk) {
        let nb = Swift.min(g.chunk, g.n - n0)
        let source = nb == 1 ? dyc.pointer(T.self) + n0 * co * p : tmp
        if nb > 1 { gatherOutput(dyc.pointer(T.self), tmp, n0: n0, nb: nb, co: co, p: p) }
        product(
          true, false, m: k, n: nb * p, k: co, UnsafePointer(wc.pointer(T.self)), k,
          UnsafePointer(source), nb * p, cols)
        im2col(g, dx, cols, n0: n0, nb: nb, add: true)
        if Interrupt.isRequested { return }
      }
    }
  }
  if out.count > 0 && g.positions > 0 {
    if dt == .f32 { run(Float.self) } else { run(Double.self) }
  }
  try Interrupt.check()
  return out
}

/// The weight gradient of a convolution: `dw` such that `sum(conv(x, w) * dy) = sum(w * dw)`
/// for every `w`.
///
/// - Throws: `TensorError` when a tensor does not have the geometry's shape.
public func convWeightGrad(_ x: Tensor, _ dy: Tensor, _ g: ConvGeometry) throws -> Tensor {
  try g.expect(x, g.xShape, "x")
  try g.expect(dy, g.yShape, "dy")
  let dt = promotedFloat(x.dtype, dy.dtype)
  let out = try Tensor.zeros(g.wShape, dtype: dt)
  let (xc, dyc) = (dense(x, dt), dense(dy, dt))
  func run<T: GemmElement>(_: T.Type) {
    let (p, k, co) = (g.positions, g.patch, g.cout)
    let dw = out.pointer(T.self)
    let tmp = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(co * g.chunk * p, 1))
    let part = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(co * k, 1))
    defer {
      tmp.deallocate()
      part.deallocate()
    }
    withColumns(g, T.self) { cols in
      for n0 in stride(from: 0, to: g.n, by: g.chunk) {
        let nb = Swift.min(g.chunk, g.n - n0)
        im2col(g, xc.pointer(T.self), cols, n0: n0, nb: nb, add: false)
        let source = nb == 1 ? dyc.pointer(T.self) + n0 * co * p : tmp
        if nb > 1 { gatherOutput(dyc.pointer(T.self), tmp, n0: n0, nb: nb, co: co, p: p) }
        let target = n0 == 0 ? dw : part
        product(
          false, true, m: co, n: k, k: nb * p, UnsafePointer(source), nb * p,
          UnsafePointer(cols), nb * p, target)
        if n0 > 0 { for e in 0..<(co * k) { dw[e] += part[e] } }
        if Interrupt.isRequested { return }
      }
    }
  }
  if out.count > 0 && g.n > 0 {
    if dt == .f32 { run(Float.self) } else { run(Double.self) }
  }
  try Interrupt.check()
  return out
}

extension ConvGeometry {
  /// The geometry of a pooling window over `x` (`[n, c, l]` or `[n, c, h, w]`): a convolution
  /// with one input and one output channel per channel, dilation 1 and symmetric padding.
  ///
  /// - Parameters:
  ///   - op: the pooling op, for messages.
  ///   - kernel, stride, padding: one value per spatial axis.
  /// - Throws: `TensorError` naming the op, the shape and the axis, e.g. `max_pool2d: the
  ///   window 3 is larger than the padded input 2 along axis 2 of x of shape [1,1,2,2]`.
  public init(
    pool op: String, spatial: Int, x: [Int], kernel: [Int], stride: [Int], padding: [Int]
  ) throws {
    let names = spatial == 1 ? "[n, c, l]" : "[n, c, h, w]"
    guard x.count == spatial + 2 else {
      throw TensorError("\(op): x must have shape \(names), got \(shapeString(x))")
    }
    func check(_ v: [Int], _ what: String, min: Int) throws {
      guard v.count == spatial else {
        throw TensorError("\(op): \(what) must be a number or \(spatial) numbers, got \(v.count)")
      }
      for s in v where s < min || s > Int(Int32.max) {
        throw TensorError(
          "\(op): \(what) must be \(min == 0 ? "non-negative" : "positive") and at most "
            + "\(Int32.max), got \(s)")
      }
    }
    try check(kernel, "k", min: 1)
    try check(stride, "stride", min: 1)
    try check(padding, "padding", min: 0)
    for a in 0..<spatial {
      guard padding[a] <= kernel[a] / 2 else {
        throw TensorError(
          "\(op): padding \(padding[a]) is more than half the window \(kernel[a]) along axis "
            + "\(a + 2)")
      }
      let padded = x[a + 2] + 2 * padding[a]
      guard kernel[a] <= padded else {
        throw TensorError(
          "\(op): the window \(kernel[a]) is larger than the padded input \(padded) along axis "
            + "\(a + 2) of x of shape \(shapeString(x))")
      }
    }
    let two = spatial == 2
    self.spatial = spatial
    (n, cin, cout) = (x[0], x[1], x[1])
    (h, w) = (two ? x[2] : 1, x[spatial + 1])
    (kh, kw) = (two ? kernel[0] : 1, kernel[spatial - 1])
    (sh, sw) = (two ? stride[0] : 1, stride[spatial - 1])
    (dh, dw) = (1, 1)
    (padTop, padBottom) = two ? (padding[0], padding[0]) : (0, 0)
    (padLeft, padRight) = (padding[spatial - 1], padding[spatial - 1])
  }
}

/// For each max-pooling window of `x`, the row-major position in `x` of its largest element:
/// the first one on ties, the first NaN if there is one (as PyTorch). Padding counts as
/// `-inf`, so it never wins (every window holds an element of `x`). An i64 tensor of the
/// output's shape.
///
/// - Throws: `TensorError` when `x` does not have the geometry's shape or is not a float.
public func maxPoolIndices(_ x: Tensor, _ g: ConvGeometry) throws -> Tensor {
  try g.expect(x, g.xShape, "x")
  let xf = x.dtype.isFloat ? x.contiguous() : x.cast(Tensor.defaultFloat)
  var shape = g.yShape
  shape[1] = g.cin
  let out = try Tensor.allocate(
    shape, dtype: .i64, op: g.spatial == 1 ? "max_pool1d" : "max_pool2d")
  let idx = out.pointer(Int64.self)
  func run<T: FloatElement>(_ src: UnsafeMutablePointer<T>) {
    let (ho, wo, h, w) = (g.ho, g.wo, g.h, g.w)
    for plane in 0..<(g.n * g.cin) {
      let base = plane * h * w
      let dst = idx + plane * ho * wo
      for oi in 0..<ho {
        let y0 = oi * g.sh - g.padTop
        let (ya, yb) = (Swift.max(y0, 0), Swift.min(y0 + g.kh, h))
        for oj in 0..<wo {
          let x0 = oj * g.sw - g.padLeft
          let (xa, xb) = (Swift.max(x0, 0), Swift.min(x0 + g.kw, w))
          var best = base + ya * w + xa
          var m = src[best]
          search: for y in ya..<yb {
            for xx in xa..<xb {
              let v = src[base + y * w + xx]
              if v.isNaN {
                best = base + y * w + xx
                break search
              }
              if v > m {
                m = v
                best = base + y * w + xx
              }
            }
          }
          dst[oi * wo + oj] = Int64(best)
        }
      }
      if Interrupt.isRequested { return }
    }
  }
  if out.count > 0 {
    if xf.dtype == .f32 { run(xf.pointer(Float.self)) } else { run(xf.pointer(Double.self)) }
  }
  try Interrupt.check()
  return out
}
