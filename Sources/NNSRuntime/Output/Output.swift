#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSTensor
import Synchronization

/// The one output layer: every print, displayed value, plot and error goes through an `Output`.
///
/// It holds two sinks (normal output and error output) and the presentation flags derived from
/// the environment, so that a notebook or the REPL can capture everything by swapping sinks and
/// every producer (values, plots, errors, progress bars) follows the same colour/Unicode/width
/// rules.
public final class Output: @unchecked Sendable {
  /// Receives normal output text (already newline-terminated where lines end).
  public var sink: (String) -> Void
  /// Receives error text (rendered diagnostics).
  public var errorSink: (String) -> Void
  /// Whether normal output goes to a terminal.
  public var isTerminal: Bool
  /// Whether ANSI colours may be used.
  public var color: Bool
  /// Whether Unicode (braille, box drawing, shades) may be used instead of plain ASCII.
  public var unicode: Bool
  /// Columns available for output: the terminal's width, or 80.
  public var width: Int
  /// Whether training progress prints one line per epoch even on a terminal, instead of a bar
  /// redrawn in place (the tutorial walker sets it, so a lesson's loss curve stays on screen).
  public var progressLines = false
  /// Whether error output may use colour: decided, like `color`, by whether standard error
  /// (where errors go) is a terminal.
  public var errorColor: Bool
  /// Whether error output goes to a terminal (long source lines in errors are then cut to
  /// `width`).
  public var errorIsTerminal = false
  /// Reads the terminal's current width (nil: not a terminal); `refreshWidth()` calls it.
  public var widthSource: (() -> Int?)?
  /// Rows of the terminal normal output goes to (nil when it is not a terminal or the size is
  /// unknown): `fit(..., live: true)` sizes its picture to it.
  public var rows: Int?
  /// Reads the terminal's current rows; `refreshWidth()` calls it.
  public var rowsSource: (() -> Int?)?
  /// Receives displayed values, `show`n values and plots, each as its text without the final
  /// newline, when set (a front end that shows them apart from printed text: the Jupyter
  /// kernel, the `.ipynb` writer); when nil they are lines on `sink` like any other output.
  public var blockSink: ((Block, String) -> Void)?
  /// Receives `fit`'s progress bar when set: each line replaces the one before it, and nil
  /// ends the bar (the Jupyter kernel shows it as one updating line). With it `fit` draws its
  /// bar off a terminal too (unless `progressLines`).
  public var progressSink: ((String?) -> Void)?

  /// What a block of output shows.
  public enum Block: String, Sendable {
    /// The value of a top-level expression, displayed as the REPL displays it.
    case value
    /// A value written by `show(x)`.
    case show
    /// A plot.
    case plot
  }

  /// Creates an output layer with explicit sinks and flags.
  /// - Parameters:
  ///   - sink: receives normal output.
  ///   - errorSink: receives error output; defaults to `sink`.
  ///   - isTerminal: whether output is a terminal.
  ///   - color: whether colours may be used.
  ///   - unicode: whether Unicode may be used.
  ///   - width: output width in columns.
  public init(
    sink: @escaping (String) -> Void, errorSink: ((String) -> Void)? = nil,
    isTerminal: Bool = false, color: Bool = false, unicode: Bool = true, width: Int = 80
  ) {
    self.sink = sink
    self.errorSink = errorSink ?? sink
    self.isTerminal = isTerminal
    self.color = color
    self.unicode = unicode
    self.width = width
    self.errorColor = color
  }

  /// Re-reads the terminal's width, so a resized window is used from the next output on
  /// (the REPL calls it before each input).
  public func refreshWidth() {
    if let w = widthSource?() { width = w }
    if let r = rowsSource?() { rows = r }
  }

  /// The width to cut error source lines to: the terminal's, when errors go to one.
  public var errorWidth: Int? { errorIsTerminal ? width : nil }

  /// Writes text to normal output.
  public func write(_ text: String) { sink(text) }

  /// Writes one line (a newline is appended) to normal output.
  public func line(_ text: String) { sink(text + "\n") }

