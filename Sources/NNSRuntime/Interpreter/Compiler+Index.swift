import NNSSyntax
import NNSTensor

extension Compiler {
  /// Compiles index items into an evaluator of `IndexArg`s.
  func compileIndexItems(_ items: [NNSSyntax.IndexItem]) throws -> (Frame) throws -> [IndexArg] {
    if items.contains(where: { if case .slice(let s) = $0 { s.isEllipsis } else { false } }) {
      let rest = try items.map { item -> ((Frame) throws -> [IndexArg])? in
        if case .slice(let s) = item, s.isEllipsis { return nil }
        return try compileIndexItems([item])
      }
      return { f in try rest.flatMap { try $0?(f) ?? [.ellipsis] } }
    }
    let parts: [(Eval?, Eval?, Eval?, Bool)] = try items.map { item in
      switch item {
      case .index(let e): return (try compileIndexValue(e), nil, nil, false)
      case .slice(let s):
        return (
          try s.start.map(compileIndexValue), try s.stop.map(compileIndexValue),
          try s.step.map(compileIndexValue), true
        )
      }
    }
    if parts.count == 1, !parts[0].3, let e = parts[0].0 {
      return { f in [.value(try e(f))] }
    }
    return { f in
      try parts.map { a, b, c, isSlice in
        if isSlice { return .slice(try a?(f), try b?(f), try c?(f)) }
        return .value(try a?(f) ?? .none)
      }
    }
  }

  /// Compiles an index or slice bound: an integer written with literals is exact
  /// (`x[16777217]`, `x[[0, 16777217]]`), anything else the value of the expression.
  func compileIndexValue(_ e: Expr) throws -> Eval {
    switch literalArg(e) {
    case .number(let c):
      if let n = c.exactInteger {
        let v = Value.i64(n)
        return { _ in v }
      }
    case .list(let cs):
      let ns = cs.compactMap(\.exactInteger)
      if ns.count == cs.count {
        let v = Value.tensor(try Tensor(shape: [ns.count], int64s: ns))
        return { _ in v }
      }
    case nil:
      break
    }
    return try compileExpr(e)
  }

  /// Compiles `base[items]`.
  func compileIndex(_ base: @escaping Eval, _ items: [NNSSyntax.IndexItem], range: SourceRange)
    throws -> Eval
  {
    let args = try compileIndexItems(items)
    let source = self.source
    return { f in
      let b = try base(f)
      let a = try args(f)
      do { return try Indexing.get(b, a) } catch { throw Compiler.locate(error, source, range) }
    }
  }
}
