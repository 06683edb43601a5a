import NNSAutodiff
import NNSTensor

/// The one dispatch layer for every differentiable tensor operation the runtime performs.
///
/// Operators and builtins call these functions with numeric `Value`s (unboxed scalars or
/// tensors); today they take scalar fast paths or call NNSTensor directly. Autodiff routes
/// tracked values through here, so no builtin calls an NNSTensor kernel for a differentiable
/// operation anywhere else.
enum TensorOps {
  /// The tensor of a numeric value (callers have checked `isNumeric`).
  @inline(__always)
  static func tensor(_ v: Value) -> Tensor {
    v.asTensor ?? Tensor(scalar: 0, dtype: .f32)
  }

  /// The value of a tensor operation, unless Ctrl-C stopped it: a kernel that saw the
  /// interrupt flag returned early with a half-made result, which must go no further.
  /// - Throws: `RuntimeError.interrupted`, or what the operation threw.
  @inline(__always)
  static func checked(_ result: @autoclosure () throws -> DVal) throws -> Value {
    let v = Value(try result())
    if Interrupt.take() { throw RuntimeError.interrupted }
    return v
  }

  /// `checked` for an operation that gives a plain tensor.
  @inline(__always)
  static func checked(_ result: @autoclosure () throws -> Tensor) throws -> Value {
    let v = Value(try result())
    if Interrupt.take() { throw RuntimeError.interrupted }
    return v
  }

  /// A bool scalar as a number of the default float dtype.
  @inline(__always)
  static func boolNumber(_ b: Bool) -> Value {
    Value.number(b ? 1 : 0)
  }

