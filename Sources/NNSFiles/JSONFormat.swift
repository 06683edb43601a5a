// JSON files as trees.

import NNSTensor

/// Reads and writes JSON text as file trees.
///
/// Writing: records are objects, lists arrays, tensors nested arrays, bool tensors arrays of
/// `true`/`false`, rank-0 tensors lone values, `none` is `null`; numbers take their shortest
/// round-trip form in their dtype; NaN and infinities are written `NaN`, `Infinity`,
/// `-Infinity` as Python's `json` module writes and reads them.
///
/// Reading: a non-empty rectangular array of numbers loads as a tensor in `floatType`; of
/// booleans, as a bool tensor; other arrays as lists (`[]` is an empty list); a lone number as
/// `.number`. Nesting deeper than 256 levels is an error.
public enum JSONFormat {
  /// Decodes JSON text into a tree.
  ///
  /// - Throws: `FileError` naming the file, line and column of a syntax error.
  public static func decode(
    _ bytes: [UInt8], file: String = "<memory>", floatType: DType = Tensor.defaultFloat,
    op: String = "load"
  ) throws -> FileTree {
    let context = FileContext(op: op, file: file)
    let value = try JSONParser.parse(bytes, context: context)
    return try value.fileTree(floatType: floatType.isFloat ? floatType : .f32, context: context)
  }

  /// Encodes a tree as indented JSON text ending in a newline.
  ///
  /// - Throws: `FileError` when the tree is nested deeper than 256 levels.
  public static func encode(_ tree: FileTree, op: String = "save") throws -> String {
    try JSONWriter.text(tree, op: op)
  }

  /// Encodes a tree as JSON on one line, without a newline: one record of a JSON Lines stream
  /// (the Jupyter kernel's protocol).
  ///
  /// - Throws: `FileError` when the tree is nested deeper than 256 levels.
  public static func encodeLine(_ tree: FileTree, op: String = "save") throws -> String {
    try JSONWriter.line(tree, op: op)
  }
}
