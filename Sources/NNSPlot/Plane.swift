/// The x-y plane shared by line plots, scatter plots and decision regions: both axes, the
/// size of the plotting area, and the mapping from data to pixels.
struct Plane {
  var x: Axis
  var y: Axis
  /// Columns left of the box for y tick labels.
  var margin: Int
  /// Character cells of the plotting area.
  var columns: Int
  var rows: Int
  /// Pixels per character cell of the canvas that will be drawn on.
  var ppc: Int
  var ppr: Int
  var yTicks: [(row: Int, label: String)]
  var xTicks: [(column: Int, label: String)]

  /// Fixes the axes and the plotting area for data ranges `xData`, `yData` (plotted units;
  /// nil when there is no finite data) within total `width` and `rows` rows; `maxPad` bounds
  /// how far an automatic range reaches beyond the data (`Axis.make`).
  init(
    xData: (Double, Double)?, yData: (Double, Double)?,
    xLimits: (Double, Double)?, yLimits: (Double, Double)?, logy: Bool,
    width: Int, rows: Int, ppc: Int, ppr: Int, maxPad: Double? = nil
  ) {
    self.rows = rows
    self.ppc = ppc
    self.ppr = ppr
    // The y axis first: its labels decide the margin, and so the width left to plot in.
    var yAxis = Axis.make(
      data: yData, limits: yLimits, log: logy, count: max(rows / 3, 1), maxPad: maxPad)
    var yPlaced = Plane.placeY(yAxis, rows: rows, ppr: ppr)
    var count = max(rows / 3, 1)
    while yPlaced.dropped && count > 1 {
      count -= 1
      yAxis = Axis.make(data: yData, limits: yLimits, log: logy, count: count, maxPad: maxPad)
      yPlaced = Plane.placeY(yAxis, rows: rows, ppr: ppr)
    }
    y = yAxis
    yTicks = yPlaced.ticks
    margin = min(Frame.margin(for: yTicks.map(\.label)), width / 2)
    columns = max(width - margin - 2, 1)
    // Then x: as many ticks as fit with their labels apart.
    count = max(columns / 12, 1)
    var xAxis = Axis.make(data: xData, limits: xLimits, log: false, count: count, maxPad: maxPad)
    var xPlaced = Plane.placeX(xAxis, columns: columns, ppc: ppc, margin: margin, width: width)
    while count > 1
      && !Frame.xLabelsFit(xPlaced, margin: margin, width: width)
    {
      count -= 1
      xAxis = Axis.make(
        data: xData, limits: xLimits, log: false, count: count, maxPad: maxPad)
      xPlaced = Plane.placeX(xAxis, columns: columns, ppc: ppc, margin: margin, width: width)
    }
    x = xAxis
    xTicks = xPlaced
    affine = Plane.affineMap(x, y, width: columns * ppc, height: rows * ppr)
  }

  /// Pixels across and down.
  var pixelWidth: Int { columns * ppc }
  var pixelHeight: Int { rows * ppr }

  /// The horizontal pixel coordinate of plotted x value `v` (fractional, may lie outside).
  @inline(__always)
  func px(_ v: Double) -> Double {
    if let m = affine { return v * m.sx + m.ox }
    return x.fraction(v) * Double(pixelWidth - 1)
  }

  /// The vertical pixel coordinate of plotted y value `v` (0 at the top).
  @inline(__always)
  func py(_ v: Double) -> Double {
    if let m = affine { return v * m.sy + m.oy }
    return (1 - y.fraction(v)) * Double(pixelHeight - 1)
  }

  /// `px` and `py` as affine maps `v * scale + offset` (one multiply-add a point) when
  /// their coefficients are finite, else nil (ranges near the Double limits then take the
  /// slower overflow-safe path).
  private(set) var affine: (sx: Double, ox: Double, sy: Double, oy: Double)? = nil

  private static func affineMap(_ x: Axis, _ y: Axis, width: Int, height: Int)
    -> (sx: Double, ox: Double, sy: Double, oy: Double)?
  {
    let w = Double(width - 1), h = Double(height - 1)
    let sx = w / 2 / (x.hi / 2 - x.lo / 2), sy = -h / 2 / (y.hi / 2 - y.lo / 2)
    let ox = -x.lo * sx, oy = h - y.lo * sy
    guard sx.isFinite, sy.isFinite, ox.isFinite, oy.isFinite, sx != 0, sy != 0,
      abs(ox) < 1e15, abs(oy) < 1e15
    else { return nil }
    return (sx, ox, sy, oy)
  }

