import NNSTensor

/// One evaluated index item: a value (index, gather list, mask, none) or a slice.
enum IndexArg {
  case value(Value)
  case slice(Value?, Value?, Value?)
  /// `...`: as many `:` as the indexed tensor needs.
  case ellipsis
}

/// Index reads on every kind of value, and the conversion of index values to tensor items.
enum Indexing {
  /// A list/string position: integral, negative counts from the end, in range.
  static func listIndex(_ v: Value, count: Int, op: String) throws -> Int {
    let i = try Convert.int(v, op: op, what: "index")
    let j = i < 0 ? i + count : i
    guard j >= 0, j < count else {
      throw RuntimeError("\(op): index \(i) is out of range for length \(count)")
    }
    return j
  }

  /// Slice bounds for a list/string as Python computes them.
  static func sliceIndices(
    _ a: Value?, _ b: Value?, _ c: Value?, count: Int, op: String
  ) throws -> [Int] {
    let step = try c.map { try Convert.int($0, op: op, what: "slice step") } ?? 1
    guard step != 0 else { throw RuntimeError("\(op): slice step cannot be zero") }
    func clampBound(_ v: Value?, _ fallback: Int) throws -> Int {
      guard let v, !v.isNone else { return fallback }
      var i = try Convert.int(v, op: op, what: "slice bound")
      if i < 0 { i += count }
      return step > 0 ? min(max(i, 0), count) : min(max(i, -1), count - 1)
    }
    let start = try clampBound(a, step > 0 ? 0 : count - 1)
    let stop = try clampBound(b, step > 0 ? count : -1)
    return Array(stride(from: start, to: stop, by: step))
  }

  /// Converts evaluated items to tensor index items for a tensor of `rank` axes, expanding
  /// `...` to the `:` items that the other items leave (none when they use every axis).
  static func tensorItems(_ args: [IndexArg], rank: Int) throws -> [NNSTensor.IndexItem] {
    guard let at = args.firstIndex(where: { if case .ellipsis = $0 { true } else { false } })
    else { return try tensorItems(args) }
    var before = try tensorItems(Array(args[..<at]))
    let after = try tensorItems(Array(args[(at + 1)...]))
    let used = (before + after).reduce(0) { n, item in
      switch item {
      case .newAxis: n
      case .mask(let m): n + max(m.rank, 1)
      case .gather(let g) where g.dtype == .bool: n + max(g.rank, 1)
      default: n + 1
      }
    }
    before += [NNSTensor.IndexItem](
      repeating: .slice(start: nil, stop: nil, step: nil), count: max(rank - used, 0))
    return before + after
  }

  /// Converts evaluated items (without `...`) to tensor index items.
  static func tensorItems(_ args: [IndexArg]) throws -> [NNSTensor.IndexItem] {
    try args.map { arg in
      switch arg {
      case .ellipsis:
        throw RuntimeError("index: '...' appears more than once")
      case .slice(let a, let b, let c):
        func bound(_ v: Value?, _ what: String) throws -> Int? {
          guard let v, !v.isNone else { return nil }
          return try Convert.int(v, op: "index", what: what)
        }
        return .slice(
          start: try bound(a, "slice start"), stop: try bound(b, "slice stop"),
          step: try bound(c, "slice step"))
      case .value(let v):
        switch v {
        case .none: return .newAxis
        case .f32, .f64, .i64: return .index(try Convert.int(v, op: "index", what: "index"))
        case .bool:
          throw RuntimeError("index: a bool scalar cannot be an index (use a mask tensor)")
        case .tensor(let t):
          if t.dtype == .bool { return .mask(t) }
          if t.rank == 0 { return .index(try Convert.int(v, op: "index", what: "index")) }
          if t.dtype == .i64 { return .gather(t) }
          for x in t.toDoubles() {
            _ = try Convert.int(x, op: "index", what: "index", f32: t.dtype == .f32)
          }
          return .gather(t)
        case .tracked(let t):  // integer indices have zero gradient: use the value
          return try tensorItems([.value(Value(t.value))]).first ?? .newAxis
        case .list(let items):
          let xs = try items.map { try Convert.int($0, op: "index", what: "index") }
          return .gather(try Tensor(shape: [xs.count], int64s: xs.map { Int64($0) }))
        default:
          throw RuntimeError("index: cannot index with a \(v.kindName)")
        }
      }
    }
  }

  /// Reads `base[args]`.
  static func get(_ base: Value, _ args: [IndexArg]) throws -> Value {
    switch base {
    case .list(let items):
      guard args.count == 1 else {
        throw RuntimeError("index: a list takes one index, got \(args.count)")
      }
      switch args[0] {
      case .value(let v):
        return items[try listIndex(v, count: items.count, op: "index")]
      case .ellipsis:
        throw RuntimeError("index: '...' indexes tensors, not lists")
      case .slice(let a, let b, let c):
        return .list(
          try sliceIndices(a, b, c, count: items.count, op: "index").map { items[$0] })
      }
    case .string(let s):
      guard args.count == 1 else {
        throw RuntimeError("index: a string takes one index, got \(args.count)")
      }
      let chars = Array(s)
      switch args[0] {
      case .value(let v):
        return .string(String(chars[try listIndex(v, count: chars.count, op: "index")]))
      case .ellipsis:
        throw RuntimeError("index: '...' indexes tensors, not strings")
      case .slice(let a, let b, let c):
        return .string(
          String(try sliceIndices(a, b, c, count: chars.count, op: "index").map { chars[$0] }))
      }
    case .record(let r):
      guard args.count == 1, case .value(.string(let name)) = args[0] else {
        throw RuntimeError("index: a record is indexed by a field name string")
      }
      return try Fields.get(.record(r), name)
    default:
      guard base.isNumeric else { throw RuntimeError("index: cannot index a \(base.kindName)") }
      return try TensorOps.getIndex(
        base, try tensorItems(args, rank: base.shape?.count ?? 0))
    }
  }
}
