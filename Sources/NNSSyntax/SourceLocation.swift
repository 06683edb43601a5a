/// A position in a source: 1-based line and column plus the 0-based byte offset.
///
/// Columns count Unicode scalars from the start of the line (a tab is one column;
/// an invalid UTF-8 byte counts as one column), so `^` carets line up with the text.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// 1-based line number (of the whole file when the source is a notebook cell).
  public var line: Int
  /// 1-based column, counted in Unicode scalars.
  public var column: Int
  /// 0-based byte offset into the source's UTF-8 bytes.
  public var offset: Int

  /// Creates a location.
  /// - Parameters:
  ///   - line: 1-based line number.
  ///   - column: 1-based column in Unicode scalars.
  ///   - offset: 0-based byte offset.
  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// The start of a source: line 1, column 1, offset 0.
  public static let start = SourceLocation(line: 1, column: 1, offset: 0)

  /// Orders locations by byte offset (source order).
  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    lhs.offset < rhs.offset
  }

  /// `LINE:COL`, as used in diagnostics.
  public var description: String { "\(line):\(column)" }
}

/// A half-open span of source text: `start` is the first character, `end` is just past the last.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
  /// The first character of the span.
  public var start: SourceLocation
  /// The position just past the last character of the span.
  public var end: SourceLocation

  /// Creates a range.
  /// - Parameters:
  ///   - start: the first character.
  ///   - end: just past the last character (equal to `start` for an empty range).
  public init(start: SourceLocation, end: SourceLocation) {
    self.start = start
    self.end = end
  }

  /// An empty range at one location.
  /// - Parameter location: where the range sits.
  public init(at location: SourceLocation) {
    self.start = location
    self.end = location
  }

  /// The smallest range covering both `self` and `other`.
  /// - Parameter other: another range in the same source.
  /// - Returns: a range from the earlier start to the later end.
  public func joined(_ other: SourceRange) -> SourceRange {
    SourceRange(start: min(start, other.start), end: max(end, other.end))
  }

  /// `LINE:COL-LINE:COL`.
  public var description: String { "\(start)-\(end)" }
}
