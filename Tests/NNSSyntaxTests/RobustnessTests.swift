import Testing

@testable import NNSSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `count` copies of an ASCII byte as a string, built with `memset` (fast even in debug builds).
func repeatedASCII(_ byte: UInt8, count: Int) -> String {
  String(unsafeUninitializedCapacity: count) { buffer in
    if let base = buffer.baseAddress { memset(base, Int32(byte), count) }
    return count
  }
}

@Suite("Robustness: nesting, hostile bytes, huge lines")
struct RobustnessTests {
  @Test func byteOrderMarkIsSkipped() {
    let source = Source(name: "bom.nns", bytes: [0xEF, 0xBB, 0xBF] + Array("x = 1\n".utf8))
    let result = Parser.parse(source)
    #expect(result.succeeded)
    #expect(result.statements.count == 1)
  }

  /// Inputs nested 10,000 deep in every way the grammar allows.
  static let deepInputs: [(String, String)] = [
    ("parens", String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)),
    ("brackets", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)),
    ("unclosed brackets", String(repeating: "[", count: 10_000)),
    ("unary minus", String(repeating: "-", count: 10_000) + "x"),
    ("not", String(repeating: "not ", count: 10_000) + "x"),
    ("power", Array(repeating: "2", count: 10_000).joined(separator: "^")),
    (
      "records",
      String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
    ),
    ("calls", "f" + String(repeating: "(", count: 10_000) + String(repeating: ")", count: 10_000)),
    ("call chain", "f" + String(repeating: "()", count: 10_000)),
    ("field chain", "x" + String(repeating: ".a", count: 10_000)),
    ("index chain", "x" + String(repeating: "[0]", count: 10_000)),
    ("sum chain", Array(repeating: "1", count: 10_000).joined(separator: " + ")),
    ("and chain", Array(repeating: "a", count: 10_000).joined(separator: " and ")),
    (
      "if blocks",
      String(repeating: "if a { ", count: 10_000) + String(repeating: "}", count: 10_000)
    ),
    (
      "while blocks",
      String(repeating: "while a {\n", count: 10_000) + String(repeating: "}\n", count: 10_000)
    ),
    ("functions", String(repeating: "fn(x) = ", count: 10_000) + "x"),
    (
      "interpolations",
      String(repeating: "\"{", count: 10_000) + String(repeating: "}\"", count: 10_000)
    ),
    (
      "slices",
      "x[" + String(repeating: "x[1:", count: 10_000) + String(repeating: "]", count: 10_001)
    ),
    ("assignment target", "x" + String(repeating: "[0]", count: 10_000) + " = 1"),
  ]

  @Test(arguments: deepInputs.map(\.0))
  func deepNestingIsAnErrorNotACrash(name: String) throws {
    let text = try #require(Self.deepInputs.first { $0.0 == name }?.1)
    let result = Parser.parse(text, name: "deep.nns")
    // Flat chains are parsed in a loop and stopped by the height of the tree they build;
    // everything else by the depth of parse recursion.
    let chain = name.hasSuffix("chain") || name == "assignment target"
    let message =
      chain ? "expression is too deep (limit 1024 levels)" : "nesting is too deep (limit 256)"
    #expect(result.diagnostics.map(\.message) == [message])
    // Blocks recover inside themselves, so the outer statements survive; either way every
    // node that was kept respects the limit.
    #expect(result.statements.allSatisfy { $0.height <= Parser.maxHeight })
    if !name.hasSuffix("blocks") { #expect(result.statements.count == 0) }
  }

  @Test func nestingJustUnderTheLimitParses() {
    let depth = 100
    let text =
      "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    let result = Parser.parse(text, name: "t")
    #expect(result.succeeded)
    #expect(result.statements.allSatisfy { $0.height <= Parser.maxHeight })
    // a sum of a thousand terms is a tree a thousand levels tall
    let chain = Array(repeating: "1", count: 1000).joined(separator: " + ")
    #expect(Parser.parse(chain, name: "t").succeeded)
    let tooLong = Array(repeating: "1", count: 1100).joined(separator: " + ")
    #expect(
      Parser.parse(tooLong, name: "t").diagnostics.map(\.message) == [
        "expression is too deep (limit 1024 levels)"
      ])
  }

  @Test func longFlatConstructsAreNotNesting() {
    let elseIfs = "if a { 0 }" + String(repeating: " else if a { 1 }", count: 5_000) + " else { 2 }"
    #expect(Parser.parse(elseIfs, name: "t").succeeded)
    let list = "[" + Array(repeating: "1", count: 100_000).joined(separator: ", ") + "]"
    #expect(Parser.parse(list, name: "t").succeeded)
    let statements = String(repeating: "x = x + 1\n", count: 50_000)
    #expect(Parser.parse(statements, name: "t").statements.count == 50_000)
  }

  /// Inputs that a quadratic check (duplicate names, bracket matching in recovery, repeated
  /// diagnostics) would make take minutes; linear code handles each in well under a second.
  @Test func hostileInputsStayLinear() {
    let count = 50_000
    let names = (0..<count).map { "a\($0)" }
    let call = "f(" + names.map { "\($0): 1" }.joined(separator: ", ") + ")"
    #expect(Parser.parse(call, name: "t").succeeded)
    let record = "{" + names.joined(separator: ", ") + "}"
    #expect(Parser.parse(record, name: "t").succeeded)
    let function = "fn f(" + names.joined(separator: ", ") + ") = 1"
    #expect(Parser.parse(function, name: "t").succeeded)
    let loop = "for " + names.joined(separator: ", ") + " in x { }"
    #expect(Parser.parse(loop, name: "t").succeeded)
    let brackets =
      "x = $ " + repeatedASCII(UInt8(ascii: "("), count: count)
      + repeatedASCII(UInt8(ascii: "}"), count: count) + "\ny = 1"
    #expect(Parser.parse(brackets, name: "t").diagnostics.count == 1)
    let errors = Parser.parse(String(repeating: ")\n", count: count), name: "t")
    #expect(errors.diagnostics.count == count)
    let unclosed = Parser.parse(String(repeating: "(", count: count), name: "t")
    #expect(unclosed.diagnostics.map(\.message) == ["nesting is too deep (limit 256)"])
  }

  @Test func nulBytesAndInvalidUTF8AreDiagnostics() {
    let bytes: [UInt8] = [
      0x78, 0x20, 0x3D, 0x20, 0x00, 0x0A, 0x79, 0x20, 0x3D, 0x20, 0xC0, 0xAF, 0x0A, 0xF5,
    ]
    let result = Parser.parse(Source(name: "b.nns", bytes: bytes))
    #expect(
      result.diagnostics.map { "\($0.location): \($0.message)" } == [
        "1:5: NUL byte in source", "2:5: invalid UTF-8 byte 0xc0", "3:1: invalid UTF-8 byte 0xf5",
      ])
    let truncated = Parser.parse(
      Source(name: "b.nns", bytes: Array("s = \"ab".utf8) + [0xE2, 0x9C]))
    #expect(truncated.diagnostics.map(\.message) == ["invalid UTF-8 byte 0xe2"])
    #expect(Parser.parse(Source(name: "e", bytes: [])).succeeded)
  }

  /// A 100 MB line, as a comment and as a string literal; building and parsing each takes about
  /// a second in a debug build. Timing belongs to benchmarks; this checks the results.
  @Test func hundredMegabyteLine() throws {
    let size = 100_000_000
    let commentText = "x = 1 # " + repeatedASCII(UInt8(ascii: "c"), count: size) + "\ny = x"
    let commented = Parser.parse(Source(name: "big.nns", text: commentText))
    #expect(commented.dump == "(= x 1)\n(= y x)")

    let stringText = "s = \"" + repeatedASCII(UInt8(ascii: "s"), count: size) + "\" $"
    let result = Parser.parse(Source(name: "big.nns", text: stringText))
    #expect(result.statements.count == 0)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.location == SourceLocation(line: 1, column: size + 8, offset: size + 7))
    let rendered = diagnostic.render()
    #expect(rendered.utf8.count < 400)
    #expect(rendered.hasPrefix("big.nns:1:100000008: error: unexpected character '$'\n..."))
    #expect(rendered.hasSuffix("ss\" $\n" + String(repeating: " ", count: 83) + "^"))
  }

  /// A 2 MB line of a million tokens: the lexer and the parser's recovery run through it (a
  /// 100 MB line of tokens works too but takes about a minute in a debug build).
  @Test func longLineOfTokens() throws {
    let text = String(repeating: "1+", count: 1_000_000) + "1\ny = 2"
    let result = Parser.parse(text, name: "ops.nns")
    #expect(result.diagnostics.map(\.message) == ["expression is too deep (limit 1024 levels)"])
    #expect(result.dump == "(= y 2)")
  }
}
