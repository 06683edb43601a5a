// Reading numeric CSV tables (RFC 4180 quoting, CRLF or LF line ends).

import NNSTensor

/// Reads and writes numeric CSV tables.
public enum CSV {
  /// A table read from CSV: the header's column names (empty without a header) and the data.
  public struct Table {
    /// The header fields, unquoted; empty when the file was read with `header: false`.
    public var columns: [String]
    /// The cells as a tensor of shape `[rows, columns]`.
    public var data: Tensor
  }

  /// Decodes CSV text into a table of numbers.
  ///
  /// Fields are separated by `separator`; a field in double quotes may hold separators, line
  /// breaks and `""` (one quote). Records end at LF, CRLF or CR. Blank lines are skipped, a UTF-8
  /// byte-order mark is ignored, and spaces around a number are allowed. An empty cell is NaN
  /// (as pandas reads it); `nan`, `inf` and `-inf` are numbers.
  /// - Parameters:
  ///   - bytes: the file's contents.
  ///   - header: the first record holds column names.
  ///   - dtype: `f32` or `f64`, the tensor's dtype.
  ///   - separator: the field separator byte (`,` unless given).
  ///   - op: the operation for error messages.
  /// - Throws: `FileError` for ragged rows (`load_csv: line 4 has 3 fields, expected 5`),
  ///   non-numbers (`load_csv: line 7, column 2: 'abc' is not a number`) or a quote that is
  ///   never closed.
  public static func decode(
    _ bytes: [UInt8], header: Bool = true, dtype: DType = Tensor.defaultFloat,
    separator: UInt8 = UInt8(ascii: ","), op: String = "load_csv"
  ) throws -> Table {
    guard dtype != .bool else { throw FileError("\(op): dtype must be f32 or f64, got bool") }
    var reader = RecordReader(bytes: bytes, separator: separator, op: op)
    var columns: [String] = []
    var width: Int? = nil
    if header, let first = try reader.next() {
      columns = first.fields.map { field in
        let name = String(decoding: field.text, as: UTF8.self)
        return field.quoted ? name : name.trimmingSpaces
      }
      width = columns.count
    }
    var floats: [Float] = []
    var doubles: [Double] = []
    var rows = 0
    while let record = try reader.next() {
      let expected = width ?? record.fields.count
      width = expected
      guard record.fields.count == expected else {
        throw FileError(
          "\(op): line \(record.line) has \(record.fields.count) field"
            + "\(record.fields.count == 1 ? "" : "s"), expected \(expected)")
      }
      for (column, field) in record.fields.enumerated() {
        guard let text = numberText(field.text) else {
          let shown = String(decoding: field.text, as: UTF8.self)
          throw FileError(
            "\(op): line \(record.line), column \(column + 1): '\(shown)' is not a number")
        }
        if dtype == .f32 {
          floats.append(text.isEmpty ? .nan : Float(text) ?? .nan)
        } else {
          doubles.append(text.isEmpty ? .nan : Double(text) ?? .nan)
        }
      }
      rows += 1
      guard rows.multipliedReportingOverflow(by: expected).partialValue <= Tensor.maxElements else {
        throw FileError("\(op): the table is too large (the limit is \(Tensor.maxElements) cells)")
      }
    }
    let shape = [rows, width ?? 0]
    do {
      let data =
        dtype == .f32
        ? try Tensor(shape: shape, floats: floats) : try Tensor(shape: shape, doubles: doubles)
      return Table(columns: columns, data: data)
    } catch {
      throw FileError("\(op): \(error)")
    }
  }

