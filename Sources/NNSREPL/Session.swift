import NNSRuntime
import NNSSyntax
import NNSTensor

/// One interactive session and its rules, in one place: the REPL, `:load`, notebooks,
/// tutorials (and a Jupyter kernel) all run code through `run(_:display:record:)`, so they
/// show values, keep `ans`, treat errors and Ctrl-C, and remember what took effect alike.
///
/// The rule (docs/REPL.md): an input is all or nothing. When it fails (an error, Ctrl-C, a
/// step budget) every variable, the random generator and the default dtype go back to what
/// they were before it, and the error is followed by one note naming what was put back. So a
/// failed input never leaves a half-made result behind, and `:save` can write exactly the
/// inputs that took effect: running that file rebuilds the session.
public final class Session {
  /// The session's interpreter (replaced by `reset()`).
  public private(set) var interpreter: Interpreter
  /// Where values, prints and errors go.
  public let output: Output
  let makeInterpreter: () -> Interpreter
  /// The inputs that took effect, in order, as source text (a loaded file as its `include`):
  /// `:save` writes them.
  public private(set) var effectiveInputs: [String] = []
  /// How many REPL inputs have been numbered (`<repl[N]>` names input N). The Jupyter kernel
  /// sets it so that input N is the cell Jupyter numbers N.
  public internal(set) var inputCount = 0
  /// The error of the most recent failed input (the Jupyter kernel names its kind).
  public internal(set) var lastError: ScriptError?
  /// The state to put back once code left running by a forced interrupt has stopped.
  var pendingRollback: GlobalsSnapshot?

  /// How one input ended.
  public enum Outcome {
    /// It ran; its value (none for a statement) was displayed when asked and kept in `ans`.
    case success(Value)
    /// It failed; the rendered error (with the rule's note), already written.
    case failure(String, interrupted: Bool)
    /// `exit(n)` ended it: the caller ends the session with this status.
    case exit(Int32)

    /// Whether the input ran without an error.
    public var succeeded: Bool {
      if case .success = self { return true }
      return false
    }
  }

  /// Creates a session.
  /// - Parameters:
  ///   - output: where everything goes (the interpreter's output layer too).
  ///   - makeInterpreter: makes a fresh interpreter (now and on `reset()`).
  public init(output: Output, makeInterpreter: @escaping () -> Interpreter) {
    self.output = output
    self.makeInterpreter = makeInterpreter
    self.interpreter = makeInterpreter()
    interpreter.allowsForcedInterrupt = true
    interpreter.tracksDefinitionOrder = true
  }

  /// Creates a session over an existing interpreter (a notebook's).
  /// - Parameter interpreter: the interpreter; its output layer is the session's.
  public convenience init(interpreter: Interpreter) {
    self.init(output: interpreter.output) { interpreter }
  }

  /// The name of the next REPL input's source, `<repl[N]>` (as Julia's `REPL[N]`).
  public var nextInputName: String { "<repl[\(inputCount + 1)]>" }

  /// Runs one REPL input: numbered `<repl[N]>`, values displayed, `ans` kept, the rule
  /// applied, and on success recorded for `:save`.
  /// - Parameter code: the input's text.
  /// - Returns: how it ended.
  @discardableResult
  public func evaluate(_ code: String) -> Outcome {
    let source = Source(name: nextInputName, text: code)
    inputCount += 1
    return run(source, display: true, record: code)
  }

  /// Runs source text under the session's rule.
  /// - Parameters:
  ///   - source: the code, named as errors should name it.
  ///   - display: show each unsilenced top-level value and keep the last in `ans`.
  ///   - record: the text `:save` writes for this input when it takes effect (nil: nothing).
  /// - Returns: how it ended.
  @discardableResult
  public func run(_ source: Source, display: Bool, record: String?) -> Outcome {
    run([source], display: display, keepAns: display, record: record)
  }

  /// Runs several sources as one input (a notebook's cells): in order, each one's last value
  /// kept in `ans` when `keepAns`; all of them or, after a failure, none.
  func run(_ sources: [Source], display: Bool, keepAns: Bool, record: String?) -> Outcome {
    settle()
    output.refreshWidth()
    Interrupt.clear()
    interpreter.resetSteps()
    let before = interpreter.snapshotGlobals()
    defer { if !interpreter.isBusy { Interrupt.clear() } }
    var value = Value.none
    do {
      for source in sources {
        value = try interpreter.run(source, displayValues: display)
        if keepAns && !value.isNone { interpreter[global: "ans"] = value }
      }
    } catch {
      if let status = error.exitStatus { return .exit(status) }
      return fail(error, before: before)
    }
    if let record { effectiveInputs.append(record) }
    return .success(value)
  }

