import NNSTensor

/// Index reads and writes. Index items (integers, slices, gather tensors, masks) are
/// constants; only the indexed values are differentiated.
extension Primitives {
  /// `getIndex(x, items)`: any index read; vjp: `indexAdd(zeros like x, items, grad)`, which
  /// adds at repeated gather indices.
  public static let getIndex: Primitive = Primitive(
    "index", .unary { x, a in try NNSTensor.getIndex(x, a.items) }
  ) { a in
    [try AD.indexAdd(shape: a.inputs[0].shape, a.attrs.items, a.grad)]
  }

  /// `indexAdd(shape, items, v)`: zeros of `shape` with `v` added where `getIndex` would read;
  /// vjp: `getIndex(grad, items)`.
  public static let indexAdd: Primitive = Primitive(
    "index_add",
    .unary { v, a in
      try NNSTensor.indexAdd(
        shape: a.ints, dtype: v.dtype.isFloat ? v.dtype : Tensor.defaultFloat, a.items, v)
    }
  ) { a in [try AD.getIndex(a.grad, a.attrs.items)] }

  /// `setIndex(x, items, v)`: x with the indexed part replaced by v (broadcast; at repeated
  /// indices the last write wins); vjp: `(setIndex(grad, items, 0), getIndex(grad, items))`,
  /// the second zero where an element of v was overwritten by a later one (`lastWrites`).
  public static let setIndex: Primitive = Primitive(
    "index_set",
    .binary { x, v, a in
      var out = x
      try NNSTensor.setIndex(&out, a.items, v)
      return out
    }
  ) { a in
    let items = a.attrs.items
    var gx: DVal? = nil
    if a.needs[0] {
      gx = try AD.setIndex(a.grad, items, .scalar(0, dtype: a.grad.floatDType))
    }
    var gv: DVal? = nil
    if a.needs[1] {
      let read = try AD.getIndex(a.grad, items)
      let shape = a.inputs[0].shape
      let keep = try lastWrites(shape: shape, items, dtype: a.grad.floatDType)
      gv = try keep.map { try read * .plain($0) } ?? read
    }
    return [gx, gv]
  }
}
