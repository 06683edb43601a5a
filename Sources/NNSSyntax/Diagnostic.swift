/// A located problem in a source, rendered as `FILE:LINE:COL: error: MESSAGE`, the source line
/// and a caret under the column.
///
/// The lexer and parser produce these; the runtime creates them for runtime errors and appends
/// its call chain with `render(extraLines:)`.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
  /// How serious a diagnostic is; only errors exist today.
  public enum Severity: String, Sendable {
    /// A problem that stops the program.
    case error
  }

  /// The lowercase message, e.g. `expected ')' after arguments`.
  public var message: String
  /// Where the problem is; the caret goes under `range.start`.
  public var range: SourceRange
  /// The severity, printed after the location.
  public var severity: Severity
  /// The source the range refers to.
  public var source: Source
  /// True when the problem is only that the input ended early (an unclosed bracket, brace or
  /// string, or a trailing operator): more input could complete it.
  public var isAtEndOfInput: Bool

  /// Creates a diagnostic.
  /// - Parameters:
  ///   - message: lowercase text without location or `error:` prefix.
  ///   - range: the span the message is about.
  ///   - source: the source holding the span.
  ///   - severity: defaults to `.error`.
  ///   - isAtEndOfInput: whether more input could fix it (REPL continuation).
  public init(
    _ message: String, at range: SourceRange, in source: Source, severity: Severity = .error,
    isAtEndOfInput: Bool = false
  ) {
    self.message = message
    self.range = range
    self.source = source
    self.severity = severity
    self.isAtEndOfInput = isAtEndOfInput
  }

  /// Where the caret goes: the start of the range.
  public var location: SourceLocation { range.start }

  /// The first line: `FILE:LINE:COL: error: MESSAGE`.
  public var header: String {
    "\(source.name):\(location.line):\(location.column): \(severity.rawValue): \(message)"
  }

  /// The full rendering without extra lines (see `render(extraLines:)`).
  public var description: String { render() }
}
