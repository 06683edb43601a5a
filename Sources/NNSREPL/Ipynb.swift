import NNSFiles
import NNSRuntime

/// Jupyter notebooks (nbformat 4.5): a `.nns` notebook and its run written as `.ipynb`
/// (`nns notebook FILE.nns --ipynb OUT.ipynb`), and an `.ipynb` read back into `# %%` form
/// (`nns notebook --from IN.ipynb`). docs/NOTEBOOKS.md describes the mapping:
///
/// - a prose cell is a markdown cell; a code cell a code cell with its outputs and execution
///   count; an exercise a code cell holding its whole text (task, `#!` checks, `#?` hints,
///   solution) with `"nns": {"kind": "exercise"}` in its metadata;
/// - a cell's title is its metadata's `title` (as jupytext has it), its tags `tags`;
/// - code before the first marker is a cell with `"nns": {"marker": false}`, and a `#!` first
///   line is the notebook metadata's `nns.shebang`.
public enum Ipynb {
  /// The kernelspec every written notebook names: the `nns` kernel.
  static let kernelspec = FileTree.record([
    ("display_name", .string("nns")), ("language", .string("nns")), ("name", .string("nns")),
  ])

  /// The language the notebook is written in, as the kernel reports it.
  static var languageInfo: FileTree {
    .record([
      ("name", .string("nns")), ("version", .string(Version.string)),
      ("mimetype", .string("text/x-nns")), ("file_extension", .string(".nns")),
      ("pygments_lexer", .string("nns")), ("codemirror_mode", .string("python")),
    ])
  }

  /// A notebook and what its cells wrote as nbformat 4.5 JSON.
  /// - Parameters:
  ///   - notebook: the parsed `.nns` notebook.
  ///   - outputs: each run cell's outputs by its index in `notebook.cells` (cells that did
  ///     not run have none and no execution count).
  /// - Returns: the `.ipynb` text.
  /// - Throws: `FileError` only for a value nested too deep to write (never for real cells).
  public static func text(_ notebook: Notebook, outputs: [Int: [CellOutput]]) throws -> String {
    var cells: [FileTree] = []
    var count = 0
    for (index, cell) in notebook.cells.enumerated() {
      var metadata: [(String, FileTree)] = []
      if let title = cell.title { metadata.append(("title", .string(title))) }
      if !cell.tags.isEmpty { metadata.append(("tags", .list(cell.tags.map { .string($0) }))) }
      var nns: [(String, FileTree)] = []
      if cell.kind == .exercise { nns.append(("kind", .string("exercise"))) }
      if cell.markerLine == nil { nns.append(("marker", .bool(false))) }
      if !nns.isEmpty { metadata.append(("nns", .record(nns))) }
      let id = ("id", FileTree.string("cell-\(index + 1)"))
      if cell.kind == .markdown {
        cells.append(
          .record([
            ("cell_type", .string("markdown")), id, ("metadata", .record(metadata)),
            ("source", lines(cell.markdown)),
          ]))
        continue
      }
      var executionCount = FileTree.none
      var items: [FileTree] = []
      if let written = outputs[index] {
        count += 1
        executionCount = .number(Double(count))
        items = Ipynb.outputs(written, count: count)
      }
      cells.append(
        .record([
          ("cell_type", .string("code")), ("execution_count", executionCount), id,
          ("metadata", .record(metadata)), ("outputs", .list(items)),
          ("source", lines(source(of: cell))),
        ]))
    }
    var metadata: [(String, FileTree)] = [
      ("kernelspec", kernelspec), ("language_info", languageInfo),
    ]
    if notebook.bytes.starts(with: Array("#!".utf8)) {
      let first = Notebook.splitLines(notebook.bytes).first ?? ""
      metadata.append(("nns", .record([("shebang", .string(first))])))
    }
    let tree = FileTree.record([
      ("cells", .list(cells)), ("metadata", .record(metadata)), ("nbformat", .number(4)),
      ("nbformat_minor", .number(5)),
    ])
    return try JSONFormat.encode(tree, op: "notebook --ipynb")
  }

  /// A code or exercise cell's text: its lines without blank lines at either end (and without
  /// the file's `#!` line, kept in the notebook's metadata).
  static func source(of cell: Notebook.Cell) -> String {
    var body = cell.lines
    if cell.markerLine == nil, cell.firstLine == 1, body.first?.hasPrefix("#!") == true {
      body[0] = ""
    }
    return Notebook.trimBlankLines(body).joined(separator: "\n")
  }

  /// Outputs as nbformat output objects; neighbouring stream texts of one stream are joined
  /// and progress lines left out.
  static func outputs(_ items: [CellOutput], count: Int) -> [FileTree] {
    var merged: [CellOutput] = []
    for item in items {
      if case .progress = item { continue }
      if case .stream(let name, let text) = item, case .stream(let last, let before)? = merged.last,
        last == name
      {
        merged[merged.count - 1] = .stream(name: name, text: before + text)
        continue
      }
      merged.append(item)
    }
    return merged.compactMap { item -> FileTree? in
      switch item {
      case .stream(let name, let text):
        return .record([
          ("name", .string(name)), ("output_type", .string("stream")), ("text", lines(text)),
        ])
      case .result(let text):
        return .record([
          ("data", .record([("text/plain", lines(text))])),
          ("execution_count", .number(Double(count))), ("metadata", .record([])),
          ("output_type", .string("execute_result")),
        ])
      case .display(_, let text):
        return .record([
          ("data", .record([("text/plain", lines(text))])), ("metadata", .record([])),
          ("output_type", .string("display_data")),
        ])
      case .error(let name, let value, let traceback):
        return .record([
          ("ename", .string(name)), ("evalue", .string(value)), ("output_type", .string("error")),
          ("traceback", .list(traceback.map { .string($0) })),
        ])
      case .progress:
        return nil
      }
    }
  }

  /// Text as nbformat's multi-line strings: a list of lines, each but the last ending in `\n`.
  static func lines(_ text: String) -> FileTree {
    var result: [FileTree] = []
    var current = ""
    for c in text {
      current.append(c)
      if c == "\n" || c == "\r\n" {
        result.append(.string(current))
        current = ""
      }
    }
    if !current.isEmpty { result.append(.string(current)) }
    return .list(result)
  }
}
