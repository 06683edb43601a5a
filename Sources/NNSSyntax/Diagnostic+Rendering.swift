extension Diagnostic {
  /// Lines up to this many scalars are shown whole; longer ones as a window around the column.
  static let wholeLineLimit = 200
  /// Scalars shown on each side of the column when a line is windowed.
  static let windowRadius = 80

  /// Renders the diagnostic: header line, source line, caret line, then any extra lines.
  ///
  /// The caret line repeats the tabs of the source line before the column, so the caret lines up
  /// in a terminal; other characters become spaces. A line longer than `wholeLineLimit` scalars
  /// is cut to a window around the column, marked with `...` at each cut end, so a 100 MB line
  /// costs only the window. The result has no trailing newline.
  /// - Parameters:
  ///   - extraLines: lines appended after the caret (the runtime's call chain).
  ///   - width: the terminal's columns, when the text goes to one: a longer source line is
  ///     cut to a window of that width around the column.
  /// - Returns: the text to print.
  public func render(extraLines: [String] = [], width: Int? = nil) -> String {
    var lines = [header]
    let (text, caretPrefix) = sourceWindow(width: width)
    lines.append(text)
    lines.append(caretPrefix + "^")
    lines.append(contentsOf: extraLines)
    return lines.joined(separator: "\n")
  }

  /// The displayed source line (maybe windowed) and the whitespace that puts a caret under the
  /// location's column.
  func sourceWindow(width: Int? = nil) -> (text: String, caretPrefix: String) {
    let lineRange = source.byteRange(ofLine: location.line)
    let offset = min(max(location.offset, lineRange.lowerBound), lineRange.upperBound)
    return source.bytes.withUnsafeBufferPointer { buffer in
      var start = lineRange.lowerBound
      var end = lineRange.upperBound
      var cutStart = false
      var cutEnd = false
      let limit = width.map { max($0 - 1, 20) } ?? Self.wholeLineLimit
      if Self.scalarCount(buffer, from: start, upTo: end, limit: limit + 1) > limit {
        if width != nil {
          // As much as fits, `...` at each cut end, the column in the middle where it can be.
          let shown = limit - 6
          start = Self.stepBack(buffer, from: offset, scalars: shown / 2, floor: start)
          end = Self.stepForward(buffer, from: start, scalars: shown, ceiling: end)
          start = Self.stepBack(buffer, from: end, scalars: shown, floor: lineRange.lowerBound)
        } else {
          start = Self.stepBack(buffer, from: offset, scalars: Self.windowRadius, floor: start)
          end = Self.stepForward(buffer, from: offset, scalars: Self.windowRadius, ceiling: end)
        }
        cutStart = start > lineRange.lowerBound
        cutEnd = end < lineRange.upperBound
      }
      var text = cutStart ? "..." : ""
      var caret = cutStart ? "   " : ""
      var index = start
      while index < end {
        let step = UTF8Decoding.decode(buffer, at: index)
        let scalar = step.scalar ?? "\u{FFFD}"
        let isControl = scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F
        text.unicodeScalars.append(isControl ? "\u{FFFD}" : scalar)
        if index < offset { caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ") }
        index += step.length
      }
      if cutEnd { text += "..." }
      return (text, caret)
    }
  }

  /// Counts scalars (non-continuation bytes) in `from..<upTo`, stopping once `limit` is reached.
  static func scalarCount(
    _ buffer: UnsafeBufferPointer<UInt8>, from: Int, upTo: Int, limit: Int
  ) -> Int {
    var count = 0
    var index = from
    while index < upTo, count < limit {
      if buffer[index] & 0xC0 != 0x80 { count += 1 }
      index += 1
    }
    return count
  }

  /// The offset `scalars` scalars before `from`, not going below `floor`.
  static func stepBack(
    _ buffer: UnsafeBufferPointer<UInt8>, from: Int, scalars: Int, floor: Int
  ) -> Int {
    var index = from
    var remaining = scalars
    while index > floor, remaining > 0 {
      index -= 1
      if buffer[index] & 0xC0 != 0x80 { remaining -= 1 }
    }
    return index
  }

  /// The offset `scalars` scalars after `from`, not going past `ceiling`.
  static func stepForward(
    _ buffer: UnsafeBufferPointer<UInt8>, from: Int, scalars: Int, ceiling: Int
  ) -> Int {
    var index = from
    var remaining = scalars
    while index < ceiling, remaining > 0 {
      index += 1
      while index < ceiling, buffer[index] & 0xC0 == 0x80 { index += 1 }
      remaining -= 1
    }
    return index
  }
}
