import NNSTensor

/// The DVal-level operations: each applies a primitive (a direct kernel call when nothing is
/// tracked) or is built from primitives. The runtime routes every tensor builtin here.
public enum AD {}

extension AD {
  /// Applies an element-wise operation; non-differentiable ones (`sign`, `floor`, `ceil`,
  /// `round`, `isnan`, `isinf`, `not`) give a constant, so their gradient is zero.
  /// - Throws: the kernel's error.
  public static func unary(_ op: UnaryOp, _ x: DVal) throws -> DVal {
    switch op {
    case .neg: return try Primitives.neg(x)
    case .exp: return try Primitives.exp(x)
    case .log: return try Primitives.log(x)
    case .log1p: return try Primitives.log1p(x)
    case .sqrt: return try Primitives.sqrt(x)
    case .abs: return try Primitives.abs(x)
    case .sin: return try Primitives.sin(x)
    case .cos: return try Primitives.cos(x)
    case .tan: return try Primitives.tan(x)
    case .tanh: return try Primitives.tanh(x)
    case .sigmoid: return try Primitives.sigmoid(x)
    case .relu: return try Primitives.relu(x)
    case .gelu: return try Primitives.gelu(x)
    case .softplus: return try Primitives.softplus(x)
    case .elu: return try Primitives.elu(x)
    case .erf: return try Primitives.erf(x)
    case .expm1: return try Primitives.expm1(x)
    case .square: return try x * x
    case .reciprocal: return try 1 / x
    default: return .plain(try NNSTensor.unary(op, x.value))
    }
  }

  /// Applies a broadcasting binary operation; comparisons give a constant `bool` tensor.
  /// - Throws: `OP: shapes [A] and [B] cannot broadcast` and other kernel errors.
  public static func binary(_ op: BinaryOp, _ a: DVal, _ b: DVal) throws -> DVal {
    switch op {
    case .add: return try Primitives.add(a, b)
    case .sub: return try Primitives.sub(a, b)
    case .mul: return try Primitives.mul(a, b)
    case .div: return try Primitives.div(a, b)
    case .mod: return try Primitives.mod(a, b)
    case .pow: return try Primitives.pow(a, b)
    case .maximum: return try Primitives.maximum(a, b)
    case .minimum: return try Primitives.minimum(a, b)
    default: return .plain(try NNSTensor.binary(op, a.value, b.value))
    }
  }

  /// `leaky_relu(x, slope)`.
  public static func leakyRelu(_ x: DVal, slope: Double) throws -> DVal {
    var a = Attrs()
    a.scalar = slope
    return try Primitives.leakyRelu(x, a)
  }

  /// `where(cond, a, b)`: a where cond is true, else b (broadcasting); cond is a constant.
  public static func `where`(_ cond: DVal, _ a: DVal, _ b: DVal) throws -> DVal {
    if case .plain(let c) = cond, case .plain(let x) = a, case .plain(let y) = b {
      return .plain(try whereSelect(c, x, y))
    }
    return try Primitives.where([cond.constant, a, b])
  }

  /// `clamp(x, lo, hi)`.
  public static func clamp(_ x: DVal, _ lo: DVal, _ hi: DVal) throws -> DVal {
    if case .plain(let t) = x, case .plain(let l) = lo, case .plain(let h) = hi {
      return .plain(try NNSTensor.clamp(t, l, h))
    }
    return try Primitives.clamp([x, lo, hi])
  }

  /// Converts to `dtype` (`f32` or `f64`); differentiable.
  public static func cast(_ x: DVal, _ dtype: DType) throws -> DVal {
    if x.dtype == dtype { return x }
    var a = Attrs()
    a.dtype = dtype
    return try Primitives.cast(x, a)
  }

  /// `stop_gradient(x)`: x's value as a constant at every level.
  public static func stopGradient(_ x: DVal) -> DVal { x.constant }

  /// A reduction over `axes` (nil: all); `std` is `sqrt(var)`.
  /// - Throws: an axis out of range, and other kernel errors.
  public static func reduce(
    _ op: ReduceOp, _ x: DVal, axes: [Int]?, keepdims: Bool = false, ddof: Int = 0
  ) throws -> DVal {
    var a = Attrs()
    a.axes = axes
    a.keepdims = keepdims
    a.scalar = Double(ddof)
    switch op {
    case .sum: return try Primitives.sum(x, a)
    case .mean: return try Primitives.mean(x, a)
    case .max: return try Primitives.max(x, a)
    case .min: return try Primitives.min(x, a)
    case .prod: return try Primitives.prod(x, a)
    case .variance: return try Primitives.variance(x, a)
    case .std: return try Primitives.sqrt(Primitives.variance(x, a))
    case .logsumexp: return try Primitives.logsumexp(x, a)
    }
  }

  /// `sum(x, axes, keepdims)`.
  public static func sum(_ x: DVal, axes: [Int]? = nil, keepdims: Bool = false) throws -> DVal {
    try reduce(.sum, x, axes: axes, keepdims: keepdims)
  }

  /// `mean(x, axes, keepdims)`.
  public static func mean(_ x: DVal, axes: [Int]? = nil, keepdims: Bool = false) throws -> DVal {
    try reduce(.mean, x, axes: axes, keepdims: keepdims)
  }

  /// `norm(x, p, axes, keepdims)`; gradient 0 at the zero vector.
  public static func norm(
    _ x: DVal, p: Double = 2, axes: [Int]? = nil, keepdims: Bool = false
  ) throws -> DVal {
    var a = Attrs()
    a.scalar = p
    a.axes = axes
    a.keepdims = keepdims
    return try Primitives.norm(x, a)
  }
}
