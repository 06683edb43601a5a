import NNSTensor

extension Builtins {
  /// `pad`'s widths: one `[before, after]` pair for every axis, or one pair per axis from the
  /// first (a list of pairs or an `[n, 2]` tensor).
  static func padWidths(_ a: Arguments, rank: Int) throws -> [[Int]] {
    var v = a[1]
    if case .tracked(let t) = v { v = Value(t.value) }
    let bad = RuntimeError(
      "pad: widths must be a [before, after] pair or one pair per axis, got "
        + (v.shape.map { "shape " + shapeString($0) } ?? "a \(v.kindName)"))
    var rows: [[Int]]
    switch v {
    case .list(let items) where items.contains { !$0.isNumeric || ($0.shape?.count ?? 0) > 0 }:
      rows = try items.map { try Convert.intList($0, op: "pad", what: "widths") }
    case .tensor(let t) where t.rank == 2:
      rows = try (0..<t.shape[0]).map { i in
        try Convert.intList(
          Value(try NNSTensor.getIndex(t, [.index(i)])), op: "pad", what: "widths")
      }
    case .list, .tensor:
      rows = [try Convert.intList(v, op: "pad", what: "widths")]
      if rows[0].count == 2 { rows = Array(repeating: rows[0], count: rank) }
    default:
      throw bad
    }
    guard rows.allSatisfy({ $0.count == 2 }) else { throw bad }
    return rows
  }

  /// SPEC §11's array builtins.
  static var arrays: [Builtin] {
    [
      Builtin(
        "cumsum", [.req("x"), .opt("axis", "-1")],
        doc: "The running sum along axis (integers and bools give i64).",
        example: "cumsum([1, 2, 3, 4])"
      ) { a in try TensorOps.cumsum(try a.numeric(0), axis: try a.optionalInt(1) ?? -1) },
      Builtin(
        "flip", [.req("x"), .req("axis")],
        doc: "The elements in reverse order along axis (a number or a list of axes).",
        example: "flip([[1, 2], [3, 4]], 1)"
      ) { a in try TensorOps.flip(try a.numeric(0), axes: try a.intList(1)) },
      Builtin(
        "roll", [.req("x"), .req("shift"), .req("axis")],
        doc: "Shifts the elements by shift positions along axis; those pushed off the end "
          + "come back at the start.",
        example: "roll([1, 2, 3, 4], 1, 0)"
      ) { a in
        try TensorOps.roll(try a.numeric(0), shift: try a.int(1), axis: try a.int(2))
      },
      Builtin(
        "triu", [.req("x"), .opt("k", "0")],
        doc: "x with the elements below diagonal k of its last two axes set to zero (k > 0: "
          + "above the main diagonal).",
        example: "triu(ones(3, 3))"
      ) { a in
        try TensorOps.triangle(try a.numeric(0), k: try a.optionalInt(1) ?? 0, upper: true)
      },
      Builtin(
        "tril", [.req("x"), .opt("k", "0")],
        doc: "x with the elements above diagonal k of its last two axes set to zero (k < 0: "
          + "below the main diagonal).",
        example: "tril(ones(3, 3), k: -1)"
      ) { a in
        try TensorOps.triangle(try a.numeric(0), k: try a.optionalInt(1) ?? 0, upper: false)
      },
      Builtin(
        "diag", [.req("x")],
        doc: "A vector as the diagonal of a square matrix, or a matrix's main diagonal.",
        example: "diag([1, 2])"
      ) { a in try TensorOps.diag(try a.numeric(0)) },
      Builtin(
        "pad", [.req("x"), .req("widths"), .opt("value", "0")],
        doc: "x surrounded by value: widths is a [before, after] pair per axis from the "
          + "first, or one pair for every axis.",
        example: "pad([1, 2], [1, 2])"
      ) { a in
        let x = try a.numeric(0)
        let widths = try padWidths(a, rank: x.shape?.count ?? 0)
        return try TensorOps.pad(x, widths, value: a.has(2) ? try a.double(2) : 0)
      },
      Builtin(
        "sort", [.req("x"), .opt("axis", "-1"), .opt("descending", "false")],
        doc: "Each line along axis in ascending (or descending) order, NaN last (first when "
          + "descending); the gradient flows to the positions the values came from.",
        example: "sort([3, 1, 2])"
      ) { a in
        try TensorOps.sort(
          try a.numeric(0), axis: try a.optionalInt(1) ?? -1,
          descending: try a.bool(2, default: false))
      },
      Builtin(
        "argsort", [.req("x"), .opt("axis", "-1"), .opt("descending", "false")],
        doc: "The positions (i64) that sort x along axis; stable: equal values keep their "
          + "order. Not differentiable.",
        example: "argsort([3, 1, 2])"
      ) { a in
        Value(
          try NNSTensor.argsort(
            try a.tensor(0), axis: try a.optionalInt(1) ?? -1,
            descending: try a.bool(2, default: false)))
      },
      Builtin(
        "topk", [.req("x"), .req("k"), .opt("axis", "-1")],
        doc: "{values, indices}: the k largest values along axis in descending order and "
          + "their positions (i64); values are differentiable.",
        example: "topk([1, 5, 3, 4], 2)"
      ) { a in
        try TensorOps.topk(try a.numeric(0), try a.int(1), axis: try a.optionalInt(2) ?? -1)
      },
      Builtin(
        "einsum", [.req("subscripts"), .rest("operands")],
        doc: "numpy's einsum: letters name axes, a letter repeated across operands is summed "
          + "unless it is in the output after ->, implicit output (no ->) keeps the letters "
          + "used once in alphabetical order, a letter repeated in one operand takes a "
          + "diagonal, ... stands for leading axes. Differentiable.",
        example: "einsum(\"ij,jk->ik\", [[1, 2]], [[3], [4]])"
      ) { a in
        for (i, v) in a.rest.enumerated() where !v.isNumeric {
          throw RuntimeError("einsum: operand \(i) must be a tensor, got \(v.kindName)")
        }
        return try TensorOps.einsum(try a.string(0), a.rest)
      },
      Builtin(
        "any", [.req("x"), .opt("axis", "none")],
        doc: "Whether any element (over axis: a number or a list) is non-zero, as bool. Not "
          + "differentiable.",
        example: "any([0, 0, 1])"
      ) { a in Value(try NNSTensor.anyAll(try a.tensor(0), axes: try a.axes(1), all: false)) },
      Builtin(
        "all", [.req("x"), .opt("axis", "none")],
        doc: "Whether every element (over axis: a number or a list) is non-zero, as bool. Not "
          + "differentiable.",
        example: "all([[1, 0], [1, 1]], axis: 1)"
      ) { a in Value(try NNSTensor.anyAll(try a.tensor(0), axes: try a.axes(1), all: true)) },
    ]
  }
}
