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
