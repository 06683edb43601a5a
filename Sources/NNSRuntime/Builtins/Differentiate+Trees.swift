import NNSAutodiff
import NNSTensor

/// A tree's tensor leaves seen as one flat vector, for `jacobian`, `hessian` and `gradcheck`
/// over trees (SPEC §11): the derivative is taken with respect to the vector, then cut back
/// into the tree's leaves, as JAX's `jacrev` over a pytree gives.
struct FlatTree {
  /// The tree whose structure results take (its other leaves are kept).
  let tree: Value
  /// Each tensor leaf's shape and float dtype, in tree order.
  let shapes: [[Int]]
  let dtypes: [DType]
  /// The flat vector: every leaf's elements in order, in `dtype`.
  let flat: Tensor

  /// - Parameters:
  ///   - tree: records and lists of tensors.
  ///   - dtype: the flat vector's dtype (the leaves' widest float when nil).
  /// - Throws: a tree without tensor leaves, or i64 leaves (constants to differentiation).
  init(_ tree: Value, op: String, dtype: DType? = nil) throws {
    var leaves: [Value] = []
    try Builtins.collectLeaves(tree, into: &leaves)
    let tensors = leaves.compactMap(\.asTensor)
    guard !tensors.isEmpty else { throw RuntimeError("\(op): x has no tensor leaves") }
    if tensors.contains(where: { $0.dtype == .i64 }) {
      throw RuntimeError("\(op): cannot differentiate with respect to an i64 tensor")
    }
    let floats = tensors.map {
      $0.dtype == .f64 || $0.dtype == .f32 ? $0.dtype : Tensor.defaultFloat
    }
    let wide: DType = dtype ?? (floats.contains(.f64) ? .f64 : .f32)
    self.tree = tree
    shapes = tensors.map(\.shape)
    dtypes = dtype.map { d in floats.map { _ in d } } ?? floats
    flat = try concat(tensors.map { try reshape($0.cast(wide), [$0.count]) }, axis: 0)
  }

  /// Element counts of the leaves.
  var sizes: [Int] { shapes.map { $0.reduce(1, *) } }

  /// The tree again, its leaves cut from `v` (tracked or not), each in its shape and dtype.
  func unflatten(_ v: DVal) throws -> Value {
    var at = 0
    var parts: [Value] = []
    for (shape, dtype) in zip(shapes, dtypes) {
      let k = shape.reduce(1, *)
      var piece = try AD.getIndex(v, [.slice(start: at, stop: at + k, step: nil)])
      piece = try AD.reshape(piece, shape)
      if piece.value.dtype != dtype { piece = try AD.cast(piece, dtype) }
      parts.append(Value(piece))
      at += k
    }
    var next = 0
    return try Builtins.replaceLeaves(tree, parts, &next)
  }

  /// Cuts the last axis of `m` (`lead` + `[flat.count]`) into the leaves: the same tree with
  /// each leaf replaced by its `lead + leaf shape` block.
  func split(_ m: Tensor, lead: [Int]) throws -> Value {
    let rows = lead.reduce(1, *)
    let matrix = try reshape(m.contiguous(), [rows, flat.count])
    var at = 0
    var parts: [Value] = []
    for shape in shapes {
      let k = shape.reduce(1, *)
      let all = IndexItem.slice(start: nil, stop: nil, step: nil)
      let block = try getIndex(matrix, [all, .slice(start: at, stop: at + k, step: nil)])
      parts.append(.tensor(try reshape(block.contiguous(), lead + shape)))
      at += k
    }
    var next = 0
    return try Builtins.replaceLeaves(tree, parts, &next)
  }
}

extension Differentiate {
  /// The Jacobian (or Hessian) of `f` at a tree `x`, by the flat vector: a Jacobian is x's tree
  /// with each leaf replaced by its `out.shape + leaf.shape` block; a Hessian is x's tree of
  /// such trees (block `[i][j]` has shape `leaf_i.shape + leaf_j.shape`), as JAX's.
  static func treeMatrix(
    _ x: Value, op: String, _ f: @escaping (Value) throws -> Value
  ) throws -> Value {
    let flat = try FlatTree(x, op: op)
    let call: (DVal) throws -> DVal = { d in
      let out = try f(try flat.unflatten(d))
      guard out.isNumeric else {
        throw RuntimeError("\(op): f must return a tensor, got a \(out.kindName)")
      }
      return out.dval
    }
    let x0 = DVal.plain(flat.flat)
    if op == "hessian" {
      let n = flat.flat.count
      let matrix = try reshape(try AD.hessian(x0, call).value.contiguous(), [n, n])
      let all = IndexItem.slice(start: nil, stop: nil, step: nil)
      var outer: [Value] = []
      var at = 0
      for (shape, k) in zip(flat.shapes, flat.sizes) {
        let rows = try getIndex(matrix, [.slice(start: at, stop: at + k, step: nil), all])
        outer.append(try flat.split(rows, lead: shape))
        at += k
      }
      var next = 0
      return try Builtins.replaceLeaves(x, outer, &next)
    }
    let j = try AD.jacobian(x0, call).value
    let lead = Array(j.shape.dropLast())
    return try flat.split(j, lead: lead)
  }
}
