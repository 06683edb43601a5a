// The entry points the runtime's builtins call: save/load by extension, CSV, JSON.

import NNSTensor

/// File operations on whole files: `save`/`load` by extension and the CSV functions.
///
/// Every write replaces its file atomically (see `FileSystem.writeAtomically`). Every error is
/// a `FileError` whose message names the operation and, for a bad file, the file.
public enum Files {
  /// The file kinds `save` and `load` know, by extension.
  public enum Kind: String, CaseIterable, Sendable {
    case npy, safetensors, json

    /// The kind of a path by its extension (case-insensitive), or nil.
    public init?(path: String) {
      let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
      guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
      self.init(rawValue: name[name.index(after: dot)...].lowercased())
    }
  }

  /// Saves a value to `path`, in the format its extension names.
  ///
  /// - `.npy`: a tensor (a number or bool is saved as a rank-0 tensor);
  /// - `.safetensors`: a record of tensors; nested records and lists are flattened with dotted
  ///   names as PyTorch state dicts are (`{l1: {W, b}}` saves `l1.W`, `l1.b`; a list's items
  ///   are named by index: `0.W`);
  /// - `.json`: any tree.
  /// - Throws: `FileError` for an unknown extension
  ///   (`save: unknown file type '.xyz' (use .npy, .safetensors or .json)`), a value the format
  ///   cannot hold, or a failed write (the existing file is then left as it was).
  public static func save(_ path: String, _ tree: FileTree) throws {
    let bytes: [UInt8]
    switch try kind(path, op: "save") {
    case .npy:
      bytes = try NPY.encode(try tensor(tree, op: "save", format: ".npy"))
    case .safetensors:
      var tensors: [(String, Tensor)] = []
      try flatten(tree, prefix: "", into: &tensors, depth: 0)
      bytes = try Safetensors.encode(Safetensors.Contents(tensors: tensors))
    case .json:
      bytes = Array(try JSONWriter.text(tree, op: "save").utf8)
    }
    try FileSystem.writeAtomically(path, bytes, op: "save")
  }

  /// Loads a value from `path`, by its extension.
  ///
  /// `.npy` gives a tensor, `.safetensors` a record of tensors in header order, `.json` any tree
  /// (a rectangular array of numbers loads as a tensor in `floatType`, see `JSONFormat`).
  /// - Parameter floatType: the float dtype for JSON numbers in arrays (the default float
  ///   dtype unless given).
  /// - Throws: `FileError` for an unknown extension, an unreadable file, or bad contents.
  public static func load(_ path: String, floatType: DType = Tensor.defaultFloat) throws
    -> FileTree
  {
    let kind = try kind(path, op: "load")
    let bytes = try FileSystem.readFile(path, op: "load")
    switch kind {
    case .npy:
      return .tensor(try NPY.decode(bytes, file: path))
    case .safetensors:
      let contents = try Safetensors.decode(bytes, file: path)
      return .record(contents.tensors.map { ($0.0, .tensor($0.1)) })
    case .json:
      return try JSONFormat.decode(bytes, file: path, floatType: floatType)
    }
  }

  /// Reads a safetensors file with its metadata (`load` keeps only the tensors).
  ///
  /// - Throws: `FileError` naming the file for unreadable or malformed contents.
  public static func loadSafetensors(_ path: String) throws -> Safetensors.Contents {
    try Safetensors.decode(FileSystem.readFile(path, op: "load"), file: path)
  }

  /// Writes named tensors and metadata as a safetensors file, atomically.
  ///
  /// - Throws: `FileError` for a bad or duplicate name or a failed write.
  public static func saveSafetensors(_ path: String, _ contents: Safetensors.Contents) throws {
    try FileSystem.writeAtomically(path, try Safetensors.encode(contents), op: "save")
  }

  /// Reads a numeric CSV table; see `CSV.decode` for the syntax accepted.
  ///
  /// - Parameters:
  ///   - path: the file.
  ///   - header: the first line holds column names (skipped unless `names`).
  ///   - dtype: `f32` or `f64` (the default float dtype unless given).
  /// - Returns: the column names (empty without a header) and the `[rows, columns]` tensor.
  public static func loadCSV(
    _ path: String, header: Bool = true, dtype: DType = Tensor.defaultFloat
  ) throws -> CSV.Table {
    try CSV.decode(FileSystem.readFile(path, op: "load_csv"), header: header, dtype: dtype)
  }

  /// Reads a numeric CSV table as `load_csv(path, header:, names:)` returns it: the tensor, or
  /// with `names` the record `{columns, data}` (`columns` a list of strings).
  ///
  /// - Throws: `FileError` as `loadCSV`, or when `names` is asked without a header.
  public static func loadCSV(
    _ path: String, header: Bool = true, names: Bool, dtype: DType = Tensor.defaultFloat
  ) throws -> FileTree {
    guard !names || header else {
      throw FileError("load_csv: names: true needs a header line (header: false was given)")
    }
    let table = try loadCSV(path, header: header, dtype: dtype)
    guard names else { return .tensor(table.data) }
    return .record([
      ("columns", .list(table.columns.map { .string($0) })), ("data", .tensor(table.data)),
    ])
  }

  /// Writes a rank-1 or rank-2 tensor as CSV; see `CSV.encode`.
  public static func saveCSV(
    _ path: String, _ tensor: Tensor, columns: [String]? = nil, header: Bool = true
  ) throws {
    let bytes = try CSV.encode(tensor, columns: columns, header: header)
    try FileSystem.writeAtomically(path, bytes, op: "save_csv")
  }

  /// The kind named by a path's extension.
  private static func kind(_ path: String, op: String) throws -> Kind {
    if let kind = Kind(path: path) { return kind }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let ext = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : String(name[$0...]) }
    let what = ext.map { "unknown file type '\($0)'" } ?? "'\(path)' has no file extension"
    throw FileError("\(op): \(what) (use .npy, .safetensors or .json)")
  }

  /// The tensor a `.npy` file holds: a tensor, or a number or bool as rank 0.
  private static func tensor(_ tree: FileTree, op: String, format: String) throws -> Tensor {
    switch tree {
    case .tensor(let t): return t
    case .number(let v): return Tensor(scalar: v, dtype: Tensor.defaultFloat)
    case .bool(let b): return Tensor(scalar: b ? 1 : 0, dtype: .bool)
    default: throw FileError("\(op): a \(format) file holds one tensor, got a \(tree.kindName)")
    }
  }

  /// Flattens records and lists into dotted names, as PyTorch state dicts are written.
  private static func flatten(
    _ tree: FileTree, prefix: String, into out: inout [(String, Tensor)], depth: Int
  ) throws {
    guard depth <= JSONParser.maxDepth else {
      throw FileError("save: the value is nested deeper than \(JSONParser.maxDepth) levels")
    }
    let join = { (name: String) in prefix.isEmpty ? name : prefix + "." + name }
    switch tree {
    case .record(let fields):
      for (name, value) in fields {
        try flatten(value, prefix: join(name), into: &out, depth: depth + 1)
      }
    case .list(let items):
      for (i, value) in items.enumerated() {
        try flatten(value, prefix: join(String(i)), into: &out, depth: depth + 1)
      }
    case .tensor, .number, .bool:
      guard !prefix.isEmpty else {
        throw FileError(
          "save: a .safetensors file holds a record of tensors, got a \(tree.kindName)")
      }
      out.append((prefix, try tensor(tree, op: "save", format: ".safetensors")))
    case .string, .none:
      throw FileError(
        "save: a .safetensors file holds only tensors, '\(prefix)' is a \(tree.kindName)")
    }
  }
}
