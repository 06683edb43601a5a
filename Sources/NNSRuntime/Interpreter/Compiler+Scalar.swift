import NNSSyntax
import NNSTensor

/// Computes in `Float` over a register window: the function's parameters, then its locals.
typealias ScalarEval = (UnsafeMutablePointer<Float>) throws -> Float
/// A condition over a register window.
typealias ScalarCond = (UnsafeMutablePointer<Float>) throws -> Bool
/// A statement over a register window: true when it returned (the value is in the return
/// register).
typealias ScalarStmt = (UnsafeMutablePointer<Float>) throws -> Bool

/// Thrown inside scalar code when an assumption made at compile time no longer holds (a called
/// name no longer holds a function with a scalar form, a global read is not an f32 number).
/// The outermost scalar call catches it and runs the call the general way; scalar code only
/// computes and reads, so running the call again is invisible.
struct ScalarDeopt: Error {
  /// The scalar form whose assumption failed (it is not entered again).
  let code: ScalarCode?
}

/// The f32 form of a user function whose body is scalar arithmetic (SPEC §4 semantics kept):
/// called with f32 numbers in f32 mode, it runs on `Float`s in registers instead of `Value`s
/// in a frame, and calls other scalar functions directly. Julia-style specialization on the
/// argument types, decided when the function is compiled. Unchecked `Sendable` only so that a
/// `ScalarDeopt` error may name it: like all compiled code it is used by one interpreter thread.
final class ScalarCode: @unchecked Sendable {
  /// The number of parameters.
  let arity: Int
  /// Registers per activation: parameters, locals, and one for the return value.
  let registers: Int
  /// The body.
  let body: ScalarEval
  /// Set after a deopt: the general form runs from then on (a bound on re-runs).
  @exclusivity(unchecked) var disabled = false
  /// The function's name, source and range, for errors and their call chains.
  let name: String
  let source: Source
  let range: SourceRange

  init(
    arity: Int, registers: Int, body: @escaping ScalarEval, name: String, source: Source,
    range: SourceRange
  ) {
    self.arity = arity
    self.registers = registers
    self.body = body
    self.name = name
    self.source = source
    self.range = range
  }
}

/// Compiles one function body to its scalar form, or gives up (nil) at the first construct
/// outside the scalar subset: f32 number literals, parameters and locals assigned before they
/// are read, globals (checked to be f32 at run time), unary minus and plus, `+ - * / % ^`,
/// comparisons, `and`/`or`/`not` in conditions, `if`/`else` (as value or statement),
/// `while`, assignment and compound assignment to locals, `return`, pure elementwise builtins
/// of one argument, and positional calls of global functions (checked at run time to have a
/// scalar form of that arity).
struct ScalarBuilder {
  let compiler: Compiler
  let interp: Interpreter
  let source: Source
  /// The function's local slots (registers share their numbering).
  let scope: FunctionScope
  /// The register that holds a `return`ed value.
  let returnRegister: Int
  /// The scalar form being built, for deopts thrown by its own code.
  let owner: ScalarCodeBox
  /// Registers assigned on every path to the point being compiled.
  var assigned: Set<Int>
  /// Whether a `return` may be compiled here: only where the enclosing value blocks' values
  /// are the function's result anyway (`y = if c { return 1 } else { 2 }` is left general).
  var returnsAllowed = true

  /// The body as a value: an expression, or a block whose last statement gives the value.
  mutating func function(_ body: FunctionBody) -> ScalarEval? {
    switch body {
    case .expression(let e):
      return valueExpr(e, tail: true)
    case .block(let b):
      return valueBlock(b.statements, tail: true)
    }
  }

  /// A block used for its value: statements, then a final expression or `return`. With
  /// `tail`, the block's value is the function's result (so a `return` in it is the value).
  mutating func valueBlock(_ statements: [Stmt], tail: Bool) -> ScalarEval? {
    guard let last = statements.last else { return nil }
    let saved = (assigned, returnsAllowed)
    returnsAllowed = tail
    defer { (assigned, returnsAllowed) = saved }
    var steps: [ScalarStmtNode] = []
    for s in statements.dropLast() {
      guard let st = statement(s) else { return nil }
      steps.append(ScalarStmtNode(run: st))
    }
    let result: ScalarEval
    switch last.kind {
    case .expression(let e, _):
      guard let v = valueExpr(e, tail: tail) else { return nil }
      result = v
    case .return(let e?) where returnsAllowed:
      guard let v = valueExpr(e) else { return nil }
      result = v
    default:
      return nil
    }
    let ret = returnRegister
    switch steps.count {
    case 0: return result
    case 1:
      let s0 = steps[0].run
      return { r in try s0(r) ? r[ret] : try result(r) }
    default:
      return { r in
        for s in steps where try s.run(r) { return r[ret] }
        return try result(r)
      }
    }
  }

