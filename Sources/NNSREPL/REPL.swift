import NNSAutodiff
import NNSRuntime
import NNSSyntax
import NNSTensor

/// The read-eval-print loop: reads inputs (continuing unfinished ones on a `... ` prompt),
/// runs them in one session, shows each top-level value and keeps it in `ans`, and handles
/// the `:` commands. It talks to the terminal only through `LineEditor` and `Output`, so a
/// scripted editor and a capturing output test all of it.
public final class REPL {
  /// The session: its interpreter, its rule for failed inputs, what took effect.
  public let session: Session
  /// The session's interpreter (replaced by `:reset`).
  public var interpreter: Interpreter { session.interpreter }
  let editor: LineEditor
  let output: Output
  /// Whether `:quit`, Ctrl-D or `exit(n)` ended the loop.
  var finished = false
  /// The exit status: 0, or what `exit(n)` asked for.
  public internal(set) var status: Int32 = 0
  /// The last input of code, which `:edit` opens.
  var lastCode: String?

  /// The main prompt.
  public static let prompt = "nns> "
  /// The prompt that asks for the rest of an unfinished input.
  public static let continuationPrompt = "... "

  /// Creates a REPL.
  /// - Parameters:
  ///   - editor: where inputs come from.
  ///   - output: where everything goes (the interpreter's output layer too).
  ///   - makeInterpreter: makes a fresh session (at start and on `:reset`).
  public init(editor: LineEditor, output: Output, makeInterpreter: @escaping () -> Interpreter) {
    self.editor = editor
    self.output = output
    self.session = Session(output: output, makeInterpreter: makeInterpreter)
    Tape.keepRecord = true  // so that :tape can show the most recent gradient computation
    editor.setCompleter { [weak self] line, word, start in
      guard let self else { return [] }
      return self.completions(line: line, word: word, start: start)
    }
  }

  /// Runs until `:quit`, `exit(n)` or end of input.
  /// - Returns: the exit status (0, or `exit(n)`'s).
  @discardableResult
  public func run(banner: Bool = true) -> Int32 {
    if banner {
      output.line("nns \(Version.string) · :help for commands · Ctrl-D to quit")
    }
    while !finished, let input = readInput() {
      handle(input)
      output.flush()
    }
    output.flush()
    return status
  }

  /// Runs a file into the session before the first prompt (`nns -i FILE`), as `:load` does.
  /// - Parameter path: the file.
  public func preload(_ path: String) {
    if case .exit(let s) = session.load(path) {
      status = s
      finished = true
    }
    output.flush()
  }

  /// Reads one whole input: more lines on the continuation prompt while it is unfinished.
  /// - Returns: the input, "" after Ctrl-C, or nil at end of input.
  func readInput() -> String? {
    var text = ""
    var prompt = styled(REPL.prompt)
    while true {
      switch editor.readLine(prompt: prompt) {
      case .endOfInput:
        if text.isEmpty {
          output.line("")
          return nil
        }
        return text  // run what there is; its error says what is missing
      case .interrupted:
        return ""
      case .line(let line):
        text = text.isEmpty ? line : text + "\n" + line
        if REPL.needsMore(text) {
          prompt = styled(REPL.continuationPrompt)
          continue
        }
        return text
      }
    }
  }

  /// Whether an input is unfinished (an open bracket, brace or string, or a trailing
  /// operator), or is so far only `## ` doc comments, which document the `fn` that follows.
  public static func needsMore(_ text: String) -> Bool {
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") { return false }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    if !lines.isEmpty && lines.allSatisfy({ $0.trimmingSpaces.hasPrefix("##") }) { return true }
    return Parser.parse(Source(name: "<repl>", bytes: Array(text.utf8))).isIncomplete
  }

  /// Handles one whole input: a command, `??word`, `?name`, or code.
  /// - Returns: how code ended (nil for a command, help or a blank input).
  @discardableResult
  public func handle(_ input: String) -> Session.Outcome? {
    let trimmed = input.trimmingSpaces
    guard !trimmed.isEmpty else { return nil }
    session.settle()
    Interrupt.clear()  // a Ctrl-C at the prompt is spent (and would stop this input's output)
    editor.addHistory(input)
    if trimmed.hasPrefix(":") {
      command(String(trimmed.dropFirst()))
    } else if trimmed.hasPrefix("??") {
      apropos(String(trimmed.dropFirst(2)).trimmingSpaces)
    } else if trimmed.hasPrefix("?") {
      help(String(trimmed.dropFirst()).trimmingSpaces)
    } else {
      return evaluate(input)
    }
    return nil
  }

  /// Runs code as one input of the session (values shown, the rule applied on failure).
  /// - Returns: how it ended.
  @discardableResult
  func evaluate(_ code: String) -> Session.Outcome {
    lastCode = code
    let outcome = session.evaluate(code)
    if case .exit(let s) = outcome {
      status = s
      finished = true
    }
    return outcome
  }

  /// Wraps a prompt in colour when the output layer allows it (readline's \u{1}...\u{2}
  /// markers keep the invisible escapes out of its width count).
  func styled(_ prompt: String) -> String {
    guard output.color else { return prompt }
    return "\u{1}\u{1B}[1;36m\u{2}" + prompt + "\u{1}\u{1B}[0m\u{2}"
  }
}

extension StringProtocol {
  /// The string without leading and trailing spaces, tabs and newlines.
  var trimmingSpaces: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
