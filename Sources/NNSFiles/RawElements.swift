// Decoding and encoding packed binary elements, shared by .npy and .safetensors.

import NNSTensor

/// The binary layout of one stored element: its kind, size and byte order.
struct RawType: Equatable, Sendable {
  /// What an element holds.
  enum Kind: Equatable, Sendable {
    case float, bfloat16, bool, signed, unsigned
    /// 8-bit floats: 4 exponent bits (no infinities, as PyTorch's float8_e4m3fn) or 5.
    case float8e4m3, float8e5m2
  }

  var kind: Kind
  /// Bytes per element.
  var size: Int
  var bigEndian: Bool = false

  /// The dtype a tensor of this type loads as: integers of every width load as i64.
  var target: DType {
    switch kind {
    case .bool: .bool
    case .float where size == 8: .f64
    case .float, .bfloat16, .float8e4m3, .float8e5m2: .f32
    case .signed, .unsigned: .i64
    }
  }

  /// Decodes `count` elements starting at `offset` into a tensor of `shape`.
  ///
  /// Floats of 32 bits or fewer load as f32 (exactly), f64 as f64, bools as bool (non-zero is
  /// true). Integers of every width load as i64, exactly; an unsigned 64-bit value above the
  /// i64 range is an error.
  /// - Parameter columnMajor: the elements are stored in Fortran order (first axis fastest).
  /// - Throws: `FileError` via `context` when the bytes run short, or a tensor error.
  func decode(
    _ bytes: [UInt8], offset: Int, shape: [Int], columnMajor: Bool = false,
    context: FileContext
  ) throws -> Tensor {
    guard let count = checkedProduct(shape), count <= Tensor.maxElements else {
      throw context.error(
        "shape \(shapeString(shape)) is too large (the limit is \(Tensor.maxElements) elements)")
    }
    let (needed, overflow) = count.multipliedReportingOverflow(by: size)
    guard !overflow, offset >= 0, offset <= bytes.count, needed <= bytes.count - offset else {
      throw context.error(
        "truncated: shape \(shapeString(shape)) needs \(needed) data bytes, found "
          + "\(max(0, bytes.count - offset))")
    }
    var floats: [Float] = []
    var doubles: [Double] = []
    var ints: [Int64] = []
    var tooLarge: UInt64?
    let dtype = target
    bytes.withUnsafeBytes { raw in
      switch kind {
      case .float where size == 8:
        doubles = (0..<count).map { Double(bitPattern: load64(raw, offset + 8 * $0)) }
      case .float where size == 4:
        floats = (0..<count).map { Float(bitPattern: load32(raw, offset + 4 * $0)) }
      case .float:
        floats = (0..<count).map { halfToFloat(load16(raw, offset + 2 * $0)) }
      case .bfloat16:
        floats = (0..<count).map { Float(bitPattern: UInt32(load16(raw, offset + 2 * $0)) << 16) }
      case .float8e4m3:
        floats = (0..<count).map { minifloat(raw[offset + $0], exponentBits: 4, ieee: false) }
      case .float8e5m2:
        floats = (0..<count).map { minifloat(raw[offset + $0], exponentBits: 5, ieee: true) }
      case .bool:
        doubles = (0..<count).map { raw[offset + $0] != 0 ? 1 : 0 }
      case .signed, .unsigned:
        (ints, tooLarge) = decodeIntegers(raw, offset: offset, count: count)
      }
    }
    if let tooLarge {
      throw context.error("unsigned value \(tooLarge) does not fit in i64")
    }
    if columnMajor && shape.count > 1 {
      floats = fortranToRowMajor(floats, shape: shape)
      doubles = fortranToRowMajor(doubles, shape: shape)
      ints = fortranToRowMajor(ints, shape: shape)
    }
    do {
      switch dtype {
      case .f32: return try Tensor(shape: shape, floats: floats)
      case .f64: return try Tensor(shape: shape, doubles: doubles)
      case .bool: return try Tensor(shape: shape, values: doubles, dtype: .bool)
      case .i64: return try Tensor(shape: shape, int64s: ints)
      }
    } catch {
      throw context.error("\(error)")
    }
  }

  /// Reads integers of any width and signedness as Int64s; also returns the first unsigned
  /// value above the i64 range, if any.
  private func decodeIntegers(_ raw: UnsafeRawBufferPointer, offset: Int, count: Int)
    -> ([Int64], UInt64?)
  {
    var values = [Int64](repeating: 0, count: count)
    var tooLarge: UInt64?
    for i in 0..<count {
      let at = offset + size * i
      let bits: UInt64
      switch size {
      case 1: bits = UInt64(raw[at])
      case 2: bits = UInt64(load16(raw, at))
      case 4: bits = UInt64(load32(raw, at))
      default: bits = load64(raw, at)
      }
      if kind == .unsigned {
        if let n = Int64(exactly: bits) {
          values[i] = n
        } else if tooLarge == nil {
          tooLarge = bits
        }
      } else {
        let shift = UInt64(64 - 8 * size)
        values[i] = Int64(bitPattern: bits << shift) >> Int64(shift)
      }
    }
    return (values, tooLarge)
  }

