import NNSSyntax
import NNSTensor

extension Compiler {
  /// Compiles a call: closures bind arguments straight into a new frame; builtins take their
  /// one- or two-argument fast paths when they have them.
  func compileCall(_ calleeExpr: Expr, _ args: [Argument], range: SourceRange) throws -> Eval {
    let calleeOperand = try operand(calleeExpr)
    let callee: Eval = { [interpreter] f in try calleeOperand.fetch(f, interpreter) }
    let positionalArgs = args.filter { $0.label == nil }
    let namedArgs = try args.compactMap { a -> (String, Eval)? in
      guard let label = a.label else { return nil }
      return (label.name, try compileExpr(a.value))
    }
    var seen = Set<String>()
    for a in args {
      if let label = a.label, !seen.insert(label.name).inserted {
        throw error("call: argument '\(label.name)' given twice", label.range)
      }
    }
    let interp = interpreter
    let source = self.source
    let site = CallSite(source, range)
    let npos = positionalArgs.count
    // what a builtin needs to know of arguments written with literals (exact integers, weak
    // numbers): positional ones, then named ones; empty when there is none
    var literals = positionalArgs.map { literalArg($0.value) }
    literals += args.filter { $0.label != nil }.map { literalArg($0.value) }
    if literals.allSatisfy({ $0 == nil }) { literals = [] }
    // Each argument is compiled once: compiling it for both paths below doubled the work at
    // every level of `f(g(h(...)))`.
    if namedArgs.isEmpty && npos == 1 {
      let a0op = try operand(positionalArgs[0].value)
      /// Calls a user function with the one argument.
      func callClosure(_ c: Closure, _ f: Frame) throws -> Value {
        let code = c.code
        guard code.paramCount >= 1 else {
          throw Compiler.locate(
            RuntimeError("\(code.name): takes 0 arguments, got 1"), source, range)
        }
        let arg = try a0op.fetch(f, interp)
        if code.scalar != nil, case .f32(let x) = arg,
          let r = try interp.tryScalar(
            c, count: 1, site: site,
            fill: { regs in
              regs[0] = x
              return true
            })
        {
          return .f32(r)
        }
        var frame = Frame.make(code, parent: c.env)
        frame.slots[0] = arg
        if code.paramCount > 1 {
          do { try interp.fillDefaults(code, frame, from: 1) } catch {
            throw Compiler.locate(error, source, range)
          }
        }
        let result = try interp.invoke(c, frame, site: site)
        Frame.recycle(&frame, code)
        return result
      }
      let calleeSlot = calleeOperand.kind == 2 ? calleeOperand.pointer : nil
      return { f in
        // A global function is used in place, without copying its value out of the slot.
        if let p = calleeSlot, case .closure(let c)? = p.pointee { return try callClosure(c, f) }
        let fn = try calleeOperand.fetch(f, interp)
        switch fn {
        case .builtin(let b):
          let x = try a0op.fetch(f, interp)
          do {
            if b.hasFast1 { return try b.fast1(x) }
            return try interp.callBuiltin(b, [x], named: [], literals: literals)
          } catch { throw Compiler.locate(error, source, range) }
        case .closure(let c):
          return try callClosure(c, f)
        default:
          throw Compiler.locate(
            RuntimeError("call: \(fn.kindName) is not a function"), source, calleeExpr.range)
        }
      }
    }
    let positional = try positionalArgs.map { Node(run: try compileExpr($0.value)) }
    return { f in
      let fn = try callee(f)
      switch fn {
      case .closure(let c) where namedArgs.isEmpty:
        let code = c.code
        guard npos <= code.paramCount else {
          throw Compiler.locate(
            RuntimeError(
              "\(code.name): takes \(code.paramCount) argument"
                + "\(code.paramCount == 1 ? "" : "s"), got \(npos)"), source, range)
        }
        var values = ContiguousArray<Value>()
        values.reserveCapacity(npos)
        for p in positional { values.append(try p.run(f)) }
        if code.scalar != nil,
          let r = try interp.tryScalar(
            c, count: npos, site: site, fill: { Interpreter.storeF32(values, $0) })
        {
          return .f32(r)
        }
        var frame = Frame.make(code, parent: c.env)
        for (i, v) in values.enumerated() { frame.slots[i] = v }
        if npos < code.paramCount {
          do { try interp.fillDefaults(code, frame, from: npos) } catch {
            throw Compiler.locate(error, source, range)
          }
        }
        let result = try interp.invoke(c, frame, site: site)
        Frame.recycle(&frame, code)
        return result
      case .closure(let c):
        let values = try positional.map { try $0.run(f) }
        let named = try namedArgs.map { ($0.0, try $0.1(f)) }
        let frame: Frame
        do { frame = try interp.bind(c, positional: values, named: named) } catch {
          throw Compiler.locate(error, source, range)
        }
        return try interp.invoke(c, frame, site: site)
      case .builtin(let b):
        let values = try positional.map { try $0.run(f) }
        let named = try namedArgs.map { ($0.0, try $0.1(f)) }
        do { return try interp.callBuiltin(b, values, named: named, literals: literals) } catch {
          throw Compiler.locate(error, source, range)
        }
      default:
        throw Compiler.locate(
          RuntimeError("call: \(fn.kindName) is not a function"), source, calleeExpr.range)
      }
    }
  }

