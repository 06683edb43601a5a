// The one error type of NNSFiles.

/// A failure to read or write a file; `description` is the lowercase message without location.
///
/// Messages name the operation and, for file problems, the file: for example
/// `load: 'w.npy': truncated: shape [10,4] of f32 needs 160 data bytes, found 120`.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The whole message, e.g. `load_csv: line 4 has 3 fields, expected 5`.
  public var message: String

  /// Creates an error with the whole message.
  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

/// Where a decoder is working: the operation and the file, for error messages.
struct FileContext: Sendable {
  /// The operation as the user wrote it: `load`, `save`, `load_csv`, ...
  var op: String
  /// The file's path as given, or a placeholder for bytes in memory.
  var file: String

  /// An error about the file's contents: `op: 'file': message`.
  func error(_ message: String) -> FileError {
    FileError("\(op): '\(file)': \(message)")
  }
}

/// Multiplies non-negative sizes, returning nil on overflow.
func checkedProduct(_ values: [Int]) -> Int? {
  var n = 1
  for v in values {
    guard v >= 0 else { return nil }
    let (p, overflow) = n.multipliedReportingOverflow(by: v)
    if overflow { return nil }
    n = p
  }
  return n
}
