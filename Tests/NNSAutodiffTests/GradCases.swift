import NNSAutodiff
import NNSTensor

private func I(_ shape: [Int], _ d: Domain = .normal, diff: Bool = true) -> Input {
  Input(shape: shape, domain: d, differentiate: diff)
}

private func c(
  _ name: String, _ label: String, _ inputs: [Input], _ f: @escaping ([DVal]) throws -> DVal
) -> GradCase {
  GradCase(name: name, label: label, inputs: inputs, f: f)
}

/// A constant tensor of f64 values.
func T(_ shape: [Int], _ v: [Double]) -> DVal {
  (try? Tensor(shape: shape, values: v, dtype: .f64)).map(DVal.plain)
    ?? .plain(Tensor(scalar: .nan, dtype: .f64))
}

/// A constant bool tensor.
func B(_ shape: [Int], _ v: [Bool]) -> Tensor {
  (try? Tensor(shape: shape, bools: v)) ?? Tensor(bool: false)
}

private func attrs(_ body: (inout Attrs) -> Void) -> Attrs {
  var a = Attrs()
  body(&a)
  return a
}

private func unaryCases(_ p: Primitive, _ d: Domain = .normal) -> [GradCase] {
  [
    c(p.name, "[2,3]", [I([2, 3], d)]) { try p($0[0]) },
    c(p.name, "scalar", [I([], d)]) { try p($0[0]) },
  ]
}

/// Finite-difference cases for every primitive in `Primitives.all`, by primitive name.
enum GradCases {
  static let elementwise: [GradCase] =
    unaryCases(Primitives.neg) + unaryCases(Primitives.exp)
    + unaryCases(Primitives.log, .uniform(0.3, 3)) + unaryCases(Primitives.log1p, .uniform(-0.5, 3))
    + unaryCases(Primitives.sqrt, .uniform(0.3, 3)) + unaryCases(Primitives.abs, .awayFromZero)
    + unaryCases(Primitives.sin) + unaryCases(Primitives.cos)
    + unaryCases(Primitives.tan, .uniform(-1.2, 1.2)) + unaryCases(Primitives.tanh)
    + unaryCases(Primitives.sigmoid) + unaryCases(Primitives.relu, .awayFromZero)
    + unaryCases(Primitives.gelu) + unaryCases(Primitives.erf) + unaryCases(Primitives.expm1)
    + unaryCases(Primitives.softplus) + unaryCases(Primitives.elu, .awayFromZero)
    + [
      c("leaky_relu", "slope 0.1", [I([2, 3], .awayFromZero)]) {
        try AD.leakyRelu($0[0], slope: 0.1)
      },
      c("cast", "f64 -> f64", [I([3])]) {
        try Primitives.cast($0[0], attrs { $0.dtype = .f64 })
      },
      c("+", "[2,3] + [3]", [I([2, 3]), I([3])]) { try $0[0] + $0[1] },
      c("+", "[2,1] + [1,3]", [I([2, 1]), I([1, 3])]) { try $0[0] + $0[1] },
      c("-", "[2,3] - [2,1]", [I([2, 3]), I([2, 1])]) { try $0[0] - $0[1] },
      c("-", "scalar - [3]", [I([]), I([3])]) { try $0[0] - $0[1] },
      c("*", "[2,3] * [2,1]", [I([2, 3]), I([2, 1])]) { try $0[0] * $0[1] },
      c("*", "[4] * scalar", [I([4]), I([])]) { try $0[0] * $0[1] },
      c("/", "[2,3] / [3]", [I([2, 3]), I([3], .uniform(0.5, 2))]) { try $0[0] / $0[1] },
      c("%", "positive", [I([2, 3], .uniform(0.1, 0.9)), I([3], .uniform(1.5, 2))]) {
        try AD.binary(.mod, $0[0], $0[1])
      },
      c("%", "negative", [I([4], .uniform(-0.9, -0.1)), I([], .uniform(1.5, 2))]) {
        try AD.binary(.mod, $0[0], $0[1])
      },
      c("^", "[2,3] ^ [3]", [I([2, 3], .uniform(0.5, 2)), I([3])]) {
        try AD.binary(.pow, $0[0], $0[1])
      },
      c("^", "x ^ 3", [I([4])]) { try AD.binary(.pow, $0[0], T([], [3])) },
      c("maximum", "[2,3], [3]", [I([2, 3]), I([3])]) { try AD.binary(.maximum, $0[0], $0[1]) },
      c("minimum", "[2,3], [2,1]", [I([2, 3]), I([2, 1])]) {
        try AD.binary(.minimum, $0[0], $0[1])
      },
      c("where", "cond [2,3], a [2,3], b [3]", [I([2, 3]), I([3])]) {
        try AD.where(.plain(B([2, 3], [true, false, true, false, false, true])), $0[0], $0[1])
      },
      c(
        "clamp", "x, lo, hi tensors",
        [I([6], .uniform(-0.5, 0.5)), I([6], .uniform(-0.3, -0.1)), I([6], .uniform(0.1, 0.3))]
      ) {
        try AD.clamp($0[0], $0[1], $0[2])
      },
    ]

