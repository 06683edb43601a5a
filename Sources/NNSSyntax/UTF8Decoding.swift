/// Decodes one UTF-8 scalar, validating it strictly (no overlongs, surrogates or values past
/// U+10FFFF), so the lexer and the diagnostic renderer agree on what a column is.
enum UTF8Decoding {
  /// The result of decoding at one position: a scalar and its byte length, or an invalid byte.
  struct Step {
    /// The decoded scalar, or `nil` when the byte at the position starts no valid sequence.
    var scalar: Unicode.Scalar?
    /// Bytes consumed: the sequence length, or 1 for an invalid byte.
    var length: Int
  }

  /// Decodes the scalar starting at `index`.
  /// - Parameters:
  ///   - bytes: the buffer.
  ///   - index: a valid index into `bytes`.
  /// - Returns: the scalar and its length, or an invalid step of length 1.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Step {
    let lead = bytes[index]
    if lead < 0x80 { return Step(scalar: Unicode.Scalar(lead), length: 1) }
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; high = 0x9F
    case 0xF0: length = 4; low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; high = 0x8F
    default: return Step(scalar: nil, length: 1)
    }
    guard index + length <= bytes.count else { return Step(scalar: nil, length: 1) }
    let second = bytes[index + 1]
    guard second >= low, second <= high else { return Step(scalar: nil, length: 1) }
    var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
    value = value << 6 | UInt32(second & 0x3F)
    var position = index + 2
    while position < index + length {
      let next = bytes[position]
      guard next & 0xC0 == 0x80 else { return Step(scalar: nil, length: 1) }
      value = value << 6 | UInt32(next & 0x3F)
      position += 1
    }
    return Step(scalar: Unicode.Scalar(value), length: length)
  }
}
