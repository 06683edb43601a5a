import NNSTensor

/// Operators on values: numeric operands go to `TensorOps`; records and lists map over
/// matching structure, with a numeric operand broadcast over every leaf (SPEC §3).
enum Arith {
  /// `+ - * / % ^` on any values.
  static func binary(_ op: BinaryOp, _ symbol: String, _ a: Value, _ b: Value) throws -> Value {
    if a.isNumeric && b.isNumeric { return try TensorOps.binary(op, a, b) }
    if case .string(let x) = a, case .string(let y) = b, op == .add {
      try Limits.checkString(bytes: x.utf8.count &+ y.utf8.count, op: symbol)
      return .string(x + y)
    }
    try Nesting.checkLeaves(a, b, op: symbol)
    return try tree(symbol, a, b) { x, y in try TensorOps.binary(op, x, y) }
  }

  /// `@` on any values (trees map as for the other operators).
  static func matmul(_ a: Value, _ b: Value) throws -> Value {
    if a.isNumeric && b.isNumeric { return try TensorOps.matmul(a, b) }
    try Nesting.checkLeaves(a, b, op: "@")
    return try tree("@", a, b) { x, y in try TensorOps.matmul(x, y) }
  }

  /// `< <= > >=`: elementwise on tensors; strings compare lexicographically.
  static func compare(_ op: BinaryOp, _ symbol: String, _ a: Value, _ b: Value) throws -> Value {
    if a.isNumeric && b.isNumeric { return try TensorOps.binary(op, a, b) }
    if case .string(let x) = a, case .string(let y) = b {
      switch op {
      case .lt: return .bool(x < y)
      case .le: return .bool(x <= y)
      case .gt: return .bool(x > y)
      default: return .bool(x >= y)
      }
    }
    throw RuntimeError("\(symbol): cannot compare \(a.kindName) and \(b.kindName)")
  }

  /// `==` / `!=`: elementwise on tensors; structural (one bool) when either side is a string,
  /// list or record, or a function or none.
  static func equality(_ a: Value, _ b: Value, negate: Bool) throws -> Value {
    if a.isNumeric && b.isNumeric { return try TensorOps.binary(negate ? .ne : .eq, a, b) }
    let same = Equality.equal(a, b)
    return .bool(negate ? !same : same)
  }

  /// `v op c` (or `c op v` with `constantFirst`) where `c` is a number written in the program:
  /// `c` takes the dtype of each numeric leaf it meets (SPEC §2's weak typing, see
  /// `NumberConstant`); comparisons, equality and trees otherwise behave as `binary`,
  /// `compare` and `equality` with `c` as a number of the default float dtype.
  static func weak(
    _ op: BinaryOp, _ symbol: String, _ v: Value, _ c: NumberConstant, constantFirst: Bool
  ) throws -> Value {
    if v.isNumeric {
      let k = c.operand(beside: v.dtype, op)
      return constantFirst ? try TensorOps.binary(op, k, v) : try TensorOps.binary(op, v, k)
    }
    let k = c.standalone(f64: Tensor.defaultFloat == .f64)
    let (a, b) = constantFirst ? (k, v) : (v, k)
    switch op {
    case .eq, .ne: return try equality(a, b, negate: op == .ne)
    case .lt, .le, .gt, .ge: return try compare(op, symbol, a, b)
    default:
      switch v {
      case .list, .record:
        try Nesting.checkLeaves(v, op: symbol)
        return try tree(symbol, a, b) { x, y in
          try weak(op, symbol, constantFirst ? y : x, c, constantFirst: constantFirst)
        }
      default:
        return try binary(op, symbol, a, b)
      }
    }
  }

  /// Unary minus, mapped over trees.
  static func negate(_ v: Value) throws -> Value {
    if v.isNumeric { return try TensorOps.unary(.neg, v) }
    try Nesting.checkLeaves(v, op: "-")
    return try map("-", v) { try TensorOps.unary(.neg, $0) }
  }

  /// Unary plus: numbers (and trees of them) unchanged; bools become numbers.
  static func plus(_ v: Value) throws -> Value {
    if case .bool(let b) = v { return .number(b ? 1 : 0) }
    if v.isNumeric { return v }
    try Nesting.checkLeaves(v, op: "+")
    return try map("+", v) { try plus($0) }
  }

  /// Applies `f` to every numeric leaf of a tree.
  static func map(_ symbol: String, _ v: Value, _ f: (Value) throws -> Value) throws -> Value {
    switch v {
    case .list(let items): return .list(try items.map { try map(symbol, $0, f) })
    case .record(var r):
      for i in r.values.indices { r.values[i] = try map(symbol, r.values[i], f) }
      return .record(r)
    default:
      guard v.isNumeric else {
        throw RuntimeError("\(symbol): unsupported operand \(v.kindName)")
      }
      return try f(v)
    }
  }

