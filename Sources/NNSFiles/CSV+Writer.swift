// Writing tensors as CSV tables.

import NNSTensor

extension CSV {
  /// Encodes a rank-1 or rank-2 tensor as CSV text.
  ///
  /// A rank-2 tensor writes one line per row; a rank-1 tensor one value per line (a column).
  /// Numbers use the shortest form that reads back as the same value of the tensor's dtype
  /// (`0.1`, `3`, `1e-08`, `nan`, `inf`); bool is `1` or `0`. Lines end with LF.
  /// - Parameters:
  ///   - tensor: the table.
  ///   - columns: header names; nil writes `c0,c1,...` so that `load_csv` with its default
  ///     `header: true` reads the table back whole.
  ///   - header: write a header line at all.
  ///   - op: the operation for error messages.
  /// - Throws: `FileError` for another rank, no columns, or a column-name count mismatch.
  public static func encode(
    _ tensor: Tensor, columns: [String]? = nil, header: Bool = true, op: String = "save_csv"
  ) throws -> [UInt8] {
    guard tensor.rank == 1 || tensor.rank == 2 else {
      throw FileError(
        "\(op): needs a tensor of rank 1 or 2, got shape \(shapeString(tensor.shape))")
    }
    let width = tensor.rank == 2 ? tensor.shape[1] : 1
    guard width > 0 else {
      throw FileError("\(op): cannot write shape \(shapeString(tensor.shape)) (no columns)")
    }
    let names = columns ?? (0..<width).map { "c\($0)" }
    guard names.count == width else {
      throw FileError("\(op): \(names.count) column names for \(width) columns")
    }
    var out: [UInt8] = []
    if header {
      out += Array(names.map(quoted).joined(separator: ",").utf8)
      out.append(0x0A)
    }
    let cells: [String]
    switch tensor.dtype {
    case .f32: cells = tensor.toFloats().map(NumberText.float)
    case .f64: cells = tensor.toDoubles().map(NumberText.double)
    case .bool: cells = tensor.toDoubles().map { $0 != 0 ? "1" : "0" }
    case .i64: cells = tensor.toInt64s().map { String($0) }
    }
    for (i, cell) in cells.enumerated() {
      out += Array(cell.utf8)
      out.append(i % width == width - 1 ? 0x0A : 0x2C)
    }
    return out
  }

  /// A header field, quoted when it holds a comma, quote, line break or outer spaces.
  private static func quoted(_ name: String) -> String {
    let special = name.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    let padded = name.first == " " || name.last == " " || name.first == "\t" || name.last == "\t"
    guard special || padded || name.isEmpty else { return name }
    return "\"" + name.replacingOccurrences("\"", with: "\"\"") + "\""
  }
}

extension String {
  /// This string with every `target` replaced (no Foundation needed).
  func replacingOccurrences(_ target: Character, with replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}
