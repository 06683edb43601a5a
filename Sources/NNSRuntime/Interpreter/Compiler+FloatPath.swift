import NNSSyntax
import NNSTensor

/// A speculative f32 evaluator: the value when every leaf is an f32 scalar, else nil.
typealias FloatEval = (Frame) -> Float?

/// A speculative condition: 1 true, 0 false, 2 unknown (fall back to the general path).
typealias CondEval = (Frame) -> UInt8

extension Compiler {
  /// Compiles an arithmetic expression of f32 scalars into a closure that computes in `Float`
  /// without building `Value`s; nil when the expression has another shape. Leaves are number
  /// literals (in f32 mode), variables and calls of pure math builtins (checked at run time to
  /// still be those builtins). Only reads happen, so falling back re-evaluates safely.
  func compileFloat(_ e: Expr) -> FloatEval? {
    let interp = interpreter
    guard interp.floatPaths else { return nil }
    switch e.kind {
    case .number(let x):
      let v = Float(x)
      return { _ in interp.literalF64 ? nil : v }
    case .identifier(let name):
      let chain = resolveChain(name)
      switch chain[0] {
      case .local(let l):
        guard chain.count == 2, case .global(let g) = chain[1] else {
          return { f in
            if case .f32(let x)? = f.slots[l] { return x }
            return nil
          }
        }
        let p = interp.globals.pointer(g)
        return { f in
          if case .f32(let x)? = f.slots[l] { return x }
          if f.slots[l] == nil, case .f32(let x)? = p.pointee { return x }
          return nil
        }
      case .global(let g):
        let p = interp.globals.pointer(g)
        return { _ in
          if case .f32(let x)? = p.pointee { return x }
          return nil
        }
      case .captured(let d, let l):
        guard chain.count == 2 else { return nil }
        return { f in
          if case .f32(let x)? = f.up(d)?.slots[l] { return x }
          return nil
        }
      }
    case .unary(.negate, let x):
      guard let a = compileFloat(x) else { return nil }
      return { f in a(f).map { -$0 } }
    case .binary(let op, let x, let y):
      if let mixed = compileCountTimesFraction(op, x, y) { return mixed }
      guard let a = compileFloat(x), let b = compileFloat(y) else { return nil }
      // Leaves (literals, variables) are fetched inline rather than through a closure.
      if let la = floatLeaf(x), let lb = floatLeaf(y) {
        switch op {
        case .add:
          return { f in
            if let u = la.get(f, interp), let v = lb.get(f, interp) {
              return u + v
            } else {
              return nil
            }
          }
        case .subtract:
          return { f in
            if let u = la.get(f, interp), let v = lb.get(f, interp) {
              return u - v
            } else {
              return nil
            }
          }
        case .multiply:
          return { f in
            if let u = la.get(f, interp), let v = lb.get(f, interp) {
              return u * v
            } else {
              return nil
            }
          }
        case .divide:
          return { f in
            if let u = la.get(f, interp), let v = lb.get(f, interp) {
              return u / v
            } else {
              return nil
            }
          }
        default: return nil
        }
      }
      switch op {
      case .add: return { f in if let u = a(f), let v = b(f) { return u + v } else { return nil } }
      case .subtract:
        return { f in if let u = a(f), let v = b(f) { return u - v } else { return nil } }
      case .multiply:
        return { f in if let u = a(f), let v = b(f) { return u * v } else { return nil } }
      case .divide:
        return { f in if let u = a(f), let v = b(f) { return u / v } else { return nil } }
      default: return nil
      }
    case .call(let callee, let args):
      guard case .identifier(let name) = callee.kind, args.count == 1, args[0].label == nil,
        let builtin = interp.originalBuiltins[name],
        let op = UnaryOp(rawValue: name), let fn = ScalarMath.f32Function(op),
        let a = compileFloat(args[0].value)
      else { return nil }
      let chain = resolveChain(name)
      guard chain.count == 1, case .global(let g) = chain[0] else { return nil }
      let p = interp.globals.pointer(g)
      let expected = ObjectIdentifier(builtin)
      return { f in
        // Still the builtin it was at compile time (a user may rebind `sin`): cheap when no
        // builtin name was ever assigned, an identity check otherwise.
        if interp.builtinRebound {
          guard case .builtin(let b)? = p.pointee, ObjectIdentifier(b) == expected else {
            return nil
          }
        }
        guard let u = a(f) else { return nil }
        return fn(u)
      }
    default:
      return nil
    }
  }

