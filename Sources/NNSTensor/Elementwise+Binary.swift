// Binary elementwise operations with broadcasting: arithmetic, maximum/minimum, power, floor
// modulo and comparisons (which give bool tensors); also `where` and `clamp`.

/// A binary elementwise operation.
public enum BinaryOp: String, CaseIterable, Sendable {
  case add, sub, mul, div, mod, pow, maximum, minimum, eq, ne, lt, le, gt, ge

  /// The name used in messages: `+ - * / % ^ maximum minimum == != < <= > >=`.
  public var symbol: String {
    switch self {
    case .add: return "+"
    case .sub: return "-"
    case .mul: return "*"
    case .div: return "/"
    case .mod: return "%"
    case .pow: return "^"
    case .maximum: return "maximum"
    case .minimum: return "minimum"
    case .eq: return "=="
    case .ne: return "!="
    case .lt: return "<"
    case .le: return "<="
    case .gt: return ">"
    case .ge: return ">="
    }
  }

  /// Whether the result is a bool tensor.
  public var isComparison: Bool {
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: return true
    default: return false
    }
  }
}

/// Applies `op` elementwise with numpy broadcasting and dtype promotion.
///
/// Arithmetic computes in the promoted float dtype (bool counts as 0/1); comparisons give bool.
/// `%` is floor modulo (the result takes the divisor's sign), `maximum`/`minimum` propagate NaN.
/// Two i64 operands stay i64 for `+ - * %`, `maximum` and `minimum` (overflow is an error);
/// i64 with a float computes in that float; comparisons involving i64 are exact (see
/// `binaryInt`).
/// - Throws: `TensorError` `OP: shapes [3] and [4] cannot broadcast`, a size-limit error, or an
///   i64 overflow or division by zero.
public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
  // the common case first: one float dtype, equal shapes (nothing to check or convert)
  if a.dtype == b.dtype && a.dtype.isFloat && a.shape == b.shape {
    let n = a.count
    if n &* a.dtype.byteSize >= Tensor.probeBytes {
      try Tensor.probe(n &* a.dtype.byteSize, op: op.symbol, what: "shape \(shapeString(a.shape))")
    }
    if a.dtype == .f32 { return binaryKernel(op, a, b, Float.self, shape: a.shape, count: n) }
    return binaryKernel(op, a, b, Double.self, shape: a.shape, count: n)
  }
  if a.dtype == .i64 || b.dtype == .i64 { return try binaryInt(op, a, b) }
  let dt = promotedFloat(a.dtype, b.dtype)
  let shape = a.shape == b.shape ? a.shape : try broadcastShapes(a.shape, b.shape, op: op.symbol)
  let n = try Tensor.checkedCount(shape, dtype: op.isComparison ? .bool : dt, op: op.symbol)
  let a2 = a.dtype == dt ? a : a.cast(dt)
  let b2 = b.dtype == dt ? b : b.cast(dt)
  if dt == .f32 {
    return binaryKernel(op, a2, b2, Float.self, shape: shape, count: n)
  }
  return binaryKernel(op, a2, b2, Double.self, shape: shape, count: n)
}

/// The kernel table for one float type: each case is a specialized loop.
@usableFromInline
func binaryKernel<T: FloatElement>(
  _ op: BinaryOp, _ a: Tensor, _ b: Tensor, _: T.Type, shape: [Int], count n: Int
) -> Tensor {
  let dt = T.dtype
  switch op {
  case .add: return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { $0 + $1 }
  case .sub: return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { $0 - $1 }
  case .mul: return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { $0 * $1 }
  case .div: return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { $0 / $1 }
  case .mod:
    return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { x, y in
      var r = T.mFmod(x, y)
      if r != 0 && ((r < 0) != (y < 0)) { r += y }
      return r
    }
  case .pow:
    return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { T.mPow($0, $1) }
  case .maximum:
    return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { x, y in
      (x >= y || x.isNaN) ? x : y
    }
  case .minimum:
    return map2(a, b, T.self, shape: shape, count: n, to: dt, T.self) { x, y in
      (x <= y || x.isNaN) ? x : y
    }
  case .eq:
    return map2(a, b, T.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 == $1 ? 1 : 0 }
  case .ne:
    return map2(a, b, T.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 != $1 ? 1 : 0 }
  case .lt:
    return map2(a, b, T.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 < $1 ? 1 : 0 }
  case .le:
    return map2(a, b, T.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 <= $1 ? 1 : 0 }
  case .gt:
    return map2(a, b, T.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 > $1 ? 1 : 0 }
  case .ge:
    return map2(a, b, T.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 >= $1 ? 1 : 0 }
  }
}

/// Picks `a` where `cond` is true (non-zero) and `b` elsewhere, broadcasting all three.
///
/// The result holds both `a` and `b` (`promotedType`: bool, i64, or their promoted float).
/// - Throws: `TensorError` `where: shapes ... cannot broadcast`.
public func whereSelect(_ cond: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
  let ab = try broadcastShapes(a.shape, b.shape, op: "where")
  let shape = try broadcastShapes(cond.shape, ab, op: "where")
  let dt = promotedType(a.dtype, b.dtype)
  let n = try Tensor.checkedCount(shape, dtype: dt, op: "where")
  let c = cond.cast(.bool)
  let a2 = a.cast(dt)
  let b2 = b.cast(dt)
  switch dt {
  case .f32:
    return map3(
      c, a2, b2, UInt8.self, Float.self, Float.self, shape: shape, count: n, to: dt, Float.self
    ) { $0 != 0 ? $1 : $2 }
  case .f64:
    return map3(
      c, a2, b2, UInt8.self, Double.self, Double.self, shape: shape, count: n, to: dt, Double.self
    ) { $0 != 0 ? $1 : $2 }
  case .bool:
    return map3(
      c, a2, b2, UInt8.self, UInt8.self, UInt8.self, shape: shape, count: n, to: dt, UInt8.self
    ) { $0 != 0 ? $1 : $2 }
  case .i64:
    return map3(
      c, a2, b2, UInt8.self, Int64.self, Int64.self, shape: shape, count: n, to: dt, Int64.self
    ) { $0 != 0 ? $1 : $2 }
  }
}

/// Limits `x` to `[lo, hi]` elementwise: `minimum(maximum(x, lo), hi)`, broadcasting all three.
///
/// - Throws: `TensorError` `clamp: shapes ... cannot broadcast`.
public func clamp(_ x: Tensor, _ lo: Tensor, _ hi: Tensor) throws -> Tensor {
  let lh = try broadcastShapes(lo.shape, hi.shape, op: "clamp")
  let shape = try broadcastShapes(x.shape, lh, op: "clamp")
  let dt = promotedFloat(promotedFloat(x.dtype, lo.dtype), hi.dtype)
  let n = try Tensor.checkedCount(shape, dtype: dt, op: "clamp")
  let (x2, l2, h2) = (x.cast(dt), lo.cast(dt), hi.cast(dt))
  func pick<T: FloatElement>(_ v: T, _ l: T, _ h: T) -> T {
    let m = (v >= l || v.isNaN) ? v : l
    return (m <= h || m.isNaN) ? m : h
  }
  if dt == .f32 {
    return map3(
      x2, l2, h2, Float.self, Float.self, Float.self, shape: shape, count: n, to: dt, Float.self,
      pick)
  }
  return map3(
    x2, l2, h2, Double.self, Double.self, Double.self, shape: shape, count: n, to: dt,
    Double.self, pick)
}
