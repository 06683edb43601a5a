import NNSAutodiff
import NNSTensor

/// Text forms of values: `plain` (what `print` and interpolation write) and `show` (what the
/// REPL, notebooks, `-e` and `show` write: the value with its dtype and shape).
public enum Display {
  /// Tensors with more elements than this are summarised with `...` (numpy's threshold).
  public static let summaryThreshold = 1000
  /// Leading and trailing items kept on each summarised axis (and of a long list).
  public static let edgeItems = 3
  /// Lists with more items than this show only their first and last `edgeItems`.
  public static let listSummaryThreshold = 100

  /// The form `print` writes: strings bare, everything else as in containers.
  /// - Parameters:
  ///   - v: the value.
  ///   - width: the line width for wrapping tensors.
  public static func plain(_ v: Value, width: Int = 80) -> String {
    if case .string(let s) = v { return s }
    return render(v, annotate: false, width: width)
  }

  /// The display form with dtype and shape: `[1, 2, 3]  f32 [3]`, `0.5  f32`, `"text"`; a
  /// tape returned by `tape(f, args...)` shows as its table (SPEC §5).
  /// - Parameters:
  ///   - v: the value.
  ///   - width: the line width for wrapping tensors.
  public static func show(_ v: Value, width: Int = 80) -> String {
    if let rows = tapeRows(v) { return TapeRecord.table(rows) }
    return render(v, annotate: true, width: width)
  }

  /// Lists and records nested deeper than this show as `[...]` / `{...}` (a value built by a
  /// loop can nest 10,000 deep; its display must stay short and must not exhaust the stack).
  public static let maxNesting = 32

  /// The most list and record items one display shows; later lists and records show as
  /// `[...]` / `{...}`. A tree sharing subtrees (`x = [x, x]` forty times) has more leaves
  /// than could ever be printed.
  public static let maxItems = 10_000

  /// How many more items a display may show.
  final class Budget {
    var left = Display.maxItems
  }

  /// Renders a value; `annotate` adds dtype and shape to every tensor leaf.
  static func render(
    _ v: Value, annotate: Bool, width: Int, depth: Int = 0, budget: Budget = Budget()
  ) -> String {
    switch v {
    case .f32(let x): return NumberFormat.shortest(x) + (annotate ? "  f32" : "")
    case .f64(let x): return NumberFormat.shortest(x) + (annotate ? "  f64" : "")
    case .i64(let x): return String(x) + (annotate ? "  i64" : "")
    case .bool(let b): return (b ? "true" : "false") + (annotate ? "  bool" : "")
    case .tensor(let t):
      var body = tensor(t, width: width)
      guard annotate else { return body }
      // A rank-0 tensor reads like a number: `0  f32`, as `3` does (no `[]`).
      let suffix = "  " + t.dtype.name + (t.rank == 0 ? "" : " " + shapeString(t.shape))
      // The suffix stays on the line of the value's end: rows wrap earlier to leave it room.
      let lastLine = body.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
      if lastLine.count + suffix.count > width && t.rank > 0 {
        body = tensor(t, width: max(width - suffix.count, 20))
      }
      return body + suffix
    case .tracked(let t):
      return render(Value(t.value), annotate: annotate, width: width, depth: depth, budget: budget)
    case .string(let s): return quoted(s)
    case .none: return "none"
    case .closure(let c): return c.header
    case .builtin(let b): return "builtin " + b.signature
    case .list(let items):
      if depth >= maxNesting || (budget.left <= 0 && !items.isEmpty) {
        return items.isEmpty ? "[]" : "[...]"
      }
      budget.left -= min(items.count, listSummaryThreshold + 1)
      if items.count > listSummaryThreshold {
        // Like a long tensor: the first and last few items, and how many are left out.
        let kept = Array(items.prefix(edgeItems)) + Array(items.suffix(edgeItems))
        return container(
          open: "[", close: "]", items: kept.map { ("", $0) }, annotate: annotate, width: width,
          depth: depth, gap: (edgeItems, "... \(items.count - 2 * edgeItems) more ..."),
          budget: budget)
      }
      return container(
        open: "[", close: "]", items: items.map { ("", $0) }, annotate: annotate, width: width,
        depth: depth, budget: budget)
    case .record(let r):
      if depth >= maxNesting || (budget.left <= 0 && !r.keys.isEmpty) {
        return r.keys.isEmpty ? "{}" : "{...}"
      }
      budget.left -= r.keys.count
      return container(
        open: "{", close: "}", items: Array(zip(r.keys.map { $0 + ": " }, r.values)),
        annotate: annotate, width: width, depth: depth, budget: budget)
    }
  }

