// Elementwise operations involving i64: exact integer arithmetic with overflow as an error,
// exact comparisons between integers and floats, and the promotions of SPEC §2.

/// Applies `op` when at least one operand is i64 (called by `binary`).
///
/// - Two i64 operands (or i64 and bool in a comparison) stay integers: `+ - * %`, `maximum`
///   and `minimum` give i64, overflow and `% 0` are errors; `/` and `^` give the default float.
/// - i64 with a float computes in that float (i64 converted to it first); i64 with bool
///   computes in the default float, as bool arithmetic does.
/// - Comparisons are exact by value: `16777217 > f32(16777216)` is true although the f32
///   conversion of 16777217 equals 16777216 (Julia's rule; numpy compares through f64).
/// - Throws: `TensorError` for broadcasting, size limits, overflow or division by zero.
func binaryInt(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
  let aInt = !a.dtype.isFloat
  let bInt = !b.dtype.isFloat
  if op.isComparison {
    let shape =
      a.shape == b.shape ? a.shape : try broadcastShapes(a.shape, b.shape, op: op.symbol)
    let n = try Tensor.checkedCount(shape, dtype: .bool, op: op.symbol)
    if aInt && bInt {
      let (x, y) = (a.cast(.i64), b.cast(.i64))
      return intKernel(op, x, y, shape: shape, count: n)
    }
    // one side is i64, the other a float: compare values exactly
    let swapped = !aInt
    let ints = swapped ? b : a
    let floats = (swapped ? a : b).cast(.f64)  // every f32 is exactly an f64
    let cmp = swapped ? op.mirrored : op
    return map2Mixed(ints, floats, shape: shape, count: n) { x, y in
      intFloatOrder(x, y).map { cmp.holds(for: $0) } ?? (cmp == .ne)
    }
  }
  let intResult: Bool
  switch op {
  case .add, .sub, .mul, .mod, .maximum, .minimum: intResult = a.dtype == .i64 && b.dtype == .i64
  default: intResult = false
  }
  if !intResult {
    let dt = promotedFloat(a.dtype, b.dtype)
    return try binary(op, a.cast(dt), b.cast(dt))
  }
  let shape = a.shape == b.shape ? a.shape : try broadcastShapes(a.shape, b.shape, op: op.symbol)
  let n = try Tensor.checkedCount(shape, dtype: .i64, op: op.symbol)
  var failure: IntFailure = .none
  let out: Tensor
  switch op {
  case .add:
    out = map2(a, b, Int64.self, shape: shape, count: n, to: .i64, Int64.self) { x, y in
      let (r, o) = x.addingReportingOverflow(y)
      if o { failure = .overflow }
      return r
    }
  case .sub:
    out = map2(a, b, Int64.self, shape: shape, count: n, to: .i64, Int64.self) { x, y in
      let (r, o) = x.subtractingReportingOverflow(y)
      if o { failure = .overflow }
      return r
    }
  case .mul:
    out = map2(a, b, Int64.self, shape: shape, count: n, to: .i64, Int64.self) { x, y in
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if o { failure = .overflow }
      return r
    }
  case .mod:
    out = map2(a, b, Int64.self, shape: shape, count: n, to: .i64, Int64.self) { x, y in
      if y == 0 {
        failure = .divisionByZero
        return 0
      }
      return floorMod(x, y)
    }
  case .maximum:
    out = map2(a, b, Int64.self, shape: shape, count: n, to: .i64, Int64.self) { Swift.max($0, $1) }
  default:
    out = map2(a, b, Int64.self, shape: shape, count: n, to: .i64, Int64.self) { Swift.min($0, $1) }
  }
  try failure.check(op.symbol)
  return out
}

/// What went wrong in an integer kernel (kernels note it and the caller throws once).
enum IntFailure {
  case none, overflow, divisionByZero

  /// Throws the error for `op` (`+: integer overflow (the result does not fit in i64)`).
  func check(_ op: String) throws {
    switch self {
    case .none: return
    case .overflow: throw TensorError("\(op): integer overflow (the result does not fit in i64)")
    case .divisionByZero: throw TensorError("\(op): integer division by zero")
    }
  }
}

/// numpy's floor modulo on integers: the result has the divisor's sign (`y` not zero).
@inline(__always) func floorMod(_ x: Int64, _ y: Int64) -> Int64 {
  // Int64.min % -1 overflows in hardware; its remainder is 0
  let (r, o) = x.remainderReportingOverflow(dividingBy: y)
  if o { return 0 }
  return (r != 0 && ((r < 0) != (y < 0))) ? r &+ y : r
}

/// The order of an integer and a float by exact value: -1 (less), 0 (equal), 1 (greater), or
/// nil when the float is NaN.
@inline(__always) public func intFloatOrder(_ x: Int64, _ y: Double) -> Int? {
  if y.isNaN { return nil }
  if y >= 0x1p63 { return -1 }
  if y < -0x1p63 { return 1 }
  let f = y.rounded(.down)  // in [-2^63, 2^63): exactly an Int64
  let fi = Int64(f)
  if x < fi { return -1 }
  if x > fi { return 1 }
  return y > f ? -1 : 0
}

