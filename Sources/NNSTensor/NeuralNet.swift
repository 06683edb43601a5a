// Fused, numerically stable neural-net kernels: softmax, log_softmax, cross_entropy,
// bce_with_logits and one_hot. Every exponential is shifted by the row maximum, so logits of
// magnitude 1e4 stay finite.

/// Runs `body(row, n)` over every row along `axis` of a float copy of `x`, returning the
/// results in `x`'s shape. `body` rewrites the contiguous row in place.
func alongAxis(
  _ x: Tensor, axis: Int, op: String,
  _ body: (UnsafeMutableRawPointer, Int, DType) -> Void
) throws -> Tensor {
  let x = x.dtype == .bool ? x.cast(Tensor.defaultFloat) : x
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
    var s: T = 0
    for i in 0..<n {
      let e = kernelExp(p[i] - shift)
      p[i] = e
      s += e
    }
    let inv = 1 / s
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
    var s: T = 0
    for i in 0..<n { s += kernelExp(p[i] - shift) }
    let logS = T.mLog(s)
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
  let dt = logits.dtype == .bool ? Tensor.defaultFloat : logits.dtype
  let k = logits.shape[logits.rank - 1]
  let lg = logits.cast(.f64).contiguous()
  let rows = k == 0 ? 0 : lg.count / k
  let p = lg.pointer(Double.self)
  var total = 0.0
  if labels.shape == logits.shape {
    let y = labels.cast(.f64).contiguous()
    let q = y.pointer(Double.self)
    for r in 0..<rows {
      let row = p + r * k
      let lse = reduceRow(.logsumexp, UnsafePointer(row), k, ddof: 0)
      for j in 0..<k where q[r * k + j] != 0 { total += q[r * k + j] * (lse - row[j]) }
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
      total += reduceRow(.logsumexp, UnsafePointer(row), k, ddof: 0) - row[Int(v)]
    }
  } else {
    throw TensorError(
      "cross_entropy: labels of shape \(shapeString(labels.shape)) do not match logits of shape "
        + "\(shapeString(logits.shape))")
  }
  return Tensor(scalar: total / Double(rows), dtype: dt)
}

/// The mean of `max(z, 0) - z * y + log(1 + exp(-|z|))`: binary cross-entropy on logits `z`
/// against targets `y` (broadcast together).
///
/// - Throws: `TensorError` `bce_with_logits: shapes [3] and [4] cannot broadcast`.
public func bceWithLogits(_ z: Tensor, _ y: Tensor) throws -> Tensor {
  let shape = try broadcastShapes(z.shape, y.shape, op: "bce_with_logits")
  let dt = promotedFloat(z.dtype, y.dtype)
  let zb = try broadcastTo(z.cast(.f64), shape).contiguous()
  let yb = try broadcastTo(y.cast(.f64), shape).contiguous()
  let n = zb.count
  let pz = zb.pointer(Double.self)
  let py = yb.pointer(Double.self)
  var total = 0.0
  for i in 0..<n {
    let v = pz[i]
    total += max(v, 0) - v * py[i] + Double.mLog1p(Double.mExp(-abs(v)))
  }
  return Tensor(scalar: total / Double(n), dtype: dt)
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
