/// A recursive-descent parser with a Pratt loop for operators, over tokens read on demand.
///
/// A class, so that its state is passed by reference: debug builds copy a large struct `self`
/// into every frame that calls a non-mutating method, which cost kilobytes per nesting level.
/// Its hot properties skip dynamic exclusivity checks: a parser is used by one caller at a time.
///
/// Statements end at a newline or `;`. Newlines are skipped inside `( )`, `[ ]`, record
/// literals and interpolations, and after a binary operator, comma or `=`; inside blocks they
/// end statements. Each statement that fails reports one diagnostic and the parser resumes at
/// the next statement boundary. Parse recursion (brackets, blocks, prefix and right-associative
/// operators) is limited to `maxDepth` and the height of every node built to `maxHeight`, so no
/// input can overflow the stack here or in later walks.
public final class Parser {
  /// The deepest nesting accepted in parse recursion (brackets, blocks, prefix operators).
  public static let maxDepth = 256
  /// The tallest node accepted. Left-associative chains are parsed in a loop but build a tree
  /// one level per operator, so this is what bounds a long flat sum (`a + b + ... `, up to
  /// about a thousand terms) and the recursive walks that compile it.
  public static let maxHeight = 1024

  /// An open delimiter the parser is inside.
  enum ContextKind {
    case paren, bracket, record, block, string, interpolation

    /// True when newlines are not statement ends inside this delimiter.
    var ignoresNewlines: Bool { self != .block && self != .string }

    /// How the delimiter is reported when input ends inside it.
    var neverClosedMessage: String? {
      switch self {
      case .paren: "'(' is never closed"
      case .bracket: "'[' is never closed"
      case .record, .block: "'{' is never closed"
      case .string: "string is never closed"
      case .interpolation: nil
      }
    }
  }

  /// An open delimiter and where it was opened.
  struct Context {
    var kind: ContextKind
    var opener: SourceRange
  }

  /// Why a statement failed: a diagnostic to record, or nothing more to say.
  ///
  /// A class, so a typed throw carries one pointer: debug builds reserve an error slot per
  /// `try`, and a large payload there made each nesting level cost kilobytes of stack.
  final class Failure: Error, Sendable {
    /// The diagnostic, or `nil` when the problem was already reported.
    let diagnostic: Diagnostic?

    /// Creates a failure.
    init(diagnostic: Diagnostic?) {
      self.diagnostic = diagnostic
    }
  }

  /// The source being parsed.
  let source: Source
  /// The token source.
  @exclusivity(unchecked) var lexer: Lexer
  /// The current token (newlines already skipped where the context ignores them).
  @exclusivity(unchecked) var token: Token
  /// A raw token read ahead by `peek()`.
  @exclusivity(unchecked) var peeked: Token?
  /// The end of the last consumed token, for node ranges.
  @exclusivity(unchecked) var previousEnd = SourceLocation.start
  /// The kind of the last consumed token, to tell whether a line break may follow it.
  @exclusivity(unchecked) var previousKind = TokenKind.newline
  /// The open delimiters, innermost last.
  @exclusivity(unchecked) var contexts: [Context] = []
  /// The current parse recursion depth.
  @exclusivity(unchecked) var depth = 0
  /// Diagnostics recorded so far.
  var diagnostics: [Diagnostic] = []
  /// Whether an end-of-input diagnostic was recorded (only the first is kept).
  var reportedEndOfInput = false

  /// Creates a parser positioned at the first token of `source`.
  init(source: Source) {
    self.source = source
    self.lexer = Lexer(source: source)
    self.token = lexer.next()
    self.previousEnd = SourceLocation(line: source.firstLine, column: 1, offset: 0)
  }

  /// Parses a whole source.
  /// - Parameter source: the text to parse.
  /// - Returns: the statements that parsed, diagnostics in source order, and `isIncomplete`.
  public static func parse(_ source: Source) -> ParseResult {
    let parser = Parser(source: source)
    let statements = parser.parseProgram()
    return ParseResult(source: source, statements: statements, diagnostics: parser.diagnostics)
  }

  /// Parses text given as a string.
  /// - Parameters:
  ///   - text: the source text.
  ///   - name: the name shown in diagnostics.
  /// - Returns: the parse result.
  public static func parse(_ text: String, name: String = "<input>") -> ParseResult {
    parse(Source(name: name, text: text))
  }

  // MARK: Tokens

  /// Reads the next raw token (newlines included).
  func nextRaw() -> Token {
    if let token = peeked {
      peeked = nil
      return token
    }
    return lexer.next()
  }

  /// The raw token after the current one, without consuming anything.
  func peek() -> Token {
    if let token = peeked { return token }
    let token = lexer.next()
    peeked = token
    return token
  }

  /// Consumes the current token and moves to the next, skipping newlines where ignored.
  func advance() {
    previousEnd = token.range.end
    previousKind = token.kind
    token = nextRaw()
    if contexts.last?.kind.ignoresNewlines == true { skipNewlines() }
  }

