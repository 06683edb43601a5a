#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A named source text: a script file, a REPL input or a notebook cell.
///
/// Holds the UTF-8 bytes exactly as read (they need not be valid UTF-8; the lexer reports
/// invalid bytes) and the byte offset where each line starts, for line look-ups. A text cut
/// from a larger file (a notebook cell) can say which line of the file it starts on, so that
/// locations and diagnostics use the file's line numbers.
public final class Source: Sendable {
  /// The name shown in diagnostics: a path like `script.nns`, or `<repl>`.
  public let name: String
  /// The raw bytes of the text.
  public let bytes: [UInt8]
  /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
  public let lineStarts: [Int]
  /// The line number of the text's first line (1 unless the text is part of a larger file).
  public let firstLine: Int

  /// Creates a source from raw bytes (for files, which may hold invalid UTF-8).
  /// - Parameters:
  ///   - name: the name shown in diagnostics.
  ///   - bytes: the file's contents.
  ///   - firstLine: the line number of the first line (for a cell cut from a file).
  public init(name: String, bytes: [UInt8], firstLine: Int = 1) {
    self.name = name
    self.bytes = bytes
    self.lineStarts = Source.findLineStarts(bytes)
    self.firstLine = max(1, firstLine)
  }

  /// Creates a source from a string.
  /// - Parameters:
  ///   - name: the name shown in diagnostics.
  ///   - text: the source text.
  ///   - firstLine: the line number of the first line (for a cell cut from a file).
  public convenience init(name: String, text: String, firstLine: Int = 1) {
    self.init(name: name, bytes: Array(text.utf8), firstLine: firstLine)
  }

  /// The number of lines (a text ending in a newline has an empty last line).
  public var lineCount: Int { lineStarts.count }

  /// The byte range of a line, without its line terminator (`\n` or `\r\n`).
  /// - Parameter line: line number (counting from `firstLine`); out-of-range lines give an
  ///   empty range at the end.
  /// - Returns: the half-open byte range of the line's text.
  public func byteRange(ofLine line: Int) -> Range<Int> {
    let index = line - firstLine
    guard index >= 0, index < lineStarts.count else { return bytes.count..<bytes.count }
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
    return start..<max(start, end)
  }

  /// The text of a line, with invalid UTF-8 replaced by U+FFFD.
  /// - Parameter line: line number (counting from `firstLine`).
  /// - Returns: the line's text without its terminator; empty when out of range.
  public func lineText(_ line: Int) -> String {
    let range = byteRange(ofLine: line)
    return bytes[range].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
  }

  /// The line number (counting from `firstLine`) containing a byte offset (binary search).
  /// - Parameter offset: a byte offset; clamped to the text.
  /// - Returns: the line number.
  public func line(containing offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low + firstLine
  }

  /// The full location of a byte offset (line and scalar column), scanning its line prefix.
  /// - Parameter offset: a byte offset; clamped to `0...bytes.count`.
  /// - Returns: the location of that byte.
  public func location(ofOffset offset: Int) -> SourceLocation {
    let clamped = min(max(offset, 0), bytes.count)
    let line = line(containing: clamped)
    let start = lineStarts[line - firstLine]
    var column = 1
    var index = start
    while index < clamped {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return SourceLocation(line: line, column: column, offset: clamped)
  }

  /// Finds where every line starts, using `memchr` so a 100 MB text is scanned quickly.
  private static func findLineStarts(_ bytes: [UInt8]) -> [Int] {
    var starts = [0]
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        guard let hit = memchr(base + offset, 0x0A, buffer.count - offset) else { break }
        let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        starts.append(position + 1)
        offset = position + 1
      }
    }
    return starts
  }
}
