// Parsing the Python dict literal in an .npy header, without evaluating anything.

/// A Python literal as it appears in an .npy header.
enum PyLiteral: Equatable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case none
  case tuple([PyLiteral])
  case list([PyLiteral])
  case dict([(String, PyLiteral)])

  static func == (a: PyLiteral, b: PyLiteral) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): x == y
    case (.int(let x), .int(let y)): x == y
    case (.bool(let x), .bool(let y)): x == y
    case (.none, .none): true
    case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)): x == y
    case (.dict(let x), .dict(let y)):
      x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }
}

/// A parser for the subset of Python literal syntax that numpy writes in .npy headers:
/// strings, integers, `True`/`False`/`None`, tuples, lists and dicts with string keys.
struct PyLiteralParser {
  private let chars: [Unicode.Scalar]
  private var at = 0
  private static let maxDepth = 32

  /// Parses `text` as exactly one literal (surrounding whitespace allowed).
  ///
  /// - Returns: the literal, or a message describing the first problem.
  static func parse(_ text: String) -> Result<PyLiteral, ParseProblem> {
    var p = PyLiteralParser(chars: Array(text.unicodeScalars))
    do {
      p.skipSpace()
      let value = try p.literal(depth: 0)
      p.skipSpace()
      guard p.at == p.chars.count else { throw ParseProblem("unexpected text after the dict") }
      return .success(value)
    } catch {
      return .failure(error as? ParseProblem ?? ParseProblem("invalid header"))
    }
  }

  /// A description of why a header does not parse.
  struct ParseProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }

  private init(chars: [Unicode.Scalar]) { self.chars = chars }

  private mutating func literal(depth: Int) throws(ParseProblem) -> PyLiteral {
    guard depth < PyLiteralParser.maxDepth else { throw ParseProblem("nested too deeply") }
    guard let c = peek() else { throw ParseProblem("unexpected end, expected a value") }
    switch c {
    case "'", "\"": return .string(try string())
    case "(":
      let (items, sawComma) = try sequence(close: ")", depth: depth)
      // `(3)` is just 3 in Python; only `(3,)` is a tuple.
      if items.count == 1 && !sawComma { return items[0] }
      return .tuple(items)
    case "[": return .list(try sequence(close: "]", depth: depth).0)
    case "{": return try dict(depth: depth)
    case "-", "+", "0"..."9": return .int(try integer())
    default:
      let word = identifier()
      switch word {
      case "True": return .bool(true)
      case "False": return .bool(false)
      case "None": return .none
      default: throw ParseProblem("unexpected '\(word.isEmpty ? String(c) : word)'")
      }
    }
  }

  /// dict := '{' [string ':' literal (',' string ':' literal)* [',']] '}'
  private mutating func dict(depth: Int) throws(ParseProblem) -> PyLiteral {
    at += 1
    var members: [(String, PyLiteral)] = []
    while true {
      skipSpace()
      if peek() == "}" {
        at += 1
        return .dict(members)
      }
      guard peek() == "'" || peek() == "\"" else { throw ParseProblem("expected a string key") }
      let key = try string()
      guard !members.contains(where: { $0.0 == key }) else {
        throw ParseProblem("duplicate key '\(key)'")
      }
      skipSpace()
      guard peek() == ":" else { throw ParseProblem("expected ':' after '\(key)'") }
      at += 1
      skipSpace()
      members.append((key, try literal(depth: depth + 1)))
      skipSpace()
      if peek() == "," {
        at += 1
      } else if peek() != "}" {
        throw ParseProblem("expected ',' or '}'")
      }
    }
  }

  /// Items up to `close`, comma-separated with an optional trailing comma.
  private mutating func sequence(close: Unicode.Scalar, depth: Int) throws(ParseProblem)
    -> ([PyLiteral], Bool)
  {
    at += 1
    var items: [PyLiteral] = []
    var sawComma = false
    while true {
      skipSpace()
      if peek() == close {
        at += 1
        return (items, sawComma)
      }
      items.append(try literal(depth: depth + 1))
      skipSpace()
      if peek() == "," {
        at += 1
        sawComma = true
      } else if peek() != close {
        throw ParseProblem("expected ',' or '\(close)'")
      }
    }
  }

  /// A quoted string with backslash escapes for quotes and backslashes.
  private mutating func string() throws(ParseProblem) -> String {
    guard let quote = peek() else { throw ParseProblem("expected a string") }
    at += 1
    var out = ""
    while let c = peek() {
      at += 1
      if c == quote { return out }
      if c == "\\" {
        guard let next = peek() else { break }
        at += 1
        switch next {
        case "n": out.append("\n")
        case "t": out.append("\t")
        default: out.unicodeScalars.append(next)
        }
      } else if c == "\n" {
        break
      } else {
        out.unicodeScalars.append(c)
      }
    }
    throw ParseProblem("string is never closed")
  }

  /// A decimal integer, optionally signed, optionally with Python 2's `L` suffix.
  private mutating func integer() throws(ParseProblem) -> Int {
    var text = ""
    if let c = peek(), c == "-" || c == "+" {
      text.unicodeScalars.append(c)
      at += 1
    }
    while let c = peek(), ("0"..."9").contains(c) {
      text.unicodeScalars.append(c)
      at += 1
    }
    if peek() == "L" { at += 1 }
    guard let value = Int(text) else {
      throw ParseProblem(text.count > 2 ? "integer \(text) is too large" : "invalid integer")
    }
    return value
  }

  private mutating func identifier() -> String {
    var word = ""
    while let c = peek(), c.properties.isAlphabetic || c == "_" {
      word.unicodeScalars.append(c)
      at += 1
    }
    return word
  }

  private mutating func skipSpace() {
    while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { at += 1 }
  }

  private func peek() -> Unicode.Scalar? { at < chars.count ? chars[at] : nil }
}