  /// Applies a binary operator (`+ - * / % ^ maximum minimum` and comparisons) elementwise.
  /// - Throws: broadcasting errors from NNSTensor.
  @inline(__always)
  static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    switch (a, b) {
    case (.f32(let x), .f32(let y)):
      let r = ScalarMath.apply(op, x, y)
      return ScalarMath.isComparison(op) ? .bool(r != 0) : .f32(r)
    case (.f64(let x), .f64(let y)):
      let r = ScalarMath.apply(op, x, y)
      return ScalarMath.isComparison(op) ? .bool(r != 0) : .f64(r)
    case (.f32(let x), .f64(let y)):
      let r = ScalarMath.apply(op, Double(x), y)
      return ScalarMath.isComparison(op) ? .bool(r != 0) : .f64(r)
    case (.f64(let x), .f32(let y)):
      let r = ScalarMath.apply(op, x, Double(y))
      return ScalarMath.isComparison(op) ? .bool(r != 0) : .f64(r)
    case (.bool(let x), .bool(let y)) where ScalarMath.isComparison(op):
      return .bool(ScalarMath.apply(op, x ? 1.0 : 0, y ? 1.0 : 0) != 0)
    case (.bool(let x), .f32), (.bool(let x), .f64), (.bool(let x), .bool):
      if case .tensor = b { break }
      return try binary(op, boolNumber(x), b)
    case (.f32, .bool(let y)), (.f64, .bool(let y)):
      return try binary(op, a, boolNumber(y))
    case (.i64(let x), _):
      if let r = try IntScalars.binary(op, x, b, intFirst: true) { return r }
    case (_, .i64(let y)):
      if let r = try IntScalars.binary(op, y, a, intFirst: false) { return r }
    default:
      break
    }
    if a.isTracked || b.isTracked { return try checked(AD.binary(op, a.dval, b.dval)) }
    return try checked(NNSTensor.binary(op, tensor(a), tensor(b)))  // constants: no boxing
  }

  /// Applies an elementwise function (`exp`, `sin`, `relu`, `isnan`, ...).
  @inline(__always)
  static func unary(_ op: UnaryOp, _ x: Value) throws -> Value {
    switch x {
    case .f32(let v):
      if let r = unaryValue(op, v) { return .f32(r) }
    case .f64(let v):
      if let r = unaryValue(op, v) { return .f64(r) }
    case .bool(let b):
      if op == .logicalNot { return .bool(!b) }
      if op != .isnan && op != .isinf { return try unary(op, boolNumber(b)) }
    case .i64(let n):
      switch op {
      case .neg, .abs: return .i64(try int64Negated(n, op: op))
      case .isnan, .isinf: return .bool(false)
      case .isfinite: return .bool(true)
      case .logicalNot: return .bool(n == 0)
      default: return try unary(op, IntScalars.defaultFloat(n))
      }
    default:
      break
    }
    if x.isTracked { return try checked(AD.unary(op, x.dval)) }
    return try checked(NNSTensor.unary(op, tensor(x)))  // constants: no boxing
  }

  /// `leaky_relu(x, slope)`.
  static func leakyRelu(_ x: Value, slope: Double) throws -> Value {
    try checked(AD.leakyRelu(x.dval, slope: slope))
  }

  /// `where(cond, a, b)`.
  static func whereSelect(_ c: Value, _ a: Value, _ b: Value) throws -> Value {
    try checked(AD.where(c.dval, a.dval, b.dval))
  }

  /// `clamp(x, lo, hi)`.
  static func clamp(_ x: Value, _ lo: Value, _ hi: Value) throws -> Value {
    try checked(AD.clamp(x.dval, lo.dval, hi.dval))
  }

  /// A reduction over `axes` (nil: all axes).
  static func reduce(
    _ op: ReduceOp, _ x: Value, axes: [Int]?, keepdims: Bool, ddof: Int = 0
  ) throws -> Value {
    try checked(AD.reduce(op, x.dval, axes: axes, keepdims: keepdims, ddof: ddof))
  }

  /// The p-norm over `axes`.
  static func norm(_ x: Value, p: Double, axes: [Int]?, keepdims: Bool) throws -> Value {
    try checked(AD.norm(x.dval, p: p, axes: axes, keepdims: keepdims))
  }

  /// `matmul`, also the `@` operator.
  static func matmul(_ a: Value, _ b: Value) throws -> Value {
    try checked(AD.matmul(a.dval, b.dval))
  }

  /// `dot`.
  static func dot(_ a: Value, _ b: Value) throws -> Value {
    try checked(AD.dot(a.dval, b.dval))
  }

  /// `outer`.
  static func outer(_ a: Value, _ b: Value) throws -> Value {
    try checked(AD.outer(a.dval, b.dval))
  }

  /// `reshape` (one -1 allowed).
  static func reshape(_ x: Value, _ shape: [Int]) throws -> Value {
    try checked(AD.reshape(x.dval, shape))
  }

  /// `transpose` (nil reverses the axes).
  static func transpose(_ x: Value, _ perm: [Int]?) throws -> Value {
    try checked(AD.transpose(x.dval, perm))
  }

  /// `squeeze` (nil: every size-1 axis).
  static func squeeze(_ x: Value, axes: [Int]?) throws -> Value {
    try checked(AD.squeeze(x.dval, axes: axes))
  }

  /// `expand_dims`.
  static func expandDims(_ x: Value, axis: Int) throws -> Value {
    try checked(AD.expandDims(x.dval, axis: axis))
  }

  /// `flatten`.
  static func flatten(_ x: Value) throws -> Value {
    try checked(AD.flatten(x.dval))
  }

  /// `concat`.
  static func concat(_ xs: [Value], axis: Int) throws -> Value {
    try checked(AD.concat(xs.map(\.dval), axis: axis))
  }

  /// `stack`.
  static func stack(_ xs: [Value], axis: Int) throws -> Value {
    try checked(AD.stack(xs.map(\.dval), axis: axis))
  }

  /// `split` into `sections` equal parts.
  static func split(_ x: Value, sections: Int, axis: Int) throws -> [Value] {
    try AD.split(x.dval, sections, axis: axis).map { Value($0) }
  }

  /// `broadcast_to`.
  static func broadcastTo(_ x: Value, _ shape: [Int]) throws -> Value {
    try checked(AD.broadcastTo(x.dval, shape))
  }

  /// `tile`.
  static func tile(_ x: Value, _ reps: [Int]) throws -> Value {
    try checked(AD.tile(x.dval, reps))
  }

  /// Index read `x[items]`.
  static func getIndex(_ x: Value, _ items: [IndexItem]) throws -> Value {
    try checked(AD.getIndex(x.dval, items))
  }

  /// `softmax` along an axis.
  static func softmax(_ x: Value, axis: Int) throws -> Value {
    try checked(AD.softmax(x.dval, axis: axis))
  }

  /// `log_softmax` along an axis.
  static func logSoftmax(_ x: Value, axis: Int) throws -> Value {
    try checked(AD.logSoftmax(x.dval, axis: axis))
  }

  /// `cross_entropy(logits, labels)` (mean over the batch).
  static func crossEntropy(_ logits: Value, _ labels: Value) throws -> Value {
    try checked(AD.crossEntropy(logits.dval, labels.dval))
  }

  /// `bce_with_logits(z, y)` (mean).
  static func bceWithLogits(_ z: Value, _ y: Value) throws -> Value {
    try checked(AD.bceWithLogits(z.dval, y.dval))
  }

  /// `binary_cross_entropy(p, y)`: `-mean(y log p + (1 - y) log(1 - p))`, logs clamped at -100
  /// as PyTorch does; `p` and `y` must have one shape (losses never broadcast).
  static func binaryCrossEntropy(_ p: Value, _ y: Value) throws -> Value {
    try checkLossShapes("binary_cross_entropy", p.shape ?? [], y.shape ?? [])
    let one = Value.number(1)
    let floor = Value.number(-100)
    let logP = try binary(.maximum, try unary(.log, p), floor)
    let log1mP = try binary(.maximum, try unary(.log, try binary(.sub, one, p)), floor)
    let a = try binary(.mul, y, logP)
    let b = try binary(.mul, try binary(.sub, one, y), log1mP)
    let mean = try reduce(.mean, try binary(.add, a, b), axes: nil, keepdims: false)
    return try unary(.neg, mean)
  }

  /// `mse(a, b)`: the mean of the squared differences of two values of one shape (losses never
  /// broadcast).
  static func mse(_ a: Value, _ b: Value) throws -> Value {
    try checkLossShapes("mse", a.shape ?? [], b.shape ?? [])
    let d = try binary(.sub, a, b)
    return try reduce(.mean, try binary(.mul, d, d), axes: nil, keepdims: false)
  }
}

