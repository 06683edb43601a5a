/// The inline styles of prose text.
struct InlineStyle: OptionSet, Hashable, Sendable {
  let rawValue: Int
  static let strong = InlineStyle(rawValue: 1)
  static let emphasis = InlineStyle(rawValue: 2)
  static let code = InlineStyle(rawValue: 4)
}

/// One character of prose with its inline style.
struct StyledChar: Equatable, Sendable {
  var char: Character
  var style: InlineStyle
  init(_ char: Character, _ style: InlineStyle) {
    self.char = char
    self.style = style
  }
}

extension ProseRenderer {
  /// Splits Markdown prose into blocks: headings, paragraphs (lines joined), list items (their
  /// continuation lines joined), preformatted blocks (indented four spaces, or fenced) and
  /// quotes.
  static func blocks(_ markdown: String) -> [Block] {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var blocks: [Block] = []
    var i = 0
    func isBlank(_ s: String) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }
    func isIndented(_ s: String) -> Bool { s.hasPrefix("    ") || s.hasPrefix("\t") }
    while i < lines.count {
      let line = lines[i]
      if isBlank(line) {
        i += 1
        continue
      }
      if line.hasPrefix("```") {
        var body: [String] = []
        i += 1
        while i < lines.count, !lines[i].hasPrefix("```") {
          body.append(lines[i])
          i += 1
        }
        i += 1
        blocks.append(.preformatted(body))
        continue
      }
      if isIndented(line) {
        var body: [String] = []
        while i < lines.count, isIndented(lines[i]) || isBlank(lines[i]) {
          body.append(
            isBlank(lines[i]) ? "" : String(lines[i].dropFirst(lines[i].hasPrefix("\t") ? 1 : 4)))
          i += 1
        }
        while body.last == "" { body.removeLast() }
        blocks.append(.preformatted(body))
        continue
      }
      if let heading = heading(line) {
        blocks.append(heading)
        i += 1
        continue
      }
      if let (marker, text) = item(line) {
        var parts = [text]
        i += 1
        while i < lines.count, !isBlank(lines[i]), lines[i].hasPrefix(" "), item(lines[i]) == nil {
          parts.append(lines[i].trimmingSpaces)
          i += 1
        }
        blocks.append(.item(marker: marker, text: parts.joined(separator: " ")))
        continue
      }
      if line.hasPrefix(">") {
        var parts: [String] = []
        while i < lines.count, lines[i].hasPrefix(">") {
          parts.append(String(lines[i].dropFirst()).trimmingSpaces)
          i += 1
        }
        blocks.append(.quote(parts.joined(separator: " ")))
        continue
      }
      var parts: [String] = []
      while i < lines.count, !isBlank(lines[i]), !lines[i].hasPrefix("```"),
        heading(lines[i]) == nil, item(lines[i]) == nil
      {
        parts.append(lines[i].trimmingSpaces)
        i += 1
      }
      blocks.append(.paragraph(parts.joined(separator: " ")))
    }
    return blocks
  }

  /// A heading line (`#` to `######`, then a space), or nil.
  static func heading(_ line: String) -> Block? {
    let marks = line.prefix { $0 == "#" }.count
    guard marks >= 1, marks <= 6, line.dropFirst(marks).first == " " else { return nil }
    return .heading(level: marks, text: String(line.dropFirst(marks + 1)).trimmingSpaces)
  }

  /// A list item line (`- `, `* `, or `1. ` after at most three spaces): its marker and
  /// text, or nil.
  static func item(_ line: String) -> (String, String)? {
    let indent = line.prefix { $0 == " " }.count
    guard indent <= 3 else { return nil }
    let rest = line.dropFirst(indent)
    if rest.hasPrefix("- ") || rest.hasPrefix("* ") {
      return (String(rest.prefix(1)), String(rest.dropFirst(2)).trimmingSpaces)
    }
    let digits = rest.prefix { $0.isNumber }
    guard !digits.isEmpty, digits.count <= 3, rest.dropFirst(digits.count).hasPrefix(". ") else {
      return nil
    }
    return (digits + ".", String(rest.dropFirst(digits.count + 2)).trimmingSpaces)
  }
}

