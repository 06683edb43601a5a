import Testing

@testable import NNSSyntax

/// Lexes `text` and renders each token as `kind` or `kind:payload`, without the final end.
func lex(_ text: String) -> [String] {
  Lexer.tokenize(Source(name: "t.nns", text: text)).dropLast().map { token in
    switch token.kind {
    case .identifier, .stringText, .error: "\(token.kind):\(token.text)"
    case .number: "number:\(numberText(token.number))"
    case .interpolationEnd: token.text.isEmpty ? "}" : "}:\(token.text)"
    case .newline: "NL"
    case .stringBegin: "\"<"
    case .stringEnd: ">\""
    case .interpolationBegin: "{"
    default: token.kind.spelling ?? "\(token.kind)"
    }
  }
}

@Suite("Lexer")
struct LexerTests {
  @Test(arguments: [
    ("12", 12.0), ("3.5", 3.5), ("1e-3", 0.001), ("2.5E+4", 25000), ("1_000_000", 1_000_000),
    ("0", 0), ("007", 7), ("1e3", 1000), ("6.02e23", 6.02e23), ("1_0.2_5", 10.25),
    ("1e999", .infinity),
    ("123456789012345", 123_456_789_012_345), ("9007199254740993", 9_007_199_254_740_992),
    ("1_000_000_000_000_000_000", 1e18), ("0.1", 0.1), ("000000000000000000001", 1),
  ])
  func numbers(text: String, value: Double) throws {
    let tokens = Lexer.tokenize(Source(name: "t", text: text))
    try #require(tokens.count == 2)
    #expect(tokens[0].kind == .number)
    #expect(tokens[0].number == value)
    #expect(tokens[0].text == text)
  }

  @Test(arguments: [
    ("1e", "invalid number '1e'"), ("1e+", "invalid number '1e+'"),
    ("12abc", "invalid number '12abc'"),
    ("1_", "invalid number '1_'"), ("1__0", "invalid number '1__0'"),
    ("2.5e-x", "invalid number '2.5e-x'"),
  ])
  func invalidNumbers(text: String, message: String) {
    #expect(lex(text).first == "error:\(message)")
  }

  @Test func numberFollowedByDotIsFieldAccess() {
    #expect(lex("1.T") == ["number:1", ".", "identifier:T"])
    #expect(lex("x.0") == ["identifier:x", ".", "number:0"])
  }

  @Test func overlongNumberIsAnError() {
    let text = String(repeating: "9", count: 1001)
    #expect(lex(text).first?.hasPrefix("error:invalid number '9999") == true)
    #expect(lex(text).first?.hasSuffix("(longer than 1000 characters)") == true)
  }

