/// A canvas of Unicode braille cells: 2 x 4 dots a character, an empty cell is U+2800.
public struct BrailleCanvas: Canvas {
  public static let pixelsPerColumn = 2
  public static let pixelsPerRow = 4
  public let columns: Int
  public let rows: Int
  private var bits: [UInt8]
  private var colors: [PlotColor?]

  /// Creates an empty canvas of `columns x rows` cells (negative sizes become 0).
  public init(columns: Int, rows: Int) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    bits = Array(repeating: 0, count: self.columns * self.rows)
    colors = Array(repeating: nil, count: self.columns * self.rows)
  }

  @inline(__always)
  public mutating func set(_ x: Int, _ y: Int, color: PlotColor?) {
    guard x >= 0, y >= 0 else { return }
    let c = x >> 1, r = y >> 2
    guard c < columns, r < rows else { return }
    let i = r * columns + c
    // Braille dots 1-3 are bits 0-2 (left) and 3-5 (right); dots 7, 8 are bits 6, 7.
    let row = y & 3, col = x & 1
    bits[i] |= row < 3 ? UInt8(1) << UInt8(row + 3 * col) : UInt8(0x40) << UInt8(col)
    if let color { colors[i] = color }
  }

  /// Whether any dot of the cell at `column`, `row` is on.
  public func isSet(column: Int, row: Int) -> Bool { bits[row * columns + column] != 0 }

  public func cell(column: Int, row: Int) -> Cell {
    let i = row * columns + column
    let scalar = Unicode.Scalar(0x2800 + UInt32(bits[i])) ?? " "
    return Cell(Character(scalar), bits[i] == 0 ? nil : colors[i])
  }
}
