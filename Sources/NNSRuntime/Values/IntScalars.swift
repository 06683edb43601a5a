import NNSTensor

/// Unboxed arithmetic and comparisons with an i64 number, giving the same values as the tensor
/// kernels (`NNSTensor.binaryInt`): i64 with i64 stays exact for `+ - * %`, `maximum` and
/// `minimum`, i64 with a float computes in that float, bool arithmetic and `/`, `^` give the
/// default float, and comparisons are exact by value.
enum IntScalars {
  /// `x` as a number of the default float dtype.
  @inline(__always)
  static func defaultFloat(_ x: Int64) -> Value {
    Tensor.defaultFloat == .f64 ? .f64(Double(x)) : .f32(Float(x))
  }

  /// `x op other` (or `other op x` when `intFirst` is false) for an unboxed `other`; nil when
  /// `other` is not an unboxed number (the tensor path then handles it).
  /// - Throws: `TensorError` for an i64 overflow or `% 0`.
  static func binary(_ op: BinaryOp, _ x: Int64, _ other: Value, intFirst: Bool) throws -> Value? {
    let cmp = intFirst ? op : mirrored(op)
    switch other {
    case .i64(let y):
      let (a, b) = intFirst ? (x, y) : (y, x)
      if op.isComparison { return .bool(cmp.holds(order: x < y ? -1 : (x == y ? 0 : 1))) }
      if let r = try int64Binary(op, a, b) { return .i64(r) }
      return try TensorOps.binary(op, defaultFloat(a), defaultFloat(b))
    case .bool(let flag):
      if op.isComparison {
        let y: Int64 = flag ? 1 : 0
        return .bool(cmp.holds(order: x < y ? -1 : (x == y ? 0 : 1)))
      }
      let n = defaultFloat(x)
      let t = TensorOps.boolNumber(flag)
      return try TensorOps.binary(op, intFirst ? n : t, intFirst ? t : n)
    case .f32(let y):
      if op.isComparison { return .bool(order(x, Double(y), cmp)) }
      let n = Float(x)
      return .f32(intFirst ? ScalarMath.apply(op, n, y) : ScalarMath.apply(op, y, n))
    case .f64(let y):
      if op.isComparison { return .bool(order(x, y, cmp)) }
      let n = Double(x)
      return .f64(intFirst ? ScalarMath.apply(op, n, y) : ScalarMath.apply(op, y, n))
    default:
      return nil
    }
  }

  /// Whether `x cmp y` holds by exact value (NaN: only `!=`).
  @inline(__always)
  static func order(_ x: Int64, _ y: Double, _ cmp: BinaryOp) -> Bool {
    guard let o = intFloatOrder(x, y) else { return cmp == .ne }
    return cmp.holds(order: o)
  }

  /// The comparison with its operands swapped.
  static func mirrored(_ op: BinaryOp) -> BinaryOp {
    switch op {
    case .lt: return .gt
    case .le: return .ge
    case .gt: return .lt
    case .ge: return .le
    default: return op
    }
  }
}

extension BinaryOp {
  /// Whether this comparison holds for operands whose order is -1 (less), 0 or 1 (greater).
  @inline(__always)
  func holds(order: Int) -> Bool {
    switch self {
    case .eq: return order == 0
    case .ne: return order != 0
    case .lt: return order < 0
    case .le: return order <= 0
    case .gt: return order > 0
    default: return order >= 0
    }
  }
}
