import NNSFiles
import NNSRuntime
import NNSTensor

/// `nns kernel serve`: one long-lived nns session driven by the Jupyter kernel's bridge
/// (`scripts/jupyter/nns_kernel`) through JSON Lines on standard input and output
/// (docs/NOTEBOOKS.md, "The kernel's protocol").
///
/// Each request is one JSON object on a line; the server answers with events, one JSON object
/// a line, in the order things happen, and ends every request with exactly one final event.
/// A cell runs through the REPL (`REPL.handle`, hence `Session.evaluate`): it is numbered,
/// shown, kept in `ans`, rolled back on failure and recorded for `:save` exactly as a REPL
/// input is; `:` commands and `?name` work as in the REPL. What the session writes is sorted
/// by an `OutputRecorder` into stream text, displayed values, plots, progress lines and the
/// error that ended the cell.
public final class KernelServer {
  /// The version of the protocol, sent in the `ready` event.
  public static let protocolVersion = 1

  /// The REPL whose session the cells run in.
  let repl: REPL
  /// The output layer every cell writes to (80 columns, Unicode, no colour by default).
  let output: Output
  /// Sends one event (a JSON Lines record, without its newline).
  let send: (String) -> Void
  private var recorder: OutputRecorder?
  /// The exit status once `exit(n)` or `:quit` ended the session.
  public private(set) var exitStatus: Int32?

  /// The session.
  var session: Session { repl.session }

  /// Creates a server with a fresh session.
  /// - Parameters:
  ///   - width: the output width for values, plots, help and progress bars.
  ///   - progressBar: show `fit`'s progress as one updating line (else a line per epoch).
  ///   - send: receives each event's JSON text.
  public init(width: Int = 80, progressBar: Bool = true, send: @escaping (String) -> Void) {
    let output = Output(sink: { _ in }, width: width)
    output.isTerminal = false
    output.color = false
    output.errorColor = false
    output.unicode = true
    self.output = output
    self.send = send
    self.repl = REPL(editor: KernelEditor(), output: output) { Interpreter(output: output) }
    recorder = OutputRecorder(output: output, progress: progressBar) { [unowned self] in
      self.emit($0)
    }
  }

  /// The first event: the server is ready, with nns's version and the output width.
  public func ready() {
    event(
      "ready",
      [
        ("version", .string(Version.string)), ("protocol", .number(Double(Self.protocolVersion))),
        ("width", .number(Double(output.width))),
      ])
  }

  /// Serves requests until the end of input, `exit(n)` or `:quit`.
  /// - Parameter readLine: returns the next request line, or nil at the end of input.
  /// - Returns: the exit status (`exit(n)`'s, else 0).
  public func run(readLine: () -> String?) -> Int32 {
    ready()
    while exitStatus == nil, let line = readLine() {
      handle(line: line)
    }
    return exitStatus ?? 0
  }

