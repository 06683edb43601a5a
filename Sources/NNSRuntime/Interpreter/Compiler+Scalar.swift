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
