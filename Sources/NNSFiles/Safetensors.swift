// The safetensors format: an 8-byte header length, a JSON header, then packed tensor bytes.

import NNSTensor

/// Reads and writes the `.safetensors` format (Hugging Face), a flat set of named tensors.
///
/// Reading accepts the dtypes F64, F32, F16, BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, U64,
/// U32, U16, U8 and BOOL; 16- and 8-bit floats load as f32 (exactly), integers as i64 (as for
/// `.npy`). Writing produces F32, F64, I64 and BOOL.
public enum Safetensors {
  /// The largest JSON header accepted, in bytes (as the reference implementation: 100 MB).
  static let maxHeaderBytes = 100_000_000

  /// The contents of a safetensors file: named tensors in header order, and the optional
  /// string-to-string `__metadata__`.
  public struct Contents {
    public var tensors: [(String, Tensor)]
    public var metadata: [(String, String)]

    public init(tensors: [(String, Tensor)], metadata: [(String, String)] = []) {
      self.tensors = tensors
      self.metadata = metadata
    }
  }

  /// Decodes a whole safetensors file held in memory.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents.
  ///   - file: the file's name for error messages.
  ///   - op: the operation for error messages.
  /// - Returns: the tensors in the order their names appear in the header, and the metadata.
  /// - Throws: `FileError` naming the file when the header is malformed, a dtype unknown, or an
  ///   offset range inconsistent with its shape, overlapping another or past the end.
  public static func decode(_ bytes: [UInt8], file: String = "<memory>", op: String = "load")
    throws -> Contents
  {
    let context = FileContext(op: op, file: file)
    guard bytes.count >= 8 else {
      throw context.error("not a safetensors file (shorter than its 8-byte header length)")
    }
    let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
    guard length <= UInt64(maxHeaderBytes) else {
      throw context.error("not a safetensors file (header length \(length) is implausible)")
    }
    let headerLength = Int(length)
    guard headerLength <= bytes.count - 8 else {
      throw context.error(
        "truncated: the header says \(headerLength) bytes, only \(bytes.count - 8) follow")
    }
    let json = try JSONParser.parse(Array(bytes[8..<(8 + headerLength)]), context: context)
    guard case .object(let entries) = json else {
      throw context.error("malformed header: it is not a JSON object")
    }
    let dataStart = 8 + headerLength
    let dataSize = bytes.count - dataStart
    var contents = Contents(tensors: [])
    var ranges: [(Int, Int, String)] = []
    for (name, entry) in entries {
      if name == "__metadata__" {
        contents.metadata = try metadata(entry, context: context)
        continue
      }
      let info = try entryInfo(name, entry, context: context)
      guard info.end <= dataSize else {
        throw context.error(
          "truncated: '\(name)' ends at data byte \(info.end), the data has \(dataSize) bytes")
      }
      let needed = (checkedProduct(info.shape) ?? Int.max).multipliedReportingOverflow(
        by: info.type.size)
      guard !needed.overflow, needed.partialValue == info.end - info.begin else {
        throw context.error(
          "'\(name)': data_offsets [\(info.begin),\(info.end)] hold \(info.end - info.begin) "
            + "bytes, shape \(shapeString(info.shape)) needs "
            + (needed.overflow ? "more" : "\(needed.partialValue)"))
      }
      if info.end > info.begin { ranges.append((info.begin, info.end, name)) }
      let tensor = try info.type.decode(
        bytes, offset: dataStart + info.begin, shape: info.shape, context: context)
      contents.tensors.append((name, tensor))
    }
    ranges.sort { $0.0 < $1.0 }
    for (a, b) in zip(ranges, ranges.dropFirst()) where b.0 < a.1 {
      throw context.error("'\(a.2)' and '\(b.2)' overlap in the data")
    }
    return contents
  }

  /// One header entry: dtype, shape and byte range within the data.
  private struct EntryInfo {
    var type: RawType
    var shape: [Int]
    var begin: Int
    var end: Int
  }

  /// Checks one header entry `{"dtype": ..., "shape": [...], "data_offsets": [b, e]}`.
  private static func entryInfo(_ name: String, _ entry: JSONValue, context: FileContext) throws
    -> EntryInfo
  {
    guard case .object(let fields) = entry else {
      throw context.error("malformed header: '\(name)' is not an object")
    }
    func field(_ key: String) throws -> JSONValue {
      guard let value = fields.first(where: { $0.0 == key })?.1 else {
        throw context.error("malformed header: '\(name)' has no \"\(key)\"")
      }
      return value
    }
    guard case .string(let dtypeName) = try field("dtype") else {
      throw context.error("malformed header: '\(name)': \"dtype\" must be a string")
    }
    guard let type = rawType(dtypeName) else {
      throw context.error("'\(name)': unsupported dtype '\(dtypeName)'")
    }
    let shape = try integers(try field("shape"), "'\(name)': \"shape\"", context: context)
    guard shape.count <= 64 else {
      throw context.error("'\(name)': \(shape.count) dimensions (the limit is 64)")
    }
    let offsets = try integers(
      try field("data_offsets"), "'\(name)': \"data_offsets\"", context: context)
    guard offsets.count == 2, offsets[0] <= offsets[1] else {
      throw context.error("malformed header: '\(name)': \"data_offsets\" must be [begin, end]")
    }
    return EntryInfo(type: type, shape: shape, begin: offsets[0], end: offsets[1])
  }

