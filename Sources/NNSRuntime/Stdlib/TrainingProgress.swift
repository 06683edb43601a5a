import NNSSyntax
import NNSTensor

/// The progress reporting and Ctrl-C handling behind the stdlib's `fit`.
///
/// `fit` runs its training loop through `run`, which catches an interrupt (Ctrl-C) and then
/// returns the parameters the loop last handed to `step` with the losses of the finished
/// epochs. On a terminal one bar line is redrawn in place at most ten times a second, and
/// anything printed meanwhile clears the bar and redraws it below; with the output layer's
/// `progressSink` (the Jupyter kernel) each new bar line goes there instead; elsewhere each
/// epoch prints one deterministic line; with `verbose: false` nothing is printed.
///
/// With `live: true` a `LivePicture` (loss curves, decision regions) takes the bar's place:
/// on a terminal it is redrawn in place at most ten times a second, sized to the terminal,
/// and left on screen at the end; elsewhere it is printed once, at the end.
final class TrainingProgress {
  /// How progress is shown.
  enum Mode { case silent, lines, bar, live, liveOnce }

  let interpreter: Interpreter
  let mode: Mode
  let epochs: Int
  let samples: Int
  let batch: Int
  /// Batches per epoch.
  let steps: Int
  /// Whether fit has a validation set (the result then has `val_losses`).
  let hasVal: Bool
  /// Whether fit stops early (the result then has `best_epoch`).
  let hasPatience: Bool
  /// The live picture (live modes only).
  let picture: LivePicture?
  private var start = 0.0
  private var lastDraw = -1.0
  /// The bar's current text (empty before the first draw).
  private var current = ""
  /// The live picture's lines as last drawn, and how many of them are on screen.
  private var frame: [String] = []
  private var drawn = 0
  /// Whether text printed while the picture is up ended mid-line.
  private var midLine = false
  /// The output sink in place before the bar took over.
  private var saved: ((String) -> Void)?
  /// What the loop last reported.
  private var params: Value = .none
  private var losses: [Double] = []
  private var valLosses: [Double] = []
  /// The best epoch so far (with patience): `{params, epoch, val_loss}`.
  private var best: Value = .none
  private var epoch = 0
  private var step = 0
  private var lossSum = 0.0

  init(
    interpreter: Interpreter, mode: Mode, epochs: Int, samples: Int, batch: Int,
    hasVal: Bool = false, hasPatience: Bool = false, picture: LivePicture? = nil
  ) {
    self.interpreter = interpreter
    self.mode = mode
    // Clamped so that every product below stays far from overflow, whatever the user passed.
    let limit = 1 << 31
    self.epochs = min(max(epochs, 0), limit)
    self.samples = min(max(samples, 0), limit)
    self.batch = min(max(batch, 1), limit)
    self.steps = (self.samples + self.batch - 1) / self.batch
    self.hasVal = hasVal
    self.hasPatience = hasPatience
    self.picture = picture
  }

  /// The record of builtins `fit` calls: `step(e, i, total, params)`, `epoch(e, loss,
  /// val_loss, best)`, `result(params)`, `run(f)`.
  func record() -> Value {
    let step = Builtin(
      "step", [.req("epoch"), .req("i"), .req("total"), .req("params")],
      doc: "Reports a finished step.", example: ""
    ) { [self] a in
      epoch = min(max(try a.int(0), 0), epochs)
      self.step = min(max(try a.int(1), 0), steps)
      lossSum = try a.double(2)
      params = a[3]
      if Interrupt.take() {
        var e = RuntimeError("interrupted")
        e.isInterrupt = true
        throw e
      }
      if mode == .bar || mode == .live {
        let now = Builtins.monotonicSeconds()
        if now - lastDraw >= 0.1 { try draw(now) }
      }
      return .none
    }
    let epochDone = Builtin(
      "epoch", [.req("epoch"), .req("loss"), .req("val_loss"), .req("best")],
      doc: "Reports a finished epoch.", example: ""
    ) { [self] a in
      let e = try a.int(0)
      let loss = try a.double(1)
      losses.append(loss)
      var val: Double?
      if hasVal {
        val = try a.double(2)
        valLosses.append(val ?? .nan)
      }
      best = a[3]
      if mode == .lines {
        interpreter.output.line(Self.epochLine(e + 1, epochs, loss: loss, val: val))
      }
      return .none
    }
    let result = Builtin(
      "result", [.req("params")], doc: "The record fit returns.", example: ""
    ) { [self] a in try self.result(a[0]) }
    let run = Builtin("run", [.req("train")], doc: "Runs the training loop.", example: "") {
      [self] a in try self.run(a[0])
    }
    return .record(
      Record(
        keys: ["step", "epoch", "result", "run"],
        values: [.builtin(step), .builtin(epochDone), .builtin(result), .builtin(run)]))
  }

