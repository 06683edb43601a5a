import Foundation
import NNSREPL
import NNSRuntime
import Testing

/// The test notebooks and their golden transcripts (`notebooks/`). Run with
/// `NNS_UPDATE_GOLDEN=1` to rewrite the transcripts instead (then read each before committing).
enum NotebookFiles {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("notebooks").path

  static var updating: Bool { ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" }

  static func path(_ name: String) -> String { directory + "/" + name }

  static func notebook(_ name: String) throws -> Notebook {
    let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
    return Notebook(name: name, bytes: Array(data))
  }

  /// Compares `text` with the golden file `name` (or rewrites it when updating).
  static func check(
    _ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let url = URL(fileURLWithPath: path(name))
    if updating {
      try Data(text.utf8).write(to: url)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    let diff = LineDiff.unified(expected, text, oldName: name, newName: "this run") ?? ""
    #expect(expected == text, "golden \(name) differs:\n\(diff)", sourceLocation: sourceLocation)
  }
}

/// A temporary folder removed at the end of a test.
final class TemporaryFolder {
  let path: String
  init() {
    path = NSTemporaryDirectory() + "nns-notebook-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }
  func file(_ name: String) -> String { path + "/" + name }
  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
  }
  func read(_ name: String) throws -> String {
    try String(contentsOf: URL(fileURLWithPath: file(name)), encoding: .utf8)
  }
}

// The interpreter's random generator and default dtype are process-wide: these suites run
// their notebooks one at a time.
@Suite("notebook format", .serialized) struct NotebookFormatTests {
  @Test func splitsCellsByMarkers() {
    let text = """
      a = 1
      # %%
      b = 2
      #%% Second title
      c = 3
      # %% [markdown]
      # Some *prose*
      #
      # more
      # %% [md] Titled prose
      # text
      # %% tags=["raises-exception"] [exercise] Ex
      #! a == 1
      #? think
      a = 1
      """
    let nb = Notebook(name: "t.nns", bytes: Array(text.utf8))
    #expect(nb.cells.map(\.kind) == [.code, .code, .code, .markdown, .markdown, .exercise])
    #expect(nb.cells.map(\.title) == [nil, nil, "Second title", nil, "Titled prose", "Ex"])
    #expect(nb.cells.map(\.markerLine) == [nil, 2, 4, 6, 10, 12])
    #expect(nb.cells[0].displayCode == "a = 1")
    #expect(nb.cells[3].markdown == "Some *prose*\n\nmore")
    #expect(nb.cells[5].tags == ["raises-exception"])
    #expect(nb.cells[5].raisesException)
    #expect(
      nb.cells[5].checks == [Notebook.Check(line: 13, column: 4, text: "a == 1", prefix: "#! ")])
    #expect(nb.cells[5].hints == ["think"])
    #expect(nb.cells[5].displayCode == "a = 1")
    #expect(nb.problems.isEmpty)
  }

  @Test func emptyLeadingCodeAndShebangAreDropped() {
    let nb = Notebook(name: "t.nns", bytes: Array("#!/usr/bin/env nns\n\n# %%\nx = 1\n".utf8))
    #expect(nb.cells.count == 1)
    #expect(nb.cells[0].displayCode == "x = 1")
    let kept = Notebook(name: "t.nns", bytes: Array("#!/usr/bin/env nns\ny = 2\n# %%\nx\n".utf8))
    #expect(kept.cells.map(\.displayCode) == ["y = 2", "x"])
  }

  @Test func windowsLineEndings() {
    let nb = Notebook(
      name: "t.nns", bytes: Array("# %% One\r\nx = 1\r\n# %% [markdown]\r\n# hi\r\n".utf8))
    #expect(nb.cells.map(\.title) == ["One", nil])
    #expect(nb.cells[0].displayCode == "x = 1")
    #expect(nb.cells[1].markdown == "hi")
  }

  @Test func exerciseWithoutChecksIsAProblem() {
    let nb = Notebook(name: "t.nns", bytes: Array("x = 1\n# %% [exercise]\ny = 2\n".utf8))
    #expect(
      nb.problems == [
        "t.nns:2: error: notebook: an exercise cell needs at least one '#! EXPR' check"
      ])
    let result = NotebookRunner.run(nb)
    #expect(!result.succeeded)
    #expect(result.transcript.isEmpty)
  }