  /// A JSON array of non-negative integers.
  private static func integers(_ value: JSONValue, _ what: String, context: FileContext) throws
    -> [Int]
  {
    guard case .array(let items) = value else {
      throw context.error("malformed header: \(what) must be an array of integers")
    }
    return try items.map { item in
      guard case .number(let text) = item, let n = Int(text), n >= 0 else {
        throw context.error("malformed header: \(what) must hold non-negative integers")
      }
      return n
    }
  }

  /// The `__metadata__` object: string keys to string values.
  private static func metadata(_ value: JSONValue, context: FileContext) throws
    -> [(String, String)]
  {
    guard case .object(let fields) = value else {
      throw context.error("malformed header: \"__metadata__\" must be an object of strings")
    }
    return try fields.map { key, v in
      guard case .string(let s) = v else {
        throw context.error("malformed header: \"__metadata__\" value '\(key)' is not a string")
      }
      return (key, s)
    }
  }

  /// The element type of a safetensors dtype name.
  static func rawType(_ name: String) -> RawType? {
    switch name {
    case "F64": RawType(kind: .float, size: 8)
    case "F32": RawType(kind: .float, size: 4)
    case "F16": RawType(kind: .float, size: 2)
    case "BF16": RawType(kind: .bfloat16, size: 2)
    case "F8_E4M3": RawType(kind: .float8e4m3, size: 1)
    case "F8_E5M2": RawType(kind: .float8e5m2, size: 1)
    case "I64": RawType(kind: .signed, size: 8)
    case "I32": RawType(kind: .signed, size: 4)
    case "I16": RawType(kind: .signed, size: 2)
    case "I8": RawType(kind: .signed, size: 1)
    case "U64": RawType(kind: .unsigned, size: 8)
    case "U32": RawType(kind: .unsigned, size: 4)
    case "U16": RawType(kind: .unsigned, size: 2)
    case "U8": RawType(kind: .unsigned, size: 1)
    case "BOOL": RawType(kind: .bool, size: 1)
    default: nil
    }
  }

  /// Encodes named tensors as a safetensors file.
  ///
  /// The header lists the tensors in the given order; their data is laid out 8-byte types
  /// first, so every tensor starts aligned to its element size (as the reference writer does).
  /// - Throws: `FileError` for an empty or duplicate name, or a name `__metadata__`.
  public static func encode(_ contents: Contents, op: String = "save") throws -> [UInt8] {
    var seen = Set<String>()
    for (name, _) in contents.tensors {
      guard !name.isEmpty, name != "__metadata__" else {
        throw FileError("\(op): '\(name)' cannot name a tensor in a .safetensors file")
      }
      guard seen.insert(name).inserted else {
        throw FileError("\(op): the name '\(name)' appears twice")
      }
    }
    let itemSize: (Tensor) -> Int = { t in t.dtype.byteSize }
    let order = contents.tensors.indices.sorted {
      let (a, b) = (itemSize(contents.tensors[$0].1), itemSize(contents.tensors[$1].1))
      return a != b ? a > b : $0 < $1
    }
    var data: [UInt8] = []
    var offsets = [(Int, Int)](repeating: (0, 0), count: contents.tensors.count)
    for i in order {
      let begin = data.count
      data += littleEndianBytes(contents.tensors[i].1)
      offsets[i] = (begin, data.count)
    }
    var header = "{"
    if !contents.metadata.isEmpty {
      header += "\"__metadata__\":{"
      for (i, (key, value)) in contents.metadata.enumerated() {
        if i > 0 { header += "," }
        JSONWriter.quote(key, into: &header)
        header += ":"
        JSONWriter.quote(value, into: &header)
      }
      header += "}"
    }
    for (i, (name, tensor)) in contents.tensors.enumerated() {
      if i > 0 || !contents.metadata.isEmpty { header += "," }
      JSONWriter.quote(name, into: &header)
      let dtype: String
      switch tensor.dtype {
      case .f32: dtype = "F32"
      case .f64: dtype = "F64"
      case .i64: dtype = "I64"
      case .bool: dtype = "BOOL"
      }
      header += ":{\"dtype\":\"\(dtype)\",\"shape\":["
      header += tensor.shape.map(String.init).joined(separator: ",")
      header += "],\"data_offsets\":[\(offsets[i].0),\(offsets[i].1)]}"
    }
    header += "}"
    var headerBytes = Array(header.utf8)
    // Pad with spaces so the data starts on an 8-byte boundary.
    headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)
    var out = (0..<8).map { UInt8((UInt64(headerBytes.count) >> (8 * UInt64($0))) & 0xFF) }
    out += headerBytes
    out += data
    return out
  }
}
