extension Lexer {
  /// Longest number literal accepted, so a hostile input cannot make conversion slow.
  static let maxNumberLength = 1000

  /// Lexes a number: `12`, `3.5`, `1e-3`, `2.5E+4`, `1_000_000`.
  ///
  /// Grammar: `digits ('.' digits)? ([eE] [+-]? digits)?` where `digits` is `[0-9]` groups
  /// joined by single underscores. Letters, digits or underscores running on from a number
  /// (`12abc`, `1e`, `1_`) make the whole run an invalid number.
  mutating func lexNumber(_ buffer: UnsafeBufferPointer<UInt8>, start: SourceLocation) -> Token {
    let first = index
    var valid = true
    /// Consumes a digit group with underscores; false when it is empty or misuses `_`.
    func digits() -> Bool {
      let groupStart = index
      var previousWasDigit = false
      var ok = true
      while index < buffer.count {
        let byte = buffer[index]
        if byte >= 0x30, byte <= 0x39 {
          previousWasDigit = true
        } else if byte == UInt8(ascii: "_") {
          if !previousWasDigit { ok = false }
          previousWasDigit = false
        } else {
          break
        }
        index += 1
      }
      return ok && previousWasDigit && index > groupStart
    }
    valid = digits()
    if index + 1 < buffer.count, buffer[index] == UInt8(ascii: "."),
      buffer[index + 1] >= 0x30, buffer[index + 1] <= 0x39
    {
      index += 1
      valid = digits() && valid
    }
    if index < buffer.count, buffer[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == 0x2D {
        index += 1
      }
      valid = digits() && valid
    }
    // Anything word-like running on belongs to the (invalid) number.
    while index < buffer.count, Lexer.isWordByte(buffer[index]) {
      valid = false
      index += 1
    }
    column += index - first
    let slice = UnsafeBufferPointer(rebasing: buffer[first..<index])
    let text = String(decoding: slice, as: UTF8.self)
    /// The literal as quoted in messages, cut at 40 bytes (it is ASCII).
    var shown: String { text.utf8.count > 40 ? String(text.prefix(40)) + "..." : text }
    guard index - first <= Lexer.maxNumberLength else {
      return token(
        .error, from: start,
        text: "invalid number '\(shown)' (longer than \(Lexer.maxNumberLength) characters)")
    }
    guard valid, let value = Lexer.numberValue(slice, text: text) else {
      return token(.error, from: start, text: "invalid number '\(shown)'")
    }
    var result = token(.number, from: start, text: text)
    result.number = value
    return result
  }

  /// The value of a well-formed number literal: short integers are converted exactly here,
  /// everything else by the standard library's correctly rounded conversion.
  /// - Parameters:
  ///   - bytes: the literal's bytes.
  ///   - text: the same literal as a string.
  /// - Returns: the value, or `nil` if the conversion fails.
  static func numberValue(_ bytes: UnsafeBufferPointer<UInt8>, text: String) -> Double? {
    var integer = 0
    var digits = 0
    for byte in bytes {
      if byte == UInt8(ascii: "_") { continue }
      guard byte >= 0x30, byte <= 0x39, digits < 15 else {
        let digitsOnly = text.utf8.contains(UInt8(ascii: "_")) ? text.filter { $0 != "_" } : text
        return Double(digitsOnly)
      }
      integer = integer * 10 + Int(byte - 0x30)
      digits += 1
    }
    // At most 15 digits: below 2^53, so the conversion is exact.
    return Double(integer)
  }
}
