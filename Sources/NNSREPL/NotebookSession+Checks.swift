import NNSRuntime
import NNSSyntax
import NNSTensor

/// How an exercise's `#!` checks are judged (docs/NOTEBOOKS.md, "Checks").
///
/// A check whose expression is a comparison, `A == B`, `A != B`, `A < B`, `A <= B`, `A > B`,
/// `A >= B`, or a call `approx(A, B, ...)`, is judged by its two sides: `A` is the learner's
/// value and `B` the expected one. `==` compares as `approx` does (within a relative 1e-5 and an
/// absolute 1e-6, shapes equal or `B` a single number), because floats computed two correct
/// ways rarely agree to the last bit. When such a check fails, the message shows both values:
/// `dq is 0.7788008; expected about -0.7788008`. Any other check must simply be truthy.
extension NotebookSession {
  /// A comparison check taken apart.
  struct CheckParts {
    /// How the sides are compared.
    enum Relation {
      /// `A == B` or `approx(A, B)`: within a tolerance.
      case close
      /// `A != B`, `A < B`, ...: as the operator computes it, element by element.
      case ordered(BinaryOperator)
    }

    var relation: Relation
    /// The learner's side and the expected side, as source text padded to their columns.
    var actual: String
    var expected: String
    /// The learner's side as written, for messages.
    var actualText: String
    /// `approx`'s tolerances as source text, when given.
    var rtol: String?
    var atol: String?
  }

  /// Judges one check; a comparison fails with both sides' values in its message.
  func judge(_ check: Notebook.Check) -> CheckOutcome {
    let padding = String(repeating: " ", count: max(0, check.column - 1))
    guard let parts = Self.parts(of: padding + check.text) else {
      return truthOutcome(check)
    }
    switch parts.relation {
    case .close:
      let values: (Value, Value, Double, Double)
      do {
        let actual = try value(parts.actual, check)
        let expected = try value(parts.expected, check)
        let rtol = try parts.rtol.map { try number(value($0, check), "rtol") }
        let atol = try parts.atol.map { try number(value($0, check), "atol") }
        values = (actual, expected, rtol ?? Approx.defaultRtol, atol ?? Approx.defaultAtol)
      } catch {
        return .error("\(error)")
      }
      let (actual, expected, rtol, atol) = values
      guard let mismatch = Approx.mismatch(actual, expected, rtol: rtol, atol: atol) else {
        return .holds
      }
      return .fails(Self.explain(parts.actualText, actual, expected, mismatch))
    case .ordered(let op):
      let outcome = truthOutcome(check)
      guard case .fails = outcome else { return outcome }
      guard let actual = try? value(parts.actual, check),
        let expected = try? value(parts.expected, check)
      else { return outcome }
      return .fails(Self.explain(parts.actualText, actual, expected, op))
    }
  }

  /// The check's value as a truth value, as every check was judged before comparisons were.
  func truthOutcome(_ check: Notebook.Check) -> CheckOutcome {
    let value: Value
    do {
      value = try self.value(
        String(repeating: " ", count: max(0, check.column - 1)) + check.text, check)
    } catch { return .error("\(error)") }
    switch NotebookSession.truth(value) {
    case .some(true): return .holds
    case .some(false): return .fails(Self.doesNotHold(check))
    case .none:
      return .error("a check must give true or false, got \(value.kindName): \(check.text)")
    }
  }

  /// The plain message of a check that is false.
  static func doesNotHold(_ check: Notebook.Check) -> String {
    "check does not hold: \(check.text)"
  }

  /// Evaluates source text of a check at the check's line, without displaying anything.
  func value(_ text: String, _ check: Notebook.Check) throws -> Value {
    let source = Source(name: name, text: text + "\n", firstLine: check.line)
    session.settle()
    Interrupt.clear()
    interpreter.resetSteps()
    return try interpreter.run(source)
  }

  /// A tolerance argument as a number.
  private func number(_ v: Value, _ what: String) throws -> Double {
    guard let t = v.asTensor, t.count == 1 else {
      throw RuntimeError("approx: \(what) must be a number, got \(v.kindName)")
    }
    return t.element(0)
  }

  /// Takes a check apart when it is a comparison or an `approx` call, else nil.
  /// - Parameter text: the check's expression, padded with spaces to its column.
  static func parts(of text: String) -> CheckParts? {
    let parsed = Parser.parse(Source(name: "<check>", text: text))
    guard parsed.diagnostics.isEmpty, parsed.statements.count == 1,
      case .expression(let expr, _) = parsed.statements[0].kind
    else { return nil }
    let bytes = Array(text.utf8)
    func slice(_ e: Expr) -> String {
      let a = min(max(e.range.start.offset, 0), bytes.count)
      let b = min(max(e.range.end.offset, a), bytes.count)
      let column = max(e.range.start.column - 1, 0)
      return String(repeating: " ", count: column) + String(decoding: bytes[a..<b], as: UTF8.self)
    }
    func written(_ e: Expr) -> String { slice(e).trimmingSpaces }
    switch expr.kind {
    case .binary(let op, let lhs, let rhs):
      switch op {
      case .equal:
        return CheckParts(
          relation: .close, actual: slice(lhs), expected: slice(rhs), actualText: written(lhs))
      case .notEqual, .less, .lessEqual, .greater, .greaterEqual:
        return CheckParts(
          relation: .ordered(op), actual: slice(lhs), expected: slice(rhs),
          actualText: written(lhs))
      default: return nil
      }
    case .call(let callee, let args):
      guard case .identifier("approx") = callee.kind else { return nil }
      let positional = args.filter { $0.label == nil }.map(\.value)
      guard positional.count >= 2, positional.count <= 4 else { return nil }
      var parts = CheckParts(
        relation: .close, actual: slice(positional[0]), expected: slice(positional[1]),
        actualText: written(positional[0]))
      parts.rtol = positional.count > 2 ? slice(positional[2]) : nil
      parts.atol = positional.count > 3 ? slice(positional[3]) : nil
      for arg in args {
        switch arg.label?.name {
        case nil: continue
        case "rtol": parts.rtol = slice(arg.value)
        case "atol": parts.atol = slice(arg.value)
        default: return nil
        }
      }
      return parts
    default:
      return nil
    }
  }
}
