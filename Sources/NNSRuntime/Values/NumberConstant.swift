import NNSTensor

/// A number written in the program: a literal, or a scalar computed only from literals (unary
/// minus and plus, `+ - * / % ^`), folded when the program is compiled.
///
/// Such numbers are weakly typed (SPEC §2, as Python numbers in NumPy 2's NEP 50 and JAX): on
/// their own they are the default float dtype, and where they meet a value they take its dtype
/// (`x_f64 * 2` stays f64, `len(x) + 1` stays i64). Weakness is a property of the expression,
/// not of the value: once stored in a variable a number is an ordinary value of the default
/// float dtype (`k = 2; i * k` gives f32). Where an integer is needed (a size, an index, an
/// axis, a count) the written value is used exactly (`zeros(16777217)`).
struct NumberConstant: Sendable {
  /// The value computed in f32 arithmetic, as an f32 program computes it.
  let f32: Float
  /// The value computed in f64 arithmetic.
  let f64: Double
  /// The exact integer value when every literal was written as an integer (digits only) and
  /// every operation was `+ - * %` or a sign without overflow; nil otherwise.
  let int: Int64?

  /// The exact integer the constant stands for where an integer is needed: the integer value,
  /// or the f64 value when that is integral (`1e7`, `2.0`); nil for fractions.
  var exactInteger: Int64? { int ?? exactInt64(f64) }

  /// The constant on its own: a number of the default float dtype.
  @inline(__always)
  func standalone(f64 mode: Bool) -> Value {
    mode ? .f64(f64) : .f32(f32)
  }

  /// The constant as the operand of `op` beside a value of `dtype` (nil: not a number): the
  /// same float dtype; an i64 where the result stays an integer or the operator compares
  /// (comparisons with a fraction compare the written value exactly); the default float
  /// otherwise (bool, and i64 with `/`, `^` or a fraction).
  func operand(beside dtype: DType?, _ op: BinaryOp) -> Value {
    switch dtype {
    case .f32: return .f32(f32)
    case .f64: return .f64(f64)
    case .i64:
      if let n = int, op.keepsIntegers || op.isComparison { return .i64(n) }
      if op.isComparison { return .f64(f64) }
      return standalone(f64: Tensor.defaultFloat == .f64)
    default:
      return standalone(f64: Tensor.defaultFloat == .f64)
    }
  }

  /// The constant as an integer argument (a size, an index, an axis, a count).
  /// - Throws: the message `Convert.int` gives for a fraction or a huge value.
  func integer(op: String, what: String) throws -> Int {
    if let n = int { return Int(n) }
    return try Convert.int(f64, op: op, what: what)
  }

  /// Folds `op` over two constants as each dtype computes it (nil for operators that do not
  /// give a number, such as comparisons).
  static func fold(_ op: BinaryOp, _ a: NumberConstant, _ b: NumberConstant) -> NumberConstant? {
    guard !op.isComparison else { return nil }
    var int: Int64?
    if let x = a.int, let y = b.int, op.keepsIntegers {
      int = try? int64Binary(op, x, y)
    }
    return NumberConstant(
      f32: ScalarMath.apply(op, a.f32, b.f32), f64: ScalarMath.apply(op, a.f64, b.f64), int: int)
  }

  /// The constant with its sign flipped (an integer stays one unless it is -2^63).
  var negated: NumberConstant {
    NumberConstant(f32: -f32, f64: -f64, int: int.flatMap { $0 == .min ? nil : -$0 })
  }
}

/// What the compiler knows about a call argument or index written as literals: a number, or a
/// bracket literal of numbers (a shape such as `[16777217, 2]`).
enum LiteralArg: Sendable {
  case number(NumberConstant)
  case list([NumberConstant])
}

extension BinaryOp {
  /// Whether two i64 operands give an i64 (`+ - * %`, `maximum`, `minimum`).
  var keepsIntegers: Bool {
    switch self {
    case .add, .sub, .mul, .mod, .maximum, .minimum: return true
    default: return false
    }
  }
}
