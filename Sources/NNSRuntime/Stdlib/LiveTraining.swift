import NNSPlot
import NNSTensor

/// Receives a model's predictions while `fit(..., live: true)` asks the loss function what
/// the model predicts at the decision-region grid's points.
///
/// While the interpreter's `lossProbe` is set, the classification losses (`cross_entropy`,
/// `binary_cross_entropy`, `bce_with_logits`) do not compute: the first one called with a
/// prediction of `rows` rows hands it here, turned into class labels, and returns 0. A model
/// trained with one of them is a classifier; the labels are what it predicts.
final class LossProbe {
  /// What a classification loss's prediction holds.
  enum Kind {
    /// `[n, k]` class scores (`cross_entropy`): the label is the row's argmax.
    case scores
    /// Probabilities of class 1 (`binary_cross_entropy`): the label is `p > 0.5`.
    case probability
    /// Logits of class 1 (`bce_with_logits`): the label is `z > 0`.
    case logit
  }

  /// The grid's points: a prediction with this many rows is the model's.
  let rows: Int
  /// The labels captured, one per grid point (nil until a classification loss was called).
  private(set) var labels: [Double]?

  init(rows: Int) { self.rows = rows }

  /// Takes a classification loss's prediction; returns the loss's stand-in value, 0.
  func capture(_ kind: Kind, _ prediction: Value) throws -> Value {
    if labels == nil, let t = prediction.asTensor, t.rank >= 1, t.shape[0] == rows {
      switch kind {
      case .scores:
        if t.rank == 2, t.shape[1] >= 1 { labels = try argmax(t, axis: 1).toDoubles() }
      case .probability, .logit:
        if t.count == rows {
          let cut = kind == .logit ? 0.0 : 0.5
          labels = t.toDoubles().map { $0 > cut ? 1 : 0 }
        }
      }
    }
    return .number(0)
  }
}

/// The picture `fit(..., live: true)` draws: a header line, the loss curves so far (training
/// and validation) and, for a classifier of 2-D points, its decision regions with the
/// training points on top (the picture `boundary` draws).
final class LivePicture {
  /// The rows a picture has when output is not a terminal (a pipe, a notebook transcript):
  /// fixed, so transcripts are deterministic.
  static let pipeRows = 36
  /// From this many columns the loss curves and the regions stand side by side.
  static let sideBySide = 110

  let interpreter: Interpreter
  let lossFn: Value
  /// The training points and their classes, when the inputs are 2-D and y holds labels.
  private let points: (x: [Double], y: [Double], classes: [Double])?
  /// The padded data ranges (as `boundary` pads them).
  private let xRange: [Double]
  private let yRange: [Double]
  /// The labels' dtype and trailing shape, for the stand-in labels the probe passes.
  private let labelDType: DType
  private let labelTail: [Int]
  /// Whether the model turned out not to be a classifier (or its loss failed on the grid).
  private var noRegions = false
  /// The grid of the last size asked for: its size and points.
  private var grid: (columns: Int, rows: Int, points: Tensor)?
  /// Lines a regions picture adds to its plotting area (title, axes, legend), once known.
  private var regionsOverhead: [Int: Int] = [:]

  init(interpreter: Interpreter, lossFn: Value, X: Value, y: Value) {
    self.interpreter = interpreter
    self.lossFn = lossFn
    var found: (x: [Double], y: [Double], classes: [Double])?
    var dtype = DType.i64
    var tail: [Int] = []
    if let xs = X.asTensor, xs.rank == 2, xs.shape[1] == 2, xs.shape[0] > 0,
      let ys = y.asTensor, ys.rank >= 1, ys.shape[0] == xs.shape[0]
    {
      let flat = xs.toDoubles()
      let n = xs.shape[0]
      var classes: [Double]?
      if ys.rank == 1 || ys.count == n {
        classes = ys.toDoubles()
      } else if ys.rank == 2, let ids = try? argmax(ys, axis: 1) {
        classes = ids.toDoubles()
      }
      if let classes, classes.allSatisfy(\.isFinite) {
        found = (
          stride(from: 0, to: flat.count, by: 2).map { flat[$0] },
          stride(from: 1, to: flat.count, by: 2).map { flat[$0] }, classes
        )
        dtype = ys.dtype
        tail = Array(ys.shape.dropFirst())
      }
    }
    points = found
    labelDType = dtype
    labelTail = tail
    xRange = Regions.padded(found?.x.filter(\.isFinite) ?? [])
    yRange = Regions.padded(found?.y.filter(\.isFinite) ?? [])
  }

  /// The picture's lines for `width` columns and at most `rows` lines.
  /// - Parameters:
  ///   - header: the first line.
  ///   - losses: the finished epochs' training losses.
  ///   - valLosses: their validation losses, when there is a validation set.
  ///   - epochs: the epochs the run will have (the x axis spans them).
  ///   - params: the parameters whose decision regions to draw.
  ///   - style: the output layer's style.
  func lines(
    header: String, losses: [Double], valLosses: [Double]?, epochs: Int, params: Value,
    width: Int, rows: Int, style: PlotStyle
  ) throws -> [String] {
    var out = [header]
    // One row for the header, one for the cursor below the picture.
    let available = rows - 2
    let wantRegions = points != nil && !noRegions
    if wantRegions && width >= Self.sideBySide {
      let left = max(40, width * 2 / 5)
      let right = width - left - 2
      guard
        let curve = lossPlot(
          losses, valLosses, epochs: epochs, width: left, rows: available, style: style)
      else { return out }
      let regions =
        try regionsPlot(params, width: right, rows: available, style: style) ?? []
      for i in 0..<max(curve.count, regions.count) {
        let l = i < curve.count ? curve[i] : ""
        let pad = String(repeating: " ", count: max(left - Self.visibleWidth(l), 0) + 2)
        out.append(i < regions.count ? l + pad + regions[i] : l)
      }
      return out
    }
    let share = wantRegions ? min(max(available * 2 / 5, 8), available) : available
    guard
      let curve = lossPlot(
        losses, valLosses, epochs: epochs, width: width, rows: share, style: style)
    else { return out }
    out += curve
    if wantRegions,
      let regions = try regionsPlot(
        params, width: width, rows: available - curve.count, style: style)
    {
      out += regions
    }
    return out
  }