extension TensorOps {
  /// Index write `x[items] = v` (the value broadcasts).
  static func setIndex(_ x: inout Tensor, _ items: [IndexItem], _ v: Value) throws {
    try NNSTensor.setIndex(&x, items, tensor(v))
    if Interrupt.take() { throw RuntimeError.interrupted }
  }

  /// Stacks equal-shape numeric values along `axis`, converting them to `dtype` (nil: the
  /// promoted dtype of the items). Used by bracket literals and `stack`.
  static func stack(_ xs: [Value], axis: Int, dtype: DType?) throws -> Value {
    if xs.contains(where: \.isTracked) {  // e.g. `[a + 1, b]` inside a differentiated function
      let parts = try xs.map { x in try dtype.map { try AD.cast(x.dval, $0) } ?? x.dval }
      return try checked(AD.stack(parts, axis: axis))
    }
    let tensors = xs.map(tensor)
    let target =
      dtype
      ?? tensors.dropFirst().reduce(tensors.first?.dtype ?? .f32) {
        promotedType($0, $1.dtype)
      }
    if axis == 0 && tensors.allSatisfy({ $0.rank == 0 }) {
      if target == .i64 {  // exactly: every item is an i64 or a bool here
        let ints = tensors.map { $0.intElement(0) ?? 0 }
        return .tensor(try Tensor(shape: [xs.count], int64s: ints))
      }
      let plain = tensors.map { $0.element(0) }
      return .tensor(try Tensor(shape: [xs.count], values: plain, dtype: target))
    }
    return Value(
      try NNSTensor.stack(tensors.map { $0.dtype == target ? $0 : $0.cast(target) }, axis: axis))
  }

  /// `one_hot(labels, n)` (not differentiable; here to keep kernels in one place).
  static func oneHot(_ labels: Value, _ n: Int) throws -> Value {
    try checked(NNSTensor.oneHot(tensor(labels), n, dtype: Tensor.defaultFloat))
  }
}
