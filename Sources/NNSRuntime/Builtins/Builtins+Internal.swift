import NNSFiles
import NNSPlot
import NNSTensor

/// Internal builtins for the stdlib (names start with `_`; not part of the language contract):
/// the shipped digits, training progress and decision-region grids.
extension Builtins {
  static var internals: [Builtin] {
    [
      Builtin(
        "_spin", [.req("seconds")],
        doc: "Busy-waits without looking at the interrupt flag, as a long BLAS call or a "
          + "file read would: tests use it for the forced interrupt (a second Ctrl-C).",
        example: "_spin(0.1)"
      ) { a in
        let seconds = min(max(try a.double(0), 0), 600)
        let end = Builtins.monotonicSeconds() + seconds
        while Builtins.monotonicSeconds() < end {}
        return .none
      },
      Builtin(
        "_kind", [.req("x")],
        doc: "The kind of a value: tensor, string, list, record, function or none.",
        example: "_kind(relu)"
      ) { a in .string(a[0].kindName) },
      Builtin(
        "_tree_unflatten", [.req("t"), .req("leaves")],
        doc: "t with its tensor leaves replaced, in order, by the list's items (ravel's "
          + "inverse); the counts must match.",
        example: "_tree_unflatten({w: 1, b: [2]}, [10, [20]])"
      ) { a in
        let leaves = try a.list(1)
        var next = 0
        let out = try replaceLeaves(a[0], leaves, &next)
        guard next == leaves.count else {
          throw RuntimeError(
            "_tree_unflatten: the tree has \(next) tensor leaves, the list \(leaves.count)")
        }
        return out
      },
      Builtin(
        "_max_elements", [],
        doc: "The most elements one tensor may have (the stdlib's generators check n first).",
        example: "_max_elements()"
      ) { _ in .count(Tensor.maxElements) },
      Builtin(
        "_digits", [],
        doc: "The shipped digits as {X [1797, 64], y [1797]} (stdlib's digits()).",
        example: "_digits().X.shape"
      ) { _ in try Digits.value() },
      Builtin(
        "_progress",
        [
          .req("epochs"), .req("n"), .req("batch"), .req("verbose"), .opt("live", "false"),
          .opt("has_val", "false"), .opt("has_patience", "false"), .opt("loss_fn", "none"),
          .opt("X", "none"), .opt("y", "none"),
        ],
        doc: "A training-progress reporter for fit: a record of {step, epoch, result, run} "
          + "builtins drawing a bar on a terminal, a line per epoch elsewhere, nothing when not "
          + "verbose; live: true draws the loss curves and decision regions instead.",
        example: "bar = _progress(10, 100, 32, true)"
      ) { a in
        let verbose = try a.bool(3, default: true)
        let live = try a.bool(4, default: false)
        let out = a.interpreter.output
        let bar = (out.isTerminal || out.progressSink != nil) && !out.progressLines
        var mode: TrainingProgress.Mode = !verbose ? .silent : bar ? .bar : .lines
        var picture: LivePicture?
        if live {
          mode = out.isTerminal && out.progressSink == nil ? .live : .liveOnce
          picture = LivePicture(interpreter: a.interpreter, lossFn: a[7], X: a[8], y: a[9])
        }
        let progress = TrainingProgress(
          interpreter: a.interpreter, mode: mode, epochs: try a.int(0), samples: try a.int(1),
          batch: try a.int(2), hasVal: try a.bool(5, default: false),
          hasPatience: try a.bool(6, default: false), picture: picture)
        return progress.record()
      },
      Builtin(
        "_region_grid", [.req("X"), .opt("width", "none"), .opt("height", "none")],
        doc: "The grid of points boundary() evaluates: one per character of the picture over "
          + "X's range (padded 5%), as {points [rows * cols, 2], rows, cols, xr, yr}.",
        example: "_region_grid(randn(10, 2)).points.shape"
      ) { a in try Regions.grid(a) },
      Builtin(
        "_region_plot",
        [
          .req("labels"), .req("grid"), .req("X"), .req("y"), .opt("title", "none"),
          .opt("width", "none"), .opt("height", "none"),
        ],
        doc: "Draws the decision regions (labels at the grid's points) with X's points on top.",
        example: "_region_plot(labels, g, X, y)"
      ) { a in try Regions.plot(a) },
    ]
  }
}

/// The shipped digits, parsed from the embedded CSV at each call (about a millisecond; no
/// copy is kept, so a script that never asks for them pays nothing).
enum Digits {
  /// `{X, y}` in the default float dtype.
  static func value() throws -> Value {
    let data: Tensor
    do {
      data = try CSV.decode(
        Array(StdlibEmbedded.digitsCSV.utf8), header: true, dtype: Tensor.defaultFloat
      ).data
    } catch {
      throw RuntimeError("digits: the shipped data does not parse: \(error)")
    }
    guard data.rank == 2, data.shape[1] == 65 else {
      throw RuntimeError("digits: the shipped data has shape \(shapeString(data.shape))")
    }
    let all = IndexItem.slice(start: nil, stop: nil, step: nil)
    let X = try getIndex(data, [all, .slice(start: 0, stop: 64, step: nil)]).contiguous()
    let y = try getIndex(data, [all, .index(64)]).contiguous()
    return .record(Record(keys: ["X", "y"], values: [Value(X), Value(y)]))
  }
}