  /// A literal or variable as an inline f32 leaf, or nil.
  func floatLeaf(_ e: Expr) -> FloatLeaf? {
    switch e.kind {
    case .number(let x): return FloatLeaf(kind: 0, literal: Float(x), slot: 0, pointer: nil)
    case .identifier(let name):
      let chain = resolveChain(name)
      if chain.count == 1, case .global(let g) = chain[0] {
        return FloatLeaf(kind: 2, literal: 0, slot: 0, pointer: interpreter.globals.pointer(g))
      }
      if chain.count == 2, case .local(let l) = chain[0], case .global(let g) = chain[1] {
        return FloatLeaf(kind: 1, literal: 0, slot: l, pointer: interpreter.globals.pointer(g))
      }
      return nil
    default: return nil
    }
  }

  /// Compiles a comparison of two f32 expressions into a speculative condition, or nil.
  func compileCondition(_ e: Expr) -> CondEval? {
    guard case .binary(let op, let x, let y) = e.kind, let a = compileFloat(x),
      let b = compileFloat(y)
    else { return nil }
    let test: (Float, Float) -> Bool
    switch op {
    case .less: test = { $0 < $1 }
    case .lessEqual: test = { $0 <= $1 }
    case .greater: test = { $0 > $1 }
    case .greaterEqual: test = { $0 >= $1 }
    case .equal: test = { $0 == $1 }
    case .notEqual: test = { $0 != $1 }
    default: return nil
    }
    let interp = interpreter
    if let la = floatLeaf(x), let lb = floatLeaf(y) {
      // Both sides are literals or variables: no closure calls at all for the common case.
      switch op {
      case .less:
        return { f in
          guard let u = la.get(f, interp), let v = lb.get(f, interp) else { return 2 }
          return u < v ? 1 : 0
        }
      case .greater:
        return { f in
          guard let u = la.get(f, interp), let v = lb.get(f, interp) else { return 2 }
          return u > v ? 1 : 0
        }
      default:
        return { f in
          guard let u = la.get(f, interp), let v = lb.get(f, interp) else { return 2 }
          return test(u, v) ? 1 : 0
        }
      }
    }
    return { f in
      guard let u = a(f), let v = b(f) else { return 2 }
      return test(u, v) ? 1 : 0
    }
  }

  /// Compiles `name = expr` for an f32-computable operator expression into one closure that
  /// stores the `Float` result straight into the variable's slot; nil when not applicable.
  func compileFloatAssign(_ name: String, _ value: Expr) throws -> Eval? {
    switch value.kind {
    case .binary, .call, .unary: break
    default: return nil
    }
    guard !floatSuppressed, let fast = compileFloat(value) else { return nil }
    floatSuppressed = true
    let general = try compileExpr(value)
    floatSuppressed = false
    switch writeRef(name) {
    case .local(let l):
      return { f in
        if let x = fast(f) {
          f.slots[l] = .f32(x)
        } else {
          f.slots[l] = try general(f)
        }
        return .none
      }
    case .global(let g):
      guard interpreter.originalBuiltins[name] == nil else { return nil }
      let p = interpreter.globals.pointer(g)
      return { f in
        if let x = fast(f) {
          p.pointee = .f32(x)
        } else {
          p.pointee = try general(f)
        }
        return .none
      }
    case .captured:
      return nil
    }
  }

  /// Compiles an operator or call with the f32 fast path in front when the whole expression
  /// allows one; its general form is compiled without nested fast paths (one attempt per
  /// expression tree, not one per level).
  func withFloatPath(_ e: Expr, _ build: () throws -> Eval) rethrows -> Eval {
    guard !floatSuppressed, let fast = compileFloat(e) else { return try build() }
    floatSuppressed = true
    defer { floatSuppressed = false }
    let general = try build()
    return { f in
      if let x = fast(f) { return .f32(x) }
      return try general(f)
    }
  }
}

/// An inline f32 leaf: a literal (kind 0), a local with a global fallback (1), a global (2).
struct FloatLeaf {
  let kind: UInt8
  let literal: Float
  let slot: Int
  let pointer: UnsafeMutablePointer<Value?>?

  /// The leaf's value when it is an f32 scalar.
  @inline(__always)
  func get(_ f: Frame, _ interp: Interpreter) -> Float? {
    switch kind {
    case 0: return interp.literalF64 ? nil : literal
    case 1:
      if case .f32(let x)? = f.slots[slot] { return x }
      if f.slots[slot] == nil, case .f32(let x)? = pointer?.pointee { return x }
      return nil
    default:
      if case .f32(let x)? = pointer?.pointee { return x }
      return nil
    }
  }
}
