/// The diverging scale of `heatmap(M, center: c)`: values below the centre and above it get
/// two different textures that grow darker with the distance from the centre, and the centre
/// itself is blank, so a weight of 0 draws no ink whatever the sign of its neighbours.
///
/// The scale is symmetric: it runs from `c - spread` to `c + spread`, where `spread` is the
/// largest distance of a finite value from `c` (matplotlib's `CenteredNorm`). It has
/// `divergingLevels` levels: four below the centre, the blank centre, four above.
enum Diverging {
  /// Levels of the scale: 4 below the centre, the centre, 4 above.
  static let levels = 9
  /// The centre level.
  static let middle = 4

  /// The two glyphs of each level, from the far low end to the far high end. Unicode: braille
  /// textures (dots) below the centre and block shades above; ASCII: `. - = #` below and
  /// `' + * @` above.
  static func glyphs(_ level: Int, unicode: Bool) -> String {
    let unicodeGlyphs = ["⣿⣿", "⠿⠿", "⠭⠭", "⠒⠒", "  ", "░░", "▒▒", "▓▓", "██"]
    let asciiGlyphs = ["##", "==", "--", "..", "  ", "''", "++", "**", "@@"]
    let table = unicode ? unicodeGlyphs : asciiGlyphs
    return table[min(max(level, 0), levels - 1)]
  }

  /// 256-colour indices per level: blues below the centre (darkest blue farthest), none at the
  /// centre, reds above (brightest red farthest), as in the classic red-blue diverging maps.
  static let colors: [UInt8?] = [21, 27, 33, 39, nil, 209, 203, 197, 196]

  /// The colour of a level, or nil for the blank centre.
  static func color(_ level: Int) -> PlotColor? {
    colors[min(max(level, 0), levels - 1)].map { .indexed($0) }
  }

  /// The level of value `v` on a scale of `spread` around `center`: the range
  /// `[center - spread, center + spread]` cut into 9 equal bins, the middle one blank.
  static func level(_ v: Double, center: Double, spread: Double) -> Int {
    guard spread > 0, spread.isFinite else { return middle }
    // Halves keep `v - center` finite for values near the Double limit.
    let t = (v / 2 - center / 2) / (spread / 2)
    return clampedIndex((t + 1) / 2 * Double(levels), levels)
  }

  /// The distance from `center` to the farthest finite value, or nil without finite values.
  static func spread(_ values: [Double], center: Double) -> Double? {
    guard let (lo, hi) = finiteRange(values) else { return nil }
    return max(abs(hi / 2 - center / 2), abs(center / 2 - lo / 2)) * 2
  }

  /// Fills a heatmap's cells (two characters each) with diverging glyphs.
  /// - Parameters:
  ///   - cells: the averaged matrix cells, row-major, `outRows x outCols`.
  ///   - center: the value drawn blank.
  ///   - spread: the scale's half-width.
  /// - Returns: the grid of characters; a cell with no finite value shows `??`.
  static func grid(
    _ cells: [Double], outRows: Int, outCols: Int, center: Double, spread: Double?,
    res: Resolved
  ) -> [[Cell]] {
    var grid: [[Cell]] = []
    for r in 0..<outRows {
      var row: [Cell] = []
      for c in 0..<outCols {
        let v = cells[r * outCols + c]
        guard v.isFinite, let spread else {
          row += [Cell("?"), Cell("?")]
          continue
        }
        let l = level(v, center: center, spread: spread)
        let color = res.color ? Diverging.color(l) : nil
        row += glyphs(l, unicode: res.unicode).map { Cell($0, $0 == " " ? nil : color) }
      }
      grid.append(row)
    }
    return grid
  }

  /// The scale line: `-0.8 [⣿⣿⠿⠿⠭⠭⠒⠒  ░░▒▒▓▓██] 0.8, blank at 0`; the numbers move to a second
  /// line when one line would not fit the width.
  static func scaleLines(center: Double, spread: Double?, res: Resolved, indent: Int) -> [String] {
    guard let spread else {
      return [String(repeating: " ", count: indent) + "no finite values"]
    }
    let loText = NumberFormat.compact(center - spread, significant: 3)
    let hiText = NumberFormat.compact(center + spread, significant: 3)
    let note = ", blank at " + NumberFormat.compact(center, significant: 3)
    let rampWidth = 2 * levels + 2
    let oneLine = loText.count + hiText.count + 2 + rampWidth + note.count
    let split = oneLine > res.width
    let lead = !split && oneLine + indent <= res.width ? indent : 0
    var w = LineWriter(color: res.color)
    w.plain(String(repeating: " ", count: lead))
    if !split { w.plain(loText + " ") }
    w.plain("[")
    let narrow = rampWidth > res.width
    for l in 0..<levels {
      let glyphs = glyphs(l, unicode: res.unicode)
      w.put(narrow ? String(glyphs.prefix(1)) : glyphs, res.color ? color(l) : nil)
    }
    w.plain("]")
    if !split {
      w.plain(" " + hiText + note)
      return [w.finish()]
    }
    return [
      w.finish(),
      fit(loText + " to " + hiText + note, res.width, unicode: res.unicode),
    ]
  }
}