  static let reductions: [GradCase] = [
    c("sum", "all", [I([2, 3])]) { try AD.sum($0[0]) },
    c("sum", "axis 1", [I([2, 3, 2])]) { try AD.sum($0[0], axes: [1]) },
    c("sum", "axis -1 keepdims", [I([2, 3])]) { try AD.sum($0[0], axes: [-1], keepdims: true) },
    c("sum", "axes 0,2", [I([2, 3, 2])]) { try AD.sum($0[0], axes: [0, 2]) },
    c("mean", "all", [I([2, 3])]) { try AD.mean($0[0]) },
    c("mean", "axis -2 keepdims", [I([2, 3, 2])]) {
      try AD.mean($0[0], axes: [-2], keepdims: true)
    },
    c("max", "all", [I([2, 3])]) { try AD.reduce(.max, $0[0], axes: nil) },
    c("max", "axis 1 keepdims", [I([2, 4])]) {
      try AD.reduce(.max, $0[0], axes: [1], keepdims: true)
    },
    c("min", "axis 0", [I([3, 2])]) { try AD.reduce(.min, $0[0], axes: [0]) },
    c("min", "axis -1", [I([2, 3])]) { try AD.reduce(.min, $0[0], axes: [-1]) },
    c("prod", "all", [I([2, 3], .uniform(0.5, 1.5))]) { try AD.reduce(.prod, $0[0], axes: nil) },
    c("prod", "axis 1 keepdims", [I([2, 3])]) {
      try AD.reduce(.prod, $0[0], axes: [1], keepdims: true)
    },
    c("prod", "one zero per row", [I([2, 3])]) {
      try AD.reduce(.prod, $0[0] * T([2, 3], [1, 0, 1, 1, 1, 0]), axes: [1])
    },
    c("prod", "two zeros", [I([4])]) {
      try AD.reduce(.prod, $0[0] * T([4], [0, 1, 0, 1]), axes: nil)
    },
    c("var", "all", [I([2, 3])]) { try AD.reduce(.variance, $0[0], axes: nil) },
    c("var", "axis 0 ddof 1", [I([3, 2])]) { try AD.reduce(.variance, $0[0], axes: [0], ddof: 1) },
    c("logsumexp", "axis -1", [I([2, 3])]) { try AD.reduce(.logsumexp, $0[0], axes: [-1]) },
    c("logsumexp", "all keepdims", [I([2, 3])]) {
      try AD.reduce(.logsumexp, $0[0], axes: nil, keepdims: true)
    },
    c("norm", "p 2", [I([2, 3])]) { try AD.norm($0[0]) },
    c("norm", "p 2 axis 1", [I([2, 3])]) { try AD.norm($0[0], axes: [1]) },
    c("norm", "p 1", [I([4], .awayFromZero)]) { try AD.norm($0[0], p: 1) },
    c("norm", "p 3 keepdims", [I([2, 3], .awayFromZero)]) {
      try AD.norm($0[0], p: 3, axes: [-1], keepdims: true)
    },
    c("norm", "p inf", [I([5])]) { try AD.norm($0[0], p: .infinity) },
  ]

