import Testing

@testable import NNSSyntax

/// Renders every diagnostic of parsing `text` as a file named `t.nns`, joined by newlines.
func errorsOf(_ text: String) -> String {
  Parser.parse(text, name: "t.nns").diagnostics.map { $0.render() }.joined(separator: "\n")
}

@Suite("Diagnostics")
struct DiagnosticTests {
  @Test func rendersHeaderLineAndCaret() {
    #expect(
      errorsOf("x = (1 + 2") == """
        t.nns:1:5: error: '(' is never closed
        x = (1 + 2
            ^
        """)
  }

  @Test func caretKeepsTabsAndCountsScalars() {
    #expect(
      errorsOf("\tif ü > 0 { $ }") == """
        t.nns:1:5: error: unexpected character 'ü'
        \tif ü > 0 { $ }
        \t   ^
        """)
    #expect(
      errorsOf("s = \"ü✓\" $") == """
        t.nns:1:10: error: unexpected character '$'
        s = "ü✓" $
                 ^
        """)
  }

  @Test func extraLinesFollowTheCaret() {
    let source = Source(name: "<repl>", text: "f(1)\n")
    let range = SourceRange(
      start: SourceLocation(line: 1, column: 1, offset: 0),
      end: SourceLocation(line: 1, column: 5, offset: 4))
    let diagnostic = Diagnostic(
      "@: shapes [3,4] and [5,2] do not align (4 != 5)", at: range, in: source)
    #expect(
      diagnostic.render(extraLines: ["  in f at <repl>:1:1"]) == """
        <repl>:1:1: error: @: shapes [3,4] and [5,2] do not align (4 != 5)
        f(1)
        ^
          in f at <repl>:1:1
        """)
    #expect(diagnostic.description == diagnostic.render())
  }

  @Test func errorAtEndOfInputPointsPastTheLastCharacter() {
    #expect(
      errorsOf("x = 1 +") == """
        t.nns:1:8: error: expected an expression, found end of input
        x = 1 +
               ^
        """)
    #expect(
      errorsOf("x = 1\ny = ") == """
        t.nns:2:4: error: expected an expression, found end of input
        y = 
           ^
        """)
  }

  @Test func crlfAndControlCharactersDoNotLeakIntoTheRendering() {
    #expect(
      errorsOf("x = $\r\n") == """
        t.nns:1:5: error: unexpected character '$'
        x = $
            ^
        """)
    #expect(
      errorsOf("x = \u{1}") == """
        t.nns:1:5: error: unexpected character U+0001
        x = \u{FFFD}
            ^
        """)
  }

  @Test func invalidUTF8IsShownAsReplacementCharacters() {
    let source = Source(
      name: "bad.nns", bytes: Array("x = ".utf8) + [0xFF, 0xFE] + Array(" + 1".utf8))
    let result = Parser.parse(source)
    #expect(
      result.diagnostics.map { $0.render() } == [
        """
        bad.nns:1:5: error: invalid UTF-8 byte 0xff
        x = \u{FFFD}\u{FFFD} + 1
            ^
        """
      ])
  }

  @Test func longLinesAreWindowedAroundTheColumn() {
    let line = String(repeating: "a", count: 300) + " $ " + String(repeating: "b", count: 300)
    let rendered = errorsOf(line)
    let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    try? #require(lines.count == 3)
    #expect(lines[0] == "t.nns:1:302: error: unexpected character '$'")
    #expect(
      lines[1] == "..." + String(repeating: "a", count: 79) + " $ "
        + String(repeating: "b", count: 78) + "...")
    #expect(lines[2] == String(repeating: " ", count: 3 + 80) + "^")
    // A line of exactly the limit is shown whole.
    let whole = String(repeating: "c", count: 196) + " $ x"
    #expect(errorsOf(whole).split(separator: "\n")[1] == whole)
  }

  @Test func windowNearTheStartOfALongLineHasNoLeadingEllipsis() {
    let line = "$ " + String(repeating: "b", count: 500)
    let lines = errorsOf(line).split(separator: "\n").map(String.init)
    #expect(lines[1] == "$ " + String(repeating: "b", count: 78) + "...")
    #expect(lines[2] == "^")
  }

  @Test func cellsCutFromAFileUseTheFilesLineNumbers() throws {
    let cell = Source(name: "nb.nns", text: "x = 1\ny = $\n", firstLine: 10)
    let result = Parser.parse(cell)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(
      diagnostic.render() == """
        nb.nns:11:5: error: unexpected character '$'
        y = $
            ^
        """)
    #expect(cell.line(containing: 6) == 11)
    #expect(cell.lineText(10) == "x = 1")
    #expect(cell.lineText(9) == "")
    #expect(cell.location(ofOffset: 10) == SourceLocation(line: 11, column: 5, offset: 10))
    #expect(
      Parser.parse(Source(name: "nb.nns", text: "f(1,", firstLine: 3)).diagnostics.first?.header
        == "nb.nns:3:2: error: '(' is never closed")
  }

  @Test func sourceLineLookup() {
    let source = Source(name: "t", text: "ab\ncd\r\n\nlast")
    #expect(source.lineCount == 4)
    #expect(source.lineText(2) == "cd")
    #expect(source.lineText(3) == "")
    #expect(source.lineText(4) == "last")
    #expect(source.lineText(9) == "")
    #expect(source.line(containing: 0) == 1)
    #expect(source.line(containing: 3) == 2)
    #expect(source.line(containing: 8) == 4)
    #expect(source.location(ofOffset: 9) == SourceLocation(line: 4, column: 2, offset: 9))
    let unicode = Source(name: "t", text: "é✓x")
    #expect(unicode.location(ofOffset: 5).column == 3)
  }

  @Test(arguments: [
    (".4f", nil as Int?, 4 as Int?, "f"), ("8", 8, nil, nil), ("10.3e", 10, 3, "e"),
    ("g", nil, nil, "g"),
    ("", nil, nil, nil),
  ])
  func formatSpecs(text: String, width: Int?, precision: Int?, style: String?) throws {
    let spec = try FormatSpec(parsing: text)
    #expect(spec.width == width)
    #expect(spec.precision == precision)
    #expect(spec.style?.rawValue == style)
    #expect(spec.description == text)
  }

  @Test(arguments: [
    ("4x", "invalid format spec '4x': expected [width][.precision][f|e|g]"),
    (".f", "invalid format spec '.f': expected digits after '.'"),
    ("5000", "format width 5000 is too large (limit 1000)"),
    (".500f", "format precision 500 is too large (limit 100)"),
    ("99999999999999999999", "format spec '99999999999999999999' has too large a number"),
  ])
  func badFormatSpecs(text: String, message: String) {
    #expect(throws: FormatSpecError.self) { try FormatSpec(parsing: text) }
    do {
      _ = try FormatSpec(parsing: text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func badFormatSpecInAStringIsReportedAtTheSpec() {
    #expect(
      errorsOf("print(\"{x:4q}\")") == """
        t.nns:1:10: error: invalid format spec '4q': expected [width][.precision][f|e|g]
        print("{x:4q}")
                 ^
        """)
  }
}
