// argmax/argmin, norm and sumTo: reductions built on the row layout of Reduce.swift.

/// The index of the largest element (the first one on ties; the first NaN if any), as an
/// `i64` tensor: over the flattened tensor when `axis` is nil.
///
/// - Throws: `TensorError` for an empty tensor or an out-of-range axis.
public func argmax(_ x: Tensor, axis: Int?, keepdims: Bool = false) throws -> Tensor {
  try argExtreme(x, axis: axis, keepdims: keepdims, max: true)
}

/// The index of the smallest element (the first one on ties; the first NaN if any), as an
/// `i64` tensor: over the flattened tensor when `axis` is nil.
///
/// - Throws: `TensorError` for an empty tensor or an out-of-range axis.
public func argmin(_ x: Tensor, axis: Int?, keepdims: Bool = false) throws -> Tensor {
  try argExtreme(x, axis: axis, keepdims: keepdims, max: false)
}

func argExtreme(_ x: Tensor, axis: Int?, keepdims: Bool, max: Bool) throws -> Tensor {
  let op = max ? "argmax" : "argmin"
  if !x.dtype.isFloat { return try argExtremeInt(x, axis: axis, keepdims: keepdims, max: max) }
  let x = x.dtype == .f32 ? x : x.cast(.f64)
  let reduced = try axis.map { [try normalizeAxis($0, rank: x.rank, op: op)] } ?? Array(0..<x.rank)
  var layout = ReduceLayout(x, reduced: reduced, keepdims: keepdims)
  if axis == nil && keepdims { layout.outShape = [Int](repeating: 1, count: x.rank) }
  if layout.inner == 0 {
    throw TensorError("\(op): empty tensor of shape \(shapeString(x.shape)) has no \(op)")
  }
  let rows = x.permuted(layout.kept + layout.reduced).contiguous()
  var result = [Int64](repeating: 0, count: layout.outer)
  let inner = layout.inner
  func scan<T: FloatElement>(_ p: UnsafePointer<T>) {
    for o in 0..<layout.outer {
      let row = p + o &* inner
      var best = 0
      var bv = row[0]
      if !bv.isNaN {
        for i in 1..<inner {
          let v = row[i]
          if v.isNaN {
            best = i
            break
          }
          if max ? v > bv : v < bv {
            best = i
            bv = v
          }
        }
      }
      result[o] = Int64(best)
    }
  }
  if rows.dtype == .f32 { scan(rows.pointer(Float.self)) } else { scan(rows.pointer(Double.self)) }
  return try Tensor(shape: layout.outShape, int64s: result)
}

/// The p-norm over `axes` (all when nil): `(sum |x|^p)^(1/p)`; `p = inf` is the largest
/// magnitude, `p = -inf` the smallest, `p = 0` counts non-zero elements.
///
/// - Throws: `TensorError` for an out-of-range axis.
public func norm(_ x: Tensor, p: Double, axes: [Int]?, keepdims: Bool) throws -> Tensor {
  let x = x.dtype.isFloat ? x : x.cast(Tensor.defaultFloat)
  if p == 2 {
    let s = try reduce(.sum, try unary(.square, x), axes: axes, keepdims: keepdims)
    return try unary(.sqrt, s)
  }
  let a = try unary(.abs, x)
  if p == 1 { return try reduce(.sum, a, axes: axes, keepdims: keepdims) }
  if p == .infinity { return try reduce(.max, a, axes: axes, keepdims: keepdims) }
  if p == -.infinity { return try reduce(.min, a, axes: axes, keepdims: keepdims) }
  if p == 0 {
    let nz = try binary(.ne, a, Tensor(scalar: 0, dtype: a.dtype)).cast(a.dtype)
    return try reduce(.sum, nz, axes: axes, keepdims: keepdims)
  }
  let pt = Tensor(scalar: p, dtype: a.dtype)
  let s = try reduce(.sum, try binary(.pow, a, pt), axes: axes, keepdims: keepdims)
  return try binary(.pow, s, Tensor(scalar: 1 / p, dtype: a.dtype))
}

/// Sums `x` down to `shape`, undoing numpy broadcasting: leading extra axes are summed away
/// and axes where `shape` has size 1 are summed with keepdims.
///
/// - Throws: `TensorError` `sum_to: cannot reduce [3,4] to [5]` when `shape` does not
///   broadcast to `x`'s shape.
public func sumTo(_ x: Tensor, shape: [Int]) throws -> Tensor {
  if x.shape == shape { return x }
  let lead = x.rank - shape.count
  guard lead >= 0 else {
    throw TensorError("sum_to: cannot reduce \(shapeString(x.shape)) to \(shapeString(shape))")
  }
  var axes = Array(0..<lead)
  for i in 0..<shape.count {
    let xs = x.shape[lead + i]
    if shape[i] == xs { continue }
    guard shape[i] == 1 else {
      throw TensorError("sum_to: cannot reduce \(shapeString(x.shape)) to \(shapeString(shape))")
    }
    axes.append(lead + i)
  }
  let s = try reduce(.sum, x, axes: axes, keepdims: true)
  return s.reshaped(unchecked: shape)
}
