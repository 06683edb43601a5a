// Reading and writing single elements, converting to Swift arrays, casting and raw-pointer
// access for fast paths in other targets.

extension Tensor {
  /// The storage offset of the element at row-major position `flatIndex`.
  @inlinable func storageOffset(ofFlat flatIndex: Int) -> Int {
    var rest = flatIndex
    var off = offset
    var axis = shape.count - 1
    while axis >= 0 {
      let size = shape[axis]
      let q = rest / size
      off &+= (rest &- q &* size) &* strides[axis]
      rest = q
      axis -= 1
    }
    return off
  }

  /// The element at row-major position `flatIndex` as a Double; the caller checks the range.
  @inlinable public func element(_ flatIndex: Int) -> Double {
    let off = storageOffset(ofFlat: flatIndex)
    switch dtype {
    case .f32: return Double(storage.base.assumingMemoryBound(to: Float.self)[off])
    case .f64: return storage.base.assumingMemoryBound(to: Double.self)[off]
    case .bool: return storage.base.assumingMemoryBound(to: UInt8.self)[off] != 0 ? 1 : 0
    case .i64: return Double(storage.base.assumingMemoryBound(to: Int64.self)[off])
    }
  }

  /// The element at row-major position `flatIndex` as an exact integer: an i64 element, a bool
  /// as 0/1, or an integral float within the i64 range; nil for other floats. The caller
  /// checks the range.
  @inlinable public func intElement(_ flatIndex: Int) -> Int64? {
    let off = storageOffset(ofFlat: flatIndex)
    switch dtype {
    case .i64: return storage.base.assumingMemoryBound(to: Int64.self)[off]
    case .bool: return storage.base.assumingMemoryBound(to: UInt8.self)[off] != 0 ? 1 : 0
    case .f32, .f64:
      return exactInt64(element(flatIndex))
    }
  }

  /// Writes `value` (converted to the dtype) at row-major position `flatIndex`, copying shared
  /// storage first; the caller checks the range.
  public mutating func setElement(_ flatIndex: Int, _ value: Double) {
    makeUniqueContiguous()
    switch dtype {
    case .f32: pointer(Float.self)[flatIndex] = Float(value)
    case .f64: pointer(Double.self)[flatIndex] = value
    case .bool: pointer(UInt8.self)[flatIndex] = value != 0 ? 1 : 0
    case .i64: pointer(Int64.self)[flatIndex] = saturatingInt64(value)
    }
  }

  /// The only element as a Double.
  ///
  /// - Throws: `TensorError` unless the tensor has exactly one element.
  public func scalarDouble() throws -> Double {
    guard count == 1 else {
      throw TensorError("expected a single element, got shape \(shapeString(shape))")
    }
    return element(0)
  }

  /// The elements in row-major order as Doubles (bool as 0/1). Converted straight into the
  /// array, in chunks that stop early on Ctrl-C (the caller then throws; see `Interrupt`).
  public func toDoubles() -> [Double] {
    let n = count
    return [Double](unsafeUninitializedCapacity: n) { buf, initialized in
      if n > 0, let dst = buf.baseAddress {
        switch dtype {
        case .f64: copyConverting(Double.self, into: dst) { $0 }
        case .f32: copyConverting(Float.self, into: dst) { Double($0) }
        case .bool: copyConverting(UInt8.self, into: dst) { Double($0) }
        case .i64: copyConverting(Int64.self, into: dst) { Double($0) }
        }
      }
      initialized = n
    }
  }

  /// Writes every element, converted, into `dst` in row-major order.
  @inline(__always)
  func copyConverting<S, D>(_: S.Type, into dst: UnsafeMutablePointer<D>, _ f: (S) -> D) {
    let src = storage.base.assumingMemoryBound(to: S.self)
    forEachRow(shape: shape, strides: [strides], bases: [offset]) { start, offs, n, inner in
      let s = src + offs[0]
      let d = dst + start
      let st = inner[0]
      if st == 1 {
        for i in 0..<n { d[i] = f(s[i]) }
      } else {
        for i in 0..<n { d[i] = f(s[i &* st]) }
      }
    }
  }

