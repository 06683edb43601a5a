import NNSSyntax
import NNSTensor

/// Resolves names to slots and compiles the syntax tree into Swift closures (`Eval`), so that
/// running does no dictionary look-ups and no tree walking.
final class Compiler {
  let interpreter: Interpreter
  let source: Source
  /// The function being compiled (nil: top level, where every name is global).
  var scope: FunctionScope?
  /// Loops enclosing the current statement at top level.
  var topLoopDepth = 0
  /// Set while compiling the general form of an expression that has an f32 fast path.
  var floatSuppressed = false

  init(interpreter: Interpreter, source: Source) {
    self.interpreter = interpreter
    self.source = source
  }

  /// Turns any error into a located `RuntimeError` (keeping an existing location).
  func locate(_ error: any Error, _ range: SourceRange) -> any Error {
    Compiler.locate(error, source, range)
  }

  /// Turns any error into a located `RuntimeError` (keeping an existing location).
  static func locate(_ error: any Error, _ source: Source, _ range: SourceRange) -> any Error {
    if error is FlowUnwind { return error }
    var e = RuntimeError.wrapping(error)
    if e.range == nil {
      e.range = range
      e.source = source
    }
    return e
  }

  /// A compile-time error at a range.
  func error(_ message: String, _ range: SourceRange) -> RuntimeError {
    var e = RuntimeError(message)
    e.range = range
    e.source = source
    return e
  }

  /// Compiles a program's top-level statements; with `display`, unsilenced expression
  /// statements show their values through the output layer.
  func compileTopLevel(_ statements: [Stmt], display: Bool) throws -> Eval {
    var evals: [Node] = []
    let source = self.source
    // A session lists variables in the order of their first definition (`:vars`), also when
    // a whole file runs at once, so a session and its `:save`d script list them alike.
    let interp = interpreter
    let noteOrder = interpreter.tracksDefinitionOrder && statements.count > 1
    for s in statements {
      let e = try compileStatement(s)
      let range = s.range
      if display, case .expression(_, let silenced) = s.kind, !silenced {
        let out = interpreter.output
        evals.append(
          Node { f in
            let v = try e(f)
            // Ctrl-C during the statement: a half-made value is never shown.
            if Interrupt.take() { throw Compiler.locate(RuntimeError.interrupted, source, range) }
            if !v.isNone { out.block(.value, Display.show(v, width: out.width)) }
            // ... nor one cut short by Ctrl-C while it was shown.
            if Interrupt.take() { throw Compiler.locate(RuntimeError.interrupted, source, range) }
            return v
          })
      } else if noteOrder {
        evals.append(
          Node { f in
            let v = try e(f)
            if Interrupt.take() { throw Compiler.locate(RuntimeError.interrupted, source, range) }
            interp.noteDefinitions()
            return v
          })
      } else {
        evals.append(
          Node { f in
            let v = try e(f)
            if Interrupt.take() { throw Compiler.locate(RuntimeError.interrupted, source, range) }
            return v
          })
      }
    }
    // A trailing `;` silences an expression everywhere: `-e '1;'` shows nothing either.
    let isValue = statements.map { s -> Bool in
      if case .expression(_, let silenced) = s.kind { return !silenced }
      return false
    }
    return { f in
      var last = Value.none
      for (i, e) in evals.enumerated() {
        let v = try e.run(f)
        last = isValue[i] ? v : .none
      }
      return last
    }
  }

  /// Compiles a block: its value is its last statement's value (none for non-expressions).
  func compileBlock(_ block: Block) throws -> Eval {
    let lastIsValue: Bool = {
      if case .expression = block.statements.last?.kind { return true }
      return false
    }()
    let plain = !block.statements.contains { ControlScan.escapes($0) }
    switch block.statements.count {
    case 0:
      return { _ in .none }
    case 1 where plain:
      let e0 = try compileStatement(block.statements[0])
      if lastIsValue { return e0 }
      return { f in
        _ = try e0(f)
        return .none
      }
    case _ where plain:
      let evals = try block.statements.map { Node(run: try compileStatement($0)) }
      return { f in
        var last = Value.none
        for e in evals { last = try e.run(f) }
        return lastIsValue ? last : .none
      }
    case 1:
      let e0 = try compileStatement(block.statements[0])
      return { f in
        do {
          let v = try e0(f)
          return f.flow == .normal && lastIsValue ? v : .none
        } catch is FlowUnwind { return .none }
      }
    default:
      let evals = try block.statements.map { Node(run: try compileStatement($0)) }
      return { f in
        var last = Value.none
        do {
          for e in evals {
            last = try e.run(f)
            if f.flow != .normal { return .none }
          }
        } catch is FlowUnwind { return .none }
        return lastIsValue ? last : .none
      }
    }
  }

