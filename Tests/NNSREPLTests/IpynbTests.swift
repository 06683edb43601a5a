import Foundation
import NNSREPL
import NNSRuntime
import Testing

/// A JSON value read with Foundation's parser, independent of the writer under test.
private func json(_ text: String) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(object as? [String: Any])
}

private func cells(_ notebook: [String: Any]) throws -> [[String: Any]] {
  try #require(notebook["cells"] as? [[String: Any]])
}

/// nbformat's multi-line text, joined.
private func joined(_ value: Any?) -> String {
  (value as? [String])?.joined() ?? (value as? String) ?? ""
}

/// The tutorials shipped in `scripts/tutorials`.
private let tutorials: [String] = {
  let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../scripts/tutorials").standardized.path
  let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  return names.filter { $0.hasSuffix(".nns") }.sorted().map { folder + "/" + $0 }
}()

// Notebooks run in the process-wide interpreter settings: one at a time.
@Suite("ipynb export and import", .serialized) struct IpynbTests {
  @Test func sampleRunMatchesItsGolden() throws {
    let notebook = try NotebookFiles.notebook("sample.nns")
    let result = NotebookRunner.run(notebook, keepGoing: true)
    try NotebookFiles.check("sample.ipynb", try Ipynb.text(notebook, outputs: result.outputs))
  }

