// A strict JSON parser (RFC 8259, plus Python's NaN/Infinity tokens) with a depth limit.

/// A parsed JSON value; numbers keep their text so they convert exactly to f32 or f64.
enum JSONValue {
  case null
  case bool(Bool)
  /// The number's text as written (validated), or `nan`, `inf`, `-inf`.
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in file order; duplicate keys are rejected while parsing.
  case object([(String, JSONValue)])
}

/// Parses JSON text from bytes, reporting errors with line and column.
struct JSONParser {
  /// The deepest nesting of arrays and objects accepted; deeper input is an error.
  static let maxDepth = 256

  private let bytes: [UInt8]
  private var at = 0
  private let context: FileContext

  /// Parses a whole document: one value, surrounded by optional whitespace.
  ///
  /// - Throws: `FileError` naming the file, the line and the column of the problem.
  static func parse(_ bytes: [UInt8], context: FileContext) throws -> JSONValue {
    var parser = JSONParser(bytes: bytes, context: context)
    // A UTF-8 byte-order mark is allowed before the value.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.at = 3 }
    parser.skipSpace()
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.at == bytes.count else { throw parser.fail("unexpected text after the value") }
    return value
  }

  private init(bytes: [UInt8], context: FileContext) {
    self.bytes = bytes
    self.context = context
  }

