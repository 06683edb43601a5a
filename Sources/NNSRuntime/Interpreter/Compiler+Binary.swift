import NNSSyntax
import NNSTensor

extension Compiler {
  /// The Swift function for an arithmetic or comparison operator (not `and`/`or`).
  func binaryFunction(_ op: BinaryOperator) throws -> (Value, Value) throws -> Value {
    switch op {
    case .add: return { a, b in try Arith.binary(.add, "+", a, b) }
    case .subtract: return { a, b in try Arith.binary(.sub, "-", a, b) }
    case .multiply: return { a, b in try Arith.binary(.mul, "*", a, b) }
    case .divide: return { a, b in try Arith.binary(.div, "/", a, b) }
    case .modulo: return { a, b in try Arith.binary(.mod, "%", a, b) }
    case .power: return { a, b in try Arith.binary(.pow, "^", a, b) }
    case .matmul: return { a, b in try Arith.matmul(a, b) }
    case .less: return { a, b in try Arith.compare(.lt, "<", a, b) }
    case .lessEqual: return { a, b in try Arith.compare(.le, "<=", a, b) }
    case .greater: return { a, b in try Arith.compare(.gt, ">", a, b) }
    case .greaterEqual: return { a, b in try Arith.compare(.ge, ">=", a, b) }
    case .equal: return { a, b in try Arith.equality(a, b, negate: false) }
    case .notEqual: return { a, b in try Arith.equality(a, b, negate: true) }
    case .and, .or:
      throw RuntimeError("\(op.symbol): not an arithmetic operator")
    }
  }

  /// Compiles a binary expression (short-circuit for `and`/`or`; operands that are variables
  /// or number literals are fetched inline, and f32 scalars take a fast path).
  func compileBinary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, range: SourceRange) throws
    -> Eval
  {
    let source = self.source
    let (ra, rb) = (a.range, b.range)
    if op == .and || op == .or {
      let left = try compileExpr(a)
      let right = try compileExpr(b)
      let isAnd = op == .and
      let name = op.symbol
      return { f in
        let l = try left(f)
        let lt: Bool
        do { lt = try Convert.truth(l, op: name) } catch {
          throw Compiler.locate(error, source, ra)
        }
        if lt != isAnd { return .bool(lt) }
        let r = try right(f)
        do { return .bool(try Convert.truth(r, op: name)) } catch {
          throw Compiler.locate(error, source, rb)
        }
      }
    }
    if let bop = runtimeOp(op) {
      let (ca, cb) = (constant(a), constant(b))
      if let cb, ca == nil { return try compileWeak(bop, op.symbol, a, cb, first: false, range) }
      if let ca, cb == nil { return try compileWeak(bop, op.symbol, b, ca, first: true, range) }
    }
    let lo = try operand(a)
    let ro = try operand(b)
    let interp = interpreter
    let slow = try binaryFunction(op)
    // One closure per operator so the f32 fast path is a direct instruction.
    func make(_ fast: @escaping (Float, Float) -> Value) -> Eval {
      return { f in
        let l = try lo.fetch(f, interp)
        let r = try ro.fetch(f, interp)
        if case .f32(let x) = l, case .f32(let y) = r { return fast(x, y) }
        do { return try slow(l, r) } catch { throw Compiler.locate(error, source, range) }
      }
    }
    switch op {
    case .add:
      return { f in
        let l = try lo.fetch(f, interp)
        let r = try ro.fetch(f, interp)
        if case .f32(let x) = l, case .f32(let y) = r { return .f32(x + y) }
        do { return try Arith.binary(.add, "+", l, r) } catch {
          throw Compiler.locate(error, source, range)
        }
      }
    case .subtract:
      return { f in
        let l = try lo.fetch(f, interp)
        let r = try ro.fetch(f, interp)
        if case .f32(let x) = l, case .f32(let y) = r { return .f32(x - y) }
        do { return try Arith.binary(.sub, "-", l, r) } catch {
          throw Compiler.locate(error, source, range)
        }
      }
    case .multiply:
      return { f in
        let l = try lo.fetch(f, interp)
        let r = try ro.fetch(f, interp)
        if case .f32(let x) = l, case .f32(let y) = r { return .f32(x * y) }
        do { return try Arith.binary(.mul, "*", l, r) } catch {
          throw Compiler.locate(error, source, range)
        }
      }
    case .less:
      return { f in
        let l = try lo.fetch(f, interp)
        let r = try ro.fetch(f, interp)
        if case .f32(let x) = l, case .f32(let y) = r { return .bool(x < y) }
        do { return try Arith.compare(.lt, "<", l, r) } catch {
          throw Compiler.locate(error, source, range)
        }
      }
    case .divide: return make { .f32($0 / $1) }
    case .lessEqual: return make { .bool($0 <= $1) }
    case .greater: return make { .bool($0 > $1) }
    case .greaterEqual: return make { .bool($0 >= $1) }
    case .equal: return make { .bool($0 == $1) }
    case .notEqual: return make { .bool($0 != $1) }
    default:
      return { f in
        let l = try lo.fetch(f, interp)
        let r = try ro.fetch(f, interp)
        do { return try slow(l, r) } catch { throw Compiler.locate(error, source, range) }
      }
    }
  }

  /// The runtime operator of an arithmetic or comparison operator (nil for `@`, `and`, `or`).
  func runtimeOp(_ op: BinaryOperator) -> BinaryOp? {
    switch op {
    case .less: return .lt
    case .lessEqual: return .le
    case .greater: return .gt
    case .greaterEqual: return .ge
    case .equal: return .eq
    case .notEqual: return .ne
    default: return arithmeticOp(op)
    }
  }

  /// Compiles `x op c` (or `c op x` when `first`) where `c` is a number written in the
  /// program: it takes the dtype of the value it meets (`Arith.weak`). An f32 `x` computes
  /// inline, as `compileBinary` does for two f32 numbers.
  func compileWeak(
    _ op: BinaryOp, _ symbol: String, _ x: Expr, _ c: NumberConstant, first: Bool,
    _ range: SourceRange
  ) throws -> Eval {
    let xo = try operand(x)
    let interp = interpreter
    let source = self.source
    let k = c.f32
    /// The general form for values other than an f32 number.
    func slow(_ v: Value) throws -> Value {
      do { return try Arith.weak(op, symbol, v, c, constantFirst: first) } catch {
        throw Compiler.locate(error, source, range)
      }
    }
    switch (op, first) {
    case (.add, _):
      return { f in
        let v = try xo.fetch(f, interp)
        if case .f32(let y) = v { return .f32(first ? k + y : y + k) }
        return try slow(v)
      }
    case (.sub, false):
      return { f in
        let v = try xo.fetch(f, interp)
        if case .f32(let y) = v { return .f32(y - k) }
        return try slow(v)
      }
    case (.mul, _):
      return { f in
        let v = try xo.fetch(f, interp)
        if case .f32(let y) = v { return .f32(first ? k * y : y * k) }
        return try slow(v)
      }
    case (.lt, false):
      return { f in
        let v = try xo.fetch(f, interp)
        if case .f32(let y) = v { return .bool(y < k) }
        return try slow(v)
      }
    case (.gt, false):
      return { f in
        let v = try xo.fetch(f, interp)
        if case .f32(let y) = v { return .bool(y > k) }
        return try slow(v)
      }
    default:
      return { f in
        let v = try xo.fetch(f, interp)
        if case .f32(let y) = v {
          let r = first ? ScalarMath.apply(op, k, y) : ScalarMath.apply(op, y, k)
          return op.isComparison ? .bool(r != 0) : .f32(r)
        }
        return try slow(v)
      }
    }
  }

  /// Classifies an operand so that variables and literals are fetched without a closure call.
  func operand(_ e: Expr) throws -> Operand {
    switch e.kind {
    case .number(let x):
      return .constant(x)
    case .identifier(let name):
      let read = compileRead(name, range: e.range)
      let chain = resolveChain(name)
      if case .local(let l) = chain[0] { return .local(l, read) }
      if chain.count == 1, case .global(let g) = chain[0] {
        return .global(interpreter.globals.pointer(g), read)
      }
      return .expr(read)
    default:
      return .expr(try compileExpr(e))
    }
  }
}

