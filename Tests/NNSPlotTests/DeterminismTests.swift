import Foundation
import Testing

@testable import NNSPlot

/// Same data, same bytes; colour only adds escapes; the canvases' glyph rules.
@Suite struct DeterminismTests {
  /// Every plot kind drawn under `style`.
  static func allKinds(_ style: PlotStyle) throws -> [String] {
    let s = TestData.spiral(perClass: 30)
    return [
      try Plots.line([TestData.sine, TestData.cosine], labels: ["a", "b"], style: style),
      try Plots.line([TestData.loss], options: PlotOptions(logy: true), style: style),
      try Plots.scatter(x: s.x, y: s.y, classes: s.c, style: style),
      try Plots.scatter(x: s.x, y: s.y, style: style),
      try Plots.hist(s.x, bins: 12, style: style),
      try Plots.bar(labels: ["a", "b", "c"], values: [3, -1, 2], style: style),
      try Plots.heatmap(TestData.digitZero, rows: 8, columns: 8, style: style),
      try Plots.regions(
        grid: [0, 1, 2, 1], gridRows: 2, gridColumns: 2, xRange: [-1, 1], yRange: [-1, 1],
        x: s.x, y: s.y, classes: s.c, style: style),
    ]
  }

  @Test(arguments: [true, false])
  func sameDataSameBytes(color: Bool) throws {
    let style = PlotStyle(width: 72, unicode: true, color: color)
    let first = try Self.allKinds(style)
    let second = try Self.allKinds(style)
    #expect(first.map { Data($0.utf8) } == second.map { Data($0.utf8) })
  }

  @Test(arguments: [true, false])
  func colorOnlyAddsEscapes(unicode: Bool) throws {
    let plain = try Self.allKinds(PlotStyle(width: 72, unicode: unicode, color: false))
    let colored = try Self.allKinds(PlotStyle(width: 72, unicode: unicode, color: true))
    for (p, c) in zip(plain, colored) {
      #expect(!p.contains("\u{1B}"))
      #expect(c.contains("\u{1B}["))
      #expect(Self.stripEscapes(c) == p)
    }
  }

  /// The text without ANSI SGR escapes (`ESC [ ... m`).
  static func stripEscapes(_ s: String) -> String {
    var out = ""
    var inEscape = false
    for ch in s {
      if inEscape {
        if ch == "m" { inEscape = false }
      } else if ch == "\u{1B}" {
        inEscape = true
      } else {
        out.append(ch)
      }
    }
    return out
  }

  @Test func brailleDots() {
    var c = BrailleCanvas(columns: 2, rows: 1)
    #expect(c.cell(column: 0, row: 0).glyph == "\u{2800}")  // empty cell is U+2800
    c.set(0, 0, color: nil)  // dot 1
    c.set(1, 3, color: nil)  // dot 8
    #expect(c.cell(column: 0, row: 0).glyph == "\u{2881}")
    c.set(2, 1, color: nil)  // second cell, dot 2
    #expect(c.cell(column: 1, row: 0).glyph == "\u{2802}")
    c.set(-1, 0, color: nil)  // outside: ignored
    c.set(4, 0, color: nil)
    c.set(0, 4, color: nil)
    #expect(c.cells().flatMap { $0 }.map(\.glyph) == ["\u{2881}", "\u{2802}"])
  }

  @Test func lineIsClippedNotWalked() {
    // A segment with astronomically far ends crosses a 10x1 canvas in a few steps.
    var c = BrailleCanvas(columns: 10, rows: 1)
    c.line(-1e300, 1, 1e300, 1, color: nil)
    #expect(c.cells()[0].allSatisfy { $0.glyph == "\u{2812}" })  // dots 2 and 5: row 1
    var d = BrailleCanvas(columns: 10, rows: 1)
    d.line(.nan, 0, 5, 0, color: nil)
    d.line(-5, -5, -1, -1, color: nil)  // misses the canvas
    #expect(d.cells()[0].allSatisfy { $0.glyph == "\u{2800}" })
  }

  @Test func asciiGlyphs() {
    var c = AsciiCanvas(columns: 4, rows: 1)
    c.set(0, 2, color: nil)
    c.set(1, 0, color: nil)  // rising: /
    c.set(2, 0, color: nil)
    c.set(3, 2, color: nil)  // falling: \
    c.set(4, 1, color: nil)
    c.set(5, 1, color: nil)  // flat middle: -
    c.set(6, 0, color: nil)
    c.set(6, 2, color: nil)  // steep: |
    #expect(String(c.cells()[0].map(\.glyph)) == "/\\-|")
  }

  @Test func blockShadesAreMonotone() {
    // Each pair level is at least as dark as the one before: count shade weights.
    let weight: [Character: Int] = [" ": 0, "░": 1, "▒": 2, "▓": 3, "█": 4]
    let levels = (0..<BlockCanvas.pairLevels(unicode: true)).map {
      BlockCanvas.pairGlyphs(level: $0, unicode: true).reduce(0) { $0 + (weight[$1] ?? -100) }
    }
    #expect(levels == Array(0...8))
    #expect(BlockCanvas.pairLevels(unicode: false) == 10)
    #expect(BlockCanvas.pairGlyphs(level: 9, unicode: false) == "@@")
  }
}
