import NNSTensor

/// Fused neural-network primitives (numerically stable kernels).
extension Primitives {
  /// `softmax(x, axis) = exp(x) / sum(exp(x), axis)`;
  /// vjp: `result * (grad - sum(grad * result, axis))`.
  public static let softmax: Primitive = Primitive(
    "softmax", .unary { x, a in try NNSTensor.softmax(x, axis: a.axis) }
  ) { a in
    let r = a.result
    return [try r * (a.grad - AD.sum(a.grad * r, axes: [a.attrs.axis], keepdims: true))]
  }

  /// `log_softmax(x, axis) = x - logsumexp(x, axis)`;
  /// vjp: `grad - exp(result) * sum(grad, axis)`.
  public static let logSoftmax: Primitive = Primitive(
    "log_softmax", .unary { x, a in try NNSTensor.logSoftmax(x, axis: a.axis) }
  ) { a in
    let s = try AD.sum(a.grad, axes: [a.attrs.axis], keepdims: true)
    return [try a.grad - Primitives.exp(a.result) * s]
  }

  /// `cross_entropy(z, y) = -mean over rows of sum(Y * log_softmax(z))`, `Y` the one-hot rows
  /// of index labels or the given probability rows; vjp:
  /// `grad * (softmax(z) * sum(Y) - Y) / n` to z, `-grad * log_softmax(z) / n` to Y.
  public static let crossEntropy: Primitive = Primitive(
    "cross_entropy", .binary { z, y, _ in try NNSTensor.crossEntropy(z, y) }
  ) { a in
    let (z, y) = (a.inputs[0], a.inputs[1])
    let k = z.shape.last ?? 1
    let n = Double(Swift.max(z.count / Swift.max(k, 1), 1))
    let axis = z.rank - 1
    let rows: DVal
    if y.rank == z.rank {
      rows = y
    } else {
      rows = .plain(try oneHot(y.value, k, dtype: z.floatDType))
    }
    var gz: DVal? = nil
    var gy: DVal? = nil
    if a.needs[0] {
      var p = try AD.softmax(z, axis: axis)
      if y.rank == z.rank {  // probability rows need not sum to 1
        p = try p * AD.sum(rows, axes: [axis], keepdims: true)
      }
      gz = try (p - rows) * (a.grad / n)
    }
    if a.needs[1] && y.rank == z.rank {
      gy = try -(a.grad * AD.logSoftmax(z, axis: axis)) / n
    }
    return [gz, gy]
  }

  /// `bce_with_logits(z, y) = mean(max(z, 0) - z * y + log(1 + exp(-|z|)))`;
  /// vjp: `grad * (sigmoid(z) - y) / n` to z, `-grad * z / n` to y.
  public static let bceWithLogits: Primitive = Primitive(
    "bce_with_logits", .binary { z, y, _ in try NNSTensor.bceWithLogits(z, y) }
  ) { a in
    let (z, y) = (a.inputs[0], a.inputs[1])
    let n = Double(Swift.max(z.count, 1))  // z and y have one shape
    return [
      a.needs[0] ? try a.grad * (Primitives.sigmoid(z) - y) / n : nil,
      a.needs[1] ? try -(a.grad * z) / n : nil,
    ]
  }
}
