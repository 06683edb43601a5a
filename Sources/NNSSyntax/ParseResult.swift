/// What `Parser.parse` returns: the statements that parsed, the diagnostics in source order, and
/// whether the input merely ended too early.
public struct ParseResult: Sendable {
  /// The source that was parsed.
  public var source: Source
  /// The statements that parsed cleanly, in order (statements with errors are left out).
  public var statements: [Stmt]
  /// Errors in source order, at most one per statement. Run nothing when this is non-empty.
  public var diagnostics: [Diagnostic]

  /// Creates a result.
  public init(source: Source, statements: [Stmt], diagnostics: [Diagnostic]) {
    self.source = source
    self.statements = statements
    self.diagnostics = diagnostics.sorted { $0.location.offset < $1.location.offset }
  }

  /// True when the parse succeeded.
  public var succeeded: Bool { diagnostics.isEmpty }

  /// True when the parse failed only because the input ended early (inside an unclosed `(`,
  /// `[`, `{` or string, or after a binary operator, comma or `=`): the REPL then asks for more
  /// lines with its `... ` prompt.
  public var isIncomplete: Bool {
    !diagnostics.isEmpty && diagnostics.allSatisfy(\.isAtEndOfInput)
  }
}
