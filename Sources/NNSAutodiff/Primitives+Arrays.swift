import NNSTensor

/// Array primitives of SPEC §11 with kernels of their own; the other array operations are
/// compositions in `AD+Arrays.swift`.
extension Primitives {
  /// `cumsum(x, axis)` (`keepdims` set: the reversed running sum, from the end);
  /// vjp: the running sum of `grad` in the other direction.
  public static let cumsum: Primitive = Primitive(
    "cumsum",
    .unary { x, a in try NNSTensor.cumsum(x, axis: a.axis, reverse: a.keepdims) }
  ) { a in
    var b = Attrs()
    b.axis = a.attrs.axis
    b.keepdims = !a.attrs.keepdims
    return [try Primitives.cumsum(a.grad, b)]
  }
}
