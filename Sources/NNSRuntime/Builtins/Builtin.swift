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

  /// Binds call arguments to the builtin's parameters.
  /// - Throws: too many arguments, an unknown or repeated named argument, a missing argument.
  init(
    _ builtin: Builtin, positional: [Value], named: [(String, Value)], interpreter: Interpreter
  ) throws {
    self.builtin = builtin
    self.interpreter = interpreter
    let params = builtin.params
    var values = [Value?](repeating: nil, count: params.count)
    var rest: [Value] = []
    var p = 0
    for arg in positional {
      while p < params.count, params[p].isRest == false, values[p] != nil { p += 1 }
      guard p < params.count else {
        throw RuntimeError(
          "\(builtin.name): takes at most \(params.count) argument"
            + "\(params.count == 1 ? "" : "s"), got \(positional.count)")
      }
      if params[p].isRest {
        rest.append(arg)
      } else {
        values[p] = arg
        p += 1
      }
    }
    for (name, value) in named {
      guard let i = params.firstIndex(where: { $0.name == name }), !params[i].isRest else {
        let known = params.filter { !$0.isRest }.map(\.name)
        throw RuntimeError(
          "\(builtin.name): unknown argument '\(name)'\(Suggest.hint(for: name, among: known))")
      }
      guard values[i] == nil else {
        throw RuntimeError("\(builtin.name): argument '\(name)' given twice")
      }
      values[i] = value
    }
    for (i, param) in params.enumerated()
    where param.defaultText == nil && !param.isRest && values[i] == nil {
      throw RuntimeError("\(builtin.name): missing argument '\(param.name)'")
    }
    self.values = values
    self.rest = rest
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

  /// An integer argument (an integral number).
  public func int(_ i: Int) throws -> Int {
    try Convert.int(self[i], op: op, what: name(i))
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
    return try Convert.intList(self[i], op: op, what: name(i))
  }

  /// A shape given as separate numbers (the rest parameter) or one list/tensor.
  public func shape() throws -> [Int] {
    if rest.count == 1 {
      return try Convert.intList(rest[0], op: op, what: "shape")
    }
    return try rest.map { try Convert.int($0, op: op, what: "shape") }
  }
}
