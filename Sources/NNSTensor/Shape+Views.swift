// Shape operations that can return views: reshape, transpose, squeeze, expand_dims, flatten,
// broadcast_to; plus axis normalization shared by every axis-taking operation.

/// Resolves a possibly negative `axis` for a tensor of `rank`.
///
/// - Throws: `TensorError` `OP: axis 2 is out of range for rank 2`.
public func normalizeAxis(_ axis: Int, rank: Int, op: String) throws -> Int {
  let a = axis < 0 ? axis + rank : axis
  guard a >= 0 && a < rank else {
    throw TensorError("\(op): axis \(axis) is out of range for rank \(rank)")
  }
  return a
}

/// Resolves a list of possibly negative axes, sorted, rejecting duplicates.
///
/// - Throws: `TensorError` for an out-of-range or repeated axis.
public func normalizeAxes(_ axes: [Int], rank: Int, op: String) throws -> [Int] {
  var seen = [Bool](repeating: false, count: rank)
  for axis in axes {
    let a = try normalizeAxis(axis, rank: rank, op: op)
    if seen[a] { throw TensorError("\(op): axis \(a) is repeated") }
    seen[a] = true
  }
  return (0..<rank).filter { seen[$0] }
}

/// The same elements in a new shape (row-major order); one size may be -1 (inferred).
///
/// A view when `x` is contiguous, otherwise a copy.
/// - Throws: `TensorError` `reshape: cannot reshape [2,3] into [4]`.
public func reshape(_ x: Tensor, _ shape: [Int]) throws -> Tensor {
  var target = shape
  let count = x.count
  var inferred: Int? = nil
  var known = 1
  for (axis, size) in shape.enumerated() {
    if size == -1 {
      if inferred != nil {
        throw TensorError("reshape: only one size may be -1, got \(shapeString(shape))")
      }
      inferred = axis
    } else if size < 0 {
      throw TensorError("reshape: negative dimension \(size) in shape \(shapeString(shape))")
    } else {
      let (p, o) = known.multipliedReportingOverflow(by: size)
      guard !o else {
        throw TensorError(
          "reshape: cannot reshape \(shapeString(x.shape)) into \(shapeString(shape))")
      }
      known = p
    }
  }
  if let axis = inferred {
    guard known != 0, count % known == 0 else {
      throw TensorError(
        "reshape: cannot reshape \(shapeString(x.shape)) into \(shapeString(shape))")
    }
    target[axis] = count / known
  } else if known != count {
    throw TensorError("reshape: cannot reshape \(shapeString(x.shape)) into \(shapeString(shape))")
  }
  _ = try Tensor.checkedCount(target, dtype: x.dtype, op: "reshape")  // rank and stride limits
  return x.reshaped(unchecked: target)
}

extension Tensor {
  /// This tensor's elements with a shape of the same count (a view when contiguous).
  @usableFromInline func reshaped(unchecked target: [Int]) -> Tensor {
    if target == shape { return self }
    let base = isContiguous ? self : materialized()
    return Tensor(
      dtype: dtype, shape: target, strides: Tensor.contiguousStrides(target),
      offset: base.offset, storage: base.storage)
  }

  /// A view with axes permuted by `perm` (which is assumed valid).
  @usableFromInline func permuted(_ perm: [Int]) -> Tensor {
    Tensor(
      dtype: dtype, shape: perm.map { shape[$0] }, strides: perm.map { strides[$0] },
      offset: offset, storage: storage)
  }
}

/// Permutes the axes (`nil` reverses them); a view.
///
/// - Throws: `TensorError` when `perm` is not a permutation of the axes.
public func transpose(_ x: Tensor, _ perm: [Int]?) throws -> Tensor {
  guard let perm else { return x.permuted(Array((0..<x.rank).reversed())) }
  guard perm.count == x.rank else {
    throw TensorError(
      "transpose: permutation \(shapeString(perm)) does not match rank \(x.rank)")
  }
  let axes = try perm.map { try normalizeAxis($0, rank: x.rank, op: "transpose") }
  guard Set(axes).count == axes.count else {
    throw TensorError("transpose: \(shapeString(perm)) is not a permutation")
  }
  return x.permuted(axes)
}

/// Removes size-1 axes: the listed ones, or all when `axes` is nil; a view.
///
/// - Throws: `TensorError` when a listed axis is out of range or not of size 1.
public func squeeze(_ x: Tensor, axes: [Int]?) throws -> Tensor {
  let drop: [Int]
  if let axes {
    drop = try normalizeAxes(axes, rank: x.rank, op: "squeeze")
    for a in drop where x.shape[a] != 1 {
      throw TensorError(
        "squeeze: axis \(a) of shape \(shapeString(x.shape)) has size \(x.shape[a]), not 1")
    }
  } else {
    drop = (0..<x.rank).filter { x.shape[$0] == 1 }
  }
  let keep = (0..<x.rank).filter { !drop.contains($0) }
  return Tensor(
    dtype: x.dtype, shape: keep.map { x.shape[$0] }, strides: keep.map { x.strides[$0] },
    offset: x.offset, storage: x.storage)
}

/// Inserts a size-1 axis at `axis` (in the result; negative counts from the end); a view.
///
/// - Throws: `TensorError` `expand_dims: axis 3 is out of range for rank 3`.
public func expandDims(_ x: Tensor, axis: Int) throws -> Tensor {
  let a = try normalizeAxis(axis, rank: x.rank + 1, op: "expand_dims")
  if x.rank >= Tensor.maxRank {
    throw TensorError(
      "expand_dims: \(x.rank + 1) axes is too many (the limit is \(Tensor.maxRank))")
  }
  var shape = x.shape
  var strides = x.strides
  shape.insert(1, at: a)
  strides.insert(a < x.rank ? x.strides[a] &* x.shape[a] : 1, at: a)
  return Tensor(
    dtype: x.dtype, shape: shape, strides: strides, offset: x.offset, storage: x.storage)
}

/// The elements as a rank-1 tensor in row-major order.
public func flatten(_ x: Tensor) -> Tensor {
  x.reshaped(unchecked: [x.count])
}

/// A view of `x` broadcast to `shape` (stretched axes have stride 0).
///
/// - Throws: `TensorError` `broadcast_to: cannot broadcast [3] to [4]`.
public func broadcastTo(_ x: Tensor, _ shape: [Int]) throws -> Tensor {
  guard shape.count >= x.rank, shape.allSatisfy({ $0 >= 0 }) else {
    throw TensorError(
      "broadcast_to: cannot broadcast \(shapeString(x.shape)) to \(shapeString(shape))")
  }
  let lead = shape.count - x.rank
  for axis in 0..<x.rank where x.shape[axis] != shape[lead + axis] && x.shape[axis] != 1 {
    throw TensorError(
      "broadcast_to: cannot broadcast \(shapeString(x.shape)) to \(shapeString(shape))")
  }
  _ = try Tensor.checkedCount(shape, dtype: x.dtype, op: "broadcast_to")
  return Tensor(
    dtype: x.dtype, shape: shape, strides: x.broadcastStrides(to: shape), offset: x.offset,
    storage: x.storage)
}
