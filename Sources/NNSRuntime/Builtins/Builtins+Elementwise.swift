import NNSTensor

extension Builtins {
  /// Elementwise builtins (differentiable and not).
  static var elementwise: [Builtin] {
    [
      unary("exp", .exp, doc: "e raised to each element.", example: "exp([0, 1])"),
      unary("log", .log, doc: "The natural logarithm of each element.", example: "log(10)"),
      unary("log1p", .log1p, doc: "log(1 + x), accurate for small x.", example: "log1p(1e-8)"),
      unary("sqrt", .sqrt, doc: "The square root of each element.", example: "sqrt([4, 9])"),
      unary("abs", .abs, doc: "The absolute value of each element.", example: "abs([-1, 2])"),
      unary("sin", .sin, doc: "The sine of each element (radians).", example: "sin(0.5)"),
      unary("cos", .cos, doc: "The cosine of each element (radians).", example: "cos(0.5)"),
      unary("tan", .tan, doc: "The tangent of each element (radians).", example: "tan(0.5)"),
      unary("tanh", .tanh, doc: "The hyperbolic tangent of each element.", example: "tanh(1)"),
      unary(
        "sigmoid", .sigmoid, doc: "The logistic function 1 / (1 + exp(-x)), computed stably.",
        example: "sigmoid([-1, 0, 1])"),
      unary("relu", .relu, doc: "max(x, 0) elementwise.", example: "relu([-1, 2])"),
      unary(
        "gelu", .gelu,
        doc: "The Gaussian error linear unit, exact erf form: "
          + "x * (1 + erf(x / sqrt(2))) / 2.", example: "gelu([-1, 0, 1])"),
      unary(
        "erf", .erf, doc: "The error function 2 / sqrt(pi) * integral of exp(-t^2) from 0 to x.",
        example: "erf([-1, 0, 1])"),
      Builtin(
        "silu", [.req("x")],
        doc: "The sigmoid linear unit (swish) x * sigmoid(x); differentiable as that product.",
        example: "silu([-1, 0, 1])"
      ) { a in
        let x = try a.numeric(0)
        return try TensorOps.binary(.mul, x, try TensorOps.unary(.sigmoid, x))
      },
      unary(
        "softplus", .softplus, doc: "log(1 + exp(x)), computed stably.",
        example: "softplus([-1, 0, 1])"),
      unary(
        "elu", .elu, doc: "x for x > 0, exp(x) - 1 otherwise.", example: "elu([-1, 0, 1])"),
      unary(
        "sign", .sign, doc: "-1, 0 or 1 by the sign of each element (not differentiable).",
        example: "sign([-2, 0, 3])"),
      unary("floor", .floor, doc: "Rounds each element down.", example: "floor([-1.5, 1.5])"),
      unary("ceil", .ceil, doc: "Rounds each element up.", example: "ceil([-1.5, 1.5])"),
      unary(
        "round", .round,
        doc: "Rounds each element to the nearest integer, halves to even "
          + "(as numpy).", example: "round([0.5, 1.5, 2.5])"),
      unary(
        "isnan", .isnan, doc: "A bool tensor: true where the element is NaN.",
        example: "isnan([1, 0/0])"),
      unary(
        "isinf", .isinf, doc: "A bool tensor: true where the element is infinite.",
        example: "isinf([1, 1/0])"),
      Builtin(
        "leaky_relu", [.req("x"), .opt("slope", "0.01")],
        doc: "x for x > 0, slope * x otherwise.", example: "leaky_relu([-1, 2], slope: 0.1)"
      ) { a in
        try TensorOps.leakyRelu(try a.numeric(0), slope: a.has(1) ? try a.double(1) : 0.01)
      },
      binary(
        "pow", .pow, doc: "a raised to the power b elementwise (as the ^ operator).",
        example: "pow(2, [1, 2, 3])"),
      binary(
        "maximum", .maximum, doc: "The larger of a and b elementwise (broadcasting).",
        example: "maximum([1, 5], 3)"),
      binary(
        "minimum", .minimum, doc: "The smaller of a and b elementwise (broadcasting).",
        example: "minimum([1, 5], 3)"),
      Builtin(
        "clamp", [.req("x"), .req("lo"), .req("hi")],
        doc: "Limits each element to [lo, hi].", example: "clamp([-2, 0, 2], -1, 1)"
      ) { a in
        // literal bounds take x's dtype (`clamp(x_f64, 0, 0.5)` compares with the f64 0.5)
        try TensorOps.clamp(
          try a.numeric(0), try a.weak(1, beside: 0, .maximum), try a.weak(2, beside: 0, .maximum))
      },
      Builtin(
        "where", [.req("cond"), .req("a"), .req("b")],
        doc: "Picks a where cond is true (non-zero) and b elsewhere, broadcasting all three.",
        example: "where([true, false], 1, -1)"
      ) { a in
        // a literal branch takes the other branch's dtype (`where(c, i, 0)` stays i64)
        try TensorOps.whereSelect(
          try a.numeric(0), try a.weak(1, beside: 2, .maximum), try a.weak(2, beside: 1, .maximum))
      },
    ]
  }
}
