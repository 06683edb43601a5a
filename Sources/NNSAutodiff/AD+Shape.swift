import NNSTensor

/// Shape, indexing, linear-algebra and neural-network operations on `DVal`s.
extension AD {
  /// `reshape(x, shape)` (one -1 allowed).
  public static func reshape(_ x: DVal, _ shape: [Int]) throws -> DVal {
    if x.shape == shape { return x }
    var a = Attrs()
    a.ints = shape
    return try Primitives.reshape(x, a)
  }

  /// `transpose(x, perm)`; nil reverses the axes.
  public static func transpose(_ x: DVal, _ perm: [Int]? = nil) throws -> DVal {
    var a = Attrs()
    a.ints = perm ?? []
    return try Primitives.transpose(x, a)
  }

  /// `broadcast_to(x, shape)`.
  public static func broadcastTo(_ x: DVal, _ shape: [Int]) throws -> DVal {
    if x.shape == shape { return x }
    var a = Attrs()
    a.ints = shape
    return try Primitives.broadcastTo(x, a)
  }

  /// Sums `x` down to `shape`, undoing broadcasting (differentiable).
  public static func sumTo(_ x: DVal, _ shape: [Int]) throws -> DVal {
    if x.shape == shape { return x }
    var a = Attrs()
    a.ints = shape
    return try Primitives.sumTo(x, a)
  }

  /// `squeeze(x, axes)` (nil: every size-1 axis), as a reshape.
  public static func squeeze(_ x: DVal, axes: [Int]?) throws -> DVal {
    if case .plain(let t) = x { return .plain(try NNSTensor.squeeze(t, axes: axes)) }
    return try reshape(x, NNSTensor.squeeze(x.value, axes: axes).shape)
  }

  /// `expand_dims(x, axis)`, as a reshape.
  public static func expandDims(_ x: DVal, axis: Int) throws -> DVal {
    if case .plain(let t) = x { return .plain(try NNSTensor.expandDims(t, axis: axis)) }
    return try reshape(x, NNSTensor.expandDims(x.value, axis: axis).shape)
  }

  /// `flatten(x)`, as a reshape to one axis.
  public static func flatten(_ x: DVal) throws -> DVal { try reshape(x, [x.count]) }

  /// `concat(xs, axis)`.
  public static func concat(_ xs: [DVal], axis: Int = 0) throws -> DVal {
    var a = Attrs()
    a.axis = axis
    return try Primitives.concat(xs, a)
  }

  /// `stack(xs, axis)`: a new axis, then concat.
  /// - Throws: an empty list, unequal shapes or an axis out of range.
  public static func stack(_ xs: [DVal], axis: Int = 0) throws -> DVal {
    if !xs.contains(where: \.isLive) {
      return .plain(try NNSTensor.stack(xs.map(\.value), axis: axis))
    }
    guard let first = xs.first else { throw ADError("stack: expected a non-empty list") }
    for x in xs where x.shape != first.shape {
      throw ADError(
        "stack: shapes \(shapeString(first.shape)) and \(shapeString(x.shape)) differ")
    }
    let r = first.rank
    guard axis >= -(r + 1) && axis <= r else {
      throw ADError("stack: axis \(axis) out of range for rank \(r + 1)")
    }
    let ax = axis < 0 ? axis + r + 1 : axis
    return try concat(xs.map { try expandDims($0, axis: ax) }, axis: ax)
  }

  /// `split(x, n, axis)`: n equal slices along axis.
  /// - Throws: when the axis length is not divisible by n.
  public static func split(_ x: DVal, _ n: Int, axis: Int = 0) throws -> [DVal] {
    if case .plain(let t) = x {
      return try NNSTensor.split(t, sections: n, axis: axis).map(DVal.plain)
    }
    let r = x.rank
    guard axis >= -r && axis < r else {
      throw ADError("split: axis \(axis) out of range for shape \(shapeString(x.shape))")
    }
    let ax = axis < 0 ? axis + r : axis
    let len = x.shape[ax]
    guard n > 0 && len % n == 0 else {
      throw ADError("split: axis \(ax) of length \(len) cannot be split into \(n) equal parts")
    }
    let size = len / n
    let lead = [IndexItem](repeating: .slice(start: nil, stop: nil, step: nil), count: ax)
    return try (0..<n).map { i in
      try getIndex(x, lead + [.slice(start: i * size, stop: (i + 1) * size, step: 1)])
    }
  }

  /// `tile(x, reps)`.
  public static func tile(_ x: DVal, _ reps: [Int]) throws -> DVal {
    var a = Attrs()
    a.ints = reps
    return try Primitives.tile(x, a)
  }

