import NNSRuntime

extension REPL {
  /// The language's keywords, offered by Tab completion.
  static let keywords = [
    "fn", "if", "else", "while", "for", "in", "return", "break", "continue", "and", "or",
    "not", "true", "false", "none", "include",
  ]

  /// Tab completion: `:` commands at the start of a line, file names after `:load`/`:save`,
  /// record fields after `name.`, otherwise variables, builtins, stdlib names and keywords.
  /// - Returns: the candidates replacing `word`, or nil for readline's file-name completion.
  func completions(line: String, word: String, start: Int) -> [String]? {
    let head = line.prefix(start).trimmingSpaces
    // Code left running by a forced interrupt may still be writing the session's variables.
    let busy = session.isBusy
    if head == ":" || (head.isEmpty && word.hasPrefix(":")) {
      let typed = word.hasPrefix(":") ? String(word.dropFirst()) : word
      let prefix = word.hasPrefix(":") ? ":" : ""
      return REPLCommand.allCases.map(\.rawValue).filter { $0.hasPrefix(typed) }
        .map { prefix + $0 }
    }
    if head.hasPrefix(":") {
      let cmd = REPLCommand.resolve(String(head.dropFirst().prefix { $0 != " " }))
      if cmd == .load || cmd == .save { return nil }
      if busy { return [] }
      if cmd == .help || cmd == .edit || cmd == .vars || cmd == .time {
        return names(startingWith: word)
      }
      return []
    }
    if busy { return REPL.keywords.filter { $0.hasPrefix(word) } }
    if let dot = word.lastIndex(of: ".") {
      return fields(of: String(word[..<dot]), startingWith: String(word[word.index(after: dot)...]))
    }
    return names(startingWith: word)
  }

  /// Global names (builtins and stdlib included) and keywords that start with `prefix`.
  func names(startingWith prefix: String) -> [String] {
    let all = Set(interpreter.globalNames + REPL.keywords)
    let showHidden = prefix.hasPrefix("_")  // internal `_` builtins only when asked for
    return all.filter { $0.hasPrefix(prefix) && (showHidden || !$0.hasPrefix("_")) }.sorted()
  }

  /// Completes `base.field`: `base` is a chain of names and fields (`r.layer`) naming a record.
  func fields(of base: String, startingWith prefix: String) -> [String] {
    let parts = base.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let first = parts.first, var value = interpreter[global: first] else { return [] }
    for part in parts.dropFirst() {
      guard case .record(let r) = value, let next = r[part] else { return [] }
      value = next
    }
    switch value {
    case .record(let r):
      return r.keys.filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }
    case .f32, .f64, .i64, .bool, .tensor:
      return ["shape", "ndim", "size", "T", "dtype"].filter { $0.hasPrefix(prefix) }
        .map { base + "." + $0 }
    default:
      return []
    }
  }
}
