// Fused, numerically stable neural-net kernels: softmax, log_softmax, cross_entropy,
// bce_with_logits and one_hot. Every exponential is shifted by the row maximum, so logits of
// magnitude 1e4 stay finite.

/// Runs `body(row, n)` over every row along `axis` of a float copy of `x`, returning the
/// results in `x`'s shape. `body` rewrites the contiguous row in place.
func alongAxis(
  _ x: Tensor, axis: Int, op: String,
  _ body: (UnsafeMutableRawPointer, Int, DType) -> Void
) throws -> Tensor {
  let x = x.dtype.isFloat ? x : x.cast(Tensor.defaultFloat)
  let a = try normalizeAxis(axis, rank: max(x.rank, 1), op: op)
  if x.rank == 0 {
    let out = x.materialized()
    body(out.storage.base, 1, x.dtype)
    return out
  }
  var perm = Array(0..<x.rank)
  perm.remove(at: a)
  perm.append(a)
  let rows = x.permuted(perm).materialized()
  let n = x.shape[a]
  let outer = n == 0 ? 0 : rows.count / n
  let size = x.dtype.byteSize
  for r in 0..<outer { body(rows.storage.base + r * n * size, n, x.dtype) }
  var inverse = perm
  for (i, p) in perm.enumerated() { inverse[p] = i }
  return rows.permuted(inverse).contiguous()
}

/// `exp(x - max) / sum(exp(x - max))` along `axis`.
///
/// - Throws: `TensorError` `softmax: axis 2 is out of range for rank 2`.
public func softmax(_ x: Tensor, axis: Int) throws -> Tensor {
  func row<T: FloatElement>(_ p: UnsafeMutablePointer<T>, _ n: Int) {
    if n == 0 { return }
    let m = rowExtreme(p, n, max: true)
    let shift = m.isFinite ? m : 0
    for i in 0..<n { p[i] = kernelExp(p[i] - shift) }
    let inv = 1 / pairwiseSum(UnsafePointer(p), n)
    for i in 0..<n { p[i] *= inv }
  }
  return try alongAxis(x, axis: axis, op: "softmax") { raw, n, dt in
    if dt == .f32 {
      row(raw.assumingMemoryBound(to: Float.self), n)
    } else {
      row(raw.assumingMemoryBound(to: Double.self), n)
    }
  }
}

/// `x - logsumexp(x)` along `axis`.
///
/// - Throws: `TensorError` `log_softmax: axis 2 is out of range for rank 2`.
public func logSoftmax(_ x: Tensor, axis: Int) throws -> Tensor {
  func row<T: FloatElement>(_ p: UnsafeMutablePointer<T>, _ n: Int) {
    if n == 0 { return }
    // (x - max) - log(sum): exact where x equals the max, unlike x - logsumexp(x) in f32
    let m = rowExtreme(p, n, max: true)
    let shift = m.isFinite ? m : 0
    let logS = T.mLog(pairwiseSum(ShiftedExps(p: p, shift: shift), from: 0, count: n))
    for i in 0..<n { p[i] = (p[i] - shift) - logS }
  }
  return try alongAxis(x, axis: axis, op: "log_softmax") { raw, n, dt in
    if dt == .f32 {
      row(raw.assumingMemoryBound(to: Float.self), n)
    } else {
      row(raw.assumingMemoryBound(to: Double.self), n)
    }
  }
}

