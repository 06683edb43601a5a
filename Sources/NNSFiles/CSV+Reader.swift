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
    guard dtype.isFloat else {
      throw FileError("\(op): dtype must be f32 or f64, got \(dtype.name)")
    }
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
      let cells = rows.multipliedReportingOverflow(by: expected)
      guard !cells.overflow, cells.partialValue <= Tensor.maxElements else {
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

  /// The cell's text without surrounding spaces if it is a decimal number, `nan`, `inf` or
  /// `infinity` (any case, optionally signed), or empty; nil otherwise.
  static func numberText(_ field: ArraySlice<UInt8>) -> String? {
    var lo = field.startIndex
    var hi = field.endIndex
    while lo < hi, field[lo] == 0x20 || field[lo] == 0x09 { lo += 1 }
    while hi > lo, field[hi - 1] == 0x20 || field[hi - 1] == 0x09 { hi -= 1 }
    let body = field[lo..<hi]
    guard !body.isEmpty else { return "" }
    var i = body.startIndex
    if body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") { i += 1 }
    let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
    if i < hi, !isDigit(body[i]), body[i] != UInt8(ascii: ".") {
      // Letters: only the spellings of NaN and infinity.
      let word = String(decoding: body[i...], as: UTF8.self).lowercased()
      return ["nan", "inf", "infinity"].contains(word) ? String(decoding: body, as: UTF8.self) : nil
    }
    // digits [. digits] [e [sign] digits], with at least one digit in the mantissa
    var digits = 0
    while i < hi, isDigit(body[i]) { digits += 1; i += 1 }
    if i < hi, body[i] == UInt8(ascii: ".") {
      i += 1
      while i < hi, isDigit(body[i]) { digits += 1; i += 1 }
    }
    guard digits > 0 else { return nil }
    if i < hi, body[i] == UInt8(ascii: "e") || body[i] == UInt8(ascii: "E") {
      i += 1
      if i < hi, body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") { i += 1 }
      var expDigits = 0
      while i < hi, isDigit(body[i]) { expDigits += 1; i += 1 }
      guard expDigits > 0 else { return nil }
    }
    return i == hi ? String(decoding: body, as: UTF8.self) : nil
  }
}

/// Splits CSV bytes into records of fields, tracking the line each record starts on.
struct RecordReader {
  struct Field {
    /// The field's bytes: a slice of the input, or the unquoted copy of a quoted field.
    var text: ArraySlice<UInt8>
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
      var fieldStart = at
      var quoted: [UInt8]? = nil  // the contents of a quoted field once its quotes are read
      var blank = true
      func endField(_ end: Int) {
        fields.append(
          quoted.map { Field(text: $0[...], quoted: true) }
            ?? Field(text: bytes[fieldStart..<end], quoted: false))
      }
      recordLoop: while true {
        guard at < bytes.count else {
          endField(at)
          break
        }
        let b = bytes[at]
        if b == 0x22 && quoted == nil
          && bytes[fieldStart..<at].allSatisfy({ $0 == 0x20 || $0 == 0x09 })
        {
          // A quoted field: read to the closing quote, "" is one quote.
          at += 1
          blank = false
          var text: [UInt8] = []
          try readQuoted(into: &text, startLine: line)
          quoted = text
          continue
        }
        at += 1
        switch b {
        case separator:
          endField(at - 1)
          fieldStart = at
          quoted = nil
          blank = false
        case 0x0A, 0x0D:
          endField(at - 1)
          if b == 0x0D && at < bytes.count && bytes[at] == 0x0A { at += 1 }
          line += 1
          break recordLoop
        case 0x20, 0x09:
          break
        default:
          if quoted != nil {
            throw FileError(
              "\(op): line \(line), column \(fields.count + 1): text after a closing quote")
          }
          blank = false
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
