import CReadline
import NNSRuntime
import NNSTensor
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// State shared with readline's C callbacks, which cannot capture Swift context.
///
/// Only the REPL's thread touches it, one `readLine` at a time.
enum ReadlineState {
  nonisolated(unsafe) static var result: LineInput?
  nonisolated(unsafe) static var completer: Completer?
  nonisolated(unsafe) static var candidates: [String] = []
  nonisolated(unsafe) static var candidateIndex = 0
}

/// Called by readline with each finished line (or nil at end of input).
private func lineHandler(_ raw: UnsafeMutablePointer<CChar>?) {
  if let raw {
    ReadlineState.result = .line(String(cString: raw))
    free(raw)
  } else {
    ReadlineState.result = .endOfInput
  }
  // Stop readline from showing the prompt again before the REPL has run the line.
  rl_callback_handler_remove()
}

/// Hands readline the next completion candidate (a malloc'd copy), or nil when done.
private func candidateGenerator(
  _ text: UnsafePointer<CChar>?, _ state: Int32
) -> UnsafeMutablePointer<CChar>? {
  if state == 0 { ReadlineState.candidateIndex = 0 }
  let all = ReadlineState.candidates
  guard ReadlineState.candidateIndex < all.count else { return nil }
  let next = all[ReadlineState.candidateIndex]
  ReadlineState.candidateIndex += 1
  return strdup(next)
}

/// readline's completion entry point: asks the REPL's completer for candidates.
private func attemptCompletion(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  let word = text.map { String(cString: $0) } ?? ""
  let line = rl_line_buffer.map { String(cString: $0) } ?? ""
  guard let completer = ReadlineState.completer,
    let candidates = completer(line, word, Int(start))
  else {
    rl_attempted_completion_over = 0  // fall back to file names
    return nil
  }
  rl_attempted_completion_over = 1
  ReadlineState.candidates = candidates
  if candidates.count == 1, candidates[0].hasSuffix("(") || candidates[0].hasSuffix(".") {
    rl_completion_append_character = 0
  }
  return rl_completion_matches(text, candidateGenerator)
}

/// GNU readline behind `LineEditor`: line editing, Ctrl-R search, Tab completion and a
/// history file kept across sessions (`~/.nns_history`, multi-line inputs as one entry).
public final class ReadlineEditor: LineEditor {
  private let historyPath: String?
  private let maxHistory: Int32

  /// Sets readline up for nns and loads the history file.
  ///
  /// - Parameters:
  ///   - historyPath: the file that keeps history across sessions, or nil for none.
  ///   - maxHistory: the most entries kept.
  public init(historyPath: String?, maxHistory: Int = 1000) {
    self.historyPath = historyPath
    self.maxHistory = Int32(clamping: maxHistory)
    rl_readline_name = UnsafePointer(strdup("nns"))
    rl_catch_signals = 0
    // Up and Down search the history for inputs that start with what is typed (IPython's and
    // Julia's arrows; with nothing typed they step through it). Bound before readline reads
    // ~/.inputrc, so a user's own binding there wins.
    rl_bind_keyseq("\u{1B}[A", rl_history_search_backward)
    rl_bind_keyseq("\u{1B}OA", rl_history_search_backward)
    rl_bind_keyseq("\u{1B}[B", rl_history_search_forward)
    rl_bind_keyseq("\u{1B}OB", rl_history_search_forward)
    rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"'`@$><=;|&{(,[+-*%^:"))
    history_comment_char = CChar(UInt8(ascii: "#"))
    history_write_timestamps = 1
    history_multiline_entries = 1
    using_history()
    stifle_history(self.maxHistory)
    if let historyPath { read_history(historyPath) }
    rl_attempted_completion_function = attemptCompletion
    InterruptSignal.install()
  }

  public func setCompleter(_ completer: @escaping Completer) {
    ReadlineState.completer = completer
  }

  public func readLine(prompt: String) -> LineInput {
    ReadlineState.result = nil
    sigintPending = 0
    rl_callback_handler_install(prompt, lineHandler)
    while true {
      if let result = ReadlineState.result { return result }
      var pfd = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
      let ready = poll(&pfd, 1, -1)
      if sigintPending != 0 {
        sigintPending = 0
        discardLine()
        return .interrupted
      }
      if ready < 0 {
        if errno == EINTR { continue }
        rl_callback_handler_remove()
        return .endOfInput
      }
      rl_callback_read_char()
    }
  }

  /// Throws away the half-typed line after Ctrl-C and moves to a fresh line.
  private func discardLine() {
    fputs("^C\n", stdout)  // the cursor is still at the end of the discarded text
    fflush(stdout)
    rl_free_line_state()
    rl_callback_sigcleanup()
    rl_replace_line("", 0)
    rl_point = 0
    rl_end = 0
    rl_callback_handler_remove()
  }

  public func addHistory(_ entry: String) {
    guard !entry.allSatisfy(\.isWhitespace) else { return }
    if let last = history_get(history_base + history_length - 1),
      String(cString: last.pointee.line) == entry
    {
      return
    }
    add_history(entry)
    if let historyPath {
      if append_history(1, historyPath) != 0 { write_history(historyPath) }
      history_truncate_file(historyPath, maxHistory)
    }
  }

  public var history: [String] {
    var entries: [String] = []
    var i = history_base
    while i < history_base + history_length {
      if let entry = history_get(i) { entries.append(String(cString: entry.pointee.line)) }
      i += 1
    }
    return entries
  }
}