/// The grid and picture behind the stdlib's `boundary`.
enum Regions {
  /// `_region_grid(X, width, height)`.
  static func grid(_ a: Arguments) throws -> Value {
    let X = try a.tensor(0)
    guard X.rank == 2, X.shape[1] == 2, X.shape[0] > 0 else {
      throw RuntimeError(
        "boundary: X must be an [n,2] matrix of points, got shape \(shapeString(X.shape))")
    }
    let flat = X.toDoubles().filter(\.isFinite)
    let xs = stride(from: 0, to: flat.count, by: 2).map { flat[$0] }
    let ys = stride(from: 1, to: flat.count, by: 2).map { flat[$0] }
    let xr = padded(xs)
    let yr = padded(ys)
    var options = PlotOptions()
    options.width = try a.optionalInt(1)
    options.height = try a.optionalInt(2)
    let style = PlotArgs.style(a.interpreter.output)
    let size: (columns: Int, rows: Int)
    do {
      size = try Plots.regionGridSize(xRange: xr, yRange: yr, options: options, style: style)
    } catch { throw RuntimeError(error.message) }
    let grid = try points(xRange: xr, yRange: yr, columns: size.columns, rows: size.rows)
    return .record(
      Record(
        keys: ["points", "rows", "cols", "xr", "yr"],
        values: [
          .tensor(grid), .number(Double(size.rows)), .number(Double(size.columns)),
          .tensor(try Tensor(shape: [2], values: xr, dtype: .f64)),
          .tensor(try Tensor(shape: [2], values: yr, dtype: .f64)),
        ]))
  }

  /// The grid's points, `[rows * columns, 2]` in the default float dtype: row-major, row 0
  /// at `yRange`'s low end, column 0 at `xRange`'s.
  static func points(xRange xr: [Double], yRange yr: [Double], columns: Int, rows: Int) throws
    -> Tensor
  {
    var points: [Double] = []
    points.reserveCapacity(columns * rows * 2)
    for r in 0..<rows {
      let y = at(yr, r, rows)
      for c in 0..<columns {
        points.append(at(xr, c, columns))
        points.append(y)
      }
    }
    return try Tensor(shape: [rows * columns, 2], values: points, dtype: Tensor.defaultFloat)
  }

  /// `_region_plot(labels, grid, X, y, title, width, height)`.
  static func plot(_ a: Arguments) throws -> Value {
    let labels = try a.tensor(0).toDoubles()
    let g = try a.record(1)
    func field(_ name: String) throws -> Value {
      guard let v = g[name] else { throw RuntimeError("boundary: grid has no field '\(name)'") }
      return v
    }
    let rows = try Convert.int(try field("rows"), op: "boundary", what: "rows")
    let cols = try Convert.int(try field("cols"), op: "boundary", what: "cols")
    let xr = try PlotArgs.numbers(try field("xr"), op: "boundary", what: "xr")
    let yr = try PlotArgs.numbers(try field("yr"), op: "boundary", what: "yr")
    guard rows >= 1, cols >= 1, case (let n, false) = rows.multipliedReportingOverflow(by: cols),
      labels.count == n
    else {
      throw RuntimeError(
        "boundary: predict must give one label per grid point: \(rows)x\(cols) points, "
          + "got \(labels.count) labels")
    }
    let X = try a.tensor(2)
    let classes = try PlotArgs.numbers(a[3], op: "boundary", what: "y")
    guard X.rank == 2, X.shape[1] == 2 else {
      throw RuntimeError("boundary: X must be an [n,2] matrix, got shape \(shapeString(X.shape))")
    }
    let flat = X.toDoubles()
    var options = PlotOptions()
    options.title = a.has(4) ? try PlotArgs.text(a[4], op: "boundary", what: "title") : nil
    options.width = try a.optionalInt(5)
    options.height = try a.optionalInt(6)
    let style = PlotArgs.style(a.interpreter.output)
    return try PlotArgs.emit(a) {
      try Plots.regions(
        grid: labels, gridRows: rows, gridColumns: cols, xRange: xr, yRange: yr,
        x: stride(from: 0, to: flat.count, by: 2).map { flat[$0] },
        y: stride(from: 1, to: flat.count, by: 2).map { flat[$0] }, classes: classes,
        options: options, style: style)
    }
  }

  /// The data's range widened by 5% each side (a unit range around a single value).
  static func padded(_ v: [Double]) -> [Double] {
    guard let lo = v.min(), let hi = v.max() else { return [-1, 1] }
    let pad = hi > lo ? (hi - lo) * 0.05 : 0.5
    return [lo - pad, hi + pad]
  }

  /// The i-th of n evenly spaced values over a range (its middle when n is 1).
  static func at(_ range: [Double], _ i: Int, _ n: Int) -> Double {
    n <= 1
      ? (range[0] + range[1]) / 2 : range[0] + (range[1] - range[0]) * Double(i) / Double(n - 1)
  }
}
