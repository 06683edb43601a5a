/// The plot builtins: each takes plain numbers and returns the picture as text, lines
/// joined by `\n` with no trailing newline.
public enum Plots {
  /// The default plotting-area rows of line plots, scatter plots and decision regions.
  public static let defaultHeight = 15

  /// Draws a line chart: `plot(y)`, `plot(x, y)`, `plot([y1, y2], labels: [...])`.
  ///
  /// Consecutive finite points are joined; a NaN or infinite value (or a non-positive one
  /// under `logy`) leaves a gap, and a finite point with no finite neighbour is drawn as a
  /// dot. With several series each gets a colour and, so they stay apart without colour,
  /// a marker every few columns; the legend shows both.
  /// - Parameters:
  ///   - series: the y values of each series.
  ///   - x: the shared x values, one per point of every series; nil for 0, 1, 2, ...
  ///   - labels: a legend label per series; nil for `series 1`, `series 2`, ... (and no
  ///     legend for a single series).
  ///   - options: `title:`, `xlabel:`, `ylabel:`, `ylim:`, `xlim:`, `logy:`, `width:`,
  ///     `height:`.
  ///   - style: the output layer's width, height, Unicode and colour choices.
  /// - Returns: the plot, one string of lines.
  /// - Throws: `PlotError` when lengths disagree or an option is out of range.
  public static func line(
    _ series: [[Double]], x: [Double]? = nil, labels: [String]? = nil,
    options: PlotOptions = PlotOptions(), style: PlotStyle = PlotStyle()
  ) throws(PlotError) -> String {
    let op = "plot"
    let res = try Resolved(op, style, options, defaultHeight: defaultHeight)
    if let x {
      for y in series where y.count != x.count {
        throw PlotError(
          "\(op): x and y must have the same length, got [\(x.count)] and [\(y.count)]")
      }
    }
    if let labels, labels.count != series.count {
      throw PlotError("\(op): \(labels.count) labels for \(series.count) series")
    }
    let ylim = try checkLimits(op, "ylim", options.ylim)
    let xlim = try checkLimits(op, "xlim", options.xlim)
    if options.logy, let ylim, ylim.0 <= 0 {
      throw PlotError(
        "\(op): ylim must be positive with logy: true, got [\(NumberFormat.shortest(ylim.0)),\(NumberFormat.shortest(ylim.1))]"
      )
    }
    // Plotted units: log10 of y under logy (non-positive values become gaps), taken
    // point by point while drawing rather than in a copy of the data.
    let logy = options.logy
    var yData: (Double, Double)? = nil
    let cancelled = style.cancelled
    var xData: (Double, Double)? = x.flatMap { finiteRange($0, cancelled: cancelled) }
    for y in series {
      if logy {
        yData = union(
          yData,
          finiteRange(y, positiveOnly: true, cancelled: cancelled).map {
            (log10Value($0.0), log10Value($0.1))
          })
      } else {
        yData = union(yData, finiteRange(y, cancelled: cancelled))
      }
      if x == nil, !y.isEmpty { xData = union(xData, (0, Double(y.count - 1))) }
    }
    let plane = Plane(
      xData: xData, yData: yData, xLimits: xlim, yLimits: ylim, logy: options.logy,
      width: res.width, rows: res.height, ppc: 2, ppr: res.unicode ? 4 : 3)
    var grid: [[Cell]]
    if res.unicode {
      var canvas = BrailleCanvas(columns: plane.columns, rows: plane.rows)
      drawSeries(series, x: x, logy: logy, on: &canvas, plane: plane, cancelled: style.cancelled)
      grid = canvas.cells()
    } else {
      var canvas = AsciiCanvas(columns: plane.columns, rows: plane.rows)
      drawSeries(series, x: x, logy: logy, on: &canvas, plane: plane, cancelled: style.cancelled)
      grid = canvas.cells()
    }
    let many = series.count > 1
    if many {
      placeMarkers(series, x: x, logy: logy, on: &grid, plane: plane, unicode: res.unicode)
    }
    var frame = plane.frame(grid, res, options)
    if many || labels != nil {
      let names = labels ?? series.indices.map { "series \($0 + 1)" }
      frame.legend = names.enumerated().map { k, name in
        let dash = res.unicode ? "─" : "-"
        let sym = many ? dash + String(Markers.glyph(k, unicode: res.unicode)) + dash : dash + dash
        return LegendEntry(symbol: sym, color: PlotColor.series(k), label: name)
      }
    }
    return frame.render()
  }

