import Foundation
import Testing

@testable import NNSPlot

/// Inputs that must draw something sensible (goldens) or throw a clear error, never trap.
@Suite struct EdgeCaseTests {
  static let braille = PlotStyle(width: 60, height: 8, unicode: true, color: false)
  static let ascii = PlotStyle(width: 60, height: 8, unicode: false, color: false)

  @Test func nanAndInfinityLeaveGaps() throws {
    // A sine with a NaN run, an inf and a -inf: gaps with no segment across them.
    var y = (0..<60).map { sin(Double($0) / 5) }
    for i in 8..<12 { y[i] = .nan }
    y[25] = .infinity
    y[26] = -.infinity
    y[43] = .nan
    y[45] = .nan  // leaves point 44 alone: drawn as a dot
    try Golden.check("edge_nan_gaps_braille", Plots.line([y], style: Self.braille))
    try Golden.check("edge_nan_gaps_ascii", Plots.line([y], style: Self.ascii))
  }

  @Test func gapIsReallyEmpty() throws {
    // Two flat runs at 1 with a NaN between: the canvas cell in the gap stays empty.
    let y: [Double] = [1, 1, 1, 1, .nan, .nan, .nan, .nan, 1, 1, 1, 1]
    let text = try Plots.line([y], style: PlotStyle(width: 20, height: 3))
    let row = try #require(
      text.split(separator: "\n").first { $0.contains("⠤") || $0.contains("⠒") })
    #expect(row.contains("⠀⠀"), "gap between the runs:\n\(text)")
  }

  @Test func degenerateSeries() throws {
    let cases: [(String, [[Double]])] = [
      ("constant", [Array(repeating: 3, count: 50)]),
      ("single_point", [[2.5]]),
      ("empty", [[]]),
      ("nan_only", [[.nan, .nan, .infinity]]),
      ("huge_range", [[-1e308, 0, 1e308, -Double.greatestFiniteMagnitude]]),
      ("tiny_values", [[1e-300, 2e-300, 3e-300]]),
    ]
    for (name, series) in cases {
      try Golden.check("edge_\(name)", Plots.line(series, style: Self.braille))
    }
  }

  @Test func logOfNonPositiveValuesLeavesGaps() throws {
    let y: [Double] = [100, 10, 1, 0, -5, 0.1, 0.01, 0.001]
    try Golden.check(
      "edge_logy_nonpositive",
      Plots.line([y], options: PlotOptions(logy: true), style: Self.braille))
    // Only non-positive values: an empty log axis, no crash.
    let all = try Plots.line([[0, -1, 0]], options: PlotOptions(logy: true), style: Self.braille)
    #expect(all.contains("┌"))
  }

  @Test func limitsClipLines() throws {
    let text = try Plots.line(
      [TestData.sine], options: PlotOptions(title: "clipped to [-0.5, 0.5]", ylim: [-0.5, 0.5]),
      style: Self.braille)
    try Golden.check("edge_ylim_clip", text)
  }

  @Test func narrowestWidth() throws {
    let text = try Plots.line(
      [TestData.sine],
      options: PlotOptions(title: "a long title that cannot fit in twenty columns"),
      style: PlotStyle(width: 20, height: 5, unicode: true))
    try Golden.check("edge_width_20", text)
  }

  @Test(arguments: [0, -5, 19, 1001, Int.max, Int.min])
  func badUserWidthThrows(width: Int) {
    #expect(throws: PlotError("plot: width must be between 20 and 1000, got \(width)")) {
      try Plots.line([[1, 2]], options: PlotOptions(width: width))
    }
  }

  @Test(arguments: [0, 1, -3, 501, Int.max])
  func badUserHeightThrows(height: Int) {
    #expect(throws: PlotError("plot: height must be between 2 and 500, got \(height)")) {
      try Plots.line([[1, 2]], options: PlotOptions(height: height))
    }
  }

  @Test(arguments: [0, -10, 5, 100_000, Int.max, Int.min])
  func environmentWidthIsClamped(width: Int) throws {
    let text = try Plots.line([[1, 2, 3]], style: PlotStyle(width: width, height: 4))
    let widest = text.split(separator: "\n").map(\.count).max() ?? 0
    #expect(widest <= min(max(width, 20), 1000))
    #expect(widest >= 20)
  }

  @Test func errorsNameTheProblem() {
    #expect(throws: PlotError("plot: x and y must have the same length, got [3] and [2]")) {
      try Plots.line([[1, 2]], x: [1, 2, 3])
    }
    #expect(throws: PlotError("plot: 1 labels for 2 series")) {
      try Plots.line([[1], [2]], labels: ["a"])
    }
    #expect(throws: PlotError("plot: ylim must be [lo, hi] with finite lo < hi, got [3,1]")) {
      try Plots.line([[1]], options: PlotOptions(ylim: [3, 1]))
    }
    #expect(throws: PlotError("plot: ylim must be [lo, hi] with finite lo < hi, got [nan,1]")) {
      try Plots.line([[1]], options: PlotOptions(ylim: [.nan, 1]))
    }
    #expect(throws: PlotError("plot: ylim must be positive with logy: true, got [0,1]")) {
      try Plots.line([[1]], options: PlotOptions(ylim: [0, 1], logy: true))
    }
    #expect(throws: PlotError("scatter: x and y must have the same length, got [2] and [1]")) {
      try Plots.scatter(x: [1, 2], y: [1])
    }
    #expect(throws: PlotError("scatter: class labels must be finite, got nan")) {
      try Plots.scatter(x: [1, 2], y: [1, 2], classes: [0, .nan])
    }
    #expect(throws: PlotError("scatter: 101 distinct class labels, at most 100 can be drawn")) {
      try Plots.scatter(
        x: Array(repeating: 0, count: 101), y: Array(repeating: 0, count: 101),
        classes: (0..<101).map(Double.init))
    }
    #expect(throws: PlotError("hist: logy is only available for plot")) {
      try Plots.hist([1, 2], options: PlotOptions(logy: true))
    }
    #expect(throws: PlotError("hist: bins must be between 1 and 1000, got 0")) {
      try Plots.hist([1, 2], bins: 0)
    }
    #expect(throws: PlotError("bar: 2 labels for 3 values")) {
      try Plots.bar(labels: ["a", "b"], values: [1, 2, 3])
    }
    #expect(throws: PlotError("heatmap: 5 values do not fill shape [2,3]")) {
      try Plots.heatmap([1, 2, 3, 4, 5], rows: 2, columns: 3)
    }
    #expect(throws: PlotError("heatmap: 0 values do not fill shape [\(Int.max),2]")) {
      try Plots.heatmap([], rows: Int.max, columns: 2)
    }
    #expect(throws: PlotError("heatmap: matrix of shape [0,3] is empty")) {
      try Plots.heatmap([], rows: 0, columns: 3)
    }
    #expect(throws: PlotError("boundary: grid of 3 labels does not match its shape [2,2]")) {
      try Plots.regions(
        grid: [0, 1, 1], gridRows: 2, gridColumns: 2, xRange: [0, 1], yRange: [0, 1],
        x: [], y: [], classes: [])
    }
    #expect(throws: PlotError("boundary: x range must be [lo, hi] with finite lo < hi, got [1]")) {
      try Plots.regions(
        grid: [0], gridRows: 1, gridColumns: 1, xRange: [1], yRange: [0, 1],
        x: [], y: [], classes: [])
    }
  }

  @Test func divergingHeatmapEdges() throws {
    #expect(throws: PlotError("heatmap: center must be a finite number, got nan")) {
      try Plots.heatmap([1, 2], rows: 1, columns: 2, center: .nan)
    }
    // Every value at the centre: all blank, the scale spans 0 around it.
    let flat = try Plots.heatmap([0, 0, 0, 0], rows: 2, columns: 2, center: 0, style: Self.braille)
    let inside = flat.split(separator: "\n").filter { $0.contains("│") }
    #expect(inside.count == 4 && inside.allSatisfy { !$0.contains("░") && !$0.contains("⠒") })
    #expect(flat.contains("0 [⣿⣿⠿⠿⠭⠭⠒⠒  ░░▒▒▓▓██] 0, blank at 0"))
    // The scale is symmetric around the centre, the farthest value deciding its reach; a
    // cell with no finite value shows ??, and Double-limit values do not overflow.
    let m: [Double] = [-1, 0.25, 0.5, .nan, -.greatestFiniteMagnitude, 2]
    let text = try Plots.heatmap(m, rows: 2, columns: 3, center: 0.5, style: Self.braille)
    #expect(text.contains("??"))
    #expect(text.contains("-1.8e308 ["))
    let small = try Plots.heatmap([-1, 0.5, 0, 4], rows: 2, columns: 2, center: 1)
    #expect(small.contains("-2 [⣿⣿⠿⠿⠭⠭⠒⠒  ░░▒▒▓▓██] 4, blank at 1"))
    for width in [20, 24, 30] {
      let narrow = try Plots.heatmap(
        m, rows: 2, columns: 3, center: 0, style: PlotStyle(width: width, unicode: true))
      for line in narrow.split(separator: "\n") { #expect(line.count <= width, "\(narrow)") }
    }
  }

  @Test func divergingLevels() {
    // Nine equal bins over [center - spread, center + spread]; the middle one is blank.
    #expect(Diverging.level(0, center: 0, spread: 1) == 4)
    #expect(Diverging.level(0.1, center: 0, spread: 1) == 4)
    #expect(Diverging.level(0.12, center: 0, spread: 1) == 5)
    #expect(Diverging.level(-0.12, center: 0, spread: 1) == 3)
    #expect(Diverging.level(1, center: 0, spread: 1) == 8)
    #expect(Diverging.level(-1, center: 0, spread: 1) == 0)
    #expect(Diverging.level(5, center: 0, spread: 0) == 4)
    #expect(Diverging.glyphs(4, unicode: true) == "  ")
    #expect(Diverging.glyphs(0, unicode: false) == "##")
  }

  @Test func scatterAxesPadAtMostFivePercent() {
    // Random data ranges: each automatic end lies within 5% of the data's span beyond it,
    // and both ends stay labelled.
    var g = TestData.LCG(state: 5)
    for _ in 0..<2000 {
      let scale = pow(10, (g.next() * 12 - 6).rounded())
      let a = (g.next() * 2 - 1) * scale, b = a + g.next() * scale + 1e-3 * scale
      for count in [1, 3, 4, 6] {
        let axis = Axis.make(
          data: (a, b), limits: nil, log: false, count: count, maxPad: Plots.scatterMaxPad)
        let span = b - a
        #expect(axis.lo <= a && axis.hi >= b, "\(a) \(b) -> \(axis.lo) \(axis.hi)")
        #expect(a - axis.lo <= 0.05 * span * (1 + 1e-9) + 1e-300, "\(a) \(b) -> \(axis.lo)")
        #expect(axis.hi - b <= 0.05 * span * (1 + 1e-9) + 1e-300, "\(a) \(b) -> \(axis.hi)")
        let labelled = axis.ticks.map(\.value)
        #expect(labelled.contains(axis.lo) && labelled.contains(axis.hi))
      }
    }
  }

  @Test(arguments: [true, false])
  func narrowHeatmapScaleFits(unicode: Bool) throws {
    // At 20 columns the scale's values move to their own line and the ramp narrows.
    let m: [Double] = [-.greatestFiniteMagnitude, 0, 1, .greatestFiniteMagnitude]
    let text = try Plots.heatmap(
      m, rows: 1, columns: 4, style: PlotStyle(width: 20, unicode: unicode))
    for line in text.split(separator: "\n") { #expect(line.count <= 20, "\(text)") }
    #expect(text.contains("-1.8e308 to 1.8e308"))
  }

  @Test func otherKindsOnDegenerateData() throws {
    let s = Self.braille
    try Golden.check("edge_hist_constant", Plots.hist([2, 2, 2, .nan], bins: 3, style: s))
    try Golden.check("edge_hist_empty", Plots.hist([], bins: 4, style: s))
    try Golden.check(
      "edge_bar_special",
      Plots.bar(labels: ["nan", "inf", "zero", "one"], values: [.nan, .infinity, 0, 1], style: s))
    try Golden.check(
      "edge_heatmap_special",
      Plots.heatmap([.nan, 1, 1, 1, .infinity, 1], rows: 2, columns: 3, style: s))
    try Golden.check(
      "edge_heatmap_row_vector",
      Plots.heatmap((0..<300).map(Double.init), rows: 1, columns: 300, style: s))
    try Golden.check(
      "edge_scatter_empty", Plots.scatter(x: [], y: [], classes: [], style: s))
  }

  @Test func eachLineFitsTheWidth() throws {
    // Random data of every kind, with NaN, inf and wild magnitudes mixed in.
    var g = TestData.LCG(state: 11)
    let specials: [Double] = [
      .nan, .infinity, -.infinity, 1e300, -1e-300, 0, .leastNonzeroMagnitude,
      -.leastNonzeroMagnitude,
      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude, -0.0,
    ]
    func sample(_ n: Int) -> [Double] {
      (0..<n).map { _ in
        let u = g.next()
        return u < 0.1
          ? specials[Int(g.next() * Double(specials.count)) % specials.count]
          : (g.next() - 0.5) * pow(10, Double(Int(u * 20) - 10))
      }
    }
    for trial in 0..<40 {
      let width = 20 + trial * 7
      for unicode in [true, false] {
        let style = PlotStyle(width: width, height: 2 + trial % 9, unicode: unicode, color: false)
        let n = trial % 5 == 0 ? trial % 3 : 1 + trial * 3
        let y = sample(n), x = sample(n)
        let options = PlotOptions(
          title: trial % 2 == 0 ? "title \(trial)" : nil, xlabel: "x", ylabel: "y",
          logy: trial % 3 == 0)
        let classes = (0..<n).map { _ in Double(Int(g.next() * 4)) }
        let texts = [
          try Plots.line(
            [y, x], labels: ["a long label for the legend", "b"], options: options, style: style),
          try Plots.line([y], x: x, style: style),
          try Plots.scatter(x: x, y: y, classes: classes, style: style),
          try Plots.scatter(x: x, y: y, style: style),
          try Plots.hist(y, bins: 1 + trial % 25, style: style),
          try Plots.bar(labels: (0..<n).map { "label \($0)" }, values: y, style: style),
          n > 0 ? try Plots.heatmap(y, rows: 1, columns: n, style: style) : "",
        ].filter { !$0.isEmpty }
        for text in texts {
          for line in text.split(separator: "\n") {
            #expect(line.count <= width, "width \(width):\n\(text)")
            if !unicode { #expect(line.allSatisfy { $0.isASCII }, "ASCII output:\n\(text)") }
          }
        }
      }
    }
  }

  @Test(arguments: [
    (0.0, 1.0), (-3.7, 12.2), (1e-7, 3e-7), (-5e9, 5e9), (0.5, 0.5), (1e300, 1.7e308),
    (-1.0, -0.999), (123_456.0, 123_789.0),
  ])
  func bothEndsOfBothAxesAreLabelled(lo: Double, hi: Double) throws {
    for width in [20, 33, 80, 200] {
      for rows in [2, 5, 15, 40] {
        let plane = Plane(
          xData: (lo, hi), yData: (lo, hi), xLimits: nil, yLimits: nil, logy: false,
          width: width, rows: rows, ppc: 2, ppr: 4)
        let yRows = Set(plane.yTicks.map(\.row))
        #expect(
          yRows.contains(0) && yRows.contains(rows - 1), "y ends, width \(width) rows \(rows)")
        let cols = plane.xTicks.map(\.column)
        #expect(cols.first == 0 && cols.dropFirst().first == plane.columns - 1)
        // And both end labels make it into the picture.
        let text = try Plots.line(
          [[lo, hi]], x: [lo, hi], style: PlotStyle(width: width, height: rows))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let xLine = try #require(lines.last)
        let ends = plane.xTicks.prefix(2).map(\.label)
        if ends.joined().count + 2 <= plane.columns {
          for e in ends { #expect(xLine.contains(e), "x end \(e), width \(width):\n\(text)") }
        }
      }
    }
  }
}
