/// Turns a source's bytes into tokens on demand, in one linear pass.
///
/// The lexer keeps a mode stack so string interpolation nests: inside `"..."` it produces
/// `stringText`, `interpolationBegin` and `stringEnd`; inside `{...}` of a string it produces
/// ordinary tokens until the matching `}` (or `:spec}`), which becomes `interpolationEnd`.
/// Problems (invalid UTF-8, NUL bytes, stray characters, bad escapes or numbers) come back as
/// `.error` tokens carrying the message; the lexer never stops early and never traps.
/// Consecutive newlines and comment lines collapse into one `newline` token.
public struct Lexer {
  /// What the bytes at the current position mean.
  enum Mode {
    /// Ordinary code.
    case code
    /// The text of a string literal.
    case string
    /// Code inside `{...}` of a string; `depth` counts brackets opened inside it.
    case interpolation(depth: Int)
  }

  /// The source being lexed.
  public let source: Source
  /// The bytes of the source (shared with it, copy-on-write).
  let bytes: [UInt8]
  /// Offset of the next unread byte.
  var index = 0
  /// Line of the next unread byte.
  var line = 1
  /// Column of the next unread byte, in scalars.
  var column = 1
  /// The mode stack; never empty.
  var modes: [Mode] = [.code]
  /// True when an error interrupted a comment, which must be skipped on the next call.
  var resumeComment = false
  /// A token found while collapsing layout, returned by the next call.
  var pending: Token?

  /// Creates a lexer at the start of a source.
  /// - Parameter source: the text to lex.
  public init(source: Source) {
    self.source = source
    self.bytes = source.bytes
    self.line = source.firstLine
    // A UTF-8 byte-order mark (some Windows editors write one) is not part of the program.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
  }

  /// The position of the next unread byte.
  var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

  /// Reads the next token; at the end it returns `endOfInput` again and again.
  /// - Returns: the token.
  public mutating func next() -> Token {
    if let token = pending {
      pending = nil
      return token
    }
    let bytes = self.bytes
    return bytes.withUnsafeBufferPointer { buffer in
      if case .string = modes.last { return lexStringPiece(buffer) }
      return lexCode(buffer)
    }
  }

  /// Lexes every token up to and including `endOfInput` (for tests and tools).
  /// - Parameter source: the text to lex.
  /// - Returns: the tokens in order.
  public static func tokenize(_ source: Source) -> [Token] {
    var lexer = Lexer(source: source)
    var tokens: [Token] = []
    while true {
      let token = lexer.next()
      tokens.append(token)
      if token.kind == .endOfInput { return tokens }
    }
  }

  /// Lexes one token in code mode (top level or inside an interpolation).
  mutating func lexCode(_ buffer: UnsafeBufferPointer<UInt8>) -> Token {
    if resumeComment {
      resumeComment = false
      if let error = skipComment(buffer) { return error }
    }
    while true {
      skipBlanks(buffer)
      let start = location
      guard index < buffer.count else { return Token(.endOfInput, range: SourceRange(at: start)) }
      let byte = buffer[index]
      switch byte {
      case UInt8(ascii: "#"):
        // Inside `{...}` of a string a comment would swallow the string's end.
        if case .interpolation = modes.last {
          advance(1)
          return token(
            .error, from: start, text: "a comment cannot appear inside '{...}' of a string")
        }
        if let error = skipComment(buffer) { return error }
      case UInt8(ascii: "\n"):
        index += 1
        line += 1
        column = 1
        let end = location
        collapseLayout(buffer)
        return Token(.newline, range: SourceRange(start: start, end: end))
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "_"):
        return lexWord(buffer, start: start)
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        return lexNumber(buffer, start: start)
      case UInt8(ascii: "\""):
        advance(1)
        modes.append(.string)
        return token(.stringBegin, from: start)
      default:
        return lexPunctuation(buffer, start: start)
      }
    }
  }

  /// Moves past `count` single-column bytes on the current line.
  mutating func advance(_ count: Int) {
    index += count
    column += count
  }

  /// A token of `kind` from `start` to the current position.
  func token(_ kind: TokenKind, from start: SourceLocation, text: String = "") -> Token {
    Token(kind, range: SourceRange(start: start, end: location), text: text)
  }

  /// Skips spaces, tabs, carriage returns and form feeds.
  mutating func skipBlanks(_ buffer: UnsafeBufferPointer<UInt8>) {
    while index < buffer.count {
      let byte = buffer[index]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C else { return }
      index += 1
      column += 1
    }
  }

  /// After a newline, skips blank lines and comment lines so they make no further tokens.
  mutating func collapseLayout(_ buffer: UnsafeBufferPointer<UInt8>) {
    while true {
      skipBlanks(buffer)
      guard index < buffer.count else { return }
      if buffer[index] == UInt8(ascii: "\n") {
        index += 1
        line += 1
        column = 1
      } else if buffer[index] == UInt8(ascii: "#") {
        if let error = skipComment(buffer) {
          pending = error
          return
        }
      } else {
        return
      }
    }
  }

  /// Skips a comment up to (not including) its newline, validating its UTF-8.
  /// - Returns: an error token for an invalid byte or NUL (the rest of the comment is skipped
  ///   on the next call), or `nil` when the comment was skipped whole.
  mutating func skipComment(_ buffer: UnsafeBufferPointer<UInt8>) -> Token? {
    while index < buffer.count {
      let runEnd = ASCIIScan.commentRun(buffer, from: index)
      column += runEnd - index
      index = runEnd
      guard index < buffer.count else { return nil }
      let byte = buffer[index]
      if byte == 0x0A { return nil }
      if byte != 0, byte < 0x80 {
        index &+= 1
        column &+= 1
        continue
      }
      let start = location
      if byte == 0 {
        advance(1)
        resumeComment = true
        return token(.error, from: start, text: "NUL byte in source")
      }
      let step = UTF8Decoding.decode(buffer, at: index)
      index += step.length
      column += 1
      if step.scalar == nil {
        resumeComment = true
        return token(.error, from: start, text: Lexer.invalidByteMessage(byte))
      }
    }
    return nil
  }

  /// Lexes an identifier or keyword starting at the current position.
  mutating func lexWord(_ buffer: UnsafeBufferPointer<UInt8>, start: SourceLocation) -> Token {
    let first = index
    while index < buffer.count, Lexer.isWordByte(buffer[index]) { index += 1 }
    column += index - first
    let word = String(decoding: UnsafeBufferPointer(rebasing: buffer[first..<index]), as: UTF8.self)
    if let keyword = TokenKind.keywords[word] { return token(keyword, from: start) }
    return token(.identifier, from: start, text: word)
  }

  /// True for the bytes of `[A-Za-z0-9_]`.
  static func isWordByte(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
  }

  /// The message for a byte that starts no valid UTF-8 sequence.
  static func invalidByteMessage(_ byte: UInt8) -> String {
    let hex = String(byte, radix: 16)
    return "invalid UTF-8 byte 0x\(hex.count == 1 ? "0" + hex : hex)"
  }
}
