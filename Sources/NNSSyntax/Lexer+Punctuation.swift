extension Lexer {
  /// Lexes an operator or punctuation mark, or reports a character that starts no token.
  ///
  /// Inside an interpolation, brackets are counted so that the `}` closing the interpolation
  /// (and a `:` starting its format spec) are recognised only at bracket depth zero.
  mutating func lexPunctuation(_ buffer: UnsafeBufferPointer<UInt8>, start: SourceLocation)
    -> Token
  {
    let byte = buffer[index]
    let next: UInt8 = index + 1 < buffer.count ? buffer[index + 1] : 0
    /// One byte, or two when followed by `=`.
    func pick(_ single: TokenKind, _ withEqual: TokenKind?) -> (TokenKind, Int) {
      if let withEqual, next == UInt8(ascii: "=") { return (withEqual, 2) }
      return (single, 1)
    }
    let kind: TokenKind
    let length: Int
    switch byte {
    case UInt8(ascii: "+"): (kind, length) = pick(.plus, .plusEqual)
    case UInt8(ascii: "-"): (kind, length) = pick(.minus, .minusEqual)
    case UInt8(ascii: "*"): (kind, length) = pick(.star, .starEqual)
    case UInt8(ascii: "/"): (kind, length) = pick(.slash, .slashEqual)
    case UInt8(ascii: "%"): (kind, length) = (.percent, 1)
    case UInt8(ascii: "@"): (kind, length) = (.at, 1)
    case UInt8(ascii: "^"): (kind, length) = (.caret, 1)
    case UInt8(ascii: "="): (kind, length) = pick(.equal, .equalEqual)
    case UInt8(ascii: "<"): (kind, length) = pick(.less, .lessEqual)
    case UInt8(ascii: ">"): (kind, length) = pick(.greater, .greaterEqual)
    case UInt8(ascii: ".")
    where next == UInt8(ascii: ".") && index + 2 < buffer.count
      && buffer[index + 2] == UInt8(ascii: "."):
      (kind, length) = (.ellipsis, 3)
    case UInt8(ascii: "."): (kind, length) = (.dot, 1)
    case UInt8(ascii: ","): (kind, length) = (.comma, 1)
    case UInt8(ascii: ";"): (kind, length) = (.semicolon, 1)
    case UInt8(ascii: "!") where next == UInt8(ascii: "="): (kind, length) = (.bangEqual, 2)
    case UInt8(ascii: ":"):
      if case .interpolation(0) = modes.last { return lexFormatSpec(buffer, start: start) }
      (kind, length) = (.colon, 1)
    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
      if case .interpolation(let depth) = modes.last {
        modes[modes.count - 1] = .interpolation(depth: depth + 1)
      }
      kind =
        byte == UInt8(ascii: "(")
        ? .leftParen
        : byte == UInt8(ascii: "[")
          ? .leftBracket
          : .leftBrace
      length = 1
    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
      if case .interpolation(let depth) = modes.last {
        if depth == 0, byte == UInt8(ascii: "}") {
          advance(1)
          modes.removeLast()
          return token(.interpolationEnd, from: start)
        }
        modes[modes.count - 1] = .interpolation(depth: max(0, depth - 1))
      }
      kind =
        byte == UInt8(ascii: ")")
        ? .rightParen
        : byte == UInt8(ascii: "]")
          ? .rightBracket
          : .rightBrace
      length = 1
    default:
      return lexStrayCharacter(buffer, start: start)
    }
    advance(length)
    return token(kind, from: start)
  }

  /// Reports a byte or character that starts no token, consuming it.
  mutating func lexStrayCharacter(_ buffer: UnsafeBufferPointer<UInt8>, start: SourceLocation)
    -> Token
  {
    let byte = buffer[index]
    if byte == 0 {
      advance(1)
      return token(.error, from: start, text: "NUL byte in source")
    }
    let step = UTF8Decoding.decode(buffer, at: index)
    index += step.length
    column += 1
    guard let scalar = step.scalar else {
      return token(.error, from: start, text: Lexer.invalidByteMessage(byte))
    }
    let hint: String
    switch scalar {
    case "!": hint = " (use 'not' for negation)"
    case "&": hint = " (use 'and')"
    case "|": hint = " (use 'or')"
    case "'": hint = " (strings use double quotes)"
    default: hint = ""
    }
    let shown: String
    if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.isWhitespace {
      let hex = String(scalar.value, radix: 16, uppercase: true)
      shown = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    } else {
      shown = "'\(scalar)'"
    }
    return token(.error, from: start, text: "unexpected character \(shown)\(hint)")
  }

  /// Lexes `:spec}` ending an interpolation; the spec text travels on the `interpolationEnd`.
  mutating func lexFormatSpec(_ buffer: UnsafeBufferPointer<UInt8>, start: SourceLocation)
    -> Token
  {
    advance(1)
    let first = index
    while index < buffer.count {
      let byte = buffer[index]
      if byte == UInt8(ascii: "}") {
        let spec = String(
          decoding: UnsafeBufferPointer(rebasing: buffer[first..<index]), as: UTF8.self)
        advance(1)
        modes.removeLast()
        return token(.interpolationEnd, from: start, text: spec)
      }
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte >= 0x80 || byte == 0 {
        break
      }
      advance(1)
    }
    // No closing brace: leave the interpolation so the string's own end can still be found.
    modes.removeLast()
    if index >= buffer.count { return Token(.endOfInput, range: SourceRange(at: location)) }
    return token(.error, from: start, text: "expected '}' after format spec")
  }
}