  /// `{params, losses}` (with `val_losses` when validating, and with patience the best
  /// epoch's parameters and `best_epoch`, none before the first epoch).
  func result(_ last: Value) throws -> Value {
    var keys = ["params", "losses"]
    var bestParams = last
    var bestEpoch = Value.none
    if hasPatience, case .record(let r) = best, let p = r["params"], let e = r["epoch"] {
      bestParams = p
      bestEpoch = e
    }
    var values: [Value] = [bestParams, .tensor(try Self.tensor(losses))]
    if hasVal {
      keys.append("val_losses")
      values.append(.tensor(try Self.tensor(valLosses)))
    }
    if hasPatience {
      keys.append("best_epoch")
      values.append(bestEpoch)
    }
    return .record(Record(keys: keys, values: values))
  }

  /// Numbers as a 1-D tensor of the default float dtype.
  static func tensor(_ xs: [Double]) throws -> Tensor {
    try Tensor(shape: [xs.count], values: xs, dtype: Tensor.defaultFloat)
  }

  /// The deterministic line for a finished epoch: `epoch 3/10 loss=0.25 val_loss=0.3`.
  static func epochLine(_ epoch: Int, _ epochs: Int, loss: Double?, val: Double?) -> String {
    var text = "epoch \(epoch)/\(epochs)"
    if let loss { text += " loss=\(Self.loss(loss))" }
    if let val { text += " val_loss=\(Self.loss(val))" }
    return text
  }

  /// Runs `train()`, returning its result, or on Ctrl-C `result(params)` so far.
  func run(_ train: Value) throws -> Value {
    start = Builtins.monotonicSeconds()
    let out = interpreter.output
    if (mode == .bar || mode == .live) && out.progressSink == nil {
      saved = out.sink
      out.sink = { [self] text in passThrough(text) }
    }
    do {
      let result = try interpreter.call(train, [])
      finish(result)
      return result
    } catch let e as RuntimeError where e.isInterrupt && e.message == "interrupted" {
      let result = try? self.result(params)
      finish(result)
      if mode != .silent {
        out.line(
          "fit: stopped by Ctrl-C in epoch \(min(losses.count + 1, epochs))/\(epochs) after "
            + "\(losses.count) finished epoch\(losses.count == 1 ? "" : "s")")
      }
      return try result ?? self.result(params)
    } catch {
      finish(nil)
      throw error
    }
  }

  /// Draws the bar (or the live picture) a last time and gives the output back.
  private func finish(_ result: Value?) {
    if mode == .live || mode == .liveOnce {
      var final = params
      if case .record(let r) = result, let p = r["params"] { final = p }
      let lines = finalPicture(final)
      if mode == .live {
        paint(lines)
      } else if result != nil {
        interpreter.output.block(.plot, lines.joined(separator: "\n"))
      }
      if let saved { interpreter.output.sink = saved }
      saved = nil
      return
    }
    if mode == .bar, let sink = interpreter.output.progressSink {
      if !current.isEmpty {
        try? draw(Builtins.monotonicSeconds())
        sink(nil)
        current = ""
      }
      return
    }
    guard mode == .bar, let saved else { return }
    if !current.isEmpty {
      try? draw(Builtins.monotonicSeconds())
      saved("\n")
    }
    interpreter.output.sink = saved
    self.saved = nil
  }

  /// The last picture: a deterministic header (the finished epochs' numbers), the curves and
  /// the regions of the parameters fit returns. A second Ctrl-C while it is computed leaves
  /// the regions out.
  private func finalPicture(_ params: Value) -> [String] {
    let header = Self.epochLine(
      losses.count, epochs, loss: losses.last, val: hasVal ? valLosses.last : nil)
    return (try? picture(header: header, params: params)) ?? [header]
  }

  /// The live picture at the output's current size (fixed rows when not a terminal).
  private func picture(header: String, params: Value) throws -> [String] {
    guard let picture else { return [header] }
    let out = interpreter.output
    var style = PlotArgs.style(out)
    var rows = LivePicture.pipeRows
    if mode == .live {
      out.refreshWidth()
      style.width = out.width
      rows = max(out.rows ?? 24, 2)
    }
    return try picture.lines(
      header: header, losses: losses, valLosses: hasVal ? valLosses : nil, epochs: epochs,
      params: params, width: style.width, rows: rows, style: style)
  }

  /// Writes the picture over the one on screen (cursor up, each line cleared to its end,
  /// anything below cleared).
  private func paint(_ lines: [String]) {
    guard let saved else { return }
    var text = midLine ? "\n" : ""
    midLine = false
    if drawn > 0 { text += "\u{1b}[\(drawn)A\r" }
    for line in lines { text += line + "\u{1b}[K\n" }
    text += "\u{1b}[J"
    saved(text)
    frame = lines
    drawn = lines.count
  }

