// Shape operations that build new tensors: concat, stack, split and tile.

/// Joins tensors along an existing axis; the other axes must match.
///
/// The result dtype holds every input's values (bool stays bool only if all are bool).
/// - Throws: `TensorError` for an empty list, mismatched ranks or shapes, or a bad axis.
public func concat(_ xs: [Tensor], axis: Int) throws -> Tensor {
  guard let first = xs.first else { throw TensorError("concat: needs at least one tensor") }
  guard first.rank > 0 else { throw TensorError("concat: cannot concatenate rank-0 tensors") }
  let a = try normalizeAxis(axis, rank: first.rank, op: "concat")
  var dtype = first.dtype
  var total = 0
  for x in xs {
    guard x.rank == first.rank else {
      throw TensorError(
        "concat: shapes \(shapeString(first.shape)) and \(shapeString(x.shape)) differ in rank")
    }
    for i in 0..<x.rank where i != a && x.shape[i] != first.shape[i] {
      throw TensorError(
        "concat: shapes \(shapeString(first.shape)) and \(shapeString(x.shape)) differ "
          + "outside axis \(a)")
    }
    dtype = promotedType(dtype, x.dtype)
    total += x.shape[a]
  }
  var shape = first.shape
  shape[a] = total
  let out = try Tensor.allocate(shape, dtype: dtype, op: "concat")
  var start = 0
  for x in xs {
    let src = x.cast(dtype)
    let view = out.slab(axis: a, start: start, length: x.shape[a])
    view.copyElements(from: src)
    start += x.shape[a]
  }
  return out
}

/// Joins equal-shape tensors along a new axis.
///
/// - Throws: `TensorError` for an empty list, unequal shapes or a bad axis.
public func stack(_ xs: [Tensor], axis: Int) throws -> Tensor {
  guard let first = xs.first else { throw TensorError("stack: needs at least one tensor") }
  let a = try normalizeAxis(axis, rank: first.rank + 1, op: "stack")
  for x in xs where x.shape != first.shape {
    throw TensorError(
      "stack: shapes \(shapeString(first.shape)) and \(shapeString(x.shape)) differ")
  }
  return try concat(xs.map { try expandDims($0, axis: a) }, axis: a)
}

/// Splits into `sections` equal parts along `axis` (views).
///
/// - Throws: `TensorError` when the axis size is not divisible by `sections`.
public func split(_ x: Tensor, sections: Int, axis: Int) throws -> [Tensor] {
  let a = try normalizeAxis(axis, rank: x.rank, op: "split")
  guard sections > 0, x.shape[a] % sections == 0 else {
    throw TensorError(
      "split: axis \(a) of size \(x.shape[a]) cannot be split into \(sections) equal parts")
  }
  let len = x.shape[a] / sections
  return (0..<sections).map { x.slab(axis: a, start: $0 * len, length: len) }
}

/// Repeats `x` `reps[i]` times along each axis (numpy's `tile`: the shorter of the shape and
/// `reps` is padded with leading 1s).
///
/// - Throws: `TensorError` for a negative repetition or a result over the limits.
public func tile(_ x: Tensor, _ reps: [Int]) throws -> Tensor {
  for r in reps where r < 0 {
    throw TensorError("tile: negative repetition \(r) in \(shapeString(reps))")
  }
  let rank = max(x.rank, reps.count)
  let shape = [Int](repeating: 1, count: rank - x.rank) + x.shape
  let r = [Int](repeating: 1, count: rank - reps.count) + reps
  var outShape: [Int] = []
  var interleaved: [Int] = []
  var stretched: [Int] = []
  for i in 0..<rank {
    let (p, o) = shape[i].multipliedReportingOverflow(by: r[i])
    guard !o else { throw TensorError("tile: result shape is too large") }
    outShape.append(p)
    interleaved += [1, shape[i]]
    stretched += [r[i], shape[i]]
  }
  _ = try Tensor.checkedCount(outShape, dtype: x.dtype, op: "tile")
  let view = try broadcastTo(x.reshaped(unchecked: interleaved), stretched)
  return view.materialized().reshaped(unchecked: outShape)
}

extension Tensor {
  /// A view of positions `start..<start+length` along `axis` (the range is assumed valid).
  @usableFromInline func slab(axis: Int, start: Int, length: Int) -> Tensor {
    var shape = self.shape
    shape[axis] = length
    return Tensor(
      dtype: dtype, shape: shape, strides: strides, offset: offset + start * strides[axis],
      storage: storage)
  }

  /// Copies `src` (same shape and dtype, any layout) into the elements this view addresses.
  ///
  /// Writes through the shared storage: only for views of freshly allocated or uniquely
  /// owned tensors.
  @usableFromInline func copyElements(from src: Tensor) {
    func run<T>(_: T.Type) {
      let d = storage.base.assumingMemoryBound(to: T.self)
      let s = src.storage.base.assumingMemoryBound(to: T.self)
      forEachRow(
        shape: shape, strides: [strides, src.broadcastStrides(to: shape)],
        bases: [offset, src.offset]
      ) { _, offs, n, inner in
        let dp = d + offs[0]
        let sp = s + offs[1]
        let (id, isrc) = (inner[0], inner[1])
        for i in 0..<n { dp[i &* id] = sp[i &* isrc] }
      }
    }
    switch dtype {
    case .f32: run(UInt32.self)
    case .f64, .i64: run(UInt64.self)
    case .bool: run(UInt8.self)
    }
  }
}
