#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The marker glyphs that tell series and classes apart without colour.
enum Markers {
  static let unicode: [Character] = ["●", "▲", "■", "◆", "▼", "✚", "✖", "★", "◀", "▶"]
  static let ascii: [Character] = ["o", "x", "+", "*", "#", "@", "%", "&", "$", "="]

  /// The marker of series or class number `i` (cycling).
  static func glyph(_ i: Int, unicode: Bool) -> Character {
    let set = unicode ? Markers.unicode : Markers.ascii
    return set[mod(i, set.count)]
  }
}

/// `log10` for positive finite or infinite `v`.
func log10Value(_ v: Double) -> Double { log10(v) }
