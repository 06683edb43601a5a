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
      let a0 = ScalarOperand(args[0].value, argEvals[0].run, self)
      return { r in
        if ScalarCallCache.key(p) != cache.key { try cache.fill(p, owner.code) }
        let x = try a0.value(r)
        return try interp.callScalar(cache, owner, count: 1, site: site) { w in w[0] = x }
      }
    }
    return { r in
      if ScalarCallCache.key(p) != cache.key { try cache.fill(p, owner.code) }
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
      return try interp.callScalar(cache, owner, count: n, site: site) { w in
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

/// The function a call site last called, so that a call compares one word instead of
/// retaining the closure and its scalar form each time.
///
/// The key is the closure's `FunctionCode`, not the closure: closures made from one `fn` share
/// it, and a function with a scalar form captures no variables, so they behave alike. The
/// cache holds that code (not the closure and the frames it captured), so its address cannot
/// be reused by another object while it is the key.
final class ScalarCallCache {
  /// The number of arguments at the call site.
  let arity: Int
  /// The address of the cached function's code; `UInt.max` (no object's address) until the
  /// first fill, and `key(_:)` gives 0 for a slot holding no closure, so neither matches.
  @exclusivity(unchecked) var key = UInt.max
  /// Keeps the cached code alive.
  @exclusivity(unchecked) var pinned: FunctionCode?
  /// The code's scalar form, read without retaining it (valid once `key` is set).
  @exclusivity(unchecked) var scalar = Unmanaged.passUnretained(ScalarCallCache.placeholder)

  init(arity: Int) {
    self.arity = arity
  }

  /// Stands in until the first fill: never called (no slot matches the initial key, and
  /// `callScalar` checks the arity).
  static let placeholder = ScalarCode(
    arity: -1, registers: 1, body: { _ in throw ScalarDeopt(code: nil) }, name: "",
    source: Source(name: "", text: ""),
    range: SourceRange(at: SourceLocation(line: 1, column: 1, offset: 0)))

  /// The address of the code of the closure in a global slot; 0 when the slot holds anything
  /// else (a builtin, a number, nothing). The binding ends here, so reading it retains nothing.
  @inline(__always)
  static func key(_ p: UnsafeMutablePointer<Value?>) -> UInt {
    if case .closure(let c)? = p.pointee { return UInt(bitPattern: ObjectIdentifier(c.code)) }
    return 0
  }

  /// Caches the closure in slot `p` when it has a scalar form of the site's arity; else the
  /// caller deopts (and the general form then reports what the slot holds).
  func fill(_ p: UnsafeMutablePointer<Value?>, _ owner: ScalarCode?) throws {
    guard case .closure(let c)? = p.pointee, let s = c.code.scalar, s.arity == arity else {
      throw ScalarDeopt(code: owner)
    }
    pinned = c.code
    key = UInt(bitPattern: ObjectIdentifier(c.code))
    scalar = Unmanaged.passUnretained(s)
  }
}

/// A call argument: `register + constant`, `register - constant` and plain registers are
/// computed inline (recursive calls such as `f(n - 1)`), anything else through its closure.
struct ScalarOperand {
  /// 0: the closure; 1: register + constant; 2: register - constant; 3: the register.
  let kind: UInt8
  let register: Int
  let constant: Float
  let eval: ScalarEval

  init(_ e: Expr, _ eval: @escaping ScalarEval, _ builder: ScalarBuilder) {
    self.eval = eval
    var kind: UInt8 = 0
    var register = 0
    var constant: Float = 0
    if let l = builder.register(e) {
      (kind, register) = (3, l)  // not `+ 0`, which would turn -0 into 0
    } else if case .binary(let op, let x, let y) = e.kind, op == .add || op == .subtract,
      let l = builder.register(x), case .number(let c) = y.kind
    {
      (kind, register, constant) = (op == .add ? 1 : 2, l, Float(c))
    }
    self.kind = kind
    self.register = register
    self.constant = constant
  }

  /// The argument's value.
  @inline(__always)
  func value(_ r: UnsafeMutablePointer<Float>) throws -> Float {
    switch kind {
    case 1: return r[register] + constant
    case 2: return r[register] - constant
    case 3: return r[register]
    default: return try eval(r)
    }
  }
}