/// A compiled operand: a literal, a variable slot, or any other expression. A struct of plain
/// fields (not an enum with payloads) so fetching binds nothing and retains nothing.
final class Operand {
  /// 0: literal, 1: local slot, 2: global slot, 3: expression.
  let kind: UInt8
  let literal32: Float
  let literal64: Double
  let slot: Int
  let pointer: UnsafeMutablePointer<Value?>?
  /// The full evaluation (for kind 3, and for unassigned variables).
  let eval: Eval

  init(
    kind: UInt8, literal32: Float, literal64: Double, slot: Int,
    pointer: UnsafeMutablePointer<Value?>?, eval: @escaping Eval
  ) {
    self.kind = kind
    self.literal32 = literal32
    self.literal64 = literal64
    self.slot = slot
    self.pointer = pointer
    self.eval = eval
  }

  /// A number literal in both float dtypes (the default dtype picks one at run time).
  static func constant(_ x: Double) -> Operand {
    Operand(kind: 0, literal32: Float(x), literal64: x, slot: 0, pointer: nil, eval: { _ in .none })
  }
  /// A local slot, with the full read (enclosing scopes, errors) when it is unassigned.
  static func local(_ slot: Int, _ read: @escaping Eval) -> Operand {
    Operand(kind: 1, literal32: 0, literal64: 0, slot: slot, pointer: nil, eval: read)
  }
  /// A global slot, with the full read (the undefined-name error) when it is unassigned.
  static func global(_ p: UnsafeMutablePointer<Value?>, _ read: @escaping Eval) -> Operand {
    Operand(kind: 2, literal32: 0, literal64: 0, slot: 0, pointer: p, eval: read)
  }
  /// Any other expression.
  static func expr(_ e: @escaping Eval) -> Operand {
    Operand(kind: 3, literal32: 0, literal64: 0, slot: 0, pointer: nil, eval: e)
  }

  /// The operand's value.
  @inline(__always)
  func fetch(_ f: Frame, _ interp: Interpreter) throws -> Value {
    switch kind {
    case 0: return interp.literalF64 ? .f64(literal64) : .f32(literal32)
    case 1:
      // Scalars are read without the generic (outlined) copy of a Value.
      if case .f32(let x)? = f.slots[slot] { return .f32(x) }
      if let v = f.slots[slot] { return v }
    case 2:
      if let p = pointer {
        if case .f32(let x)? = p.pointee { return .f32(x) }
        if let v = p.pointee { return v }
      }
    default: break
    }
    return try eval(f)
  }
}
