import NNSTensor

/// One parameter of a builtin: its name and default (nil: required).
public struct Param: Sendable {
  /// The parameter's name, usable as a named argument.
  public var name: String
  /// The default value's source text, or nil when the argument is required.
  public var defaultText: String?
  /// Whether this parameter collects the remaining positional arguments into a list.
  public var isRest: Bool

  /// A required parameter.
  public static func req(_ name: String) -> Param {
    Param(name: name, defaultText: nil, isRest: false)
  }
  /// An optional parameter with a default given as source text (`"none"`, `"0"`, `"true"`).
  public static func opt(_ name: String, _ text: String) -> Param {
    Param(name: name, defaultText: text, isRest: false)
  }
  /// A parameter collecting the rest of the positional arguments (`shape...`).
  public static func rest(_ name: String) -> Param {
    Param(name: name, defaultText: nil, isRest: true)
  }
}

/// A builtin function: one entry of the builtin table, with everything `help` needs.
public final class Builtin: @unchecked Sendable {
  /// The name it is bound to.
  public let name: String
  /// Its parameters in order.
  public let params: [Param]
  /// A one-paragraph description.
  public let doc: String
  /// An example call.
  public let example: String
  /// The implementation: receives arguments bound to `params`.
  public let impl: (inout Arguments) throws -> Value
  /// A fast path for a single positional argument (no allocation on scalars), used when
  /// `hasFast1`. Stored non-optional so calling it needs no reabstraction thunk.
  public var fast1: (Value) throws -> Value = { _ in .none } {
    didSet { hasFast1 = true }
  }
  /// Whether `fast1` is set.
  public private(set) var hasFast1 = false
  /// A fast path for two positional arguments, used when `hasFast2`.
  public var fast2: (Value, Value) throws -> Value = { _, _ in .none } {
    didSet { hasFast2 = true }
  }
  /// Whether `fast2` is set.
  public private(set) var hasFast2 = false
  /// The elementwise operator of a two-argument builtin (`maximum`, `minimum`, `pow`), whose
  /// literal arguments take the other argument's dtype as an operator's do.
  var weakOp: BinaryOp?

  /// Creates a builtin.
  /// - Parameters:
  ///   - name: the name.
  ///   - params: parameters in order.
  ///   - doc: one-paragraph description.
  ///   - example: an example call.
  ///   - impl: the implementation.
  public init(
    _ name: String, _ params: [Param], doc: String, example: String,
    impl: @escaping (inout Arguments) throws -> Value
  ) {
    self.name = name
    self.params = params
    self.doc = doc
    self.example = example
    self.impl = impl
  }

  /// The signature as users read it, e.g. `leaky_relu(x, slope: 0.01)`, `zeros(shape...)`.
  public var signature: String {
    let parts = params.map { p -> String in
      if p.isRest { return p.name + "..." }
      if let d = p.defaultText { return "\(p.name): \(d)" }
      return p.name
    }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }

  /// The `help` text: signature, doc and example.
  public var helpText: String {
    "\(signature)\n  \(doc)\n  example: \(example)"
  }
}

/// Arguments bound to a builtin's parameters.
public struct Arguments {
  /// The builtin being called (for messages).
  public let builtin: Builtin
  /// One slot per parameter; nil when not given (the default applies).
  public var values: [Value?]
  /// The positional arguments collected by a rest parameter.
  public var rest: [Value]
  /// The interpreter, for builtins that call nns functions.
  public let interpreter: Interpreter
  /// For each parameter, what the compiler knew when the argument was written as literals
  /// (their exact values, for integer arguments and weakly typed numbers).
  var literals: [LiteralArg?]
  /// The same for the arguments collected by a rest parameter.
  var restLiterals: [LiteralArg?]

  /// Binds call arguments to the builtin's parameters.
  /// - Parameter literals: what the compiler knew of each positional argument, then of each
  ///   named one (empty when nothing was written as a literal).
  /// - Throws: too many arguments, an unknown or repeated named argument, a missing argument.
  init(
    _ builtin: Builtin, positional: [Value], named: [(String, Value)], interpreter: Interpreter,
    literals: [LiteralArg?] = []
  ) throws {
    self.builtin = builtin
    self.interpreter = interpreter
    let params = builtin.params
    var values = [Value?](repeating: nil, count: params.count)
    var rest: [Value] = []
    var lits = [LiteralArg?](repeating: nil, count: params.count)
    var restLits: [LiteralArg?] = []
    func literal(_ k: Int) -> LiteralArg? { k < literals.count ? literals[k] : nil }
    var p = 0
    for (k, arg) in positional.enumerated() {
      while p < params.count, params[p].isRest == false, values[p] != nil { p += 1 }
      guard p < params.count else {
        throw RuntimeError(
          "\(builtin.name): takes at most \(params.count) argument"
            + "\(params.count == 1 ? "" : "s"), got \(positional.count)")
      }
      if params[p].isRest {
        rest.append(arg)
        restLits.append(literal(k))
      } else {
        values[p] = arg
        lits[p] = literal(k)
        p += 1
      }
    }
    for (k, (name, value)) in named.enumerated() {
      guard let i = params.firstIndex(where: { $0.name == name }), !params[i].isRest else {
        let known = params.filter { !$0.isRest }.map(\.name)
        throw RuntimeError(
          "\(builtin.name): unknown argument '\(name)'\(Suggest.hint(for: name, among: known))")
      }
      guard values[i] == nil else {
        throw RuntimeError("\(builtin.name): argument '\(name)' given twice")
      }
      values[i] = value
      lits[i] = literal(positional.count + k)
    }
    for (i, param) in params.enumerated()
    where param.defaultText == nil && !param.isRest && values[i] == nil {
      throw RuntimeError("\(builtin.name): missing argument '\(param.name)'")
    }
    self.values = values
    self.rest = rest
    self.literals = lits
    self.restLiterals = restLits
  }