extension BinaryOp {
  /// The comparison with its operands swapped (`a < b` is `b > a`).
  var mirrored: BinaryOp {
    switch self {
    case .lt: return .gt
    case .le: return .ge
    case .gt: return .lt
    case .ge: return .le
    default: return self
    }
  }

  /// Whether this comparison holds for operands in `order` (-1, 0, 1).
  @inline(__always) func holds(for order: Int) -> Bool {
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

/// The comparison kernels on two i64 tensors broadcast to `shape`.
func intKernel(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, shape: [Int], count n: Int) -> Tensor {
  switch op {
  case .eq:
    return map2(a, b, Int64.self, shape: shape, count: n, to: .bool, UInt8.self) {
      $0 == $1 ? 1 : 0
    }
  case .ne:
    return map2(a, b, Int64.self, shape: shape, count: n, to: .bool, UInt8.self) {
      $0 != $1 ? 1 : 0
    }
  case .lt:
    return map2(a, b, Int64.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 < $1 ? 1 : 0 }
  case .le:
    return map2(a, b, Int64.self, shape: shape, count: n, to: .bool, UInt8.self) {
      $0 <= $1 ? 1 : 0
    }
  case .gt:
    return map2(a, b, Int64.self, shape: shape, count: n, to: .bool, UInt8.self) { $0 > $1 ? 1 : 0 }
  default:
    return map2(a, b, Int64.self, shape: shape, count: n, to: .bool, UInt8.self) {
      $0 >= $1 ? 1 : 0
    }
  }
}

/// Maps a test over an i64 tensor and an f64 tensor broadcast to `shape` into a bool tensor.
func map2Mixed(
  _ ints: Tensor, _ floats: Tensor, shape: [Int], count n: Int, _ test: (Int64, Double) -> Bool
) -> Tensor {
  let out = Tensor(uninitialized: shape, count: n, dtype: .bool)
  if n == 0 { return out }
  let dst = out.pointer(UInt8.self)
  let pa = ints.storage.base.assumingMemoryBound(to: Int64.self)
  let pb = floats.storage.base.assumingMemoryBound(to: Double.self)
  forEachRow(
    shape: shape,
    strides: [ints.broadcastStrides(to: shape), floats.broadcastStrides(to: shape)],
    bases: [ints.offset, floats.offset]
  ) { start, offs, n, inner in
    let ra = pa + offs[0]
    let rb = pb + offs[1]
    let d = dst + start
    let (ia, ib) = (inner[0], inner[1])
    for i in 0..<n { d[i] = test(ra[i &* ia], rb[i &* ib]) ? 1 : 0 }
  }
  return out
}

/// Applies a unary operation to an i64 tensor (called by `unary`): `-` and `abs` stay i64
/// (negating -2^63 is an overflow error), `isnan`/`isinf` are false, `isfinite` true, `not`
/// tests for zero; every other function computes in the default float dtype.
/// - Throws: `TensorError` on overflow.
func unaryInt(_ op: UnaryOp, _ x: Tensor) throws -> Tensor {
  var failure: IntFailure = .none
  switch op {
  case .neg, .abs:
    let negateAll = op == .neg
    let out = map1(x, Int64.self, to: .i64, Int64.self) { v in
      if v == .min {
        failure = .overflow
        return v
      }
      return negateAll || v < 0 ? -v : v
    }
    try failure.check(op.name)
    return out
  case .isnan, .isinf: return map1(x, Int64.self, to: .bool, UInt8.self) { _ in 0 }
  case .isfinite: return map1(x, Int64.self, to: .bool, UInt8.self) { _ in 1 }
  case .logicalNot: return map1(x, Int64.self, to: .bool, UInt8.self) { $0 == 0 ? 1 : 0 }
  default: return try unary(op, x.cast(Tensor.defaultFloat))
  }
}

/// `x op y` on two i64 numbers with the kernels' rules: `+ - * %`, `maximum` and `minimum` give
/// an i64; nil for the other operators (which give a float or a bool).
/// - Throws: `TensorError` `+: integer overflow (the result does not fit in i64)`, or
///   `%: integer division by zero`.
public func int64Binary(_ op: BinaryOp, _ x: Int64, _ y: Int64) throws -> Int64? {
  let r: (partialValue: Int64, overflow: Bool)
  switch op {
  case .add: r = x.addingReportingOverflow(y)
  case .sub: r = x.subtractingReportingOverflow(y)
  case .mul: r = x.multipliedReportingOverflow(by: y)
  case .mod:
    if y == 0 { try IntFailure.divisionByZero.check(op.symbol) }
    return floorMod(x, y)
  case .maximum: return Swift.max(x, y)
  case .minimum: return Swift.min(x, y)
  default: return nil
  }
  if r.overflow { try IntFailure.overflow.check(op.symbol) }
  return r.partialValue
}

/// `-x` or `abs(x)` of an i64 number: negating -2^63 is an overflow error.
/// - Throws: `TensorError` `-: integer overflow (the result does not fit in i64)`.
public func int64Negated(_ x: Int64, op: UnaryOp) throws -> Int64 {
  if x == .min { try IntFailure.overflow.check(op.name) }
  return op == .abs && x >= 0 ? x : -x
}