  /// Applies the rule to a failed input and reports it: the error, then (when anything was
  /// put back) `note: every variable is as it was before this input (put back: a, b)`.
  func fail(_ error: ScriptError, before: GlobalsSnapshot) -> Outcome {
    lastError = error
    var text = error.render(width: output.errorWidth)
    var note: String?
    if interpreter.isBusy {
      // A second Ctrl-C: the code stops on its own; the state goes back once it has.
      pendingRollback = before
      note =
        "note: forced by a second Ctrl-C; the input is still stopping, and every variable "
        + "will be as it was before it"
    } else {
      let changed = interpreter.restoreGlobals(before)
      if !changed.isEmpty {
        note =
          "note: every variable is as it was before this input (put back: "
          + changed.joined(separator: ", ") + ")"
      }
    }
    if let note {
      // On a terminal the note wraps at spaces (a pipe or a transcript keeps one line).
      let lines = output.errorWidth.map {
        Help.wrap(note, width: $0, indent: "", continuation: "  ")
      }
      text += "\n" + (lines ?? [note]).joined(separator: "\n")
    }
    // After Ctrl-C the terminal has echoed ^C where the cursor was: start on a new line.
    let lead = error.isInterrupt && output.errorIsTerminal ? "\n" : ""
    output.writeError(lead + text + "\n")
    return .failure(text, interrupted: error.isInterrupt)
  }

  /// Waits for code left running by a forced interrupt, then puts the state back as the rule
  /// says. Everything that touches the session calls it first.
  public func settle() {
    guard interpreter.isBusy || pendingRollback != nil else { return }
    interpreter.settle {
      output.writeError("(waiting for the interrupted input to stop)\n")
    }
    if let snapshot = pendingRollback {
      interpreter.restoreGlobals(snapshot)
      pendingRollback = nil
    }
  }

  /// Whether code left running by a forced interrupt is still going (Tab completion then
  /// leaves the session alone).
  public var isBusy: Bool { interpreter.isBusy }

  /// Runs a file into the session as one input (`:load`, `nns -i FILE`): all or nothing, and
  /// recorded for `:save` as `include "PATH"` (made absolute, so the saved script works from
  /// any folder).
  /// - Parameter path: the file (`~/` expands to the home folder).
  /// - Returns: how it ended.
  @discardableResult
  public func load(_ path: String) -> Outcome {
    let expanded = Session.expandingTilde(path)
    let bytes: [UInt8]
    do { bytes = try Files.read(expanded, op: "load") } catch {
      let text = "error: \(error)"
      output.writeError(text + "\n")
      return .failure(text, interrupted: false)
    }
    let record = "include " + Display.quoted(Session.absolute(expanded))
    // A notebook (a `:save`d session, say) runs cell by cell as the REPL ran its inputs, each
    // cell's last value kept in `ans`, so loading it rebuilds that session exactly.
    let notebook = Notebook(name: expanded, bytes: bytes)
    if notebook.problems.isEmpty && notebook.cells.contains(where: { $0.markerLine != nil }) {
      let sources = notebook.cells.filter { $0.kind != .markdown }.map {
        Source(
          name: expanded, text: $0.lines.joined(separator: "\n") + "\n", firstLine: $0.firstLine)
      }
      return run(sources, display: false, keepAns: true, record: record)
    }
    return run(
      [Source(name: expanded, bytes: bytes)], display: false, keepAns: false, record: record)
  }

  /// Forgets every variable: a fresh interpreter, nothing recorded.
  public func reset() {
    settle()
    interpreter = makeInterpreter()
    interpreter.allowsForcedInterrupt = true
    interpreter.tracksDefinitionOrder = true
    effectiveInputs = []
  }

  /// `~` or `~/...` with the home folder in front; other paths unchanged.
  /// - Parameter path: a path as typed.
  /// - Returns: the path to open.
  public static func expandingTilde(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/"), let home = Environment.get("HOME") else {
      return path
    }
    return home + path.dropFirst()
  }

  /// A path made absolute against the working folder.
  static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let cwd = Environment.currentDirectory else { return path }
    return cwd + "/" + path
  }
}

extension Session {
  /// `:time CODE`: measures the code (`Interpreter.measure`), then puts the session back as it
  /// was (timing changes nothing: no variable, no random numbers drawn, no `ans`). An error
  /// is reported as for any input.
  /// - Parameter code: the expression or statements.
  /// - Returns: the timing, or nil after an error (already written).
  public func time(_ code: String) -> Timing? {
    settle()
    output.refreshWidth()
    Interrupt.clear()
    interpreter.resetSteps()
    let source = Source(name: nextInputName, text: code)
    inputCount += 1
    let before = interpreter.snapshotGlobals()
    defer { if !interpreter.isBusy { Interrupt.clear() } }
    do {
      let timing = try interpreter.measure(source)
      interpreter.restoreGlobals(before)
      return timing
    } catch {
      _ = fail(error, before: before)
      return nil
    }
  }
}
