import NNSTensor

/// Shorthand for a broadcasting two-input kernel entry.
private func binaryEntry(
  _ name: String, _ op: BinaryOp, vjp: @escaping (VJPArgs) throws -> [DVal?]
) -> Primitive {
  Primitive(name, .binary { x, y, _ in try binary(op, x, y) }, vjp: vjp)
}

/// Binary and selection primitives. Cotangents come back in the output's broadcast shape; the
/// backward loop sums them to each input's shape.
extension Primitives {
  /// `a + b`; vjp: `(grad, grad)`.
  public static let add: Primitive = binaryEntry("+", .add) { a in [a.grad, a.grad] }

  /// `a - b`; vjp: `(grad, -grad)`.
  public static let sub: Primitive = binaryEntry("-", .sub) { a in
    [a.grad, a.needs[1] ? try -a.grad : nil]
  }

  /// `a * b`; vjp: `(grad * b, grad * a)`.
  public static let mul: Primitive = binaryEntry("*", .mul) { a in
    [
      a.needs[0] ? try a.grad * a.inputs[1] : nil,
      a.needs[1] ? try a.grad * a.inputs[0] : nil,
    ]
  }

  /// `a / b`; vjp: `(grad / b, -grad * result / b)`.
  public static let div: Primitive = binaryEntry("/", .div) { a in
    [
      a.needs[0] ? try a.grad / a.inputs[1] : nil,
      a.needs[1] ? try -(a.grad * a.result / a.inputs[1]) : nil,
    ]
  }

  /// `a % b` (floor modulo); vjp: `(grad, -grad * floor(a / b))`.
  public static let mod: Primitive = binaryEntry("%", .mod) { a in
    [
      a.grad,
      a.needs[1]
        ? try
          -(a.grad
          * Rule.const(a.inputs[0], like: a.grad) {
            try unary(.floor, binary(.div, $0, a.inputs[1].value))
          }) : nil,
    ]
  }

  /// `a ^ b`; vjp: `(grad * b * a^(b-1), grad * result * log(a))`, the first taken as 0 where
  /// `b == 0` and the second as 0 where `a <= 0` (as PyTorch does for a zero base).
  public static let pow: Primitive = binaryEntry("^", .pow) { a in
    let (x, y) = (a.inputs[0], a.inputs[1])
    var gx: DVal? = nil
    var gy: DVal? = nil
    if a.needs[0] {
      if !a.needs[1], y.count == 1, (try? y.value.scalarDouble()) == 2 {
        gx = try a.grad * x * 2  // the common square, without a pow kernel
      } else {
        // Where b == 0 the exponent b - 1 becomes 0, so 0^-1 = inf never meets b = 0 (JAX and
        // PyTorch give d/da a^0 = 0 at a = 0, not nan).
        let zeroExponent = try Rule.mask(.eq, y, 0, like: a.grad)
        gx = try a.grad * y * Primitives.pow(x, y - 1 + zeroExponent)
      }
    }
    if a.needs[1] {
      let pos = try Rule.mask(.gt, x, 0, like: a.grad)
      let safe = try x * pos + (1 - pos)  // log(1) = 0 where a <= 0
      gy = try a.grad * a.result * Primitives.log(safe) * pos
    }
    return [gx, gy]
  }

  /// `maximum(a, b)`; vjp: `grad * w` to a and `grad * (1 - w)` to b, with
  /// `w = (a > b) + 0.5 * (a == b)` (ties split equally).
  public static let maximum: Primitive = binaryEntry("maximum", .maximum) { a in
    let w =
      try Rule.mask(.gt, a.inputs[0], a.inputs[1], like: a.grad)
      + Rule.mask(.eq, a.inputs[0], a.inputs[1], like: a.grad) * 0.5
    return [try a.grad * w, try a.grad * (1 - w)]
  }

  /// `minimum(a, b)`; vjp: `grad * w` to a and `grad * (1 - w)` to b, with
  /// `w = (a < b) + 0.5 * (a == b)` (ties split equally).
  public static let minimum: Primitive = binaryEntry("minimum", .minimum) { a in
    let w =
      try Rule.mask(.lt, a.inputs[0], a.inputs[1], like: a.grad)
      + Rule.mask(.eq, a.inputs[0], a.inputs[1], like: a.grad) * 0.5
    return [try a.grad * w, try a.grad * (1 - w)]
  }

  /// `where(cond, a, b)`; vjp: `(none, where(cond, grad, 0), where(cond, 0, grad))`.
  public static let `where`: Primitive = Primitive(
    "where",
    .nary { xs, _ in
      guard xs.count == 3 else { throw ADError("where: expected 3 inputs, got \(xs.count)") }
      return try whereSelect(xs[0], xs[1], xs[2])
    }
  ) { a in
    let c = try Rule.const(a.inputs[0], like: a.grad) { $0.cast(.bool).cast(.f64) }
    return [nil, try a.grad * c, try a.grad * (1 - c)]
  }

  /// `clamp(x, lo, hi)`; vjp: `grad * (lo <= x <= hi)` to x, `grad * (x < lo)` to lo and
  /// `grad * (x > hi)` to hi.
  public static let clamp: Primitive = Primitive(
    "clamp",
    .nary { xs, _ in
      guard xs.count == 3 else { throw ADError("clamp: expected 3 inputs, got \(xs.count)") }
      return try NNSTensor.clamp(xs[0], xs[1], xs[2])
    }
  ) { a in
    let (x, lo, hi) = (a.inputs[0], a.inputs[1], a.inputs[2])
    let below = try Rule.mask(.lt, x, lo, like: a.grad)
    let above = try Rule.mask(.gt, x, hi, like: a.grad)
    let inside = try Rule.mask(.ge, x, lo, like: a.grad) * Rule.mask(.le, x, hi, like: a.grad)
    return [
      a.needs[0] ? try a.grad * inside : nil,
      a.needs[1] ? try a.grad * below : nil,
      a.needs[2] ? try a.grad * above : nil,
    ]
  }
}
