import NNSRuntime
import NNSSyntax
import NNSTensor

/// The messages of failed comparison checks: the learner's value beside the expected one.
extension NotebookSession {
  /// Why `actual` (written `text`) is not close to `expected`:
  /// `dq is 0.7788008; expected about -0.7788008`, or `sq has shape [4,1]; expected shape [4]`.
  static func explain(
    _ text: String, _ actual: Value, _ expected: Value, _ mismatch: Approx.Mismatch
  ) -> String {
    switch mismatch {
    case .shape(let a, let e):
      return "\(text) has shape \(shapeString(a)); expected shape \(shapeString(e))"
    case .kind(let a, let e):
      return "\(text) is \(shown(actual)), a \(a); expected \(shown(expected)), a \(e)"
    case .element(let path, let shape, let index, let x, let y):
      let about = y.isFinite && y != y.rounded() ? "about " : ""
      let (a, e) = (shown(actual), shown(expected))
      var message = "\(text) is \(a); expected \(about)\(e)"
      // Where they differ, when that is hard to see: a long value, or one cut or summarised.
      let count = shape.reduce(1, *)
      if count > 6 || a == e || a.contains("...") || e.contains("...") || !path.isEmpty {
        let position = shape.isEmpty ? "" : multiIndex(index, shape)
        message +=
          " (\(text)\(path)\(position) is \(number(x)), expected \(about)\(number(y)))"
      }
      return message
    case .structure, .value:
      return "\(text) is \(shown(actual)); expected \(shown(expected))"
    }
  }

  /// Why `actual op expected` does not hold: `final is 0.23; expected below 0.1`.
  static func explain(
    _ text: String, _ actual: Value, _ expected: Value, _ op: BinaryOperator
  ) -> String {
    let relation: String
    switch op {
    case .less: relation = "below"
    case .lessEqual: relation = "at most"
    case .greater: relation = "above"
    case .greaterEqual: relation = "at least"
    default: relation = "different from"
    }
    let every = (actual.asTensor?.count ?? 1) > 1 ? "every element " : ""
    return "\(text) is \(shown(actual)); expected \(every)\(relation) \(shown(expected))"
  }

  /// A value on one line, as `print` writes it (strings quoted), cut to 72 characters.
  static func shown(_ v: Value) -> String {
    var text: String
    if case .string(let s) = v {
      text = Display.quoted(s)
    } else {
      text = Display.plain(v, width: 1000)
    }
    text = text.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingSpaces }
      .joined(separator: " ")
    return text.count > 72 ? String(text.prefix(69)) + "..." : text
  }

  /// A number as nns prints it: in f32's shortest form when it is an f32 value (elements are
  /// compared as doubles, and `2.1` in f32 would otherwise show as 2.0999999046325684).
  static func number(_ x: Double) -> String {
    let single = Float(x)
    if Double(single) == x || x.isNaN { return Display.plain(.f32(single)) }
    return Display.plain(.f64(x))
  }

  /// `[i, j]` for row-major position `index` in `shape`.
  static func multiIndex(_ index: Int, _ shape: [Int]) -> String {
    var rest = index
    var parts: [Int] = []
    for size in shape.reversed() {
      let n = max(size, 1)
      parts.append(rest % n)
      rest /= n
    }
    return "[" + parts.reversed().map(String.init).joined(separator: ", ") + "]"
  }
}
