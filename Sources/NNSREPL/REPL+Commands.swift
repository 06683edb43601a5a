import NNSAutodiff
import NNSRuntime
import NNSSyntax
import NNSTensor

#if canImport(Glibc)
  import Glibc
#endif

extension REPL {
  /// Runs a `:` command (the text after the colon).
  func command(_ text: String) {
    let word = String(text.prefix { $0 != " " && $0 != "\t" })
    let rest = String(text.dropFirst(word.count)).trimmingSpaces
    guard let cmd = REPLCommand.resolve(word) else {
      let hint = Suggest.hint(
        for: word, among: REPLCommand.allCases.map(\.rawValue), prefix: ":")
      output.writeError("error: unknown command ':\(word)'\(hint) (:help lists the commands)\n")
      return
    }
    if cmd == .time {
      time(rest)
      return
    }
    guard let words = REPLCommand.words(rest) else {
      output.writeError("error: :\(cmd.rawValue): a quote is not closed\n")
      return
    }
    guard words.count <= cmd.maxArguments else {
      let extra = words.dropFirst(cmd.maxArguments).joined(separator: " ")
      let takes =
        cmd.maxArguments == 0
        ? "takes no argument" : "takes one argument (quote a file name with spaces)"
      output.writeError("error: :\(cmd.rawValue) \(takes), got '\(extra)' too\n")
      return
    }
    let argument = words.first ?? ""
    switch cmd {
    case .help: help(argument)
    case .vars: output.write(varsTable(matching: argument))
    case .time: break
    case .load: load(argument)
    case .save: save(argument)
    case .edit: edit(argument)
    case .tape: showTape()
    case .history: history(argument)
    case .apropos: apropos(argument)
    case .reset:
      session.reset()
      output.line("session reset: every variable is gone")
    case .quit: finished = true
    }
  }

  /// `:help` alone lists the commands; `:help name` and `?name` describe a name, a keyword
  /// or an operator, wrapped to the terminal's width.
  func help(_ name: String) {
    output.refreshWidth()
    guard !name.isEmpty else {
      let width = output.width
      output.line("Type code to run it; an unfinished line continues on a '...' prompt.")
      output.line("Commands (any unambiguous prefix works):")
      output.line(REPLCommand.table(width: width))
      let tail =
        "?name is :help name (names, keywords such as ?for, operators such as ?+); ??word "
        + "searches every help text. Tab completes names, fields and commands; Up and Down "
        + "search the history for what is typed, Ctrl-R anywhere in it; Ctrl-C stops running "
        + "code; Ctrl-D quits."
      output.line(Help.wrap(tail, width: width, indent: "").joined(separator: "\n"))
      return
    }
    if name.hasPrefix(":"), let cmd = REPLCommand.resolve(String(name.dropFirst())) {
      output.line(cmd.usage + "  " + cmd.summary)
      return
    }
    session.settle()
    if let entry = Help.entry(name, in: interpreter) {
      output.line(entry.text(width: output.width))
      return
    }
    let known = interpreter.globalNames.filter { !$0.hasPrefix("_") } + Help.language.map(\.name)
    output.writeError(
      "error: no builtin, function, keyword or operator named '\(name)'"
        + Suggest.hint(for: name, among: known) + " (??\(name) searches the help texts)\n")
  }

  /// `:apropos WORD` and `??WORD`: every help entry whose name or text mentions the word
  /// (case ignored), one line each: the name and the first sentence, cut to the width.
  func apropos(_ word: String) {
    guard !word.isEmpty else {
      output.writeError("error: :apropos needs a word to search for\n")
      return
    }
    output.refreshWidth()
    let needle = word.lowercased()
    let hits = Help.all(in: interpreter).filter { e in
      (e.name + " " + e.header + " " + e.doc + " " + e.example).lowercased().contains(needle)
    }
    guard !hits.isEmpty else {
      output.line("no help text mentions '\(word)'")
      return
    }
    let column = min((hits.map(\.name.count).max() ?? 0) + 2, 18)
    for e in hits {
      var line = e.name.padding(column) + e.summary
      if line.count > output.width { line = String(line.prefix(output.width - 1)) + "…" }
      output.line(line)
    }
  }

  /// `:history [N]`: the numbered history, or its last N entries.
  func history(_ argument: String) {
    let entries = editor.history
    var first = 0
    if !argument.isEmpty {
      guard let n = Int(argument), n >= 0 else {
        output.writeError("error: :history takes a count, got '\(argument)'\n")
        return
      }
      first = max(entries.count - n, 0)
    }
    for i in first..<entries.count {
      let lines = entries[i].split(separator: "\n", omittingEmptySubsequences: false)
      output.line(pad("\(i + 1)", 5) + "  " + lines.joined(separator: "\n       "))
    }
  }

  /// The `:vars` table: name, kind, type (dtype and shape), bytes; only the names matching
  /// `pattern` when one is given (a glob with `*` and `?`, else a part of the name).
  func varsTable(matching pattern: String = "") -> String {
    session.settle()
    let rows = interpreter.userGlobals.filter { name, _ in
      name != "args" && REPL.name(name, matches: pattern)
    }.map { name, value in
      [name, value.kindName, REPL.typeText(value), REPL.byteText(REPL.bytes(of: value))]
    }
    guard !rows.isEmpty else {
      return pattern.isEmpty ? "no variables yet\n" : "no variables match '\(pattern)'\n"
    }
    let header = ["name", "kind", "type", "bytes"]
    let all = [header] + rows
    let widths = (0..<4).map { c in all.map { $0[c].count }.max() ?? 0 }
    return all.map { row in
      (0..<4).map { c in c == 3 ? pad(row[c], widths[c]) : row[c].padding(widths[c]) }
        .joined(separator: "  ").trimmingSpaces
    }.joined(separator: "\n") + "\n"
  }

