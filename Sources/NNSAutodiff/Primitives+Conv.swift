import NNSTensor

/// Convolutions: the forward map and the two linear maps of its backward pass, each a
/// primitive whose VJP is written with the other two, so derivatives of every order stay
/// convolutions (im2col + BLAS, no per-element graph).
///
/// With `B(x, w, dy) = sum(conv(x, w) * dy)` (linear in each argument):
/// `conv_input_grad(dy, w) = dB/dx` and `conv_weight_grad(x, dy) = dB/dw`. A cotangent `g` of
/// `conv_input_grad` pairs as `B(g, w, dy)`, one of `conv_weight_grad` as `B(x, g, dy)`.
extension Primitives {
  /// `conv(x, w)`; vjp: `conv_input_grad(grad, w)` to x, `conv_weight_grad(x, grad)` to w.
  public static let conv: Primitive = Primitive(
    "conv", .binary { x, w, a in try convForward(x, w, ConvGeometry(ints: a.ints)) }
  ) { a in
    let (x, w) = (a.inputs[0], a.inputs[1])
    return [
      a.needs[0] ? try Primitives.convInputGrad(a.grad, w, a.attrs) : nil,
      a.needs[1] ? try Primitives.convWeightGrad(x, a.grad, a.attrs) : nil,
    ]
  }

  /// `conv_input_grad(dy, w)` (a transposed convolution); vjp: `conv(grad, w)` to dy,
  /// `conv_weight_grad(grad, dy)` to w.
  public static let convInputGrad: Primitive = Primitive(
    "conv_input_grad",
    .binary { dy, w, a in try NNSTensor.convInputGrad(dy, w, ConvGeometry(ints: a.ints)) }
  ) { a in
    let (dy, w) = (a.inputs[0], a.inputs[1])
    return [
      a.needs[0] ? try Primitives.conv(a.grad, w, a.attrs) : nil,
      a.needs[1] ? try Primitives.convWeightGrad(a.grad, dy, a.attrs) : nil,
    ]
  }

  /// `conv_weight_grad(x, dy)`; vjp: `conv_input_grad(dy, grad)` to x, `conv(x, grad)` to dy.
  public static let convWeightGrad: Primitive = Primitive(
    "conv_weight_grad",
    .binary { x, dy, a in try NNSTensor.convWeightGrad(x, dy, ConvGeometry(ints: a.ints)) }
  ) { a in
    let (x, dy) = (a.inputs[0], a.inputs[1])
    return [
      a.needs[0] ? try Primitives.convInputGrad(dy, a.grad, a.attrs) : nil,
      a.needs[1] ? try Primitives.conv(x, a.grad, a.attrs) : nil,
    ]
  }
}

/// Layers built on the convolution primitives and on indexing.
extension AD {
  /// `conv1d` / `conv2d`: checks the shapes and parameters, then convolves.
  /// - Parameters:
  ///   - spatial: 1 or 2 (the op is `conv1d` or `conv2d`).
  ///   - stride, dilation: one value per spatial axis.
  /// - Throws: shape errors naming the op, both shapes and the axis.
  public static func conv(
    _ x: DVal, _ w: DVal, spatial: Int, stride: [Int], padding: ConvPadding, dilation: [Int]
  ) throws -> DVal {
    let g = try ConvGeometry(
      op: "conv\(spatial)d", spatial: spatial, x: x.shape, w: w.shape, stride: stride,
      padding: padding, dilation: dilation)
    var a = Attrs()
    a.ints = g.ints
    return try Primitives.conv(x, w, a)
  }

  /// `max_pool1d` / `max_pool2d`: the largest element of each window (padding counts as
  /// `-inf`); the gradient goes to the first largest element of each window.
  public static func maxPool(
    _ x: DVal, spatial: Int, kernel: [Int], stride: [Int], padding: [Int]
  ) throws -> DVal {
    let g = try ConvGeometry(
      pool: "max_pool\(spatial)d", spatial: spatial, x: x.shape, kernel: kernel,
      stride: stride, padding: padding)
    let idx = try maxPoolIndices(x.value, g)
    let flat = try reshape(x, [x.value.count])
    return try getIndex(flat, [.gather(idx)])
  }

  /// `avg_pool1d` / `avg_pool2d`: the mean of each window (no padding), as a convolution of
  /// each channel with a constant kernel of `1 / window size`.
  public static func avgPool(_ x: DVal, spatial: Int, kernel: [Int], stride: [Int]) throws
    -> DVal
  {
    let zero = [Int](repeating: 0, count: spatial)
    let g = try ConvGeometry(
      pool: "avg_pool\(spatial)d", spatial: spatial, x: x.shape, kernel: kernel,
      stride: stride, padding: zero)
    let dt = x.dtype.isFloat ? x.dtype : Tensor.defaultFloat
    let size = kernel.reduce(1, *)
    let w = try Tensor.full([1, 1] + kernel, 1 / Double(size), dtype: dt)
    let planes = try reshape(x, [g.n * g.cin, 1] + Array(x.shape.dropFirst(2)))
    var c = g
    (c.n, c.cin, c.cout) = (g.n * g.cin, 1, 1)
    var a = Attrs()
    a.ints = c.ints
    let y = try Primitives.conv(planes, .plain(w), a)
    return try reshape(y, [g.n, g.cin] + Array(y.shape.dropFirst(2)))
  }

  /// `layer_norm(x, axes, eps)`: `(x - mean) / sqrt(var + eps)` over `axes` (var divides by n).
  public static func layerNorm(_ x: DVal, axes: [Int], eps: Double) throws -> DVal {
    let mu = try mean(x, axes: axes, keepdims: true)
    let xc = try x - mu
    let v = try mean(xc * xc, axes: axes, keepdims: true)
    let e = DVal.scalar(eps, dtype: x.floatDType)
    return try xc / Primitives.sqrt(v + e)
  }
}
