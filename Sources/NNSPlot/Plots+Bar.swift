extension Plots {
  /// Draws a horizontal bar chart: `bar(labels, values)`, one row per value, its label on
  /// the left and its value on the right.
  ///
  /// Bars grow from zero, rightwards for positive values and leftwards for negative ones,
  /// in eighth-block steps (Unicode) or whole `#` characters (ASCII). A NaN value draws no
  /// bar; an infinite one fills its side. The chart has one row per value, so `height:`
  /// does not apply.
  /// - Parameters:
  ///   - labels: one label per bar.
  ///   - values: the bar lengths.
  ///   - options: `title:`, `xlabel:`, `ylabel:`, `width:`.
  ///   - style: the output layer's choices.
  /// - Returns: the chart, one string of lines.
  /// - Throws: `PlotError` when the counts differ or an option is out of range.
  public static func bar(
    labels: [String], values: [Double],
    options: PlotOptions = PlotOptions(), style: PlotStyle = PlotStyle()
  ) throws(PlotError) -> String {
    let op = "bar"
    let res = try Resolved(op, style, options, defaultHeight: defaultHeight)
    try rejectLogy(op, options)
    guard labels.count == values.count else {
      throw PlotError("\(op): \(labels.count) labels for \(values.count) values")
    }
    let shown = values.map { NumberFormat.compact($0, significant: 4) }
    return BarRows(
      labels: labels, values: values, valueLabels: shown, res: res, options: options
    ).render()
  }
}

/// Rows of horizontal bars with labels and values: the layout of `bar` and `hist`.
struct BarRows {
  var labels: [String]
  var values: [Double]
  var valueLabels: [String]
  var res: Resolved
  var options: PlotOptions

  private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

  func render() -> String {
    let w = res.width
    let labelWidth = min(labels.map { $0.replacingNewlines().count }.max() ?? 0, w / 3)
    let valueWidth = min(valueLabels.map(\.count).max() ?? 0, w / 4)
    // label, space, axis, bars, space, value
    let area = max(w - labelWidth - 3 - valueWidth, 1)
    let finite = values.filter(\.isFinite)
    let top = max(finite.max() ?? 0, 0), bottom = min(finite.min() ?? 0, 0)
    let hasPos = values.contains { $0 > 0 }, hasNeg = values.contains { $0 < 0 }
    // Columns for the negative side, the rest for the positive side.
    var negCols = 0
    if hasNeg {
      let span = top / 2 - bottom / 2
      let share = span > 0 ? min(max((-bottom / 2) / span, 0), 1) : 1
      negCols = hasPos ? Int((Double(area) * share).rounded()) : area
      if hasPos { negCols = min(max(negCols, 1), area - 1) }
    }
    let posCols = area - negCols
    var lines: [String] = []
    if let t = options.title, !t.isEmpty {
      let text = fit(t, w, unicode: res.unicode)
      lines.append(String(repeating: " ", count: max((w - text.count) / 2, 0)) + text)
    }
    if let y = options.ylabel, !y.isEmpty { lines.append(fit(y, w, unicode: res.unicode)) }
    let axis = res.unicode ? "┤" : "|"
    for i in values.indices {
      var line = LineWriter(color: res.color)
      let label = fit(labels[i], labelWidth, unicode: res.unicode)
      line.plain(String(repeating: " ", count: labelWidth - label.count) + label + " ")
      let v = values[i]
      let color = PlotColor.series(0)
      if negCols > 0 {
        let cells = v < 0 ? eighthsOf(v, scale: -bottom, cols: negCols) : 0
        let full = cells / 8
        let half = res.unicode && cells % 8 > 0
        let used = full + (half ? 1 : 0)
        line.plain(String(repeating: " ", count: max(negCols - used, 0)))
        if half { line.put("▐", color) }
        line.put(String(repeating: res.unicode ? "█" : "#", count: full), color)
      }
      line.plain(axis)
      if v > 0 {
        let cells = eighthsOf(v, scale: top, cols: posCols)
        let full = cells / 8, part = cells % 8
        var bar = String(repeating: res.unicode ? "█" : "#", count: full)
        if res.unicode && part > 0 { bar.append(BarRows.eighths[part - 1]) }
        if !res.unicode && part >= 4 { bar.append("#") }
        line.put(bar, color)
      }
      line.plain(" " + fit(valueLabels[i], valueWidth, unicode: res.unicode))
      lines.append(trimRight(line.finish()))
    }
    if let x = options.xlabel, !x.isEmpty {
      let text = fit(x, w, unicode: res.unicode)
      let start = labelWidth + 2 + max((area - text.count) / 2, 0)
      lines.append(String(repeating: " ", count: min(start, max(w - text.count, 0))) + text)
    }
    return lines.joined(separator: "\n")
  }

  /// Bar length of `v` in eighths of a character when `scale` fills `cols` columns.
  private func eighthsOf(_ v: Double, scale: Double, cols: Int) -> Int {
    if v.isInfinite { return cols * 8 }
    guard v.isFinite, v != 0, scale > 0 else { return 0 }
    let f = min(abs(v) / scale, 1)
    // A non-zero value always shows: at least an eighth (Unicode) or a `#` (ASCII).
    return max(Int((f * Double(cols * 8)).rounded()), res.unicode ? 1 : 8)
  }
}
