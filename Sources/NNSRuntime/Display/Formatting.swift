import NNSSyntax
import NNSTensor

/// String interpolation and `format(x, spec)`.
enum Formatting {
  /// The text of `{v}` or `{v:spec}` inside a string literal.
  /// - Parameters:
  ///   - v: the value.
  ///   - spec: the format spec, if any.
  ///   - width: the output width (for multi-line tensors).
  static func interpolate(_ v: Value, spec: FormatSpec?, width: Int) throws -> String {
    guard let spec else { return Display.plain(v, width: width) }
    return try format(v, spec, width: width)
  }

  /// Formats a value under a spec: numbers (bools as 1/0), tensors element by element,
  /// strings padded to the width.
  static func format(_ v: Value, _ spec: FormatSpec, width: Int) throws -> String {
    switch v {
    case .f32(let x): return NumberFormat.format(Double(x), spec, isF32: true)
    case .f64(let x): return NumberFormat.format(x, spec, isF32: false)
    case .i64(let x): return NumberFormat.format(x, spec)
    case .bool(let b): return NumberFormat.format(b ? 1 : 0, spec, isF32: false)
    case .tensor(let t):
      var inner = spec
      inner.width = nil
      let body = Display.tensor(
        t, width: width, formatter: { x in NumberFormat.format(x, inner, isF32: t.dtype == .f32) },
        intFormatter: { n in NumberFormat.format(n, inner) })
      return NumberFormat.pad(body, to: spec.width, right: true)
    case .tracked(let t): return try format(Value(t.value), spec, width: width)
    case .string(let s):
      guard spec.precision == nil, spec.style == nil else {
        throw RuntimeError("format: a string takes only a width, got spec '\(spec)'")
      }
      return NumberFormat.pad(s, to: spec.width, right: false)
    default:
      throw RuntimeError("format: cannot format a \(v.kindName) with spec '\(spec)'")
    }
  }
}
