extension Plots {
  /// The region texture of each class: light glyphs (none blank, so every region shows,
  /// and none a marker), so the markers on top stand out.
  static let unicodeRegions: [Character] = ["·", "░", "╌", "┆", "▒", "╳", "∶", "╱", "╲", "˙"]
  static let asciiRegions: [Character] = [".", ":", "'", "~", "`", ",", "-", "|", "/", "\\"]

  /// The plotting area (character cells) a decision-region picture over `xRange` x
  /// `yRange` will have under these options and style: a label grid of exactly this size
  /// (`gridColumns` x `gridRows`) gives one prediction per character.
  public static func regionGridSize(
    xRange: [Double], yRange: [Double], options: PlotOptions = PlotOptions(), style: PlotStyle
  ) throws(PlotError) -> (columns: Int, rows: Int) {
    var res = try Resolved("boundary", style, options, defaultHeight: defaultHeight)
    let xr = try checkLimits("boundary", "x range", xRange) ?? (0, 1)
    let yr = try checkLimits("boundary", "y range", yRange) ?? (0, 1)
    if options.height == nil && style.height == nil {
      res.height = aspectHeight(width: res.width, xRange: xr, yRange: yr)
    }
    let plane = Plane(
      xData: xr, yData: yr, xLimits: xr, yLimits: yr, logy: false,
      width: res.width, rows: res.height, ppc: 1, ppr: 1)
    return (plane.columns, plane.rows)
  }

  /// Draws a classifier's decision regions with the data points on top (for the stdlib's
  /// `boundary(predict, X, y)`).
  ///
  /// `grid` holds predicted class labels at `gridRows x gridColumns` points spread evenly
  /// over the rectangle, row-major, row 0 at `yRange`'s low end and column 0 at `xRange`'s
  /// low end (as `meshgrid(linspace(x0, x1, cols), linspace(y0, y1, rows))`). Each
  /// character cell takes the label of the grid point nearest its centre and shows that
  /// class's light texture (and faint colour); each data point shows its class's marker,
  /// the majority marker where a cell holds several. The axes span exactly the ranges.
  /// - Parameters:
  ///   - grid: predicted labels, `gridRows * gridColumns` of them.
  ///   - gridRows: grid points along y (at least 1).
  ///   - gridColumns: grid points along x (at least 1).
  ///   - xRange: `[lo, hi]` of x covered by the grid.
  ///   - yRange: `[lo, hi]` of y covered by the grid.
  ///   - x: the data points' x coordinates.
  ///   - y: their y coordinates.
  ///   - classes: their class labels.
  ///   - options: `title:`, `xlabel:`, `ylabel:`, `width:`, `height:`.
  ///   - style: the output layer's choices.
  /// - Returns: the picture, one string of lines.
  /// - Throws: `PlotError` on mismatched sizes, bad ranges or non-finite labels.
  public static func regions(
    grid: [Double], gridRows: Int, gridColumns: Int, xRange: [Double], yRange: [Double],
    x: [Double], y: [Double], classes: [Double],
    options: PlotOptions = PlotOptions(), style: PlotStyle = PlotStyle()
  ) throws(PlotError) -> String {
    let op = "boundary"
    var res = try Resolved(op, style, options, defaultHeight: defaultHeight)
    try rejectLogy(op, options)
    guard gridRows >= 1, gridColumns >= 1,
      case (let n, false) = gridRows.multipliedReportingOverflow(by: gridColumns), n == grid.count
    else {
      throw PlotError(
        "\(op): grid of \(grid.count) labels does not match its shape [\(gridRows),\(gridColumns)]")
    }
    guard x.count == y.count, y.count == classes.count else {
      throw PlotError(
        "\(op): x, y and classes must have the same length, got [\(x.count)], [\(y.count)] and [\(classes.count)]"
      )
    }
    guard let xr = try checkLimits(op, "x range", xRange),
      let yr = try checkLimits(op, "y range", yRange)
    else { throw PlotError("\(op): missing range") }
    if options.height == nil && style.height == nil {
      res.height = aspectHeight(width: res.width, xRange: xr, yRange: yr)
    }
    let classSet = try ClassSet(op, classes, grid)
    let plane = Plane(
      xData: xr, yData: yr, xLimits: xr, yLimits: yr, logy: false,
      width: res.width, rows: res.height, ppc: 1, ppr: 1)
    let textures = res.unicode ? unicodeRegions : asciiRegions
    var cells = Array(
      repeating: Array(repeating: Cell.blank, count: plane.columns), count: plane.rows)
    for r in 0..<plane.rows {
      // Row r's centre, as a fraction of the y range from the bottom.
      let fy = plane.rows == 1 ? 0.5 : 1 - Double(r) / Double(plane.rows - 1)
      let gr = min(max(Int((fy * Double(gridRows - 1)).rounded()), 0), gridRows - 1)
      for c in 0..<plane.columns {
        let fx = plane.columns == 1 ? 0.5 : Double(c) / Double(plane.columns - 1)
        let gc = min(max(Int((fx * Double(gridColumns - 1)).rounded()), 0), gridColumns - 1)
        let k = classSet.index(of: grid[gr * gridColumns + gc])
        cells[r][c] = Cell(textures[mod(k, textures.count)], .region(k))
      }
    }
    var markers = MarkerGrid(columns: plane.columns, rows: plane.rows, classes: classSet.count)
    for i in x.indices {
      markers.add(plane.px(x[i]), plane.py(y[i]), cls: classSet.index(of: classes[i]))
    }
    markers.draw(on: &cells, unicode: res.unicode)
    var frame = plane.frame(cells, res, options)
    frame.legend = classSet.values.indices.map { i in
      let texture = String(textures[mod(i, textures.count)])
      return LegendEntry(
        symbol: String(Markers.glyph(i, unicode: res.unicode)), color: .series(i),
        label: NumberFormat.compact(classSet.values[i], significant: 6)
          + " (region " + texture + texture + ")")
    }
    return frame.render()
  }
}

/// The default rows of a decision-region picture: about square on screen (a character is
/// about twice as tall as wide), between 8 and 30 rows.
func aspectHeight(width: Int, xRange: (Double, Double), yRange: (Double, Double)) -> Int {
  let columns = Double(max(width - 8, 1))
  let ratio = (yRange.1 / 2 - yRange.0 / 2) / (xRange.1 / 2 - xRange.0 / 2)
  guard ratio.isFinite, ratio > 0 else { return Plots.defaultHeight }
  let rows = columns * ratio / 2
  return rows.isFinite ? Int(min(max(rows, 8), 30).rounded()) : Plots.defaultHeight
}
