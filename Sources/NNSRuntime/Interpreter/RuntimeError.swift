import NNSSyntax
import NNSTensor

/// An nns runtime error: a lowercase message, where it happened, and the nns call chain.
public struct RuntimeError: Error, CustomStringConvertible {
  /// The message without `error: ` and without a location.
  public var message: String
  /// The range of the innermost expression that failed, once known.
  public var range: SourceRange?
  /// The source the range refers to.
  public var source: Source?
  /// The call chain, innermost first: function name and call site, and how many times in a
  /// row that same call was made (runaway recursion is one entry, not 10,000).
  public var trace: [(name: String, source: Source, range: SourceRange, count: Int)] {
    chain?.calls ?? []
  }
  /// Where `addCall` keeps the chain: a reference, so that each function the error passes
  /// out of appends in place (copying the array at every level made unwinding a
  /// 10,000-deep recursion quadratic). An error travels one way, so sharing is harmless.
  private var chain: CallChain?
  /// Whether this error stops execution because of an interrupt (Ctrl-C or a step budget).
  public var isInterrupt = false
  /// Set by `exit(n)`: not an error but the end of the program with status n.
  public var exitStatus: Int32?

  /// Creates an error without a location (the evaluator attaches one).
  public init(_ message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }

  /// Adds a call to the chain as the error passes out of it; the same call as the last one
  /// only counts (so unwinding a deep recursion stays linear).
  public mutating func addCall(_ name: String, _ source: Source, _ range: SourceRange) {
    let c = chain ?? CallChain()
    chain = c
    if let last = c.calls.last, last.name == name, last.source === source,
      last.range == range
    {
      c.calls[c.calls.count - 1].count += 1
    } else {
      c.calls.append((name, source, range, 1))
    }
  }

  /// The full rendering: `FILE:LINE:COL: error: MESSAGE`, source line, caret, then the chain.
  /// - Parameter width: the terminal's columns when the text goes to one: a long source line
  ///   is cut to fit.
  public func render(width: Int? = nil) -> String {
    let chain = RuntimeError.chainLines(trace)
    guard let range, let source else {
      return (["error: \(message)"] + chain).joined(separator: "\n")
    }
    return Diagnostic(message, at: range, in: source).render(extraLines: chain, width: width)
  }

  /// The call chain as lines, innermost first. Runs of the same call (runaway recursion)
  /// print once with a count, a repeated cycle of up to four calls (mutual recursion) once
  /// with a line saying how often; a chain still longer than 16 lines keeps its first 10 and
  /// last 3.
  static func chainLines(
    _ trace: [(name: String, source: Source, range: SourceRange, count: Int)]
  ) -> [String] {
    var lines: [String] = []
    var calls: [String] = []
    for entry in trace {
      let call =
        "  in \(entry.name), called at \(entry.source.name):\(entry.range.start.line):"
        + "\(entry.range.start.column)"
      if entry.count > 1 {
        // A cycle of longer calls cannot straddle a run of one: print what came before.
        lines.append(contentsOf: cycles(calls))
        calls = []
        lines.append(call + " (\(entry.count) times)")
      } else {
        calls.append(call)
      }
    }
    lines.append(contentsOf: cycles(calls))
    if lines.count > 16 {
      let hidden = lines.count - 13
      lines = Array(lines.prefix(10)) + ["  ... \(hidden) more calls ..."] + lines.suffix(3)
    }
    return lines
  }

  /// Chain lines with repeated cycles of two to four calls (mutual recursion) printed once.
  static func cycles(_ calls: [String]) -> [String] {
    var lines: [String] = []
    var i = 0
    while i < calls.count {
      var period = 0
      var repeats = 1
      for p in 2...4 where i + 2 * p <= calls.count {
        var r = 1
        while i + (r + 1) * p <= calls.count
          && calls[(i + r * p)..<(i + (r + 1) * p)] == calls[i..<(i + p)]
        {
          r += 1
        }
        if r >= 3 {
          (period, repeats) = (p, r)
          break
        }
      }
      if period == 0 {
        lines.append(calls[i])
        i += 1
      } else {
        lines.append(contentsOf: calls[i..<(i + period)])
        lines.append("  ... these \(period) calls \(repeats) times in all")
        i += repeats * period
      }
    }
    return lines
  }

  /// The error Ctrl-C causes, wherever it is noticed: `interrupted`.
  public static var interrupted: RuntimeError {
    var e = RuntimeError("interrupted")
    e.isInterrupt = true
    return e
  }

  /// Any error as a runtime error. A kernel's `Interrupted` becomes `interrupted`; so does any
  /// other error thrown while an interrupt is pending, since a kernel that stopped early may
  /// have handed on a half-made value that something then rejected: the user pressed Ctrl-C
  /// and must read that, never a complaint about values they did not make.
  /// - Parameter error: what was thrown.
  /// - Returns: the runtime error (its location, if any, kept).
  public static func wrapping(_ error: any Error) -> RuntimeError {
    var e: RuntimeError
    if let r = error as? RuntimeError {
      e = r
    } else if error is Interrupted {
      return .interrupted
    } else {
      e = RuntimeError("\(error)")
    }
    if !e.isInterrupt && e.exitStatus == nil && Interrupt.take() {
      e.message = "interrupted"
      e.isInterrupt = true
    }
    return e
  }
}

/// The call chain of a runtime error (see `RuntimeError.addCall`).
final class CallChain: @unchecked Sendable {
  var calls: [(name: String, source: Source, range: SourceRange, count: Int)] = []
}

/// Conversions from values to Swift numbers with nns error messages.
enum Convert {
  /// A scalar number (one element) as a Double.
  static func double(_ v: Value, op: String, what: String) throws -> Double {
    if case .tracked(let t) = v { return try double(Value(t.value), op: op, what: what) }
    switch v {
    case .f32(let x): return Double(x)
    case .f64(let x): return x
    case .i64(let x): return Double(x)
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

  /// An integral number as an Int (an i64 exactly, at any size).
  static func int(_ v: Value, op: String, what: String) throws -> Int {
    switch v {
    case .i64(let n): return Int(n)
    case .tensor(let t) where t.dtype == .i64 && t.count == 1: return Int(t.intElement(0) ?? 0)
    case .tracked(let t) where t.value.dtype == .i64 && t.value.count == 1:
      return Int(t.value.intElement(0) ?? 0)
    default: break
    }
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

  /// A number, or a list/tensor of numbers, as a list of Ints; `literal` is what the compiler
  /// knows when the argument was written as literals (their exact values are used).
  static func intList(_ v: Value, op: String, what: String, literal: LiteralArg? = nil) throws
    -> [Int]
  {
    switch literal {
    case .number(let c): return [try c.integer(op: op, what: what)]
    case .list(let cs): return try cs.map { try $0.integer(op: op, what: what) }
    case nil: break
    }
    if case .tracked(let t) = v { return try intList(Value(t.value), op: op, what: what) }
    switch v {
    case .list(let items):
      return try items.map { try int($0, op: op, what: what) }
    case .tensor(let t):
      guard t.rank <= 1 else {
        throw RuntimeError(
          "\(op): \(what) must be a number or a list of numbers, got shape \(shapeText(t.shape))")
      }
      if t.dtype == .i64 { return t.toInt64s().map { Int($0) } }
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
    case .i64(let x): return x != 0
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
