/// Renders a tutorial's Markdown prose for a terminal, and wraps its runnable code.
///
/// Prose is reflowed to `proseWidth` columns. Headings (`#`, `##`, `###`) lose their marks and
/// are underlined (`═` for the lesson's title, `─` for sections); `**strong**` and `*emphasis*`
/// (or `_emphasis_`) lose their marks; `` `code` `` keeps its backticks; list items get a
/// bullet and a hanging indent; a block indented four spaces (or fenced with ```` ``` ````)
/// in prose, a formula say, is indented two spaces, never the four that mark runnable code.
/// When `styled` (a terminal with colour), strong text and headings are bold, emphasis italic,
/// code spans cyan (without backticks) and prose blocks yellow; otherwise the text is plain.
public struct ProseRenderer: Sendable {
  /// The widest prose line.
  public var proseWidth: Int
  /// The widest code line (the terminal's width).
  public var codeWidth: Int
  /// Whether ANSI styles may be used.
  public var styled: Bool
  /// Whether Unicode rules and bullets may be used.
  public var unicode: Bool

  /// Creates a renderer for an output `width` columns wide; prose stays within 78 columns
  /// (and two less than the width), as the tutorials' source is wrapped.
  public init(width: Int, styled: Bool, unicode: Bool) {
    self.proseWidth = min(max(width - 2, 20), 78)
    self.codeWidth = max(width, 20)
    self.styled = styled
    self.unicode = unicode
  }

  /// One block of Markdown prose.
  enum Block: Equatable {
    case heading(level: Int, text: String)
    case paragraph(String)
    case item(marker: String, text: String)
    case preformatted([String])
    case quote(String)
  }

  /// Renders Markdown prose as lines for the terminal (no trailing newline).
  public func render(_ markdown: String) -> String {
    var out: [String] = []
    var previousItem = false
    for block in Self.blocks(markdown) {
      let item = isItem(block)
      if !out.isEmpty, !(item && previousItem) { out.append("") }
      previousItem = item
      out += render(block)
    }
    return out.joined(separator: "\n")
  }

  private func isItem(_ block: Block) -> Bool {
    if case .item = block { return true }
    return false
  }

  /// The lines of one block.
  func render(_ block: Block) -> [String] {
    switch block {
    case .heading(let level, let text):
      let line = Inline.parse(text).map { StyledChar($0.char, $0.style.union(.strong)) }
      let shown = Inline.emit(line, styled: styled, codeTicks: !styled)
      guard level <= 2 else { return [shown] }
      let rule = unicode ? (level == 1 ? "═" : "─") : (level == 1 ? "=" : "-")
      let visible = min(Inline.visibleCount(line, codeTicks: !styled), proseWidth)
      return [shown, style(String(repeating: rule, count: max(visible, 1)), "2")]
    case .paragraph(let text):
      return wrap(Inline.parse(text), width: proseWidth, first: "", rest: "")
    case .item(let marker, let text):
      let bullet = marker == "-" || marker == "*" ? (unicode ? "•" : "-") : marker
      let hang = String(repeating: " ", count: bullet.count + 3)
      return wrap(Inline.parse(text), width: proseWidth, first: "  " + bullet + " ", rest: hang)
    case .preformatted(let lines):
      return lines.map { $0.isEmpty ? "" : "  " + style($0, "33") }
    case .quote(let text):
      let bar = unicode ? "│ " : "| "
      return wrap(Inline.parse(text), width: proseWidth, first: bar, rest: bar)
    }
  }

  /// Wraps styled text at spaces to `width` columns, after a first-line and a later-line
  /// prefix.
  func wrap(_ chars: [StyledChar], width: Int, first: String, rest: String) -> [String] {
    var lines: [String] = []
    var line: [StyledChar] = []
    var prefix = first
    for word in Inline.words(chars) {
      var candidate = line
      if !line.isEmpty {
        // The space takes the style both neighbours share (inside a code span, say).
        let shared = line.last.map { $0.style.intersection(word.first?.style ?? []) } ?? []
        candidate.append(StyledChar(" ", shared))
      }
      candidate += word
      if !line.isEmpty, prefix.count + Inline.visibleCount(candidate, codeTicks: !styled) > width {
        lines.append(prefix + Inline.emit(line, styled: styled, codeTicks: !styled))
        line = word
        prefix = rest
      } else {
        line = candidate
      }
    }
    if !line.isEmpty || lines.isEmpty {
      lines.append(prefix + Inline.emit(line, styled: styled, codeTicks: !styled))
    }
    return lines.map { $0.trimmingTrailingSpaces }
  }

