#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSAutodiff
import NNSTensor

/// Layers of SPEC §11: convolutions, pooling, layer normalisation, dropout and sampling.
extension Builtins {
  static var layers: [Builtin] {
    let convParams: [Param] = [
      .req("x"), .req("w"), .opt("stride", "1"), .opt("padding", "0"), .opt("dilation", "1"),
    ]
    return [
      Builtin(
        "conv1d", convParams,
        doc: "The 1-D convolution (cross-correlation, as PyTorch) of x [n, c_in, l] with "
          + "weights w [c_out, c_in, k]: shape [n, c_out, l_out], l_out = floor((l + 2 padding "
          + "- dilation (k - 1) - 1) / stride) + 1. padding: \"same\" (stride 1) keeps the "
          + "length. No bias: add one yourself.",
        example: "conv1d(reshape(arange(5), [1, 1, 5]), ones(1, 1, 2))   # [[[1, 3, 5, 7]]]"
      ) { a in try Layers.conv(a, spatial: 1) },
      Builtin(
        "conv2d", convParams,
        doc: "The 2-D convolution (cross-correlation, as PyTorch) of x [n, c_in, h, w] with "
          + "weights w [c_out, c_in, kh, kw]: shape [n, c_out, h_out, w_out]. stride, padding "
          + "and dilation are a number or one per spatial axis; padding: \"same\" (stride 1) "
          + "keeps the size (odd extra padding goes after). No bias: add "
          + "reshape(b, [1, -1, 1, 1]).",
        example: "conv2d(ones(1, 1, 4, 4), ones(2, 1, 3, 3), padding: 1).shape   # [1, 2, 4, 4]"
      ) { a in try Layers.conv(a, spatial: 2) },
      Builtin(
        "max_pool1d", [.req("x"), .req("k"), .opt("stride", "k")],
        doc: "The largest value of each window of k along the last axis of x [n, c, l]; the "
          + "gradient goes to the first largest element of each window.",
        example: "max_pool1d(reshape([1, 3, 2, 5], [1, 1, 4]), 2)   # [[[3, 5]]]"
      ) { a in try Layers.pool(a, spatial: 1, max: true) },
      Builtin(
        "avg_pool1d", [.req("x"), .req("k"), .opt("stride", "k")],
        doc: "The mean of each window of k along the last axis of x [n, c, l].",
        example: "avg_pool1d(reshape([1, 3, 2, 5], [1, 1, 4]), 2)   # [[[2, 3.5]]]"
      ) { a in try Layers.pool(a, spatial: 1, max: false) },
      Builtin(
        "max_pool2d", [.req("x"), .req("k"), .opt("stride", "k"), .opt("padding", "0")],
        doc: "The largest value of each k x k window (k a number or a pair) of x [n, c, h, w], "
          + "padding with -inf (at most half the window); the gradient goes to the first "
          + "largest element of each window.",
        example: "max_pool2d(reshape(arange(16), [1, 1, 4, 4]), 2)   # [[[[5, 7], [13, 15]]]]"
      ) { a in try Layers.pool(a, spatial: 2, max: true) },
      Builtin(
        "avg_pool2d", [.req("x"), .req("k"), .opt("stride", "k")],
        doc: "The mean of each k x k window (k a number or a pair) of x [n, c, h, w].",
        example: "avg_pool2d(reshape(arange(16), [1, 1, 4, 4]), 2)   # [[[[2.5, 4.5], ...]]]"
      ) { a in try Layers.pool(a, spatial: 2, max: false) },
      Builtin(
        "layer_norm", [.req("x"), .opt("axis", "-1"), .opt("eps", "1e-5")],
        doc: "(x - mean) / sqrt(var + eps) over axis (a number or a list; var divides by n). "
          + "No scale or shift of its own: multiply and add parameters yourself. "
          + "layer_norm(x, axis: 0) is batch normalisation's training-mode step.",
        example: "layer_norm([1, 2, 3])   # [-1.2247356, 0, 1.2247356]"
      ) { a in try Layers.layerNorm(a) },
      Builtin(
        "dropout", [.req("x"), .req("p"), .opt("train", "true")],
        doc: "Zeroes each element of x with probability p (the session's random generator) and "
          + "scales the rest by 1 / (1 - p); train: false or p: 0 returns x.",
        example: "dropout(ones(8), 0.5)   # zeros and 2s"
      ) { a in try Layers.dropout(a) },
      Builtin(
        "categorical", [.req("logits"), .opt("n", "none")],
        doc: "Samples class indices (i64) from softmax(logits) along the last axis with the "
          + "session's random generator; the result has the logits' shape without the last "
          + "axis, plus a trailing axis of n samples when n is given. Not differentiable.",
        example: "categorical(log([0.1, 0.2, 0.7]), n: 5)"
      ) { a in try Layers.categorical(a) },
    ]
  }
}

/// The argument handling and sampling behind the layer builtins.
enum Layers {
  /// A number or one number per spatial axis.
  static func perAxis(_ a: Arguments, _ i: Int, spatial: Int, default d: Int) throws -> [Int] {
    guard a.has(i) else { return [Int](repeating: d, count: spatial) }
    let v = try a.intList(i)
    return v.count == 1 ? [Int](repeating: v[0], count: spatial) : v
  }

