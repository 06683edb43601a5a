import NNSTensor

extension Builtins {
  /// Makes a reduction builtin with `axis:` and `keepdims:`.
  static func reduction(_ name: String, _ op: ReduceOp, doc: String, example: String) -> Builtin {
    let b = Builtin(
      name, [.req("x"), .opt("axis", "none"), .opt("keepdims", "false")],
      doc: doc + " axis: a number or a list (all axes by default); keepdims: keep reduced "
        + "axes as size 1.", example: example
    ) { a in
      try TensorOps.reduce(
        op, try a.numeric(0), axes: try a.axes(1), keepdims: try a.bool(2, default: false))
    }
    b.fast1 = { x in
      guard x.isNumeric else {
        throw RuntimeError("\(name): x must be a tensor, got \(x.kindName)")
      }
      return try TensorOps.reduce(op, x, axes: nil, keepdims: false)
    }
    return b
  }

  /// Makes `var`/`std` (with `ddof:`).
  static func spread(_ name: String, _ op: ReduceOp, doc: String) -> Builtin {
    Builtin(
      name, [.req("x"), .opt("axis", "none"), .opt("keepdims", "false"), .opt("ddof", "0")],
      doc: doc + " Divides by n - ddof (n by default, as numpy); NaN when n - ddof <= 0.",
      example: "\(name)([1, 2, 3, 4], ddof: 1)"
    ) { a in
      try TensorOps.reduce(
        op, try a.numeric(0), axes: try a.axes(1), keepdims: try a.bool(2, default: false),
        ddof: a.has(3) ? try a.int(3) : 0)
    }
  }

  /// Reduction builtins.
  static var reductions: [Builtin] {
    [
      reduction(
        "sum", .sum, doc: "The sum of the elements.", example: "sum([[1, 2], [3, 4]], axis: 0)"),
      reduction("mean", .mean, doc: "The mean of the elements.", example: "mean([1, 2, 3, 4])"),
      reduction(
        "max", .max, doc: "The largest element.", example: "max([[1, 5], [3, 2]], axis: 1)"),
      reduction("min", .min, doc: "The smallest element.", example: "min([3, 1, 2])"),
      reduction("prod", .prod, doc: "The product of the elements.", example: "prod([1, 2, 3, 4])"),
      spread("var", .variance, doc: "The variance of the elements."),
      spread("std", .std, doc: "The standard deviation of the elements."),
      reduction(
        "logsumexp", .logsumexp, doc: "log(sum(exp(x))), computed stably.",
        example: "logsumexp([1000, 1000])"),
      Builtin(
        "norm", [.req("x"), .opt("p", "2"), .opt("axis", "none"), .opt("keepdims", "false")],
        doc: "The p-norm (sum(abs(x)^p))^(1/p) of the elements (2 by default).",
        example: "norm([3, 4])"
      ) { a in
        try TensorOps.norm(
          try a.numeric(0), p: a.has(1) ? try a.double(1) : 2, axes: try a.axes(2),
          keepdims: try a.bool(3, default: false))
      },
      Builtin(
        "argmax", [.req("x"), .opt("axis", "none"), .opt("keepdims", "false")],
        doc: "The i64 index of the largest element (of the flattened tensor, or along axis).",
        example: "argmax([[1, 5], [7, 2]], axis: 1)"
      ) { a in
        Value(
          try NNSTensor.argmax(
            try a.tensor(0), axis: try a.optionalInt(1), keepdims: try a.bool(2, default: false)))
      },
      Builtin(
        "argmin", [.req("x"), .opt("axis", "none"), .opt("keepdims", "false")],
        doc: "The i64 index of the smallest element (of the flattened tensor, or along axis).",
        example: "argmin([3, 1, 2])"
      ) { a in
        Value(
          try NNSTensor.argmin(
            try a.tensor(0), axis: try a.optionalInt(1), keepdims: try a.bool(2, default: false)))
      },
    ]
  }
}
