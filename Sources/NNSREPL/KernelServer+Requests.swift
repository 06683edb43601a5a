import NNSFiles
import NNSRuntime

extension KernelServer {
  /// The characters that end a word for completion: readline's, as the REPL sets them, so Tab
  /// in a notebook completes what Tab at the prompt completes.
  static let wordBreaks = Set(" \t\n\"'`@$><=;|&{(,[+-*%^:")

  /// Answers `complete`: the REPL's Tab completion for the word before the cursor.
  ///
  /// Positions count Unicode code points, as Jupyter's do. The event carries the candidates and
  /// the range of the code they replace.
  /// - Parameters:
  ///   - code: the cell.
  ///   - cursor: the cursor's position in the cell.
  func complete(_ code: String, cursor: Int) {
    let scalars = Array(code.unicodeScalars)
    let end = min(max(cursor, 0), scalars.count)
    var before = String.UnicodeScalarView()
    before.append(contentsOf: scalars[..<end])
    let text = String(before)
    let line = text.lastIndex(of: "\n").map { String(text[text.index(after: $0)...]) } ?? text
    var start = line.endIndex
    while start > line.startIndex, !Self.wordBreaks.contains(line[line.index(before: start)]) {
      start = line.index(before: start)
    }
    let word = String(line[start...])
    let offset = line.distance(from: line.startIndex, to: start)
    let matches =
      repl.completions(line: line, word: word, start: offset) ?? Self.fileNames(word)
    event(
      "completions",
      [
        ("matches", .list(matches.map { .string($0) })),
        ("start", .number(Double(end - word.unicodeScalars.count))),
        ("end", .number(Double(end))),
      ])
  }

  /// File and folder names that complete `word` (after `:load` and `:save`), folders with a
  /// `/` after them; names starting with `.` only when the word's last part does.
  /// - Parameter word: a path as typed so far.
  /// - Returns: the candidates, each a whole path replacing `word`.
  static func fileNames(_ word: String) -> [String] {
    let slash = word.lastIndex(of: "/")
    let folder = slash.map { String(word[...$0]) } ?? ""
    let prefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
    let names = TextFile.names(in: folder.isEmpty ? "." : folder) ?? []
    return names.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }
      .map { folder + $0 + (TextFile.isDirectory(folder + $0) ? "/" : "") }
  }

  /// Answers `inspect` (Jupyter's Shift-Tab): the `?name` help of the name at the cursor, or
  /// of the function whose call the cursor is in; for a variable without help, its kind, type
  /// and displayed value.
  /// - Parameters:
  ///   - code: the cell.
  ///   - cursor: the cursor's position in code points.
  func inspect(_ code: String, cursor: Int) {
    var text = ""
    let name = Self.topic(in: code, cursor: cursor)
    if let name, !session.isBusy {
      if let entry = Help.entry(name, in: repl.interpreter) {
        text = entry.text(width: output.width)
      } else if let value = repl.interpreter[global: name] {
        text =
          "\(name): \(value.kindName) \(REPL.typeText(value))\n"
          + Display.show(value, width: output.width)
      }
    }
    event(
      "help",
      [("found", .bool(!text.isEmpty)), ("name", .string(name ?? "")), ("text", .string(text))])
  }

  /// The name the cursor is on, else the name of the call whose parentheses it is in.
  /// - Parameters:
  ///   - code: the cell.
  ///   - cursor: the cursor's position in code points.
  /// - Returns: the name, or nil.
  static func topic(in code: String, cursor: Int) -> String? {
    let s = Array(code.unicodeScalars)
    let at = min(max(cursor, 0), s.count)
    func isName(_ c: Unicode.Scalar) -> Bool {
      c == "_" || (c.value < 128 && (c.properties.isAlphabetic || ("0"..."9").contains(c)))
    }
    func name(endingAt end: Int) -> String? {
      var start = end
      while start > 0, isName(s[start - 1]) { start -= 1 }
      guard start < end, !("0"..."9").contains(s[start]) else { return nil }
      var v = String.UnicodeScalarView()
      v.append(contentsOf: s[start..<end])
      return String(v)
    }
    var end = at
    while end < s.count, isName(s[end]) { end += 1 }
    if let found = name(endingAt: end) { return found }
    // Inside a call: the name before the innermost '(' that is still open at the cursor.
    var depth = 0
    var i = at - 1
    while i >= 0 {
      switch s[i] {
      case ")": depth += 1
      case "(":
        if depth == 0 {
          var j = i
          while j > 0, s[j - 1] == " " { j -= 1 }
          return name(endingAt: j)
        }
        depth -= 1
      default: break
      }
      i -= 1
    }
    return nil
  }

  /// Answers `is_complete`: whether the REPL would ask for more lines (an open bracket, brace
  /// or string, a trailing operator), and the indentation to continue with.
  /// - Parameter code: the input so far.
  func isComplete(_ code: String) {
    let more = REPL.needsMore(code)
    var indent = ""
    if more {
      let last =
        code.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
      indent = String(last.prefix { $0 == " " || $0 == "\t" })
      if let end = last.trimmingSpaces.last, "([{".contains(end) { indent += "  " }
    }
    event(
      "completeness",
      [("status", .string(more ? "incomplete" : "complete")), ("indent", .string(indent))])
  }
}
