import NNSSyntax

/// An nns runtime error: a lowercase message, where it happened, and the nns call chain.
public struct RuntimeError: Error, CustomStringConvertible {
  /// The message without `error: ` and without a location.
  public var message: String
  /// The range of the innermost expression that failed, once known.
  public var range: SourceRange?
  /// The source the range refers to.
  public var source: Source?
  /// The call chain, innermost first: function name and call site.
  public var trace: [(name: String, source: Source, range: SourceRange)] = []
  /// Whether this error stops execution because of an interrupt (Ctrl-C or a step budget).
  public var isInterrupt = false

  /// Creates an error without a location (the evaluator attaches one).
  public init(_ message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }

  /// The full rendering: `FILE:LINE:COL: error: MESSAGE`, source line, caret, then the chain.
  public func render() -> String {
    var chain = trace.map { entry in
      "  in \(entry.name), called at \(entry.source.name):\(entry.range.start.line):"
        + "\(entry.range.start.column)"
    }
    if chain.count > 16 {
      let hidden = chain.count - 13
      chain = Array(chain.prefix(10)) + ["  ... \(hidden) more calls ..."] + chain.suffix(3)
    }
    guard let range, let source else {
      return (["error: \(message)"] + chain).joined(separator: "\n")
    }
    return Diagnostic(message, at: range, in: source).render(extraLines: chain)
  }
}

/// Conversions from values to Swift numbers with nns error messages.
enum Convert {
  /// A scalar number (one element) as a Double.
  static func double(_ v: Value, op: String, what: String) throws -> Double {
    if case .tracked(let t) = v { return try double(Value(t.value), op: op, what: what) }
    switch v {
    case .f32(let x): return Double(x)
    case .f64(let x): return x
    case .bool(let b): return b ? 1 : 0
    case .tensor(let t):
      guard t.count == 1 else {
        throw RuntimeError(
          "\(op): \(what) must be a single number, got a tensor of shape "
            + shapeText(t.shape))
      }
      return t.element(0)
    default:
      throw RuntimeError("\(op): \(what) must be a number, got \(v.kindName)")
    }
  }

  /// An integral number as an Int.
  static func int(_ v: Value, op: String, what: String) throws -> Int {
    let x = try double(v, op: op, what: what)
    return try int(x, op: op, what: what, f32: isF32(v))
  }

  /// An integral Double as an Int (errors on fractions, NaN, infinities and huge values).
  /// - Parameter f32: the number came from an f32 value, so messages write it as one (`0.1`,
  ///   not `0.10000000149011612`).
  static func int(_ x: Double, op: String, what: String, f32: Bool = false) throws -> Int {
    guard x.isFinite, x.rounded() == x else {
      throw RuntimeError("\(op): \(what) must be an integer, got \(text(x, f32: f32))")
    }
    guard abs(x) < 9.0e15 else {
      throw RuntimeError("\(op): \(what) \(text(x, f32: f32)) is too large")
    }
    return Int(x)
  }

  /// Whether a number or tensor holds f32 values.
  static func isF32(_ v: Value) -> Bool {
    switch v {
    case .f32: return true
    case .tensor(let t): return t.dtype == .f32
    case .tracked(let t): return t.value.dtype == .f32
    default: return false
    }
  }

  /// A number for a message, in the shortest form of its dtype.
  static func text(_ x: Double, f32: Bool) -> String {
    Display.element(x, f32 ? .f32 : .f64)
  }

  /// A number, or a list/tensor of numbers, as a list of Ints.
  static func intList(_ v: Value, op: String, what: String) throws -> [Int] {
    if case .tracked(let t) = v { return try intList(Value(t.value), op: op, what: what) }
    switch v {
    case .list(let items):
      return try items.map { try int($0, op: op, what: what) }
    case .tensor(let t):
      guard t.rank <= 1 else {
        throw RuntimeError(
          "\(op): \(what) must be a number or a list of numbers, got shape \(shapeText(t.shape))")
      }
      return try t.toDoubles().map { try int($0, op: op, what: what, f32: t.dtype == .f32) }
    default:
      return [try int(v, op: op, what: what)]
    }
  }

  /// The truth of a condition: a one-element numeric value, non-zero is true.
  static func truth(_ v: Value, op: String) throws -> Bool {
    if case .tracked(let t) = v { return try truth(Value(t.value), op: op) }
    switch v {
    case .bool(let b): return b
    case .f32(let x): return x != 0
    case .f64(let x): return x != 0
    case .tensor(let t):
      guard t.count == 1 else {
        throw RuntimeError(
          "\(op): condition must be a single value, got shape \(shapeText(t.shape))")
      }
      return t.element(0) != 0
    default:
      throw RuntimeError("\(op): condition must be a number or bool, got \(v.kindName)")
    }
  }

  /// A shape as `[3,4]` (no spaces).
  static func shapeText(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ",") + "]"
  }
}
