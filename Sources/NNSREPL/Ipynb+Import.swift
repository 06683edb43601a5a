import NNSFiles

extension Ipynb {
  /// One cell read from a Jupyter notebook.
  struct ImportedCell {
    var kind: Notebook.Kind
    var title: String?
    var tags: [String]
    /// Whether the cell starts with a `# %%` line (false for code before the first marker).
    var marker: Bool
    var source: String
  }

  /// A Jupyter notebook (nbformat 4) as a `.nns` notebook in `# %%` form.
  ///
  /// Markdown cells become prose cells (raw cells too), code cells code cells, and a code cell
  /// marked `"nns": {"kind": "exercise"}` an exercise; titles and tags come from the cell
  /// metadata; outputs are left out. Cells are separated by one blank line. A line that would
  /// read as a cell marker is kept from being one: a comment in code gets a second space after
  /// its `#`, a prose line starting with `%%` a backslash before it.
  /// - Parameters:
  ///   - bytes: the `.ipynb` file's contents.
  ///   - name: the file's name, for errors.
  /// - Returns: the `.nns` text, ending in a newline.
  /// - Throws: `FileError` when the file is not JSON or not an nbformat 4 notebook.
  public static func nns(from bytes: [UInt8], name: String) throws -> String {
    let op = "notebook --from"
    let tree = try JSONFormat.decode(bytes, file: name, floatType: .f64, op: op)
    guard case .record(let top) = tree, case .list(let cells)? = field(top, "cells") else {
      throw FileError("\(op): \(name) is not a Jupyter notebook (no \"cells\" list)")
    }
    if case .number(let version)? = field(top, "nbformat"), version != 4 {
      throw FileError(
        "\(op): \(name) is nbformat \(Int(version)); only nbformat 4 is read "
          + "(`jupyter nbconvert --to notebook` upgrades it)")
    }
    var shebang = ""
    if case .record(let metadata)? = field(top, "metadata"),
      case .record(let nns)? = field(metadata, "nns"),
      case .string(let line)? = field(nns, "shebang"), line.hasPrefix("#!"), !line.contains("\n")
    {
      shebang = line + "\n"
    }
    var parts: [String] = []
    for (i, item) in cells.enumerated() {
      guard let cell = try importCell(item, index: i, name: name, op: op) else { continue }
      parts.append(text(of: cell, first: parts.isEmpty))
    }
    return shebang + parts.joined(separator: "\n\n") + "\n"
  }

  /// Reads one cell; nil for an empty code or prose cell (a `.nns` notebook drops those).
  static func importCell(_ item: FileTree, index: Int, name: String, op: String) throws
    -> ImportedCell?
  {
    guard case .record(let cell) = item, case .string(let type)? = field(cell, "cell_type")
    else {
      throw FileError("\(op): \(name): cell \(index + 1) has no \"cell_type\"")
    }
    let source = try multiline(field(cell, "source"), what: "cell \(index + 1)", name: name)
    var metadata: [(String, FileTree)] = []
    if case .record(let m)? = field(cell, "metadata") { metadata = m }
    var title: String?
    if case .string(let t)? = field(metadata, "title") {
      let line = t.split(separator: "\n").first.map(String.init) ?? ""
      title = line.trimmingSpaces.isEmpty ? nil : line.trimmingSpaces
    }
    var tags: [String] = []
    if case .list(let list)? = field(metadata, "tags") {
      tags = list.compactMap {
        guard case .string(let s) = $0 else { return nil }
        return s.contains("\"") || s.contains("]") || s.contains(",") ? nil : s
      }
    }
    var kind = Notebook.Kind.markdown
    var marker = true
    if type == "code" {
      kind = .code
      if case .record(let nns)? = field(metadata, "nns") {
        if case .string("exercise")? = field(nns, "kind") { kind = .exercise }
        if case .bool(false)? = field(nns, "marker"), index == 0 { marker = false }
      }
    }
    if source.trimmingSpaces.isEmpty && kind != .exercise { return nil }
    return ImportedCell(kind: kind, title: title, tags: tags, marker: marker, source: source)
  }

  /// A cell in `# %%` form: its marker line, then its lines.
  static func text(of cell: ImportedCell, first: Bool) -> String {
    var header = "# %%"
    if cell.kind == .markdown { header += " [markdown]" }
    if cell.kind == .exercise { header += " [exercise]" }
    if let title = cell.title { header += " " + title }
    if !cell.tags.isEmpty {
      header += " tags=[" + cell.tags.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
    let lines = Notebook.trimBlankLines(Notebook.splitLines(Array(cell.source.utf8)))
    let body: [String]
    if cell.kind == .markdown {
      body = lines.map { line in
        if line.isEmpty { return "#" }
        return "# " + (line.hasPrefix("%%") ? "\\" + line : line)
      }
    } else {
      body = lines.map { line in
        guard let rest = Notebook.markerHeader(line) else { return line }
        return "#  %%" + rest
      }
    }
    let keepMarker = cell.marker || !first || cell.kind != .code
    return ((keepMarker ? [header] : []) + body).joined(separator: "\n")
  }

  /// A member of a JSON object, or nil.
  static func field(_ members: [(String, FileTree)], _ key: String) -> FileTree? {
    members.first { $0.0 == key }?.1
  }

  /// nbformat's multi-line string: a string, or a list of strings to join.
  static func multiline(_ value: FileTree?, what: String, name: String) throws -> String {
    switch value {
    case .string(let s)?: return s
    case .list(let items)?:
      return try items.map {
        guard case .string(let s) = $0 else {
          throw FileError("notebook --from: \(name): \(what)'s source is not text")
        }
        return s
      }.joined()
    case nil, .none?: return ""
    default: throw FileError("notebook --from: \(name): \(what)'s source is not text")
    }
  }
}
