extension Lexer {
  /// Lexes the next piece of a string literal's text: `"` (end), `{` (interpolation), literal
  /// text with escapes decoded, or an error for a bad escape, a stray `}`, NUL or invalid UTF-8.
  ///
  /// Text may span lines. Escapes: `\n \t \" \\ \{ \}`. At the end of input it returns
  /// `endOfInput`; the parser reports the string as never closed at its opening quote.
  mutating func lexStringPiece(_ buffer: UnsafeBufferPointer<UInt8>) -> Token {
    let start = location
    guard index < buffer.count else { return Token(.endOfInput, range: SourceRange(at: start)) }
    switch buffer[index] {
    case UInt8(ascii: "\""):
      advance(1)
      modes.removeLast()
      return token(.stringEnd, from: start)
    case UInt8(ascii: "{"):
      advance(1)
      modes.append(.interpolation(depth: 0))
      return token(.interpolationBegin, from: start)
    case UInt8(ascii: "}"):
      advance(1)
      return token(.error, from: start, text: "unexpected '}' in string (write '\\}' for a brace)")
    default:
      return lexStringText(buffer, start: start)
    }
  }

  /// Lexes literal string text up to the next `"`, `{`, `}`, bad escape or bad byte.
  mutating func lexStringText(_ buffer: UnsafeBufferPointer<UInt8>, start: SourceLocation)
    -> Token
  {
    var decoded: [UInt8] = []
    var runStart = index
    /// Appends the bytes since `runStart` to `decoded`.
    func flush(upTo end: Int) {
      if end > runStart {
        decoded.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<end]))
      }
    }
    scan: while index < buffer.count {
      // Fast path: plain printable ASCII needs no decoding (plain comparisons; no range
      // patterns, which are slow in debug builds).
      let runFrom = index
      index = ASCIIScan.stringRun(buffer, from: index)
      while index < buffer.count {
        let byte = buffer[index]
        if byte >= 0x80 || byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7B
          || byte == 0x7D
        {
          break
        }
        index &+= 1
      }
      column += index - runFrom
      guard index < buffer.count else { break }
      let byte = buffer[index]
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"):
        break scan
      case UInt8(ascii: "\n"):
        index += 1
        line += 1
        column = 1
      case UInt8(ascii: "\\"):
        guard index + 1 < buffer.count else {
          flush(upTo: index)
          advance(1)
          runStart = index
          break scan
        }
        let escaped: UInt8
        switch buffer[index + 1] {
        case UInt8(ascii: "n"): escaped = 0x0A
        case UInt8(ascii: "t"): escaped = 0x09
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
          escaped = buffer[index + 1]
        default:
          if index > runStart || !decoded.isEmpty { break scan }
          return badEscape(buffer, start: start)
        }
        flush(upTo: index)
        decoded.append(escaped)
        advance(2)
        runStart = index
      case 0:
        if index > runStart || !decoded.isEmpty { break scan }
        advance(1)
        return token(.error, from: start, text: "NUL byte in source")
      case 0x01..<0x80:
        index += 1
        column += 1
      default:
        let step = UTF8Decoding.decode(buffer, at: index)
        if step.scalar == nil {
          if index > runStart || !decoded.isEmpty { break scan }
          advance(1)
          return token(.error, from: start, text: Lexer.invalidByteMessage(byte))
        }
        index += step.length
        column += 1
      }
    }
    let text: String
    if decoded.isEmpty {
      text = String(
        decoding: UnsafeBufferPointer(rebasing: buffer[runStart..<index]), as: UTF8.self)
    } else {
      flush(upTo: index)
      text = String(decoding: decoded, as: UTF8.self)
    }
    return token(.stringText, from: start, text: text)
  }

  /// Reports and consumes an unknown escape such as `\q` at the current position.
  mutating func badEscape(_ buffer: UnsafeBufferPointer<UInt8>, start: SourceLocation) -> Token {
    advance(1)
    let step = UTF8Decoding.decode(buffer, at: index)
    if buffer[index] == UInt8(ascii: "\n") {
      return token(.error, from: start, text: "invalid escape: '\\' at the end of a line")
    }
    index += step.length
    column += 1
    guard let scalar = step.scalar, scalar.value >= 0x20, scalar.value != 0x7F else {
      return token(.error, from: start, text: "invalid escape in string")
    }
    return token(
      .error, from: start,
      text: "invalid escape '\\\(scalar)' in string (valid: \\n \\t \\\" \\\\ \\{ \\})")
  }
}
