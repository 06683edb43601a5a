import NNSAutodiff
import NNSTensor

/// SPEC §11's array operations (`AD+Arrays.swift` holds their differentiable forms).
extension TensorOps {
  /// `cumsum(x, axis)`.
  static func cumsum(_ x: Value, axis: Int) throws -> Value {
    try checked(AD.cumsum(x.dval, axis: axis))
  }

  /// `flip(x, axes)`.
  static func flip(_ x: Value, axes: [Int]) throws -> Value {
    try checked(AD.flip(x.dval, axes: axes))
  }

  /// `roll(x, shift, axis)`.
  static func roll(_ x: Value, shift: Int, axis: Int) throws -> Value {
    try checked(AD.roll(x.dval, shift: shift, axis: axis))
  }

  /// `triu(x, k)` (`upper`) or `tril(x, k)`.
  static func triangle(_ x: Value, k: Int, upper: Bool) throws -> Value {
    try checked(AD.triangle(x.dval, k: k, upper: upper))
  }

  /// `diag(x)`.
  static func diag(_ x: Value) throws -> Value {
    try checked(AD.diag(x.dval))
  }

  /// `pad(x, widths, value)`.
  static func pad(_ x: Value, _ widths: [[Int]], value: Double) throws -> Value {
    try checked(AD.pad(x.dval, widths, value: value))
  }

  /// `sort(x, axis, descending)`.
  static func sort(_ x: Value, axis: Int, descending: Bool) throws -> Value {
    try checked(AD.sort(x.dval, axis: axis, descending: descending))
  }

  /// `topk(x, k, axis)` as `{values, indices}`.
  static func topk(_ x: Value, _ k: Int, axis: Int) throws -> Value {
    let (values, indices) = try AD.topk(x.dval, k, axis: axis)
    return .record(
      Record(keys: ["values", "indices"], values: [try checked(values), Value(indices)]))
  }

  /// `einsum(subscripts, operands...)`.
  static func einsum(_ subscripts: String, _ operands: [Value]) throws -> Value {
    try checked(AD.einsum(subscripts, operands.map(\.dval)))
  }

  /// `split` into pieces of the given lengths.
  static func split(_ x: Value, sizes: [Int], axis: Int) throws -> [Value] {
    try AD.split(x.dval, sizes: sizes, axis: axis).map { Value($0) }
  }
}