  static let shapes: [GradCase] = [
    c("reshape", "[2,3] -> [3,2]", [I([2, 3])]) { try AD.reshape($0[0], [3, 2]) },
    c("reshape", "-1", [I([2, 3])]) { try AD.reshape($0[0], [-1]) },
    c("transpose", "reverse", [I([2, 3])]) { try AD.transpose($0[0]) },
    c("transpose", "perm 1,2,0", [I([2, 3, 4])]) { try AD.transpose($0[0], [1, 2, 0]) },
    c("broadcast_to", "[3] -> [2,3]", [I([3])]) { try AD.broadcastTo($0[0], [2, 3]) },
    c("broadcast_to", "[2,1] -> [2,3]", [I([2, 1])]) { try AD.broadcastTo($0[0], [2, 3]) },
    c("sum_to", "[2,3] -> [3]", [I([2, 3])]) { try AD.sumTo($0[0], [3]) },
    c("sum_to", "[2,3] -> [2,1]", [I([2, 3])]) { try AD.sumTo($0[0], [2, 1]) },
    c("concat", "axis 0", [I([2, 3]), I([1, 3])]) { try AD.concat($0, axis: 0) },
    c("concat", "axis -1, three", [I([2, 1]), I([2, 3]), I([2, 2])]) {
      try AD.concat($0, axis: -1)
    },
    c("tile", "[2,3] reps [2,1,2]", [I([2, 3])]) { try AD.tile($0[0], [2, 1, 2]) },
    c("tile", "[3] reps [2]", [I([3])]) { try AD.tile($0[0], [2]) },
    c("index", "int", [I([3, 2])]) { try AD.getIndex($0[0], [.index(1)]) },
    c("index", "negative int, slice", [I([3, 4])]) {
      try AD.getIndex($0[0], [.index(-1), .slice(start: 1, stop: 3, step: nil)])
    },
    c("index", "slice step 2", [I([5, 2])]) {
      try AD.getIndex($0[0], [.slice(start: nil, stop: nil, step: 2)])
    },
    c("index", "gather repeats", [I([3, 2])]) {
      try AD.getIndex($0[0], [.gather(T([4], [0, 2, 2, 2]).value)])
    },
    c("index", "mask", [I([2, 3])]) {
      try AD.getIndex($0[0], [.mask(B([2, 3], [true, false, true, true, false, false]))])
    },
    c("index_add", "gather repeats", [I([3])]) {
      try AD.indexAdd(shape: [4], [.gather(T([3], [1, 1, 3]).value)], $0[0])
    },
    c("index_set", "row", [I([3, 2]), I([2])]) { try AD.setIndex($0[0], [.index(1)], $0[1]) },
    c("index_set", "slice, broadcast scalar", [I([4]), I([])]) {
      try AD.setIndex($0[0], [.slice(start: 1, stop: 3, step: nil)], $0[1])
    },
    // repeated positions: the last write wins, so earlier elements of v get no gradient
    c("index_set", "gather repeats, last write wins", [I([3]), I([4])]) {
      try AD.setIndex($0[0], [.gather(T([4], [2, 0, 2, 0]).value)], $0[1])
    },
    c("index_set", "gather repeated rows", [I([3, 2]), I([3, 2])]) {
      try AD.setIndex($0[0], [.gather(T([3], [1, -2, 0]).value)], $0[1])
    },
    c("index_set", "gather repeats, broadcast scalar", [I([3]), I([])]) {
      try AD.setIndex($0[0], [.gather(T([3], [1, 1, 2]).value)], $0[1])
    },
    c("index_set", "two gathers repeat a cell", [I([2, 3]), I([3])]) {
      try AD.setIndex(
        $0[0], [.gather(T([3], [1, 0, 1]).value), .gather(T([3], [2, 1, 2]).value)], $0[1])
    },
  ]

