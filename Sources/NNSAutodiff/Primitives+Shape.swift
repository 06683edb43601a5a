import NNSTensor

/// Shape primitives. squeeze, expand_dims, flatten and stack are built from these in `AD`.
extension Primitives {
  /// `reshape(x, shape)`; vjp: `reshape(grad, shape of x)`.
  public static let reshape: Primitive = Primitive(
    "reshape", .unary { x, a in try NNSTensor.reshape(x, a.ints) }
  ) { a in [try AD.reshape(a.grad, a.inputs[0].shape)] }

  /// `transpose(x, perm)` (empty perm: reverse the axes); vjp: `transpose(grad, perm⁻¹)`.
  public static let transpose: Primitive = Primitive(
    "transpose", .unary { x, a in try NNSTensor.transpose(x, a.ints.isEmpty ? nil : a.ints) }
  ) { a in
    let n = a.inputs[0].rank
    let perm = a.attrs.ints.isEmpty ? Array((0..<n).reversed()) : a.attrs.ints
    var inverse = [Int](repeating: 0, count: n)
    for (i, p) in perm.enumerated() where i < n {
      let q = p < 0 ? p + n : p
      if q >= 0 && q < n { inverse[q] = i }
    }
    return [try AD.transpose(a.grad, inverse)]
  }

  /// `broadcast_to(x, shape)`; vjp: `grad` (the backward loop sums it back to x's shape).
  public static let broadcastTo: Primitive = Primitive(
    "broadcast_to", .unary { x, a in try NNSTensor.broadcastTo(x, a.ints) }
  ) { a in [a.grad] }

  /// `sum_to(x, shape)`: sums broadcast axes away (undoes broadcasting);
  /// vjp: `broadcast_to(grad, shape of x)`.
  public static let sumTo: Primitive = Primitive(
    "sum_to", .unary { x, a in try NNSTensor.sumTo(x, shape: a.ints) }
  ) { a in [try AD.broadcastTo(a.grad, a.inputs[0].shape)] }

  /// `concat(xs, axis)`; vjp: the slices of `grad` along `axis` that each input filled.
  public static let concat: Primitive = Primitive(
    "concat", .nary { xs, a in try NNSTensor.concat(xs, axis: a.axis) }
  ) { a in
    guard let first = a.inputs.first else { return [] }
    let axis = a.attrs.axis < 0 ? a.attrs.axis + first.rank : a.attrs.axis
    var start = 0
    var out: [DVal?] = []
    for (i, x) in a.inputs.enumerated() {
      let size = axis >= 0 && axis < x.rank ? x.shape[axis] : 0
      if a.needs[i] {
        var items = [IndexItem](repeating: .slice(start: nil, stop: nil, step: nil), count: axis)
        items.append(.slice(start: start, stop: start + size, step: 1))
        out.append(try AD.getIndex(a.grad, items))
      } else {
        out.append(nil)
      }
      start += size
    }
    return out
  }

  /// `tile(x, reps)`; vjp: `grad` reshaped to `[r0, s0, r1, s1, ...]` and summed over the
  /// repetition axes, then reshaped to x's shape.
  public static let tile: Primitive = Primitive(
    "tile", .unary { x, a in try NNSTensor.tile(x, a.ints) }
  ) { a in
    let x = a.inputs[0]
    let n = Swift.max(x.rank, a.attrs.ints.count)
    let s = [Int](repeating: 1, count: n - x.rank) + x.shape
    let r = [Int](repeating: 1, count: n - a.attrs.ints.count) + a.attrs.ints
    var split: [Int] = []
    for i in 0..<n { split += [r[i], s[i]] }
    let parts = try AD.reshape(a.grad, split)
    let summed = try AD.sum(parts, axes: (0..<n).map { 2 * $0 }, keepdims: false)
    return [try AD.reshape(summed, x.shape)]
  }
}