  /// Whether a variable's name matches a `:vars` pattern.
  static func name(_ name: String, matches pattern: String) -> Bool {
    if pattern.isEmpty { return true }
    if pattern.contains("*") || pattern.contains("?") || pattern.contains("[") {
      return fnmatch(pattern, name, 0) == 0
    }
    return name.contains(pattern)
  }

  /// A value's type for `:vars`: dtype and shape for tensors, sizes for collections.
  static func typeText(_ v: Value) -> String {
    switch v {
    case .f32: return "f32 []"
    case .f64: return "f64 []"
    case .i64: return "i64 []"
    case .bool: return "bool []"
    case .tensor(let t): return "\(t.dtype.name) \(shapeString(t.shape))"
    case .string(let s): return "\(s.count) chars"
    case .list(let l): return "\(l.count) items"
    case .record(let r): return "{" + r.keys.joined(separator: ", ") + "}"
    case .closure, .builtin:
      let shown = Display.plain(v)
      return shown.count > 40 ? String(shown.prefix(39)) + "…" : shown
    default: return ""
    }
  }

  /// The bytes a value's numbers occupy (tensor leaves summed through lists and records).
  static func bytes(of v: Value) -> Int {
    switch v {
    case .f32: return 4
    case .f64, .i64: return 8
    case .bool: return 1
    case .tensor(let t): return t.count &* t.dtype.byteSize
    case .string(let s): return s.utf8.count
    case .list(let l): return l.reduce(0) { $0 &+ bytes(of: $1) }
    case .record(let r): return r.values.reduce(0) { $0 &+ bytes(of: $1) }
    default: return 0
    }
  }

  static func byteText(_ n: Int) -> String {
    if n < 1024 { return "\(n)" }
    let units = ["KiB", "MiB", "GiB", "TiB"]
    var x = Double(n) / 1024
    var i = 0
    while x >= 1024 && i < units.count - 1 {
      x /= 1024
      i += 1
    }
    return formatSignificant(x, 3) + " " + units[i]
  }

  /// `:load FILE`: runs a file into the session as one input (all or nothing); `:save`
  /// records it as an `include`.
  func load(_ path: String) {
    guard !path.isEmpty else {
      output.writeError("error: :load needs a file name\n")
      return
    }
    switch session.load(path) {
    case .success: output.line("loaded \(path)")
    case .exit(let s):
      status = s
      finished = true
    case .failure: break
    }
  }

  /// `:save FILE`: writes the inputs that took effect as a notebook script, one cell each.
  func save(_ path: String) {
    guard !path.isEmpty else {
      output.writeError("error: :save needs a file name\n")
      return
    }
    let inputs = session.effectiveInputs
    var text = "# nns session saved by :save; `nns \(path)` reruns it to the same state.\n"
    for input in inputs {
      text += "\n# %%\n" + input + "\n"
    }
    let target = Session.expandingTilde(path)
    // as `save` writes: atomically, never over a special or read-only file
    do { try TextFile.write(text, to: target, op: ":save") } catch {
      output.writeError("error: \(error)\n")
      return
    }
    output.line("saved \(inputs.count) input\(inputs.count == 1 ? "" : "s") to \(path)")
  }

  /// `:time EXPR`: the median time per run (the timing loop's own cost taken off), over runs
  /// for about half a second; the session is left as it was.
  func time(_ code: String) {
    guard !code.isEmpty else {
      output.writeError("error: :time needs an expression\n")
      return
    }
    guard let timing = session.time(code) else { return }
    let runs = timing.runs == 1 ? "1 run" : "\(timing.runs) runs"
    let batches = timing.batches > 1 ? " in \(timing.batches) batches" : ""
    output.line(
      "median \(REPL.durationText(timing.median)) per run over \(runs)\(batches) "
        + "(min \(REPL.durationText(timing.min)))")
  }

  /// A duration with three significant digits and a unit: `12.3 µs`, `4.56 ms`, `1.20 s`.
  static func durationText(_ seconds: Double) -> String {
    if seconds < 1e-6 { return formatSignificant(seconds * 1e9, 3) + " ns" }
    if seconds < 1e-3 { return formatSignificant(seconds * 1e6, 3) + " µs" }
    if seconds < 1 { return formatSignificant(seconds * 1e3, 3) + " ms" }
    return formatSignificant(seconds, 3) + " s"
  }

  /// `:tape`: the tape of the most recent gradient computation (the REPL keeps every
  /// gradient computation's record; see `Tape.keepRecord`).
  func showTape() {
    if let record = Tape.lastRecord {
      output.line(record.description)
    } else {
      output.line("no gradient has been computed yet in this session")
    }
  }
}

/// `x` with `digits` significant digits, trailing zeros kept (`1.20`).
func formatSignificant(_ x: Double, _ digits: Int) -> String {
  guard x.isFinite, x > 0 else { return "0" }
  let magnitude = Int((log10(x)).rounded(.down))
  let decimals = max(0, digits - 1 - magnitude)
  var scaled = (x * pow(10, Double(decimals))).rounded()
  if scaled >= pow(10, Double(digits)) && decimals > 0 { scaled /= 10 }
  var text = String(Int(scaled))
  if decimals > 0 {
    while text.count <= decimals { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
  }
  return text
}

/// Right-aligns text in a field.
func pad(_ s: String, _ width: Int) -> String {
  String(repeating: " ", count: max(0, width - s.count)) + s
}

extension String {
  /// Left-aligns the string in a field.
  func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}

extension REPL {
  /// `durationText` for tests.
  public static func durationTextForTesting(_ seconds: Double) -> String { durationText(seconds) }
}