  /// A block run for its effects; true when a `return` inside it ran.
  mutating func stmtBlock(_ statements: [Stmt]) -> ScalarStmt? {
    let saved = assigned
    defer { assigned = saved }
    var steps: [ScalarStmtNode] = []
    for s in statements {
      guard let st = statement(s) else { return nil }
      steps.append(ScalarStmtNode(run: st))
    }
    switch steps.count {
    case 0: return { _ in false }
    case 1: return steps[0].run
    default:
      return { r in
        for s in steps where try s.run(r) { return true }
        return false
      }
    }
  }

  /// One statement.
  mutating func statement(_ s: Stmt) -> ScalarStmt? {
    switch s.kind {
    case .expression(let e, _):
      if case .if(let i) = e.kind { return ifStatement(i) }
      guard let v = valueExpr(e) else { return nil }
      return { r in
        _ = try v(r)
        return false
      }
    case .assign(let target, let value):
      guard target.path.isEmpty, let l = scope.slot(target.name.name), let v = valueExpr(value)
      else { return nil }
      assigned.insert(l)
      return { r in
        r[l] = try v(r)
        return false
      }
    case .compoundAssign(let target, let op, let value):
      guard target.path.isEmpty, let l = scope.slot(target.name.name), assigned.contains(l),
        let bop = arithmetic(op), let v = valueExpr(value)
      else { return nil }
      return { r in
        r[l] = ScalarMath.apply(bop, r[l], try v(r))
        return false
      }
    case .return(let e?) where returnsAllowed:
      guard let v = valueExpr(e) else { return nil }
      let ret = returnRegister
      return { r in
        r[ret] = try v(r)
        return true
      }
    case .while(let cond, let body):
      guard let c = condition(cond) else { return nil }
      guard let b = stmtBlock(body.statements) else { return nil }
      let source = self.source
      let range = s.range
      let interp = self.interp
      return { r in
        while try c(r) {
          if try b(r) { return true }
          do { try interp.tick() } catch { throw Compiler.locate(error, source, range) }
        }
        return false
      }
    default:
      return nil
    }
  }

  /// An `if` in statement position: true when a taken branch returned.
  mutating func ifStatement(_ i: IfExpr) -> ScalarStmt? {
    var conds: [ScalarCondNode] = []
    var bodies: [ScalarStmtNode] = []
    for branch in i.branches {
      guard let c = condition(branch.condition), let b = stmtBlock(branch.body.statements) else {
        return nil
      }
      conds.append(ScalarCondNode(run: c))
      bodies.append(ScalarStmtNode(run: b))
    }
    let elseBody: ScalarStmt
    if let e = i.elseBlock {
      guard let b = stmtBlock(e.statements) else { return nil }
      elseBody = b
    } else {
      elseBody = { _ in false }
    }
    if conds.count == 1 {
      let c0 = conds[0].run
      let b0 = bodies[0].run
      return { r in try c0(r) ? try b0(r) : try elseBody(r) }
    }
    return { r in
      for k in 0..<conds.count where try conds[k].run(r) { return try bodies[k].run(r) }
      return try elseBody(r)
    }
  }

  /// An expression whose value is an f32 number; with `tail`, its value is the function's
  /// result (an `if`'s branches may then `return`).
  mutating func valueExpr(_ e: Expr, tail: Bool = false) -> ScalarEval? {
    switch e.kind {
    case .number(let x):
      let v = Float(x)
      return { _ in v }
    case .identifier(let name):
      return read(name)
    case .unary(.negate, let x):
      guard let a = valueExpr(x) else { return nil }
      if let l = register(x) { return { r in -r[l] } }
      return { r in -(try a(r)) }
    case .unary(.plus, let x):
      return valueExpr(x)
    case .binary(let op, let x, let y):
      guard let bop = arithmetic(op) else { return nil }
      return binary(bop, x, y)
    case .if(let i):
      guard let elseBlock = i.elseBlock else { return nil }
      var conds: [ScalarCondNode] = []
      var bodies: [ScalarNode] = []
      for branch in i.branches {
        guard let c = condition(branch.condition),
          let b = valueBlock(branch.body.statements, tail: tail)
        else { return nil }
        conds.append(ScalarCondNode(run: c))
        bodies.append(ScalarNode(run: b))
      }
      guard let other = valueBlock(elseBlock.statements, tail: tail) else { return nil }
      if conds.count == 1 {
        let c0 = conds[0].run
        let b0 = bodies[0].run
        return { r in try c0(r) ? try b0(r) : try other(r) }
      }
      return { r in
        for k in 0..<conds.count where try conds[k].run(r) { return try bodies[k].run(r) }
        return try other(r)
      }
    case .call(let callee, let args):
      return call(callee, args, range: e.range)
    default:
      return nil
    }
  }

