import NNSTensor

/// The builtin table: every builtin function with its parameters, doc and example. The same
/// table feeds `help`, `:help`, Tab completion and argument checking.
public enum Builtins {
  /// All builtins, in help order.
  public static var table: [Builtin] {
    creation + elementwise + reductions + shapes + neural + collections + text + system + autodiff
      + plots + files + internals
  }

  /// The builtin of a name, if any.
  public static func named(_ name: String) -> Builtin? {
    table.first { $0.name == name }
  }

  /// Makes a one-argument elementwise builtin with a scalar fast path.
  static func unary(_ name: String, _ op: UnaryOp, doc: String, example: String) -> Builtin {
    let b = Builtin(name, [.req("x")], doc: doc, example: example) { a in
      try TensorOps.unary(op, try a.numeric(0))
    }
    b.fast1 = { x in
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
      try TensorOps.binary(op, try a.numeric(0), try a.numeric(1))
    }
    b.fast2 = { x, y in
      guard x.isNumeric, y.isNumeric else {
        throw RuntimeError(
          "\(name): arguments must be tensors, got \(x.kindName) and \(y.kindName)")
      }
      return try TensorOps.binary(op, x, y)
    }
    return b
  }

  /// The dtype new tensors get.
  static var floatType: DType { Tensor.defaultFloat }
}