  @Test func cellsAndOutputsMapToNbformat() throws {
    let notebook = try NotebookFiles.notebook("sample.nns")
    let result = NotebookRunner.run(notebook, keepGoing: true)
    let nb = try json(try Ipynb.text(notebook, outputs: result.outputs))
    #expect(nb["nbformat"] as? Int == 4)
    #expect(nb["nbformat_minor"] as? Int == 5)
    let metadata = try #require(nb["metadata"] as? [String: Any])
    let spec = try #require(metadata["kernelspec"] as? [String: String])
    #expect(spec == ["name": "nns", "display_name": "nns", "language": "nns"])
    let language = try #require(metadata["language_info"] as? [String: String])
    #expect(language["name"] == "nns" && language["file_extension"] == ".nns")
    #expect((metadata["nns"] as? [String: String])?["shebang"] == "#!/usr/bin/env nns")
    let all = try cells(nb)
    #expect(
      all.map { $0["cell_type"] as? String } == [
        "code", "markdown", "code", "code", "markdown", "code", "code", "code",
      ])
    // The code before the first marker has no marker (and no shebang: that is metadata).
    #expect(joined(all[0]["source"]).hasPrefix("# A small notebook"))
    #expect(
      ((all[0]["metadata"] as? [String: Any])?["nns"] as? [String: Bool]) == ["marker": false])
    #expect(joined(all[1]["source"]) == "# Sample\n\nProse with `code` and *emphasis*.")
    // Values and prints: a print, a displayed value, then the cell's value.
    let values = all[2]
    #expect((values["metadata"] as? [String: String]) == ["title": "Values and prints"])
    #expect(values["execution_count"] as? Int == 2)
    let outputs = try #require(values["outputs"] as? [[String: Any]])
    #expect(
      outputs.map { $0["output_type"] as? String } == [
        "stream", "display_data", "execute_result",
      ])
    #expect(joined(outputs[0]["text"]) == "y = [2, 4, 6]\n")
    #expect(joined((outputs[1]["data"] as? [String: Any])?["text/plain"]) == "[2, 4, 6]  f32 [3]")
    #expect(joined((outputs[2]["data"] as? [String: Any])?["text/plain"]) == "{a: 1, b: \"two\"}")
    #expect(outputs[2]["execution_count"] as? Int == 2)
    // The exercise keeps its whole text; its checks' marks are its output.
    let exercise = all[3]
    let exerciseMeta = try #require(exercise["metadata"] as? [String: Any])
    #expect((exerciseMeta["nns"] as? [String: String]) == ["kind": "exercise"])
    #expect(exerciseMeta["title"] as? String == "Double it")
    #expect(joined(exercise["source"]).contains("#! d == 2 * y\n#! d.shape == [3]\n#? multiply"))
    let marks = try #require(exercise["outputs"] as? [[String: Any]])
    #expect(joined(marks.first?["text"]) == "✓ d == 2 * y\n✓ d.shape == [3]\n")
    // The expected error: an error output with its kind, message and rendered lines.
    let raising = all[5]
    #expect(((raising["metadata"] as? [String: Any])?["tags"] as? [String]) == ["raises-exception"])
    let error = try #require((raising["outputs"] as? [[String: Any]])?.first)
    #expect(error["output_type"] as? String == "error")
    #expect(error["ename"] as? String == "RuntimeError")
    #expect(error["evalue"] as? String == "+: shapes [2] and [3] cannot broadcast")
    let traceback = try #require(error["traceback"] as? [String])
    #expect(traceback.first == "sample.nns:30:1: error: +: shapes [2] and [3] cannot broadcast")
    #expect(traceback.count == 3)
  }

  @Test func cellsAfterAStopHaveNoOutputsOrCount() throws {
    let notebook = try NotebookFiles.notebook("sample.nns")
    let result = NotebookRunner.run(notebook)
    let all = try cells(try json(try Ipynb.text(notebook, outputs: result.outputs)))
    let last = try #require(all.last)
    #expect(last["execution_count"] is NSNull)
    #expect((last["outputs"] as? [Any])?.isEmpty == true)
    let failed = all[6]
    #expect(failed["execution_count"] as? Int == 5)
    let error = try #require((failed["outputs"] as? [[String: Any]])?.first)
    #expect(error["ename"] as? String == "RuntimeError")
  }

  @Test func sampleRoundTripsToTheSameCells() throws {
    let notebook = try NotebookFiles.notebook("sample.nns")
    let text = try Ipynb.nns(
      from: Array(try Ipynb.text(notebook, outputs: [:]).utf8), name: "sample.ipynb")
    let original = String(decoding: notebook.bytes, as: UTF8.self)
    // The one change: a `#%%` marker is written `# %%`.
    #expect(text == original.replacingOccurrences(of: "#%% After", with: "# %% After"))
  }

  @Test(arguments: tutorials)
  func tutorialsRoundTripByteForByte(_ path: String) throws {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let notebook = Notebook(name: path, bytes: bytes)
    let text = try Ipynb.nns(from: Array(try Ipynb.text(notebook, outputs: [:]).utf8), name: "x")
    #expect(text == String(decoding: bytes, as: UTF8.self))
  }

  @Test func readsWhatJupyterWrites() throws {
    // Sources as one string or as lines, a raw cell, empty cells, a code comment and a prose
    // line that would read as cell markers, tags set in Jupyter's tag editor, unknown metadata.
    let ipynb = """
      {"cells": [
        {"cell_type": "code", "execution_count": 3, "metadata": {"collapsed": false},
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "9\\n"}],
         "source": "x = 3\\nx ^ 2"},
        {"cell_type": "markdown", "metadata": {}, "source": ["## Notes\\n", "\\n", "%% not a marker"]},
        {"cell_type": "code", "metadata": {}, "source": []},
        {"cell_type": "code", "metadata": {"tags": ["raises-exception", "slow"], "title": "Boom"},
         "source": ["# %% inside\\n", "[1, 2] + [1, 2, 3]"]},
        {"cell_type": "raw", "metadata": {}, "source": "raw text"},
        {"cell_type": "markdown", "metadata": {}, "source": ""}
      ], "metadata": {"kernelspec": {"name": "nns"}}, "nbformat": 4, "nbformat_minor": 2}
      """
    let text = try Ipynb.nns(from: Array(ipynb.utf8), name: "in.ipynb")
    #expect(
      text == """
        # %%
        x = 3
        x ^ 2

        # %% [markdown]
        # ## Notes
        #
        # \\%% not a marker

        # %% Boom tags=["raises-exception", "slow"]
        #  %% inside
        [1, 2] + [1, 2, 3]

        # %% [markdown]
        # raw text

        """)
    let back = Notebook(name: "x.nns", bytes: Array(text.utf8))
    #expect(back.cells.map(\.kind) == [.code, .markdown, .code, .markdown])
    #expect(back.cells[2].title == "Boom")
    #expect(back.cells[2].tags == ["raises-exception", "slow"])
  }

  @Test(arguments: [
    ("{", "notebook --from: 'in.ipynb': line 1, column 2: expected a string key"),
    ("[1, 2]", "notebook --from: in.ipynb is not a Jupyter notebook (no \"cells\" list)"),
    ("{\"cells\": [], \"nbformat\": 3}", "notebook --from: in.ipynb is nbformat 3; only"),
    (
      "{\"cells\": [{\"source\": \"x\"}]}", "notebook --from: in.ipynb: cell 1 has no \"cell_type\""
    ),
    (
      "{\"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}",
      "notebook --from: in.ipynb: cell 1's source is not text"
    ),
  ])
  func badNotebooksAreClearErrors(_ text: String, message: String) {
    #expect(throws: (any Error).self) { try Ipynb.nns(from: Array(text.utf8), name: "in.ipynb") }
    do {
      _ = try Ipynb.nns(from: Array(text.utf8), name: "in.ipynb")
    } catch {
      #expect("\(error)".hasPrefix(message), "\(error)")
    }
  }
}