  /// Text printed while the bar is up: clear the bar's line, print, redraw the bar. While
  /// the live picture is up: clear it, print, redraw it below.
  private func passThrough(_ text: String) {
    guard let saved else { return }
    if mode == .live {
      if drawn > 0 {
        saved("\u{1b}[\(drawn)A\r\u{1b}[J")
        drawn = 0
      }
      saved(text)
      if !text.isEmpty { midLine = !text.hasSuffix("\n") }
      if !midLine && !frame.isEmpty { paint(frame) }
      return
    }
    if current.isEmpty {
      saved(text)
      return
    }
    saved("\r\u{1b}[K" + text)
    if text.hasSuffix("\n") { saved(current) }
  }

  /// Redraws the bar line (or the live picture) in place.
  private func draw(_ now: Double) throws {
    lastDraw = now
    current = Self.barLine(
      epoch: epoch, epochs: epochs, step: step, steps: steps,
      loss: step > 0 ? lossSum / Double(min(step * batch, samples)) : .nan,
      elapsed: now - start, width: interpreter.output.width, unicode: interpreter.output.unicode,
      valLoss: valLosses.last)
    if mode == .live {
      paint(try picture(header: current, params: params))
      lastDraw = Builtins.monotonicSeconds()
      return
    }
    if let sink = interpreter.output.progressSink {
      sink(current)
    } else {
      saved?("\r" + current + "\u{1b}[K")
    }
  }

  /// A loss as progress lines show it: 4 significant digits.
  static func loss(_ x: Double) -> String {
    guard let spec = try? FormatSpec(parsing: ".4g") else { return "\(x)" }
    return NumberFormat.format(x, spec, isF32: false)
  }

  /// One bar line: `epoch 3/10 ▕███▌  ▏ 45% [00:12<00:15] loss=0.231 12.3 it/s`.
  /// - Parameters:
  ///   - epoch: the current epoch, from 0.
  ///   - epochs: epochs in all.
  ///   - step: batches done in the current epoch.
  ///   - steps: batches per epoch.
  ///   - loss: the epoch's running mean loss.
  ///   - elapsed: seconds since training started.
  ///   - width: columns available.
  ///   - unicode: block glyphs (else `#`).
  ///   - valLoss: the last finished epoch's validation loss, when there is one.
  static func barLine(
    epoch: Int, epochs: Int, step: Int, steps: Int, loss: Double, elapsed: Double, width: Int,
    unicode: Bool, valLoss: Double? = nil
  ) -> String {
    let total = max(epochs * steps, 1)
    let done = min(epoch * steps + step, total)
    let fraction = Double(done) / Double(total)
    let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : .nan
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let eta = remaining.isFinite ? clock(remaining) : "?"
    let head = "epoch \(min(epoch + 1, epochs))/\(epochs) "
    let tail =
      " \(Int(fraction * 100))% [\(clock(elapsed))<\(eta)] loss=\(Self.loss(loss))"
      + (valLoss.map { " val_loss=\(Self.loss($0))" } ?? "") + " \(rateText(rate)) it/s"
    let cells = max(5, min(30, width - head.count - tail.count - 3))
    return head + bar(fraction, cells: cells, unicode: unicode) + tail
  }

  /// A bar of `cells` characters filled to `fraction`, in eighths with Unicode.
  static func bar(_ fraction: Double, cells: Int, unicode: Bool) -> String {
    let f = min(max(fraction, 0), 1)
    if !unicode {
      let full = Int(f * Double(cells))
      return "|" + String(repeating: "#", count: full)
        + String(repeating: " ", count: cells - full) + "|"
    }
    let eighths = Int(f * Double(cells * 8))
    let full = eighths / 8
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
    let used = full + (partial.isEmpty ? 0 : 1)
    return "▕" + String(repeating: "█", count: full) + partial
      + String(repeating: " ", count: max(cells - used, 0)) + "▏"
  }

  /// Seconds as `mm:ss` (`h:mm:ss` from an hour).
  static func clock(_ seconds: Double) -> String {
    let s = seconds.isFinite ? Int(min(max(seconds, 0), 3.6e8).rounded()) : 0
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    if s >= 3600 { return "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" }
    return "\(two(s / 60)):\(two(s % 60))"
  }

  /// A rate with three significant digits or so (`12.3`, `456`, `1.2k`).
  static func rateText(_ r: Double) -> String {
    guard r.isFinite, r < 1e15 else { return "inf" }
    if r >= 10_000 { return "\(Int(r / 1000))k" }
    if r >= 100 { return "\(Int(r.rounded()))" }
    return "\(Double(Int(r * 10)) / 10)"
  }
}