  /// Any index read: integers, slices with steps, gathers (repeats accumulate in the
  /// gradient) and masks. Index tensors inside `items` are constants.
  public static func getIndex(_ x: DVal, _ items: [IndexItem]) throws -> DVal {
    var a = Attrs()
    a.items = items
    return try Primitives.getIndex(x, a)
  }

  /// An index write `x[items] = v` (v broadcasts), differentiable in both x and v.
  public static func setIndex(_ x: DVal, _ items: [IndexItem], _ v: DVal) throws -> DVal {
    var a = Attrs()
    a.items = items
    return try Primitives.setIndex(x, v, a)
  }

  /// Zeros of `shape` with `values` added where `getIndex` with `items` would read.
  public static func indexAdd(shape: [Int], _ items: [IndexItem], _ values: DVal) throws -> DVal {
    var a = Attrs()
    a.items = items
    a.ints = shape
    return try Primitives.indexAdd(values, a)
  }

  /// `a @ b` with numpy `matmul` rules.
  public static func matmul(_ a: DVal, _ b: DVal) throws -> DVal { try Primitives.matmul(a, b) }

  /// numpy `dot`: a product for scalars, `matmul` up to rank 2 (and for a rank-1 operand),
  /// else a sum over a's last axis and b's second-to-last.
  public static func dot(_ a: DVal, _ b: DVal) throws -> DVal {
    if case .plain(let x) = a, case .plain(let y) = b { return .plain(try NNSTensor.dot(x, y)) }
    if a.rank == 0 || b.rank == 0 { return try a * b }
    if a.rank <= 2 && b.rank <= 2 || a.rank == 1 || b.rank == 1 { return try matmul(a, b) }
    let k = a.shape[a.rank - 1]
    guard k == b.shape[b.rank - 2] else {
      throw ADError(
        "dot: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) do not "
          + "align (\(k) != \(b.shape[b.rank - 2]))")
    }
    let nb = b.rank
    let perm = [nb - 2] + Array(0..<(nb - 2)) + [nb - 1]
    let a2 = try reshape(a, [a.count / Swift.max(k, 1), k])
    let b2 = try reshape(transpose(b, perm), [k, b.count / Swift.max(k, 1)])
    let shape = Array(a.shape.dropLast()) + Array(b.shape.dropLast(2)) + [b.shape[nb - 1]]
    return try reshape(matmul(a2, b2), shape)
  }

  /// `outer(a, b)`: both flattened, `a[:, None] * b[None, :]`.
  public static func outer(_ a: DVal, _ b: DVal) throws -> DVal {
    if case .plain(let x) = a, case .plain(let y) = b { return .plain(try NNSTensor.outer(x, y)) }
    return try reshape(a, [a.count, 1]) * reshape(b, [1, b.count])
  }

  /// `softmax(x, axis)`.
  public static func softmax(_ x: DVal, axis: Int = -1) throws -> DVal {
    var a = Attrs()
    a.axis = axis
    return try Primitives.softmax(x, a)
  }

  /// `log_softmax(x, axis)`.
  public static func logSoftmax(_ x: DVal, axis: Int = -1) throws -> DVal {
    var a = Attrs()
    a.axis = axis
    return try Primitives.logSoftmax(x, a)
  }

  /// `cross_entropy(logits, labels)`: labels are class indices `[n]` or probability rows
  /// `[n, k]`; the mean over the batch.
  public static func crossEntropy(_ logits: DVal, _ labels: DVal) throws -> DVal {
    try Primitives.crossEntropy(logits, labels)
  }

  /// `bce_with_logits(z, y)`: mean binary cross-entropy on logits.
  public static func bceWithLogits(_ z: DVal, _ y: DVal) throws -> DVal {
    try Primitives.bceWithLogits(z, y)
  }

  /// `binary_cross_entropy(p, y) = -mean(y log p + (1 - y) log(1 - p))`, each log clamped
  /// at -100 as PyTorch does; `p` and `y` must have one shape (losses never broadcast).
  public static func binaryCrossEntropy(_ p: DVal, _ y: DVal) throws -> DVal {
    try checkLossShapes("binary_cross_entropy", p.shape, y.shape)
    let floor = DVal.scalar(-100, dtype: p.floatDType)
    let lp = try Primitives.maximum(Primitives.log(p), floor)
    let lq = try Primitives.maximum(Primitives.log1p(-p), floor)
    return try -mean(y * lp + (1 - y) * lq)
  }

  /// `mse(a, b) = mean((a - b)^2)`; `a` and `b` must have one shape (losses never broadcast).
  /// - Throws: `mse: prediction of shape [4,1] and target of shape [4] differ`.
  public static func mse(_ a: DVal, _ b: DVal) throws -> DVal {
    try checkLossShapes("mse", a.shape, b.shape)
    let d = try a - b
    return try mean(d * d)
  }
}
