/// One of the REPL's `:` commands.
public enum REPLCommand: String, CaseIterable, Sendable {
  case help, vars, time, load, save, edit, tape, history, apropos, reset, quit

  /// What the command's argument is, for `:help`.
  public var usage: String {
    switch self {
    case .help: return ":help [name]"
    case .vars: return ":vars [PATTERN]"
    case .time: return ":time EXPR"
    case .load: return ":load FILE"
    case .save: return ":save FILE"
    case .edit: return ":edit [NAME]"
    case .tape: return ":tape"
    case .history: return ":history [N]"
    case .apropos: return ":apropos WORD"
    case .reset: return ":reset"
    case .quit: return ":quit"
    }
  }

  /// One line saying what the command does.
  public var summary: String {
    switch self {
    case .help: return "help on a name, keyword or operator (also ?name); alone, this list"
    case .vars: return "the variables (names matching a glob such as w*): kind, type, bytes"
    case .time:
      return "time an expression: the median time per run, the timing's own cost taken off"
    case .load: return "run a file into the session (~ is the home folder)"
    case .save: return "write the inputs that took effect as a script that rebuilds the session"
    case .edit: return "open the last input (or a function's definition) in $EDITOR; run it on save"
    case .tape: return "the tape of the most recent gradient computation"
    case .history: return "the inputs of this and earlier sessions (the last N)"
    case .apropos: return "search every help text for a word (also ??WORD)"
    case .reset: return "forget every variable"
    case .quit: return "leave (Ctrl-D and exit() do too)"
    }
  }

  /// The most arguments the command takes (`:time` takes the rest of the line as its one).
  var maxArguments: Int {
    switch self {
    case .tape, .reset, .quit: return 0
    default: return 1
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

  /// The table shown by `:help` without a name, each summary wrapped to `width` columns.
  public static func table(width: Int = 80) -> String {
    let column = (allCases.map(\.usage.count).max() ?? 0) + 2
    return allCases.map { cmd in
      let lines = wrapped(cmd.summary, width: width - column)
      let pad = String(repeating: " ", count: column)
      return cmd.usage + String(repeating: " ", count: column - cmd.usage.count)
        + lines.joined(separator: "\n" + pad)
    }.joined(separator: "\n")
  }

  /// The table at 80 columns.
  public static var table: String { table() }

  /// Words on lines of at most `width` columns (at least 20).
  static func wrapped(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count <= max(width, 20) {
        current += " " + word
      } else {
        lines.append(current)
        current = String(word)
      }
    }
    lines.append(current)
    return lines
  }

  /// Splits a command's argument text into words; `"..."` keeps spaces in one word.
  /// - Returns: the words, or nil when a quote is not closed.
  static func words(_ text: String) -> [String]? {
    var words: [String] = []
    var current = ""
    var quoted = false
    var started = false
    for c in text {
      if c == "\"" {
        quoted.toggle()
        started = true
      } else if (c == " " || c == "\t") && !quoted {
        if started { words.append(current) }
        current = ""
        started = false
      } else {
        current.append(c)
        started = true
      }
    }
    if quoted { return nil }
    if started { words.append(current) }
    return words
  }
}