  /// A 16-bit unsigned integer at `at` in this type's byte order.
  private func load16(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
    let v = raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)
    return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
  }

  /// A 32-bit unsigned integer at `at` in this type's byte order.
  private func load32(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
    let v = raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)
    return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
  }

  /// A 64-bit unsigned integer at `at` in this type's byte order.
  private func load64(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
    let v = raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)
    return bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)
  }
}

/// Converts IEEE 754 half-precision bits to a Float (exactly).
func halfToFloat(_ h: UInt16) -> Float {
  let sign: Float = (h & 0x8000) != 0 ? -1 : 1
  let exponent = Int((h >> 10) & 0x1f)
  let mantissa = Float(h & 0x3ff)
  switch exponent {
  case 0: return sign * mantissa * 0x1p-24
  case 31: return mantissa == 0 ? sign * .infinity : .nan
  default:
    return sign * (1 + mantissa / 1024)
      * Float(sign: .plus, exponent: exponent - 15, significand: 1)
  }
}

/// Converts an 8-bit float (1 sign bit, `exponentBits`, the rest mantissa) to a Float.
///
/// - Parameter ieee: all-ones exponents are infinities/NaN (E5M2); otherwise only the all-ones
///   pattern is NaN and the rest are finite (E4M3FN).
func minifloat(_ b: UInt8, exponentBits: Int, ieee: Bool) -> Float {
  let mantissaBits = 7 - exponentBits
  let sign: Float = (b & 0x80) != 0 ? -1 : 1
  let expMask = (1 << exponentBits) - 1
  let exponent = Int(b >> mantissaBits) & expMask
  let mantissaMask = UInt8((1 << mantissaBits) - 1)
  let mantissa = Float(b & mantissaMask)
  let scale = Float(1 << mantissaBits)
  let bias = (1 << (exponentBits - 1)) - 1
  if exponent == expMask {
    if ieee { return mantissa == 0 ? sign * .infinity : .nan }
    if (b & mantissaMask) == mantissaMask { return .nan }
  }
  if exponent == 0 {
    return sign * (mantissa / scale) * Float(sign: .plus, exponent: 1 - bias, significand: 1)
  }
  return sign * (1 + mantissa / scale)
    * Float(sign: .plus, exponent: exponent - bias, significand: 1)
}

/// Reorders elements stored in Fortran order (first axis fastest) into row-major order.
func fortranToRowMajor<T>(_ values: [T], shape: [Int]) -> [T] {
  guard shape.count > 1, !values.isEmpty else { return values }
  // Fortran strides: axis 0 has stride 1, each next axis the product of the sizes before it.
  var fStrides = [Int](repeating: 1, count: shape.count)
  for axis in 1..<shape.count { fStrides[axis] = fStrides[axis - 1] * shape[axis - 1] }
  var index = [Int](repeating: 0, count: shape.count)
  var result: [T] = []
  result.reserveCapacity(values.count)
  var source = 0
  for _ in 0..<values.count {
    result.append(values[source])
    // Advance the row-major odometer (last axis fastest), tracking the Fortran offset.
    var axis = shape.count - 1
    while axis >= 0 {
      index[axis] += 1
      source += fStrides[axis]
      if index[axis] < shape[axis] { break }
      source -= fStrides[axis] * shape[axis]
      index[axis] = 0
      axis -= 1
    }
  }
  return result
}

/// The elements of `tensor` in row-major order as little-endian bytes: f32 and f64 as IEEE
/// floats, i64 as two's complement, bool as one byte 0 or 1.
func littleEndianBytes(_ tensor: Tensor) -> [UInt8] {
  var out: [UInt8] = []
  switch tensor.dtype {
  case .f32:
    let values = tensor.toFloats()
    out.reserveCapacity(4 * values.count)
    for v in values {
      withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
  case .f64:
    let values = tensor.toDoubles()
    out.reserveCapacity(8 * values.count)
    for v in values {
      withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
  case .i64:
    let values = tensor.toInt64s()
    out.reserveCapacity(8 * values.count)
    for v in values {
      withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
  case .bool:
    out = tensor.toDoubles().map { $0 != 0 ? 1 : 0 }
  }
  return out
}
