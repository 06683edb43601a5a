import NNSSyntax
import Testing

@testable import NNSRuntime

@Suite struct SuggestTests {
  @Test(arguments: [
    ("linspce", "linspace"), ("lnspace", "linspace"), ("linpsace", "linspace"),
    ("Linspace", "linspace"), ("zers", "zeros"), ("sofmax", "softmax"),
  ])
  func typosFindTheWord(_ typed: String, _ expected: String) {
    let known = ["linspace", "zeros", "ones", "softmax", "log_softmax", "sigmoid"]
    #expect(Suggest.closest(to: typed, among: known) == expected)
  }

  @Test func nothingCloseSuggestsNothing() {
    #expect(Suggest.closest(to: "qqqq", among: ["zeros", "ones"]) == nil)
    #expect(Suggest.closest(to: "zeros", among: ["zeros"]) == nil)  // the word itself
    #expect(Suggest.hint(for: "abc", among: []) == "")
  }

  @Test func tiesGoToTheShorterThenAlphabetical() {
    #expect(Suggest.closest(to: "ab", among: ["abc", "abd", "a"]) == "a")
    #expect(Suggest.closest(to: "abx", among: ["abd", "abc"]) == "abc")
  }

  @Test func distanceCountsSwapsAsOne() {
    let d = { (a: String, b: String) in
      Suggest.distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }
    #expect(d("ab", "ba") == 1)
    #expect(d("kitten", "sitting") == 3)
    #expect(d("", "abc") == 3)
    #expect(d("same", "same") == 0)
  }
}

@Suite struct HelpTests {
  func interpreter(width: Int = 80) -> (Interpreter, TextBuffer) {
    let (out, buffer) = Output.capturing(width: width)
    return (Interpreter(output: out), buffer)
  }

  @Test(arguments: ["for", "while", "if", "fn", "return", "and", "include"])
  func keywordsHaveHelp(_ word: String) throws {
    let (interp, _) = interpreter()
    let entry = try #require(Help.entry(word, in: interp))
    #expect(entry.header.contains(word))
    #expect(!entry.doc.isEmpty)
  }

  @Test(arguments: ["+", "-", "*", "/", "%", "^", "@", "==", "<", "=", "+=", "[", ".", "#"])
  func operatorsHaveHelp(_ op: String) throws {
    let (interp, _) = interpreter()
    let entry = try #require(Help.entry(op, in: interp))
    #expect(!entry.doc.isEmpty && !entry.example.isEmpty)
  }

  @Test func helpWrapsToTheWidth() throws {
    let (interp, buffer) = interpreter(width: 40)
    try interp.run(Source(name: "t", text: "help(\"fit\")"))
    let lines = buffer.text.split(separator: "\n")
    #expect(lines.count > 4)
    for line in lines { #expect(line.count <= 40) }
    #expect(lines[1].hasPrefix("    "))  // the signature continues indented
  }

  @Test func userDocCommentsFeedHelp() throws {
    let (interp, buffer) = interpreter()
    let code = """
      ## Adds one to x, element by element.
      ## example: inc([1, 2])
      fn inc(x, by = 1) = x + by
      help("inc")
      help(inc)
      fn plain(x) = x
      help(plain)
      """
    try interp.run(Source(name: "t", text: code))
    let expected = """
      fn inc(x, by = 1)
        Adds one to x, element by element.
        example: inc([1, 2])

      """
    #expect(buffer.text.hasPrefix(expected + expected))
    #expect(buffer.text.hasSuffix("fn plain(x)\n  A user-defined function.\n"))
  }

  @Test func unknownTopicsSuggest() {
    let (interp, _) = interpreter()
    #expect(throws: ScriptError.self) { try interp.run(Source(name: "t", text: "help(\"fro\")")) }
    do {
      try interp.run(Source(name: "t", text: "help(\"fro\")"))
    } catch {
      #expect(error.description.contains("did you mean 'for'?"))
    }
  }

  @Test func functionsDisplayAsTheirHeaders() throws {
    let (interp, buffer) = interpreter()
    try interp.run(
      Source(name: "t", text: "fn myf(a, b = 2) = a + b\nshow(myf)\nshow(fn(a) = a)\nshow([myf])"),
      displayValues: false)
    #expect(buffer.text == "fn myf(a, b = 2)\nfn(a)\n[fn myf(a, b = 2)]\n")
  }

  @Test func wrapKeepsLongWordsWhole() {
    #expect(Help.wrap("a bb ccc", width: 24, indent: "  ") == ["  a bb ccc"])
    let long = String(repeating: "x", count: 30)
    #expect(Help.wrap("a " + long + " b", width: 20, indent: "") == ["a", long, "b"])
    let words = Array(repeating: "word", count: 6).joined(separator: " ")
    #expect(
      Help.wrap(words, width: 20, indent: "> ", continuation: "   ")
        == ["> word word word", "   word word word"])
    #expect(Help.wrap("a    b", width: 20, indent: "") == ["a    b"])
  }
}

/// The layer builtins' help examples run, and where the comment after the example is a whole
/// value (no `...`), printing the example gives it (spaces and line breaks aside).
@Suite struct LayerExampleTests {
  @Test(arguments: Builtins.layers.map(\.name))
  func exampleRuns(_ name: String) throws {
    let b = try #require(Builtins.named(name))
    let parts = b.example.split(separator: "#", maxSplits: 1).map(String.init)
    let code = parts[0].trimmingSpaces()
    let (out, buffer) = Output.capturing(width: 80)
    let interp = Interpreter(output: out)
    try interp.run(Source(name: "example", text: "print(\(code))"))
    guard parts.count == 2 else { return }
    let shown = parts[1].trimmingSpaces()
    guard shown.hasPrefix("["), !shown.contains("...") else { return }
    let squeeze = { (s: String) in s.filter { $0 != " " && $0 != "\n" } }
    #expect(squeeze(buffer.text) == squeeze(shown), "\(name): \(buffer.text)")
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
