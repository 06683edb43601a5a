// Creating tensors: scalars, values in row-major order, nested lists and the numpy-style
// constructors (zeros, ones, full, eye, arange, linspace).

/// A nested list of numbers, as a literal `[[1, 2], [3, 4]]` is written.
public indirect enum Nested: Sendable {
  case scalar(Double)
  case list([Nested])
}

extension Tensor {
  /// A rank-0 tensor holding `scalar` converted to `dtype` (non-zero is `true` for bool).
  public init(scalar: Double, dtype: DType) {
    self.init(uninitialized: [], count: 1, dtype: dtype)
    switch dtype {
    case .f32: pointer(Float.self).pointee = Float(scalar)
    case .f64: pointer(Double.self).pointee = scalar
    case .bool: pointer(UInt8.self).pointee = scalar != 0 ? 1 : 0
    case .i64: pointer(Int64.self).pointee = saturatingInt64(scalar)
    }
  }

  /// A rank-0 `i64` tensor.
  public init(int64: Int64) {
    self.init(uninitialized: [], count: 1, dtype: .i64)
    pointer(Int64.self).pointee = int64
  }

  /// An `i64` tensor of `shape` holding `ints` in row-major order.
  ///
  /// - Throws: `TensorError` when the count does not match the shape or the shape is invalid.
  public init(shape: [Int], int64s: [Int64]) throws {
    let n = try Tensor.checkedCount(shape, dtype: .i64, op: "tensor")
    guard n == int64s.count else {
      throw TensorError("tensor: \(int64s.count) values do not fit shape \(shapeString(shape))")
    }
    self.init(uninitialized: shape, count: n, dtype: .i64)
    if n > 0 {
      int64s.withUnsafeBufferPointer {
        if let from = $0.baseAddress { pointer(Int64.self).update(from: from, count: n) }
      }
    }
  }

  /// A rank-0 `bool` tensor.
  public init(bool: Bool) {
    self.init(scalar: bool ? 1 : 0, dtype: .bool)
  }

  /// A tensor of `shape` holding `values` in row-major order, converted to `dtype`.
  ///
  /// - Throws: `TensorError` when the count of values does not match the shape or the shape is
  ///   invalid or too large.
  public init(shape: [Int], values: [Double], dtype: DType) throws {
    let n = try Tensor.checkedCount(shape, dtype: dtype, op: "tensor")
    guard n == values.count else {
      throw TensorError("tensor: \(values.count) values do not fit shape \(shapeString(shape))")
    }
    self.init(uninitialized: shape, count: n, dtype: dtype)
    values.withUnsafeBufferPointer { src in
      switch dtype {
      case .f32:
        let p = pointer(Float.self)
        Interrupt.forChunks(n) { r in for i in r { p[i] = Float(src[i]) } }
      case .f64:
        if let from = src.baseAddress { pointer(Double.self).update(from: from, count: n) }
      case .bool:
        let p = pointer(UInt8.self)
        Interrupt.forChunks(n) { r in for i in r { p[i] = src[i] != 0 ? 1 : 0 } }
      case .i64:
        let p = pointer(Int64.self)
        Interrupt.forChunks(n) { r in for i in r { p[i] = saturatingInt64(src[i]) } }
      }
    }
    try Interrupt.check()
  }

  /// An `f32` tensor of `shape` holding `floats` in row-major order.
  public init(shape: [Int], floats: [Float]) throws {
    let n = try Tensor.checkedCount(shape, dtype: .f32, op: "tensor")
    guard n == floats.count else {
      throw TensorError("tensor: \(floats.count) values do not fit shape \(shapeString(shape))")
    }
    self.init(uninitialized: shape, count: n, dtype: .f32)
    if n > 0 {
      floats.withUnsafeBufferPointer {
        if let from = $0.baseAddress { pointer(Float.self).update(from: from, count: n) }
      }
    }
  }

  /// An `f64` tensor of `shape` holding `doubles` in row-major order.
  public init(shape: [Int], doubles: [Double]) throws {
    try self.init(shape: shape, values: doubles, dtype: .f64)
  }

  /// A `bool` tensor of `shape` holding `bools` in row-major order.
  public init(shape: [Int], bools: [Bool]) throws {
    try self.init(shape: shape, values: bools.map { $0 ? 1 : 0 }, dtype: .bool)
  }

  /// A tensor from a nested list: every list at one depth must have the same length.
  ///
  /// - Throws: `TensorError` for ragged lists.
  public init(nested: Nested, dtype: DType) throws {
    var shape: [Int] = []
    var probe = nested
    while case .list(let items) = probe {
      shape.append(items.count)
      guard let first = items.first else { break }
      probe = first
    }
    var values: [Double] = []
    func walk(_ node: Nested, depth: Int) throws {
      switch node {
      case .scalar(let v):
        guard depth == shape.count else {
          throw TensorError(
            "tensor: nested lists are ragged (expected shape \(shapeString(shape)))")
        }
        values.append(v)
      case .list(let items):
        guard depth < shape.count, items.count == shape[depth] else {
          throw TensorError(
            "tensor: nested lists are ragged (expected shape \(shapeString(shape)))")
        }
        for item in items { try walk(item, depth: depth + 1) }
      }
    }
    try walk(nested, depth: 0)
    try self.init(shape: shape, values: values, dtype: dtype)
  }

