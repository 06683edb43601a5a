/// A `.nns` source split into cells in the jupytext "percent" format (SPEC §9).
///
/// A line starting with `#%%` or `# %%` opens a cell; text after the marker is the cell's
/// header: an optional title, an optional type in brackets (`[markdown]`, `[md]`,
/// `[exercise]`) and optional jupytext metadata, of which `tags=["raises-exception"]` is
/// understood (the cell is expected to fail). Lines before the first marker form a code cell.
public struct Notebook: Sendable {
  /// What a cell holds.
  public enum Kind: String, Sendable {
    /// Code, run in the session.
    case code
    /// Markdown prose, each line `# `-prefixed.
    case markdown
    /// An exercise: `#! EXPR` checks, `#? TEXT` hints, and a model solution as its code.
    case exercise
  }

  /// One exercise check: an expression that must be truthy.
  public struct Check: Sendable, Equatable {
    /// The 1-based line of the `#!` line in the notebook.
    public var line: Int
    /// The 1-based column where the expression starts.
    public var column: Int
    /// The expression's text.
    public var text: String
    /// The line's text before the expression (indentation, `#!` and spaces), for errors.
    public var prefix: String

    /// Creates a check.
    public init(line: Int, column: Int, text: String, prefix: String) {
      self.line = line
      self.column = column
      self.text = text
      self.prefix = prefix
    }
  }

  /// One cell.
  public struct Cell: Sendable {
    /// What the cell holds.
    public var kind: Kind
    /// The title written after the marker, if any.
    public var title: String?
    /// Jupytext tags from the header's `tags=[...]`.
    public var tags: [String]
    /// The 1-based line of the `# %%` marker, or nil for code before the first marker.
    public var markerLine: Int?
    /// The 1-based line of the first body line.
    public var firstLine: Int
    /// The body lines (line terminators removed).
    public var lines: [String]
    /// An exercise's checks, in order.
    public var checks: [Check] = []
    /// An exercise's hints, in order.
    public var hints: [String] = []

    /// Whether the cell is expected to end in an error (jupytext tag `raises-exception`).
    public var raisesException: Bool { tags.contains("raises-exception") }

    /// The code as shown to a reader: leading and trailing blank lines dropped, a `#!` first
    /// line of the file dropped, and in an exercise the `#!`/`#?` lines dropped.
    public var displayCode: String {
      var body = lines
      if markerLine == nil, firstLine == 1, body.first?.hasPrefix("#!") == true {
        body[0] = ""
      }
      if kind == .exercise {
        body = Array(body.dropFirst(taskLineCount)).filter { !Notebook.isExerciseLine($0) }
      }
      return Notebook.trimBlankLines(body).joined(separator: "\n")
    }

    /// The number of body lines that state an exercise's task: the comment lines (other than
    /// `#!` and `#?` lines) and blank lines before its first line of code.
    var taskLineCount: Int {
      guard kind == .exercise else { return 0 }
      var count = 0
      for line in lines {
        let rest = line.drop { $0 == " " || $0 == "\t" }
        guard rest.isEmpty || rest.hasPrefix("#") else { break }
        count += 1
      }
      return count
    }

    /// An exercise's task, as Markdown: its leading comment lines without their `# `.
    public var task: String {
      let text = lines.prefix(taskLineCount).filter { !Notebook.isExerciseLine($0) }
      return Notebook.markdownText(Array(text))
    }

    /// A markdown cell's text: each line with its `# ` (or `#`) prefix removed.
    public var markdown: String { Notebook.markdownText(lines) }

    /// Whether the cell has nothing to show or run.
    public var isEmpty: Bool {
      switch kind {
      case .markdown: return markdown.isEmpty
      case .code: return displayCode.isEmpty
      case .exercise: return displayCode.isEmpty && checks.isEmpty
      }
    }
  }

  /// The name errors and transcripts show.
  public let name: String
  /// The whole text as read.
  public let bytes: [UInt8]
  /// The cells in order; empty cells are dropped.
  public let cells: [Cell]
  /// Problems with the notebook's structure (an exercise without checks), in line order.
  public let problems: [String]

