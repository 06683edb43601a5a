extension Plots {
  /// Draws a scatter plot: `scatter(x, y)` or `scatter(x, y, c: labels)`.
  ///
  /// Without classes the points are braille dots (Unicode) or `o` markers (ASCII). With
  /// classes each distinct value of `classes`, in increasing order, gets a marker and a
  /// colour; a character cell holding points of several classes shows the class with the
  /// most points there (the smaller class on a tie). The legend lists the classes.
  /// - Parameters:
  ///   - x: the points' x coordinates.
  ///   - y: their y coordinates, as many as `x`.
  ///   - classes: a class label per point (`c:`), or nil.
  ///   - options: `title:`, `xlabel:`, `ylabel:`, `xlim:`, `ylim:`, `width:`, `height:`.
  ///   - style: the output layer's choices.
  /// - Returns: the plot, one string of lines.
  /// - Throws: `PlotError` when lengths disagree, a class label is not finite, or an
  ///   option is out of range.
  public static func scatter(
    x: [Double], y: [Double], classes: [Double]? = nil,
    options: PlotOptions = PlotOptions(), style: PlotStyle = PlotStyle()
  ) throws(PlotError) -> String {
    let op = "scatter"
    let res = try Resolved(op, style, options, defaultHeight: defaultHeight)
    guard x.count == y.count else {
      throw PlotError("\(op): x and y must have the same length, got [\(x.count)] and [\(y.count)]")
    }
    if let classes, classes.count != x.count {
      throw PlotError(
        "\(op): c must have one label per point, got [\(classes.count)] for [\(x.count)] points")
    }
    try rejectLogy(op, options)
    let ylim = try checkLimits(op, "ylim", options.ylim)
    let xlim = try checkLimits(op, "xlim", options.xlim)
    let classSet = try ClassSet(op, classes ?? [])
    let braille = classes == nil && res.unicode
    let plane = Plane(
      xData: finiteRange(x), yData: finiteRange(y), xLimits: xlim, yLimits: ylim, logy: false,
      width: res.width, rows: res.height, ppc: braille ? 2 : 1, ppr: braille ? 4 : 1)
    var grid: [[Cell]]
    if braille {
      var canvas = BrailleCanvas(columns: plane.columns, rows: plane.rows)
      for i in x.indices {
        canvas.point(plane.px(x[i]), plane.py(y[i]), color: PlotColor.series(0))
      }
      grid = canvas.cells()
    } else {
      var markers = MarkerGrid(columns: plane.columns, rows: plane.rows, classes: classSet.count)
      for i in x.indices {
        markers.add(plane.px(x[i]), plane.py(y[i]), cls: classSet.index(of: classes?[i] ?? 0))
      }
      grid = Array(repeating: Array(repeating: Cell.blank, count: plane.columns), count: plane.rows)
      markers.draw(on: &grid, unicode: res.unicode)
    }
    var frame = plane.frame(grid, res, options)
    if classes != nil { frame.legend = classSet.legend(unicode: res.unicode) }
    return frame.render()
  }
}

/// The distinct class labels of a plot, in increasing order, each with its index.
struct ClassSet {
  private(set) var values: [Double] = []
  private var indexOf: [Double: Int] = [:]

  /// Collects the distinct labels of `labels` (and of `more`).
  /// - Throws: `PlotError` when a label is NaN or infinite, or there are more than `limit`.
  init(_ op: String, _ labels: [Double], _ more: [Double] = []) throws(PlotError) {
    var seen = Set<Double>()
    for v in labels + more {
      guard v.isFinite else {
        throw PlotError("\(op): class labels must be finite, got \(NumberFormat.shortest(v))")
      }
      seen.insert(v == 0 ? 0 : v)  // -0 and 0 are one class
    }
    guard seen.count <= ClassSet.limit else {
      throw PlotError(
        "\(op): \(seen.count) distinct class labels, at most \(ClassSet.limit) can be drawn")
    }
    values = seen.sorted()
    for (i, v) in values.enumerated() { indexOf[v] = i }
  }

  /// The most classes a plot draws (each needs its own marker counts).
  static let limit = 100

  var count: Int { max(values.count, 1) }

  /// The index of label `v` (0 when unknown).
  func index(of v: Double) -> Int { indexOf[v == 0 ? 0 : v] ?? 0 }

  /// Legend entries: each class's marker and colour with its label.
  func legend(unicode: Bool) -> [LegendEntry] {
    values.enumerated().map { i, v in
      LegendEntry(
        symbol: String(Markers.glyph(i, unicode: unicode)), color: PlotColor.series(i),
        label: NumberFormat.compact(v, significant: 6))
    }
  }
}

/// Counts of points per character cell and class, drawn as the majority class's marker.
struct MarkerGrid {
  let columns: Int
  let rows: Int
  let classes: Int
  private var counts: [Int32]

  init(columns: Int, rows: Int, classes: Int) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    self.classes = max(classes, 1)
    let (n, overflow) = self.columns.multipliedReportingOverflow(by: self.rows * self.classes)
    counts = Array(repeating: 0, count: overflow ? 0 : n)
  }

  /// Adds a point at fractional pixel (= cell) coordinates, ignoring it outside the grid.
  mutating func add(_ x: Double, _ y: Double, cls: Int) {
    // Non-finite values fail every comparison; x + 0.5 > 0 truncates to the nearest cell.
    guard x > -0.5, y > -0.5, x < Double(columns) - 0.5, y < Double(rows) - 0.5,
      cls >= 0, cls < classes
    else { return }
    let i = (Int(y + 0.5) * columns + Int(x + 0.5)) * classes + cls
    guard i < counts.count else { return }
    counts[i] &+= 1
  }

  /// Writes each occupied cell's majority marker into `grid`.
  func draw(on grid: inout [[Cell]], unicode: Bool) {
    for r in 0..<min(rows, grid.count) {
      for c in 0..<min(columns, grid[r].count) {
        let base = (r * columns + c) * classes
        var best = -1
        var bestCount: Int32 = 0
        for k in 0..<classes where counts[base + k] > bestCount {
          best = k
          bestCount = counts[base + k]
        }
        if best >= 0 { grid[r][c] = Cell(Markers.glyph(best, unicode: unicode), .series(best)) }
      }
    }
  }
}
