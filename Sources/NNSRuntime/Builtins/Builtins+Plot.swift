import NNSPlot
import NNSTensor

/// The plot builtins of SPEC §7: `plot scatter hist heatmap bar`. Each converts its values to
/// plain numbers, asks NNSPlot for the picture under the output layer's style, and prints it.
extension Builtins {
  /// The named options every plot builtin takes, in order, after its own parameters.
  static let plotOptionParams: [Param] = [
    .opt("title", "none"), .opt("xlabel", "none"), .opt("ylabel", "none"),
    .opt("ylim", "none"), .opt("xlim", "none"), .opt("width", "none"), .opt("height", "none"),
  ]

  static var plots: [Builtin] {
    [
      Builtin(
        "plot",
        [.req("x"), .opt("y", "none"), .opt("labels", "none"), .opt("logy", "false")]
          + plotOptionParams,
        doc: "Draws a line chart as text: plot(y), plot(x, y), or several series as a list "
          + "(plot([train, test], labels: [\"train\", \"test\"]); the rows of a matrix are "
          + "series too). logy: true for a log y axis; title:, xlabel:, ylabel:, ylim: [lo, hi], "
          + "xlim:, width:, height: as for every plot. NaN and inf leave gaps.",
        example: "plot(exp(-linspace(0, 5, 50)), logy: true, title: \"loss\")"
      ) { a in
        var options = try PlotArgs.options(a, from: 4)
        options.logy = try a.bool(3, default: false)
        let first = try PlotArgs.series(a[0], op: "plot", what: "x")
        var x: [Double]? = nil
        var series = first
        if a.has(1) {
          guard first.count == 1 else {
            throw RuntimeError("plot: x must be one series when y is given, got \(first.count)")
          }
          x = first[0]
          series = try PlotArgs.series(a[1], op: "plot", what: "y")
        }
        let labels = a.has(2) ? try PlotArgs.strings(a[2], op: "plot", what: "labels") : nil
        let style = PlotArgs.style(a.interpreter.output)
        return try PlotArgs.emit(a) {
          try Plots.line(series, x: x, labels: labels, options: options, style: style)
        }
      },
      Builtin(
        "scatter", [.req("x"), .opt("y", "none"), .opt("c", "none")] + plotOptionParams,
        doc: "Draws points as text: scatter(x, y), or scatter(X) for the two columns of an "
          + "[n, 2] matrix; c: class labels give each class its own marker and colour, with a "
          + "legend. Options as for plot (no logy).",
        example: "d = moons(200); scatter(d.X, c: d.y)"
      ) { a in
        let options = try PlotArgs.options(a, from: 3)
        var x = try PlotArgs.numbers(a[0], op: "scatter", what: "x")
        var y: [Double]
        if a.has(1) {
          y = try PlotArgs.numbers(a[1], op: "scatter", what: "y")
        } else {
          let t = try a.tensor(0)
          guard t.rank == 2, t.shape[1] == 2 else {
            throw RuntimeError(
              "scatter: without y, x must be an [n,2] matrix, got shape \(shapeString(t.shape))")
          }
          let flat = t.toDoubles()
          x = stride(from: 0, to: flat.count, by: 2).map { flat[$0] }
          y = stride(from: 1, to: flat.count, by: 2).map { flat[$0] }
        }
        let c = a.has(2) ? try PlotArgs.numbers(a[2], op: "scatter", what: "c") : nil
        let style = PlotArgs.style(a.interpreter.output)
        return try PlotArgs.emit(a) {
          try Plots.scatter(x: x, y: y, classes: c, options: options, style: style)
        }
      },
      Builtin(
        "hist", [.req("x"), .opt("bins", "20")] + plotOptionParams,
        doc: "Draws a histogram of all the values of x as text: one bar per bin over [min, max] "
          + "(numpy's bins), with the bin ranges and counts; NaN and inf are left out.",
        example: "hist(randn(1000), bins: 10)"
      ) { a in
        let options = try PlotArgs.options(a, from: 2)
        let values = try a.tensor(0).toDoubles()
        let bins = a.has(1) ? try a.int(1) : 20
        let style = PlotArgs.style(a.interpreter.output)
        return try PlotArgs.emit(a) {
          try Plots.hist(values, bins: bins, options: options, style: style)
        }
      },
      Builtin(
        "heatmap", [.req("matrix"), .opt("center", "none")] + plotOptionParams,
        doc: "Draws a matrix as shaded text (e.g. an 8x8 digit or a weight matrix), with row "
          + "and column indices and a value legend; large matrices are averaged down to fit. "
          + "center: c draws a diverging scale, symmetric around c, blank at c, with one "
          + "texture (and colour) below it and another above: center: 0 for weights, so a "
          + "weight of 0 draws no ink and the signs stay apart.",
        example: "heatmap(reshape(digits().X[0], [8, 8]))"
      ) { a in
        let options = try PlotArgs.options(a, from: 2)
        let m = try a.tensor(0)
        guard m.rank == 2 else {
          throw RuntimeError(
            "heatmap: matrix must have rank 2, got shape \(shapeString(m.shape))")
        }
        let center = a.has(1) ? try a.double(1) : nil
        let style = PlotArgs.style(a.interpreter.output)
        return try PlotArgs.emit(a) {
          try Plots.heatmap(
            m.toDoubles(), rows: m.shape[0], columns: m.shape[1], center: center,
            options: options, style: style)
        }
      },
      Builtin(
        "bar", [.req("labels"), .req("values")] + plotOptionParams,
        doc: "Draws a horizontal bar chart as text: one bar per value, labelled on the left "
          + "(labels: a list of strings, or numbers) with its value on the right.",
        example: "bar([\"a\", \"b\", \"c\"], [3, 1, 2])"
      ) { a in
        let options = try PlotArgs.options(a, from: 2)
        let labels = try PlotArgs.strings(a[0], op: "bar", what: "labels")
        let values = try PlotArgs.numbers(a[1], op: "bar", what: "values")
        let style = PlotArgs.style(a.interpreter.output)
        return try PlotArgs.emit(a) {
          try Plots.bar(labels: labels, values: values, options: options, style: style)
        }
      },
    ]
  }
}