  /// Splits a notebook into cells.
  /// - Parameters:
  ///   - name: the name shown in errors and transcripts.
  ///   - bytes: the file's contents (invalid UTF-8 is replaced when shown; the parser reports it).
  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
    var cells: [Cell] = []
    var current = Cell(kind: .code, title: nil, tags: [], markerLine: nil, firstLine: 1, lines: [])
    let lines = Notebook.splitLines(bytes)
    for (index, line) in lines.enumerated() {
      let number = index + 1
      if let header = Notebook.markerHeader(line) {
        cells.append(current)
        let parsed = Notebook.parseHeader(header)
        current = Cell(
          kind: parsed.kind, title: parsed.title, tags: parsed.tags, markerLine: number,
          firstLine: number + 1, lines: [])
      } else {
        current.lines.append(line)
      }
    }
    cells.append(current)
    var problems: [String] = []
    self.cells = cells.map(Notebook.readExercise).filter { !$0.isEmpty || $0.kind == .exercise }
    for cell in self.cells where cell.kind == .exercise && cell.checks.isEmpty {
      problems.append(
        "\(name):\(cell.markerLine ?? 1): error: notebook: an exercise cell needs at least one "
          + "'#! EXPR' check")
    }
    self.problems = problems
  }

  /// Fills an exercise cell's checks and hints from its `#!` and `#?` lines.
  static func readExercise(_ cell: Cell) -> Cell {
    guard cell.kind == .exercise else { return cell }
    var cell = cell
    for (i, line) in cell.lines.enumerated() {
      let indent = line.prefix { $0 == " " || $0 == "\t" }.count
      let rest = line.dropFirst(indent)
      if rest.hasPrefix("#!") {
        let body = rest.dropFirst(2)
        let pad = body.prefix { $0 == " " || $0 == "\t" }.count
        let text = String(body.dropFirst(pad)).trimmingSpaces
        if !text.isEmpty {
          cell.checks.append(
            Check(
              line: cell.firstLine + i, column: indent + 3 + pad, text: text,
              prefix: String(line.prefix(indent + 2 + pad))))
        }
      } else if rest.hasPrefix("#?") {
        let text = String(rest.dropFirst(2)).trimmingSpaces
        if !text.isEmpty { cell.hints.append(text) }
      }
    }
    return cell
  }

  /// Whether a line is an exercise's check or hint line.
  static func isExerciseLine(_ line: String) -> Bool {
    let rest = line.drop { $0 == " " || $0 == "\t" }
    return rest.hasPrefix("#!") || rest.hasPrefix("#?")
  }

  /// The text after a cell marker, or nil when the line is not one.
  static func markerHeader(_ line: String) -> Substring? {
    if line.hasPrefix("#%%") { return line.dropFirst(3) }
    if line.hasPrefix("# %%") { return line.dropFirst(4) }
    return nil
  }

  /// Reads a marker's header: `Title [type] key="value" tags=["a", "b"]`.
  static func parseHeader(_ header: Substring) -> (kind: Kind, title: String?, tags: [String]) {
    var text = String(header)
    var tags: [String] = []
    if let range = text.firstRange(of: "tags=[") {
      let after = text[range.upperBound...]
      let close = after.firstIndex(of: "]") ?? after.endIndex
      tags = after[..<close].split(separator: ",").map {
        $0.trimmingSpaces.trimmingCharacters(quotes: true)
      }.filter { !$0.isEmpty }
      let end = close < text.endIndex ? text.index(after: close) : close
      text.removeSubrange(range.lowerBound..<end)
    }
    var kind = Kind.code
    for (word, k) in [
      ("[markdown]", Kind.markdown), ("[md]", .markdown), ("[exercise]", .exercise),
    ] {
      if let range = text.firstRange(of: word) {
        kind = k
        text.removeSubrange(range)
        break
      }
    }
    let title = text.trimmingSpaces
    return (kind, title.isEmpty ? nil : title, tags)
  }

  /// Splits bytes into lines, dropping `\n` and a `\r` before it (invalid UTF-8 is replaced).
  static func splitLines(_ bytes: [UInt8]) -> [String] {
    var lines: [String] = []
    var start = 0
    var i = 0
    while i <= bytes.count {
      if i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
        var end = i
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
        start = i + 1
      }
      i += 1
    }
    if lines.last == "", bytes.last == UInt8(ascii: "\n") { lines.removeLast() }
    return lines
  }

  /// Comment lines as Markdown: each line without its `# ` (or `#`), blank ends dropped.
  static func markdownText(_ lines: [String]) -> String {
    let text = lines.map { line -> String in
      if line.hasPrefix("# ") { return String(line.dropFirst(2)) }
      if line.hasPrefix("#") { return String(line.dropFirst()) }
      return line
    }
    return trimBlankLines(text).joined(separator: "\n")
  }

  /// Drops blank lines at both ends.
  static func trimBlankLines(_ lines: [String]) -> [String] {
    let isBlank: (String) -> Bool = { $0.allSatisfy { $0 == " " || $0 == "\t" } }
    guard let first = lines.firstIndex(where: { !isBlank($0) }),
      let last = lines.lastIndex(where: { !isBlank($0) })
    else { return [] }
    return Array(lines[first...last])
  }
}

extension String {
  /// The string without one pair of surrounding single or double quotes.
  func trimmingCharacters(quotes: Bool) -> String {
    guard count >= 2, let f = first, let l = last, f == l, f == "\"" || f == "'" else {
      return self
    }
    return String(dropFirst().dropLast())
  }
}
