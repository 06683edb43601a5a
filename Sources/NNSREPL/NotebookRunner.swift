import NNSRuntime

/// Runs a notebook non-interactively and writes its Markdown transcript (`nns notebook`).
///
/// Every cell runs in one fresh session (so the random generator starts from seed 0 and the
/// same notebook gives the same transcript byte for byte). Output is captured as a pipe would
/// see it: 80 columns, Unicode, no colour, progress bars as one line per epoch.
public enum NotebookRunner {
  /// What a run produced.
  public struct Result: Sendable {
    /// The Markdown transcript (up to the failing cell when the run stopped).
    public var transcript: String
    /// The rendered errors that were not expected, in order (empty when the run succeeded).
    public var errors: [String]
    /// What each cell that ran wrote, as Jupyter's outputs (for `--ipynb`), keyed by the cell's
    /// index in `Notebook.cells`; the cells ran in index order and are numbered from 1.
    public var outputs: [Int: [CellOutput]] = [:]
    /// Whether the run succeeded.
    public var succeeded: Bool { errors.isEmpty }
  }

  /// Runs every cell and builds the transcript.
  /// - Parameters:
  ///   - notebook: the parsed notebook.
  ///   - keepGoing: run the remaining cells after an error (the run still counts as failed).
  ///   - width: the output width for values and plots.
  /// - Returns: the transcript and the errors.
  public static func run(_ notebook: Notebook, keepGoing: Bool = false, width: Int = 80) -> Result {
    guard notebook.problems.isEmpty else {
      return Result(transcript: "", errors: notebook.problems)
    }
    let output = Output(sink: { _ in }, width: width)
    output.isTerminal = false
    output.color = false
    var outputs: [CellOutput] = []
    let recorder = OutputRecorder(output: output, progress: false) { outputs.append($0) }
    let session = NotebookSession(interpreter: Interpreter(output: output), name: notebook.name)
    var writer = TranscriptWriter(name: notebook.name)
    var errors: [String] = []
    var result = Result(transcript: "", errors: [])
    for (index, cell) in notebook.cells.enumerated() {
      recorder.begin()
      outputs = []
      session.session.lastError = nil
      var failure: String?
      var name = "Error"
      switch cell.kind {
      case .markdown:
        writer.title(cell.title)
        writer.prose(cell.markdown)
        continue
      case .code:
        let shown = session.run(cell)
        name = CellOutput.errorName(session.session.lastError)
        failure = expected(shown, cell: cell, session: session)
        if let shown {
          recorder.finish(error: (name, shown))
        } else {
          recorder.finish(error: failure.map { ("NotebookError", $0) })
        }
        writer.title(cell.title)
        writer.code(cell.displayCode, output: recorder.text)
      case .exercise:
        failure = session.run(cell)
        name = CellOutput.errorName(session.session.lastError)
        if failure == nil {
          failure = runChecks(cell, session: session)
          name = "CheckFailed"
        }
        recorder.finish(error: failure.map { (name, $0) })
        writer.exercise(cell, output: recorder.text)
      }
      result.outputs[index] = outputs
      if let failure {
        errors.append(failure)
        if !keepGoing {
          writer.stopped(remaining: notebook.cells.count - index - 1)
          break
        }
      }
    }
    result.transcript = writer.text
    result.errors = errors
    return result
  }

  /// Applies a `raises-exception` tag: the cell's error is expected, and its absence is one.
  /// - Returns: the error that counts against the run, if any.
  static func expected(_ failure: String?, cell: Notebook.Cell, session: NotebookSession)
    -> String?
  {
    guard cell.raisesException else { return failure }
    if failure != nil { return nil }
    let line = cell.markerLine ?? cell.firstLine
    let text =
      "\(session.name):\(line): error: notebook: this cell is tagged raises-exception "
      + "but ran without an error"
    session.interpreter.output.writeError(text + "\n")
    return text
  }

  /// Evaluates an exercise's checks after its solution ran, writing `✓ EXPR` for each that
  /// holds and the error for the first that does not.
  /// - Returns: the rendered error of the first failing check, or nil when all hold.
  static func runChecks(_ cell: Notebook.Cell, session: NotebookSession) -> String? {
    let output = session.interpreter.output
    for check in cell.checks {
      let outcome = session.evaluate(check)
      if let failure = session.render(outcome, of: check) {
        output.writeError(failure + "\n")
        return failure
      }
      output.line("✓ " + check.text)
    }
    return nil
  }
}