  /// The elements in row-major order as Floats (bool as 0/1).
  public func toFloats() -> [Float] {
    let t = cast(.f32).contiguous()
    let n = t.count
    return [Float](unsafeUninitializedCapacity: n) { buf, initialized in
      if n > 0 {
        buf.baseAddress?.update(from: t.pointer(Float.self), count: n)
      }
      initialized = n
    }
  }

  /// The elements in row-major order as exact integers (an `i64` or `bool` tensor; floats are
  /// truncated toward zero and saturate, so callers convert them with `converted` first).
  public func toInt64s() -> [Int64] {
    let t = cast(.i64).contiguous()
    let n = t.count
    return [Int64](unsafeUninitializedCapacity: n) { buf, initialized in
      if n > 0 {
        buf.baseAddress?.update(from: t.pointer(Int64.self), count: n)
      }
      initialized = n
    }
  }

  /// The elements in row-major order as Bools (non-zero is true, NaN is true).
  public func toBools() -> [Bool] {
    let t = cast(.bool).contiguous()
    let n = t.count
    let p = t.pointer(UInt8.self)
    return (0..<n).map { p[$0] != 0 }
  }

  /// Calls `body` with the elements of an `f32` tensor (cast first if needed) in row-major order.
  public func withUnsafeFloats<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    let t = cast(.f32).contiguous()
    return try withExtendedLifetime(t) {
      try body(UnsafeBufferPointer(start: t.pointer(Float.self), count: t.count))
    }
  }

  /// Calls `body` with the elements of an `f64` tensor (cast first if needed) in row-major order.
  public func withUnsafeDoubles<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows
    -> R
  {
    let t = cast(.f64).contiguous()
    return try withExtendedLifetime(t) {
      try body(UnsafeBufferPointer(start: t.pointer(Double.self), count: t.count))
    }
  }

  /// Calls `body` with writable `f32` elements (the tensor is cast, made contiguous and unique).
  public mutating func withUnsafeMutableFloats<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    if dtype != .f32 { self = cast(.f32) }
    makeUniqueContiguous()
    return try body(UnsafeMutableBufferPointer(start: pointer(Float.self), count: count))
  }

  /// Calls `body` with writable `f64` elements (the tensor is cast, made contiguous and unique).
  public mutating func withUnsafeMutableDoubles<R>(
    _ body: (UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    if dtype != .f64 { self = cast(.f64) }
    makeUniqueContiguous()
    return try body(UnsafeMutableBufferPointer(start: pointer(Double.self), count: count))
  }

  /// The tensor converted to `dtype` (itself when already of that dtype); float to bool is
  /// `x != 0` (NaN is true), bool to a number is 0/1, i64 to a float rounds to nearest.
  ///
  /// Float to i64 truncates toward zero and saturates (NaN gives 0): only for values already
  /// known to be integral and in range. User-facing conversions go through `converted(to:op:)`,
  /// which refuses NaN and out-of-range values.
  public func cast(_ to: DType) -> Tensor {
    if to == dtype { return self }
    let n = count
    let out = Tensor(uninitialized: shape, count: n, dtype: to)
    if n == 0 { return out }
    switch (dtype, to) {
    case (.f32, .f64): convert(Float.self, Double.self, into: out) { Double($0) }
    case (.f64, .f32): convert(Double.self, Float.self, into: out) { Float($0) }
    case (.bool, .f32): convert(UInt8.self, Float.self, into: out) { Float($0) }
    case (.bool, .f64): convert(UInt8.self, Double.self, into: out) { Double($0) }
    case (.f32, .bool): convert(Float.self, UInt8.self, into: out) { $0 != 0 ? 1 : 0 }
    case (.f64, .bool): convert(Double.self, UInt8.self, into: out) { $0 != 0 ? 1 : 0 }
    case (.i64, .f32): convert(Int64.self, Float.self, into: out) { Float($0) }
    case (.i64, .f64): convert(Int64.self, Double.self, into: out) { Double($0) }
    case (.i64, .bool): convert(Int64.self, UInt8.self, into: out) { $0 != 0 ? 1 : 0 }
    case (.bool, .i64): convert(UInt8.self, Int64.self, into: out) { Int64($0) }
    case (.f32, .i64): convert(Float.self, Int64.self, into: out) { saturatingInt64(Double($0)) }
    case (.f64, .i64): convert(Double.self, Int64.self, into: out) { saturatingInt64($0) }
    default: break
    }
    return out
  }

  /// The tensor converted to `dtype` as `i64(x)`, `f32(x)` and `f64(x)` convert: to i64, floats
  /// truncate toward zero (numpy's `astype`, C's conversion), and a NaN, an infinity or a value
  /// outside the i64 range is an error; other conversions are `cast`.
  ///
  /// - Throws: `TensorError` `OP: cannot convert nan to i64`, or `OP: 1e+20 is outside the i64
  ///   range`.
  public func converted(to dtype: DType, op: String) throws -> Tensor {
    if dtype == .i64 && self.dtype.isFloat {
      let c = contiguous()
      let n = c.count
      /// The first element that does not convert, or nil.
      func firstBad<T: BinaryFloatingPoint>(_: T.Type) -> Double? {
        let p = c.pointer(T.self)
        var bad: Double?
        Interrupt.forChunks(n) { r in
          for i in r where bad == nil {
            let x = Double(p[i])
            if x.isNaN || Int64(exactly: x.rounded(.towardZero)) == nil { bad = x }
          }
        }
        return bad
      }
      let bad = self.dtype == .f32 ? firstBad(Float.self) : firstBad(Double.self)
      try Interrupt.check()
      if let x = bad {
        if x.isNaN { throw TensorError("\(op): cannot convert nan to i64") }
        let text = self.dtype == .f32 ? "\(Float(x))" : "\(x)"
        throw TensorError("\(op): \(text) is outside the i64 range")
      }
    }
    return cast(dtype)
  }

  /// Calls `body` with the elements of an `i64` tensor (cast first if needed) in row-major order.
  public func withUnsafeInt64s<R>(_ body: (UnsafeBufferPointer<Int64>) throws -> R) rethrows -> R {
    let t = cast(.i64).contiguous()
    return try withExtendedLifetime(t) {
      try body(UnsafeBufferPointer(start: t.pointer(Int64.self), count: t.count))
    }
  }

  /// Maps every element into the contiguous tensor `out` of the same shape.
  @inline(__always)
  func convert<S, D>(_: S.Type, _: D.Type, into out: Tensor, _ f: (S) -> D) {
    let src = storage.base.assumingMemoryBound(to: S.self)
    let dst = out.pointer(D.self)
    forEachRow(shape: shape, strides: [strides], bases: [offset]) { start, offs, n, inner in
      let s = src + offs[0]
      let d = dst + start
      let st = inner[0]
      if st == 1 {
        for i in 0..<n { d[i] = f(s[i]) }
      } else {
        for i in 0..<n { d[i] = f(s[i &* st]) }
      }
    }
  }
}

/// `x` as an Int64 when it is an integer in the i64 range (`-0` gives 0), else nil.
@inlinable public func exactInt64(_ x: Double) -> Int64? {
  // 2^63 is the first Double above Int64.max; -2^63 is Int64.min exactly
  guard x.isFinite, x.rounded() == x, x >= -0x1p63, x < 0x1p63 else { return nil }
  return Int64(x)
}

/// `x` truncated toward zero and clamped to the i64 range (NaN gives 0): never traps.
@inlinable public func saturatingInt64(_ x: Double) -> Int64 {
  if x.isNaN { return 0 }
  if x >= 0x1p63 { return .max }
  if x < -0x1p63 { return .min }
  return Int64(x.rounded(.towardZero))
}
