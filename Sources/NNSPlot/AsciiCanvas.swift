/// A canvas of plain ASCII glyphs (for `NNS_ASCII=1` or a non-UTF-8 locale): 2 x 3 pixels
/// a character, drawn as the glyph whose shape best matches the pixels that are on
/// (`'` `-` `_` for flat strokes, `/` `\` for slopes, `|` for steep ones).
public struct AsciiCanvas: Canvas {
  public static let pixelsPerColumn = 2
  public static let pixelsPerRow = 3
  public let columns: Int
  public let rows: Int
  private var bits: [UInt8]
  private var colors: [PlotColor?]

  /// The glyph for each of the 64 pixel patterns (bit `2 * row + column`).
  private static let glyphs: [Character] = (0..<64).map { glyph(for: $0) }

  /// Creates an empty canvas of `columns x rows` cells (negative sizes become 0).
  public init(columns: Int, rows: Int) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    bits = Array(repeating: 0, count: self.columns * self.rows)
    colors = Array(repeating: nil, count: self.columns * self.rows)
  }

  public mutating func set(_ x: Int, _ y: Int, color: PlotColor?) {
    guard x >= 0, y >= 0 else { return }
    let c = x >> 1, r = y / 3
    guard c < columns, r < rows else { return }
    let i = r * columns + c
    bits[i] |= UInt8(1) << UInt8((y - r * 3) * 2 + (x & 1))
    if let color { colors[i] = color }
  }

  public func cell(column: Int, row: Int) -> Cell {
    let i = row * columns + column
    return Cell(Self.glyphs[Int(bits[i])], bits[i] == 0 ? nil : colors[i])
  }

  /// Chooses the ASCII glyph for a pixel pattern from where its left and right halves sit.
  private static func glyph(for pattern: Int) -> Character {
    if pattern == 0 { return " " }
    var left: [Int] = [], right: [Int] = []
    for row in 0..<3 {
      if pattern & (1 << (row * 2)) != 0 { left.append(row) }
      if pattern & (1 << (row * 2 + 1)) != 0 { right.append(row) }
    }
    let all = left + right
    let lo = all.min() ?? 0, hi = all.max() ?? 0
    if !left.isEmpty, !right.isEmpty {
      let l = Double(left.reduce(0, +)) / Double(left.count)
      let r = Double(right.reduce(0, +)) / Double(right.count)
      if l > r { return "/" }
      if l < r { return "\\" }
    }
    if hi - lo >= 1 { return "|" }
    return ["'", "-", "_"][lo]
  }
}
