// How a tape made by `tape(f, args...)` displays: as the table `:tape` prints, not as a list of
// records (SPEC §5: displaying it lists every node). It stays a plain list for everything else.

import NNSAutodiff

extension Display {
  /// The field names of a node record made by `tape(f, args...)`, in order (the builtin makes
  /// its records with these, so display and builtin cannot drift apart).
  static let tapeFields = ["id", "op", "inputs", "shape", "value", "grad"]

  /// The table rows of a tape value: a non-empty list of node records with exactly the fields
  /// `tapeFields` holding what `tape` puts there; nil for any other value (it displays as
  /// usual). A tape stays a plain list for indexing and loops; only its display is a table.
  static func tapeRows(_ v: Value) -> [TapeRecord.Row]? {
    guard case .list(let items) = v, !items.isEmpty else { return nil }
    var rows: [TapeRecord.Row] = []
    rows.reserveCapacity(items.count)
    for item in items {
      guard case .record(let r) = item, r.keys == tapeFields,
        let id = integer(r.values[0]), case .string(let op) = r.values[1],
        let inputs = integers(r.values[2]), let shape = integers(r.values[3]),
        case .string(let summary) = r.values[4]
      else { return nil }
      let grad: Double?
      switch r.values[5] {
      case .none: grad = nil
      case .f64(let x): grad = x
      case .f32(let x): grad = Double(x)
      default: return nil
      }
      rows.append(
        TapeRecord.Row(
          id: id, op: op, inputs: inputs, shape: shape, summary: summary, gradNorm: grad))
    }
    return rows
  }

  /// A number holding a whole value that fits an Int, as an Int.
  private static func integer(_ v: Value) -> Int? {
    let x: Double
    switch v {
    case .i64(let n): return Int(n)
    case .f32(let f): x = Double(f)
    case .f64(let d): x = d
    default: return nil
    }
    guard x.rounded() == x, abs(x) < 1e15 else { return nil }
    return Int(x)
  }

  /// A list of whole numbers (an empty list included), as Ints.
  private static func integers(_ v: Value) -> [Int]? {
    guard case .list(let items) = v else { return nil }
    var out: [Int] = []
    for item in items {
      guard let n = integer(item) else { return nil }
      out.append(n)
    }
    return out
  }
}
