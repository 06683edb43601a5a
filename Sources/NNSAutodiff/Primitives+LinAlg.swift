import NNSTensor

/// Matrix product (numpy `matmul` rules); `dot` and `outer` are built from it in `AD`.
extension Primitives {
  /// `matmul(a, b)`: rank-1 operands are promoted (a to `[1, k]`, b to `[k, 1]`) and the
  /// promoted axis dropped; higher ranks batch over leading axes.
  /// vjp: `(grad @ bᵀ, aᵀ @ grad)` on the promoted operands (batch axes broadcast: the
  /// backward loop sums them), the promoted axes removed again.
  public static let matmul: Primitive = Primitive(
    "@", .binary { x, y, _ in try NNSTensor.matmul(x, y) }
  ) { a in
    let (x, y) = (a.inputs[0], a.inputs[1])
    guard x.rank >= 1 && y.rank >= 1 else {
      throw ADError("@: operands must have rank at least 1, got \(shapeString(x.shape)) and "
        + shapeString(y.shape))
    }
    let x2 = x.rank == 1 ? try AD.reshape(x, [1] + x.shape) : x
    let y2 = y.rank == 1 ? try AD.reshape(y, y.shape + [1]) : y
    // The cotangent in the promoted output shape: [..., m, n].
    var gshape = a.grad.shape
    if x.rank == 1 { gshape.insert(1, at: Swift.max(gshape.count - (y.rank == 1 ? 0 : 1), 0)) }
    if y.rank == 1 { gshape.append(1) }
    let g2 = try AD.reshape(a.grad, gshape)
    var gx: DVal? = nil
    var gy: DVal? = nil
    if a.needs[0] {
      gx = try Primitives.matmul(g2, Rule.swapLast(y2))
      if x.rank == 1, let d = gx { gx = try AD.reshape(d, Array(d.shape.dropLast(2)) + [x.shape[0]]) }
    }
    if a.needs[1] {
      gy = try Primitives.matmul(Rule.swapLast(x2), g2)
      if y.rank == 1, let d = gy { gy = try AD.reshape(d, Array(d.shape.dropLast(1))) }
    }
    return [gx, gy]
  }
}

extension Rule {
  /// Swaps the last two axes, differentiably.
  static func swapLast(_ x: DVal) throws -> DVal {
    let n = x.rank
    var perm = Array(0..<n)
    perm.swapAt(n - 1, n - 2)
    return try AD.transpose(x, perm)
  }
}
