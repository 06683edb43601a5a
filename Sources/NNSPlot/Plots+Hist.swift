extension Plots {
  /// Draws a histogram: `hist(x, bins: 20)`, one horizontal bar per bin, labelled with
  /// the bin's range and its count.
  ///
  /// Bins split `[min, max]` of the finite values into equal widths, as numpy's
  /// `histogram` does: each bin is half-open `[a, b)` except the last, `[a, b]`. Constant
  /// data is binned over `[v - 0.5, v + 0.5]`; NaN and infinite values are left out (the
  /// title line notes how many).
  /// - Parameters:
  ///   - values: the samples.
  ///   - bins: the number of bins, 1 to 1000.
  ///   - options: `title:`, `xlabel:`, `ylabel:`, `width:`.
  ///   - style: the output layer's choices.
  /// - Returns: the histogram, one string of lines.
  /// - Throws: `PlotError` when `bins` is out of range or an option is.
  public static func hist(
    _ values: [Double], bins: Int = 20,
    options: PlotOptions = PlotOptions(), style: PlotStyle = PlotStyle()
  ) throws(PlotError) -> String {
    let op = "hist"
    let res = try Resolved(op, style, options, defaultHeight: defaultHeight)
    try rejectLogy(op, options)
    guard (1...1000).contains(bins) else {
      throw PlotError("\(op): bins must be between 1 and 1000, got \(bins)")
    }
    var (lo, hi) = finiteRange(values, cancelled: style.cancelled) ?? (0, 1)
    if lo == hi {
      lo -= 0.5
      hi += 0.5
    }
    let half = hi / 2 - lo / 2
    var counts = Array(repeating: 0, count: bins)
    var skipped = 0
    for (i, v) in values.enumerated() {
      if i % PlotStyle.pollEvery == 0 && style.cancelled() { break }
      guard v.isFinite else {
        skipped += 1
        continue
      }
      let f = (v / 2 - lo / 2) / half
      counts[clampedIndex(f * Double(bins), bins)] += 1
    }
    // Bin edges, computed in halves so a range near the Double limit stays finite.
    let edges = (0...bins).map { i -> Double in
      i == bins ? hi : (lo / 2 + half * Double(i) / Double(bins)) * 2
    }
    let step = half * 2 / Double(bins)
    let texts = edges.map { NumberFormat.tick($0, step: step.isFinite ? step : half) }
    // Edges padded to common widths, so the brackets and commas line up.
    let leftWidth = texts.dropLast().map(\.count).max() ?? 0
    let rightWidth = texts.dropFirst().map(\.count).max() ?? 0
    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: n - s.count) + s }
    let labels = (0..<bins).map { i in
      "[" + pad(texts[i], leftWidth) + ", " + pad(texts[i + 1], rightWidth)
        + (i == bins - 1 ? "]" : ")")
    }
    var opts = options
    if skipped > 0 {
      let note = "(\(skipped) nan/inf left out)"
      opts.title = (options.title.map { $0 + " " } ?? "") + note
    }
    return BarRows(
      labels: labels, values: counts.map(Double.init), valueLabels: counts.map(String.init),
      res: res, options: opts
    ).render()
  }
}
