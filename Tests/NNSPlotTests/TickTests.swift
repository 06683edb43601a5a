import Testing

@testable import NNSPlot

/// The smallest positive (subnormal) Double.
private let tiny = Double.leastNonzeroMagnitude

/// Tick selection and number formatting, against hand-derived values.
@Suite struct TickTests {
  @Test(arguments: [
    (10.0, 5, 2.0), (1.0, 5, 0.2), (100.0, 4, 50.0), (7.0, 7, 1.0),
    (0.003, 3, 0.001), (2e6, 4, 5e5), (13.0, 5, 5.0), (1.0, 1, 1.0),
  ])
  func niceStep(span: Double, count: Int, expected: Double) {
    // span / count rounded up to 1, 2 or 5 x 10^k: 10/5 = 2; 100/4 = 25 -> 50; 13/5 = 2.6 -> 5.
    #expect(Ticks.niceStep(span: span, count: count) == expected)
  }

  @Test func niceStepRejectsBadSpans() {
    #expect(Ticks.niceStep(span: 0, count: 5) == 1)
    #expect(Ticks.niceStep(span: -3, count: 5) == 1)
    #expect(Ticks.niceStep(span: .nan, count: 5) == 1)
    #expect(Ticks.niceStep(span: .infinity, count: 5) == 1)
    #expect(Ticks.niceStep(span: 10, count: 0) == 10)
  }

  @Test func looseRangeEndsOnTicks() throws {
    // 0.13..9.7 with about 5 intervals: step 2, widened to 0..10.
    let r = try #require(Ticks.loose(lo: 0.13, hi: 9.7, count: 5))
    #expect(r.lo == 0 && r.hi == 10 && r.step == 2)
    let m = try #require(Ticks.loose(lo: -1, hi: 1, count: 4))
    #expect(m.lo == -1 && m.hi == 1 && m.step == 0.5)
    #expect(Ticks.loose(lo: 1, hi: 1, count: 5) == nil)
    #expect(
      Ticks.loose(lo: -Double.greatestFiniteMagnitude, hi: .greatestFiniteMagnitude, count: 5)
        == nil)
  }

  @Test func multiples() {
    #expect(Ticks.multiples(of: 0.5, lo: -1, hi: 1) == [-1, -0.5, 0, 0.5, 1])
    #expect(Ticks.multiples(of: 2, lo: 0.5, hi: 5) == [2, 4])
    #expect(Ticks.multiples(of: 1e-300, lo: 0, hi: 1).isEmpty)  // too many: none
  }

  @Test func axisLabelsBothEnds() {
    let a = Axis.make(data: (0.13, 9.7), limits: nil, log: false, count: 5)
    #expect(a.lo == 0 && a.hi == 10)
    #expect(a.ticks.map(\.label) == ["0", "10", "2", "4", "6", "8"])
    // Given limits are labelled exactly, with nice ticks between: 2.4 / 4 = 0.6 -> step 1.
    let b = Axis.make(data: nil, limits: (0.3, 2.7), log: false, count: 4)
    #expect(b.ticks.map(\.label) == ["0.3", "2.7", "1", "2"])
  }

  @Test func logAxisDecades() {
    // log10 of 0.002..2.5 is about -2.7..0.4: whole decades 1e-3..10.
    let a = Axis.make(data: (-2.7, 0.4), limits: nil, log: true, count: 5)
    #expect(a.lo == -3 && a.hi == 1)
    #expect(a.ticks.map(\.label) == ["0.001", "10", "0.01", "0.1", "1"])
  }

  @Test func constantDataGetsARange() {
    let a = Axis.make(data: (5, 5), limits: nil, log: false, count: 4)
    #expect(a.lo < 5 && a.hi > 5)
    let z = Axis.make(data: (0, 0), limits: nil, log: false, count: 4)
    #expect(z.lo == -1 && z.hi == 1)
  }

  @Test(arguments: [
    (0.5, 0.5, "0.5"), (1200, 200, "1.2k"), (1000, 200, "1k"), (2e-4, 1e-4, "2e-4"),
    (2.5e-4, 5e-5, "2.5e-4"), (0.25, 0.25, "0.25"), (-1.5, 0.5, "-1.5"),
    (3e-17, 0.1, "0"), (2_500_000, 500_000, "2.5M"), (0.30000000000000004, 0.1, "0.3"),
    (1e18, 1e17, "1e18"), (100, 50, "100"),
  ])
  func tickFormat(value: Double, step: Double, expected: String) {
    #expect(NumberFormat.tick(value, step: step) == expected)
  }

  @Test(arguments: [
    (3.14159, "3.14"), (1234, "1.23k"), (999.7, "1k"), (0.000213, "2.13e-4"),
    (-0.35, "-0.35"), (0, "0"), (1e300, "1e300"), (15, "15"), (123_456_789, "123M"),
    (Double.nan, "nan"), (-Double.infinity, "-inf"), (0.001, "0.001"),
  ])
  func compactFormat(value: Double, expected: String) {
    #expect(NumberFormat.compact(value) == expected)
  }
}