  /// value := object | array | string | number | true | false | null | NaN | Infinity
  private mutating func value(depth: Int) throws -> JSONValue {
    guard at < bytes.count else { throw fail("unexpected end of input, expected a value") }
    switch bytes[at] {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try word("true"); return .bool(true)
    case UInt8(ascii: "f"): try word("false"); return .bool(false)
    case UInt8(ascii: "n"): try word("null"); return .null
    case UInt8(ascii: "N"): try word("NaN"); return .number("nan")
    case UInt8(ascii: "I"): try word("Infinity"); return .number("inf")
    case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "I"):
      at += 1
      try word("Infinity")
      return .number("-inf")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw fail("unexpected character \(describe(bytes[at])), expected a value")
    }
  }

  /// object := '{' [string ':' value (',' string ':' value)*] '}'
  private mutating func object(depth: Int) throws -> JSONValue {
    guard depth <= JSONParser.maxDepth else { throw tooDeep() }
    at += 1
    var members: [(String, JSONValue)] = []
    var seen = Set<String>()
    skipSpace()
    if peek(0) == UInt8(ascii: "}") {
      at += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard peek(0) == UInt8(ascii: "\"") else { throw fail("expected a string key") }
      let keyStart = at
      let key = try string()
      guard seen.insert(key).inserted else {
        at = keyStart
        throw fail("duplicate key \"\(key)\"")
      }
      skipSpace()
      guard peek(0) == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
      at += 1
      skipSpace()
      members.append((key, try value(depth: depth)))
      skipSpace()
      switch peek(0) {
      case UInt8(ascii: ","): at += 1
      case UInt8(ascii: "}"): at += 1; return .object(members)
      default: throw fail("expected ',' or '}' in an object")
      }
    }
  }

  /// array := '[' [value (',' value)*] ']'
  private mutating func array(depth: Int) throws -> JSONValue {
    guard depth <= JSONParser.maxDepth else { throw tooDeep() }
    at += 1
    var items: [JSONValue] = []
    skipSpace()
    if peek(0) == UInt8(ascii: "]") {
      at += 1
      return .array(items)
    }
    while true {
      skipSpace()
      items.append(try value(depth: depth))
      skipSpace()
      switch peek(0) {
      case UInt8(ascii: ","): at += 1
      case UInt8(ascii: "]"): at += 1; return .array(items)
      default: throw fail("expected ',' or ']' in an array")
      }
    }
  }

  /// string := '"' (char | escape)* '"', in valid UTF-8 with no raw control characters.
  private mutating func string() throws -> String {
    at += 1
    var out: [UInt8] = []
    while true {
      guard at < bytes.count else { throw fail("string is never closed") }
      let b = bytes[at]
      switch b {
      case UInt8(ascii: "\""):
        at += 1
        guard let text = String(validating: out, as: UTF8.self) else {
          throw fail("string is not valid UTF-8")
        }
        return text
      case UInt8(ascii: "\\"):
        at += 1
        try escape(into: &out)
      case 0..<0x20:
        throw fail("control character \(describe(b)) in a string (write it as an escape)")
      default:
        out.append(b)
        at += 1
      }
    }
  }

  /// escape := '\' ( '"' | '\' | '/' | b | f | n | r | t | u XXXX [\u XXXX] )
  private mutating func escape(into out: inout [UInt8]) throws {
    guard at < bytes.count else { throw fail("string is never closed") }
    let c = bytes[at]
    at += 1
    let simple: [UInt8: UInt8] = [
      UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
      UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
      UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
    ]
    if let byte = simple[c] {
      out.append(byte)
      return
    }
    guard c == UInt8(ascii: "u") else {
      at -= 2
      throw fail("invalid escape \\\(Character(Unicode.Scalar(c)))")
    }
    var code = try hex4()
    if (0xD800..<0xDC00).contains(code) {
      // A high surrogate must be followed by an escaped low surrogate.
      guard peek(0) == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
        throw fail("unpaired surrogate \\u\(String(code, radix: 16))")
      }
      at += 2
      let low = try hex4()
      guard (0xDC00..<0xE000).contains(low) else {
        throw fail("unpaired surrogate \\u\(String(code, radix: 16))")
      }
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
    } else if (0xDC00..<0xE000).contains(code) {
      throw fail("unpaired surrogate \\u\(String(code, radix: 16))")
    }
    guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
    out.append(contentsOf: Array(String(Character(scalar)).utf8))
  }

  /// Four hexadecimal digits.
  private mutating func hex4() throws -> UInt32 {
    var code: UInt32 = 0
    for _ in 0..<4 {
      guard let b = peek(0), let digit = hexValue(b) else { throw fail("invalid \\u escape") }
      code = code * 16 + digit
      at += 1
    }
    return code
  }

  /// number := '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
  private mutating func number() throws -> String {
    let start = at
    if peek(0) == UInt8(ascii: "-") { at += 1 }
    guard let first = peek(0), isDigit(first) else { throw fail("invalid number") }
    at += 1
    if first != UInt8(ascii: "0") { skipDigits() }
    if peek(0) == UInt8(ascii: ".") {
      at += 1
      guard let d = peek(0), isDigit(d) else {
        throw fail("invalid number: digits must follow '.'")
      }
      skipDigits()
    }
    if peek(0) == UInt8(ascii: "e") || peek(0) == UInt8(ascii: "E") {
      at += 1
      if peek(0) == UInt8(ascii: "+") || peek(0) == UInt8(ascii: "-") { at += 1 }
      guard let d = peek(0), isDigit(d) else { throw fail("invalid number: bad exponent") }
      skipDigits()
    }
    return String(decoding: bytes[start..<at], as: UTF8.self)
  }

  private mutating func skipDigits() {
    while let b = peek(0), isDigit(b) { at += 1 }
  }

  /// Consumes exactly `text` (a keyword).
  private mutating func word(_ text: String) throws {
    let w = Array(text.utf8)
    guard at + w.count <= bytes.count, Array(bytes[at..<(at + w.count)]) == w else {
      throw fail("unexpected character \(describe(bytes[at])), expected a value")
    }
    at += w.count
  }

  private mutating func skipSpace() {
    while let b = peek(0), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { at += 1 }
  }

  private func peek(_ ahead: Int) -> UInt8? {
    at + ahead < bytes.count ? bytes[at + ahead] : nil
  }

  private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  private func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case 0x30...0x39: UInt32(b - 0x30)
    case 0x41...0x46: UInt32(b - 0x41 + 10)
    case 0x61...0x66: UInt32(b - 0x61 + 10)
    default: nil
    }
  }

  private func describe(_ b: UInt8) -> String {
    b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "0x" + String(b, radix: 16)
  }

  private func tooDeep() -> FileError {
    fail("nested deeper than \(JSONParser.maxDepth) levels")
  }

  /// An error at the current position: `op: 'file': line L, column C: message`.
  private func fail(_ message: String) -> FileError {
    var line = 1
    var column = 1
    for b in bytes[0..<min(at, bytes.count)] {
      if b == 0x0A {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1  // count characters, not UTF-8 continuation bytes
      }
    }
    return context.error("line \(line), column \(column): \(message)")
  }
}
