import NNSSyntax
import NNSTensor
import Testing

@testable import NNSRuntime

/// The directory holding the `.nns` expect-scripts.
let scriptsDirectory: String = {
  let file = #filePath
  guard let slash = file.lastIndex(of: "/") else { return "scripts" }
  return String(file[..<slash]) + "/scripts"
}()

/// Every `.nns` file under the scripts directory, sorted.
func scriptFiles() -> [String] {
  listDirectory(scriptsDirectory).filter { $0.hasSuffix(".nns") }.sorted()
}

/// One case of an expect-script: a section between `#---` lines, run in a fresh interpreter.
struct ScriptCase {
  /// Source text of the section (earlier sections blanked so line numbers stay true).
  var text: String
  /// The first line of the section (1-based).
  var line: Int
  /// Expected output lines, in order.
  var expected: [String]
  /// The expected error message, if the section must fail.
  var error: String?
}

/// Splits a script into cases and reads their `# expect:` / `# expect error:` lines.
func parseCases(_ text: String) -> [ScriptCase] {
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  var cases: [ScriptCase] = []
  var start = 0
  func finish(_ end: Int) {
    guard end > start else { return }
    var body = [String](repeating: "", count: start)
    var expected: [String] = []
    var error: String?
    for line in lines[start..<end] {
      body.append(line)
      let trimmed = line.drop { $0 == " " }
      if trimmed.hasPrefix("# expect error: ") {
        error = String(trimmed.dropFirst("# expect error: ".count))
      } else if trimmed.hasPrefix("# expect: ") {
        expected.append(String(trimmed.dropFirst("# expect: ".count)))
      } else if trimmed == "# expect:" {
        expected.append("")
      }
    }
    if !expected.isEmpty || error != nil {
      cases.append(
        ScriptCase(
          text: body.joined(separator: "\n"), line: start + 1, expected: expected, error: error))
    }
  }
  for (i, line) in lines.enumerated() where line.hasPrefix("#---") {
    finish(i)
    start = i + 1
  }
  finish(lines.count)
  return cases
}

/// Runs one case; returns the output lines and the error (message, rendering) if any.
func runCase(_ c: ScriptCase, path: String) -> (
  lines: [String], error: RuntimeError?, parse: String?
) {
  let (output, buffer) = Output.capturing()
  // Each case starts from the process's initial state: f32 literals, generator at seed 0.
  Tensor.defaultFloat = .f32
  RNG.shared.seed(0)
  let interp = Interpreter(output: output, args: ["a1", "a2"])
  let source = Source(name: path, text: c.text)
  var err: RuntimeError?
  var parse: String?
  do {
    try interp.run(source)
  } catch {
    switch error {
    case .runtime(let e): err = e
    case .parse(let ds): parse = ds.map { $0.message }.joined(separator: "; ")
    }
  }
  var lines = buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  if lines.last == "" { lines.removeLast() }
  return (lines, err, parse)
}

@Suite("runtime", .serialized)
struct RuntimeSuites {
  @Suite("expect-scripts")
  struct ScriptTests {
    @Test("script", arguments: scriptFiles())
    func script(_ name: String) throws {
      let path = scriptsDirectory + "/" + name
      let text = try #require(readText(path), "cannot read \(path)")
      let cases = parseCases(text)
      #expect(!cases.isEmpty, "\(name) has no cases")
      for c in cases {
        let (lines, error, parse) = runCase(c, path: path)
        let at = "\(name):\(c.line)"
        #expect(lines == c.expected, "\(at): output differs")
        if var expectedError = c.error {
          expectedError = expectedError.replacingAll("TESTDIR", with: scriptsDirectory)
          let message = error?.message ?? parse
          #expect(message == expectedError, "\(at): error '\(message ?? "none")'")
          if let error { #expect(error.render().contains(": error: "), "\(at): not located") }
        } else {
          #expect(parse == nil, "\(at): parse error \(parse ?? "")")
          #expect(error == nil, "\(at): unexpected error: \(error?.render() ?? "")")
        }
      }
    }

    @Test("at least 200 cases in all")
    func enoughCases() throws {
      let total = try scriptFiles().reduce(0) { n, name in
        n + parseCases(try #require(readText(scriptsDirectory + "/" + name))).count
      }
      #expect(total >= 200, "only \(total) cases")
    }
  }
}

extension String {
  /// The string with every occurrence of `target` replaced.
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