  /// The register of a parameter or an assigned local named by `e`, if it is one.
  func register(_ e: Expr) -> Int? {
    guard case .identifier(let name) = e.kind, let l = scope.slot(name), assigned.contains(l)
    else { return nil }
    return l
  }

  /// A variable read: a register, or a global that must hold an f32 number.
  func read(_ name: String) -> ScalarEval? {
    if let l = scope.slot(name) {
      guard assigned.contains(l) else { return nil }
      return { r in r[l] }
    }
    let chain = compiler.resolveChain(name)
    guard chain.count == 1, case .global(let g) = chain[0] else { return nil }
    let p = interp.globals.pointer(g)
    let owner = self.owner
    return { _ in
      if case .f32(let x)? = p.pointee { return x }
      throw ScalarDeopt(code: owner.code)
    }
  }

  /// The runtime operator of an arithmetic infix operator (nil for comparisons and others).
  func arithmetic(_ op: BinaryOperator) -> BinaryOp? {
    switch op {
    case .add: return .add
    case .subtract: return .sub
    case .multiply: return .mul
    case .divide: return .div
    case .modulo: return .mod
    case .power: return .pow
    default: return nil
    }
  }

  /// `x op y` in Float, with registers and literals read inline for the common operators.
  mutating func binary(_ op: BinaryOp, _ x: Expr, _ y: Expr) -> ScalarEval? {
    guard let a = valueExpr(x), let b = valueExpr(y) else { return nil }
    if let l = register(x), case .number(let c) = y.kind {
      let k = Float(c)
      switch op {
      case .add: return { r in r[l] + k }
      case .sub: return { r in r[l] - k }
      case .mul: return { r in r[l] * k }
      case .div: return { r in r[l] / k }
      default: break
      }
    }
    if let l = register(x), let m = register(y) {
      switch op {
      case .add: return { r in r[l] + r[m] }
      case .sub: return { r in r[l] - r[m] }
      case .mul: return { r in r[l] * r[m] }
      case .div: return { r in r[l] / r[m] }
      default: break
      }
    }
    switch op {
    case .add: return { r in try a(r) + b(r) }
    case .sub: return { r in try a(r) - b(r) }
    case .mul: return { r in try a(r) * b(r) }
    case .div: return { r in try a(r) / b(r) }
    default: return { r in ScalarMath.apply(op, try a(r), try b(r)) }
    }
  }

