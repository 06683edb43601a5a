import NNSTensor

/// Field reads: record fields and tensor properties (`shape ndim size T dtype`).
enum Fields {
  /// Reads `v.name`.
  static func get(_ v: Value, _ name: String) throws -> Value {
    switch v {
    case .record(let r):
      if let x = r[name] { return x }
      throw RuntimeError(
        "record has no field '\(name)'\(Suggest.hint(for: name, among: r.keys)) "
          + "(fields: \(r.keys.joined(separator: ", ")))")
    case .f32, .f64, .i64, .bool, .tensor, .tracked:
      let shape = v.shape ?? []
      switch name {
      case "shape": return .list(shape.map { .count($0) })
      case "ndim": return .count(shape.count)
      case "size": return .count(shape.reduce(1, *))
      case "T": return try TensorOps.transpose(v, nil)
      case "dtype": return .string(TensorOps.tensor(v).dtype.name)
      default:
        let hint = Suggest.hint(for: name, among: ["shape", "ndim", "size", "T", "dtype"])
        throw RuntimeError(
          "tensor has no property '\(name)'\(hint) (properties: shape, ndim, size, T, dtype)")
      }
    default:
      throw RuntimeError("cannot read field '\(name)' of a \(v.kindName)")
    }
  }
}

/// Bracket literals: tensor or list (SPEC §2).
enum Literals {
  /// Builds the value of `[items]` given the evaluated items, which were written as bracket
  /// literals in place, and which were written with literals only (`weak`: numbers and
  /// brackets of numbers, which take the dtype of the other items, as numpy promotes Python
  /// numbers: `[len(x), 2]` is i64, `[len(x), 0.5]` and `[0, 2, 1]` the default float).
  static func bracket(_ items: [Value], nested: [Bool], weak: [WeakItem?]) throws -> Value {
    /// The items as a list: literals on their own are numbers of the default float dtype.
    func list() throws -> Value {
      let dtype = Tensor.defaultFloat
      let values = try items.enumerated().map { k, v in try weak[k]?.value(dtype) ?? v }
      return try Nesting.checkLiteral(items: values, op: "list") { .list($0) }
    }
    var allScalar = true
    var strong: DType?
    var weakInts = true
    for (k, v) in items.enumerated() {
      if let w = weak[k] {
        weakInts = weakInts && w.allIntegers
        if case .tensor = w { allScalar = false }
        continue
      }
      let d: DType
      switch v {
      case .f32: d = .f32
      case .f64: d = .f64
      case .i64: d = .i64
      case .bool: d = .bool
      case .tensor(let t) where t.rank == 0: d = t.dtype
      case .tracked(let tr) where tr.value.rank == 0: d = tr.value.dtype
      case .tensor(let t): d = t.dtype; allScalar = false
      case .tracked(let tr): d = tr.value.dtype; allScalar = false
      default: return try list()  // a string, list, record, function or none: a list
      }
      strong = strong.map { promotedType($0, d) } ?? d
    }
    let anyWeak = weak.contains { $0 != nil }
    let target: DType
    switch strong {
    case nil: target = Tensor.defaultFloat
    case .i64?: target = !anyWeak || weakInts ? .i64 : promotedFloat(.i64, .i64)
    case .bool?: target = anyWeak ? Tensor.defaultFloat : .bool
    case let d?: target = d
    }
    let values = try items.enumerated().map { k, v in try weak[k]?.value(target) ?? v }
    if allScalar {
      return try TensorOps.stack(values, axis: 0, dtype: target)
    }
    // Nested literals that are all tensors of one shape stack into one tensor.
    var shape: [Int]?
    for (v, isLiteral) in zip(values, nested) {
      guard isLiteral, v.isTensorValue, let vShape = v.shape else { return try list() }
      if let shape, shape != vShape { return try list() }
      shape = vShape
    }
    return try TensorOps.stack(values, axis: 0, dtype: target)
  }
}

/// An item of a bracket literal written with literals only: a number, or a (nested) bracket
/// of numbers with its shape, built in whatever dtype the other items call for.
enum WeakItem {
  case number(NumberConstant)
  case tensor(shape: [Int], values: [NumberConstant])

  /// Whether every number is an integer literal (so the item can join i64 items).
  var allIntegers: Bool {
    switch self {
    case .number(let c): return c.int != nil
    case .tensor(_, let cs): return cs.allSatisfy { $0.int != nil }
    }
  }

  /// The item as a value of `dtype` (an i64 only when `allIntegers`).
  func value(_ dtype: DType) throws -> Value {
    func one(_ c: NumberConstant) -> Value {
      switch dtype {
      case .i64: return .i64(c.int ?? 0)
      case .f64: return .f64(c.f64)
      default: return .f32(c.f32)
      }
    }
    switch self {
    case .number(let c): return one(c)
    case .tensor(let shape, let cs):
      switch dtype {
      case .i64: return .tensor(try Tensor(shape: shape, int64s: cs.map { $0.int ?? 0 }))
      case .f64: return .tensor(try Tensor(shape: shape, doubles: cs.map(\.f64)))
      default: return .tensor(try Tensor(shape: shape, floats: cs.map(\.f32)))
      }
    }
  }
}

/// Iteration and unpacking helpers.
enum Iteration {
  /// The items a `for` loop visits: a list's elements, a tensor's first-axis slices, a
  /// string's characters.
  static func items(_ v: Value) throws -> [Value] {
    switch v {
    case .list(let items): return items
    case .tensor(let t):
      return try (0..<(t.shape.first ?? 0)).map { try TensorOps.getIndex(v, [.index($0)]) }
    case .tracked(let t) where t.value.rank > 0:
      return try (0..<(t.value.shape.first ?? 0)).map { try TensorOps.getIndex(v, [.index($0)]) }
    case .string(let s): return s.map { .string(String($0)) }
    case .f32, .f64, .i64, .bool:
      throw RuntimeError("for: cannot iterate over a scalar")
    case .record:
      throw RuntimeError("for: cannot iterate over a record (use keys(r) or values(r))")
    default:
      throw RuntimeError("for: cannot iterate over a \(v.kindName)")
    }
  }

  /// Splits a value into exactly `count` parts: a list's elements or a tensor along axis 0.
  static func unpack(_ v: Value, count: Int) throws -> [Value] {
    let parts: [Value]
    switch v {
    case .list(let items): parts = items
    case .tensor(let t):
      guard let n = t.shape.first, n == count else {
        throw RuntimeError(
          "unpack: expected \(count) values, got a tensor of shape \(shapeString(t.shape))")
      }
      parts = try items(v)
    case .tracked(let tr) where tr.value.rank > 0:
      let t = tr.value
      guard let n = t.shape.first, n == count else {
        throw RuntimeError(
          "unpack: expected \(count) values, got a tensor of shape \(shapeString(t.shape))")
      }
      parts = try items(v)
    case .f32, .f64, .i64, .bool:
      throw RuntimeError("unpack: expected \(count) values, got a scalar")
    default:
      throw RuntimeError("unpack: cannot unpack a \(v.kindName) into \(count) names")
    }
    guard parts.count == count else {
      throw RuntimeError("unpack: expected \(count) values, got \(parts.count)")
    }
    return parts
  }
}