/// The mean cross-entropy of `logits` (`[..., k]`) against `labels`: class indices of shape
/// `[...]`, or probability rows of the logits' shape.
///
/// - Throws: `TensorError` for mismatched shapes, or labels out of range or not integers.
public func crossEntropy(_ logits: Tensor, _ labels: Tensor) throws -> Tensor {
  guard logits.rank >= 1 else {
    throw TensorError("cross_entropy: logits must have a class axis, got shape []")
  }
  let dt = logits.dtype.isFloat ? logits.dtype : Tensor.defaultFloat
  let k = logits.shape[logits.rank - 1]
  let lg = logits.cast(.f64).contiguous()
  let rows = k == 0 ? 0 : lg.count / k
  let p = lg.pointer(Double.self)
  var losses = [Double](repeating: 0, count: rows)  // one per row, summed pairwise
  if labels.shape == logits.shape {
    let y = labels.cast(.f64).contiguous()
    let q = UnsafePointer(y.pointer(Double.self))
    for r in 0..<rows {
      let row = UnsafePointer(p + r * k)
      let lse = reduceRow(.logsumexp, row, k, ddof: 0)
      let terms = ProbabilityTerms(q: q + r * k, row: row, lse: lse)
      losses[r] = pairwiseSum(terms, from: 0, count: k)
    }
  } else if labels.shape == Array(logits.shape.dropLast()) {
    let ys = labels.toDoubles()
    for r in 0..<ys.count {
      let v = ys[r]
      guard v == v.rounded() else {
        throw TensorError("cross_entropy: label \(formatIndex(v, labels.dtype)) is not an integer")
      }
      guard v >= 0 && v < Double(k) else {
        throw TensorError(
          "cross_entropy: label \(formatIndex(v, labels.dtype)) is out of range for \(k) classes")
      }
      let row = p + r * k
      losses[r] = reduceRow(.logsumexp, UnsafePointer(row), k, ddof: 0) - row[Int(v)]
    }
  } else {
    throw TensorError(
      "cross_entropy: labels of shape \(shapeString(labels.shape)) do not match logits of shape "
        + "\(shapeString(logits.shape)) (class indices need shape "
        + "\(shapeString(Array(logits.shape.dropLast()))), probability rows "
        + "\(shapeString(logits.shape)))")
  }
  let total = losses.withUnsafeBufferPointer { b in
    b.baseAddress.map { pairwiseSum($0, rows) } ?? 0
  }
  return Tensor(scalar: total / Double(rows), dtype: dt)
}

/// The mean of `max(z, 0) - z * y + log(1 + exp(-|z|))`: binary cross-entropy on logits `z`
/// against targets `y` of the same shape (losses never broadcast).
///
/// - Throws: `TensorError` `bce_with_logits: prediction of shape [4,1] and target of shape [4]
///   differ`.
public func bceWithLogits(_ z: Tensor, _ y: Tensor) throws -> Tensor {
  try checkLossShapes("bce_with_logits", z.shape, y.shape)
  let dt = promotedFloat(z.dtype, y.dtype)
  let zc = z.cast(.f64).contiguous()
  let yc = y.cast(.f64).contiguous()
  let n = zc.count
  let terms = LogitLossTerms(
    z: UnsafePointer(zc.pointer(Double.self)), y: UnsafePointer(yc.pointer(Double.self)))
  let total = pairwiseSum(terms, from: 0, count: n)
  return Tensor(scalar: total / Double(n), dtype: dt)
}

/// Refuses a loss's two arguments unless they have one shape: losses never broadcast (an
/// `[n, 1]` prediction against `[n]` targets would otherwise silently give an `[n, n]` loss).
///
/// - Throws: `TensorError` `mse: prediction of shape [4,1] and target of shape [4] differ`.
public func checkLossShapes(_ op: String, _ prediction: [Int], _ target: [Int]) throws {
  guard prediction == target else {
    throw TensorError(
      "\(op): prediction of shape \(shapeString(prediction)) and target of shape "
        + "\(shapeString(target)) differ")
  }
}

/// `q[j] * (lse - row[j])` where `q[j] != 0`: one row of cross-entropy against probabilities.
struct ProbabilityTerms: SumTerms {
  let q: UnsafePointer<Double>
  let row: UnsafePointer<Double>
  let lse: Double
  @inline(__always) func term(_ j: Int) -> Double { q[j] == 0 ? 0 : q[j] * (lse - row[j]) }
}

/// `max(z, 0) - z * y + log(1 + exp(-|z|))`: one element of `bce_with_logits`.
struct LogitLossTerms: SumTerms {
  let z: UnsafePointer<Double>
  let y: UnsafePointer<Double>
  @inline(__always) func term(_ i: Int) -> Double {
    let v = z[i]
    return max(v, 0) - v * y[i] + Double.mLog1p(Double.mExp(-abs(v)))
  }
}

/// Rows of zeros with a 1 at each label: shape `labels.shape + [n]`.
///
/// - Throws: `TensorError` for labels outside `0..<n` or not integers.
public func oneHot(_ labels: Tensor, _ n: Int, dtype: DType) throws -> Tensor {
  guard n >= 0 else {
    throw TensorError("one_hot: number of classes must be non-negative, got \(n)")
  }
  let ys = labels.toDoubles()
  var out = try Tensor.zeros(labels.shape + [n], dtype: dtype)
  for (r, v) in ys.enumerated() {
    guard v == v.rounded() else {
      throw TensorError("one_hot: label \(formatIndex(v, labels.dtype)) is not an integer")
    }
    guard v >= 0 && v < Double(n) else {
      throw TensorError(
        "one_hot: label \(formatIndex(v, labels.dtype)) is out of range for \(n) classes")
    }
    out.setElement(r * n + Int(v), 1)
  }
  return out
}