@Suite("notebook --ipynb and --from", .serialized) struct IpynbCommandTests {
  @Test func ipynbIsWrittenBesideTheTranscript() throws {
    let folder = TemporaryFolder()
    try folder.write("n.nns", "# %% One\nx = 1\nx + 1\n")
    let (output, buffer) = Output.capturing()
    let options = NotebookCommand.Options(
      path: folder.file("n.nns"), ipynbPath: folder.file("n.ipynb"))
    #expect(NotebookCommand.run(options, output: output, changeDirectory: false) == 0)
    #expect(buffer.text.isEmpty)  // with --ipynb alone no transcript goes to standard output
    let nb = try json(try folder.read("n.ipynb"))
    let outputs = try #require(try cells(nb).first?["outputs"] as? [[String: Any]])
    #expect(joined((outputs.first?["data"] as? [String: Any])?["text/plain"]) == "2  f32")
  }

  @Test func aPathThatIsTheInputIsRefused() throws {
    let folder = TemporaryFolder()
    try folder.write("n.nns", "x = 1\n")
    let (output, buffer) = Output.capturing()
    let options = NotebookCommand.Options(
      path: folder.file("n.nns"), ipynbPath: folder.file("n.nns"))
    #expect(NotebookCommand.run(options, output: output, changeDirectory: false) == 2)
    #expect(buffer.text.contains("is the notebook itself"))
    #expect(try folder.read("n.nns") == "x = 1\n")
    let (out2, buffer2) = Output.capturing()
    try folder.write("n.ipynb", "{\"cells\": []}")
    #expect(
      NotebookCommand.convert(
        ipynb: folder.file("n.ipynb"), to: folder.file("n.ipynb"),
        output: out2) == 2)
    #expect(buffer2.text.contains("is the input itself"))
  }

  @Test func fromWritesTheNotebookOrPrintsIt() throws {
    let folder = TemporaryFolder()
    try folder.write(
      "in.ipynb",
      "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"y = 2\"}],"
        + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}")
    let (output, buffer) = Output.capturing()
    let status = NotebookCommand.convert(
      ipynb: folder.file("in.ipynb"), to: folder.file("out.nns"), output: output)
    #expect(status == 0)
    #expect(buffer.text.isEmpty)
    #expect(try folder.read("out.nns") == "# %%\ny = 2\n")
    let (printed, printedBuffer) = Output.capturing()
    #expect(NotebookCommand.convert(ipynb: folder.file("in.ipynb"), to: nil, output: printed) == 0)
    #expect(printedBuffer.text == "# %%\ny = 2\n")
    let (missing, missingBuffer) = Output.capturing()
    #expect(NotebookCommand.convert(ipynb: folder.file("no.ipynb"), to: nil, output: missing) == 1)
    #expect(missingBuffer.text.hasPrefix("error: notebook --from: "))
  }
}
