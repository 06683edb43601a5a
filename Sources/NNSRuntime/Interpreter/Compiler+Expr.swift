import NNSSyntax
import NNSTensor

extension Compiler {
  /// Compiles an expression whose value is used.
  func compileExpr(_ e: Expr) throws -> Eval {
    let range = e.range
    let source = self.source
    switch e.kind {
    case .number, .unary, .binary:
      // written only with literals: folded, a number of the default float dtype on its own
      if let c = constant(e) { return compileConstant(c) }
    default:
      break
    }
    switch e.kind {
    case .number(let x):
      let f32 = Value.f32(Float(x))
      let f64 = Value.f64(x)
      let interp = interpreter
      return { _ in interp.literalF64 ? f64 : f32 }
    case .bool(let b):
      let v = Value.bool(b)
      return { _ in v }
    case .none:
      return { _ in .none }
    case .string(let parts):
      return try compileString(parts)
    case .identifier(let name):
      return compileRead(name, range: range)
    case .list(let items):
      return try compileListLiteral(items, range: range)
    case .record(let fields):
      let keys = fields.map(\.name.name)
      let values = try fields.map { try compileExpr($0.value) }
      let source = self.source
      return { f in
        let items = try values.map { try $0(f) }
        do {
          return try Nesting.checkLiteral(items: items, op: "record") {
            .record(Record(keys: keys, values: $0))
          }
        } catch {
          throw Compiler.locate(error, source, range)
        }
      }
    case .unary(let op, let x):
      let operand = try compileExpr(x)
      switch op {
      case .not:
        return { f in
          let v = try operand(f)
          if case .bool(let b) = v { return .bool(!b) }
          do { return .bool(!(try Convert.truth(v, op: "not"))) } catch {
            throw Compiler.locate(error, source, range)
          }
        }
      case .negate:
        return { f in
          let v = try operand(f)
          if case .f32(let x) = v { return .f32(-x) }
          do { return try Arith.negate(v) } catch { throw Compiler.locate(error, source, range) }
        }
      case .plus:
        return { f in
          let v = try operand(f)
          do { return try Arith.plus(v) } catch { throw Compiler.locate(error, source, range) }
        }
      }
    case .binary(let op, let a, let b):
      return try withFloatPath(e) { try compileBinary(op, a, b, range: range) }
    case .call(let callee, let args):
      return try withFloatPath(e) { try compileCall(callee, args, range: range) }
    case .index(let base, let items):
      return try compileIndex(try compileExpr(base), items, range: range)
    case .field(let base, let name):
      return compileField(try compileExpr(base), name.name, range: name.range)
    case .function(let def):
      return try compileFunction(def, name: "fn")
    case .if(let i):
      let run = try compileIf(i, range: range)
      return { f in
        let v = try run(f)
        if f.flow != .normal { throw FlowUnwind() }
        return v
      }
    }
  }

  /// Compiles a field read: record fields and tensor properties.
  func compileField(_ base: @escaping Eval, _ name: String, range: SourceRange) -> Eval {
    let source = self.source
    return { f in
      let v = try base(f)
      do { return try Fields.get(v, name) } catch { throw Compiler.locate(error, source, range) }
    }
  }

  /// Compiles a string literal with interpolations.
  func compileString(_ parts: [StringPart]) throws -> Eval {
    if parts.isEmpty { return { _ in .string("") } }
    if parts.count == 1, case .text(let t) = parts[0] {
      let v = Value.string(t)
      return { _ in v }
    }
    let out = interpreter.output
    let source = self.source
    let pieces: [(String?, Eval?, FormatSpec?, SourceRange?)] = try parts.map { part in
      switch part {
      case .text(let t): return (t, nil, nil, nil)
      case .interpolation(let e, let spec): return (nil, try compileExpr(e), spec, e.range)
      }
    }
    return { f in
      var s = ""
      for (text, eval, spec, range) in pieces {
        if let text {
          s += text
        } else if let eval, let range {
          let v = try eval(f)
          do {
            let piece = try Formatting.interpolate(v, spec: spec, width: out.width)
            try Limits.checkString(bytes: s.utf8.count &+ piece.utf8.count, op: "string")
            s += piece
          } catch {
            throw Compiler.locate(error, source, range)
          }
        }
      }
      return .string(s)
    }
  }

