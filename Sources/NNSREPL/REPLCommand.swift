/// One of the REPL's `:` commands.
public enum REPLCommand: String, CaseIterable, Sendable {
  case help, vars, time, load, save, tape, history, reset, quit

  /// What the command's argument is, for `:help`.
  public var usage: String {
    switch self {
    case .help: return ":help [name]"
    case .vars: return ":vars"
    case .time: return ":time EXPR"
    case .load: return ":load FILE"
    case .save: return ":save FILE"
    case .tape: return ":tape"
    case .history: return ":history"
    case .reset: return ":reset"
    case .quit: return ":quit"
    }
  }

  /// One line saying what the command does.
  public var summary: String {
    switch self {
    case .help: return "help on a builtin or stdlib name (also ?name); without a name, this list"
    case .vars: return "the session's variables: name, kind, shape and dtype, bytes"
    case .time: return "time an expression (repeated when it is quick; median with units)"
    case .load: return "run a file into the session"
    case .save: return "write this session's successful inputs as a notebook script"
    case .tape: return "the tape of the most recent gradient computation"
    case .history: return "the inputs of this and earlier sessions"
    case .reset: return "forget every variable"
    case .quit: return "leave (Ctrl-D does too)"
    }
  }

  /// Resolves a typed command word (without the colon) by unambiguous prefix.
  ///
  /// Where a prefix fits several commands the one listed first wins, so `:h` is `:help`
  /// (SPEC §8 names `:h` and `:q` as examples) and `:hi` is `:history`.
  /// - Returns: the command, or nil when no command starts with `word`.
  public static func resolve(_ word: String) -> REPLCommand? {
    guard !word.isEmpty else { return nil }
    return allCases.first { $0.rawValue.hasPrefix(word) }
  }

  /// The table shown by `:help` without a name.
  public static var table: String {
    let width = allCases.map(\.usage.count).max() ?? 0
    return allCases.map { cmd in
      cmd.usage + String(repeating: " ", count: width - cmd.usage.count + 2) + cmd.summary
    }.joined(separator: "\n")
  }
}