  /// Code indented `indent` spaces, each line longer than `codeWidth` wrapped after a comma
  /// (outside strings) with its continuation aligned after the open bracket, or indented four
  /// more spaces than the line, so what is shown still reads, and runs, as nns.
  public func code(_ code: String, indent: Int = 4) -> String {
    let pad = String(repeating: " ", count: indent)
    var out: [String] = []
    for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
      guard !line.isEmpty else {
        out.append("")
        continue
      }
      out += Self.wrapCode(String(line), width: codeWidth - indent).map { pad + $0 }
    }
    return out.joined(separator: "\n")
  }

  /// One line of code cut into lines of at most `width` columns where it can be: just after a
  /// `, ` outside strings and comments (else after a binary operator such as ` + ` or
  /// ` and `, where a newline is ignored too), the next line starting one column after the
  /// innermost bracket open there (when that is in the left half), else four columns in from
  /// the line.
  static func wrapCode(_ line: String, width: Int) -> [String] {
    let chars = Array(line)
    guard chars.count > width else { return [line] }
    let breaks = breakPoints(chars)
    let ownIndent = chars.prefix { $0 == " " }.count
    var lines: [String] = []
    var start = 0
    var lead = 0
    while lead + chars.count - start > width {
      let room = width - lead
      let candidates = breaks.filter { $0.at > start && $0.at < chars.count }
      let fitting = candidates.filter { $0.at - start <= room }
      guard
        let cut = fitting.last(where: { $0.comma }) ?? fitting.last ?? candidates.first
      else { break }
      lines.append(
        String(repeating: " ", count: lead) + String(chars[start..<cut.at]).trimmingTrailingSpaces)
      let aligned = cut.open.map { $0 + 1 }.flatMap { $0 <= width / 2 ? $0 : nil }
      lead = aligned ?? (ownIndent + 4)
      start = cut.at
    }
    lines.append(String(repeating: " ", count: lead) + String(chars[start...]))
    return lines
  }

  /// Where a line of code may be cut: just after `, ` or after a binary operator written
  /// with spaces, outside strings and comments, with the innermost open bracket there.
  static func breakPoints(_ chars: [Character]) -> [(at: Int, open: Int?, comma: Bool)] {
    let operators: Set<String> = ["+", "-", "*", "/", "@", "%", "and", "or"]
    var breaks: [(at: Int, open: Int?, comma: Bool)] = []
    var opens: [Int] = []
    var inString = false
    var k = 0
    scan: while k < chars.count {
      let ch = chars[k]
      if inString {
        if ch == "\\" { k += 1 } else if ch == "\"" { inString = false }
        k += 1
        continue
      }
      switch ch {
      case "\"": inString = true
      case "#": break scan
      case "(", "[", "{": opens.append(k)
      case ")", "]", "}": _ = opens.popLast()
      case "," where k + 1 < chars.count && chars[k + 1] == " ":
        breaks.append((k + 2, opens.last, true))
      case " " where k + 1 < chars.count && chars[k + 1] != " ":
        // `a + b`: the operator between two spaces, this space after it.
        var j = k - 1
        while j >= 0, chars[j] != " " { j -= 1 }
        if j >= 0, j < k - 1, operators.contains(String(chars[(j + 1)..<k])) {
          breaks.append((k + 1, opens.last, false))
        }
      default: break
      }
      k += 1
    }
    return breaks
  }

  /// Plain text (no Markdown) wrapped at spaces to `width` columns, later lines indented by
  /// `indent` spaces; a word longer than the width stays whole.
  public static func wrapWords(_ text: String, width: Int, indent: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      let lead = lines.isEmpty ? "" : String(repeating: " ", count: indent)
      if !line.isEmpty, lead.count + line.count + 1 + word.count > width {
        lines.append(lead + line)
        line = String(word)
      } else {
        line = line.isEmpty ? String(word) : line + " " + word
      }
    }
    lines.append((lines.isEmpty ? "" : String(repeating: " ", count: indent)) + line)
    return lines
  }

  /// Text in an ANSI style when styling is allowed.
  func style(_ text: String, _ code: String) -> String {
    styled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
  }
}

extension String {
  /// The string without trailing spaces.
  var trimmingTrailingSpaces: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