  /// A string as source text: quoted, with escapes.
  public static func quoted(_ s: String) -> String {
    var out = "\""
    var untilLook = Interrupt.chunk
    for c in s.unicodeScalars {
      untilLook &-= 1
      if untilLook == 0 {
        untilLook = Interrupt.chunk
        if Interrupt.isRequested { break }  // a huge string stops too (the caller throws)
      }
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "{": out += "\\{"
      case "}": out += "\\}"
      default: out.unicodeScalars.append(c)
      }
    }
    return out + "\""
  }

  /// Lists and records: one line when it fits, else one item per line, indented by two.
  private static func container(
    open: String, close: String, items: [(String, Value)], annotate: Bool, width: Int, depth: Int,
    gap: (at: Int, text: String)? = nil, budget: Budget
  ) -> String {
    if items.isEmpty { return open + close }
    var parts = items.map { label, value -> String in
      // A number in a list or record shows bare (`[2, 3]`, not `[2  f32, 3  f32]`); tensors
      // keep dtype and shape, and their continuation rows line up under their first row.
      var isScalar = false
      var isTensor = false
      switch value {
      case .f32, .f64, .i64, .bool: isScalar = true
      case .tensor, .tracked: isTensor = true
      default: break
      }
      let text = render(
        value, annotate: annotate && !isScalar, width: max(width - 2 - label.count, 20),
        depth: depth + 1, budget: budget)
      guard isTensor, !label.isEmpty else { return label + text }
      let pad = String(repeating: " ", count: label.count)
      return label
        + text.split(separator: "\n", omittingEmptySubsequences: false).joined(
          separator: "\n" + pad)
    }
    if let gap { parts.insert(gap.text, at: gap.at) }
    let oneLine = open + parts.joined(separator: ", ") + close
    if !oneLine.contains("\n") && oneLine.count <= width { return oneLine }
    let lines = parts.map { part in
      "  "
        + part.split(separator: "\n", omittingEmptySubsequences: false)
        .joined(separator: "\n  ")
    }
    return open + "\n" + lines.joined(separator: ",\n") + "\n" + close
  }

  /// One element as text (shortest form of its dtype; bools as true/false; i64 as an
  /// integer, exact up to 2^53 in this Double form: i64 tensors display through `intElement`).
  static func element(_ x: Double, _ dtype: DType) -> String {
    switch dtype {
    case .f32: return NumberFormat.shortest(Float(x))
    case .f64: return NumberFormat.shortest(x)
    case .bool: return x != 0 ? "true" : "false"
    case .i64: return exactInt64(x).map { String($0) } ?? NumberFormat.shortest(x)
    }
  }

  /// A tensor in numpy style: nested brackets, aligned columns, `...` when large.
  /// - Parameters:
  ///   - t: the tensor.
  ///   - width: the line width for wrapping rank-1 rows.
  ///   - formatter: the element formatter (shortest form by default).
  ///   - intFormatter: the formatter of `i64` elements (exact; plain integers by default).
  public static func tensor(
    _ t: Tensor, width: Int = 80, formatter: ((Double) -> String)? = nil,
    intFormatter: ((Int64) -> String)? = nil
  ) -> String {
    let plain = formatter ?? { element($0, t.dtype) }
    let exact = t.dtype == .i64 && (formatter == nil || intFormatter != nil)
    let ints = intFormatter ?? { String($0) }
    let format: (Int) -> String = { flat in
      exact ? ints(t.intElement(flat) ?? 0) : plain(t.element(flat))
    }
    if t.rank == 0 { return format(0) }
    let summarise = t.count > summaryThreshold
    // The kept indices along each axis.
    let kept: [[Int?]] = t.shape.map { n in
      if summarise && n > 2 * edgeItems {
        return Array(0..<edgeItems).map { Optional($0) } + [nil]
          + Array((n - edgeItems)..<n).map { Optional($0) }
      }
      return Array(0..<n).map { Optional($0) }
    }
    var strides = [Int](repeating: 1, count: t.rank)
    var s = 1
    for axis in stride(from: t.rank - 1, through: 0, by: -1) {
      strides[axis] = s
      s = s &* max(t.shape[axis], 1)
    }
    // Format every kept element once to find the common column width.
    var cellWidth = 1
    var cache: [Int: String] = [:]
    func visit(_ axis: Int, _ flat: Int) {
      if axis == t.rank {
        let text = format(flat)
        cache[flat] = text
        cellWidth = max(cellWidth, text.count)
        return
      }
      for i in kept[axis] { if let i { visit(axis + 1, flat &+ i &* strides[axis]) } }
    }
    if t.count > 0 { visit(0, 0) }
    if t.rank == 1 && !summarise {
      let plain = "[" + (0..<t.shape[0]).map { cache[$0] ?? "" }.joined(separator: ", ") + "]"
      if plain.count <= width { return plain }
    }
    func build(_ axis: Int, _ flat: Int, _ indent: Int) -> String {
      if axis == t.rank - 1 {
        let cells = kept[axis].map { i -> String in
          guard let i else { return "..." }
          return NumberFormat.pad(
            cache[flat &+ i &* strides[axis]] ?? "", to: cellWidth, right: true)
        }
        return wrapRow(cells, indent: indent + 1, width: width)
      }
      let blank = String(repeating: "\n", count: max(t.rank - axis - 1, 1))
      let pad = String(repeating: " ", count: indent + 1)
      let rows = kept[axis].map { i -> String in
        guard let i else { return "..." }
        return build(axis + 1, flat &+ i &* strides[axis], indent + 1)
      }
      return "[" + rows.joined(separator: "," + blank + pad) + "]"
    }
    return build(0, 0, 0)
  }

  /// `[a, b, c]`, wrapped to the width with continuation lines indented under the first cell.
  private static func wrapRow(_ cells: [String], indent: Int, width: Int) -> String {
    var lines: [String] = []
    var current = ""
    for (k, cell) in cells.enumerated() {
      let piece = cell + (k == cells.count - 1 ? "]" : ",")
      if current.isEmpty {
        current = piece
      } else if indent + current.count + 1 + piece.count > width {
        lines.append(current)
        current = piece
      } else {
        current += " " + piece
      }
    }
    if cells.isEmpty { return "[]" }
    lines.append(current)
    let pad = String(repeating: " ", count: indent)
    return "[" + lines.joined(separator: "\n" + pad)
  }
}
