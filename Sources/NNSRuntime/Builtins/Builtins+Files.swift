import NNSFiles
import NNSTensor

/// The file builtins of SPEC §6: `load_csv save_csv save load`. NNSFiles does the formats;
/// this file converts between runtime values and its `FileTree`.
extension Builtins {
  static var files: [Builtin] {
    [
      Builtin(
        "load_csv", [.req("path"), .opt("header", "true"), .opt("names", "false")],
        doc: "Reads a numeric CSV table as a [rows, columns] tensor (default float dtype); "
          + "header: true skips the first line as column names, names: true returns "
          + "{columns, data} with the names. An empty cell reads as nan.",
        example: "X = load_csv(\"data.csv\")"
      ) { a in
        let path = try a.string(0)
        let header = try a.bool(1, default: true)
        let names = try a.bool(2, default: false)
        return try FileValues.run {
          FileValues.value(try NNSFiles.Files.loadCSV(path, header: header, names: names))
        }
      },
      Builtin(
        "save_csv", [.req("path"), .req("x")],
        doc: "Writes a rank-1 (one value per line) or rank-2 tensor as CSV with a header line "
          + "c0,c1,... (so load_csv reads it back), numbers in their shortest exact form.",
        example: "save_csv(\"out.csv\", [[1, 2], [3, 4]])"
      ) { a in
        let path = try a.string(0)
        let x = try a.tensor(1)
        a.interpreter.output.flush()  // what was printed comes first (`/dev/stdout`)
        try FileValues.run { try NNSFiles.Files.saveCSV(path, x) }
        return .none
      },
      Builtin(
        "save", [.req("path"), .req("value")],
        doc: "Writes a value by the file's extension: .npy (one tensor, numpy's format), "
          + ".safetensors (a record of tensors; nested records and lists get dotted names "
          + "such as 0.W), .json (any tree of tensors, numbers, strings, lists, records). The "
          + "file is replaced atomically.",
        example: "save(\"params.safetensors\", mlp_init([2, 8, 1]))"
      ) { a in
        let path = try a.string(0)
        try Nesting.checkLeaves(a[1], op: "save")  // a tree sharing subtrees is written out whole
        let tree = try FileValues.tree(a[1], op: "save")
        a.interpreter.output.flush()  // what was printed comes first (`/dev/stdout`)
        try FileValues.run { try NNSFiles.Files.save(path, tree) }
        return .none
      },
      Builtin(
        "load", [.req("path")],
        doc: "Reads a file written by save, numpy or safetensors, by extension: .npy gives a "
          + "tensor, .json any tree (rectangular number arrays become tensors), .safetensors "
          + "a record, whose dotted names are nested again (0.W, 0.b, 1.W ... give back the "
          + "list of layer records that was saved).",
        example: "params = load(\"params.safetensors\")"
      ) { a in
        let path = try a.string(0)
        return try FileValues.run {
          let tree = try NNSFiles.Files.load(path)
          let value = FileValues.value(tree)
          if NNSFiles.Files.Kind(path: path) == .safetensors { return FileValues.unflatten(value) }
          return value
        }
      },
    ]
  }
}

/// Conversions between runtime values and NNSFiles' `FileTree`.
enum FileValues {
  /// The deepest nesting converted (the JSON reader's and writer's limit).
  static let maxDepth = 256

  /// Runs a file operation, turning its `FileError` into a runtime error.
  static func run<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as FileError {
      throw RuntimeError(e.description)
    }
  }

  /// The tree of a value: tensors (numbers as rank-0 tensors) and the plain values around them.
  /// - Throws: for functions, which no file format holds.
  static func tree(_ v: Value, op: String, depth: Int = 0) throws -> FileTree {
    if let t = v.asTensor { return .tensor(t) }
    guard depth < maxDepth else {
      throw RuntimeError("\(op): value nested deeper than \(maxDepth) levels")
    }
    switch v {
    case .string(let s): return .string(s)
    case .none: return .none
    case .list(let items): return .list(try items.map { try tree($0, op: op, depth: depth + 1) })
    case .record(let r):
      return .record(
        try zip(r.keys, r.values).map { ($0, try tree($1, op: op, depth: depth + 1)) })
    default: throw RuntimeError("\(op): cannot save a \(v.kindName)")
    }
  }

  /// The value of a tree read from a file.
  static func value(_ t: FileTree) -> Value {
    switch t {
    case .tensor(let x): return Value(x)
    case .number(let x): return .number(x)
    case .bool(let b): return .bool(b)
    case .string(let s): return .string(s)
    case .list(let items): return .list(items.map(value))
    case .record(let fields):
      return .record(Record(keys: fields.map(\.0), values: fields.map { value($0.1) }))
    case .none: return .none
    }
  }

  /// Nests a flat record with dotted names (`l1.W`, `0.b`), as safetensors stores trees:
  /// a level whose names are exactly 0, 1, 2, ... becomes a list. A record whose names do
  /// not split cleanly (an empty part, or a name that is both a leaf and a prefix) is
  /// returned as it is.
  static func unflatten(_ v: Value) -> Value {
    guard case .record(let r) = v, r.keys.contains(where: { $0.contains(".") }) else { return v }
    let paths = r.keys.map { $0.split(separator: ".", omittingEmptySubsequences: false) }
    guard paths.allSatisfy({ $0.count <= maxDepth && $0.allSatisfy { !$0.isEmpty } }) else {
      return v
    }
    return build(Array(zip(paths.map { $0.map(String.init) }, r.values))) ?? v
  }

  /// Builds one level of the nested tree from (remaining path, value) pairs; nil on a clash.
  private static func build(_ entries: [([String], Value)]) -> Value? {
    var keys: [String] = []
    var groups: [String: [([String], Value)]] = [:]
    for (path, value) in entries {
      guard let head = path.first else { return nil }
      if groups[head] == nil { keys.append(head) }
      groups[head, default: []].append((Array(path.dropFirst()), value))
    }
    var values: [Value] = []
    for key in keys {
      let group = groups[key] ?? []
      if group.count == 1, group[0].0.isEmpty {
        values.append(group[0].1)
      } else {
        guard group.allSatisfy({ !$0.0.isEmpty }), let sub = build(group) else { return nil }
        values.append(sub)
      }
    }
    if keys.enumerated().allSatisfy({ $0.element == String($0.offset) }) {
      return .list(values)
    }
    return .record(Record(keys: keys, values: values))
  }
}