  /// The rows of y ticks, dropping ticks whose row is already labelled. `dropped` tells
  /// the caller to try a coarser step: an inner tick crowded another inner tick (or, with
  /// nice ends, an end).
  private static func placeY(_ axis: Axis, rows: Int, ppr: Int)
    -> (ticks: [(row: Int, label: String)], dropped: Bool)
  {
    var out: [(row: Int, label: String)] = []
    var ends = Set<Int>(), inner = Set<Int>()
    var dropped = false
    let h = Double(rows * ppr - 1)
    for (i, t) in axis.ticks.enumerated() {
      let p = (1 - axis.fraction(t.value)) * h
      guard p.isFinite, p > -0.5, p < h + 0.5 else { continue }
      let r = Int(p.rounded()) / ppr
      // Neighbouring rows stay free too (on plots of 6 rows or more), so labels never
      // sit on adjacent lines.
      let near = rows >= 6 ? [r - 1, r, r + 1] : [r]
      let hitsEnd = near.contains { ends.contains($0) }
      let hitsInner = near.contains { inner.contains($0) }
      if hitsEnd || hitsInner {
        if hitsInner || !axis.exactEnds { dropped = true }
        continue
      }
      if i < 2 { ends.insert(r) } else { inner.insert(r) }
      out.append((r, t.label))
    }
    return (out, dropped)
  }

  /// The columns of x ticks; with exact ends, inner ticks whose labels would touch an
  /// end's label are left out.
  private static func placeX(_ axis: Axis, columns: Int, ppc: Int, margin: Int, width: Int)
    -> [(column: Int, label: String)]
  {
    let w = Double(columns * ppc - 1)
    var out: [(column: Int, label: String)] = axis.ticks.compactMap { t in
      let p = axis.fraction(t.value) * w
      guard p.isFinite, p > -0.5, p < w + 0.5 else { return nil }
      return (Int(p.rounded()) / ppc, t.label)
    }
    if axis.exactEnds && out.count > 2 {
      let ends = Array(out.prefix(2))
      // An inner label keeps three spaces from an end's, so `1 1.1` never happens.
      func span(_ t: (column: Int, label: String)) -> (Int, Int)? {
        Frame.xLabelStart(t, margin: margin, width: width).map { ($0, $0 + t.label.count) }
      }
      out =
        ends
        + out.dropFirst(2).filter { t in
          guard let a = span(t) else { return false }
          return ends.allSatisfy { e in
            guard let b = span(e) else { return true }
            return a.1 + 3 <= b.0 || b.1 + 3 <= a.0
          }
        }
    }
    return out
  }

  /// The frame around a finished grid of cells.
  func frame(_ grid: [[Cell]], _ res: Resolved, _ options: PlotOptions) -> Frame {
    Frame(
      width: res.width, unicode: res.unicode, color: res.color,
      title: options.title, xlabel: options.xlabel, ylabel: options.ylabel,
      yTicks: yTicks, xTicks: xTicks, margin: margin, grid: grid)
  }
}

/// The smallest and largest finite values of `v` (only the positive ones when
/// `positiveOnly`), or nil when it has none.
func finiteRange(
  _ v: [Double], positiveOnly: Bool = false, cancelled: () -> Bool = { false }
) -> (Double, Double)? {
  var lo = Double.infinity, hi = -Double.infinity
  var start = 0
  while start < v.count {
    let end = min(start + PlotStyle.pollEvery * 16, v.count)
    for e in v[start..<end] where e.isFinite && (!positiveOnly || e > 0) {
      if e < lo { lo = e }
      if e > hi { hi = e }
    }
    start = end
    if cancelled() { break }
  }
  return lo <= hi ? (lo, hi) : nil
}

/// The union of two optional ranges.
func union(_ a: (Double, Double)?, _ b: (Double, Double)?) -> (Double, Double)? {
  guard let a else { return b }
  guard let b else { return a }
  return (min(a.0, b.0), max(a.1, b.1))
}
