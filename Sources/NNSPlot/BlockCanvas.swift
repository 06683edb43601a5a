/// A canvas of shade glyphs for heatmaps: one pixel a character, each holding a shade
/// level from blank to full.
///
/// Unicode shades are ` ░▒▓█`; a heatmap draws a matrix cell as two characters, so pairs
/// of adjacent shades (`░ `, `░░`, `▒░`, ...) give 9 levels. ASCII uses the 10-step ramp
/// ` .:-=+*#%@`, both characters of a pair alike.
public struct BlockCanvas: Canvas {
  public static let pixelsPerColumn = 1
  public static let pixelsPerRow = 1
  public let columns: Int
  public let rows: Int
  /// Whether the Unicode shades are used (else the ASCII ramp).
  public let unicode: Bool
  private var levels: [UInt8]
  private var colors: [PlotColor?]

  private static let unicodeShades: [Character] = [" ", "░", "▒", "▓", "█"]
  private static let asciiShades: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

  /// Creates an empty canvas of `columns x rows` characters (negative sizes become 0).
  public init(columns: Int, rows: Int, unicode: Bool) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    self.unicode = unicode
    levels = Array(repeating: 0, count: self.columns * self.rows)
    colors = Array(repeating: nil, count: self.columns * self.rows)
  }

  /// Distinct shades a two-character pair can show: 9 in Unicode, 10 in ASCII.
  public static func pairLevels(unicode: Bool) -> Int { unicode ? 9 : 10 }

  /// The number of single-character shades, blank included.
  private var shadeCount: Int { unicode ? Self.unicodeShades.count : Self.asciiShades.count }

  /// Sets pixel `(x, y)` to the fullest shade.
  public mutating func set(_ x: Int, _ y: Int, color: PlotColor?) {
    shade(x, y, level: shadeCount - 1, color: color)
  }

  /// Sets pixel `(x, y)` to single-character shade `level` (clamped), 0 being blank.
  public mutating func shade(_ x: Int, _ y: Int, level: Int, color: PlotColor?) {
    guard x >= 0, y >= 0, x < columns, y < rows else { return }
    let i = y * columns + x
    levels[i] = UInt8(min(max(level, 0), shadeCount - 1))
    colors[i] = color
  }

  /// Shades the two characters at `(2 * pairX, y)` and `(2 * pairX + 1, y)` with pair level
  /// `level` in `0..<pairLevels(unicode:)` (clamped): 0 blank, the last full.
  public mutating func shadePair(_ pairX: Int, _ y: Int, level: Int, color: PlotColor?) {
    guard pairX >= 0, pairX <= (Int.max - 1) / 2 else { return }
    let n = Self.pairLevels(unicode: unicode)
    let l = min(max(level, 0), n - 1)
    if unicode {
      shade(2 * pairX, y, level: (l + 1) / 2, color: color)
      shade(2 * pairX + 1, y, level: l / 2, color: color)
    } else {
      shade(2 * pairX, y, level: l, color: color)
      shade(2 * pairX + 1, y, level: l, color: color)
    }
  }

  /// The two glyphs of pair level `level`, for legends.
  public static func pairGlyphs(level: Int, unicode: Bool) -> String {
    var c = BlockCanvas(columns: 2, rows: 1, unicode: unicode)
    c.shadePair(0, 0, level: level, color: nil)
    return String(c.cell(column: 0, row: 0).glyph) + String(c.cell(column: 1, row: 0).glyph)
  }

  public func cell(column: Int, row: Int) -> Cell {
    let i = row * columns + column
    let glyphs = unicode ? Self.unicodeShades : Self.asciiShades
    return Cell(glyphs[Int(levels[i])], colors[i])
  }
}
