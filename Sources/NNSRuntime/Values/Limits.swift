import NNSTensor

/// Size limits on strings (docs/LANGUAGE.md, "Limits and sessions"); lists and trees are in
/// `Nesting`, tensors in `Tensor.checkedCount`.
enum Limits {
  /// The longest string, in UTF-8 bytes (1 GiB).
  static let maxStringBytes = 1 << 30

  /// Throws when a string of `bytes` UTF-8 bytes is over the limit or does not fit in memory.
  static func checkString(bytes: Int, op: String) throws {
    if bytes > maxStringBytes {
      throw RuntimeError(
        "\(op): a string of \(bytes) bytes is too long (the limit is \(maxStringBytes) bytes)")
    }
    if bytes >= Tensor.probeBytes {
      do { try Tensor.probe(bytes, op: op, what: "a string") } catch {
        throw RuntimeError("\(error)")
      }
    }
  }
}
