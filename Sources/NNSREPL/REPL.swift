import NNSAutodiff
import NNSRuntime
import NNSSyntax

/// The read-eval-print loop: reads inputs (continuing unfinished ones on a `... ` prompt),
/// runs them in one session, shows each top-level value and keeps it in `ans`, and handles
/// the `:` commands. It talks to the terminal only through `LineEditor` and `Output`, so a
/// scripted editor and a capturing output test all of it.
public final class REPL {
  /// The session's interpreter (replaced by `:reset`).
  public internal(set) var interpreter: Interpreter
  let editor: LineEditor
  let output: Output
  let makeInterpreter: () -> Interpreter
  /// The inputs that ran without error, in order: `:save` writes them.
  public internal(set) var successfulInputs: [String] = []
  /// Whether `:quit` (or Ctrl-D) ended the loop.
  var finished = false

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
    self.makeInterpreter = makeInterpreter
    self.interpreter = makeInterpreter()
    Tape.keepRecord = true  // so that :tape can show the most recent gradient computation
    editor.setCompleter { [weak self] line, word, start in
      guard let self else { return [] }
      return self.completions(line: line, word: word, start: start)
    }
  }

  /// Runs until `:quit` or end of input.
  /// - Returns: the exit status (0).
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
    return 0
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

  /// Whether an input is unfinished (an open bracket, brace or string, or a trailing operator).
  public static func needsMore(_ text: String) -> Bool {
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") { return false }
    return Parser.parse(Source(name: "<repl>", bytes: Array(text.utf8))).isIncomplete
  }

  /// Handles one whole input: a command, `?name`, or code.
  public func handle(_ input: String) {
    let trimmed = input.trimmingSpaces
    guard !trimmed.isEmpty else { return }
    editor.addHistory(input)
    if trimmed.hasPrefix(":") {
      command(String(trimmed.dropFirst()))
    } else if trimmed.hasPrefix("?") {
      help(String(trimmed.dropFirst()).trimmingSpaces)
    } else {
      evaluate(input)
    }
  }

  /// Runs code in the session, showing values; an interrupted input leaves every variable as
  /// it was before it.
  func evaluate(_ code: String) {
    let source = Source(name: "<repl>", bytes: Array(code.utf8))
    let before = interpreter.snapshotGlobals()
    Interpreter.interruptRequested.store(false, ordering: .relaxed)
    interpreter.resetSteps()
    do {
      let value = try interpreter.run(source, displayValues: true)
      if !value.isNone { interpreter[global: "ans"] = value }
      successfulInputs.append(code)
    } catch {
      if case .runtime(let e) = error, e.isInterrupt {
        interpreter.restoreGlobals(before)
        let at = e.range.map { " at line \($0.start.line)" } ?? ""
        output.writeError("\n\(e.message)\(at): every variable is as it was before this input\n")
      } else {
        output.writeError(error.render() + "\n")
      }
    }
    Interpreter.interruptRequested.store(false, ordering: .relaxed)
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
