extension Plots {
  /// The default most rows a heatmap's picture takes.
  public static let defaultHeatmapHeight = 24

  /// Draws a matrix as a shaded heatmap: `heatmap(M)`, with row and column indices and a
  /// scale from the smallest to the largest value.
  ///
  /// Each matrix cell is two characters wide and one row tall (about square in a
  /// terminal). Small matrices are enlarged up to twice; large ones are shrunk by the same
  /// factor along both axes (averaging blocks, NaNs left out) until they fit `width` and
  /// `height` rows, so the picture keeps the matrix's aspect. Shades run from blank (the
  /// minimum) to full (the maximum) in 9 Unicode or 10 ASCII levels; with colour, each
  /// level also gets a colour of a dark-to-bright ramp. A cell with no finite value shows
  /// `??`.
  ///
  /// With `center`, the scale diverges instead (`Diverging`): symmetric around `center`,
  /// which is blank, with one texture (and colour) for values below it and another above, so
  /// a weight matrix shows its zeros as empty and its signs apart.
  /// - Parameters:
  ///   - values: the matrix, row-major.
  ///   - rows: its rows (at least 1).
  ///   - columns: its columns (at least 1).
  ///   - center: the value of a diverging scale's blank middle, or nil for a sequential scale.
  ///   - options: `title:`, `xlabel:`, `ylabel:`, `width:`, `height:` (the most rows).
  ///   - style: the output layer's choices.
  /// - Returns: the heatmap, one string of lines.
  /// - Throws: `PlotError` when the shape does not match the values or is empty, or `center`
  ///   is not finite.
  public static func heatmap(
    _ values: [Double], rows: Int, columns: Int, center: Double? = nil,
    options: PlotOptions = PlotOptions(), style: PlotStyle = PlotStyle()
  ) throws(PlotError) -> String {
    let op = "heatmap"
    let res = try Resolved(op, style, options, defaultHeight: defaultHeatmapHeight)
    try rejectLogy(op, options)
    guard rows >= 0, columns >= 0,
      case (let n, false) = rows.multipliedReportingOverflow(by: columns), n == values.count
    else {
      throw PlotError("\(op): \(values.count) values do not fill shape [\(rows),\(columns)]")
    }
    guard rows > 0, columns > 0 else {
      throw PlotError("\(op): matrix of shape [\(rows),\(columns)] is empty")
    }
    let rowLabelWidth = String(rows - 1).count + 1
    let maxAcross = max((res.width - rowLabelWidth - 2) / 2, 1)
    let maxDown = res.height
    // Scale: enlarge small matrices (at most twice), shrink large ones by one factor.
    var scale = 1
    if 2 * columns <= maxAcross && 2 * rows <= maxDown { scale = 2 }
    let shrink = max(Double(columns) / Double(maxAcross), Double(rows) / Double(maxDown), 1)
    let outCols =
      scale > 1
      ? columns * scale : min(Int((Double(columns) / shrink).rounded(.up)), maxAcross)
    let outRows =
      scale > 1 ? rows * scale : min(Int((Double(rows) / shrink).rounded(.up)), maxDown)
    // The source block each output cell averages: rows/cols [i * f, (i + 1) * f), the
    // last block running to the end.
    let f = scale > 1 ? 1 / Double(scale) : shrink
    func block(_ i: Int, _ n: Int, _ count: Int) -> Range<Int> {
      let a = min(Int((Double(i) * f).rounded(.down)), n - 1)
      let end = i == count - 1 ? n : Int((Double(i + 1) * f).rounded(.down))
      return a..<min(max(end, a + 1), n)
    }
    var cells = [Double](repeating: .nan, count: outRows * outCols)
    for r in 0..<outRows {
      if style.cancelled() { break }  // each row averages many source cells
      let rr = block(r, rows, outRows)
      for c in 0..<outCols {
        let cc = block(c, columns, outCols)
        var sum = 0.0, count = 0
        for i in rr {
          for j in cc where values[i * columns + j].isFinite {
            sum += values[i * columns + j] / Double(cc.count * rr.count)
            count += 1
          }
        }
        // Summed in fractions of the block so even 1e308s cannot overflow.
        if count > 0 {
          cells[r * outCols + c] = sum * (Double(cc.count * rr.count) / Double(count))
        }
      }
    }
    var grid: [[Cell]]
    let legend: [String]
    if let center {
      guard center.isFinite else {
        throw PlotError(
          "\(op): center must be a finite number, got \(NumberFormat.shortest(center))")
      }
      let spread = Diverging.spread(values, center: center)
      grid = Diverging.grid(
        cells, outRows: outRows, outCols: outCols, center: center, spread: spread, res: res)
      legend = Diverging.scaleLines(center: center, spread: spread, res: res, indent: rowLabelWidth)
    } else {
      let range = finiteRange(values)
      grid = sequentialGrid(cells, outRows: outRows, outCols: outCols, range: range, res: res)
      legend = scaleLines(range: range, res: res, indent: rowLabelWidth)
    }
    return heatmapLayout(
      grid: grid, rows: rows, columns: columns, f: f, rowLabelWidth: rowLabelWidth,
      scale: legend, res: res, options: options)
  }

  /// The cells of a sequential heatmap: blank at the smallest value, full at the largest; a
  /// cell with no finite value shows `??`.
  static func sequentialGrid(
    _ cells: [Double], outRows: Int, outCols: Int, range: (Double, Double)?, res: Resolved
  ) -> [[Cell]] {
    let levels = BlockCanvas.pairLevels(unicode: res.unicode)
    var canvas = BlockCanvas(columns: outCols * 2, rows: outRows, unicode: res.unicode)
    var unknown: [(Int, Int)] = []
    for r in 0..<outRows {
      for c in 0..<outCols {
        let v = cells[r * outCols + c]
        guard v.isFinite, let (lo, hi) = range else {
          unknown.append((r, c))
          continue
        }
        let l = shadeLevel(v, lo: lo, hi: hi, levels: levels)
        canvas.shadePair(c, r, level: l, color: res.color ? rampColor(l, levels) : nil)
      }
    }
    var grid = canvas.cells()
    for (r, c) in unknown {
      grid[r][2 * c] = Cell("?")
      grid[r][2 * c + 1] = Cell("?")
    }
    return grid
  }

  /// The shade level of `v` in `0..<levels` between `lo` (blank) and `hi` (full).
  static func shadeLevel(_ v: Double, lo: Double, hi: Double, levels: Int) -> Int {
    guard hi > lo else { return levels / 2 }
    let t = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
    return clampedIndex(t * Double(levels), levels)
  }

  /// The ramp colour of shade level `l` of `levels`.
  static func rampColor(_ l: Int, _ levels: Int) -> PlotColor {
    let ramp = PlotColor.ramp
    let i = levels > 1 ? l * (ramp.count - 1) / (levels - 1) : 0
    return .indexed(ramp[min(max(i, 0), ramp.count - 1)])
  }
}
