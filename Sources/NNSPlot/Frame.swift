/// One entry of a legend: a symbol (marker or line sample), its colour and its label.
struct LegendEntry {
  var symbol: String
  var color: PlotColor?
  var label: String
}

/// Lays a finished grid of cells out as a boxed plot: title, y label, tick labels on the
/// left and below, x label and legend. Every line fits in `width` columns.
struct Frame {
  var width: Int
  var unicode: Bool
  var color: Bool
  var title: String?
  var xlabel: String?
  var ylabel: String?
  /// Row of the grid and label, top row 0.
  var yTicks: [(row: Int, label: String)] = []
  /// Column of the grid and label.
  var xTicks: [(column: Int, label: String)] = []
  /// Columns reserved left of the box for the y tick labels (labels plus one space).
  var margin: Int
  var grid: [[Cell]]
  var legend: [LegendEntry] = []
  /// Extra lines under everything (e.g. a heatmap's scale).
  var footer: [String] = []

  /// Columns of the box interior.
  var columns: Int { grid.first?.count ?? 0 }

  /// The margin needed for y tick labels `labels`.
  static func margin(for labels: [String]) -> Int { (labels.map(\.count).max() ?? 0) + 1 }

  /// Renders the frame, lines joined by newlines (no trailing newline).
  func render() -> String {
    var lines: [String] = []
    let boxWidth = columns + 2
    if let title, !title.isEmpty { lines.append(centered(title, from: margin, span: boxWidth)) }
    if let ylabel, !ylabel.isEmpty { lines.append(fit(ylabel, width, unicode: unicode)) }
    let h: Character = unicode ? "─" : "-"
    let v: Character = unicode ? "│" : "|"
    let yTick: Character = unicode ? "┤" : "+"
    let xTick: Character = unicode ? "┬" : "+"
    let pad = String(repeating: " ", count: margin)
    lines.append(
      pad + (unicode ? "┌" : "+") + String(repeating: h, count: columns) + (unicode ? "┐" : "+"))
    var rowLabels: [Int: String] = [:]
    for t in yTicks where rowLabels[t.row] == nil { rowLabels[t.row] = t.label }
    for (r, row) in grid.enumerated() {
      var w = LineWriter(color: color)
      let label = rowLabels[r] ?? ""
      w.plain(String(repeating: " ", count: max(margin - 1 - label.count, 0)) + label + " ")
      w.plain(String(rowLabels[r] == nil ? v : yTick))
      for c in row { w.cell(c) }
      w.plain(String(v))
      lines.append(w.finish())
    }
    var bottom = Array(repeating: h, count: columns)
    for t in xTicks where t.column >= 0 && t.column < columns { bottom[t.column] = xTick }
    lines.append(pad + (unicode ? "└" : "+") + String(bottom) + (unicode ? "┘" : "+"))
    if !xTicks.isEmpty { lines.append(xLabelLine()) }
    if let xlabel, !xlabel.isEmpty { lines.append(centered(xlabel, from: margin, span: boxWidth)) }
    lines += legendLines(legend, indent: margin + 1, width: width, style: (unicode, color))
    lines += footer
    return lines.map { trimRight($0) }.joined(separator: "\n")
  }

  /// The line of x tick labels, each centred under its tick, dropping any that would
  /// overlap one already placed (the ends are placed first).
  private func xLabelLine() -> String {
    var line = Array(repeating: Character(" "), count: width)
    var taken = Array(repeating: false, count: width)
    for t in xTicks {
      guard let start = Frame.xLabelStart(t, margin: margin, width: width) else { continue }
      let end = start + t.label.count
      let lo = max(start - 1, 0), hi = min(end + 1, width)
      if taken[lo..<hi].contains(true) { continue }
      for (i, ch) in t.label.enumerated() { line[start + i] = ch }
      for i in start..<end { taken[i] = true }
    }
    return String(line)
  }

  /// Where a label centred under grid column `t.column` starts, kept inside the line;
  /// nil when it cannot fit.
  static func xLabelStart(_ t: (column: Int, label: String), margin: Int, width: Int) -> Int? {
    let n = t.label.count
    guard n <= width else { return nil }
    let centre = margin + 1 + t.column
    return min(max(centre - (n - 1) / 2, 0), width - n)
  }

  /// Whether x tick labels `ticks` can all be placed without touching.
  static func xLabelsFit(_ ticks: [(column: Int, label: String)], margin: Int, width: Int) -> Bool {
    var spans: [(Int, Int)] = []
    for t in ticks {
      guard let s = xLabelStart(t, margin: margin, width: width) else { return false }
      spans.append((s, s + t.label.count))
    }
    spans.sort { $0.0 < $1.0 }
    for i in spans.indices.dropFirst() where spans[i].0 <= spans[i - 1].1 { return false }
    return true
  }

  private func centered(_ s: String, from start: Int, span: Int) -> String {
    let text = fit(s, width, unicode: unicode)
    var lead = start + max((span - text.count) / 2, 0)
    lead = min(lead, width - text.count)
    return String(repeating: " ", count: max(lead, 0)) + text
  }
}

/// `s` on one line, cut to at most `n` characters and ending in `…` (`~` in ASCII) when cut.
func fit(_ s: String, _ n: Int, unicode: Bool = true) -> String {
  guard n > 0 else { return "" }
  let flat = s.replacingNewlines()
  if flat.count <= n { return flat }
  return String(flat.prefix(max(n - 1, 0))) + (unicode ? "…" : "~")
}

extension String {
  /// The string with line breaks and tabs shown as spaces, so one label stays one line.
  func replacingNewlines() -> String {
    String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
  }
}

/// The line without trailing spaces (colour escapes end in `m`, so they are kept).
func trimRight(_ s: String) -> String {
  var t = Substring(s)
  while t.last == " " { t.removeLast() }
  return String(t)
}

/// Legend entries laid out left to right, wrapping at `width`, each `symbol label`,
/// three spaces apart.
func legendLines(
  _ entries: [LegendEntry], indent: Int, width: Int, style: (unicode: Bool, color: Bool)
) -> [String] {
  guard !entries.isEmpty else { return [] }
  let color = style.color
  var lines: [String] = []
  let start = min(indent, width / 2)
  var w = LineWriter(color: color)
  w.plain(String(repeating: " ", count: start))
  var used = start
  var first = true
  for e in entries {
    let label = fit(e.label, max(width - start - e.symbol.count - 1, 1), unicode: style.unicode)
    let n = e.symbol.count + 1 + label.count
    if !first && used + 3 + n > width {
      lines.append(w.finish())
      w = LineWriter(color: color)
      w.plain(String(repeating: " ", count: start))
      used = start
      first = true
    }
    if !first {
      w.plain("   ")
      used += 3
    }
    w.put(e.symbol, e.color)
    w.plain(" " + label)
    used += n
    first = false
  }
  lines.append(w.finish())
  return lines
}
