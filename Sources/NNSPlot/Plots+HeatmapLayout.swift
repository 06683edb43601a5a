extension Plots {
  /// Frames a heatmap's shaded grid: column indices above, row indices left, a box, and
  /// the value scale below.
  /// - Parameters:
  ///   - grid: the shaded cells, two characters per shown matrix cell.
  ///   - rows: the matrix's rows.
  ///   - columns: the matrix's columns.
  ///   - f: matrix cells per shown cell along each axis (below 1 when enlarged).
  ///   - scale: the value scale's lines, shown below the picture.
  static func heatmapLayout(
    grid: [[Cell]], rows: Int, columns: Int, f: Double,
    rowLabelWidth: Int, scale: [String], res: Resolved, options: PlotOptions
  ) -> String {
    let width = res.width
    let outRows = grid.count
    let inner = grid.first?.count ?? 0
    var lines: [String] = []
    let pad = String(repeating: " ", count: rowLabelWidth)
    if let t = options.title, !t.isEmpty {
      let text = fit(t, width, unicode: res.unicode)
      let lead = rowLabelWidth + max((inner + 2 - text.count) / 2, 0)
      lines.append(String(repeating: " ", count: min(lead, max(width - text.count, 0))) + text)
    }
    if let y = options.ylabel, !y.isEmpty { lines.append(fit(y, width, unicode: res.unicode)) }
    // Column indices: every k-th column, k nice and wide enough for the labels.
    let colLabelWidth = String(columns - 1).count
    let colStep = indexStep(
      charsPerIndex: 2 / f, need: colLabelWidth + 1)
    var header = Array(repeating: Character(" "), count: rowLabelWidth + 1 + inner + 1)
    var j = 0
    while j < columns {
      let text = String(j)
      let at = rowLabelWidth + 1 + Int((Double(j) / f).rounded(.down)) * 2
      if at + text.count <= header.count {
        for (k, ch) in text.enumerated() { header[at + k] = ch }
      }
      j += colStep
    }
    lines.append(trimRight(String(header)))
    let h: Character = res.unicode ? "─" : "-"
    let v = res.unicode ? "│" : "|"
    lines.append(
      pad + (res.unicode ? "┌" : "+") + String(repeating: h, count: inner)
        + (res.unicode ? "┐" : "+"))
    // Row indices: every k-th row, labels at least two lines apart unless every row fits.
    let rowStep = indexStep(charsPerIndex: 1 / f, need: f < 1 || f == 1 && rows <= outRows ? 1 : 2)
    var rowLabel: [Int: String] = [:]
    var i = 0
    while i < rows {
      let r = Int((Double(i) / f).rounded(.down))
      if r < outRows, rowLabel[r] == nil { rowLabel[r] = String(i) }
      i += rowStep
    }
    for (r, row) in grid.enumerated() {
      var w = LineWriter(color: res.color)
      let label = rowLabel[r] ?? ""
      w.plain(String(repeating: " ", count: max(rowLabelWidth - 1 - label.count, 0)) + label + " ")
      w.plain(v)
      for c in row { w.cell(c) }
      w.plain(v)
      lines.append(w.finish())
    }
    lines.append(
      pad + (res.unicode ? "└" : "+") + String(repeating: h, count: inner)
        + (res.unicode ? "┘" : "+"))
    if let x = options.xlabel, !x.isEmpty {
      let text = fit(x, width, unicode: res.unicode)
      let lead = rowLabelWidth + max((inner + 2 - text.count) / 2, 0)
      lines.append(String(repeating: " ", count: min(lead, max(width - text.count, 0))) + text)
    }
    lines += scale
    if f > 1 {
      let shown = NumberFormat.compact(f, significant: 3)
      lines.append(
        fit(
          pad + "(\(rows)x\(columns) shown at 1/\(shown) scale, blocks averaged)", width,
          unicode: res.unicode))
    }
    return lines.map(trimRight).joined(separator: "\n")
  }

  /// The smallest nice step (1, 2, 5, 10, ...) of indices whose labels, `charsPerIndex`
  /// characters apart per index, leave at least `need` characters between label starts.
  static func indexStep(charsPerIndex: Double, need: Int) -> Int {
    var step = 1
    var k = 0
    let nice = [1, 2, 5]
    while Double(step) * charsPerIndex < Double(need) && step < 1_000_000_000 {
      k += 1
      step = nice[k % 3] * Int(NumberFormat.power10(k / 3))
    }
    return max(step, 1)
  }

  /// The value scale: `lo [ramp] hi`, each shade in its colour; the values move to a
  /// second line when one line would not fit the width.
  static func scaleLines(range: (Double, Double)?, res: Resolved, indent: Int) -> [String] {
    guard let (lo, hi) = range else {
      return [String(repeating: " ", count: indent) + "no finite values"]
    }
    let levels = BlockCanvas.pairLevels(unicode: res.unicode)
    let loText = NumberFormat.compact(lo, significant: 3)
    let hiText = NumberFormat.compact(hi, significant: 3)
    let rampWidth = 2 * levels + 2
    let oneLine = loText.count + hiText.count + 2 + rampWidth
    let lead = oneLine + indent <= res.width ? indent : max(res.width - oneLine, 0)
    var w = LineWriter(color: res.color)
    w.plain(String(repeating: " ", count: lead))
    let split = oneLine > res.width
    if !split { w.plain(loText + " ") }
    w.plain("[")
    for l in 0..<levels {
      let glyphs = BlockCanvas.pairGlyphs(level: l, unicode: res.unicode)
      // Under 22 columns only one glyph of each pair fits (the darker, skipping repeats).
      let narrow = rampWidth > res.width
      if narrow && res.unicode && l % 2 == 1 { continue }
      w.put(narrow ? String(glyphs.prefix(1)) : glyphs, res.color ? rampColor(l, levels) : nil)
    }
    w.plain("]")
    if !split {
      w.plain(" " + hiText)
      return [w.finish()]
    }
    return [w.finish(), fit(loText + " to " + hiText, res.width, unicode: res.unicode)]
  }
}
