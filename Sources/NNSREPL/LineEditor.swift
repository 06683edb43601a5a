/// What one request for input produced.
public enum LineInput: Equatable, Sendable {
  /// A line the user entered (without its newline).
  case line(String)
  /// Ctrl-C at the prompt: the line was discarded.
  case interrupted
  /// Ctrl-D on an empty line, or the end of scripted input.
  case endOfInput
}

/// Completes the word before the cursor.
///
/// - Parameters:
///   - line: the whole input line so far.
///   - word: the word being completed (readline's text between word breaks).
///   - start: the byte offset of `word` in `line`.
/// - Returns: the candidates that replace `word`, or `nil` to complete file names instead.
public typealias Completer = @Sendable (_ line: String, _ word: String, _ start: Int) -> [String]?

/// A source of input lines: GNU readline on a terminal, a scripted list in tests.
///
/// The REPL talks only to this protocol, so its logic is testable without a terminal.
public protocol LineEditor: AnyObject {
  /// Shows `prompt` and reads one line.
  func readLine(prompt: String) -> LineInput
  /// Records one (possibly multi-line) input as a single history entry.
  func addHistory(_ entry: String)
  /// The history entries, oldest first.
  var history: [String] { get }
  /// Sets the function that Tab completion calls.
  func setCompleter(_ completer: @escaping Completer)
}

/// A line editor that replays a fixed list of inputs: the REPL's tests use it.
public final class ScriptedEditor: LineEditor {
  private var inputs: [LineInput]
  /// Every prompt shown, in order.
  public private(set) var prompts: [String] = []
  public private(set) var history: [String] = []
  public private(set) var completer: Completer?
  /// Called before each read with its index (0 for the first): a test changes the world here.
  public var onRead: ((Int) -> Void)?

  /// Creates an editor that returns `inputs` one by one, then `.endOfInput`.
  public init(_ inputs: [LineInput]) { self.inputs = inputs }

  /// Creates an editor that returns each string as a line.
  public convenience init(lines: [String]) { self.init(lines.map { .line($0) }) }

  public func readLine(prompt: String) -> LineInput {
    onRead?(prompts.count)
    prompts.append(prompt)
    return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
  }

  public func addHistory(_ entry: String) {
    if history.last != entry { history.append(entry) }
  }

  public func setCompleter(_ completer: @escaping Completer) { self.completer = completer }
}