  /// `conv1d` and `conv2d`.
  static func conv(_ a: Arguments, spatial: Int) throws -> Value {
    let x = try a.numeric(0)
    let w = try a.numeric(1)
    let stride = try perAxis(a, 2, spatial: spatial, default: 1)
    let dilation = try perAxis(a, 4, spatial: spatial, default: 1)
    let padding: ConvPadding
    if case .string(let s) = a[3] {
      switch s {
      case "same": padding = .same
      case "valid": padding = .explicit([Int](repeating: 0, count: spatial))
      default:
        throw RuntimeError(
          "\(a.op): padding must be a number, \(spatial) numbers, \"same\" or \"valid\", got "
            + "\"\(s)\"")
      }
    } else {
      padding = .explicit(try perAxis(a, 3, spatial: spatial, default: 0))
    }
    return try TensorOps.checked(
      AD.conv(
        x.dval, w.dval, spatial: spatial, stride: stride, padding: padding, dilation: dilation))
  }

  /// `max_pool1d`, `max_pool2d`, `avg_pool1d`, `avg_pool2d`.
  static func pool(_ a: Arguments, spatial: Int, max: Bool) throws -> Value {
    let x = try a.numeric(0)
    let k = try perAxis(a, 1, spatial: spatial, default: 1)
    let stride = a.has(2) ? try perAxis(a, 2, spatial: spatial, default: 1) : k
    if max {
      let padding = try perAxis(a, 3, spatial: spatial, default: 0)
      return try TensorOps.checked(
        AD.maxPool(x.dval, spatial: spatial, kernel: k, stride: stride, padding: padding))
    }
    return try TensorOps.checked(AD.avgPool(x.dval, spatial: spatial, kernel: k, stride: stride))
  }

  /// `layer_norm(x, axis:, eps:)`.
  static func layerNorm(_ a: Arguments) throws -> Value {
    let x = try a.numeric(0)
    let rank = x.shape?.count ?? 0
    let given = a.has(1) ? try a.intList(1) : [-1]
    guard !given.isEmpty else { throw RuntimeError("layer_norm: axis must name an axis") }
    var axes: [Int] = []
    for g in given {
      let ax = try normalizeAxis(g, rank: rank, op: "layer_norm")
      guard !axes.contains(ax) else {
        throw RuntimeError("layer_norm: axis \(g) is given twice")
      }
      axes.append(ax)
    }
    let eps = a.has(2) ? try a.double(2) : 1e-5
    guard eps >= 0 else {
      throw RuntimeError("layer_norm: eps must be non-negative, got \(NumberFormat.shortest(eps))")
    }
    return try TensorOps.checked(AD.layerNorm(x.dval, axes: axes, eps: eps))
  }

  /// `dropout(x, p, train:)`.
  static func dropout(_ a: Arguments) throws -> Value {
    let x = try a.numeric(0)
    let p = try a.double(1)
    guard p >= 0 && p <= 1 else {
      let shown = a[1].dtype == .f32 ? "\(Float(p))" : NumberFormat.shortest(p)
      throw RuntimeError("dropout: p must be between 0 and 1, got \(shown)")
    }
    let train = try a.bool(2, default: true)
    if !train || p == 0 { return x }
    let dt = (x.dtype?.isFloat ?? false) ? x.dtype ?? Tensor.defaultFloat : Tensor.defaultFloat
    let u = try a.interpreter.rng.uniform(x.shape ?? [], dtype: dt)
    let scale = p == 1 ? 0 : 1 / (1 - p)
    let keep = try binary(.ge, u, Tensor(scalar: p, dtype: dt))
    let mask = try binary(.mul, keep.cast(dt), Tensor(scalar: scale, dtype: dt))
    return try TensorOps.binary(.mul, x, Value(mask))
  }

  /// `categorical(logits, n:)`: inverse-CDF sampling of each row's softmax in f64.
  static func categorical(_ a: Arguments) throws -> Value {
    let logits = try a.tensor(0)
    guard let k = logits.shape.last else {
      throw RuntimeError(
        "categorical: logits must have an axis of classes, got shape \(shapeString(logits.shape))")
    }
    guard k > 0 else {
      throw RuntimeError(
        "categorical: logits of shape \(shapeString(logits.shape)) have no classes (the last "
          + "axis is empty)")
    }
    let n = try a.optionalInt(1)
    if let n, n < 0 { throw RuntimeError("categorical: n must be non-negative, got \(n)") }
    let draws = n ?? 1
    let rows = logits.count / k
    let shape = Array(logits.shape.dropLast()) + (n.map { [$0] } ?? [])
    let total = try Tensor.checkedCount(shape, dtype: .i64, op: "categorical")
    let values = logits.toDoubles()
    let u = try a.interpreter.rng.uniform([total], dtype: .f64).toDoubles()
    var out = [Int64](repeating: 0, count: total)
    var cum = [Double](repeating: 0, count: k)
    for r in 0..<rows {
      let row = values[(r * k)..<(r * k + k)]
      if row.contains(where: { $0.isNaN }) {
        throw RuntimeError("categorical: logits contain NaN")
      }
      let m = row.max() ?? 0
      guard m > -.infinity else {
        throw RuntimeError("categorical: a row of logits is all -inf (no class has probability)")
      }
      var s = 0.0
      for (i, v) in row.enumerated() {
        s += m == .infinity ? (v == .infinity ? 1 : 0) : exp(v - m)
        cum[i] = s
      }
      for d in 0..<draws {
        let t = u[r * draws + d] * s
        var (lo, hi) = (0, k - 1)
        while lo < hi {  // the first class whose cumulative sum exceeds t
          let mid = (lo + hi) / 2
          if cum[mid] > t { hi = mid } else { lo = mid + 1 }
        }
        out[r * draws + d] = Int64(lo)
      }
    }
    return Value(try Tensor(shape: shape, int64s: out))
  }
}