  /// Writes a displayed value or a plot: to `blockSink` when set, else as one line.
  /// - Parameters:
  ///   - kind: what the text shows.
  ///   - text: the text, without a final newline.
  public func block(_ kind: Block, _ text: String) {
    if let blockSink { blockSink(kind, text) } else { sink(text + "\n") }
  }

  /// Writes text to error output, flushing normal output first so the two stay in order.
  public func writeError(_ text: String) {
    flush()
    errorSink(errorColor ? Output.colorized(error: text) : text)
  }

  /// An error's text with `error:` in bold red and caret lines in green (clang's colours);
  /// used only when colour is allowed, so pipes and files get the plain text.
  public static func colorized(error text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for i in lines.indices {
      if let r = lines[i].firstRange(of: "error: ") {
        lines[i].replaceSubrange(r, with: "\u{1B}[1;31merror:\u{1B}[0m ")
      } else if !lines[i].isEmpty, lines[i].allSatisfy({ $0 == " " || $0 == "\t" || $0 == "^" }),
        lines[i].contains("^")
      {
        lines[i] = "\u{1B}[1;32m" + lines[i] + "\u{1B}[0m"
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Flushes buffered standard output (a no-op for captured sinks).
  public func flush() {
    FDWriter.stdout.flush()
  }

  /// An output that collects everything (normal and error output) into a string buffer.
  /// - Returns: the output and a box whose `text` holds what was written.
  public static func capturing(width: Int = 80, unicode: Bool = true) -> (Output, TextBuffer) {
    let buffer = TextBuffer()
    let out = Output(sink: { buffer.text += $0 }, width: width)
    out.unicode = unicode
    return (out, buffer)
  }

  /// The standard output layer for this process: stdout/stderr, with flags from the environment.
  ///
  /// Colour only when stdout is a terminal, `TERM` is not `dumb` and `NO_COLOR` is unset or
  /// empty; Unicode unless `NNS_ASCII=1` or the locale is not UTF-8; width is the terminal's
  /// (or `COLUMNS` when set), else 80.
  public static func standard() -> Output {
    let env = Environment.current
    let tty = isatty(1) == 1
    let errTTY = isatty(2) == 1
    let out = Output(
      sink: { text in FDWriter.stdout.write(text) },
      errorSink: { text in
        FDWriter.stderr.write(text); FDWriter.stderr.flush()
      },
      isTerminal: tty,
      color: decideColor(isTerminal: tty, env: env),
      unicode: decideUnicode(env: env),
      width: tty ? (terminalWidth() ?? columns(env) ?? 80) : 80)
    out.errorColor = decideColor(isTerminal: errTTY, env: env)
    out.errorIsTerminal = errTTY
    if tty {
      out.widthSource = { terminalWidth() ?? columns(env) }
      out.rowsSource = { terminalRows() ?? lines(env) }
      out.rows = out.rowsSource?()
    }
    return out
  }

  /// Decides whether colour is allowed.
  /// - Parameters:
  ///   - isTerminal: whether the output is a terminal.
  ///   - env: the environment variables.
  /// - Returns: true only for a terminal, `TERM` not `dumb` and `NO_COLOR` unset or empty.
  public static func decideColor(isTerminal: Bool, env: [String: String]) -> Bool {
    guard isTerminal else { return false }
    if env["TERM"] == "dumb" { return false }
    if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
    return true
  }

  /// Decides whether Unicode output is allowed.
  /// - Parameter env: the environment variables.
  /// - Returns: false when `NNS_ASCII=1` or the effective locale names a non-UTF-8 charset.
  public static func decideUnicode(env: [String: String]) -> Bool {
    if env["NNS_ASCII"] == "1" { return false }
    let locale = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }
      .first { !$0.isEmpty }
    guard let locale else { return true }
    if locale == "C" || locale == "POSIX" { return false }
    let lower = locale.lowercased()
    return lower.contains("utf-8") || lower.contains("utf8")
  }

  private static func columns(_ env: [String: String]) -> Int? {
    guard let text = env["COLUMNS"], let n = Int(text), n >= 20 else { return nil }
    return n
  }

  private static func lines(_ env: [String: String]) -> Int? {
    guard let text = env["LINES"], let n = Int(text), n >= 5 else { return nil }
    return n
  }

  private static func terminalRows() -> Int? {
    var size = winsize()
    guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row >= 5 else { return nil }
    return Int(size.ws_row)
  }

  private static func terminalWidth() -> Int? {
    var size = winsize()
    guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 else { return nil }
    return Int(size.ws_col)
  }
}

/// A mutable text box that a capturing `Output` appends to.
public final class TextBuffer: @unchecked Sendable {
  /// Everything written so far.
  public var text = ""
  /// Creates an empty buffer.
  public init() {}
}

/// Access to the process environment without Foundation.
public enum Environment {
  /// The current environment variables.
  public static var current: [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let eq = text.firstIndex(of: "=") {
        result[String(text[..<eq])] = String(text[text.index(after: eq)...])
      }
      pointer += 1
    }
    return result
  }

  /// The working folder, or nil when it cannot be read.
  public static var currentDirectory: String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// One environment variable, or nil.
  public static func get(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }
}

/// A small buffered writer over a file descriptor (stdout is buffered; a terminal gets each
/// write at once so prompts and progress bars appear immediately).
public final class FDWriter: @unchecked Sendable {
  /// Buffered standard output.
  public static let stdout = FDWriter(fd: 1)
  /// Standard error.
  public static let stderr = FDWriter(fd: 2)

