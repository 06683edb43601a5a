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
final class TrainingProgress {
  /// How progress is shown.
  enum Mode { case silent, lines, bar }

  let interpreter: Interpreter
  let mode: Mode
  let epochs: Int
  let samples: Int
  let batch: Int
  /// Batches per epoch.
  let steps: Int
  private var start = 0.0
  private var lastDraw = -1.0
  /// The bar's current text (empty before the first draw).
  private var current = ""
  /// The output sink in place before the bar took over.
  private var saved: ((String) -> Void)?
  /// What the loop last reported.
  private var params: Value = .none
  private var losses: [Value] = []
  private var epoch = 0
  private var step = 0
  private var lossSum = 0.0

  init(interpreter: Interpreter, mode: Mode, epochs: Int, samples: Int, batch: Int) {
    self.interpreter = interpreter
    self.mode = mode
    // Clamped so that every product below stays far from overflow, whatever the user passed.
    let limit = 1 << 31
    self.epochs = min(max(epochs, 0), limit)
    self.samples = min(max(samples, 0), limit)
    self.batch = min(max(batch, 1), limit)
    self.steps = (self.samples + self.batch - 1) / self.batch
  }

  /// The record of builtins `fit` calls: `step(e, i, total, params)`, `epoch(e, loss,
  /// losses)`, `run(f)`.
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
      if mode == .bar {
        let now = Builtins.monotonicSeconds()
        if now - lastDraw >= 0.1 { draw(now) }
      }
      return .none
    }
    let epochDone = Builtin(
      "epoch", [.req("epoch"), .req("loss"), .req("losses")],
      doc: "Reports a finished epoch.", example: ""
    ) { [self] a in
      let e = try a.int(0)
      losses = try a.list(2)
      if mode == .lines {
        interpreter.output.line("epoch \(e + 1)/\(epochs) loss=\(Self.loss(try a.double(1)))")
      }
      return .none
    }
    let run = Builtin("run", [.req("train")], doc: "Runs the training loop.", example: "") {
      [self] a in try self.run(a[0])
    }
    return .record(
      Record(
        keys: ["step", "epoch", "run"],
        values: [.builtin(step), .builtin(epochDone), .builtin(run)]))
  }

  /// Runs `train()`, returning its result, or on Ctrl-C `{params, losses}` so far.
  func run(_ train: Value) throws -> Value {
    start = Builtins.monotonicSeconds()
    let out = interpreter.output
    if mode == .bar && out.progressSink == nil {
      saved = out.sink
      out.sink = { [self] text in passThrough(text) }
    }
    do {
      let result = try interpreter.call(train, [])
      finish()
      return result
    } catch let e as RuntimeError where e.isInterrupt && e.message == "interrupted" {
      finish()
      if mode != .silent {
        out.line(
          "fit: stopped by Ctrl-C in epoch \(min(losses.count + 1, epochs))/\(epochs) after "
            + "\(losses.count) finished epoch\(losses.count == 1 ? "" : "s")")
      }
      let lossTensor = try Tensor(
        shape: [losses.count],
        values: try losses.map { try Convert.double($0, op: "fit", what: "loss") },
        dtype: Tensor.defaultFloat)
      return .record(Record(keys: ["params", "losses"], values: [params, .tensor(lossTensor)]))
    } catch {
      finish()
      throw error
    }
  }

  /// Draws the bar a last time (on a terminal) and gives the output back.
  private func finish() {
    if mode == .bar, let sink = interpreter.output.progressSink {
      if !current.isEmpty {
        draw(Builtins.monotonicSeconds())
        sink(nil)
        current = ""
      }
      return
    }
    guard mode == .bar, let saved else { return }
    if !current.isEmpty {
      draw(Builtins.monotonicSeconds())
      saved("\n")
    }
    interpreter.output.sink = saved
    self.saved = nil
  }

  /// Text printed while the bar is up: clear the bar's line, print, redraw the bar.
  private func passThrough(_ text: String) {
    guard let saved else { return }
    if current.isEmpty {
      saved(text)
      return
    }
    saved("\r\u{1b}[K" + text)
    if text.hasSuffix("\n") { saved(current) }
  }

  /// Redraws the bar line in place.
  private func draw(_ now: Double) {
    lastDraw = now
    current = Self.barLine(
      epoch: epoch, epochs: epochs, step: step, steps: steps,
      loss: step > 0 ? lossSum / Double(min(step * batch, samples)) : .nan,
      elapsed: now - start, width: interpreter.output.width, unicode: interpreter.output.unicode)
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
  static func barLine(
    epoch: Int, epochs: Int, step: Int, steps: Int, loss: Double, elapsed: Double, width: Int,
    unicode: Bool
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
      + " \(rateText(rate)) it/s"
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