  @Test func fencesOutgrowBackticksInside() {
    let nb = Notebook(name: "t.nns", bytes: Array("print(\"```\")\n".utf8))
    let result = NotebookRunner.run(nb)
    #expect(result.transcript.contains("\n````text\n```\n````\n"))
  }
}

@Suite("notebook runner", .serialized) struct NotebookRunnerTests {
  @Test func goldenTranscriptStopsAtTheFirstError() throws {
    let result = NotebookRunner.run(try NotebookFiles.notebook("sample.nns"))
    #expect(result.errors.count == 1)
    #expect(
      result.errors.first?.hasPrefix("sample.nns:33:11: error: @: shapes [3] and [2]") == true)
    try NotebookFiles.check("sample.md", result.transcript)
  }

  @Test func goldenTranscriptWithKeepGoing() throws {
    let result = NotebookRunner.run(try NotebookFiles.notebook("sample.nns"), keepGoing: true)
    #expect(result.errors.count == 1)
    #expect(result.transcript.contains("after the error"))
    try NotebookFiles.check("sample-keep-going.md", result.transcript)
  }

  @Test func rerunsAreByteIdentical() throws {
    let nb = try NotebookFiles.notebook("sample.nns")
    let first = NotebookRunner.run(nb, keepGoing: true).transcript
    let second = NotebookRunner.run(nb, keepGoing: true).transcript
    #expect(first == second)
    #expect(first.contains("rand") && first.contains("f32 [3]"))
  }

  @Test func failingCheckIsAnErrorAtItsLine() {
    let text = "# %% [exercise]\n#! m == 2\n#!   sum(m) == 5\nm = 2\n"
    let result = NotebookRunner.run(Notebook(name: "ex.nns", bytes: Array(text.utf8)))
    #expect(
      result.errors == [
        "ex.nns:3:6: error: check does not hold: sum(m) == 5 (sum(m) is 2; expected 5)\n"
          + "#!   sum(m) == 5\n     ^"
      ])
    #expect(result.transcript.contains("✓ m == 2\nex.nns:3:6: error: check does not hold"))
  }

  @Test func checkThatCannotBeEvaluated() {
    let text = "# %% [exercise]\n#! nope == 2\n#! \"text\"\nm = 2\n"
    let result = NotebookRunner.run(
      Notebook(name: "ex.nns", bytes: Array(text.utf8)), keepGoing: true)
    #expect(result.errors.count == 1)
    #expect(result.errors.first?.contains("ex.nns:2:4: error: check nope == 2: ") == true)
    #expect(result.errors.first?.contains("nope") == true)
  }

  @Test func checksOnTensorsNeedEveryElement() {
    let text =
      "# %% [exercise]\n#! v == [1, 2, 3]\n#! v > 0\nv = [1, 2, 3]\n# %% [exercise]\n#! v == [1, 2, 4]\nv\n"
    let result = NotebookRunner.run(Notebook(name: "ex.nns", bytes: Array(text.utf8)))
    #expect(result.errors.count == 1)
    #expect(
      result.errors.first?.hasPrefix("ex.nns:6:4: error: check does not hold: v == [1, 2, 4]")
        == true)
  }

  @Test func raisesExceptionTagNeedsAnError() {
    let text = "# %% tags=[\"raises-exception\"]\n1 + 1\n"
    let result = NotebookRunner.run(Notebook(name: "t.nns", bytes: Array(text.utf8)))
    #expect(
      result.errors == [
        "t.nns:1: error: notebook: this cell is tagged raises-exception but ran without an error"
      ])
  }

  @Test func parseErrorStopsTheRun() {
    let result = NotebookRunner.run(
      Notebook(name: "p.nns", bytes: Array("# %%\nx = (1 +\n# %%\n2\n".utf8)))
    #expect(result.errors.count == 1)
    #expect(result.errors.first?.hasPrefix("p.nns:2:5: error: '(' is never closed") == true)
    #expect(
      result.transcript.hasSuffix("_The run stopped at this error; 1 more cell did not run._\n"))
  }

  @Test func cellsShareOneSessionAndAns() {
    let result = NotebookRunner.run(
      Notebook(name: "s.nns", bytes: Array("# %%\n6 * 7\n# %%\nans + 1\n".utf8)))
    #expect(result.succeeded)
    #expect(result.transcript.contains("```text\n43  f32\n```"))
  }

  @Test(arguments: [
    "", "# %%", "#%%\n#%%\n#%%", "# %% tags=[", "# %% tags=[\"raises-exception\"",
    "# %% [exercise]\n#!", "# %% [exercise]\n#! (\n", "# %% [exercise]\n#! 1\n#?",
    "\r\r\n# %%\r", "x = 1\u{0}\n# %%\n\u{FF}", "# %% [markdown]\nx = (", "(\n# %%\n)",
    "# %% [exercise]\n#! x\nx = \"s\"", "# %% [exercise]\n#! [1] @ [1, 2]\n1",
  ])
  func hostileNotebooksNeverTrap(_ text: String) {
    let nb = Notebook(name: "h.nns", bytes: Array(text.utf8))
    let result = NotebookRunner.run(nb, keepGoing: true)
    // Every problem is a located nns error, and a transcript is written unless the
    // notebook's structure is wrong.
    for error in result.errors { #expect(error.hasPrefix("h.nns:"), "\(error)") }
    #expect(result.transcript.hasPrefix("<!-- Transcript of h.nns") || !nb.problems.isEmpty)
  }

  @Test func interruptedCellKeepsVariables() {
    let (output, buffer) = Output.capturing()
    let interpreter = Interpreter(output: output)
    interpreter.stepBudget = 10_000
    let session = NotebookSession(interpreter: interpreter, name: "i.nns")
    let nb = Notebook(name: "i.nns", bytes: Array("n = 1\n# %%\nn = 2; while true { }\n".utf8))
    #expect(session.run(nb.cells[0]) == nil)
    #expect(session.run(nb.cells[1])?.contains("step budget of 10000 exhausted") == true)
    #expect(interpreter[global: "n"].map { Display.plain($0) } == "1")
    #expect(buffer.text.contains("i.nns:3:"))
  }

  @Test func silentCellHasNoTextBlock() {
    let result = NotebookRunner.run(Notebook(name: "s.nns", bytes: Array("a = 1\nb = 2;\n".utf8)))
    #expect(!result.transcript.contains("```text"))
  }
}