  @Test func keywordsAndIdentifiers() {
    let words = "fn if else while for in return break continue and or not true false none include"
    #expect(lex(words) == words.split(separator: " ").map(String.init))
    #expect(
      lex("_x x1 fnx If") == ["identifier:_x", "identifier:x1", "identifier:fnx", "identifier:If"])
  }

  @Test func operators() {
    let ops = "+ - * / % @ ^ == != < <= > >= = += -= *= /= . , : ; ( ) [ ] { }"
    #expect(lex(ops) == ops.split(separator: " ").map(String.init))
    #expect(lex("a+=1") == ["identifier:a", "+=", "number:1"])
    #expect(lex("<=>=") == ["<=", ">="])
  }

  @Test func commentsShebangAndCellsCollapseWithNewlines() {
    let text = "#!/usr/bin/env nns\n# %% Title\nx = 1 # trailing\n\n\n#%%\n  # more\ny"
    #expect(lex(text) == ["NL", "identifier:x", "=", "number:1", "NL", "identifier:y"])
  }

  @Test func stringsWithEscapes() {
    #expect(lex(#""a\n\t\"\\\{\}b""#) == ["\"<", "stringText:a\n\t\"\\{}b", ">\""])
    #expect(lex("\"\"") == ["\"<", ">\""])
    #expect(lex("\"two\nlines\"") == ["\"<", "stringText:two\nlines", ">\""])
    #expect(lex("\"héllo ✓\"") == ["\"<", "stringText:héllo ✓", ">\""])
  }

  @Test func interpolation() {
    #expect(
      lex(#""epoch {i}: loss {l:.4f}""#) == [
        "\"<", "stringText:epoch ", "{", "identifier:i", "}", "stringText:: loss ", "{",
        "identifier:l", "}:.4f", ">\"",
      ])
    // Colons and braces inside brackets belong to the expression, not the spec.
    #expect(
      lex(#""{x[1:2]} {f(k: {a: 1})}""#) == [
        "\"<", "{", "identifier:x", "[", "number:1", ":", "number:2", "]", "}", "stringText: ",
        "{", "identifier:f", "(", "identifier:k", ":", "{", "identifier:a", ":", "number:1", "}",
        ")", "}", ">\"",
      ])
    // Strings nest inside interpolations.
    #expect(
      lex(#""a{"b{c}"}d""#) == [
        "\"<", "stringText:a", "{", "\"<", "stringText:b", "{", "identifier:c", "}", ">\"", "}",
        "stringText:d", ">\"",
      ])
  }

  @Test func stringErrors() {
    #expect(
      lex(#""a\qb""#) == [
        "\"<", "stringText:a", #"error:invalid escape '\q' in string (valid: \n \t \" \\ \{ \})"#,
        "stringText:b", ">\"",
      ])
    #expect(
      lex("\"a}\"") == [
        "\"<", "stringText:a", "error:unexpected '}' in string (write '\\}' for a brace)", ">\"",
      ])
    #expect(
      lex("\"{x:4q\"") == ["\"<", "{", "identifier:x", "}:4q", ">\""].dropLast(2) + [
        "error:expected '}' after format spec", ">\"",
      ])
  }

  @Test(arguments: [
    ("$", "unexpected character '$'"), ("!x", "unexpected character '!' (use 'not' for negation)"),
    ("&", "unexpected character '&' (use 'and')"),
    ("'a'", "unexpected character ''' (strings use double quotes)"),
    ("é", "unexpected character 'é'"), ("\u{1}", "unexpected character U+0001"),
    ("\u{A0}", "unexpected character U+00A0"), ("\0", "NUL byte in source"),
  ])
  func strayCharacters(text: String, message: String) {
    #expect(lex(text).first == "error:\(message)")
  }

  @Test func invalidUTF8InCodeStringsAndComments() {
    let bad: [UInt8] =
      Array("x = ".utf8) + [0xFF] + Array(" \"a".utf8) + [0xC3] + Array("\" # c".utf8)
      + [0xED, 0xA0, 0x80] + Array(" ok\ny".utf8)
    let tokens = Lexer.tokenize(Source(name: "t", bytes: bad))
    let errors = tokens.filter { $0.kind == .error }
    #expect(
      errors.map(\.text) == [
        "invalid UTF-8 byte 0xff", "invalid UTF-8 byte 0xc3", "invalid UTF-8 byte 0xed",
        "invalid UTF-8 byte 0xa0", "invalid UTF-8 byte 0x80",
      ])
    #expect(errors.map(\.range.start.column) == [5, 9, 15, 16, 17])
    // The rest of the comment is still skipped and lexing resumes on the next line.
    #expect(tokens.suffix(3).map(\.kind) == [.newline, .identifier, .endOfInput])
  }

  @Test func locationsCountScalarsAndLines() {
    let tokens = Lexer.tokenize(Source(name: "t", text: "é = \"ü\"\n\tb"))
    #expect(tokens[0].kind == .error)  // é is not an identifier character
    #expect(tokens[1].range.start == SourceLocation(line: 1, column: 3, offset: 3))
    #expect(tokens[4].range.end.column == 8)
    let b = tokens.first { $0.text == "b" }
    #expect(b?.range.start == SourceLocation(line: 2, column: 2, offset: 11))
  }

  @Test(arguments: 0..<20)
  func wordAtATimeScanningStopsAtEverySpecialByte(padding: Int) {
    let pad = String(repeating: "a", count: padding)
    let tail = "bbbbbbbbb"
    for (raw, decoded) in [
      ("é", "é"), ("\\n", "\n"), ("\n", "\n"), ("\t", "\t"), ("\u{7F}", "\u{7F}"),
    ] {
      #expect(
        lex("\"" + pad + raw + tail + "\"") == ["\"<", "stringText:\(pad)\(decoded)\(tail)", ">\""])
    }
    let end = Lexer.tokenize(Source(name: "t", text: "\"" + pad + "é" + tail + "\""))
    #expect(end.dropLast().last?.range.start.column == padding + 12)
    let text = padding == 0 ? [] : ["stringText:" + pad]
    #expect(
      lex("\"" + pad + "{x}" + tail + "\"") == ["\"<"] + text + [
        "{", "identifier:x", "}", "stringText:" + tail, ">\"",
      ])
    #expect(lex("\"" + pad + "\"" + tail) == ["\"<"] + text + [">\"", "identifier:" + tail])
    #expect(lex("\"" + pad + "}" + tail + "\"").contains { $0.hasPrefix("error:unexpected '}'") })
    #expect(lex("#" + pad + "\nx") == ["NL", "identifier:x"])
    #expect(lex("# " + pad + "é" + tail + "\nx") == ["NL", "identifier:x"])
    let nul = Lexer.tokenize(Source(name: "t", text: "#" + pad + "\0" + pad + "\nx"))
    #expect(nul.first?.text == "NUL byte in source")
    #expect(nul.first?.range.start.column == padding + 2)
    #expect(nul.dropLast().last?.text == "x")
  }

  @Test func crlfLineEndings() {
    #expect(lex("x = 1\r\ny\r\n") == ["identifier:x", "=", "number:1", "NL", "identifier:y", "NL"])
  }
}