/// Inline Markdown: `**strong**`, `*emphasis*`, `_emphasis_`, `` `code` ``, `\` escapes.
enum Inline {
  /// The characters of `text` with their styles, the marks removed.
  static func parse(_ text: String) -> [StyledChar] {
    let c = Array(text)
    var out: [StyledChar] = []
    var style: InlineStyle = []
    var i = 0
    func isSpace(_ k: Int) -> Bool { k < 0 || k >= c.count || c[k] == " " }
    func isWordChar(_ k: Int) -> Bool { k >= 0 && k < c.count && (c[k].isLetter || c[k].isNumber) }
    /// Whether a closing `mark` (not after a space) follows position `from`.
    func closes(_ mark: String, from: Int) -> Bool {
      let m = Array(mark)
      var k = from
      while k + m.count <= c.count {
        if c[k] == "`" {  // code spans hide marks
          if let end = c[(k + 1)...].firstIndex(of: "`") { k = end + 1 } else { k += 1 }
          continue
        }
        if Array(c[k..<(k + m.count)]) == m, !isSpace(k - 1),
          mark != "_" || !isWordChar(k + 1)
        {
          return true
        }
        k += 1
      }
      return false
    }
    while i < c.count {
      let ch = c[i]
      if ch == "\\", i + 1 < c.count, "*_`\\#".contains(c[i + 1]) {
        out.append(StyledChar(c[i + 1], style))
        i += 2
        continue
      }
      if ch == "`", let end = c[(i + 1)...].firstIndex(of: "`") {
        for k in (i + 1)..<end { out.append(StyledChar(c[k], style.union(.code))) }
        i = end + 1
        continue
      }
      if ch == "*", i + 1 < c.count, c[i + 1] == "*" {
        if style.contains(.strong), !isSpace(i - 1) {
          style.remove(.strong)
          i += 2
          continue
        }
        if !style.contains(.strong), !isSpace(i + 2), closes("**", from: i + 3) {
          style.insert(.strong)
          i += 2
          continue
        }
      }
      if ch == "*" || ch == "_" {
        let opensHere = ch == "*" || !isWordChar(i - 1)
        if style.contains(.emphasis), !isSpace(i - 1), ch == "*" || !isWordChar(i + 1) {
          style.remove(.emphasis)
          i += 1
          continue
        }
        if !style.contains(.emphasis), opensHere, !isSpace(i + 1),
          closes(String(ch), from: i + 2)
        {
          style.insert(.emphasis)
          i += 1
          continue
        }
      }
      out.append(StyledChar(ch, style))
      i += 1
    }
    return out
  }

  /// Splits styled text into words at spaces; a code span stays one word, so a line never
  /// breaks inside `d_h = outer(d_out, w2)`.
  static func words(_ chars: [StyledChar]) -> [[StyledChar]] {
    chars.split(whereSeparator: { $0.char == " " && !$0.style.contains(.code) }).map(Array.init)
  }

  /// The columns `chars` take when emitted (with backticks around code when `codeTicks`).
  static func visibleCount(_ chars: [StyledChar], codeTicks: Bool) -> Int {
    emit(chars, styled: false, codeTicks: codeTicks).count
  }

  /// The text of styled characters: ANSI escapes when `styled`, backticks around code runs
  /// when `codeTicks`.
  static func emit(_ chars: [StyledChar], styled: Bool, codeTicks: Bool) -> String {
    var out = ""
    var current: InlineStyle = []
    func escape(_ s: InlineStyle) -> String {
      var codes: [String] = []
      if s.contains(.strong) { codes.append("1") }
      if s.contains(.emphasis) { codes.append("3") }
      if s.contains(.code) { codes.append("36") }
      return "\u{1B}[0m" + (codes.isEmpty ? "" : "\u{1B}[" + codes.joined(separator: ";") + "m")
    }
    for sc in chars {
      if sc.style != current {
        if codeTicks, current.contains(.code) != sc.style.contains(.code) { out += "`" }
        if styled { out += escape(sc.style) }
        current = sc.style
      }
      out.append(sc.char)
    }
    if codeTicks, current.contains(.code) { out += "`" }
    if styled, current != [] { out += "\u{1B}[0m" }
    return out
  }
}
