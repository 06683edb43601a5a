import NNSTensor

/// A printable record of one tape: every node in order, for `tape(f, args...)` and `:tape`.
public struct TapeRecord: CustomStringConvertible {
  /// One node of the tape.
  public struct Entry {
    /// The node's index (its id on the tape).
    public var id: Int
    /// The primitive's name, or `input` for a leaf.
    public var op: String
    /// The ids of the inputs recorded on this tape (constants are left out).
    public var inputs: [Int]
    /// The output's shape.
    public var shape: [Int]
    /// The output's value.
    public var value: Tensor
    /// A short summary of the output's value (computed when asked, so recording stays cheap).
    public var summary: String { TapeRecord.summary(value) }
    /// The norm of the gradient of the result with respect to this node's output
    /// (nil where the result does not depend on it).
    public var gradNorm: Double?
  }

  /// The nodes in the order they were recorded.
  public var entries: [Entry]

  /// A table: one line per node.
  public var description: String {
    TapeRecord.table(
      entries.map { e in
        Row(
          id: e.id, op: e.op, inputs: e.inputs, shape: e.shape, summary: e.summary,
          gradNorm: e.gradNorm)
      })
  }

  /// One line of the table: a node with its value already summarised.
  public struct Row {
    /// The node's id.
    public var id: Int
    /// The primitive's name, or `input`.
    public var op: String
    /// The ids of its inputs on the tape.
    public var inputs: [Int]
    /// The output's shape.
    public var shape: [Int]
    /// A short summary of the output's value.
    public var summary: String
    /// The norm of the result's gradient with respect to the output (nil: not needed).
    public var gradNorm: Double?

    public init(
      id: Int, op: String, inputs: [Int], shape: [Int], summary: String, gradNorm: Double?
    ) {
      self.id = id
      self.op = op
      self.inputs = inputs
      self.shape = shape
      self.summary = summary
      self.gradNorm = gradNorm
    }
  }

  /// The table of a tape: a header, then one line per node (`:tape`, and the display of the
  /// value `tape(f, args...)` returns). Columns are as wide as their widest cell; the value
  /// summary, whose length varies most, comes last.
  public static func table(_ rows: [Row]) -> String {
    let header = ["id", "op", "inputs", "shape", "|grad|", "value"]
    let cells = rows.map { e in
      [
        "\(e.id)", e.op, e.inputs.map(String.init).joined(separator: ","),
        shapeString(e.shape), e.gradNorm.map { TapeRecord.short($0) } ?? "-", e.summary,
      ]
    }
    var widths = header.map(\.count)
    for row in cells {
      for (k, cell) in row.enumerated() { widths[k] = Swift.max(widths[k], cell.count) }
    }
    func line(_ row: [String]) -> String {
      var text = String(repeating: " ", count: widths[0] - row[0].count) + row[0]  // id: right
      for k in 1..<row.count - 1 {
        text += "  " + row[k] + String(repeating: " ", count: widths[k] - row[k].count)
      }
      return text + "  " + row[row.count - 1]
    }
    return ([line(header)] + cells.map(line)).joined(separator: "\n")
  }

  /// A compact number: up to 4 significant digits.
  static func short(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    if v == v.rounded() && Swift.abs(v) < 1e6 { return String(Int(v)) }
    let a = Swift.abs(v)
    if a >= 1e-3 && a < 1e5 {
      var s = String(format4: v)
      while s.hasSuffix("0") { s.removeLast() }
      return s
    }
    let text = String(describing: Float(v))
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text  // `6000000`, as values show
  }

  /// A summary of a tensor: its values when small, else its mean and range.
  static func summary(_ t: Tensor) -> String {
    let v = t.toDoubles()
    if v.count <= 4 {
      let body = v.map(short).joined(separator: ", ")
      return t.rank == 0 ? body : "[" + body + "]"
    }
    let lo = v.min() ?? 0
    let hi = v.max() ?? 0
    let mean = v.reduce(0, +) / Double(v.count)
    return "mean \(short(mean)) in [\(short(lo)), \(short(hi))]"
  }
}

extension String {
  /// Formats with 4 digits after the point, without Foundation.
  init(format4 v: Double) {
    let scaled = (v * 10000).rounded()
    let sign = scaled < 0 ? "-" : ""
    let m = Int(Swift.abs(scaled))
    let frac = String(m % 10000)
    self = sign + String(m / 10000) + "." + String(repeating: "0", count: 4 - frac.count) + frac
  }
}

extension Tape {
  /// Builds the record of this tape from per-node gradient norms.
  func makeRecord(norms: [Double?]) -> TapeRecord {
    var entries: [TapeRecord.Entry] = []
    entries.reserveCapacity(nodes.count)
    for (i, n) in nodes.enumerated() {
      let v = n.result.value
      entries.append(
        TapeRecord.Entry(
          id: i, op: n.primitive?.name ?? "input", inputs: n.inputs.ids.filter { $0 >= 0 },
          shape: v.shape, value: v, gradNorm: i < norms.count ? norms[i] : nil
        ))
    }
    return TapeRecord(entries: entries)
  }
}
