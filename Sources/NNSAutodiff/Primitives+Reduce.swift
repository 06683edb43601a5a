import NNSTensor

/// Shorthand for a reduction entry (attrs: `axes`, `keepdims`, `scalar` = ddof).
private func reduceEntry(
  _ name: String, _ op: ReduceOp, vjp: @escaping (VJPArgs) throws -> [DVal?]
) -> Primitive {
  Primitive(
    name,
    .unary { x, a in try reduce(op, x, axes: a.axes, keepdims: a.keepdims, ddof: Int(a.scalar)) },
    vjp: vjp)
}

/// Reductions. Each VJP reshapes `grad` (and `result`) to the keepdims shape, then broadcasts
/// explicitly to the input's shape.
extension Primitives {
  /// `sum(x, axes)`; vjp: `broadcast_to(grad, shape of x)`.
  public static let sum: Primitive = reduceEntry("sum", .sum) { a in
    [try Rule.spread(a.grad, a.attrs, to: a.inputs[0], scale: 1)]
  }

  /// `mean(x, axes) = sum(x, axes) / n`; vjp: `broadcast_to(grad, shape of x) / n`.
  public static let mean: Primitive = reduceEntry("mean", .mean) { a in
    let x = a.inputs[0]
    let n = Double(Rule.reducedCount(x.shape, a.attrs.axes))
    return [try Rule.spread(a.grad, a.attrs, to: x, scale: 1 / n)]
  }

  /// `max(x, axes)`; vjp: `grad * (x == result) / count(x == result)` (ties split equally).
  public static let max: Primitive = reduceEntry("max", .max) { a in [try Rule.extremumVJP(a)] }

  /// `min(x, axes)`; vjp: `grad * (x == result) / count(x == result)` (ties split equally).
  public static let min: Primitive = reduceEntry("min", .min) { a in [try Rule.extremumVJP(a)] }

  /// `prod(x, axes)`; vjp: `grad * (product of the other elements)`: `result / x` when no
  /// element is 0, the product of the non-zero ones at a single 0, and 0 otherwise.
  public static let prod: Primitive = reduceEntry("prod", .prod) { a in
    let x = a.inputs[0]
    let attrs = a.attrs
    var keep = attrs
    keep.keepdims = true
    let isZero = try Rule.mask(.eq, x, 0, like: x)
    let zeros = try AD.sum(isZero, axes: attrs.axes, keepdims: true)
    let safe = try x + isZero  // zeros replaced by 1
    let nonzeroProd = try Primitives.prod(safe, keep)
    let r = try Rule.kept(a.result, attrs, input: x)
    let none = try Rule.mask(.eq, zeros, 0, like: x)
    let one = try Rule.mask(.eq, zeros, 1, like: x)
    let others = try none * (r / safe) + one * isZero * nonzeroProd
    return [try Rule.kept(a.grad, attrs, input: x) * others]
  }

  /// `var(x, axes, ddof) = sum((x - mean)^2) / (n - ddof)` (NaN when `n - ddof <= 0`);
  /// vjp: `grad * 2 * (x - mean(x)) / (n - ddof)` (NaN there too).
  public static let variance: Primitive = reduceEntry("var", .variance) { a in
    let x = a.inputs[0]
    let n = Double(Rule.reducedCount(x.shape, a.attrs.axes))
    let dof = n - a.attrs.scalar
    let centered = try x - AD.mean(x, axes: a.attrs.axes, keepdims: true)
    return [try Rule.kept(a.grad, a.attrs, input: x) * centered * (dof > 0 ? 2 / dof : .nan)]
  }

  /// `logsumexp(x, axes) = log(sum(exp(x)))` (stable); vjp: `grad * exp(x - result)`.
  public static let logsumexp: Primitive = reduceEntry("logsumexp", .logsumexp) { a in
    let x = a.inputs[0]
    let r = try Rule.kept(a.result, a.attrs, input: x)
    return [try Rule.kept(a.grad, a.attrs, input: x) * Primitives.exp(x - r)]
  }

  /// `norm(x, p, axes) = (sum |x|^p)^(1/p)` (`p = inf`: max |x|); vjp:
  /// `grad * sign(x) * |x|^(p-1) / result^(p-1)`, 0 where `result == 0`
  /// (p = 2: `grad * x / result`; p = inf: split between the ties of max |x|).
  public static let norm: Primitive = Primitive(
    "norm",
    .unary { x, a in try NNSTensor.norm(x, p: a.scalar, axes: a.axes, keepdims: a.keepdims) }
  ) { a in
    let x = a.inputs[0]
    let p = a.attrs.scalar
    let g = try Rule.kept(a.grad, a.attrs, input: x)
    let r = try Rule.kept(a.result, a.attrs, input: x)
    let live = try Rule.mask(.ne, r, 0, like: x)
    let safeR = try r + (1 - live)  // 1 where the norm is 0
    let sign = try Rule.const(x, like: x) { try unary(.sign, $0) }
    let dir: DVal
    if p == 2 {
      dir = try x / safeR
    } else if p == 1 {
      dir = sign
    } else if p.isInfinite {
      let hit = try Rule.mask(.eq, Primitives.abs(x), r, like: x)
      dir = try sign * hit / AD.sum(hit, axes: a.attrs.axes, keepdims: true)
    } else {
      dir =
        try sign * Primitives.pow(Primitives.abs(x) / safeR, .scalar(p - 1, dtype: x.floatDType))
    }
    return [try g * dir * live]
  }
}

extension Rule {
  /// `broadcast_to(grad * scale, shape of x)` for sum and mean. A constant one-element `grad`
  /// (the first-order case) becomes a filled contiguous tensor, which later kernels read
  /// faster than a stride-0 view.
  static func spread(_ g: DVal, _ attrs: Attrs, to x: DVal, scale: Double) throws -> DVal {
    if case .plain(let t) = g, t.count == 1 {
      let v = try t.scalarDouble() * scale
      return .plain(try Tensor.full(x.shape, v, dtype: t.dtype))
    }
    let b = try AD.broadcastTo(kept(g, attrs, input: x), x.shape)
    return scale == 1 ? b : try b * scale
  }

  /// The VJP of a max or min reduction: `grad` split equally between the elements equal to
  /// the result.
  static func extremumVJP(_ a: VJPArgs) throws -> DVal {
    let x = a.inputs[0]
    let r = try kept(a.result, a.attrs, input: x)
    let hit = try mask(.eq, x, r, like: a.grad)
    let count = try AD.sum(hit, axes: a.attrs.axes, keepdims: true)
    return try kept(a.grad, a.attrs, input: x) * hit / count
  }
}
