import NNSRuntime
import NNSSyntax
import NNSTensor

/// Runs notebook cells in one interpreter session: the notebook runner and the tutorial walker
/// both use it, so a cell behaves the same in a transcript and in a tutorial.
///
/// Code is run as the REPL runs an input: each unsilenced top-level expression's value is
/// displayed and the last one kept in `ans`. Errors are written through the output layer with
/// the notebook's name and the line numbers of the notebook file.
public final class NotebookSession {
  /// How one exercise check came out.
  public enum CheckOutcome: Equatable, Sendable {
    /// The expression was truthy.
    case holds
    /// The check does not hold; the message for the learner: for a comparison both sides'
    /// values (`dq is 0.7788008; expected about -0.7788008`), else which check.
    case fails(String)
    /// The expression could not be evaluated or gave no truth value; the short message.
    case error(String)

    /// Whether the check holds.
    public var holds: Bool { self == .holds }
  }

  /// The session whose rule cells run under (the REPL's, in a tutorial).
  public let session: Session
  /// The notebook's name, shown in errors.
  public let name: String

  /// The session's interpreter.
  public var interpreter: Interpreter { session.interpreter }

  /// Creates a notebook session over a REPL session.
  /// - Parameters:
  ///   - session: the session (its output layer receives everything).
  ///   - name: the notebook's name for error locations.
  public init(session: Session, name: String) {
    self.session = session
    self.name = name
  }

  /// Creates a session over an interpreter.
  /// - Parameters:
  ///   - interpreter: the interpreter (its output layer receives everything).
  ///   - name: the notebook's name for error locations.
  public convenience init(interpreter: Interpreter, name: String) {
    self.init(session: Session(interpreter: interpreter), name: name)
  }

  /// The source of a cell's body, numbered with the notebook's line numbers.
  public func source(of cell: Notebook.Cell) -> Source {
    Source(name: name, text: cell.lines.joined(separator: "\n") + "\n", firstLine: cell.firstLine)
  }

  /// Runs a cell's code (an exercise's model solution), displaying values.
  /// - Returns: the rendered error, or nil when the code ran without one.
  @discardableResult
  public func run(_ cell: Notebook.Cell) -> String? {
    run(source(of: cell))
  }

  /// Runs source text as the REPL runs an input (`Session.run`): values displayed, the last
  /// kept in `ans`, and a failed cell leaves every variable as it was before it.
  /// - Returns: the rendered error (already written to the output), or nil on success.
  @discardableResult
  public func run(_ source: Source) -> String? {
    switch session.run(source, display: true, record: nil) {
    case .success: return nil
    case .failure(let text, _): return text
    case .exit(let status):
      let text = "\(name): error: exit(\(status)) ends a script; a notebook's run stops here"
      interpreter.output.writeError(text + "\n")
      return text
    }
  }

  /// Evaluates an exercise's checks without displaying anything.
  /// - Returns: one outcome per check, in order.
  public func checks(of cell: Notebook.Cell) -> [CheckOutcome] {
    cell.checks.map(evaluate)
  }

  /// Evaluates one check. A comparison (`A == B`, `A < B`, `approx(A, B)`, ...) is judged by
  /// its two sides, `==` within a tolerance, and fails with both values in its message; any
  /// other check must give `true`, a non-zero number, or a non-empty tensor whose elements are
  /// all non-zero (`NotebookSession+Checks.swift`).
  public func evaluate(_ check: Notebook.Check) -> CheckOutcome {
    judge(check)
  }

  /// A check's value as a truth value, or nil when it is not a number, bool or tensor.
  static func truth(_ value: Value) -> Bool? {
    switch value {
    case .bool(let b): return b
    case .f32(let x): return x != 0
    case .f64(let x): return x != 0
    case .i64(let x): return x != 0
    case .tensor(let t):
      guard t.count > 0 else { return false }
      for i in 0..<t.count where t.element(i) == 0 { return false }
      return true
    default: return nil
    }
  }

  /// The rendered error for a failed check, pointing at its expression in the notebook.
  public func render(_ outcome: CheckOutcome, of check: Notebook.Check) -> String? {
    let message: String
    switch outcome {
    case .holds: return nil
    case .fails(let m):
      let plain = NotebookSession.doesNotHold(check)
      message = m == plain ? plain : plain + " (" + m + ")"
    case .error(let m): message = "check \(check.text): \(m)"
    }
    let source = Source(name: name, text: check.prefix + check.text + "\n", firstLine: check.line)
    let start = SourceLocation(
      line: check.line, column: check.column, offset: check.prefix.utf8.count)
    return Diagnostic(message, at: SourceRange(at: start), in: source).render()
  }

  /// Runs cells with their output thrown away (a resumed tutorial rebuilds its state so).
  /// - Returns: the rendered first error and the cell it came from, or nil when all ran.
  public func replay(_ cells: [Notebook.Cell]) -> (error: String, cell: Notebook.Cell)? {
    let output = interpreter.output
    let (sink, errorSink) = (output.sink, output.errorSink)
    output.sink = { _ in }
    output.errorSink = { _ in }
    defer { (output.sink, output.errorSink) = (sink, errorSink) }
    for cell in cells where cell.kind != .markdown {
      let error = run(cell)
      if let error, !cell.raisesException { return (error, cell) }
    }
    return nil
  }
}