  /// Skips newline tokens (after a binary operator, comma or `=`, or in an ignoring context).
  func skipNewlines() {
    while token.kind == .newline { token = nextRaw() }
  }

  /// True when the current token is `kind`.
  func at(_ kind: TokenKind) -> Bool { token.kind == kind }

  /// Consumes the current token if it is `kind`.
  /// - Returns: whether it was consumed.
  func accept(_ kind: TokenKind) -> Bool {
    guard token.kind == kind else { return false }
    advance()
    return true
  }

  /// Consumes a token of `kind` or fails with `message` (`expected ..., found ...`).
  func expect(_ kind: TokenKind, _ message: String) throws(Failure) {
    guard token.kind == kind else { throw unexpected(message) }
    advance()
  }

  /// Enters a delimiter: records it and skips newlines if it ignores them.
  /// - Parameters:
  ///   - kind: the delimiter.
  ///   - opener: where it was opened.
  func push(_ kind: ContextKind, opener: SourceRange) {
    contexts.append(Context(kind: kind, opener: opener))
    if kind.ignoresNewlines { skipNewlines() }
  }

  /// Leaves the innermost delimiter (call before consuming its closing token).
  func pop() {
    if !contexts.isEmpty { contexts.removeLast() }
  }

  /// Counts one level of nesting, failing past `maxDepth`; pair with `leave()` in a `defer`.
  func enter() throws(Failure) {
    depth += 1
    guard depth <= Parser.maxDepth else {
      depth -= 1
      throw fail("nesting is too deep (limit \(Parser.maxDepth))", at: token.range)
    }
  }

  /// The message for a node taller than `maxHeight`.
  static let tooTall = "expression is too deep (limit \(maxHeight) levels)"

  /// Undoes one `enter()`.
  func leave() { depth -= 1 }

  // MARK: Errors

  /// A failure with a message at a range.
  func fail(_ message: String, at range: SourceRange) -> Failure {
    Failure(diagnostic: Diagnostic(message, at: range, in: source))
  }

  /// Tokens after which a line break does not end the statement (the parser skips newlines
  /// there), so input ending right after one may be continued on the next line.
  static let continuesAfter: Set<TokenKind> = [
    .plus, .minus, .star, .slash, .percent, .at, .caret, .equalEqual, .bangEqual, .less,
    .lessEqual, .greater, .greaterEqual, .kwAnd, .kwOr, .kwNot, .comma, .equal, .plusEqual,
    .minusEqual, .starEqual, .slashEqual,
  ]

  /// The failure for an unexpected current token.
  ///
  /// A lexer error token reports its own message; the end of input inside an open delimiter
  /// reports that delimiter as never closed, at its opening character. An end of input is
  /// marked `isAtEndOfInput` (the REPL then reads another line) only where a following line
  /// could complete the input: inside an open delimiter or after an operator, comma or `=`.
  /// Elsewhere (`if x` at the end) a new line would not help, so it is an ordinary error.
  /// - Parameter expected: what was wanted, e.g. `expected ')' after arguments`.
  func unexpected(_ expected: String) -> Failure {
    switch token.kind {
    case .error:
      return fail(token.text, at: token.range)
    case .endOfInput:
      if let open = contexts.last(where: { $0.kind.neverClosedMessage != nil }),
        let message = open.kind.neverClosedMessage
      {
        return Failure(
          diagnostic: Diagnostic(message, at: open.opener, in: source, isAtEndOfInput: true))
      }
      // Point just after the last token (not at a blank last line).
      return Failure(
        diagnostic: Diagnostic(
          "\(expected), found end of input", at: SourceRange(at: previousEnd), in: source,
          isAtEndOfInput: Parser.continuesAfter.contains(previousKind)))
    default:
      return fail("\(expected), found \(token.quoted)", at: token.range)
    }
  }

  /// Records a failure's diagnostic; only the first end-of-input diagnostic is kept.
  func report(_ failure: Failure) {
    guard let diagnostic = failure.diagnostic else { return }
    if diagnostic.isAtEndOfInput {
      if reportedEndOfInput { return }
      reportedEndOfInput = true
    }
    diagnostics.append(diagnostic)
  }

  /// Builds an expression node, failing if it would be taller than `maxHeight`.
  func node(_ kind: ExprKind, from start: SourceLocation) throws(Failure) -> Expr {
    let expr = Expr(kind, range: SourceRange(start: start, end: previousEnd))
    guard expr.height <= Parser.maxHeight else {
      throw fail(Parser.tooTall, at: expr.range)
    }
    return expr
  }

  /// Builds a statement node, failing if it would be taller than `maxHeight`.
  func statement(_ kind: StmtKind, from start: SourceLocation) throws(Failure) -> Stmt {
    let stmt = Stmt(kind, range: SourceRange(start: start, end: previousEnd))
    guard stmt.height <= Parser.maxHeight else {
      throw fail(Parser.tooTall, at: stmt.range)
    }
    return stmt
  }
}