@Suite("nns notebook command", .serialized) struct NotebookCommandTests {
  func run(_ options: NotebookCommand.Options) -> (status: Int32, text: String) {
    let (output, buffer) = Output.capturing()
    let status = NotebookCommand.run(options, output: output, changeDirectory: false)
    return (status, buffer.text)
  }

  @Test func writesTranscriptThenCheckPassesAndFails() throws {
    let dir = TemporaryFolder()
    try dir.write("nb.nns", "# %% [markdown]\n# Hello\n# %%\nx = [1, 2]\nx * 3\n")
    let written = run(.init(path: dir.file("nb.nns"), outPath: dir.file("nb.md")))
    #expect(written.status == 0)
    #expect(written.text.isEmpty)
    let transcript = try dir.read("nb.md")
    #expect(transcript.hasPrefix("<!-- Transcript of nb.nns"))
    #expect(
      transcript.contains(
        "Hello\n\n```nns\nx = [1, 2]\nx * 3\n```\n\n```text\n[3, 6]  f32 [2]\n```\n"))

    let pass = run(.init(path: dir.file("nb.nns"), checkPath: dir.file("nb.md")))
    #expect(pass.status == 0)
    #expect(pass.text == "\(dir.file("nb.md")): the transcript matches this run\n")

    try dir.write("nb.nns", "# %% [markdown]\n# Hello\n# %%\nx = [1, 2]\nx * 4\n")
    let fail = run(.init(path: dir.file("nb.nns"), checkPath: dir.file("nb.md")))
    #expect(fail.status == 1)
    #expect(
      fail.text == """
        --- \(dir.file("nb.md"))
        +++ nb.nns (this run)
        @@ -4,9 +4,9 @@
         
         ```nns
         x = [1, 2]
        -x * 3
        +x * 4
         ```
         
         ```text
        -[3, 6]  f32 [2]
        +[4, 8]  f32 [2]
         ```
        \(dir.file("nb.md")): the transcript differs from this run (diff above)

        """)
  }

  /// SPEC §9: numbers that differ in the 7th digit pass `--check`; the 3rd digit or a word fails.
  @Test func checkComparesNumbersWithinTheTolerance() throws {
    let dir = TemporaryFolder()
    try dir.write("t.nns", "# %%\nx = [1.2345678, 250.5]\nx\n")
    #expect(run(.init(path: dir.file("t.nns"), outPath: dir.file("t.md"))).status == 0)
    let saved = try dir.read("t.md")
    #expect(saved.contains("[1.2345678, 250.5]  f32 [2]"))

    try dir.write("t.md", saved.replacingOccurrences(of: "1.2345678", with: "1.2345679"))
    let seventh = run(.init(path: dir.file("t.nns"), checkPath: dir.file("t.md")))
    #expect(seventh.status == 0)
    #expect(seventh.text.hasSuffix("the transcript matches this run\n"))

    try dir.write("t.md", saved.replacingOccurrences(of: "1.2345678", with: "1.2445678"))
    let third = run(.init(path: dir.file("t.nns"), checkPath: dir.file("t.md")))
    #expect(third.status == 1)
    #expect(third.text.contains("-[1.2445678, 250.5]  f32 [2]\n+[1.2345678, 250.5]  f32 [2]"))

    try dir.write("t.md", saved.replacingOccurrences(of: "f32 [2]", with: "f64 [2]"))
    #expect(run(.init(path: dir.file("t.nns"), checkPath: dir.file("t.md"))).status == 1)
  }

  @Test func transcriptGoesToStandardOutputWithoutO() throws {
    let dir = TemporaryFolder()
    try dir.write("a.nns", "1 + 2\n")
    let result = run(.init(path: dir.file("a.nns")))
    #expect(result.status == 0)
    #expect(result.text.hasSuffix("```nns\n1 + 2\n```\n\n```text\n3  f32\n```\n"))
  }

  @Test func errorsExitWithOneAndAreReported() throws {
    let dir = TemporaryFolder()
    try dir.write("e.nns", "# %%\nundefined_name\n# %%\n1\n")
    let result = run(.init(path: dir.file("e.nns"), outPath: dir.file("e.md"), keepGoing: true))
    #expect(result.status == 1)
    #expect(result.text.hasPrefix("e.nns:2:1: error: "))
    #expect(try dir.read("e.md").contains("```text\n1  f32\n```"))
  }

  @Test func missingFiles() throws {
    #expect(run(.init(path: "/nonexistent/n.nns")).status == 1)
    let dir = TemporaryFolder()
    try dir.write("a.nns", "1\n")
    let result = run(.init(path: dir.file("a.nns"), checkPath: dir.file("missing.md")))
    #expect(result.status == 1)
    #expect(result.text.contains("error: notebook --check: cannot open"))
  }
}
