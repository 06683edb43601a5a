import NNSRuntime
import NNSSyntax

/// One piece of an input's output as Jupyter shows it (nbformat's output types).
public enum CellOutput: Equatable, Sendable {
  /// Printed text: `stdout` (prints, tables, `fit`'s lines) or `stderr` (notes and warnings).
  case stream(name: String, text: String)
  /// The input's value (Jupyter's `execute_result`): the last output of an input that
  /// succeeded, when it is a displayed top-level value.
  case result(String)
  /// A displayed value that is not the input's result, a `show`n value or a plot
  /// (Jupyter's `display_data`).
  case display(Output.Block, String)
  /// The error that ended the input: its kind, its message and the rendered text's lines.
  case error(name: String, value: String, traceback: [String])
  /// A line of `fit`'s progress bar, replacing the one before it; nil when the bar is done.
  case progress(String?)

  /// The text this output adds to a transcript, as a pipe would have received it.
  public var text: String {
    switch self {
    case .stream(_, let text): return text
    case .result(let text), .display(_, let text): return text + "\n"
    case .error(_, _, let lines): return lines.joined(separator: "\n") + "\n"
    case .progress: return ""
    }
  }

  /// The kind of an input's error, as Jupyter's `ename` shows it: `ParseError`, `RuntimeError`,
  /// or `Interrupted` (Ctrl-C, or a step budget).
  /// - Parameter error: the error, if the session reported one.
  /// - Returns: the name.
  public static func errorName(_ error: ScriptError?) -> String {
    guard let error else { return "Error" }
    if error.isInterrupt { return "Interrupted" }
    if case .parse = error { return "ParseError" }
    return "RuntimeError"
  }

  /// An error's message as Jupyter's `evalue` shows it: the first line's text after `error: `.
  /// - Parameter rendered: the rendered error.
  /// - Returns: the message.
  public static func errorValue(_ rendered: String) -> String {
    let first = rendered.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
    guard let range = first.firstRange(of: "error: ") else { return String(first) }
    return String(first[range.upperBound...])
  }
}

/// Takes over an `Output`'s sinks and hands on what it receives as typed `CellOutput`s, in
/// order, one input at a time: the Jupyter kernel's server streams them, the `.ipynb` writer
/// keeps them.
///
/// Two things are decided only once more output follows or the input ends, so the latest of
/// them is held back: a displayed value (the input's `result` if nothing follows it and the
/// input succeeds, else a `display`), and error text (the input's `error` when it is the
/// rendered error that ended the input, else `stderr` text). Output written by code left
/// running after a forced interrupt is dropped, as on a terminal.
public final class OutputRecorder {
  private let emit: (CellOutput) -> Void
  private var pendingValue: String?
  private var pendingError: String?
  /// Everything written since `begin()`, as a pipe would have received it (the transcript's
  /// text; a progress bar adds nothing).
  public private(set) var text = ""

  /// Installs the recorder's sinks on `output`.
  /// - Parameters:
  ///   - output: the output layer to capture (its sinks, block sink and, with `progress`, its
  ///     progress sink are replaced).
  ///   - progress: take `fit`'s progress bar as `progress` outputs (else `fit` prints lines).
  ///   - emit: receives each output once it is decided.
  public init(output: Output, progress: Bool, emit: @escaping (CellOutput) -> Void) {
    self.emit = emit
    output.sink = { [unowned self] text in
      guard !FDWriter.callerIsAbandoned else { return }
      self.text += text
      self.flush()
      self.emit(.stream(name: "stdout", text: text))
    }
    output.errorSink = { [unowned self] text in
      guard !FDWriter.callerIsAbandoned else { return }
      self.text += text
      if let value = self.pendingValue {
        self.pendingValue = nil
        self.emit(.display(.value, value))
      }
      self.pendingError = (self.pendingError ?? "") + text
    }
    output.blockSink = { [unowned self] kind, text in
      guard !FDWriter.callerIsAbandoned else { return }
      self.text += text + "\n"
      self.flush()
      if kind == .value {
        self.pendingValue = text
      } else {
        self.emit(.display(kind, text))
      }
    }
    if progress {
      output.progressSink = { [unowned self] line in
        guard !FDWriter.callerIsAbandoned else { return }
        self.flush()
        self.emit(.progress(line))
      }
    }
  }

  /// The error text written last and not yet followed by other output (a command's error).
  public var heldError: String? { pendingError }

  /// Starts a new input: forgets the text so far.
  public func begin() {
    flush()
    text = ""
  }

  /// Ends an input: the held-back value becomes its `result` when it succeeded, and the
  /// rendered error that ended it becomes its `error`.
  /// - Parameter error: the error's kind (`CellOutput.errorName`) and rendered text, when the
  ///   input failed.
  public func finish(error: (name: String, text: String)? = nil) {
    guard let error else {
      if let value = pendingValue { emit(.result(value)) }
      pendingValue = nil
      flush()
      return
    }
    if let pending = pendingError, pending.hasSuffix(error.text + "\n") {
      let before = String(pending.dropLast(error.text.count + 1))
      pendingError = before.isEmpty ? nil : before
    }
    flush()
    emit(
      .error(
        name: error.name, value: CellOutput.errorValue(error.text),
        traceback: error.text.split(separator: "\n", omittingEmptySubsequences: false).map(
          String.init)))
  }

  /// Hands on what was held back: a value as a `display`, error text as `stderr`.
  private func flush() {
    if let value = pendingValue {
      pendingValue = nil
      emit(.display(.value, value))
    }
    if let error = pendingError {
      pendingError = nil
      emit(.stream(name: "stderr", text: error))
    }
  }
}
