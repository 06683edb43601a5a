import NNSAutodiff
import NNSSyntax
import NNSTensor

/// A compiled step of an assignment path, with its index items evaluated.
enum PathStep {
  case field(String)
  case index([IndexArg])
}

extension Compiler {
  /// Compiles `target = value`; `constant` is the value when it is written with literals only
  /// (stored into a tensor element it takes the tensor's dtype: `y[i] = 16777217` in an i64
  /// tensor is exact).
  func compileAssign(
    _ target: AssignTarget, _ value: @escaping Eval, range: SourceRange,
    constant: NumberConstant? = nil
  ) throws -> Eval {
    let store = compileStore(target.name.name)
    if target.path.isEmpty {
      return { f in
        store(f, try value(f))
        return .none
      }
    }
    let steps = try compilePath(target.path)
    let take = compileTake(target.name.name, range: target.name.range)
    let source = self.source
    return { f in
      let v = try value(f)
      let path = try steps.map { try $0(f) }
      var base = try take(f)
      do {
        try Compiler.assign(&base, path, 0, v, constant: constant)
      } catch {
        store(f, base)
        throw Compiler.locate(error, source, range)
      }
      store(f, base)
      return .none
    }
  }

  /// Compiles `target op= value` (`+= -= *= /=`); a `constant` value is weakly typed, as in
  /// `target op constant` (`i += 1` keeps an i64 an i64).
  func compileCompound(
    _ target: AssignTarget, _ op: BinaryOperator, _ value: @escaping Eval, range: SourceRange,
    constant: NumberConstant? = nil
  ) throws -> Eval {
    let readTarget = try compileTargetRead(target)
    var combine = try binaryFunction(op)
    if let c = constant, let bop = arithmeticOp(op) {
      let symbol = op.symbol
      combine = { old, _ in try Arith.weak(bop, symbol, old, c, constantFirst: false) }
    }
    let source = self.source
    let combined: Eval = { f in
      let old = try readTarget(f)
      let v = try value(f)
      do { return try combine(old, v) } catch { throw Compiler.locate(error, source, range) }
    }
    return try compileAssign(target, combined, range: range)
  }

  /// Compiles a read of what a target names (`x`, `x[i]`, `r.w`).
  func compileTargetRead(_ target: AssignTarget) throws -> Eval {
    var read = compileRead(target.name.name, range: target.name.range)
    for step in target.path {
      switch step {
      case .field(let name):
        read = compileField(read, name.name, range: name.range)
      case .index(let items, let range):
        read = try compileIndex(read, items, range: range)
      }
    }
    return read
  }

  /// Compiles the index items of each path step.
  func compilePath(_ path: [TargetStep]) throws -> [(Frame) throws -> PathStep] {
    try path.map { step in
      switch step {
      case .field(let name):
        let n = name.name
        return { _ in .field(n) }
      case .index(let items, _):
        let compiled = try compileIndexItems(items)
        return { f in .index(try compiled(f)) }
      }
    }
  }

  /// Stores `v` at `path[k...]` inside `base`; on error `base` is left as it was. A `constant`
  /// (the value `v` when written with literals) stored into a tensor takes its dtype.
  static func assign(
    _ base: inout Value, _ path: [PathStep], _ k: Int, _ v: Value,
    constant: NumberConstant? = nil
  ) throws {
    guard k < path.count else {
      if k > 0 { try Nesting.check(v, depth: k, op: "assignment") }
      base = v
      return
    }
    switch (path[k], base) {
    case (.field(let name), .record(var r)):
      base = .none
      defer { base = .record(r) }
      if let i = r.index(of: name) {
        var inner = r.values[i]
        r.values[i] = .none
        defer { r.values[i] = inner }
        try assign(&inner, path, k + 1, v, constant: constant)
      } else if k + 1 == path.count {
        try Nesting.check(v, depth: k + 1, op: "assignment")
        r.keys.append(name)
        r.values.append(v)
      } else {
        throw RuntimeError("assignment: record has no field '\(name)'")
      }
    case (.field(let name), _):
      throw RuntimeError("assignment: cannot set field '\(name)' of a \(base.kindName)")
    case (.index(let args), .list(var l)):
      guard args.count == 1, case .value(let iv) = args[0] else {
        throw RuntimeError("assignment: a list takes one index (no slices)")
      }
      let i = try Indexing.listIndex(iv, count: l.count, op: "assignment")
      base = .none
      defer { base = .list(l) }
      var inner = l[i]
      l[i] = .none
      defer { l[i] = inner }
      try assign(&inner, path, k + 1, v, constant: constant)
    case (.index(let args), .record(var r)):
      guard args.count == 1, case .value(.string(let name)) = args[0] else {
        throw RuntimeError("assignment: a record is indexed by a field name string")
      }
      base = .none
      defer { base = .record(r) }
      var inner = r[name] ?? .none
      try assign(&inner, path, k + 1, v, constant: constant)
      r[name] = inner
    case (.index(let args), _) where base.isNumeric:
      guard k + 1 == path.count else {
        throw RuntimeError("assignment: cannot assign into a part of a tensor element")
      }
      guard v.isNumeric else {
        throw RuntimeError("assignment: cannot store a \(v.kindName) into a tensor")
      }
      let items = try Indexing.tensorItems(args, rank: base.shape?.count ?? 0)
      let v = constant.map { $0.operand(beside: base.dtype, .add) } ?? v
      if base.isTracked || v.isTracked {  // a write into a differentiated tensor is recorded
        base = Value(try AD.setIndex(base.dval, items, v.dval))
        return
      }
      var t = TensorOps.tensor(base)
      base = .none
      defer { base = Value(t) }
      try TensorOps.setIndex(&t, items, v)
    case (.index, _):
      throw RuntimeError("assignment: cannot index a \(base.kindName)")
    }
  }

  /// Compiles `a, b = value`: unpacks a list, or a tensor along axis 0.
  func compileUnpack(_ targets: [AssignTarget], _ value: @escaping Eval, range: SourceRange)
    throws -> Eval
  {
    let n = targets.count
    let temp = UnpackBox()
    let stores = try targets.enumerated().map { i, t in
      try compileAssign(t, { _ in temp.items[i] }, range: t.range)
    }
    let source = self.source
    return { f in
      let v = try value(f)
      do {
        temp.items = try Iteration.unpack(v, count: n)
      } catch {
        throw Compiler.locate(error, source, range)
      }
      for s in stores { _ = try s(f) }
      temp.items = []
      return .none
    }
  }
}

/// Holds unpacked items between evaluating the right side and storing into each target.
final class UnpackBox {
  var items: [Value] = []
}
