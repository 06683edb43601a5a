// Reductions over all axes or a set of axes: sum, mean, max, min, prod, var, std, logsumexp,
// plus norm and sumTo (which undoes broadcasting for autodiff).

/// A reduction over axes.
public enum ReduceOp: String, CaseIterable, Sendable {
  case sum, mean, max, min, prod, variance, std, logsumexp

  /// The nns name used in messages (`var` for variance).
  public var name: String { self == .variance ? "var" : rawValue }
}

/// Reduces `x` over `axes` (all axes when nil; negative axes count from the end).
///
/// Bool input counts as 0/1 in `Tensor.defaultFloat`. Sums accumulate pairwise
/// (`Reduce+Accumulate.swift`). `variance` and `std` take two passes and divide by `n - ddof`
/// (NaN when that is not positive). `max`/`min` propagate NaN and refuse empty reductions; the
/// mean of nothing is NaN.
/// - Parameters:
///   - keepdims: keep reduced axes with size 1.
/// - Throws: `TensorError` `sum: axis 2 is out of range for rank 2`, or for an empty max/min.
public func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int]?, keepdims: Bool, ddof: Int = 0)
  throws -> Tensor
{
  if x.dtype == .i64 { return try reduceInt(op, x, axes: axes, keepdims: keepdims, ddof: ddof) }
  let x = x.dtype == .bool ? x.cast(Tensor.defaultFloat) : x
  // the whole of a contiguous tensor: one row, no layout work
  let all =
    axes == nil || (axes?.count == x.rank && x.rank == 1 && (axes?[0] == 0 || axes?[0] == -1))
  if all && x.count > 0 && x.isContiguous {
    let shape = keepdims ? [Int](repeating: 1, count: x.rank) : []
    let out = Tensor(uninitialized: shape, count: 1, dtype: x.dtype)
    if x.dtype == .f32 {
      out.pointer(Float.self).pointee = reduceRow(
        op, UnsafePointer(x.pointer(Float.self)), x.count, ddof: ddof)
    } else {
      out.pointer(Double.self).pointee = reduceRow(
        op, UnsafePointer(x.pointer(Double.self)), x.count, ddof: ddof)
    }
    return out
  }
  if let axes, axes.count == 1, x.count > 0, x.isContiguous {
    let axis = try normalizeAxis(axes[0], rank: x.rank, op: op.name)
    if let out = reduceOneAxis(op, x, axis: axis, keepdims: keepdims, ddof: ddof) { return out }
  }
  let reduced =
    try axes.map { try normalizeAxes($0, rank: x.rank, op: op.name) }
    ?? Array(0..<x.rank)
  let layout = ReduceLayout(x, reduced: reduced, keepdims: keepdims)
  if layout.inner == 0 && (op == .max || op == .min) && layout.outer > 0 {
    throw TensorError(
      "\(op.name): cannot reduce an empty axis of shape \(shapeString(x.shape))")
  }
  if x.dtype == .f32 { return reduceTyped(op, x, layout, ddof: ddof, Float.self) }
  return reduceTyped(op, x, layout, ddof: ddof, Double.self)
}

/// Reduces the last axis (rows) or, for sum/mean/max/min/prod, the first axis (columns) of a
/// non-empty contiguous tensor without building a general layout; nil for other cases.
func reduceOneAxis(_ op: ReduceOp, _ x: Tensor, axis: Int, keepdims: Bool, ddof: Int) -> Tensor? {
  let size = x.shape[axis]
  let last = axis == x.rank - 1
  let columnOp = op == .sum || op == .mean || op == .max || op == .min || op == .prod
  guard last || (axis == 0 && columnOp) else { return nil }
  var shape = x.shape
  if keepdims { shape[axis] = 1 } else { shape.remove(at: axis) }
  let outer = x.count / size
  let out = Tensor(uninitialized: shape, count: outer, dtype: x.dtype)
  func run<T: FloatElement>(_: T.Type) {
    let src = UnsafePointer(x.pointer(T.self))
    let dst = out.pointer(T.self)
    if last {
      Interrupt.forChunks(outer, weight: size) { rows in
        for o in rows { dst[o] = reduceRow(op, src + o &* size, size, ddof: ddof) }
      }
    } else {
      reduceColumns(op, src, rows: size, cols: outer, into: dst)
    }
  }
  if x.dtype == .f32 { run(Float.self) } else { run(Double.self) }
  return out
}

/// How a reduction maps input to output: `outer` results, each over `inner` elements.
@usableFromInline
struct ReduceLayout {
  var outShape: [Int]
  var kept: [Int]
  var reduced: [Int]
  var outer: Int
  var inner: Int

  init(_ x: Tensor, reduced: [Int], keepdims: Bool) {
    self.reduced = reduced
    kept = (0..<x.rank).filter { !reduced.contains($0) }
    outer = kept.reduce(1) { $0 &* x.shape[$1] }
    inner = reduced.reduce(1) { $0 &* x.shape[$1] }
    outShape =
      keepdims
      ? (0..<x.rank).map { reduced.contains($0) ? 1 : x.shape[$0] } : kept.map { x.shape[$0] }
  }
}