  /// Draws every series on `canvas` (y as log10 when `logy`): segments between finite
  /// neighbours, lone dots. Stops early once `cancelled` says so.
  static func drawSeries<C: Canvas>(
    _ ys: [[Double]], x: [Double]?, logy: Bool, on canvas: inout C, plane: Plane,
    cancelled: () -> Bool = { false }
  ) {
    for (k, y) in ys.enumerated() {
      var pen = Pen(color: PlotColor.series(k), plane: plane, logy: logy)
      let n = x.map { min($0.count, y.count) } ?? y.count
      var start = 0
      while start < n {
        let end = min(start + PlotStyle.pollEvery, n)
        y.withUnsafeBufferPointer { yb in
          if let x {
            x.withUnsafeBufferPointer { xb in
              for i in start..<end { pen.move(xb[i], yb[i], on: &canvas) }
            }
          } else {
            for i in start..<end { pen.move(Double(i), yb[i], on: &canvas) }
          }
        }
        start = end
        if cancelled() { return }
      }
    }
  }

  /// Traces one series point by point, remembering the last point and its pixel so that
  /// the common case of a dense series (the next point in the same or a neighbouring
  /// pixel) costs a comparison or a single `set`.
  struct Pen {
    let color: PlotColor
    let plane: Plane
    let xmax: Double
    let ymax: Double
    /// The previous point in pixel coordinates; nil after a gap.
    var prev: (Double, Double)? = nil
    /// The previous point's pixel when it was on the canvas, else (-1, -1).
    var pixel = (-1, -1)

    /// Whether y values are drawn as their log10.
    let logy: Bool

    init(color: PlotColor, plane: Plane, logy: Bool) {
      self.color = color
      self.plane = plane
      self.logy = logy
      xmax = Double(plane.pixelWidth - 1)
      ymax = Double(plane.pixelHeight - 1)
    }

    @inline(__always)
    mutating func move<C: Canvas>(_ xv: Double, _ y: Double, on canvas: inout C) {
      let yv = logy ? log10OrNaN(y) : y
      guard xv.isFinite, yv.isFinite else {
        prev = nil
        pixel = (-1, -1)
        return
      }
      let px = plane.px(xv), py = plane.py(yv)
      if px >= 0, py >= 0, px <= xmax, py <= ymax {
        // On the canvas: round half up (exact for non-negative values).
        let ix = Int(px + 0.5), iy = Int(py + 0.5)
        if prev != nil && pixel.0 >= 0 && abs(ix - pixel.0) <= 1 && abs(iy - pixel.1) <= 1 {
          if ix != pixel.0 || iy != pixel.1 { canvas.set(ix, iy, color: color) }
        } else if let (qx, qy) = prev {
          canvas.line(qx, qy, px, py, color: color)
        } else {
          canvas.set(ix, iy, color: color)  // a lone point (or a run's first) shows as a dot
        }
        pixel = (ix, iy)
      } else {
        if let (qx, qy) = prev { canvas.line(qx, qy, px, py, color: color) }
        pixel = (-1, -1)
      }
      prev = (px, py)
    }
  }

  /// Replaces a few cells along each series with its marker, staggered between series, so
  /// series stay distinguishable without colour.
  static func placeMarkers(
    _ ys: [[Double]], x: [Double]?, logy: Bool, on grid: inout [[Cell]], plane: Plane,
    unicode: Bool
  ) {
    let n = ys.count
    let perSeries = max(plane.columns / 10, 2)
    for (k, raw) in ys.enumerated() {
      let y = logy ? raw.map(log10OrNaN) : raw
      let finite = y.indices.filter { y[$0].isFinite && (x?[$0] ?? 0).isFinite }
      guard !finite.isEmpty else { continue }
      let glyph = Markers.glyph(k, unicode: unicode)
      let count = min(perSeries, finite.count)
      for j in 0..<count {
        // Evenly spaced through the series, offset by the series' share of a spacing.
        let t = (Double(j) + Double(k + 1) / Double(n + 1)) / Double(count)
        let idx = finite[min(Int(t * Double(finite.count)), finite.count - 1)]
        let xv = x?[idx] ?? Double(idx)
        let px = plane.px(xv), py = plane.py(y[idx])
        guard px > -0.5, py > -0.5, px < Double(plane.pixelWidth) - 0.5,
          py < Double(plane.pixelHeight) - 0.5
        else { continue }
        let c = Int(px.rounded()) / plane.ppc, r = Int(py.rounded()) / plane.ppr
        grid[r][c] = Cell(glyph, PlotColor.series(k))
      }
    }
  }
}

/// `log10(v)` for positive `v`, NaN otherwise (a gap on a log axis).
func log10OrNaN(_ v: Double) -> Double { v > 0 ? log10Value(v) : .nan }