  /// The loss curves in at most `rows` lines (nil when they do not fit).
  private func lossPlot(
    _ losses: [Double], _ val: [Double]?, epochs: Int, width: Int, rows: Int, style: PlotStyle
  ) -> [String]? {
    var series = [losses]
    if let val { series.append(val) }
    let finite = series.joined().filter(\.isFinite)
    var options = PlotOptions()
    options.title = "loss per epoch"
    // The curves grow from left to right: the axis ends at the run's last epoch, or for a
    // long run at the first of 10, 20, 40, ... epochs not yet reached.
    var end = 10
    while end < losses.count && end < epochs { end *= 2 }
    end = min(end, epochs)
    if end > 1 { options.xlim = [1, Double(end)] }
    options.logy = !finite.isEmpty && finite.allSatisfy { $0 > 0 }
    options.width = min(
      max(width, PlotStyle.widthRange.lowerBound), PlotStyle.widthRange.upperBound)
    if losses.isEmpty {
      series = series.map { _ in [.nan] }
      options.logy = false
    }
    let x = losses.isEmpty ? [1.0] : (1...losses.count).map(Double.init)
    let labels = val == nil ? nil : ["train", "validation"]
    func draw(_ height: Int) -> [String]? {
      options.height = height
      guard let text = try? Plots.line(series, x: x, labels: labels, options: options, style: style)
      else { return nil }
      return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    guard let probe = draw(2) else { return nil }
    let overhead = probe.count - 2
    let height = min(rows - overhead, 12)
    if height < 2 { return nil }
    return height == 2 ? probe : draw(height)
  }

  /// The decision regions in at most `rows` lines (nil when they do not fit or the model is
  /// not a classifier).
  private func regionsPlot(_ params: Value, width: Int, rows: Int, style: PlotStyle) throws
    -> [String]?
  {
    guard let points, !noRegions else { return nil }
    let overhead = regionsOverhead[width] ?? 5
    let height = rows - overhead
    if height < 4 || width < PlotStyle.widthRange.lowerBound { return nil }
    guard var text = try regionsText(params, points, width: width, height: height, style: style)
    else { return nil }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.count - height != overhead {
      regionsOverhead[width] = lines.count - height
      if lines.count > rows {
        let smaller = rows - (lines.count - height)
        if smaller < 4 { return nil }
        guard
          let again = try regionsText(params, points, width: width, height: smaller, style: style)
        else { return nil }
        text = again
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      }
    }
    return lines
  }

  /// `boundary`'s picture of the model at `params`, `height` plotting rows high.
  private func regionsText(
    _ params: Value, _ points: (x: [Double], y: [Double], classes: [Double]), width: Int,
    height: Int, style: PlotStyle
  ) throws -> String? {
    var options = PlotOptions()
    options.title = "decision regions"
    options.width = width
    options.height = height
    guard
      let size = try? Plots.regionGridSize(
        xRange: xRange, yRange: yRange, options: options, style: style)
    else { return nil }
    if grid?.columns != size.columns || grid?.rows != size.rows {
      grid = (
        size.columns, size.rows,
        try Regions.points(xRange: xRange, yRange: yRange, columns: size.columns, rows: size.rows)
      )
    }
    guard let grid, let labels = try predict(params, grid.points) else { return nil }
    return try? Plots.regions(
      grid: labels, gridRows: grid.rows, gridColumns: grid.columns, xRange: xRange,
      yRange: yRange, x: points.x, y: points.y, classes: points.classes, options: options,
      style: style)
  }

  /// What the model predicts at `grid`'s points: the loss function called on them with
  /// stand-in labels while the probe is up, its output silenced and the random generator's
  /// state kept (so a live fit trains exactly as a quiet one). Nil (and no regions from then
  /// on) when no classification loss saw the points or the call failed; Ctrl-C still stops.
  private func predict(_ params: Value, _ grid: Tensor) throws -> [Double]? {
    let rows = grid.shape[0]
    let probe = LossProbe(rows: rows)
    let out = interpreter.output
    let sink = out.sink
    let blockSink = out.blockSink
    let rng = interpreter.rng.state
    interpreter.lossProbe = probe
    out.sink = { _ in }
    out.blockSink = { _, _ in }
    defer {
      interpreter.lossProbe = nil
      out.sink = sink
      out.blockSink = blockSink
      interpreter.rng.state = rng
    }
    do {
      let stand = try Tensor.zeros([rows] + labelTail, dtype: labelDType)
      _ = try interpreter.call(lossFn, [params, .tensor(grid), .tensor(stand)])
    } catch let e as RuntimeError where e.isInterrupt {
      throw e
    } catch {
      if Interrupt.isRequested { throw RuntimeError.interrupted }
      noRegions = true
      return nil
    }
    guard let labels = probe.labels else {
      noRegions = true
      return nil
    }
    return labels
  }

  /// Columns a line takes on screen: its characters less ANSI colour sequences.
  static func visibleWidth(_ line: String) -> Int {
    var n = 0
    var inEscape = false
    for c in line.unicodeScalars {
      if inEscape {
        if c == "m" { inEscape = false }
      } else if c == "\u{1b}" {
        inEscape = true
      } else {
        n += 1
      }
    }
    return n
  }
}
