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
  /// `x != 0` (NaN is true), bool to float is 0/1.
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
    default: break
    }
    return out
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