  static let linalgNN: [GradCase] = [
    c("@", "[3] @ [3]", [I([3]), I([3])]) { try AD.matmul($0[0], $0[1]) },
    c("@", "[2,3] @ [3]", [I([2, 3]), I([3])]) { try AD.matmul($0[0], $0[1]) },
    c("@", "[3] @ [3,2]", [I([3]), I([3, 2])]) { try AD.matmul($0[0], $0[1]) },
    c("@", "[2,3] @ [3,4]", [I([2, 3]), I([3, 4])]) { try AD.matmul($0[0], $0[1]) },
    c("@", "[2,2,3] @ [3,2]", [I([2, 2, 3]), I([3, 2])]) { try AD.matmul($0[0], $0[1]) },
    c("@", "[2,1,2,3] @ [3,3,2]", [I([2, 1, 2, 3]), I([3, 3, 2])]) {
      try AD.matmul($0[0], $0[1])
    },
    c("@", "[3] @ [2,3,2]", [I([3]), I([2, 3, 2])]) { try AD.matmul($0[0], $0[1]) },
    c("softmax", "axis -1", [I([2, 3])]) { try AD.softmax($0[0]) },
    c("softmax", "axis 0", [I([3, 2])]) { try AD.softmax($0[0], axis: 0) },
    c("log_softmax", "axis -1", [I([2, 3])]) { try AD.logSoftmax($0[0]) },
    c("log_softmax", "axis 0", [I([3, 2])]) { try AD.logSoftmax($0[0], axis: 0) },
    c("cross_entropy", "index labels", [I([4, 3])]) {
      try AD.crossEntropy($0[0], T([4], [0, 2, 1, 2]))
    },
    c("cross_entropy", "probability rows", [I([2, 3]), I([2, 3], .uniform(0.1, 1))]) {
      try AD.crossEntropy($0[0], $0[1])
    },
    c("bce_with_logits", "z and y", [I([2, 3]), I([2, 3], .uniform(0, 1))]) {
      try AD.bceWithLogits($0[0], $0[1])
    },
  ]

  /// Convolutions over random geometries (strides, asymmetric "same" padding, dilation) and
  /// the layers built on them; also checked to second order.
  static let layers: [GradCase] = {
    func conv(
      _ label: String, _ x: [Int], _ w: [Int], stride: [Int], padding: ConvPadding,
      dilation: [Int]
    ) -> [GradCase] {
      let spatial = x.count - 2
      func geometry() throws -> Attrs {
        let g = try ConvGeometry(
          op: "conv", spatial: spatial, x: x, w: w, stride: stride, padding: padding,
          dilation: dilation)
        var a = Attrs()
        a.ints = g.ints
        return a
      }
      let y = (try? geometry()).flatMap { try? ConvGeometry(ints: $0.ints).yShape } ?? []
      return [
        c("conv", label, [I(x), I(w)]) {
          try AD.conv(
            $0[0], $0[1], spatial: spatial, stride: stride, padding: padding, dilation: dilation)
        },
        c("conv_input_grad", label, [I(y), I(w)]) {
          try Primitives.convInputGrad($0[0], $0[1], geometry())
        },
        c("conv_weight_grad", label, [I(x), I(y)]) {
          try Primitives.convWeightGrad($0[0], $0[1], geometry())
        },
      ]
    }
    return conv("1d", [2, 2, 5], [3, 2, 2], stride: [1], padding: .explicit([0]), dilation: [1])
      + conv(
        "1d stride 2 pad 1 dil 2", [1, 2, 7], [2, 2, 3], stride: [2], padding: .explicit([1]),
        dilation: [2])
      + conv("1d same k 4", [1, 1, 5], [2, 1, 4], stride: [1], padding: .same, dilation: [1])
      + conv(
        "2d", [2, 2, 4, 4], [3, 2, 3, 3], stride: [1, 1], padding: .explicit([0, 0]),
        dilation: [1, 1])
      + conv(
        "2d stride (2,1) pad (1,2)", [1, 2, 5, 4], [2, 2, 3, 2], stride: [2, 1],
        padding: .explicit([1, 2]), dilation: [1, 1])
      + conv(
        "2d dilation (2,1) stride 3", [2, 1, 7, 6], [2, 1, 2, 3], stride: [3, 3],
        padding: .explicit([1, 0]), dilation: [2, 1])
      + conv(
        "2d same k (2,4) dil 2", [1, 2, 4, 5], [2, 2, 2, 4], stride: [1, 1], padding: .same,
        dilation: [2, 2])
      + [
        c("max_pool", "2d k 2", [I([2, 2, 4, 4])]) {
          try AD.maxPool($0[0], spatial: 2, kernel: [2, 2], stride: [2, 2], padding: [0, 0])
        },
        c("max_pool", "2d k 3 stride 2 pad 1", [I([1, 2, 5, 6])]) {
          try AD.maxPool($0[0], spatial: 2, kernel: [3, 3], stride: [2, 2], padding: [1, 1])
        },
        c("max_pool", "1d k 3 stride 1", [I([2, 1, 6])]) {
          try AD.maxPool($0[0], spatial: 1, kernel: [3], stride: [1], padding: [0])
        },
        c("avg_pool", "2d k (2,3)", [I([2, 2, 4, 6])]) {
          try AD.avgPool($0[0], spatial: 2, kernel: [2, 3], stride: [2, 3])
        },
        c("avg_pool", "1d k 3 stride 2", [I([1, 2, 7])]) {
          try AD.avgPool($0[0], spatial: 1, kernel: [3], stride: [2])
        },
        c("layer_norm", "axis -1", [I([3, 4])]) {
          try AD.layerNorm($0[0], axes: [1], eps: 1e-5)
        },
        c("layer_norm", "axes [0, 2]", [I([3, 2, 4])]) {
          try AD.layerNorm($0[0], axes: [0, 2], eps: 1e-3)
        },
      ]
  }()

