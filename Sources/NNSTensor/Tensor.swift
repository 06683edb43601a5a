#if canImport(Glibc)
  import Glibc
#endif
// The n-d array value: dtype, shape, strides and copy-on-write storage.

/// The element type of a tensor: two float types, exact 64-bit integers (counts, positions,
/// labels) and booleans.
public enum DType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case f32, f64, bool, i64

  /// The name users see: `"f32"`, `"f64"`, `"bool"` or `"i64"`.
  public var name: String {
    switch self {
    case .f32: return "f32"
    case .f64: return "f64"
    case .bool: return "bool"
    case .i64: return "i64"
    }
  }

  public var description: String { name }

  /// Bytes per element.
  @inlinable public var byteSize: Int {
    switch self {
    case .f32: return 4
    case .f64, .i64: return 8
    case .bool: return 1
    }
  }

  /// Whether the dtype holds floating-point numbers.
  @inlinable public var isFloat: Bool { self == .f32 || self == .f64 }

  /// Parses `"f32"`, `"f64"`, `"bool"` or `"i64"`.
  public init?(name: String) {
    switch name {
    case "f32": self = .f32
    case "f64": self = .f64
    case "bool": self = .bool
    case "i64": self = .i64
    default: return nil
    }
  }
}

/// Every failure of a tensor operation: a lowercase message naming the operation and shapes.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The message, e.g. `+: shapes [3] and [4] cannot broadcast`.
  public var message: String

  /// Creates an error with the given message.
  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

/// Formats a shape as `[3,4]` (no spaces); a scalar's shape is `[]`.
public func shapeString(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ",") + "]"
}

/// Reference-counted raw element memory shared by tensors until one of them writes.
///
/// The elements are tail-allocated in the same heap object (one plain malloc per tensor).
/// Buffers of 256 bytes or more start on a 64-byte boundary, so wide vector loads and stores
/// never straddle cache lines; smaller ones are 8-byte aligned.
@usableFromInline
final class TensorStorage: ManagedBuffer<TensorStorage.Header, UInt64> {
  /// The requested byte count and the distance from the tail to the aligned first byte.
  @usableFromInline struct Header {
    @usableFromInline var byteCount: Int
    @usableFromInline var shift: Int
    @inlinable init(byteCount: Int, shift: Int) {
      self.byteCount = byteCount
      self.shift = shift
    }
  }

  /// Allocates uninitialized memory for `byteCount` bytes.
  @inlinable static func make(byteCount: Int) -> TensorStorage {
    let pad = byteCount >= 256 ? 56 : 0
    let units = (byteCount &+ pad &+ 7) >> 3
    let buffer = TensorStorage.create(minimumCapacity: Swift.max(units, 1)) { _ in
      Header(byteCount: byteCount, shift: 0)
    }
    let storage = unsafeDowncast(buffer, to: TensorStorage.self)
    if pad > 0 {
      let address = storage.withUnsafeMutablePointerToElements { UInt(bitPattern: $0) }
      storage.header.shift = Int((64 &- address & 63) & 63)
    }
    return storage
  }

  /// The first byte of the elements.
  @inlinable var base: UnsafeMutableRawPointer {
    withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0) + header.shift }
  }

  /// The number of bytes requested.
  @inlinable var byteCount: Int { header.byteCount }
}

/// An n-d array of `f32`, `f64`, `i64` or `bool` with value semantics.
///
/// Copying is O(1): copies share storage until one of them is written, which copies it first.
/// Shape operations such as `transpose`, `reshape` of a contiguous tensor, slicing and
/// `broadcastTo` return views that share storage with their input.
public struct Tensor {
  /// The element type.
  public internal(set) var dtype: DType
  /// The size of each axis.
  public internal(set) var shape: [Int]
  /// The step in elements between neighbours along each axis (0 for a broadcast axis).
  public internal(set) var strides: [Int]
  /// The element offset of the first element within the storage.
  @usableFromInline var offset: Int
  @usableFromInline var storage: TensorStorage

  /// The largest element count an operation may allocate; checked before allocating.
  /// Keep it below 2^31: BLAS takes 32-bit sizes.
  nonisolated(unsafe) public static var maxElements: Int = 1 << 29
  /// The most axes a tensor may have (numpy's limit too).
  public static let maxRank = 64
  /// The largest byte size an operation may allocate; checked before allocating.
  nonisolated(unsafe) public static var maxBytes: Int = 4 << 30
  /// The float dtype that creation functions and bool arithmetic produce (`f32` unless changed).
  nonisolated(unsafe) public static var defaultFloat: DType = .f32

  @usableFromInline
  init(dtype: DType, shape: [Int], strides: [Int], offset: Int, storage: TensorStorage) {
    self.dtype = dtype
    self.shape = shape
    self.strides = strides
    self.offset = offset
    self.storage = storage
  }

  /// The number of axes.
  @inlinable public var rank: Int { shape.count }

  /// The number of elements.
  @inlinable public var count: Int {
    var n = 1
    for s in shape { n &*= s }
    return n
  }

