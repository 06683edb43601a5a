/// A grid of character cells addressed by pixels: each cell holds
/// `pixelsPerColumn x pixelsPerRow` pixels, and a cell's glyph shows which are on.
///
/// Pixel `(0, 0)` is the top-left; `x` grows right, `y` grows down. Setting a pixel
/// outside the canvas does nothing, so callers never need to bounds-check.
public protocol Canvas {
  /// Pixels across one character cell.
  static var pixelsPerColumn: Int { get }
  /// Pixels down one character cell.
  static var pixelsPerRow: Int { get }
  /// Character cells across.
  var columns: Int { get }
  /// Character cells down.
  var rows: Int { get }
  /// Turns pixel `(x, y)` on, colouring its cell `color` (the last colour set wins).
  mutating func set(_ x: Int, _ y: Int, color: PlotColor?)
  /// The glyph and colour of the cell at `column`, `row` (both in range).
  func cell(column: Int, row: Int) -> Cell
}

extension Canvas {
  /// Pixels across the whole canvas.
  public var pixelWidth: Int { columns * Self.pixelsPerColumn }
  /// Pixels down the whole canvas.
  public var pixelHeight: Int { rows * Self.pixelsPerRow }

  /// Every cell, row by row.
  public func cells() -> [[Cell]] {
    (0..<rows).map { r in (0..<columns).map { c in cell(column: c, row: r) } }
  }

  /// Draws the segment between two points given in (fractional) pixel coordinates,
  /// clipped to the canvas first, so far-away or huge coordinates cost nothing.
  /// Non-finite coordinates draw nothing.
  public mutating func line(
    _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: PlotColor?
  ) {
    let xmax = Double(pixelWidth - 1), ymax = Double(pixelHeight - 1)
    let inside =
      x0 >= 0 && x0 <= xmax && x1 >= 0 && x1 <= xmax && y0 >= 0 && y0 <= ymax
      && y1 >= 0 && y1 <= ymax
    guard let (a, b, c, d) = inside ? (x0, y0, x1, y1) : clip(x0, y0, x1, y1) else { return }
    // Clipped coordinates lie in [0, max]: adding 0.5 and truncating rounds half up.
    let ix0 = Int(a + 0.5), iy0 = Int(b + 0.5)
    let ix1 = Int(c + 0.5), iy1 = Int(d + 0.5)
    let dx = ix1 - ix0, dy = iy1 - iy0
    let steps = max(abs(dx), abs(dy))
    if steps == 0 {
      set(ix0, iy0, color: color)
      return
    }
    // Digital differential analyser: one pixel per step along the major axis.
    let sx = Double(dx) / Double(steps), sy = Double(dy) / Double(steps)
    var x = Double(ix0) + 0.5, y = Double(iy0) + 0.5
    for _ in 0...steps {
      set(Int(x), Int(y), color: color)
      x += sx
      y += sy
    }
  }

  /// Turns on the pixel nearest to a point in fractional pixel coordinates.
  public mutating func point(_ x: Double, _ y: Double, color: PlotColor?) {
    // Non-finite values fail every comparison; x + 0.5 > 0 truncates to the nearest pixel.
    guard x > -0.5, y > -0.5, x < Double(pixelWidth) - 0.5, y < Double(pixelHeight) - 0.5
    else { return }
    set(Int(x + 0.5), Int(y + 0.5), color: color)
  }

  /// Cohen-Sutherland clipping of a segment to the pixel rectangle; nil when it misses.
  /// A clipped end lies exactly on the boundary, so coordinates of any size keep their
  /// on-canvas precision.
  private func clip(
    _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double
  ) -> (Double, Double, Double, Double)? {
    guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
    let xmax = Double(pixelWidth - 1), ymax = Double(pixelHeight - 1)
    guard xmax >= 0, ymax >= 0 else { return nil }
    func code(_ x: Double, _ y: Double) -> Int {
      (x < 0 ? 1 : 0) | (x > xmax ? 2 : 0) | (y < 0 ? 4 : 0) | (y > ymax ? 8 : 0)
    }
    // The point at parameter t from a to b, in halves so nothing overflows.
    func along(_ a: Double, _ b: Double, _ t: Double) -> Double {
      (a / 2 + (b / 2 - a / 2) * t) * 2
    }
    var (ax, ay, bx, by) = (x0, y0, x1, y1)
    for _ in 0..<8 {
      let ca = code(ax, ay), cb = code(bx, by)
      if ca | cb == 0 { return (ax, ay, bx, by) }
      if ca & cb != 0 { return nil }
      let out = ca != 0 ? ca : cb
      var x = 0.0, y = 0.0
      if out & 1 != 0 || out & 2 != 0 {
        x = out & 1 != 0 ? 0 : xmax
        let t = (x / 2 - ax / 2) / (bx / 2 - ax / 2)
        y = along(ay, by, t)
      } else {
        y = out & 4 != 0 ? 0 : ymax
        let t = (y / 2 - ay / 2) / (by / 2 - ay / 2)
        x = along(ax, bx, t)
      }
      guard x.isFinite, y.isFinite else { return nil }
      if out == ca { (ax, ay) = (x, y) } else { (bx, by) = (x, y) }
    }
    let ca = code(ax, ay), cb = code(bx, by)
    return ca | cb == 0 ? (ax, ay, bx, by) : nil
  }
}
