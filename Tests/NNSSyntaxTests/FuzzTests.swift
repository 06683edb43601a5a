import Testing

@testable import NNSSyntax

/// A small seeded generator (SplitMix64), so every fuzz run sees the same inputs.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite("Fuzz: lexer and parser never trap")
struct FuzzTests {
  /// Token spellings (and near-tokens) that random streams are made of.
  static let vocabulary: [String] = [
    "fn", "if", "else", "while", "for", "in", "return", "break", "continue", "and", "or", "not",
    "true", "false", "none", "include", "x", "y", "f", "r", "_a1", "0", "12", "3.5", "1e-3",
    "2.5E+4", "1_000", "1e", "1_", "+", "-", "*", "/", "%", "@", "^", "==", "!=", "<", "<=", ">",
    ">=", "=", "+=", "-=", "*=", "/=", ".", ",", ":", ";", "(", ")", "[", "]", "{", "}", "\"",
    "\"a{x}b\"", "\"{y:.2f}\"", "\\", "\\n", "\\q", "\n", "\n", "# c\n", "# %%\n", "$", "!", "é",
    "\t", "\0", "\u{1}", "'", "\r\n",
  ]

  /// Valid programs whose bytes get mutated.
  static let corpus: [String] = [
    "x = 1 + 2 * 3\ny = -x^2; z = 2^3^2\n",
    "fn f(a, b, lr = 0.1) = a - lr * b\nfn g(x) {\n  if x > 0 { return x }\n  -x\n}\n",
    "r = {w: [1, 2], b}\nr.w[0] = 5\nr.layers[0].W -= lr * g\na, b = f(x)\n",
    "for i in range(10) {\n  s += i\n  if i % 2 == 0 { continue } else if i > 7 { break }\n}\n",
    "print(\"epoch {i}: loss {l:.4f} {r.w[1:3, :]}\")\ninclude \"lib.nns\"\n",
    "y = if a and not b or c { [1, 2] } else { [] }\nh = map(fn(x) = x^2, l)\nwhile t < 3 { t += 1 }\n",
    "#!/usr/bin/env nns\n# %% cell\nX[y == 0][::2, 1:] = grad(fn(p) = sum(p.W @ x))(params).W;\n",
  ]

  /// Checks everything a caller relies on after parsing arbitrary bytes.
  static func checkInvariants(_ source: Source) {
    let result = Parser.parse(source)
    let size = source.bytes.count
    for diagnostic in result.diagnostics {
      let location = diagnostic.location
      #expect(location.offset >= 0 && location.offset <= size)
      #expect(location.line >= 1 && location.line <= source.lineCount)
      #expect(location.column >= 1)
      #expect(!diagnostic.message.isEmpty)
      #expect(diagnostic.render().hasPrefix(diagnostic.header))
    }
    let offsets = result.diagnostics.map(\.location.offset)
    #expect(offsets == offsets.sorted())
    if result.isIncomplete { #expect(!result.diagnostics.isEmpty) }
    for statement in result.statements {
      #expect(statement.height <= Parser.maxHeight)
      #expect(statement.range.end.offset <= size)
      _ = statement.dump
    }
  }

  @Test func randomTokenStreams() {
    var random = SeededGenerator(state: 42)
    for _ in 0..<10_000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...40, using: &random) {
        text += Self.vocabulary.randomElement(using: &random) ?? ""
        if Bool.random(using: &random) { text += " " }
      }
      var lexer = Lexer(source: Source(name: "fuzz.nns", text: text))
      var previous = 0
      var count = 0
      while true {
        let token = lexer.next()
        #expect(token.range.start.offset >= previous)
        #expect(token.range.end.offset >= token.range.start.offset)
        previous = token.range.end.offset
        count += 1
        if token.kind == .endOfInput || count > 10_000 { break }
      }
      #expect(count <= text.utf8.count + 1)
      Self.checkInvariants(Source(name: "fuzz.nns", text: text))
    }
  }

  @Test func randomByteMutationsOfValidPrograms() {
    var random = SeededGenerator(state: 7)
    for program in Self.corpus { #expect(Parser.parse(program, name: "ok.nns").succeeded) }
    for _ in 0..<10_000 {
      var bytes = Array((Self.corpus.randomElement(using: &random) ?? "").utf8)
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        let position = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0 where position < bytes.count:
          bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 1:
          bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
        case 2 where position < bytes.count:
          bytes.remove(at: position)
        case 3:
          let token = Self.vocabulary.randomElement(using: &random) ?? ""
          bytes.insert(contentsOf: Array(token.utf8), at: position)
        default:
          let end = min(bytes.count, position + Int.random(in: 0...12, using: &random))
          bytes.insert(contentsOf: Array(bytes[position..<end]), at: position)
        }
      }
      Self.checkInvariants(Source(name: "mutant.nns", bytes: bytes))
    }
  }
}