  /// Answers one request line.
  public func handle(line: String) {
    guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return }
    let request: [(String, FileTree)]
    do {
      guard case .record(let fields) = try JSONFormat.decode(Array(line.utf8), op: "kernel")
      else {
        return invalid("a request is a JSON object")
      }
      request = fields
    } catch {
      return invalid("\(error)")
    }
    func string(_ key: String) -> String? {
      guard case .string(let s)? = request.first(where: { $0.0 == key })?.1 else { return nil }
      return s
    }
    func int(_ key: String) -> Int? {
      guard case .number(let x)? = request.first(where: { $0.0 == key })?.1, x.isFinite,
        abs(x) < 1e15
      else { return nil }
      return Int(x)
    }
    let code = string("code") ?? ""
    switch string("op") {
    case "execute": execute(code, count: int("count"))
    case "complete": complete(code, cursor: int("cursor") ?? code.unicodeScalars.count)
    case "inspect": inspect(code, cursor: int("cursor") ?? code.unicodeScalars.count)
    case "is_complete": isComplete(code)
    case let op?: invalid("unknown op '\(op)'")
    case nil: invalid("a request needs an \"op\"")
    }
  }

  /// Runs one cell as a REPL input, streaming its output, then sends `done`.
  /// - Parameters:
  ///   - code: the cell.
  ///   - count: Jupyter's execution count, so that errors name the cell `<repl[count]>`.
  func execute(_ code: String, count: Int?) {
    guard let recorder else { return }
    recorder.begin()
    session.lastError = nil
    if let count, count > 0 { session.inputCount = count - 1 }
    let trimmed = code.trimmingSpaces
    var failure: (name: String, text: String)?
    if trimmed.hasPrefix(":"),
      REPLCommand.resolve(String(trimmed.dropFirst().prefix { $0 != " " && $0 != "\t" }))
        == .edit
    {
      let text = "error: :edit needs a terminal; in a notebook, edit the cell and run it again"
      output.writeError(text + "\n")
      failure = ("CommandError", text)
    } else {
      switch repl.handle(code) {
      case .failure(let text, _)?:
        failure = (CellOutput.errorName(session.lastError), text)
      case .success?:
        if let cell = KernelServer.exercise(code) {
          let checks = NotebookSession(session: session, name: session.nextInputName(offset: -1))
          if let text = NotebookRunner.runChecks(cell, session: checks) {
            failure = ("CheckFailed", text)
          }
        }
      case .exit?:
        break
      case nil:
        // A command or help: the error it wrote last, if any, is the cell's error.
        if let held = recorder.heldError {
          let text = held.hasSuffix("\n") ? String(held.dropLast()) : held
          let name = session.lastError.map { CellOutput.errorName($0) } ?? "CommandError"
          failure = (name, text)
        }
      }
    }
    recorder.finish(error: failure)
    var fields: [(String, FileTree)] = [("status", .string(failure == nil ? "ok" : "error"))]
    if repl.finished {
      exitStatus = repl.status
      fields.append(("exit", .number(Double(repl.status))))
    }
    event("done", fields)
  }

  /// The exercise a cell holds when it has `#! EXPR` check lines (a `#!/...` line is a
  /// shebang, not a check): the checks run after the cell's code, as in a notebook.
  /// - Parameter code: the cell.
  /// - Returns: the cell as an exercise, or nil when it has no checks.
  static func exercise(_ code: String) -> Notebook.Cell? {
    let lines = Notebook.splitLines(Array(code.utf8)).map { line in
      line.drop { $0 == " " || $0 == "\t" }.hasPrefix("#!/") ? "" : line
    }
    let cell = Notebook.readExercise(
      Notebook.Cell(
        kind: .exercise, title: nil, tags: [], markerLine: nil, firstLine: 1, lines: lines))
    return cell.checks.isEmpty ? nil : cell
  }

  /// Sends one output as an event.
  func emit(_ item: CellOutput) {
    switch item {
    case .stream(let name, let text):
      event("stream", [("name", .string(name)), ("text", .string(text))])
    case .result(let text):
      event("result", [("text", .string(text))])
    case .display(let kind, let text):
      event("display", [("kind", .string(kind.rawValue)), ("text", .string(text))])
    case .error(let name, let value, let traceback):
      event(
        "error",
        [
          ("ename", .string(name)), ("evalue", .string(value)),
          ("traceback", .list(traceback.map { .string($0) })),
        ])
    case .progress(let line?):
      event("progress", [("text", .string(line))])
    case .progress(nil):
      event("progress_end", [])
    }
  }

  /// Sends `{"event": NAME, ...fields}`.
  func event(_ name: String, _ fields: [(String, FileTree)]) {
    let tree = FileTree.record([("event", .string(name))] + fields)
    // Strings and numbers only, nested two deep: encoding cannot fail.
    if let line = try? JSONFormat.encodeLine(tree, op: "kernel") { send(line) }
  }

  /// Answers a request the server cannot read.
  func invalid(_ message: String) {
    event("invalid", [("message", .string(message))])
  }
}

extension Session {
  /// The name of input `inputCount + 1 + offset` (`offset: -1` names the input just run).
  func nextInputName(offset: Int) -> String { "<repl[\(inputCount + 1 + offset)]>" }
}

/// The kernel's line editor: cells come from Jupyter, never from here; the history is this
/// session's cells (`:history`).
final class KernelEditor: LineEditor {
  private(set) var history: [String] = []

  func readLine(prompt: String) -> LineInput { .endOfInput }

  func addHistory(_ entry: String) {
    if history.last != entry { history.append(entry) }
  }

  func setCompleter(_ completer: @escaping Completer) {}
}