  /// The operation name for messages.
  public var op: String { builtin.name }

  /// The argument at parameter `i`, or none when absent.
  public subscript(_ i: Int) -> Value {
    i < values.count ? (values[i] ?? .none) : .none
  }

  /// Whether parameter `i` was given (and is not `none`).
  public func has(_ i: Int) -> Bool {
    guard i < values.count, let v = values[i] else { return false }
    return !v.isNone
  }

  /// The parameter name at `i`.
  func name(_ i: Int) -> String { i < builtin.params.count ? builtin.params[i].name : "?" }

  /// A numeric argument.
  public func numeric(_ i: Int) throws -> Value {
    let v = self[i]
    guard v.isNumeric else {
      throw RuntimeError("\(op): \(name(i)) must be a tensor, got \(v.kindName)")
    }
    return v
  }

  /// A tensor argument.
  public func tensor(_ i: Int) throws -> Tensor {
    TensorOps.tensor(try numeric(i))
  }

  /// A scalar number argument.
  public func double(_ i: Int) throws -> Double {
    try Convert.double(self[i], op: op, what: name(i))
  }

  /// An integer argument (an integral number; a literal's written value exactly), named
  /// `what` in messages (the parameter's name by default).
  public func int(_ i: Int, what: String? = nil) throws -> Int {
    if i < literals.count, case .number(let c)? = literals[i] {
      return try c.integer(op: op, what: what ?? name(i))
    }
    return try Convert.int(self[i], op: op, what: what ?? name(i))
  }

  /// A number or a list of numbers as integers (a shape, axes, repetitions), written literals
  /// read exactly.
  public func intList(_ i: Int, what: String? = nil) throws -> [Int] {
    try Convert.intList(
      self[i], op: op, what: what ?? name(i), literal: i < literals.count ? literals[i] : nil)
  }

  /// The numeric argument at `i` as an operand of `op` beside the argument at `j`: a number
  /// written as literals takes the other argument's dtype (SPEC §2's weak typing) unless that
  /// one is a literal too; anything else is itself.
  func weak(_ i: Int, beside j: Int, _ op: BinaryOp) throws -> Value {
    if i < literals.count, case .number(let c)? = literals[i], !isLiteral(j) {
      return c.operand(beside: try numeric(j).dtype, op)
    }
    return try numeric(i)
  }

  /// Whether the argument at `i` was written as a number literal.
  func isLiteral(_ i: Int) -> Bool {
    if i < literals.count, case .number? = literals[i] { return true }
    return false
  }

  /// An optional integer argument (nil when absent or none).
  public func optionalInt(_ i: Int) throws -> Int? {
    has(i) ? try int(i) : nil
  }

  /// A boolean argument (a scalar; non-zero is true).
  public func bool(_ i: Int, default fallback: Bool) throws -> Bool {
    has(i) ? try Convert.truth(self[i], op: op) : fallback
  }

  /// A string argument.
  public func string(_ i: Int) throws -> String {
    guard case .string(let s) = self[i] else {
      throw RuntimeError("\(op): \(name(i)) must be a string, got \(self[i].kindName)")
    }
    return s
  }

  /// A list argument.
  public func list(_ i: Int) throws -> [Value] {
    guard case .list(let l) = self[i] else {
      throw RuntimeError("\(op): \(name(i)) must be a list, got \(self[i].kindName)")
    }
    return l
  }

  /// A record argument.
  public func record(_ i: Int) throws -> Record {
    guard case .record(let r) = self[i] else {
      throw RuntimeError("\(op): \(name(i)) must be a record, got \(self[i].kindName)")
    }
    return r
  }

  /// An `axis:` argument: nil (all axes), a number or a list of numbers.
  public func axes(_ i: Int) throws -> [Int]? {
    guard has(i) else { return nil }
    return try intList(i)
  }

  /// A shape given as separate numbers (the rest parameter) or one list/tensor; numbers written
  /// as literals give their exact values (`zeros(16777217)`).
  public func shape() throws -> [Int] {
    func literal(_ k: Int) -> LiteralArg? { k < restLiterals.count ? restLiterals[k] : nil }
    if rest.count == 1 {
      return try Convert.intList(rest[0], op: op, what: "shape", literal: literal(0))
    }
    return try rest.enumerated().map { k, v in
      if case .number(let c)? = literal(k) { return try c.integer(op: op, what: "shape") }
      return try Convert.int(v, op: op, what: "shape")
    }
  }
}
