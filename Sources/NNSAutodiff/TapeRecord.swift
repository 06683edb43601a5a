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
    /// A short summary of the output's value.
    public var summary: String
    /// The norm of the gradient of the result with respect to this node's output
    /// (nil where the result does not depend on it).
    public var gradNorm: Double?
  }

  /// The nodes in the order they were recorded.
  public var entries: [Entry]

  /// A table: one line per node.
  public var description: String {
    var lines = ["id  op              inputs      shape       value                      |grad|"]
    for e in entries {
      let ins = e.inputs.map(String.init).joined(separator: ",")
      let g = e.gradNorm.map { TapeRecord.short($0) } ?? "-"
      lines.append(
        pad("\(e.id)", 4) + pad(e.op, 16) + pad(ins, 12) + pad(shapeString(e.shape), 12)
          + pad(e.summary, 27) + g)
    }
    return lines.joined(separator: "\n")
  }

  private func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
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
    return String(describing: Float(v))
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
          shape: v.shape, summary: TapeRecord.summary(v), gradNorm: i < norms.count ? norms[i] : nil))
    }
    return TapeRecord(entries: entries)
  }
}