  /// Operations built from primitives (no table entry of their own), checked the same way.
  static let derived: [GradCase] = [
    c("std", "axis 1", [I([2, 3])]) { try AD.reduce(.std, $0[0], axes: [1]) },
    c("stack", "axis 1", [I([2, 3]), I([2, 3])]) { try AD.stack($0, axis: 1) },
    c("split", "axis 1", [I([2, 4])]) {
      let parts = try AD.split($0[0], 2, axis: 1)
      return try parts[0] * parts[1]
    },
    c("squeeze", "axis 1", [I([2, 1, 3])]) { try AD.squeeze($0[0], axes: [1]) },
    c("expand_dims", "axis -1", [I([2, 3])]) { try AD.expandDims($0[0], axis: -1) },
    c("flatten", "[2,3]", [I([2, 3])]) { try AD.flatten($0[0]) },
    c("dot", "[2,2,3] . [2,3,2]", [I([2, 2, 3]), I([2, 3, 2])]) { try AD.dot($0[0], $0[1]) },
    c("dot", "[2,3] . [3,2]", [I([2, 3]), I([3, 2])]) { try AD.dot($0[0], $0[1]) },
    c("outer", "[2] x [3]", [I([2]), I([3])]) { try AD.outer($0[0], $0[1]) },
    c("mse", "[2,3]", [I([2, 3]), I([2, 3])]) { try AD.mse($0[0], $0[1]) },
    c("binary_cross_entropy", "p, y", [I([2, 3], .uniform(0.1, 0.9)), I([2, 3], .uniform(0, 1))]) {
      try AD.binaryCrossEntropy($0[0], $0[1])
    },
    c("square", "[3]", [I([3])]) { try AD.unary(.square, $0[0]) },
    c("reciprocal", "[3]", [I([3], .uniform(0.5, 2))]) { try AD.unary(.reciprocal, $0[0]) },
  ]

  /// Every primitive case, by primitive name.
  static let byName: [String: [GradCase]] = Dictionary(
    grouping: elementwise + reductions + shapes + linalgNN + arrays + layers, by: \.name)
}
