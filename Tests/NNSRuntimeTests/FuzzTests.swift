import NNSSyntax
import NNSTensor
import Testing

@testable import NNSRuntime

/// A small deterministic generator (SplitMix64) so fuzz runs are reproducible.
struct FuzzRandom {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Tokens random programs are made of: every kind of token, including broken ones.
let fuzzTokens: [String] = [
  "fn", "if", "else", "while", "for", "in", "return", "break", "continue", "and", "or", "not",
  "true", "false", "none", "include", "x", "y", "f", "r", "l", "i", "zeros", "ones", "sum",
  "print", "range", "len", "map", "reshape", "grad", "softmax", "arange", "eye", "randn", "str",
  "0", "1", "2", "-1", "3.5", "1e-3", "1e308", "1_000", "0.0", "\"s\"", "\"{x}\"", "\"{x:.2f}\"",
  "\"", "\"\\", "+", "-", "*", "/", "%", "^", "@", "==", "!=", "<", "<=", ">", ">=", "=", "+=",
  "-=", "*=", "/=", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "\n", "\n", " ", "#",
  ".shape", ".T", "::", "\u{0}", "\u{FF}", "é", "∑", "`", "$", "?",
]

/// Throws random programs and mutated test scripts at the lexer, parser and interpreter: each
/// must end in a value or an nns error within a step budget (a crash fails the whole run).
extension RuntimeSuites {
  @Suite("fuzz")
  struct FuzzTests {
    /// Runs one input; returns true when it produced a value, false for an nns error.
    /// Outcome counts: value, parse error, runtime error.
    nonisolated(unsafe) static var tally = [0, 0, 0]

    static func runOne(_ bytes: [UInt8]) -> Bool {
      let (out, _) = Output.capturing()
      let interp = Interpreter(output: out)
      interp.stepBudget = 3000
      interp.maxDepth = 200
      interp.resetSteps()
      do {
        try interp.run(Source(name: "fuzz.nns", bytes: bytes))
        tally[0] += 1
        return true
      } catch {
        if case .parse = error { tally[1] += 1 } else { tally[2] += 1 }
        #expect(!error.render().isEmpty)
        return false
      }
    }

    /// Words that replace a word of a script: names, builtins and numbers.
    static let words = [
      "x", "M", "r", "l", "n", "zeros", "ones", "sum", "mean", "print", "range", "len", "map",
      "reshape", "softmax", "arange", "eye", "randn", "str", "show", "keys", "append", "tree_map",
      "0", "1", "2", "-1", "0.5", "1e-3", "1e6", "3", "[]", "[1, 2]", "{a: 1}", "\"s\"", "none",
      "true", "f", "fn(x) = x", "args",
    ]

    /// Applies a few random edits to a script: line edits (which keep it parsing more often),
    /// word swaps and byte edits.
    static func mutate(_ text: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
      var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
      for _ in 0..<(1 + rng.below(3)) {
        guard !lines.isEmpty else { break }
        let i = rng.below(lines.count)
        switch rng.below(6) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[i], at: rng.below(lines.count))
        case 2: lines.swapAt(i, rng.below(lines.count))
        case 3, 4:
          // Replace one word (a run of identifier or digit characters) of the line.
          var line = lines[i]
          let starts = line.indices.filter { k in
            let c = line[k]
            let isWord =
              c == 0x5F || (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
            return isWord
              && (k == 0
                || !(line[k - 1] == 0x5F
                  || (line[k - 1] | 0x20 >= 0x61 && line[k - 1] | 0x20 <= 0x7A)
                  || (line[k - 1] >= 0x30 && line[k - 1] <= 0x39)))
          }
          guard let start = starts.isEmpty ? nil : starts[rng.below(starts.count)] else { break }
          var end = start
          while end < line.count,
            line[end] == 0x5F || (line[end] >= 0x30 && line[end] <= 0x39)
              || (line[end] | 0x20 >= 0x61 && line[end] | 0x20 <= 0x7A)
          { end += 1 }
          line.replaceSubrange(start..<end, with: Array(rng.pick(words).utf8))
          lines[i] = line
        default:
          var line = lines[i]
          let at = rng.below(line.count + 1)
          line.insert(contentsOf: Array(rng.pick(fuzzTokens).utf8), at: at)
          lines[i] = line
        }
      }
      return Array(lines.joined(separator: [0x0A]))
    }

    @Test("random token streams")
    func randomTokens() {
      let saved = Tensor.maxElements
      Tensor.maxElements = 1 << 22
      defer { Tensor.maxElements = saved }
      var rng = FuzzRandom(state: 1)
      var values = 0
      for _ in 0..<5000 {
        let count = 1 + rng.below(40)
        let text = (0..<count).map { _ in rng.pick(fuzzTokens) }.joined(separator: " ")
        if FuzzTests.runOne(Array(text.utf8)) { values += 1 }
      }
      // Some random programs are valid (e.g. `1`, `x = 2`), most are errors.
      #expect(values > 0)
    }

    @Test("mutated test scripts")
    func mutatedScripts() throws {
      let saved = Tensor.maxElements
      Tensor.maxElements = 1 << 22
      defer { Tensor.maxElements = saved }
      let scripts = try scriptFiles().map { name in
        Array(try #require(readText(scriptsDirectory + "/" + name)).utf8)
      }
      try #require(!scripts.isEmpty)
      var rng = FuzzRandom(state: 2)
      var values = 0
      for _ in 0..<5000 {
        // Take one case (a section between `#---` lines) so each run is short.
        let script = rng.pick(scripts)
        let cases = String(decoding: script, as: UTF8.self).split(separator: "#---")
        let chosen = Array(String(rng.pick(cases)).utf8)
        if FuzzTests.runOne(FuzzTests.mutate(chosen, &rng)) { values += 1 }
      }
      #expect(values > 0)
      // Most mutated cases still parse, so the interpreter (not only the parser) is exercised.
      #expect(FuzzTests.tally[0] + FuzzTests.tally[2] > 2000)
    }
  }
}