  /// A tensor of `shape` filled with `value`.
  ///
  /// - Throws: `TensorError` for a negative size or a shape over the limits.
  public static func full(_ shape: [Int], _ value: Double, dtype: DType) throws -> Tensor {
    try full(shape, value, dtype: dtype, op: "full")
  }

  static func full(_ shape: [Int], _ value: Double, dtype: DType, op: String) throws -> Tensor {
    let t = try allocate(shape, dtype: dtype, op: op)
    let n = t.count
    // In chunks: the first touch of a gigabyte of fresh pages takes a while.
    switch dtype {
    case .f32:
      let (p, v) = (t.pointer(Float.self), Float(value))
      Interrupt.forChunks(n) { r in (p + r.lowerBound).initialize(repeating: v, count: r.count) }
    case .f64:
      let p = t.pointer(Double.self)
      Interrupt.forChunks(n) { r in (p + r.lowerBound).initialize(repeating: value, count: r.count)
      }
    case .bool:
      let (p, v): (UnsafeMutablePointer<UInt8>, UInt8) = (t.pointer(UInt8.self), value != 0 ? 1 : 0)
      Interrupt.forChunks(n) { r in (p + r.lowerBound).initialize(repeating: v, count: r.count) }
    case .i64:
      let (p, v) = (t.pointer(Int64.self), saturatingInt64(value))
      Interrupt.forChunks(n) { r in (p + r.lowerBound).initialize(repeating: v, count: r.count) }
    }
    try Interrupt.check()
    return t
  }

  /// The integers `start, start + step, ...` below `stop` (above it for a negative step) as an
  /// `i64` tensor: Python's `range`, exact at every size.
  ///
  /// - Throws: `TensorError` `range: step cannot be zero`, or when the result is too large.
  public static func range(_ start: Int64, _ stop: Int64, _ step: Int64) throws -> Tensor {
    guard step != 0 else { throw TensorError("range: step cannot be zero") }
    let n = rangeCount(start, stop, step)
    guard n <= UInt64(Int.max) else {
      throw TensorError("range: too many elements (\(n))")
    }
    let t = try allocate([Int(n)], dtype: .i64, op: "range")
    let p = t.pointer(Int64.self)
    Interrupt.forChunks(Int(n)) { r in
      // start + i * step (i below n) is a value of the range, so in wrapping arithmetic the
      // result is exact even where i * step alone would not fit
      for i in r { p[i] = start &+ Int64(i) &* step }
    }
    try Interrupt.check()
    return t
  }

  /// How many values `range(start, stop, step)` has (step not zero), without overflow.
  public static func rangeCount(_ start: Int64, _ stop: Int64, _ step: Int64) -> UInt64 {
    if step > 0 {
      guard stop > start else { return 0 }
      let span = UInt64(bitPattern: stop &- start)  // exact: the true span fits in UInt64
      return (span - 1) / UInt64(step) + 1
    }
    guard start > stop else { return 0 }
    let span = UInt64(bitPattern: start &- stop)
    let by = step == .min ? UInt64(1) << 63 : UInt64(-step)
    return (span - 1) / by + 1
  }

  /// A tensor of `shape` filled with zeros.
  public static func zeros(_ shape: [Int], dtype: DType) throws -> Tensor {
    try full(shape, 0, dtype: dtype, op: "zeros")
  }

  /// A tensor of `shape` filled with ones.
  public static func ones(_ shape: [Int], dtype: DType) throws -> Tensor {
    try full(shape, 1, dtype: dtype, op: "ones")
  }

  /// The `n` by `m` matrix (`n` by `n` without `m`) with ones on the main diagonal.
  public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType) throws -> Tensor {
    let cols = m ?? n
    var t = try full([n, cols], 0, dtype: dtype, op: "eye")
    for i in 0..<Swift.min(n, cols) { t.setElement(i * cols + i, 1) }
    return t
  }

  /// The numbers `start, start + step, ...` below `stop` (above it for a negative step).
  ///
  /// - Throws: `TensorError` when `step` is zero or a bound is not finite.
  public static func arange(_ start: Double, _ stop: Double, _ step: Double, dtype: DType)
    throws -> Tensor
  {
    guard step != 0 else { throw TensorError("arange: step must not be zero") }
    guard start.isFinite, stop.isFinite, step.isFinite else {
      throw TensorError("arange: bounds and step must be finite")
    }
    let steps = ((stop - start) / step).rounded(.up)
    guard steps < Double(1 << 53) else {
      throw TensorError("arange: too many elements (\(steps))")
    }
    let n = steps > 0 ? Int(steps) : 0
    var t = try allocate([n], dtype: dtype, op: "arange")
    Interrupt.forChunks(n) { r in for i in r { t.setElement(i, start + Double(i) * step) } }
    try Interrupt.check()
    return t
  }

  /// `n` evenly spaced numbers from `a` to `b`, both included.
  ///
  /// - Throws: `TensorError` when `n` is negative.
  public static func linspace(_ a: Double, _ b: Double, _ n: Int, dtype: DType) throws -> Tensor {
    guard n >= 0 else {
      throw TensorError("linspace: number of points must be non-negative, got \(n)")
    }
    var t = try allocate([n], dtype: dtype, op: "linspace")
    let step = n > 1 ? (b - a) / Double(n - 1) : 0
    Interrupt.forChunks(n) { r in for i in r { t.setElement(i, a + Double(i) * step) } }
    try Interrupt.check()
    if n > 1 { t.setElement(n - 1, b) }
    return t
  }
}