  /// A condition: a comparison of numbers, `and`/`or`/`not` of conditions, `true`/`false`.
  mutating func condition(_ e: Expr) -> ScalarCond? {
    switch e.kind {
    case .bool(let b):
      return { _ in b }
    case .unary(.not, let x):
      guard let c = condition(x) else { return nil }
      return { r in !(try c(r)) }
    case .binary(.and, let x, let y):
      guard let a = condition(x), let b = condition(y) else { return nil }
      return { r in try a(r) && b(r) }
    case .binary(.or, let x, let y):
      guard let a = condition(x), let b = condition(y) else { return nil }
      return { r in try a(r) || b(r) }
    case .binary(let op, let x, let y):
      guard let a = valueExpr(x), let b = valueExpr(y) else { return nil }
      if let l = register(x), case .number(let c) = y.kind {
        let k = Float(c)
        switch op {
        case .less: return { r in r[l] < k }
        case .lessEqual: return { r in r[l] <= k }
        case .greater: return { r in r[l] > k }
        case .greaterEqual: return { r in r[l] >= k }
        default: break
        }
      }
      switch op {
      case .less: return { r in try a(r) < b(r) }
      case .lessEqual: return { r in try a(r) <= b(r) }
      case .greater: return { r in try a(r) > b(r) }
      case .greaterEqual: return { r in try a(r) >= b(r) }
      case .equal: return { r in try a(r) == b(r) }
      case .notEqual: return { r in try a(r) != b(r) }
      default: return nil
      }
    default:
      return nil
    }
  }

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
  nonisolated(unsafe) static let placeholder = ScalarCode(
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

/// Lets closures built before the scalar form exists name it (for deopts).
final class ScalarCodeBox {
  /// The scalar form, set once built.
  var code: ScalarCode?
}

/// Compiled scalar nodes kept in arrays without reabstraction thunks.
struct ScalarNode {
  let run: ScalarEval
}
struct ScalarCondNode {
  let run: ScalarCond
}
struct ScalarStmtNode {
  let run: ScalarStmt
}

extension Compiler {
  /// The scalar form of a function, or nil when its body leaves the scalar subset (see
  /// `ScalarBuilder`). Called with the function's scope current.
  func compileScalar(_ def: FunctionDef, name: String, scope inner: FunctionScope)
    -> ScalarCode?
  {
    guard def.parameters.allSatisfy({ $0.defaultValue == nil }) else { return nil }
    let box = ScalarCodeBox()
    let arity = def.parameters.count
    var builder = ScalarBuilder(
      compiler: self, interp: interpreter, source: source, scope: inner,
      returnRegister: inner.count, owner: box, assigned: Set(0..<arity))
    guard let body = builder.function(def.body) else { return nil }
    let code = ScalarCode(
      arity: arity, registers: inner.count + 1, body: body, name: name, source: source,
      range: def.range)
    box.code = code
    return code
  }
}

extension Interpreter {
  /// Calls the scalar form a call site has cached, in a register window on the stack.
  /// - Parameter fill: stores the arguments into the first registers.
  @inline(__always)
  func callScalar(
    _ cache: ScalarCallCache, _ owner: ScalarCodeBox, site: CallSite,
    fill: (UnsafeMutablePointer<Float>) -> Void
  ) throws -> Float {
    try cache.scalar._withUnsafeGuaranteedRef { s in
      if s.disabled { throw ScalarDeopt(code: owner.code) }
      if s.registers <= 8 {
        var window: (Float, Float, Float, Float, Float, Float, Float, Float) = (
          0, 0, 0, 0, 0, 0, 0, 0
        )
        return try withUnsafeMutableBytes(of: &window) { raw in
          guard let base = raw.baseAddress else { throw ScalarDeopt(code: owner.code) }
          let w = base.assumingMemoryBound(to: Float.self)
          fill(w)
          return try callScalar(s, w, site: site)
        }
      }
      return try withUnsafeTemporaryAllocation(of: Float.self, capacity: s.registers) { buffer in
        guard let w = buffer.baseAddress else { throw ScalarDeopt(code: owner.code) }
        fill(w)
        return try callScalar(s, w, site: site)
      }
    }
  }

  /// Calls a scalar form with its arguments in `registers`: the depth, step and stack checks
  /// and the error chain of `invoke`, without frames or `Value`s.
  @inline(__always)
  func callScalar(_ s: ScalarCode, _ registers: UnsafeMutablePointer<Float>, site: CallSite?)
    throws -> Float
  {
    depth &+= 1
    defer { depth &-= 1 }
    stepsUntilPoll &-= 1
    if depth > maxDepth || stepsUntilPoll <= 0 || BigStack.below(stackLimit) {
      try scalarEntryChecks(s, site)
    }
    do {
      return try s.body(registers)
    } catch {
      throw Interpreter.traced(error, s, site)
    }
  }

  /// Adds a scalar call to the chain of a runtime error passing through it.
  @inline(never)
  static func traced(_ error: any Error, _ s: ScalarCode, _ site: CallSite?) -> any Error {
    guard var e = error as? RuntimeError else { return error }
    if let site {
      e.trace.append((s.name, site.source, site.range))
    } else {
      e.trace.append((s.name, s.source, s.range))
    }
    return e
  }

  /// The checks of `invoke` in its order, with its errors: depth, then the step poll, then
  /// the stack.
  func scalarEntryChecks(_ s: ScalarCode, _ site: CallSite?) throws {
    do {
      if depth > maxDepth {
        throw RuntimeError("\(s.name): recursion depth limit (\(maxDepth)) exceeded")
      }
      if stepsUntilPoll <= 0 { try poll() }
      try BigStack.check(limit: stackLimit, op: s.name)
    } catch {
      guard let site else { throw error }
      throw Compiler.locate(error, site.source, site.range)
    }
  }

  /// Stores `values` into registers when every one is an f32 number (a `tryScalar` fill).
  @inline(__always)
  static func storeF32<C: Collection<Value>>(_ values: C, _ registers: UnsafeMutablePointer<Float>)
    -> Bool
  {
    var i = 0
    for v in values {
      guard case .f32(let x) = v else { return false }
      registers[i] = x
      i += 1
    }
    return true
  }

  /// Runs a closure's scalar form on `count` f32 arguments from the general path; nil when
  /// the function has none of that arity, the session is in f64 mode, or the scalar run gave
  /// up (the caller then runs the general form, which redoes the same pure work).
  /// - Parameter fill: stores the arguments into the first `count` registers; returns false
  ///   when one is not an f32 number.
  @inline(__always)
  func tryScalar(
    _ c: Closure, count: Int, site: CallSite?,
    fill: (UnsafeMutablePointer<Float>) -> Bool
  ) throws -> Float? {
    guard let s = c.code.scalar, s.arity == count, !s.disabled, !literalF64, scalarFunctions
    else { return nil }
    do {
      return try withUnsafeTemporaryAllocation(of: Float.self, capacity: s.registers) { w in
        guard let base = w.baseAddress, fill(base) else { return nil }
        return try callScalar(s, base, site: site)
      }
    } catch let d as ScalarDeopt {
      d.code?.disabled = true
      return nil
    }
  }
}
