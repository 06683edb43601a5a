import NNSSyntax
import NNSTensor

extension ScalarBuilder {
  /// A positional call of a global name: a pure elementwise builtin of one argument, or a
  /// user function that must have a scalar form of this arity when called.
  mutating func call(_ calleeExpr: Expr, _ args: [Argument], range: SourceRange) -> ScalarEval? {
    guard case .identifier(let name) = calleeExpr.kind, scope.slot(name) == nil,
      args.allSatisfy({ $0.label == nil })
    else { return nil }
    let chain = compiler.resolveChain(name)
    guard chain.count == 1, case .global(let g) = chain[0] else { return nil }
    var argEvals: [ScalarNode] = []
    for a in args {
      guard let v = valueExpr(a.value) else { return nil }
      argEvals.append(ScalarNode(run: v))
    }
    let p = interp.globals.pointer(g)
    let owner = self.owner
    let interp = self.interp
    if let builtin = interp.originalBuiltins[name] {
      guard args.count == 1, let op = UnaryOp(rawValue: name), let fn = ScalarMath.f32Function(op)
      else { return nil }
      let expected = ObjectIdentifier(builtin)
      let a0 = argEvals[0].run
      return { r in
        // still that builtin (a user may rebind `sin`)
        if interp.builtinRebound {
          guard case .builtin(let b)? = p.pointee, ObjectIdentifier(b) == expected else {
            throw ScalarDeopt(code: owner.code)
          }
        }
        return fn(try a0(r))
      }
    }
    let site = CallSite(source, range)
    let n = args.count
    let cache = ScalarCallCache(arity: n)
    if n == 1 {
      let a0 = argEvals[0].run
      return { r in
        if ScalarCallCache.identity(p) != cache.id { try cache.fill(p, owner.code) }
        let x = try a0(r)
        return try interp.callScalar(cache, owner, site: site) { w in w[0] = x }
      }
    }
    return { r in
      if ScalarCallCache.identity(p) != cache.id { try cache.fill(p, owner.code) }
      var xs: (Float, Float, Float, Float) = (0, 0, 0, 0)
      if n <= 4 {
        for k in 0..<n {
          let v = try argEvals[k].run(r)
          switch k {
          case 0: xs.0 = v
          case 1: xs.1 = v
          case 2: xs.2 = v
          default: xs.3 = v
          }
        }
      }
      let more = n > 4 ? try argEvals.map { try $0.run(r) } : []
      return try interp.callScalar(cache, owner, site: site) { w in
        if n <= 4 {
          if n > 0 { w[0] = xs.0 }
          if n > 1 { w[1] = xs.1 }
          if n > 2 { w[2] = xs.2 }
          if n > 3 { w[3] = xs.3 }
        } else {
          for k in 0..<n { w[k] = more[k] }
        }
      }
    }
  }
}

/// The function a scalar call site last called, so that a call checks one identity instead
/// of retaining the closure and its scalar form each time.
final class ScalarCallCache {
  /// The number of arguments at the call site.
  let arity: Int
  /// The identity of the cached closure (nil: none yet).
  @exclusivity(unchecked) var id: ObjectIdentifier?
  /// Keeps the cached closure alive, so its identity cannot be reused by another object.
  @exclusivity(unchecked) var closure: Closure?
  /// The closure's scalar form (kept alive through `closure`; valid once `id` is set).
  @exclusivity(unchecked) var scalar = Unmanaged.passUnretained(ScalarCallCache.placeholder)

  init(arity: Int) {
    self.arity = arity
  }

  /// Stands in until the first fill (never run: `id` is nil until then).
  static let placeholder = ScalarCode(
    arity: -1, registers: 1, body: { _ in 0 }, name: "", source: Source(name: "", text: ""),
    range: SourceRange(at: SourceLocation(line: 1, column: 1, offset: 0)))

  /// The identity of the closure in a global slot (nil when it holds something else); the
  /// binding ends here, so reading it retains nothing.
  @inline(__always)
  static func identity(_ p: UnsafeMutablePointer<Value?>) -> ObjectIdentifier? {
    if case .closure(let c)? = p.pointee { return ObjectIdentifier(c) }
    return nil
  }

  /// Caches the closure in slot `p` when it has a scalar form of the site's arity; else the
  /// caller deopts.
  func fill(_ p: UnsafeMutablePointer<Value?>, _ owner: ScalarCode?) throws {
    guard case .closure(let c)? = p.pointee, let s = c.code.scalar, s.arity == arity else {
      throw ScalarDeopt(code: owner)
    }
    closure = c
    id = ObjectIdentifier(c)
    scalar = Unmanaged.passUnretained(s)
  }
}