  /// Compiles one statement.
  func compileStatement(_ s: Stmt) throws -> Eval {
    switch s.kind {
    case .expression(let e, _):
      if case .if(let i) = e.kind { return try compileIf(i, range: e.range) }
      return try compileExpr(e)
    case .assign(let target, let value):
      if target.path.isEmpty, let fused = try compileFloatAssign(target.name.name, value) {
        return fused
      }
      return try compileAssign(
        target, try compileExpr(value), range: s.range,
        constant: target.path.isEmpty ? nil : constant(value))
    case .compoundAssign(let target, let op, let value):
      return try compileCompound(
        target, op, try compileExpr(value), range: s.range, constant: constant(value))
    case .unpack(let targets, let value):
      return try compileUnpack(targets, try compileExpr(value), range: s.range)
    case .function(let name, let def):
      let make = try compileFunction(def, name: name.name)
      return try compileAssign(
        AssignTarget(name: name, path: [], range: name.range), make, range: s.range)
    case .return(let e):
      guard scope != nil else { throw error("return: outside a function", s.range) }
      let value: Eval
      if let e { value = try compileExpr(e) } else { value = { _ in .none } }
      return { f in
        let v = try value(f)
        f.returnValue = v
        f.flow = .returnValue
        return .none
      }
    case .break:
      guard loopDepth > 0 else { throw error("break: outside a loop", s.range) }
      return { f in
        f.flow = .breakLoop
        return .none
      }
    case .continue:
      guard loopDepth > 0 else { throw error("continue: outside a loop", s.range) }
      return { f in
        f.flow = .continueLoop
        return .none
      }
    case .while(let cond, let body):
      return try compileWhile(cond, body, range: s.range)
    case .for(let names, let iterable, let body):
      return try compileFor(names, iterable, body, range: s.range)
    case .include(let path):
      return compileInclude(path, range: s.range)
    }
  }

  /// The loop depth of the current function (or the top level).
  var loopDepth: Int {
    get { scope?.loopDepth ?? topLoopDepth }
    set {
      if let scope { scope.loopDepth = newValue } else { topLoopDepth = newValue }
    }
  }

  /// Compiles `if` chains; used directly in statement position (no unwinding needed).
  func compileIf(_ i: IfExpr, range: SourceRange) throws -> Eval {
    let source = self.source
    let elseBody: Eval
    if let block = i.elseBlock {
      elseBody = try compileBlock(block)
    } else {
      elseBody = { _ in .none }
    }
    if i.branches.count == 1 {
      let c0 = try compileExpr(i.branches[0].condition)
      let b0 = try compileBlock(i.branches[0].body)
      let r0 = i.branches[0].condition.range
      let fastCond: CondEval = compileCondition(i.branches[0].condition) ?? { _ in 2 }
      return { f in
        let quick = fastCond(f)
        if quick != 2 { return quick == 1 ? try b0(f) : try elseBody(f) }
        let c = try c0(f)
        let t: Bool
        if case .bool(let b) = c {
          t = b
        } else {
          do { t = try Convert.truth(c, op: "if") } catch {
            throw Compiler.locate(error, source, r0)
          }
        }
        return t ? try b0(f) : try elseBody(f)
      }
    }
    let conds = try i.branches.map { Node(run: try compileExpr($0.condition)) }
    let ranges = i.branches.map(\.condition.range)
    let bodies = try i.branches.map { Node(run: try compileBlock($0.body)) }
    return { f in
      for k in 0..<conds.count {
        let c = try conds[k].run(f)
        let t: Bool
        do { t = try Convert.truth(c, op: "if") } catch {
          throw Compiler.locate(error, source, ranges[k])
        }
        if t { return try bodies[k].run(f) }
      }
      return try elseBody(f)
    }
  }

  /// Runs an included file's statements in the global scope.
  func compileInclude(_ path: String, range: SourceRange) -> Eval {
    let interp = interpreter
    let including = source
    return { _ in
      do {
        return try interp.include(path, from: including)
      } catch {
        throw Compiler.locate(error, including, range)
      }
    }
  }
}