/// Number formatting at the edges of the Double range.
@Suite struct NumberEdgeTests {
  @Test(arguments: [
    0.0, tiny, -tiny,
    Double.greatestFiniteMagnitude, 2.2250738585072014e-308,
  ])
  func tickAndCompactNeverTrap(v: Double) {
    for step in [
      tiny, 1e-300, 1, 1e300, Double.greatestFiniteMagnitude, 0, -1, .nan,
    ] {
      #expect(!NumberFormat.tick(v, step: step).isEmpty)
    }
    #expect(!NumberFormat.compact(v).isEmpty)
    #expect(NumberFormat.tick(0, step: tiny) == "0")
  }

  @Test func subnormalDataDrawsWithoutTrapping() throws {
    let style = PlotStyle(width: 40, height: 4)
    _ = try Plots.line(
      [
        [
          tiny, 2 * tiny,
          3 * tiny,
        ]
      ], style: style)
    _ = try Plots.scatter(
      x: [tiny, 2 * tiny],
      y: [0, 2 * tiny], classes: [0, 1], style: style)
    _ = try Plots.hist(
      [
        tiny, 2 * tiny,
        3 * tiny,
      ], bins: 3, style: style)
    _ = try Plots.heatmap(
      [tiny, 2 * tiny, 0, 1], rows: 2, columns: 2,
      style: style)
    _ = try Plots.regions(
      grid: [0, 1], gridRows: 1, gridColumns: 2, xRange: [0, tiny],
      yRange: [0, 2 * tiny],
      x: [0], y: [0], classes: [1], style: style)
  }
}

/// Ranges so narrow that their half-width underflows to zero.
@Suite struct DegenerateScaleTests {
  @Test func subnormalWidthRanges() throws {
    let style = PlotStyle(width: 40, height: 4)
    _ = try Plots.hist([0, tiny], bins: 4, style: style)
    _ = try Plots.heatmap([0, tiny], rows: 1, columns: 2, style: style)
    _ = try Plots.bar(
      labels: ["a", "b"], values: [-tiny, .greatestFiniteMagnitude],
      style: style)
    _ = try Plots.bar(
      labels: ["a", "b"], values: [-.greatestFiniteMagnitude, tiny],
      style: style)
    _ = try Plots.line([[0, tiny]], style: style)
    _ = try Plots.scatter(
      x: [0, tiny], y: [tiny, 0], classes: [1, 2],
      style: style)
    #expect(clampedIndex(.nan, 4) == 0)
    #expect(clampedIndex(.infinity, 4) == 3)
    #expect(clampedIndex(-.infinity, 4) == 0)
    #expect(clampedIndex(2.7, 4) == 2)
  }
}
