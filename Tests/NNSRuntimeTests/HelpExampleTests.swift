#if canImport(Glibc)
  import Glibc
#endif
import Testing

@testable import NNSRuntime

/// Every `help` example is code a user may paste: it must run. A few need context the
/// example names but cannot make (a file to read, data to fit); they get it first, and every
/// example may use `params` (a small MLP), as the optimizers' examples do.
@Suite("help examples run", .serialized)
struct HelpExampleTests {
  /// Set-up run before the examples that use names they do not define, by function name.
  static let context: [String: String] = [
    "load_csv": "save_csv(\"data.csv\", [[1, 2], [3, 4]])",
    "read_text": "write_text(\"names.txt\", \"emma\\nava\\n\")",
    "fit": "X = randn(20, 1); y = X[:, 0] * 2",
    "_region_plot":
      "X = randn(4, 2); y = [0, 1, 0, 1]; g = _region_grid(X); labels = zeros(g.rows * g.cols)",
  ]

  /// Runs one example in a fresh interpreter inside a scratch folder; nil when it ran.
  static func failure(_ name: String, _ example: String) -> String? {
    let code = (context[name] ?? "") + "\n" + "params = mlp_init([2, 8, 1])\n" + example
    let (_, error) = runCapturing(code)
    guard let error else { return nil }
    return "\(name): `\(example)` fails: \(error)"
  }

  @Test("every builtin's example runs")
  func builtinExamples() throws {
    try inScratchFolder {
      // exit ends the process, _spin busy-waits, error's example shows an error.
      let skipped: Set<String> = ["exit", "_spin", "error"]
      let failures = Builtins.table.filter { !skipped.contains($0.name) }.compactMap {
        Self.failure($0.name, $0.example)
      }
      #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
  }

  @Test("every stdlib function's example runs")
  func stdlibExamples() throws {
    try inScratchFolder {
      let failures = Stdlib.docs.keys.sorted().compactMap { name -> String? in
        guard let doc = Stdlib.docs[name] else { return nil }
        return Self.failure(name, doc.example)
      }
      #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
  }
}

/// Runs `body` with a fresh temporary folder as the working directory (examples write files),
/// then goes back and removes what the examples wrote there. The working directory belongs to
/// the whole process: the suite is serialized, and scripts/test runs suites one at a time.
func inScratchFolder(_ body: () throws -> Void) throws {
  var template = Array("/tmp/nns-examples-XXXXXX".utf8CString)
  guard let dir = mkdtemp(&template) else { throw ScratchError() }
  let path = String(cString: dir)
  let old = getcwd(nil, 0).map { p -> String in
    defer { free(p) }
    return String(cString: p)
  }
  chdir(path)
  defer {
    if let old { chdir(old) }
    if let d = opendir(path) {
      while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { unlink(path + "/" + name) }
      }
      closedir(d)
    }
    rmdir(path)
  }
  try body()
}

/// A scratch folder could not be made.
struct ScratchError: Error {}