  /// Compiles `while cond { body }`.
  func compileWhile(_ cond: Expr, _ body: Block, range: SourceRange) throws -> Eval {
    let c = try compileExpr(cond)
    loopDepth += 1
    let b = try compileBlock(body)
    loopDepth -= 1
    let interp = interpreter
    let source = self.source
    let cr = cond.range
    let fastCond: CondEval = compileCondition(cond) ?? { _ in 2 }
    return { f in
      while true {
        let quick = fastCond(f)
        let t: Bool
        if quick != 2 {
          t = quick == 1
        } else {
          let v = try c(f)
          if case .bool(let x) = v {
            t = x
          } else {
            do { t = try Convert.truth(v, op: "while") } catch {
              throw Compiler.locate(error, source, cr)
            }
          }
        }
        if !t { break }
        _ = try b(f)
        if f.flow != .normal {
          if f.flow == .returnValue { break }
          let stop = f.flow == .breakLoop
          f.flow = .normal
          if stop { break }
        }
        do { try interp.tick() } catch { throw Compiler.locate(error, source, range) }
      }
      return .none
    }
  }

  /// Compiles `for x in expr { body }`; a loop over `range(...)` counts without building it.
  func compileFor(_ names: [Identifier], _ iterable: Expr, _ body: Block, range: SourceRange)
    throws -> Eval
  {
    let stores = names.map { StoreNode(run: compileStore($0.name)) }
    let store0 = compileStore(names[0].name)
    let interp = interpreter
    let source = self.source
    let iterRange = iterable.range
    loopDepth += 1
    let b = try compileBlock(body)
    loopDepth -= 1
    let n = names.count
    /// The slot of a single loop variable (nil for a builtin's name, whose store is watched).
    let directSlot: (Frame) -> UnsafeMutablePointer<Value?>?
    switch writeRef(names[0].name) {
    case .local(let l): directSlot = { f in f.slots + l }
    case .global(let g):
      let p = interp.globals.pointer(g)
      let isBuiltinName = interp.originalBuiltins[names[0].name] != nil
      directSlot = { _ in isBuiltinName ? nil : p }
    case .captured: directSlot = { _ in nil }
    }
    /// Binds the loop variable(s) and runs the body; returns false to stop.
    let step: (Frame, Value) throws -> Bool = { f, v in
      if n == 1 {
        store0(f, v)
      } else {
        let parts: [Value]
        do { parts = try Iteration.unpack(v, count: n) } catch {
          throw Compiler.locate(error, source, iterRange)
        }
        for k in 0..<n { stores[k].run(f, parts[k]) }
      }
      _ = try b(f)
      if f.flow != .normal {
        if f.flow == .returnValue { return false }
        let stop = f.flow == .breakLoop
        f.flow = .normal
        if stop { return false }
      }
      do { try interp.tick() } catch { throw Compiler.locate(error, source, range) }
      return true
    }
    // `for i in range(...)`: count directly when `range` is still the builtin.
    if case .call(let calleeExpr, let args) = iterable.kind,
      case .identifier("range") = calleeExpr.kind, args.allSatisfy({ $0.label == nil }),
      (1...3).contains(args.count)
    {
      let callee = try compileExpr(calleeExpr)
      let argEvals = try args.map { try compileIndexValue($0.value) }  // literals exactly
      let general = try compileExpr(iterable)
      return { f in
        let fn = try callee(f)
        guard case .builtin(let rb) = fn, rb === interp.rangeBuiltin else {
          for v in try Iteration.items(try general(f)) { if try !step(f, v) { break } }
          return .none
        }
        let values = try argEvals.map { try $0(f) }
        let (start, stop, by): (Int64, Int64, Int64)
        do { (start, stop, by) = try RangeArgs.parse(values) } catch {
          throw Compiler.locate(error, source, iterRange)
        }
        // i64 values, counted so that no step passes the i64 range
        var remaining = Tensor.rangeCount(start, stop, by)
        var x = start
        if n == 1, let slot = directSlot(f) {
          // The loop variable is written in place and the body run without the step closure.
          while remaining > 0 {
            slot.pointee = .i64(x)
            _ = try b(f)
            if f.flow != .normal {
              if f.flow == .returnValue { break }
              let stop = f.flow == .breakLoop
              f.flow = .normal
              if stop { break }
            }
            do { try interp.tick() } catch { throw Compiler.locate(error, source, range) }
            remaining -= 1
            x &+= by
          }
          return .none
        }
        while remaining > 0 {
          if try !step(f, .i64(x)) { break }
          remaining -= 1
          x &+= by
        }
        return .none
      }
    }
    let iter = try compileExpr(iterable)
    return { f in
      let v = try iter(f)
      let items: [Value]
      do { items = try Iteration.items(v) } catch {
        throw Compiler.locate(error, source, iterRange)
      }
      for item in items { if try !step(f, item) { break } }
      return .none
    }
  }
}

/// `range(n)`, `range(a, b)`, `range(a, b, step)` arguments.
enum RangeArgs {
  /// Parses and checks the arguments: integers, step not zero.
  static func parse(_ values: [Value]) throws -> (Int64, Int64, Int64) {
    try check(values.map { Int64(try Convert.int($0, op: "range", what: "argument")) })
  }

  /// `(start, stop, step)` of one to three integer arguments; the step must not be zero.
  static func check(_ xs: [Int64]) throws -> (Int64, Int64, Int64) {
    switch xs.count {
    case 1: return (0, xs[0], 1)
    case 2: return (xs[0], xs[1], 1)
    default:
      guard xs[2] != 0 else { throw RuntimeError("range: step cannot be zero") }
      return (xs[0], xs[1], xs[2])
    }
  }
}

/// A compiled store kept in an array without a reabstraction thunk.
struct StoreNode {
  let run: (Frame, Value) -> Void
}

/// Where a call is written (one object per call expression, passed by reference).
final class CallSite {
  let source: Source
  let range: SourceRange

  init(_ source: Source, _ range: SourceRange) {
    self.source = source
    self.range = range
  }
}
