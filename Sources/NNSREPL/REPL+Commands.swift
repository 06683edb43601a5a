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
    let argument = String(text.dropFirst(word.count)).trimmingSpaces
    guard let cmd = REPLCommand.resolve(word) else {
      output.writeError("error: unknown command ':\(word)' (:help lists the commands)\n")
      return
    }
    switch cmd {
    case .help: help(argument)
    case .vars: output.write(varsTable())
    case .time: time(argument)
    case .load: load(argument)
    case .save: save(argument)
    case .tape: showTape()
    case .history:
      for (i, entry) in editor.history.enumerated() {
        let lines = entry.split(separator: "\n", omittingEmptySubsequences: false)
        output.line(pad("\(i + 1)", 5) + "  " + lines.joined(separator: "\n       "))
      }
    case .reset:
      interpreter = makeInterpreter()
      successfulInputs = []
      output.line("session reset: every variable is gone")
    case .quit: finished = true
    }
  }

  /// `:help` alone lists the commands; `:help name` and `?name` describe a name.
  func help(_ name: String) {
    guard !name.isEmpty else {
      output.line("Type code to run it; an unfinished line continues on a '...' prompt.")
      output.line("Commands (any unambiguous prefix works):")
      output.line(REPLCommand.table)
      output.line("?name is :help name. Tab completes names, fields and commands; Ctrl-R searches")
      output.line("history; Ctrl-C stops running code; Ctrl-D quits.")
      return
    }
    if let cmd = REPLCommand.resolve(name.hasPrefix(":") ? String(name.dropFirst()) : "-"),
      name.hasPrefix(":")
    {
      output.line(cmd.usage + "  " + cmd.summary)
      return
    }
    let isName =
      name.first.map { $0 == "_" || $0.isLetter } ?? false
      && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    guard isName else {
      output.writeError("error: :help takes a name, got '\(name)'\n")
      return
    }
    let source = Source(name: "<repl>", bytes: Array("help(\"\(name)\")".utf8))
    // The call is ours, not the user's: report the message without its synthetic source line.
    do { try interpreter.run(source) } catch { output.writeError("error: \(error)\n") }
  }

  /// The `:vars` table: name, kind, type (dtype and shape), bytes.
  func varsTable() -> String {
    let rows = interpreter.userGlobals.filter { $0.0 != "args" }.map { name, value in
      [name, value.kindName, REPL.typeText(value), REPL.byteText(REPL.bytes(of: value))]
    }
    guard !rows.isEmpty else { return "no variables yet\n" }
    let header = ["name", "kind", "type", "bytes"]
    let all = [header] + rows
    let widths = (0..<4).map { c in all.map { $0[c].count }.max() ?? 0 }
    return all.map { row in
      (0..<4).map { c in c == 3 ? pad(row[c], widths[c]) : row[c].padding(widths[c]) }
        .joined(separator: "  ").trimmingSpaces
    }.joined(separator: "\n") + "\n"
  }

  /// A value's type for `:vars`: dtype and shape for tensors, sizes for collections.
  static func typeText(_ v: Value) -> String {
    switch v {
    case .f32: return "f32 []"
    case .f64: return "f64 []"
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
    case .f64: return 8
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

  /// `:load FILE`: runs a file into the session; `:save` records it as an `include`.
  func load(_ path: String) {
    guard !path.isEmpty else {
      output.writeError("error: :load needs a file name\n")
      return
    }
    Interpreter.interruptRequested.store(false, ordering: .relaxed)
    if interpreter.runFile(path) == 0 {
      successfulInputs.append("include " + Display.quoted(path))
      output.line("loaded \(path)")
    }
  }

  /// `:save FILE`: writes the successful inputs as a notebook script, one cell each.
  func save(_ path: String) {
    guard !path.isEmpty else {
      output.writeError("error: :save needs a file name\n")
      return
    }
    var text = "# nns session saved by :save; `nns \(path)` reruns it to the same state.\n"
    for input in successfulInputs {
      text += "\n# %%\n" + input + "\n"
    }
    guard let file = fopen(path, "w") else {
      output.writeError("error: :save: cannot write '\(path)'\n")
      return
    }
    let ok = fputs(text, file) >= 0
    if fclose(file) != 0 || !ok {
      output.writeError("error: :save: writing '\(path)' failed\n")
      return
    }
    output.line(
      "saved \(successfulInputs.count) input\(successfulInputs.count == 1 ? "" : "s") to \(path)")
  }

  /// `:time EXPR`: runs the expression (many times when quick) and reports the median.
  func time(_ code: String) {
    guard !code.isEmpty else {
      output.writeError("error: :time needs an expression\n")
      return
    }
    let source = Source(name: "<repl>", bytes: Array(code.utf8))
    var samples: [Double] = []
    var total = 0.0
    Interpreter.interruptRequested.store(false, ordering: .relaxed)
    while samples.count < 10_000 {
      let start = Builtins.monotonicSeconds()
      do { try interpreter.run(source) } catch {
        output.writeError(error.render() + "\n")
        return
      }
      let elapsed = Builtins.monotonicSeconds() - start
      samples.append(elapsed)
      total += elapsed
      if total > 0.5 || (samples.count >= 3 && total > 0.2 && elapsed > 0.05) { break }
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let runs = samples.count == 1 ? "1 run" : "\(samples.count) runs"
    output.line(
      "median \(REPL.durationText(median)) over \(runs) (min \(REPL.durationText(samples[0])))")
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
