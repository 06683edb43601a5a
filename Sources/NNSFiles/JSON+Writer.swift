// Writing a FileTree as JSON text.

import NNSTensor

/// Writes file trees as indented JSON.
///
/// Records become objects, lists arrays, tensors nested arrays (rank 0: a lone number or
/// boolean), bool tensors `true`/`false`, `none` `null`. Numbers use their shortest round-trip
/// form in their own dtype; NaN and the infinities are written as Python's `json` module does,
/// `NaN`, `Infinity` and `-Infinity`.
struct JSONWriter {
  /// The deepest nesting written; deeper trees are an error rather than a stack overflow.
  static let maxDepth = JSONParser.maxDepth

  private var out = ""
  private let op: String
  /// Everything on one line (JSON Lines), not indented.
  private var compact = false

  /// The JSON text of `tree`, ending in a newline.
  ///
  /// - Throws: `FileError` when the tree is nested deeper than `maxDepth`.
  static func text(_ tree: FileTree, op: String) throws -> String {
    var writer = JSONWriter(op: op)
    try writer.write(tree, indent: 0)
    writer.out += "\n"
    return writer.out
  }

  /// The JSON text of `tree` on one line, without a newline (a JSON Lines record).
  ///
  /// - Throws: `FileError` when the tree is nested deeper than `maxDepth`.
  static func line(_ tree: FileTree, op: String) throws -> String {
    var writer = JSONWriter(op: op)
    writer.compact = true
    try writer.write(tree, indent: 0)
    return writer.out
  }

  private init(op: String) { self.op = op }

  private mutating func write(_ tree: FileTree, indent: Int) throws {
    guard indent <= JSONWriter.maxDepth else {
      throw FileError("\(op): the value is nested deeper than \(JSONWriter.maxDepth) levels")
    }
    switch tree {
    case .none: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let v): out += JSONWriter.number(NumberText.double(v))
    case .string(let s): JSONWriter.quote(s, into: &out)
    case .tensor(let t): try writeTensor(t, indent: indent)
    case .list(let items):
      let flat = items.allSatisfy(\.isFlat)
      try writeContainer("[", "]", items.count, indent: indent, inline: flat) { w, i in
        try w.write(items[i], indent: indent + 1)
      }
    case .record(let fields):
      try writeContainer("{", "}", fields.count, indent: indent, inline: false) { w, i in
        JSONWriter.quote(fields[i].0, into: &w.out)
        w.out += ": "
        try w.write(fields[i].1, indent: indent + 1)
      }
    }
  }

  /// Writes `count` items between brackets, one per line unless `inline`.
  private mutating func writeContainer(
    _ open: String, _ close: String, _ count: Int, indent: Int, inline: Bool,
    item: (inout JSONWriter, Int) throws -> Void
  ) throws {
    out += open
    if count == 0 {
      out += close
      return
    }
    let inline = inline || compact
    let pad = String(repeating: "  ", count: indent + 1)
    for i in 0..<count {
      if i > 0 { out += inline ? ", " : "," }
      if !inline { out += "\n" + pad }
      try item(&self, i)
    }
    if !inline { out += "\n" + String(repeating: "  ", count: indent) }
    out += close
  }

  /// Writes a tensor as nested arrays: the last axis on one line, outer axes one row a line.
  private mutating func writeTensor(_ t: Tensor, indent: Int) throws {
    guard indent + t.rank <= JSONWriter.maxDepth + 1 else {
      throw FileError("\(op): the value is nested deeper than \(JSONWriter.maxDepth) levels")
    }
    let items: [String]
    switch t.dtype {
    case .f32: items = t.toFloats().map { JSONWriter.number(NumberText.float($0)) }
    case .f64: items = t.toDoubles().map { JSONWriter.number(NumberText.double($0)) }
    case .bool: items = t.toDoubles().map { $0 != 0 ? "true" : "false" }
    case .i64: items = t.toInt64s().map { String($0) }
    }
    var next = 0
    writeAxis(t.shape[...], items, &next, indent: indent)
  }

  private mutating func writeAxis(
    _ shape: ArraySlice<Int>, _ items: [String], _ next: inout Int, indent: Int
  ) {
    guard let size = shape.first else {
      out += next < items.count ? items[next] : "null"
      next += 1
      return
    }
    let inline = shape.count == 1 || compact
    out += "["
    let pad = String(repeating: "  ", count: indent + 1)
    for i in 0..<size {
      if i > 0 { out += inline ? ", " : "," }
      if !inline { out += "\n" + pad }
      writeAxis(shape.dropFirst(), items, &next, indent: indent + 1)
    }
    if !inline && size > 0 { out += "\n" + String(repeating: "  ", count: indent) }
    out += "]"
  }

  /// Python's spelling of the non-finite numbers; finite numbers unchanged.
  private static func number(_ text: String) -> String {
    switch text {
    case "nan": "NaN"
    case "inf": "Infinity"
    case "-inf": "-Infinity"
    default: text
    }
  }

  /// Appends `s` as a JSON string literal (control characters escaped, other text as UTF-8).
  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}

extension FileTree {
  /// Whether the value prints on one line inside a list (no containers, no rank >= 1 tensors).
  fileprivate var isFlat: Bool {
    switch self {
    case .list(let items): items.isEmpty
    case .record(let fields): fields.isEmpty
    case .tensor(let t): t.rank == 0
    default: true
    }
  }
}
