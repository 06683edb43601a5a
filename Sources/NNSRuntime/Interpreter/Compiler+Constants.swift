import NNSSyntax
import NNSTensor

extension Compiler {
  /// The number an expression stands for when it is written only with number literals (signs
  /// and `+ - * / % ^` of literals), or nil: SPEC §2's weakly typed numbers, folded here.
  ///
  /// An integer literal is one written with digits only (`12`, `1_000`); `2.0` and `1e3` are
  /// float literals, as in Python. Folding uses the same arithmetic as running the expression
  /// would (f32 and f64 each), so a constant alone has the value it always had.
  func constant(_ e: Expr) -> NumberConstant? {
    switch e.kind {
    case .number(let x):
      let text = sourceText(e)
      var int: Int64?
      if !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) {
        int = Int64(text.filter { $0 != "_" })  // nil beyond the i64 range: a float then
      }
      return NumberConstant(f32: Float(x), f64: x, int: int)
    case .unary(.negate, let x):
      return constant(x)?.negated
    case .unary(.plus, let x):
      return constant(x)
    case .binary(let op, let x, let y):
      guard let bop = arithmeticOp(op), let a = constant(x), let b = constant(y) else {
        return nil
      }
      return NumberConstant.fold(bop, a, b)
    default:
      return nil
    }
  }

  /// The runtime operator of `+ - * / % ^` (nil for the others).
  func arithmeticOp(_ op: BinaryOperator) -> BinaryOp? {
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

  /// What the compiler knows of an argument or index written as literals: a number, or a
  /// bracket literal of numbers; nil otherwise.
  func literalArg(_ e: Expr) -> LiteralArg? {
    if let c = constant(e) { return .number(c) }
    if case .list(let items) = e.kind, !items.isEmpty {
      var cs: [NumberConstant] = []
      for item in items {
        guard let c = constant(item) else { return nil }
        cs.append(c)
      }
      return .list(cs)
    }
    return nil
  }

  /// Compiles a constant on its own: a number of the default float dtype.
  func compileConstant(_ c: NumberConstant) -> Eval {
    let f32 = Value.f32(c.f32)
    let f64 = Value.f64(c.f64)
    let interp = interpreter
    return { _ in interp.literalF64 ? f64 : f32 }
  }
}
