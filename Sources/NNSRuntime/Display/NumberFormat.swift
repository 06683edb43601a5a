#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSSyntax

/// Number formatting: the shortest round-trip form and `[width][.precision][f|e|g]` specs.
public enum NumberFormat {
  /// The shortest text that reads back as the same `Float`, without a trailing `.0`.
  /// - Parameter x: the value.
  /// - Returns: e.g. `3`, `0.1`, `1e-08`, `-2.5`, `nan`, `inf`, `-inf`.
  public static func shortest(_ x: Float) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return trimmed(x.description)
  }

  /// The shortest text that reads back as the same `Double`, without a trailing `.0`.
  /// - Parameter x: the value.
  /// - Returns: e.g. `3`, `0.1`, `1e-08`, `-2.5`, `nan`, `inf`, `-inf`.
  public static func shortest(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return trimmed(x.description)
  }

  /// Removes a trailing `.0` from Swift's description (`3.0` -> `3`, `1e+20` stays).
  private static func trimmed(_ text: String) -> String {
    if text.hasSuffix(".0") { return String(text.dropLast(2)) }
    return text
  }

  /// Formats a number under a spec.
  /// - Parameters:
  ///   - x: the value.
  ///   - spec: the parsed spec.
  ///   - isF32: whether the shortest form should be the `Float` one.
  /// - Returns: the formatted, padded text.
  public static func format(_ x: Double, _ spec: FormatSpec, isF32: Bool) -> String {
    var body: String
    if x.isNaN {
      body = "nan"
    } else if x.isInfinite {
      body = x < 0 ? "-inf" : "inf"
    } else if let style = spec.style {
      body = cFormat(x, kind: Character(style.rawValue), precision: spec.precision ?? 6)
    } else if let precision = spec.precision {
      body = cFormat(x, kind: "g", precision: max(precision, 1))
    } else {
      body = isF32 ? shortest(Float(x)) : shortest(x)
    }
    return pad(body, to: spec.width, right: true)
  }

  /// Formats an integer under a spec: exactly when the spec has no style or precision
  /// (`{n}`, `{n:5}`), as a Double under `f`, `e`, `g` or a precision (`{n:.2f}` is `3.00`).
  /// - Parameters:
  ///   - x: the value.
  ///   - spec: the parsed spec.
  /// - Returns: the formatted, padded text.
  public static func format(_ x: Int64, _ spec: FormatSpec) -> String {
    if spec.style == nil && spec.precision == nil {
      return pad(String(x), to: spec.width, right: true)
    }
    return format(Double(x), spec, isF32: false)
  }

  /// Pads text with spaces to a width.
  /// - Parameters:
  ///   - text: the text.
  ///   - width: the minimum width, or nil for none.
  ///   - right: right-align (numbers) when true, left-align (text) otherwise.
  public static func pad(_ text: String, to width: Int?, right: Bool) -> String {
    guard let width else { return text }
    let n = text.count
    guard n < width else { return text }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + text : text + fill
  }

  /// printf-style formatting of one double.
  private static func cFormat(_ x: Double, kind: Character, precision: Int) -> String {
    let format = "%.\(precision)\(kind)"
    var buffer = [CChar](repeating: 0, count: 512)
    let written = withVaList([x]) { args in
      buffer.withUnsafeMutableBufferPointer { buf in
        vsnprintf(buf.baseAddress, buf.count, format, args)
      }
    }
    guard written >= 0 else { return shortest(x) }
    if Int(written) >= buffer.count {
      buffer = [CChar](repeating: 0, count: Int(written) + 1)
      _ = withVaList([x]) { args in
        buffer.withUnsafeMutableBufferPointer { buf in
          vsnprintf(buf.baseAddress, buf.count, format, args)
        }
      }
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
