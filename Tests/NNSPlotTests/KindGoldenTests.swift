import Foundation
import Testing

@testable import NNSPlot

/// Scatter, histogram, bar, heatmap and decision-region plots against golden files.
@Suite struct KindGoldenTests {
  static let styles: [String: PlotStyle] = [
    "braille": PlotStyle(width: 80, unicode: true, color: false),
    "ascii": PlotStyle(width: 80, unicode: false, color: false),
    "color": PlotStyle(width: 80, unicode: true, color: true),
    "ascii_color": PlotStyle(width: 80, unicode: false, color: true),
  ]
  static let names = ["braille", "ascii", "color", "ascii_color"]

  static func style(_ name: String) throws -> PlotStyle { try #require(styles[name]) }

  @Test(arguments: names)
  func scatterClasses(style: String) throws {
    let s = TestData.spiral(perClass: 60)
    let text = try Plots.scatter(
      x: s.x, y: s.y, classes: s.c, options: PlotOptions(title: "spiral", xlabel: "x1"),
      style: Self.style(style))
    try Golden.check("scatter_spiral_\(style)", text)
  }

  @Test(arguments: names)
  func scatterPlain(style: String) throws {
    var g = TestData.LCG(state: 7)
    let x = (0..<300).map { _ in g.normal() }
    let y = x.map { 2 * $0 + g.normal() * 0.5 }
    let text = try Plots.scatter(x: x, y: y, style: Self.style(style))
    try Golden.check("scatter_plain_\(style)", text)
  }

  @Test(arguments: names)
  func histogramNormal(style: String) throws {
    var g = TestData.LCG(state: 3)
    let x = (0..<2000).map { _ in g.normal() }
    let text = try Plots.hist(
      x, bins: 20, options: PlotOptions(title: "normal samples"),
      style: Self.style(style))
    try Golden.check("hist_normal_\(style)", text)
  }

  @Test(arguments: names)
  func barWithNegatives(style: String) throws {
    let text = try Plots.bar(
      labels: ["relu", "tanh", "sigmoid", "gelu", "leaky"],
      values: [0.91, -0.35, 0.62, 0.93, 0.0012],
      options: PlotOptions(title: "scores"), style: Self.style(style))
    try Golden.check("bar_scores_\(style)", text)
  }

  @Test(arguments: names)
  func heatmapDigit(style: String) throws {
    let text = try Plots.heatmap(
      TestData.digitZero, rows: 8, columns: 8, options: PlotOptions(title: "digit 0"),
      style: Self.style(style))
    try Golden.check("heatmap_digit_\(style)", text)
  }

  @Test(arguments: names)
  func heatmapWeights(style: String) throws {
    // A 100x64 "weight matrix": smooth bands plus a diagonal, values in [-1, 1].
    let m = (0..<(100 * 64)).map { i -> Double in
      let r = Double(i / 64), c = Double(i % 64)
      return 0.6 * sin(r / 9) * cos(c / 7) + (abs(r * 0.64 - c) < 3 ? 0.4 : 0)
    }
    let text = try Plots.heatmap(m, rows: 100, columns: 64, style: Self.style(style))
    try Golden.check("heatmap_weights_\(style)", text)
  }

  @Test(arguments: names)
  func heatmapDiverging(style: String) throws {
    // A 10x12 "weight picture": a positive blob, a negative blob and exact zeros between.
    let m = (0..<(10 * 12)).map { i -> Double in
      let r = Double(i / 12), c = Double(i % 12)
      let up = 0.8 * exp(-((r - 3) * (r - 3) + (c - 3) * (c - 3)) / 6)
      let down = -0.5 * exp(-((r - 6) * (r - 6) + (c - 8) * (c - 8)) / 5)
      let v = up + down
      return abs(v) < 0.05 ? 0 : v
    }
    let text = try Plots.heatmap(
      m, rows: 10, columns: 12, center: 0, options: PlotOptions(title: "weights, centred"),
      style: Self.style(style))
    try Golden.check("heatmap_diverging_\(style)", text)
  }

  @Test(arguments: ["braille", "ascii"])
  func scatterTightAxes(style: String) throws {
    // Data in [-1.1, 1.1] on a short plot: the axes end at -1.2 and 1.2, not at -2 and 2.
    var g = TestData.LCG(state: 11)
    let x = (0..<200).map { _ in 2.2 * g.next() - 1.1 } + [-1.1, 1.1]
    let y = (0..<200).map { _ in 2.2 * g.next() - 1.1 } + [1.1, -1.1]
    let c = x.indices.map { Double($0 % 2) }
    let text = try Plots.scatter(
      x: x, y: y, classes: c, options: PlotOptions(height: 12), style: Self.style(style))
    try Golden.check("scatter_tight_\(style)", text)
  }

  @Test(arguments: names)
  func decisionRegionsSpiral(style: String) throws {
    let s = TestData.spiral(perClass: 40)
    let rows = 30, cols = 60
    let xr = [-1.1, 1.1], yr = [-1.1, 1.1]
    var grid: [Double] = []
    for r in 0..<rows {
      for c in 0..<cols {
        let x = xr[0] + (xr[1] - xr[0]) * Double(c) / Double(cols - 1)
        let y = yr[0] + (yr[1] - yr[0]) * Double(r) / Double(rows - 1)
        grid.append(TestData.spiralClass(x, y))
      }
    }
    let text = try Plots.regions(
      grid: grid, gridRows: rows, gridColumns: cols, xRange: xr, yRange: yr,
      x: s.x, y: s.y, classes: s.c, options: PlotOptions(title: "decision regions"),
      style: Self.style(style))
    try Golden.check("regions_spiral_\(style)", text)
  }
}
