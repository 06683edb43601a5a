import Foundation
import Testing

@testable import NNSPlot

/// Every plot kind in Unicode and ASCII, with and without colour, against golden files.
@Suite struct PlotGoldenTests {
  static let styles: [(String, PlotStyle)] = [
    ("braille", PlotStyle(width: 80, unicode: true, color: false)),
    ("ascii", PlotStyle(width: 80, unicode: false, color: false)),
    ("color", PlotStyle(width: 80, unicode: true, color: true)),
    ("ascii_color", PlotStyle(width: 80, unicode: false, color: true)),
  ]

  @Test(arguments: styles.map(\.0))
  func sineAndCosine(style: String) throws {
    let s = try #require(Self.styles.first { $0.0 == style }).1
    let text = try Plots.line(
      [TestData.sine, TestData.cosine], labels: ["sin", "cos"],
      options: PlotOptions(title: "two periods", xlabel: "step", ylabel: "value"), style: s)
    try Golden.check("line_sin_cos_\(style)", text)
  }

  @Test(arguments: styles.map(\.0))
  func lossCurveLogScale(style: String) throws {
    let s = try #require(Self.styles.first { $0.0 == style }).1
    let text = try Plots.line(
      [TestData.loss, TestData.testLoss], labels: ["train", "test"],
      options: PlotOptions(title: "loss", xlabel: "epoch", logy: true), style: s)
    try Golden.check("line_loss_logy_\(style)", text)
  }

  @Test(arguments: ["braille", "ascii"])
  func manySeriesLegendWraps(style: String) throws {
    let s = try #require(Self.styles.first { $0.0 == style }).1
    let series = (0..<6).map { k in
      (0..<120).map { i in Double(k) + sin(Double(i) / 12 + Double(k)) }
    }
    let labels = [
      "learning rate 0.1", "learning rate 0.03", "learning rate 0.01", "adam",
      "rmsprop", "sgd with momentum 0.9 and nesterov",
    ]
    let text = try Plots.line(
      series, labels: labels,
      options: PlotOptions(title: "six runs", ylim: [-1, 7], width: 60, height: 12), style: s)
    try Golden.check("line_six_series_\(style)", text)
  }
}
