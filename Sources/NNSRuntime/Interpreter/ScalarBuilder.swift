import NNSSyntax
import NNSTensor

/// Compiles one function body to its scalar form, or gives up (nil) at the first construct
/// outside the scalar subset: f32 number literals, parameters and locals assigned before they
/// are read, globals (checked to be f32 at run time), unary minus and plus, `+ - * / % ^`,
/// comparisons, `and`/`or`/`not` in conditions, `if`/`else` (as value or statement),
/// `while`, `for` over `range`, assignment and compound assignment to locals, `return`, pure
/// elementwise builtins of one argument, and positional calls of global functions (checked at
/// run time to have a scalar form of that arity).
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
        !scope.loopSlots.contains(l), let bop = arithmetic(op), let v = valueExpr(value)
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
    case .for(let names, let iterable, let body):
      return forRange(names, iterable, body, range: s.range)
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
    guard case .identifier(let name) = e.kind, let l = scope.slot(name), assigned.contains(l),
      !scope.loopSlots.contains(l)
    else { return nil }
    return l
  }

  /// A variable read: a register, or a global that must hold an f32 number. A `for` loop
  /// variable is never read here: a loop over `range` gives it i64 values (SPEC §2), which an
  /// f32 register cannot stand for, so a function that reads one has no scalar form.
  func read(_ name: String) -> ScalarEval? {
    if let l = scope.slot(name) {
      guard assigned.contains(l), !scope.loopSlots.contains(l) else { return nil }
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
}