  /// Combines two trees of matching structure leaf by leaf; a numeric operand broadcasts.
  static func tree(
    _ symbol: String, _ a: Value, _ b: Value, _ f: (Value, Value) throws -> Value
  ) throws -> Value {
    switch (a, b) {
    case (.list(let x), .list(let y)):
      guard x.count == y.count else {
        throw RuntimeError(
          "\(symbol): lists of different lengths (\(x.count) and \(y.count))")
      }
      return .list(try zip(x, y).map { try tree(symbol, $0, $1, f) })
    case (.record(let x), .record(let y)):
      guard Set(x.keys) == Set(y.keys), x.count == y.count else {
        throw RuntimeError(
          "\(symbol): records with different fields {\(x.keys.joined(separator: ", "))} and "
            + "{\(y.keys.joined(separator: ", "))}")
      }
      var r = x
      for i in r.values.indices {
        r.values[i] = try tree(symbol, x.values[i], y[x.keys[i]] ?? .none, f)
      }
      return .record(r)
    case (.list(let x), _) where b.isNumeric:
      return .list(try x.map { try tree(symbol, $0, b, f) })
    case (_, .list(let y)) where a.isNumeric:
      return .list(try y.map { try tree(symbol, a, $0, f) })
    case (.record(var r), _) where b.isNumeric:
      for i in r.values.indices { r.values[i] = try tree(symbol, r.values[i], b, f) }
      return .record(r)
    case (_, .record(var r)) where a.isNumeric:
      for i in r.values.indices { r.values[i] = try tree(symbol, a, r.values[i], f) }
      return .record(r)
    default:
      if a.isNumeric && b.isNumeric { return try f(a, b) }
      throw RuntimeError("\(symbol): unsupported operands \(a.kindName) and \(b.kindName)")
    }
  }
}

/// Structural equality for `==` on strings, lists and records.
enum Equality {
  /// Whether two values are equal as trees (numbers compare by value, a tensor equals a list
  /// with equal items along its first axis).
  ///
  /// Pairs of shared subtrees are compared once (`x = [x, x]` forty times is 2^40 leaves but
  /// 40 pairs); the recursion is as deep as the values, at most `Nesting.maxHeight`.
  static func equal(_ a: Value, _ b: Value) -> Bool {
    var seen: [Pair: Bool] = [:]
    return equal(a, b, &seen)
  }

  /// Two arrays' storage addresses, naming a pair of subtrees while both are alive.
  struct Pair: Hashable {
    let a: UnsafeRawPointer?
    let b: UnsafeRawPointer?
  }

  /// Compares the items of two lists or records, remembering the answer for their storage.
  static func equalItems(_ x: [Value], _ y: [Value], _ seen: inout [Pair: Bool]) -> Bool {
    guard x.count == y.count else { return false }
    let key = Pair(a: Nesting.identity(x), b: Nesting.identity(y))
    if let known = seen[key] { return known }
    var same = true
    for (p, q) in zip(x, y) where !equal(p, q, &seen) {
      same = false
      break
    }
    seen[key] = same
    return same
  }

  static func equal(_ a: Value, _ b: Value, _ seen: inout [Pair: Bool]) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): return x == y
    case (.none, .none): return true
    case (.list(let x), .list(let y)):
      return equalItems(x, y, &seen)
    case (.record(let x), .record(let y)):
      return x.keys == y.keys && equalItems(x.values, y.values, &seen)
    case (.closure(let x), .closure(let y)): return x === y
    case (.builtin(let x), .builtin(let y)): return x === y
    case (.list(let items), .tensor(let t)), (.tensor(let t), .list(let items)):
      guard t.rank >= 1, t.shape[0] == items.count else { return false }
      for (i, item) in items.enumerated() {
        guard let row = try? TensorOps.getIndex(.tensor(t), [.index(i)]) else { return false }
        if !equal(row, item, &seen) { return false }
      }
      return true
    default:
      guard let x = a.asTensor, let y = b.asTensor, x.shape == y.shape else { return false }
      guard x.dtype == .i64 || y.dtype == .i64 else { return x.toDoubles() == y.toDoubles() }
      // by exact value: an i64 beyond 2^53 is not equal to the float it rounds to
      guard let same = try? NNSTensor.binary(.eq, x, y) else { return false }
      return same.toBools().allSatisfy { $0 }
    }
  }
}
