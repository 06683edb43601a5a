import NNSTensor

extension Builtins {
  /// A list argument of numeric values (for concat/stack).
  static func tensorList(_ a: Arguments, _ i: Int) throws -> [Value] {
    let items: [Value]
    switch a[i] {
    case .list(let l): items = l
    case .tensor(let t): items = try Iteration.items(.tensor(t))
    default:
      throw RuntimeError("\(a.op): expected a list of tensors, got \(a[i].kindName)")
    }
    guard !items.isEmpty else { throw RuntimeError("\(a.op): needs at least one tensor") }
    for v in items where !v.isNumeric {
      throw RuntimeError("\(a.op): expected a list of tensors, found a \(v.kindName)")
    }
    return items
  }

  /// Shape and linear-algebra builtins.
  static var shapes: [Builtin] {
    [
      Builtin(
        "reshape", [.req("x"), .rest("shape")],
        doc: "The elements of x in a new shape (separate numbers or one list; one -1 is "
          + "inferred).", example: "reshape(arange(6), 2, -1)"
      ) { a in try TensorOps.reshape(try a.numeric(0), try a.shape()) },
      Builtin(
        "transpose", [.req("x"), .rest("perm")],
        doc: "Permutes the axes (reverses them when no permutation is given), as x.T.",
        example: "transpose(zeros(2, 3, 4), [2, 0, 1]).shape"
      ) { a in try TensorOps.transpose(try a.numeric(0), a.rest.isEmpty ? nil : try a.shape()) },
      Builtin(
        "flatten", [.req("x")], doc: "The elements of x as a 1-D tensor.",
        example: "flatten([[1, 2], [3, 4]])"
      ) { a in try TensorOps.flatten(try a.numeric(0)) },
      Builtin(
        "squeeze", [.req("x"), .opt("axis", "none")],
        doc: "Removes size-1 axes (all of them, or the given ones).",
        example: "squeeze(zeros(1, 3, 1)).shape"
      ) { a in try TensorOps.squeeze(try a.numeric(0), axes: try a.axes(1)) },
      Builtin(
        "expand_dims", [.req("x"), .req("axis")], doc: "Inserts a size-1 axis at axis.",
        example: "expand_dims([1, 2], 0).shape"
      ) { a in try TensorOps.expandDims(try a.numeric(0), axis: try a.int(1)) },
      Builtin(
        "concat", [.req("list"), .opt("axis", "0")],
        doc: "Joins a list of tensors along an existing axis.",
        example: "concat([[1, 2], [3]])"
      ) { a in
        try TensorOps.concat(try tensorList(a, 0), axis: try a.optionalInt(1) ?? 0)
      },
      Builtin(
        "stack", [.req("list"), .opt("axis", "0")],
        doc: "Joins a list of equal-shape tensors along a new axis.",
        example: "stack([zeros(2), ones(2)])"
      ) { a in
        try TensorOps.stack(try tensorList(a, 0), axis: try a.optionalInt(1) ?? 0, dtype: nil)
      },
      Builtin(
        "split", [.req("x"), .req("sizes"), .opt("axis", "0")],
        doc: "Splits x along axis into a list of pieces: sizes is a number of equal parts, or "
          + "a list of piece lengths that add up to the axis length.",
        example: "split(arange(6), [1, 2, 3])"
      ) { a in
        let axis = try a.optionalInt(2) ?? 0
        switch a[1] {
        case .list, .tensor:
          return .list(
            try TensorOps.split(try a.numeric(0), sizes: try a.intList(1), axis: axis))
        default:
          return .list(try TensorOps.split(try a.numeric(0), sections: try a.int(1), axis: axis))
        }
      },
      Builtin(
        "broadcast_to", [.req("x"), .rest("shape")],
        doc: "x repeated along new or size-1 axes to the given shape (numpy broadcasting).",
        example: "broadcast_to([1, 2], 3, 2)"
      ) { a in try TensorOps.broadcastTo(try a.numeric(0), try a.shape()) },
      Builtin(
        "tile", [.req("x"), .rest("reps")],
        doc: "x repeated reps times along each axis.", example: "tile([1, 2], 3)"
      ) { a in try TensorOps.tile(try a.numeric(0), try a.shape()) },
      Builtin(
        "matmul", [.req("a"), .req("b")],
        doc: "The matrix product (the @ operator): numpy rules for rank 1 and batches.",
        example: "matmul(eye(2), [1, 2])"
      ) { a in try TensorOps.matmul(try a.numeric(0), try a.numeric(1)) },
      Builtin(
        "dot", [.req("a"), .req("b")], doc: "The dot product of two vectors.",
        example: "dot([1, 2], [3, 4])"
      ) { a in try TensorOps.dot(try a.numeric(0), try a.numeric(1)) },
      Builtin(
        "outer", [.req("a"), .req("b")], doc: "The outer product of two vectors.",
        example: "outer([1, 2], [3, 4])"
      ) { a in try TensorOps.outer(try a.numeric(0), try a.numeric(1)) },
    ]
  }

