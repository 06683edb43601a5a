/// A colour for a pixel or cell, written as an ANSI SGR escape only when the style allows.
public enum PlotColor: Sendable, Equatable, Hashable {
  /// One of the 16 basic terminal colours by SGR foreground code (30-37, 90-97).
  case basic(UInt8)
  /// A dim (faint) basic colour, for backgrounds such as decision regions.
  case faint(UInt8)
  /// One of the 256 indexed colours (`38;5;N`), for heatmap ramps.
  case indexed(UInt8)

  /// The SGR escape that starts this colour.
  var escape: String {
    switch self {
    case .basic(let c): return "\u{1B}[\(c)m"
    case .faint(let c): return "\u{1B}[2;\(c)m"
    case .indexed(let n): return "\u{1B}[38;5;\(n)m"
    }
  }

  /// The SGR escape that ends any colour.
  static let reset = "\u{1B}[0m"

  /// Series and class colours in order: blue, red, green, yellow, magenta, cyan, then the
  /// bright variants. Chosen to stay legible on dark and light backgrounds.
  static let palette: [UInt8] = [34, 31, 32, 33, 35, 36, 94, 91, 92, 95]

  /// The colour of series or class number `i` (cycling through the palette).
  static func series(_ i: Int) -> PlotColor { .basic(palette[mod(i, palette.count)]) }

  /// The faint colour of class number `i`, for region backgrounds.
  static func region(_ i: Int) -> PlotColor { .faint(palette[mod(i, palette.count)]) }

  /// A dark-to-bright sequential ramp of 256-colour indices (purple, blue, teal, green,
  /// yellow, in the spirit of viridis), one per heatmap shade level.
  static let ramp: [UInt8] = [54, 55, 61, 67, 30, 36, 72, 107, 149, 191, 226]
}

/// `Int(x)` truncated and clamped to `0..<n` (0 for NaN, the ends for infinities), so a
/// degenerate scale (a range of subnormal width) cannot trap.
func clampedIndex(_ x: Double, _ n: Int) -> Int {
  guard n > 0, x > 0 else { return 0 }
  return x < Double(n) ? Int(x) : n - 1
}

/// Floor modulo that never traps for a positive `n`.
func mod(_ i: Int, _ n: Int) -> Int {
  guard n > 0 else { return 0 }
  let r = i % n
  return r < 0 ? r + n : r
}

/// One character cell of a finished picture: a glyph and an optional colour.
public struct Cell: Sendable, Equatable {
  /// The glyph shown (one terminal column).
  public var glyph: Character
  /// Its colour, or nil for the terminal's default.
  public var color: PlotColor?

  /// Creates a cell.
  public init(_ glyph: Character, _ color: PlotColor? = nil) {
    self.glyph = glyph
    self.color = color
  }

  /// A blank cell.
  static let blank = Cell(" ")
}
