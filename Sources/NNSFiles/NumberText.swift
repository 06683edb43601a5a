// Numbers as text: the shortest form that reads back as the same value.

/// Formats numbers for CSV and JSON in their shortest round-trip form.
enum NumberText {
  /// The shortest text that reads back as `value` in f64: `3`, `0.1`, `1e-08`, `-0`.
  ///
  /// NaN is `nan`, infinities `inf` and `-inf` (the caller may substitute its own tokens).
  static func double(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return trimmed(value.description)
  }

  /// The shortest text that reads back as `value` in f32: `0.1` rather than
  /// `0.10000000149011612`.
  static func float(_ value: Float) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return trimmed(value.description)
  }

  /// Drops a trailing `.0` (`3.0` -> `3`, `1.0e+20` stays as Swift wrote it otherwise).
  private static func trimmed(_ text: String) -> String {
    text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }
}
