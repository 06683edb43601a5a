import NNSTensor

/// The primitive table. Each entry: forward kernel and VJP side by side, both formulas in its
/// doc comment (`grad` is the incoming cotangent, `result` the forward output).
public enum Primitives {}

/// Shorthand for a one-input kernel entry.
private func unaryEntry(
  _ name: String, _ op: UnaryOp, vjp: @escaping (VJPArgs) throws -> [DVal?]
) -> Primitive {
  Primitive(name, .unary { x, _ in try unary(op, x) }, vjp: vjp)
}

extension Primitives {
  /// `neg(x) = -x`; vjp: `-grad`.
  public static let neg: Primitive = unaryEntry("neg", .neg) { a in [try -a.grad] }

  /// `exp(x)`; vjp: `grad * result`.
  public static let exp: Primitive = unaryEntry("exp", .exp) { a in [try a.grad * a.result] }

  /// `log(x)`; vjp: `grad / x`.
  public static let log: Primitive = unaryEntry("log", .log) { a in [try a.grad / a.inputs[0]] }

  /// `log1p(x) = log(1 + x)`; vjp: `grad / (1 + x)`.
  public static let log1p: Primitive = unaryEntry("log1p", .log1p) { a in
    [try a.grad / (1 + a.inputs[0])]
  }

  /// `sqrt(x)`; vjp: `grad / (2 * result)` (so `sqrt'(0) = inf`).
  public static let sqrt: Primitive = unaryEntry("sqrt", .sqrt) { a in [try a.grad / (a.result * 2)] }

  /// `abs(x)`; vjp: `grad * sign(x)` (so `abs'(0) = 0`).
  public static let abs: Primitive = unaryEntry("abs", .abs) { a in
    [try a.grad * Rule.const(a.inputs[0], like: a.grad) { try unary(.sign, $0) }]
  }

  /// `sin(x)`; vjp: `grad * cos(x)`.
  public static let sin: Primitive = unaryEntry("sin", .sin) { a in
    [try a.grad * Primitives.cos(a.inputs[0])]
  }

  /// `cos(x)`; vjp: `-grad * sin(x)`.
  public static let cos: Primitive = unaryEntry("cos", .cos) { a in
    [try -(a.grad * Primitives.sin(a.inputs[0]))]
  }

  /// `tan(x)`; vjp: `grad * (1 + result^2)`.
  public static let tan: Primitive = unaryEntry("tan", .tan) { a in
    [try a.grad * (1 + a.result * a.result)]
  }

  /// `tanh(x)`; vjp: `grad * (1 - result^2)`.
  public static let tanh: Primitive = unaryEntry("tanh", .tanh) { a in
    [try a.grad * (1 - a.result * a.result)]
  }

  /// `sigmoid(x) = 1 / (1 + exp(-x))`; vjp: `grad * result * (1 - result)`.
  public static let sigmoid: Primitive = unaryEntry("sigmoid", .sigmoid) { a in
    [try a.grad * (a.result * (1 - a.result))]
  }

  /// `relu(x) = max(x, 0)`; vjp: `grad * (x > 0)` (so `relu'(0) = 0`).
  public static let relu: Primitive = unaryEntry("relu", .relu) { a in
    [try a.grad * Rule.mask(.gt, a.inputs[0], 0, like: a.grad)]
  }

  /// `leaky_relu(x) = x > 0 ? x : slope * x`; vjp: `grad * (x > 0 ? 1 : slope)`.
  public static let leakyRelu: Primitive = Primitive(
    "leaky_relu", .unary { x, a in try NNSTensor.leakyRelu(x, slope: a.scalar) }
  ) { a in
    let pos = try Rule.mask(.gt, a.inputs[0], 0, like: a.grad)
    return [try a.grad * (pos + (1 - pos) * a.attrs.scalar)]
  }

  /// `gelu(x) = x * Φ(x)`, `Φ(x) = (1 + erf(x / sqrt 2)) / 2` (exact form);
  /// vjp: `grad * (Φ(x) + x * φ(x))`, `φ(x) = exp(-x^2 / 2) / sqrt(2π)`.
  public static let gelu: Primitive = unaryEntry("gelu", .gelu) { a in
    let x = a.inputs[0]
    let cdf = try (Primitives.erf(x * (1 / 2.0.squareRoot())) + 1) * 0.5
    return [try a.grad * (cdf + x * Rule.normpdf(x))]
  }

  /// `erf(x)`; vjp: `grad * 2 / sqrt(π) * exp(-x^2)`.
  public static let erf: Primitive = unaryEntry("erf", .erf) { a in
    let x = a.inputs[0]
    return [try a.grad * Primitives.exp(-(x * x)) * (2 / Double.pi.squareRoot())]
  }

  /// `expm1(x) = exp(x) - 1`; vjp: `grad * (result + 1)`.
  public static let expm1: Primitive = unaryEntry("expm1", .expm1) { a in [try a.grad * (a.result + 1)] }

  /// `softplus(x) = log(1 + exp(x))`; vjp: `grad * sigmoid(x)`.
  public static let softplus: Primitive = unaryEntry("softplus", .softplus) { a in
    [try a.grad * Primitives.sigmoid(a.inputs[0])]
  }

  /// `elu(x) = x > 0 ? x : exp(x) - 1`; vjp: `grad * (x > 0 ? 1 : result + 1)`.
  public static let elu: Primitive = unaryEntry("elu", .elu) { a in
    let pos = try Rule.mask(.gt, a.inputs[0], 0, like: a.grad)
    return [try a.grad * (pos + (1 - pos) * (a.result + 1))]
  }

  /// `cast(x, dtype)` (`f32`, `f64`); vjp: `cast(grad, dtype of x)`.
  public static let cast: Primitive = Primitive("cast", .unary { x, a in x.cast(a.dtype) }) { a in
    [try AD.cast(a.grad, a.inputs[0].floatDType)]
  }
}

extension Rule {
  /// The standard normal density `exp(-x^2 / 2) / sqrt(2π)`, differentiable.
  static func normpdf(_ x: DVal) throws -> DVal {
    try Primitives.exp(x * x * -0.5) * (1 / (2 * Double.pi).squareRoot())
  }
}