/// Argument conversion shared by the plot builtins (and the stdlib's `boundary`).
enum PlotArgs {
  /// The style the output layer prescribes: its width, Unicode and colour flags.
  static func style(_ out: Output) -> PlotStyle {
    var style = PlotStyle(width: out.width, height: nil, unicode: out.unicode, color: out.color)
    style.cancelled = { Interrupt.isRequested }
    return style
  }

  /// Runs a plot and prints it; a `PlotError` becomes a runtime error. A plot stopped by
  /// Ctrl-C is unfinished: it is not printed.
  static func emit(_ a: Arguments, _ draw: () throws -> String) throws -> Value {
    let text: String
    do { text = try draw() } catch let e as PlotError { throw RuntimeError(e.message) }
    if Interrupt.take() { throw RuntimeError.interrupted }
    a.interpreter.output.block(.plot, text)
    return .none
  }

  /// Reads `title:` ... `height:` starting at parameter `start` (the order of
  /// `plotOptionParams`).
  static func options(_ a: Arguments, from start: Int) throws -> PlotOptions {
    var o = PlotOptions()
    o.title = a.has(start) ? try text(a[start], op: a.op, what: "title") : nil
    o.xlabel = a.has(start + 1) ? try text(a[start + 1], op: a.op, what: "xlabel") : nil
    o.ylabel = a.has(start + 2) ? try text(a[start + 2], op: a.op, what: "ylabel") : nil
    o.ylim = a.has(start + 3) ? try limits(a[start + 3], op: a.op, what: "ylim") : nil
    o.xlim = a.has(start + 4) ? try limits(a[start + 4], op: a.op, what: "xlim") : nil
    o.width = try a.optionalInt(start + 5)
    o.height = try a.optionalInt(start + 6)
    return o
  }

  /// A string argument (a title or label); numbers are shown as text.
  static func text(_ v: Value, op: String, what: String) throws -> String {
    if case .string(let s) = v { return s }
    throw RuntimeError("\(op): \(what) must be a string, got \(v.kindName)")
  }

  /// A `[lo, hi]` argument as numbers.
  static func limits(_ v: Value, op: String, what: String) throws -> [Double] {
    let xs = try numbers(v, op: op, what: what)
    guard xs.count == 2 else {
      throw RuntimeError("\(op): \(what) must be [lo, hi], got \(xs.count) numbers")
    }
    return xs
  }

  /// All the numbers of a tensor, or of a list of numbers, in row-major order.
  static func numbers(_ v: Value, op: String, what: String) throws -> [Double] {
    if let t = v.asTensor { return t.toDoubles() }
    if case .list(let items) = v {
      return try items.map { item in
        guard let t = item.asTensor, t.count == 1 else {
          throw RuntimeError(
            "\(op): \(what) must be a tensor or a list of numbers, got a list holding "
              + item.typeDescription)
        }
        return t.element(0)
      }
    }
    throw RuntimeError("\(op): \(what) must be a tensor, got \(v.kindName)")
  }

  /// The series of a line chart: a vector (one series), a matrix (one series per row, so
  /// `plot([y1, y2])` means the same written with names or with literals), a list of numbers
  /// (one series) or a list of vectors (one each).
  static func series(_ v: Value, op: String, what: String) throws -> [[Double]] {
    if let t = v.asTensor {
      switch t.rank {
      case 0, 1: return [t.toDoubles()]
      case 2:
        let (rows, cols) = (t.shape[0], t.shape[1])
        let flat = t.toDoubles()
        return (0..<rows).map { r in Array(flat[r * cols..<(r + 1) * cols]) }
      default:
        throw RuntimeError(
          "\(op): \(what) must be a vector, a matrix or a list of vectors, got shape "
            + shapeString(t.shape))
      }
    }
    guard case .list(let items) = v else {
      throw RuntimeError("\(op): \(what) must be a tensor or a list, got \(v.kindName)")
    }
    if items.allSatisfy({ $0.asTensor?.rank == 0 }) {
      return [try numbers(v, op: op, what: what)]
    }
    return try items.map { item in
      guard let t = item.asTensor, t.rank <= 1 else {
        throw RuntimeError(
          "\(op): each series must be a vector, got \(item.typeDescription)")
      }
      return t.toDoubles()
    }
  }

  /// A list of labels: strings, or numbers shown in their shortest form.
  static func strings(_ v: Value, op: String, what: String) throws -> [String] {
    if case .list(let items) = v {
      return try items.map { item in
        if case .string(let s) = item { return s }
        guard let t = item.asTensor, t.count == 1 else {
          throw RuntimeError("\(op): \(what) must be strings or numbers, got \(item.kindName)")
        }
        return Display.plain(item)
      }
    }
    if let t = v.asTensor {
      if t.dtype == .i64 { return t.toInt64s().map { String($0) } }
      return t.toDoubles().map {
        t.dtype == .f64
          ? NNSRuntime.NumberFormat.shortest($0) : NNSRuntime.NumberFormat.shortest(Float($0))
      }
    }
    throw RuntimeError("\(op): \(what) must be a list of strings, got \(v.kindName)")
  }
}
