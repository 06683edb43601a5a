import NNSTensor

/// Arithmetic on `DVal`s, so VJP rules read like their formulas: `try g * (1 - r * r)`.
///
/// A `Double` operand becomes a constant scalar of the other operand's float dtype.
extension DVal {
  public static func + (a: DVal, b: DVal) throws -> DVal { try Primitives.add(a, b) }
  public static func - (a: DVal, b: DVal) throws -> DVal { try Primitives.sub(a, b) }
  public static func * (a: DVal, b: DVal) throws -> DVal { try Primitives.mul(a, b) }
  public static func / (a: DVal, b: DVal) throws -> DVal { try Primitives.div(a, b) }
  public static prefix func - (a: DVal) throws -> DVal { try Primitives.neg(a) }

  public static func + (a: DVal, b: Double) throws -> DVal {
    try Primitives.add(a, .scalar(b, dtype: a.floatDType))
  }
  public static func - (a: DVal, b: Double) throws -> DVal {
    try Primitives.sub(a, .scalar(b, dtype: a.floatDType))
  }
  public static func * (a: DVal, b: Double) throws -> DVal {
    try Primitives.mul(a, .scalar(b, dtype: a.floatDType))
  }
  public static func / (a: DVal, b: Double) throws -> DVal {
    try Primitives.div(a, .scalar(b, dtype: a.floatDType))
  }
  public static func + (a: Double, b: DVal) throws -> DVal {
    try Primitives.add(.scalar(a, dtype: b.floatDType), b)
  }
  public static func - (a: Double, b: DVal) throws -> DVal {
    try Primitives.sub(.scalar(a, dtype: b.floatDType), b)
  }
  public static func * (a: Double, b: DVal) throws -> DVal {
    try Primitives.mul(.scalar(a, dtype: b.floatDType), b)
  }
  public static func / (a: Double, b: DVal) throws -> DVal {
    try Primitives.div(.scalar(a, dtype: b.floatDType), b)
  }
}

/// Helpers shared by the VJP rules.
enum Rule {
  /// A constant 0/1 mask from a comparison of two values' innermost tensors, in `like`'s dtype.
  static func mask(_ op: BinaryOp, _ a: DVal, _ b: DVal, like: DVal) throws -> DVal {
    .plain(try binary(op, a.value, b.value).cast(like.floatDType))
  }

  /// A constant 0/1 mask comparing a value with a scalar, in `like`'s dtype.
  static func mask(_ op: BinaryOp, _ a: DVal, _ b: Double, like: DVal) throws -> DVal {
    .plain(try binary(op, a.value, Tensor(scalar: b, dtype: a.floatDType)).cast(like.floatDType))
  }

  /// A constant tensor holding `f` of `x`'s innermost tensor, in `like`'s dtype.
  static func const(_ x: DVal, like: DVal, _ f: (Tensor) throws -> Tensor) throws -> DVal {
    .plain(try f(x.value).cast(like.floatDType))
  }

  /// The shape a reduction over `axes` gives with keepdims on.
  static func keptShape(_ shape: [Int], _ axes: [Int]?) throws -> [Int] {
    guard let axes else { return shape.map { _ in 1 } }
    var out = shape
    for a in axes {
      let ax = a < 0 ? a + shape.count : a
      guard ax >= 0 && ax < shape.count else {
        throw ADError("reduce: axis \(a) out of range for shape \(shapeString(shape))")
      }
      out[ax] = 1
    }
    return out
  }

  /// Reshapes a reduction's cotangent (or result) to the keepdims shape, differentiably.
  static func kept(_ g: DVal, _ a: Attrs, input: DVal) throws -> DVal {
    if a.keepdims { return g }
    return try AD.reshape(g, keptShape(input.shape, a.axes))
  }

  /// The number of elements a reduction over `axes` folds into each output element.
  static func reducedCount(_ shape: [Int], _ axes: [Int]?) -> Int {
    guard let axes else { return shape.reduce(1, *) }
    var n = 1
    for a in Set(axes.map { $0 < 0 ? $0 + shape.count : $0 }) where a >= 0 && a < shape.count {
      n *= shape[a]
    }
    return n
  }
}