  /// Compiles a bracket literal: a tensor when every element is a number or an in-place
  /// bracket literal that is a tensor, all of one shape; a list otherwise (SPEC §2).
  func compileListLiteral(_ items: [Expr], range: SourceRange) throws -> Eval {
    if items.isEmpty { return { _ in .list([]) } }
    let nested = items.map { e -> Bool in
      if case .list = e.kind { return true }
      return false
    }
    let source = self.source
    if let whole = weakTensor(items) {
      // only literals: the default float dtype (`[0, 2, 1]` is f32)
      let interp = interpreter
      return { _ in
        do { return try whole.value(interp.literalF64 ? .f64 : .f32) } catch {
          throw Compiler.locate(error, source, range)
        }
      }
    }
    let weak = items.map(weakItem)
    let evals = try items.enumerated().map { k, e -> Eval in
      if weak[k] != nil { return { _ in .none } }  // built in the dtype the others call for
      return try compileExpr(e)
    }
    return { f in
      let values = try evals.map { try $0(f) }
      do {
        return try Literals.bracket(values, nested: nested, weak: weak)
      } catch {
        throw Compiler.locate(error, source, range)
      }
    }
  }

  /// A bracket item written with literals only: a number, or a rectangular (nested) bracket
  /// literal of numbers; nil otherwise.
  func weakItem(_ e: Expr) -> WeakItem? {
    if let c = constant(e) { return .number(c) }
    guard case .list(let items) = e.kind else { return nil }
    return weakTensor(items)
  }

  /// The bracket literal of `items` when it is a rectangular (nested) bracket of numbers.
  func weakTensor(_ items: [Expr]) -> WeakItem? {
    guard !items.isEmpty else { return nil }
    var shape: [Int]?
    var values: [NumberConstant] = []
    for item in items {
      guard let w = weakItem(item) else { return nil }
      let itemShape: [Int]
      switch w {
      case .number(let c):
        itemShape = []
        values.append(c)
      case .tensor(let s, let cs):
        itemShape = s
        values += cs
      }
      if let shape, shape != itemShape { return nil }
      shape = itemShape
    }
    return .tensor(shape: [items.count] + (shape ?? []), values: values)
  }

  /// Compiles `fn(params) body` into code that makes a closure over the current frame.
  func compileFunction(_ def: FunctionDef, name: String) throws -> Eval {
    let params = def.parameters.map(\.name.name)
    var seen = Set<String>()
    for p in def.parameters {
      guard seen.insert(p.name.name).inserted else {
        throw error("\(name): parameter '\(p.name.name)' appears twice", p.name.range)
      }
    }
    let inner = FunctionScope(parent: scope, params: params)
    let statements: [Stmt]
    switch def.body {
    case .expression(let e): statements = [Stmt(.expression(e, silenced: false), range: e.range)]
    case .block(let b): statements = b.statements
    }
    inner.declareAssigned(in: statements)
    let saved = (scope, topLoopDepth, floatSuppressed)
    scope = inner
    floatSuppressed = false
    defer { (scope, topLoopDepth, floatSuppressed) = saved }
    let defaults = try def.parameters.map { p in try p.defaultValue.map(compileExpr) }
    let body: Eval
    switch def.body {
    case .expression(let e):
      if case .if(let i) = e.kind {
        body = try compileIf(i, range: e.range)
      } else {
        body = try compileExpr(e)
      }
    case .block(let b):
      body = try compileBlock(b)
    }
    let code = FunctionCode(
      name: name, params: params, slotCount: inner.count, defaults: defaults,
      defaultTexts: def.parameters.map { p in p.defaultValue.map(sourceText) }, body: body,
      scalar: compileScalar(def, name: name, scope: inner), source: source, range: def.range)
    if name != "fn" { code.doc = Stdlib.docComment(above: def.range.start.line, in: source) }
    let isTop = saved.0 == nil
    return { f in .closure(Closure(code: code, env: isTop ? nil : f)) }
  }

  /// The source text of an expression (for signatures).
  func sourceText(_ e: Expr) -> String {
    let lo = max(0, min(e.range.start.offset, source.bytes.count))
    let hi = max(lo, min(e.range.end.offset, source.bytes.count))
    return String(decoding: source.bytes[lo..<hi], as: UTF8.self)
  }
}
