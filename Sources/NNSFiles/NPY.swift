// The numpy .npy format: versions 1.0, 2.0 and 3.0 read; 1.0 written.

import NNSTensor

/// Reads and writes numpy's `.npy` format (one array per file).
///
/// Reading accepts versions 1.0, 2.0 and 3.0; dtypes `b1`, `f2`, `f4`, `f8`, `i1`..`i8` and
/// `u1`..`u8` in either byte order (integers load as i64); C or Fortran order; shape `()` for
/// scalars. Writing uses version 1.0, C order, little endian: `<f4`, `<f8`, `<i8` or `|b1` (at
/// most 64 dimensions, as numpy, so the header always fits version 1.0).
public enum NPY {
  /// The six bytes every .npy file starts with.
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

  /// Decodes a whole .npy file held in memory.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents.
  ///   - file: the file's name for error messages.
  ///   - op: the operation for error messages.
  /// - Returns: the array as a tensor (see the type's documentation for dtypes).
  /// - Throws: `FileError` naming the file for every malformed, truncated or unsupported input.
  public static func decode(_ bytes: [UInt8], file: String = "<memory>", op: String = "load")
    throws -> Tensor
  {
    let context = FileContext(op: op, file: file)
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
      throw context.error("not a .npy file (it does not start with \\x93NUMPY)")
    }
    let major = bytes[6]
    let minor = bytes[7]
    guard (1...3).contains(major), minor == 0 else {
      throw context.error("unsupported .npy version \(major).\(minor) (nns reads 1.0, 2.0, 3.0)")
    }
    var headerLength: Int
    var headerStart: Int
    if major == 1 {
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    } else {
      guard bytes.count >= 12 else { throw context.error("truncated header") }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    }
    guard headerLength <= bytes.count - headerStart else {
      throw context.error(
        "truncated: the header says \(headerLength) bytes, only \(bytes.count - headerStart) follow"
      )
    }
    let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
    // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8.
    let headerText: String
    if major == 3 {
      guard let text = String(validating: headerBytes, as: UTF8.self) else {
        throw context.error("header is not valid UTF-8")
      }
      headerText = text
    } else {
      headerText = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
    }
    let header = try parseHeader(headerText, context: context)
    return try header.type.decode(
      bytes, offset: headerStart + headerLength, shape: header.shape,
      columnMajor: header.fortranOrder, context: context)
  }

  /// The parsed header: element type, order and shape.
  struct Header {
    var type: RawType
    var fortranOrder: Bool
    var shape: [Int]
  }

  /// Parses and checks the header dict: exactly the keys `descr`, `fortran_order`, `shape`.
  static func parseHeader(_ text: String, context: FileContext) throws -> Header {
    let literal: PyLiteral
    switch PyLiteralParser.parse(text) {
    case .success(let value): literal = value
    case .failure(let problem): throw context.error("malformed header: \(problem.message)")
    }
    guard case .dict(let members) = literal else {
      throw context.error("malformed header: it is not a dict")
    }
    let keys = Set(members.map(\.0))
    guard keys == ["descr", "fortran_order", "shape"] else {
      throw context.error(
        "malformed header: expected the keys 'descr', 'fortran_order' and 'shape', found "
          + members.map { "'\($0.0)'" }.joined(separator: ", "))
    }
    var descr = PyLiteral.none
    var fortran = PyLiteral.none
    var shapeValue = PyLiteral.none
    for (key, value) in members {
      switch key {
      case "descr": descr = value
      case "fortran_order": fortran = value
      default: shapeValue = value
      }
    }
    guard case .bool(let fortranOrder) = fortran else {
      throw context.error("malformed header: 'fortran_order' must be True or False")
    }
    guard case .tuple(let dims) = shapeValue else {
      throw context.error("malformed header: 'shape' must be a tuple of sizes")
    }
    var shape: [Int] = []
    for d in dims {
      guard case .int(let n) = d, n >= 0 else {
        throw context.error("malformed header: 'shape' must hold non-negative integers")
      }
      shape.append(n)
    }
    guard shape.count <= 64 else {
      throw context.error("malformed header: \(shape.count) dimensions (the limit is 64)")
    }
    guard case .string(let typeText) = descr else {
      throw context.error(
        "unsupported dtype: structured arrays cannot load (descr is not a string)")
    }
    guard let type = rawType(typeText) else {
      throw context.error(
        "unsupported dtype '\(typeText)' (nns reads bool, integer and float arrays)")
    }
    return Header(type: type, fortranOrder: fortranOrder, shape: shape)
  }

  /// The element type of a numpy type string such as `<f4`, `>i8`, `|b1`.
  static func rawType(_ descr: String) -> RawType? {
    var chars = Array(descr.unicodeScalars)
    var bigEndian = false
    if let first = chars.first, "<>|=".unicodeScalars.contains(first) {
      bigEndian = first == ">"
      chars.removeFirst()
    }
    guard chars.count >= 2, let size = Int(String(String.UnicodeScalarView(chars[1...]))) else {
      return nil
    }
    switch (chars[0], size) {
    case ("b", 1), ("?", 1): return RawType(kind: .bool, size: 1)
    case ("f", 2), ("f", 4), ("f", 8):
      return RawType(kind: .float, size: size, bigEndian: bigEndian)
    case ("i", 1), ("i", 2), ("i", 4), ("i", 8):
      return RawType(kind: .signed, size: size, bigEndian: bigEndian)
    case ("u", 1), ("u", 2), ("u", 4), ("u", 8):
      return RawType(kind: .unsigned, size: size, bigEndian: bigEndian)
    default: return nil
    }
  }

  /// Encodes a tensor as a .npy file: version 1.0, C order, little endian.
  ///
  /// numpy allows at most 64 dimensions, so the header always fits version 1.0's 64 KiB.
  /// - Throws: `FileError` for a tensor of more than 64 dimensions.
  public static func encode(_ tensor: Tensor, op: String = "save") throws -> [UInt8] {
    guard tensor.rank <= 64 else {
      throw FileError("\(op): a .npy file holds at most 64 dimensions, got \(tensor.rank)")
    }
    let descr: String
    switch tensor.dtype {
    case .f32: descr = "<f4"
    case .f64: descr = "<f8"
    case .bool: descr = "|b1"
    case .i64: descr = "<i8"
    }
    let dims = tensor.shape.map(String.init)
    let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
    var header = Array(
      "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
    // Pad with spaces so that the data starts on a 64-byte boundary; end with a newline.
    let total = (10 + header.count + 1 + 63) / 64 * 64
    header += [UInt8](repeating: 0x20, count: total - 10 - header.count - 1) + [0x0A]
    var out = magic
    out += [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
    out += header
    out += littleEndianBytes(tensor)
    return out
  }
}
