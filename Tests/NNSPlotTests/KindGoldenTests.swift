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