  /// The cell's text trimmed of spaces if it is a decimal number, `nan`, `inf`, `infinity`
  /// (any case, optionally signed) or empty; nil otherwise.
  static func numberText(_ field: [UInt8]) -> String? {
    var lo = 0
    var hi = field.count
    while lo < hi, field[lo] == 0x20 || field[lo] == 0x09 { lo += 1 }
    while hi > lo, field[hi - 1] == 0x20 || field[hi - 1] == 0x09 { hi -= 1 }
    let text = String(decoding: field[lo..<hi], as: UTF8.self)
    if text.isEmpty { return text }
    var body = Substring(text)
    if body.first == "+" || body.first == "-" { body = body.dropFirst() }
    if let first = body.first, first.isLetter {
      switch body.lowercased() {
      case "nan", "inf", "infinity": return text
      default: return nil
      }
    }
    // digits [. digits] [e [sign] digits], with at least one digit in the mantissa
    var digits = 0
    var i = body.startIndex
    while i < body.endIndex, body[i].isASCII, body[i].isNumber {
      digits += 1; i = body.index(after: i)
    }
    if i < body.endIndex, body[i] == "." {
      i = body.index(after: i)
      while i < body.endIndex, body[i].isASCII, body[i].isNumber {
        digits += 1; i = body.index(after: i)
      }
    }
    guard digits > 0 else { return nil }
    if i < body.endIndex, body[i] == "e" || body[i] == "E" {
      i = body.index(after: i)
      if i < body.endIndex, body[i] == "+" || body[i] == "-" { i = body.index(after: i) }
      var expDigits = 0
      while i < body.endIndex, body[i].isASCII, body[i].isNumber {
        expDigits += 1; i = body.index(after: i)
      }
      guard expDigits > 0 else { return nil }
    }
    return i == body.endIndex ? text : nil
  }
}

/// Splits CSV bytes into records of fields, tracking the line each record starts on.
struct RecordReader {
  struct Field {
    var text: [UInt8]
    /// The field was in quotes (so its spaces are part of it).
    var quoted: Bool
  }
  struct Record {
    var fields: [Field]
    var line: Int
  }

  let bytes: [UInt8]
  let separator: UInt8
  let op: String
  private var at = 0
  private var line = 1

  init(bytes: [UInt8], separator: UInt8, op: String) {
    self.bytes = bytes
    self.separator = separator
    self.op = op
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { at = 3 }
  }

  /// The next non-blank record, or nil at the end of the input.
  mutating func next() throws -> Record? {
    while at < bytes.count {
      let start = line
      var fields: [Field] = []
      var field: [UInt8] = []
      var quotedField = false
      var blank = true
      recordLoop: while true {
        guard at < bytes.count else {
          fields.append(Field(text: field, quoted: quotedField))
          break
        }
        let b = bytes[at]
        if b == 0x22 && field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !quotedField {
          // A quoted field: read to the closing quote, "" is one quote.
          field = []
          quotedField = true
          blank = false
          at += 1
          try readQuoted(into: &field, startLine: line)
          continue
        }
        at += 1
        switch b {
        case separator:
          fields.append(Field(text: field, quoted: quotedField))
          field = []
          quotedField = false
          blank = false
        case 0x0A, 0x0D:
          if b == 0x0D && at < bytes.count && bytes[at] == 0x0A { at += 1 }
          line += 1
          fields.append(Field(text: field, quoted: quotedField))
          break recordLoop
        default:
          if quotedField && b != 0x20 && b != 0x09 {
            throw FileError(
              "\(op): line \(line), column \(fields.count + 1): text after a closing quote")
          }
          if b != 0x20 && b != 0x09 { blank = false }
          if !quotedField { field.append(b) }
        }
      }
      if blank && fields.count == 1 { continue }
      return Record(fields: fields, line: start)
    }
    return nil
  }

  /// Reads a quoted field's contents up to and past its closing quote.
  private mutating func readQuoted(into field: inout [UInt8], startLine: Int) throws {
    while at < bytes.count {
      let b = bytes[at]
      at += 1
      if b == 0x22 {
        if at < bytes.count && bytes[at] == 0x22 {
          field.append(0x22)
          at += 1
        } else {
          return
        }
      } else {
        if b == 0x0A || (b == 0x0D && (at >= bytes.count || bytes[at] != 0x0A)) { line += 1 }
        field.append(b)
      }
    }
    throw FileError("\(op): line \(startLine): a quoted field is never closed")
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    let scalars = unicodeScalars
    guard let lo = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
      let hi = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
    else { return "" }
    return String(scalars[lo...hi])
  }
}
