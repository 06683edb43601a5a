import Foundation
import Testing

@testable import NNSPlot

/// Every plot kind in Unicode and ASCII, with and without colour, against golden files.
@Suite struct PlotGoldenTests {
  static let styles: [(String, PlotStyle)] = [
    ("braille", PlotStyle(width: 80, unicode: true, color: false)),
    ("ascii", PlotStyle(width: 80, unicode: false, color: false)),
    ("color", PlotStyle(width: 80, unicode: true, color: true)),
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
}
