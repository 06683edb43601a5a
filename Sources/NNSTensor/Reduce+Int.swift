// Reductions of i64 tensors: sum and prod stay exact integers (overflow is an error), max and
// min select an element (so they keep the dtype, as indexing does), and the statistics (mean,
// var, std, logsumexp) compute in the default float dtype. Also argmax/argmin over integers.

/// Reduces an i64 tensor (called by `reduce`).
///
/// - Throws: `TensorError` for an out-of-range axis, an empty max/min, or an i64 overflow of a
///   sum or product (`sum: integer overflow (the result does not fit in i64)`).
func reduceInt(_ op: ReduceOp, _ x: Tensor, axes: [Int]?, keepdims: Bool, ddof: Int) throws
  -> Tensor
{
  switch op {
  case .sum, .prod, .max, .min: break
  default:
    return try reduce(op, x.cast(Tensor.defaultFloat), axes: axes, keepdims: keepdims, ddof: ddof)
  }
  let reduced =
    try axes.map { try normalizeAxes($0, rank: x.rank, op: op.name) } ?? Array(0..<x.rank)
  let layout = ReduceLayout(x, reduced: reduced, keepdims: keepdims)
  if layout.inner == 0 && (op == .max || op == .min) && layout.outer > 0 {
    throw TensorError(
      "\(op.name): cannot reduce an empty axis of shape \(shapeString(x.shape))")
  }
  let out = Tensor(uninitialized: layout.outShape, count: layout.outer, dtype: .i64)
  if layout.outer == 0 { return out }
  let dst = out.pointer(Int64.self)
  let inner = layout.inner
  let rows = x.permuted(layout.kept + layout.reduced).contiguous()
  let src = rows.pointer(Int64.self)
  var failure: IntFailure = .none
  for o in 0..<layout.outer {
    let row = src + o &* inner
    var acc: Int64 = op == .prod ? 1 : (op == .sum ? 0 : row[0])
    // in chunks that stop early on Ctrl-C (the runtime then throws; see `Interrupt`)
    Interrupt.forChunks(inner) { range in
      switch op {
      case .sum:
        for i in range {
          let (r, v) = acc.addingReportingOverflow(row[i])
          if v { failure = .overflow }
          acc = r
        }
      case .prod:
        for i in range {
          let (r, v) = acc.multipliedReportingOverflow(by: row[i])
          if v { failure = .overflow }
          acc = r
        }
      case .max: for i in range where row[i] > acc { acc = row[i] }
      default: for i in range where row[i] < acc { acc = row[i] }
      }
    }
    dst[o] = acc
    if Interrupt.isRequested { break }
  }
  try failure.check(op.name)
  return out
}

/// argmax/argmin of an i64 or bool tensor: the first position of the extreme value, exactly.
///
/// - Throws: `TensorError` for an empty tensor or an out-of-range axis.
func argExtremeInt(_ x: Tensor, axis: Int?, keepdims: Bool, max: Bool) throws -> Tensor {
  let op = max ? "argmax" : "argmin"
  let x = x.cast(.i64)
  let reduced = try axis.map { [try normalizeAxis($0, rank: x.rank, op: op)] } ?? Array(0..<x.rank)
  var layout = ReduceLayout(x, reduced: reduced, keepdims: keepdims)
  if axis == nil && keepdims { layout.outShape = [Int](repeating: 1, count: x.rank) }
  if layout.inner == 0 {
    throw TensorError("\(op): empty tensor of shape \(shapeString(x.shape)) has no \(op)")
  }
  let rows = x.permuted(layout.kept + layout.reduced).contiguous()
  let p = rows.pointer(Int64.self)
  let inner = layout.inner
  var result = [Int64](repeating: 0, count: layout.outer)
  for o in 0..<layout.outer {
    let row = p + o &* inner
    var best = 0
    var bv = row[0]
    Interrupt.forChunks(inner) { range in
      for i in range where max ? row[i] > bv : row[i] < bv {
        best = i
        bv = row[i]
      }
    }
    result[o] = Int64(best)
    if Interrupt.isRequested { break }
  }
  return try Tensor(shape: layout.outShape, int64s: result)
}