/// Runs one reduction for a float type: rows are made contiguous, or columns accumulated when
/// the reduced axes lead a contiguous tensor.
@usableFromInline
func reduceTyped<T: FloatElement>(
  _ op: ReduceOp, _ x: Tensor, _ layout: ReduceLayout, ddof: Int, _: T.Type
) -> Tensor {
  let out = Tensor(uninitialized: layout.outShape, count: layout.outer, dtype: T.dtype)
  let dst = out.pointer(T.self)
  let (outer, inner) = (layout.outer, layout.inner)
  if outer == 0 { return out }
  let leading = layout.reduced.enumerated().allSatisfy { $0.offset == $0.element }
  let columnOp = op == .sum || op == .mean || op == .max || op == .min || op == .prod
  if columnOp && leading && !layout.kept.isEmpty && !layout.reduced.isEmpty && x.isContiguous
    && inner > 0
  {
    reduceColumns(op, x.pointer(T.self), rows: inner, cols: outer, into: dst)
    return out
  }
  let rows = x.permuted(layout.kept + layout.reduced).contiguous()
  let src = rows.pointer(T.self)
  Interrupt.forChunks(outer, weight: inner) { range in
    for o in range { dst[o] = reduceRow(op, src + o &* inner, inner, ddof: ddof) }
  }
  return out
}

/// Reduces one contiguous row of `n` elements; sums go through `pairwiseSum`.
@inline(__always) @usableFromInline
func reduceRow<T: FloatElement>(_ op: ReduceOp, _ p: UnsafePointer<T>, _ n: Int, ddof: Int) -> T {
  switch op {
  case .sum: return pairwiseSum(p, n)
  case .mean: return divided(pairwiseSum(p, n), by: n)
  case .max: return rowExtreme(p, n, max: true)
  case .min: return rowExtreme(p, n, max: false)
  case .prod:
    var r: T = 1
    Interrupt.forChunks(n) { range in for i in range { r *= p[i] } }
    return r
  case .variance: return rowVariance(p, n, ddof: ddof)
  case .std: return rowVariance(p, n, ddof: ddof).squareRoot()
  case .logsumexp:
    if n == 0 { return -T.infinity }
    let m = rowExtreme(p, n, max: true)
    let shift = m.isFinite ? m : 0
    return T.mLog(pairwiseSum(ShiftedExps(p: p, shift: shift), from: 0, count: n)) + shift
  }
}

/// The maximum (or minimum) of a row, NaN if any element is NaN.
@inline(__always) @usableFromInline
func rowExtreme<T: FloatElement>(_ p: UnsafePointer<T>, _ n: Int, max: Bool) -> T {
  var m = p[0]
  var nan = 0
  Interrupt.forChunks(n) { range in
    if max {
      for i in range {
        let v = p[i]
        m = v > m ? v : m
        nan |= v.isNaN ? 1 : 0
      }
    } else {
      for i in range {
        let v = p[i]
        m = v < m ? v : m
        nan |= v.isNaN ? 1 : 0
      }
    }
  }
  return nan != 0 ? T.nan : m
}

/// Reduces the leading `rows` axis of a contiguous `rows x cols` block into `cols` results;
/// sums and means accumulate pairwise over blocks of rows (`columnSums`).
@usableFromInline
func reduceColumns<T: FloatElement>(
  _ op: ReduceOp, _ p: UnsafePointer<T>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>
) {
  if op == .sum || op == .mean {
    columnSums(p, rows: rows, cols: cols, into: dst)
    if op == .mean { for j in 0..<cols { dst[j] = divided(dst[j], by: rows) } }
    return
  }
  dst.update(from: p, count: cols)
  var nan = [Bool](repeating: false, count: (op == .max || op == .min) ? cols : 0)
  for j in 0..<nan.count where dst[j].isNaN { nan[j] = true }
  let every = Swift.max(Interrupt.chunk / Swift.max(cols, 1), 1)
  var untilLook = every
  for r in 1..<Swift.max(rows, 1) {
    untilLook &-= 1
    if untilLook == 0 {
      untilLook = every
      if Interrupt.isRequested { return }
    }
    let row = p + r &* cols
    switch op {
    case .prod: for j in 0..<cols { dst[j] *= row[j] }
    case .max:
      for j in 0..<cols {
        let v = row[j]
        dst[j] = v > dst[j] ? v : dst[j]
        if v.isNaN { nan[j] = true }
      }
    case .min:
      for j in 0..<cols {
        let v = row[j]
        dst[j] = v < dst[j] ? v : dst[j]
        if v.isNaN { nan[j] = true }
      }
    default: break
    }
  }
  for j in 0..<nan.count where nan[j] { dst[j] = T.nan }
}
