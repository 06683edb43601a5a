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
    case .f32, .f64, .bool, .tensor, .tracked:
      let shape = v.shape ?? []
      switch name {
      case "shape": return .list(shape.map { .number(Double($0)) })
      case "ndim": return .number(Double(shape.count))
      case "size": return .number(Double(shape.reduce(1, *)))
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
  /// Builds the value of `[items]` given the evaluated items and which were written as
  /// bracket literals in place.
  static func bracket(_ items: [Value], nested: [Bool]) throws -> Value {
    var allScalar = true
    var dtype: DType = .bool
    for v in items {
      switch v {
      case .f32: if dtype == .bool { dtype = .f32 }
      case .f64: dtype = .f64
      case .bool: break
      case .tensor(let t) where t.rank == 0:
        dtype = dtype == .f64 || t.dtype == .f64 ? .f64 : (dtype == .bool ? t.dtype : dtype)
      case .tracked(let tr) where tr.value.rank == 0:
        let t = tr.value
        dtype = dtype == .f64 || t.dtype == .f64 ? .f64 : (dtype == .bool ? t.dtype : dtype)
      default: allScalar = false
      }
      if !allScalar { break }
    }
    if allScalar {
      return try TensorOps.stack(items, axis: 0, dtype: dtype)
    }
    // Nested literals that are all tensors of one shape stack into one tensor.
    var shape: [Int]?
    for (v, isLiteral) in zip(items, nested) {
      guard isLiteral, v.isTensorValue, let vShape = v.shape else { return .list(items) }
      if let shape, shape != vShape { return .list(items) }
      shape = vShape
    }
    return try TensorOps.stack(items, axis: 0, dtype: nil)
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
    case .f32, .f64, .bool:
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
    case .f32, .f64, .bool:
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
