#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Compact, deterministic number formatting for tick labels, legends and bar values.
///
/// Thousands and up take SI suffixes (`1.5k`, `20M`), tiny and enormous magnitudes take
/// exponent form (`2e-4`, `3e18`), everything else is fixed-point with trailing zeros
/// trimmed. No locale is consulted.
public enum NumberFormat {
  private static let suffixes = ["", "k", "M", "G", "T"]

  /// The decimal exponent of a positive finite `a`: `floor(log10(a))`, exact at powers of
  /// ten; 0 for anything else.
  static func exponent(_ a: Double) -> Int {
    guard a > 0, a.isFinite else { return 0 }
    var e = Int(floor(log10(a)))
    if power10(e) > a { e -= 1 }
    if power10(e + 1) <= a { e += 1 }
    return e
  }

  /// `10^e` as a Double (0 or inf beyond the representable range).
  static func power10(_ e: Int) -> Double { pow(10.0, Double(e)) }

  /// Swift's shortest round-tripping form without a trailing `.0`; `nan`, `inf`, `-inf`.
  public static func shortest(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    let s = v.description
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
  }

  /// Formats `v` with about `significant` significant digits, compactly: `3.14`, `1.23k`,
  /// `2.13e-4`.
  public static func compact(_ v: Double, significant: Int = 3) -> String {
    guard v.isFinite else { return shortest(v) }
    if v == 0 { return "0" }
    let sig = min(max(significant, 1), 15)
    let a = abs(v)
    // Round to `sig` significant digits first, so 999.7 becomes 1k rather than 1000.
    let e0 = exponent(a)
    let unit = power10(e0 - sig + 1)
    var r = a
    if unit > 0, unit.isFinite, (a / unit).isFinite {
      let q = (a / unit).rounded()
      if (q * unit).isFinite { r = q * unit }
    }
    let e = exponent(r)
    return (v < 0 ? "-" : "") + format(r, exponent: e, lastDigitExponent: e - sig + 1)
  }

  /// Formats tick value `v` on an axis whose ticks are `step` apart, with just enough
  /// digits that neighbouring ticks read differently: `0.5`, `1.2k`, `2e-4`.
  public static func tick(_ v: Double, step: Double) -> String {
    guard v.isFinite else { return shortest(v) }
    let a = abs(v)
    guard step.isFinite, step > 0 else { return compact(v) }
    if a == 0 || a < step * 1e-9 { return "0" }
    let e = exponent(a)
    let s = exponent(step)
    // Digits beyond the step's own (a 2.5 x 10^k step needs one more).
    let stepDigits = (step / power10(s) - (step / power10(s)).rounded()).magnitude > 1e-9 ? 1 : 0
    return (v < 0 ? "-" : "") + format(a, exponent: e, lastDigitExponent: s - stepDigits)
  }

  /// Formats positive `a` (decimal exponent `e`) down to the digit at `lastDigitExponent`.
  private static func format(_ a: Double, exponent e: Int, lastDigitExponent last: Int) -> String {
    if e >= 15 || e < -3 {
      let digits = min(max(e - last, 0), 6)
      var m = a / power10(e)
      if !m.isFinite { m = a / 10 / power10(e - 1) }
      var exp = e
      var text = fixed(m, decimals: digits)
      if text.hasPrefix("10") {  // 9.99 rounded up to 10
        exp += 1
        text = fixed(m / 10, decimals: digits)
      }
      return text + "e" + String(exp)
    }
    if e >= 3 {
      let group = min(e / 3, suffixes.count - 1)
      let scale = power10(3 * group)
      let digits = min(max(3 * group - last, 0), 9)
      let text = fixed(a / scale, decimals: digits)
      if text == "1000", group + 1 < suffixes.count {
        return "1" + suffixes[group + 1]
      }
      return text + suffixes[group]
    }
    let digits = min(max(-last, 0), 12)
    let text = fixed(a, decimals: digits)
    if text == "1000" { return "1k" }
    return text
  }

  /// Fixed-point text of non-negative `x` with at most `decimals` digits after the point,
  /// trailing zeros (and a bare point) trimmed.
  static func fixed(_ x: Double, decimals: Int) -> String {
    let scale = power10(decimals)
    let scaled = (x * scale).rounded()
    guard scaled.isFinite, scaled < 9e18 else { return shortest(x) }
    let n = UInt64(scaled)
    let unit = UInt64(scale)
    let whole = n / unit
    var frac = String(n % unit)
    if decimals == 0 { return String(whole) }
    frac = String(repeating: "0", count: decimals - frac.count) + frac
    while frac.hasSuffix("0") { frac.removeLast() }
    return frac.isEmpty ? String(whole) : "\(whole).\(frac)"
  }
}