  /// Whether the elements lie in row-major order without gaps (offset may be non-zero).
  public var isContiguous: Bool {
    var expected = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      let size = shape[axis]
      if size == 1 { continue }
      if size == 0 { return true }
      if strides[axis] != expected { return false }
      expected &*= size
    }
    return true
  }

  /// Whether the strides are exactly the row-major strides of the shape (size-1 axes included).
  @inlinable var hasRowMajorStrides: Bool {
    var s = 1
    var axis = shape.count - 1
    while axis >= 0 {
      if strides[axis] != s { return false }
      s &*= Swift.max(shape[axis], 1)
      axis -= 1
    }
    return true
  }

  /// Row-major strides of a contiguous tensor of `shape`.
  @inlinable static func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: shape.count)
    var s = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = s
      s &*= Swift.max(shape[axis], 1)
    }
    return strides
  }

  /// Checks a shape for negative sizes and the allocation limits, returning its element count.
  ///
  /// - Throws: `TensorError` naming `op` when a size is negative or the tensor is too large.
  public static func checkedCount(_ shape: [Int], dtype: DType, op: @autoclosure () -> String)
    throws -> Int
  {
    if shape.count > maxRank {
      throw TensorError(
        "\(op()): \(shape.count) axes is too many (the limit is \(maxRank), as in numpy)")
    }
    // The product of the non-zero sizes must fit even when a zero makes the tensor empty: the
    // strides of every view of it are such products.
    var n = 1
    var overflow = false
    for s in shape {
      if s < 0 {
        throw TensorError("\(op()): negative dimension \(s) in shape \(shapeString(shape))")
      }
      if !overflow {
        let (p, o) = n.multipliedReportingOverflow(by: Swift.max(s, 1))
        if o { overflow = true } else { n = p }
      }
    }
    if overflow {
      throw TensorError(
        "\(op()): shape \(shapeString(shape)) is too large (more than \(Int.max) elements; "
          + "the limit is \(maxElements))")
    }
    if shape.contains(0) { return 0 }
    let (bytes, o) = n.multipliedReportingOverflow(by: dtype.byteSize)
    if n > maxElements || o || bytes > maxBytes {
      throw TensorError(
        "\(op()): shape \(shapeString(shape)) is too large (\(n) elements; "
          + "the limit is \(maxElements) elements and \(maxBytes) bytes)")
    }
    if bytes >= probeBytes { try probe(bytes, op: op(), what: "shape \(shapeString(shape))") }
    return n
  }

  /// Allocations of this many bytes or more are first asked of `malloc` (`probe`).
  public static let probeBytes = 1 << 24

  /// Throws unless `malloc` can give `bytes` bytes now. Swift's own allocation stops the
  /// process when memory runs out (under `ulimit -v`, say), so every large allocation a user
  /// can cause (tensors, the index arrays of a gather, long strings and lists) asks first.
  ///
  /// `malloc` is called through `Tensor.mallocProbe`, a public variable, because the optimiser
  /// removes a visible `free(malloc(n))` pair, and with it the probe (it did in release builds).
  /// - Parameters:
  ///   - bytes: the size about to be allocated.
  ///   - op: the operation, for the message.
  ///   - what: what is being allocated (`shape [1000,1000]`, `a string`), for the message.
  public static func probe(_ bytes: Int, op: String, what: String) throws {
    let (padded, o) = bytes.addingReportingOverflow(64)
    guard !o, let p = mallocProbe(padded) else {
      throw TensorError("\(op): out of memory allocating \(bytes) bytes for \(what)")
    }
    free(p)
  }

  /// The allocator `probe` asks (malloc). A variable, so that the call is not optimised away.
  nonisolated(unsafe) public static var mallocProbe:
    @convention(c) (Int) -> UnsafeMutableRawPointer? = { malloc($0) }

  /// Allocates an uninitialized contiguous tensor after checking the limits.
  @usableFromInline
  static func allocate(_ shape: [Int], dtype: DType, op: String) throws -> Tensor {
    let n = try checkedCount(shape, dtype: dtype, op: op)  // probes malloc when large
    return Tensor(uninitialized: shape, count: n, dtype: dtype)
  }

  /// Allocates an uninitialized contiguous tensor whose element count is already checked.
  @usableFromInline
  init(uninitialized shape: [Int], count: Int, dtype: DType) {
    self.dtype = dtype
    self.shape = shape
    self.strides = Tensor.contiguousStrides(shape)
    self.offset = 0
    self.storage = TensorStorage.make(byteCount: count &* dtype.byteSize)
  }

  /// Allocates an uninitialized contiguous tensor with given (already valid) shape and strides.
  @usableFromInline
  init(uninitialized shape: [Int], strides: [Int], count: Int, dtype: DType) {
    self.dtype = dtype
    self.shape = shape
    self.strides = strides
    self.offset = 0
    self.storage = TensorStorage.make(byteCount: count &* dtype.byteSize)
  }

  /// The address of the first element, typed.
  @inlinable func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
    storage.base.assumingMemoryBound(to: T.self) + offset
  }

  /// Makes the storage uniquely owned and contiguous so it can be written in place.
  @usableFromInline mutating func makeUniqueContiguous() {
    if isKnownUniquelyReferenced(&storage) && isContiguous { return }
    self = materialized()
  }
}

/// Tensors cross threads like Array does: storage is shared read-only, and a write first copies
/// storage that is not uniquely referenced.
extension Tensor: @unchecked Sendable {}

extension Tensor: CustomStringConvertible {
  /// A short debugging form: dtype, shape and up to eight values.
  public var description: String {
    if dtype == .i64 {
      let values = toInt64s()
      let more = values.count > 8 ? ", ..." : ""
      let shown = values.prefix(8).map(String.init).joined(separator: ", ")
      return "tensor(i64 \(shapeString(shape)): [\(shown)\(more)])"
    }
    let values = toDoubles()
    let shown = values.prefix(8).map { v -> String in
      if dtype == .bool { return v != 0 ? "true" : "false" }
      return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
    let more = values.count > 8 ? ", ..." : ""
    return "tensor(\(dtype.name) \(shapeString(shape)): [\(shown.joined(separator: ", "))\(more)])"
  }
}
