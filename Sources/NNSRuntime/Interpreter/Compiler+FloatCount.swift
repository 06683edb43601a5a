import NNSSyntax
import NNSTensor

// The f32 expression path's one mixed case: a variable that holds an i64 count beside a float
// literal still computes in Float, as the general form computes it (SPEC §2's promotion).

extension Compiler {
  /// `name op c` or `c op name` (`+ - * /`) where `c` is a number written with a fraction
  /// (or the operator is `/`), so that the result is the default float whether the variable
  /// holds an f32 or an i64 number (`sin(i * 0.001)` with `i` from `range`): the i64 is
  /// converted to f32 first, as the general form converts it (SPEC §2). Nil for other shapes.
  func compileCountTimesFraction(_ op: BinaryOperator, _ x: Expr, _ y: Expr) -> FloatEval? {
    let constFirst: Bool
    let name: String
    let c: NumberConstant
    if case .identifier(let n) = y.kind, let k = constant(x) {
      (constFirst, name, c) = (true, n, k)
    } else if case .identifier(let n) = x.kind, let k = constant(y) {
      (constFirst, name, c) = (false, n, k)
    } else {
      return nil
    }
    guard c.int == nil || op == .divide, let leaf = countLeaf(name) else { return nil }
    let k = c.f32
    let interp = interpreter
    switch op {
    case .add:
      return { f in
        guard !interp.literalF64, let u = leaf.get(f) else { return nil }
        return constFirst ? k + u : u + k
      }
    case .subtract:
      return { f in
        guard !interp.literalF64, let u = leaf.get(f) else { return nil }
        return constFirst ? k - u : u - k
      }
    case .multiply:
      return { f in
        guard !interp.literalF64, let u = leaf.get(f) else { return nil }
        return constFirst ? k * u : u * k
      }
    case .divide:
      return { f in
        guard !interp.literalF64, let u = leaf.get(f) else { return nil }
        return constFirst ? k / u : u / k
      }
    default:
      return nil
    }
  }

  /// A variable read as an f32 number, an i64 one converted to f32 (see
  /// `compileCountTimesFraction`); nil for captured variables.
  func countLeaf(_ name: String) -> CountLeaf? {
    let chain = resolveChain(name)
    switch (chain.count, chain[0]) {
    case (1, .global(let g)): return CountLeaf(slot: -1, pointer: interpreter.globals.pointer(g))
    case (1, .local(let l)): return CountLeaf(slot: l, pointer: nil)
    case (2, .local(let l)):
      guard case .global(let g) = chain[1] else { return nil }
      return CountLeaf(slot: l, pointer: interpreter.globals.pointer(g))
    default: return nil
    }
  }
}

/// A variable read as an f32 number, or an i64 one converted to f32: a local slot (with the
/// global of the same name while it is unassigned), or a global (`slot` -1).
struct CountLeaf {
  let slot: Int
  let pointer: UnsafeMutablePointer<Value?>?

  /// The variable's value as an f32, when it holds an f32 or an i64 number (matched in place,
  /// without copying the value out).
  @inline(__always)
  func get(_ f: Frame) -> Float? {
    if slot >= 0 {
      if case .f32(let x)? = f.slots[slot] { return x }
      if case .i64(let n)? = f.slots[slot] { return Float(n) }
      if f.slots[slot] != nil { return nil }
    }
    if case .f32(let x)? = pointer?.pointee { return x }
    if case .i64(let n)? = pointer?.pointee { return Float(n) }
    return nil
  }
}