  private let fd: Int32
  private var buffer: [UInt8] = []
  private let immediate: Bool
  /// The `errno` of the first failed write (a full disk, `/dev/full`, a closed pipe), if any:
  /// the command then ends with status 1 (`CommandLineTool.run`).
  public private(set) var writeError: Int32?

  init(fd: Int32) {
    self.fd = fd
    self.immediate = isatty(fd) == 1
    buffer.reserveCapacity(1 << 16)
  }

  /// The thread whose writes are dropped (0: none): interpreter code left running after a
  /// forced interrupt (the REPL's second Ctrl-C) must not print over the prompt, nor touch
  /// the buffers the REPL's thread uses meanwhile.
  private static let abandoned = Atomic<UInt>(0)

  /// Drops every later write from `thread` until `forgetAbandoned()`.
  static func abandon(_ thread: pthread_t) {
    abandoned.store(UInt(thread), ordering: .relaxed)
  }

  /// Lets every thread write again (the abandoned one has finished).
  static func forgetAbandoned() { abandoned.store(0, ordering: .relaxed) }

  /// Whether the calling thread's writes are dropped.
  @inline(__always)
  public static var callerIsAbandoned: Bool {
    let t = abandoned.load(ordering: .relaxed)
    return t != 0 && t == UInt(pthread_self())
  }

  /// Appends text, writing out when the buffer is large or the descriptor is a terminal.
  public func write(_ text: String) {
    if FDWriter.callerIsAbandoned { return }
    buffer.append(contentsOf: text.utf8)
    if immediate || buffer.count >= 1 << 16 { flush() }
  }

  /// Writes out everything buffered.
  ///
  /// Standard output goes out in pieces of 64 KiB, and the rest is dropped once Ctrl-C asks
  /// running code to stop: printing a huge value to a slow terminal stops too (the code's next
  /// interrupt check then ends the input).
  public func flush() {
    if FDWriter.callerIsAbandoned { return }
    var offset = 0
    while offset < buffer.count {
      if fd == 1 && Interrupt.isRequested { break }
      let n = buffer.withUnsafeBytes { raw -> Int in
        guard let base = raw.baseAddress else { return -1 }
        let size = min(raw.count - offset, 1 << 16)
        #if canImport(Glibc)
          return Glibc.write(fd, base + offset, size)
        #else
          return Darwin.write(fd, base + offset, size)
        #endif
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 {
        if writeError == nil { writeError = n < 0 ? errno : EIO }
        break
      }
      offset += n
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
