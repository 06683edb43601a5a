import NNSTensor

/// The builtin table: every builtin function with its parameters, doc and example. The same
/// table feeds `help`, `:help`, Tab completion and argument checking.
public enum Builtins {
  /// All builtins, in help order.
  public static let table: [Builtin] =
    creation + elementwise + reductions + shapes + arrays + neural + layers + collections + text
    + strings + system + autodiff + transforms + plots + files + internals

  /// The builtin of a name, if any.
  public static func named(_ name: String) -> Builtin? {
    table.first { $0.name == name }
  }

  /// Makes a one-argument elementwise builtin with a scalar fast path.
  static func unary(_ name: String, _ op: UnaryOp, doc: String, example: String) -> Builtin {
    let b = Builtin(name, [.req("x")], doc: doc, example: example) { a in
      try TensorOps.unary(op, try a.numeric(0))
    }
    let hasScalar = ScalarMath.f32Function(op) != nil
    let scalar: (Float) -> Float = ScalarMath.f32Function(op) ?? { $0 }
    b.fast1 = { x in
      if hasScalar, case .f32(let v) = x { return .f32(scalar(v)) }
      guard x.isNumeric else {
        throw RuntimeError("\(name): x must be a tensor, got \(x.kindName)")
      }
      return try TensorOps.unary(op, x)
    }
    return b
  }

  /// Makes a two-argument elementwise builtin (`pow`, `maximum`, `minimum`).
  static func binary(_ name: String, _ op: BinaryOp, doc: String, example: String) -> Builtin {
    let b = Builtin(name, [.req("a"), .req("b")], doc: doc, example: example) { a in
      try TensorOps.binary(op, try a.weak(0, beside: 1, op), try a.weak(1, beside: 0, op))
    }
    b.weakOp = op
    b.fast2 = { x, y in
      guard x.isNumeric, y.isNumeric else {
        throw RuntimeError(
          "\(name): arguments must be tensors, got \(x.kindName) and \(y.kindName)")
      }
      return try TensorOps.binary(op, x, y)
    }
    return b
  }

  /// Two positional arguments of an elementwise builtin, a number written with literals taking
  /// the other's dtype (`maximum(len(x), 1)` stays i64).
  static func weakPair(_ x: Value, _ y: Value, _ literals: [LiteralArg?], _ op: BinaryOp)
    -> (Value, Value)
  {
    func constant(_ k: Int) -> NumberConstant? {
      guard k < literals.count, case .number(let c)? = literals[k] else { return nil }
      return c
    }
    switch (constant(0), constant(1)) {
    case (let c?, nil) where y.isNumeric: return (c.operand(beside: y.dtype, op), y)
    case (nil, let c?) where x.isNumeric: return (x, c.operand(beside: x.dtype, op))
    default: return (x, y)
    }
  }

  /// The dtype new tensors get.
  static var floatType: DType { Tensor.defaultFloat }
}
