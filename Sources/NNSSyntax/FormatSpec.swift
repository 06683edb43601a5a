/// A string-interpolation format spec, `[width][.precision][f|e|g]` (SPEC §1), as in
/// `"{loss:.4f}"` or `format(x, "8.2e")`.
public struct FormatSpec: Sendable, Hashable, CustomStringConvertible {
  /// The notation letter.
  public enum Style: String, Sendable {
    /// `f`: fixed-point.
    case fixed = "f"
    /// `e`: exponent notation.
    case exponent = "e"
    /// `g`: general (shortest of fixed and exponent).
    case general = "g"
  }

  /// Largest accepted width, so a hostile spec cannot ask for gigabytes of padding.
  public static let maxWidth = 1000
  /// Largest accepted precision.
  public static let maxPrecision = 100

  /// Minimum field width (right-aligned), if given.
  public var width: Int?
  /// Digits after the point (for `f`/`e`) or significant digits (for `g`), if given.
  public var precision: Int?
  /// The notation, if given.
  public var style: Style?

  /// Parses a spec such as `.4f`, `8`, `10.3e` or the empty spec.
  /// - Parameter text: the spec without the leading `:`.
  /// - Throws: `FormatSpecError` naming the spec when it is malformed or a number is too large.
  public init(parsing text: String) throws(FormatSpecError) {
    let bytes = Array(text.utf8)
    var index = 0
    /// Reads a run of decimal digits, if any, refusing absurdly large values.
    func number() throws(FormatSpecError) -> Int? {
      var value: Int?
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        value = (value ?? 0) * 10 + Int(bytes[index] - 0x30)
        if let current = value, current > 1_000_000 {
          throw FormatSpecError(message: "format spec '\(text)' has too large a number")
        }
        index += 1
      }
      return value
    }
    width = try number()
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard let digits = try number() else {
        throw FormatSpecError(message: "invalid format spec '\(text)': expected digits after '.'")
      }
      precision = digits
    }
    if index < bytes.count, let letter = Style(rawValue: String(UnicodeScalar(bytes[index]))) {
      style = letter
      index += 1
    }
    guard index == bytes.count else {
      throw FormatSpecError(
        message: "invalid format spec '\(text)': expected [width][.precision][f|e|g]")
    }
    if let width, width > Self.maxWidth {
      throw FormatSpecError(message: "format width \(width) is too large (limit \(Self.maxWidth))")
    }
    if let precision, precision > Self.maxPrecision {
      throw FormatSpecError(
        message: "format precision \(precision) is too large (limit \(Self.maxPrecision))")
    }
  }

  /// The spec as written canonically, e.g. `8.3f`.
  public var description: String {
    (width.map(String.init) ?? "") + (precision.map { ".\($0)" } ?? "") + (style?.rawValue ?? "")
  }
}

/// A malformed format spec; `description` is the lowercase message.
public struct FormatSpecError: Error, Sendable, CustomStringConvertible {
  /// The message, e.g. `invalid format spec '4x': expected [width][.precision][f|e|g]`.
  public var message: String
  /// The message.
  public var description: String { message }
}
