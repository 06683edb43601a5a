/// Builds one line of output from text pieces, emitting colour escapes only when asked.
struct LineWriter {
  private(set) var text = ""
  private(set) var columns = 0
  private var current: PlotColor?
  let color: Bool

  init(color: Bool) { self.color = color }

  /// Appends plain text (no colour).
  mutating func plain(_ s: String) { put(s, nil) }

  /// Appends `s` in `c` (or plain when colour is off or `c` is nil).
  mutating func put(_ s: String, _ c: PlotColor?) {
    if color, c != current {
      if current != nil { text += PlotColor.reset }
      if let c { text += c.escape }
      current = c
    }
    text += s
    columns += s.count
  }

  /// Appends a cell.
  mutating func cell(_ c: Cell) { put(String(c.glyph), c.color) }

  /// The finished line, colour reset at its end when one is open.
  mutating func finish() -> String {
    if color, current != nil {
      text += PlotColor.reset
      current = nil
    }
    return text
  }
}