  /// Neural-net primitives.
  static var neural: [Builtin] {
    [
      Builtin(
        "softmax", [.req("x"), .opt("axis", "-1")],
        doc: "exp(x) / sum(exp(x)) along axis, computed stably.",
        example: "softmax([1, 2, 3])"
      ) { a in try TensorOps.softmax(try a.numeric(0), axis: try a.optionalInt(1) ?? -1) },
      Builtin(
        "log_softmax", [.req("x"), .opt("axis", "-1")],
        doc: "x - logsumexp(x) along axis, computed stably.",
        example: "log_softmax([1, 2, 3])"
      ) { a in try TensorOps.logSoftmax(try a.numeric(0), axis: try a.optionalInt(1) ?? -1) },
      Builtin(
        "cross_entropy", [.req("logits"), .req("labels")],
        doc: "The mean cross-entropy of rows of logits against class indices [n] or "
          + "probability rows [n, k]; stable for large logits.",
        example: "cross_entropy([[2, 0], [0, 2]], [0, 1])"
      ) { a in
        if let probe = a.interpreter.lossProbe { return try probe.capture(.scores, a[0]) }
        return try TensorOps.crossEntropy(try a.numeric(0), try a.numeric(1))
      },
      Builtin(
        "binary_cross_entropy", [.req("p"), .req("y")],
        doc: "The mean of -(y log p + (1 - y) log(1 - p)) for probabilities p and targets y of "
          + "the same shape (logs clamped at -100, as PyTorch).",
        example: "binary_cross_entropy([0.9, 0.2], [1, 0])"
      ) { a in
        if let probe = a.interpreter.lossProbe { return try probe.capture(.probability, a[0]) }
        return try TensorOps.binaryCrossEntropy(try a.numeric(0), try a.numeric(1))
      },
      Builtin(
        "bce_with_logits", [.req("z"), .req("y")],
        doc: "binary_cross_entropy(sigmoid(z), y) computed stably from logits z (mean); z "
          + "and y have the same shape.",
        example: "bce_with_logits([2, -1], [1, 0])"
      ) { a in
        if let probe = a.interpreter.lossProbe { return try probe.capture(.logit, a[0]) }
        return try TensorOps.bceWithLogits(try a.numeric(0), try a.numeric(1))
      },
      Builtin(
        "mse", [.req("a"), .req("b")],
        doc: "The mean squared difference of a and b, which must have the same shape (losses "
          + "never broadcast).",
        example: "mse([1, 2], [1, 4])"
      ) { a in try TensorOps.mse(try a.numeric(0), try a.numeric(1)) },
      Builtin(
        "one_hot", [.req("labels"), .req("n")],
        doc: "Rows of n zeros with a one at each label (labels are integers 0..n-1).",
        example: "one_hot([0, 2], 3)"
      ) { a in try TensorOps.oneHot(try a.numeric(0), try a.int(1)) },
    ]
  }
}
