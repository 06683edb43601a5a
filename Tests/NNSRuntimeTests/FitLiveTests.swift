import NNSSyntax
import NNSTensor
import Testing

@testable import NNSRuntime

/// Runs `text` in `interp`, returning what it printed.
private func printed(_ interp: Interpreter, _ buffer: TextBuffer, _ text: String) throws -> String {
  buffer.text = ""
  try interp.run(Source(name: "<test>", text: text))
  return buffer.text
}

private let spirals = """
  seed(0)
  d = spiral(90, 3)
  fn loss(p, X, y) = cross_entropy(mlp(p, X), y)

  """

@Suite("fit(live: true)", .serialized)
struct FitLiveTests {
  @Test("in a pipe: one picture at the end, whose regions are boundary's at the same size")
  func pipePictureIsBoundary() throws {
    let (output, buffer) = Output.capturing()
    let interp = Interpreter(output: output)
    _ = try printed(interp, buffer, spirals)
    let text = try printed(
      interp, buffer,
      "r = fit(loss, mlp_init([2, 8, 3]), d.X, d.y, epochs: 3, val: [d.X, d.y], live: true)")
    #expect(!text.contains("\u{1b}"))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      .dropLast()
    #expect(lines.count <= LivePicture.pipeRows - 1)
    #expect(lines.first?.hasPrefix("epoch 3/3 loss=") == true)
    #expect(lines.first?.contains(" val_loss=") == true)
    #expect(lines.filter { $0.hasPrefix("epoch") }.count == 1)  // no per-epoch lines
    #expect(lines.contains { $0.contains("loss per epoch") })
    #expect(lines.contains { $0.contains("train") && $0.contains("validation") })
    let start = try #require(lines.firstIndex { $0.contains("decision regions") })
    let regions = Array(lines[start...])
    // plotting rows: between the top and bottom borders
    let top = try #require(regions.firstIndex { $0.contains("┌") })
    let bottom = try #require(regions.firstIndex { $0.contains("└") })
    let drawn = try printed(
      interp, buffer,
      "boundary(fn(P) = mlp(r.params, P), d.X, d.y, title: \"decision regions\", "
        + "height: \(bottom - top - 1))")
    #expect(regions.joined(separator: "\n") + "\n" == drawn)
  }

  @Test("zero epochs: the header and an empty curve; the parameters come back")
  func zeroEpochs() throws {
    let (text, error) = runCapturing(
      """
      r = fit(fn(p, x, y) = mse(x[:, 0] * p, y), 3, [[1], [2]], [1, 2], epochs: 0, live: true)
      print(r.params, r.losses.shape)
      """)
    #expect(error == nil)
    #expect(text.hasPrefix("epoch 0/0\n"))
    #expect(text.contains("loss per epoch"))
    #expect(text.hasSuffix("\n3 [0]\n"))
  }

  @Test("a regression gets the loss curve alone; bce_with_logits makes a classifier")
  func whoGetsRegions() throws {
    let (output, buffer) = Output.capturing()
    let interp = Interpreter(output: output)
    let regression = try printed(
      interp, buffer,
      """
      X = randn(40, 2)
      y = X[:, 0] - X[:, 1]
      r = fit(fn(p, X, y) = mse(linear(p, X)[:, 0], y), linear_init(2, 1), X, y, epochs: 2,
        live: true)
      """)
    #expect(regression.contains("loss per epoch"))
    #expect(!regression.contains("decision regions"))
    #expect(!regression.contains("validation"))
    let binary = try printed(
      interp, buffer,
      """
      c = f32(X[:, 0] > 0)
      r = fit(fn(p, X, y) = bce_with_logits(linear(p, X)[:, 0], y), linear_init(2, 1), X, c,
        epochs: 2, live: true)
      """)
    #expect(binary.contains("decision regions"))
    let probabilities = try printed(
      interp, buffer,
      """
      r = fit(fn(p, X, y) = binary_cross_entropy(sigmoid(linear(p, X)), y), linear_init(2, 1),
        X, reshape(c, [-1, 1]), epochs: 2, live: true)
      """)
    #expect(probabilities.contains("decision regions"))
    // 3-D inputs: no regions
    let wide = try printed(
      interp, buffer,
      """
      r = fit(fn(p, X, y) = cross_entropy(linear(p, X), y), linear_init(3, 2), randn(20, 3),
        randint(0, 2, 20), epochs: 1, live: true)
      """)
    #expect(wide.contains("loss per epoch") && !wide.contains("decision regions"))
  }

  @Test("on a terminal: frames repaint in place; a loss drawing random numbers trains as quietly")
  func terminalFramesAndSameTraining() throws {
    let source =
      spirals + """
        fn dloss(p, X, y) = cross_entropy(mlp(p, X + 0.1 * randn(len(X), 2)), y)
        seed(1)
        a = fit(dloss, mlp_init([2, 8, 3]), d.X, d.y, epochs: 4, batch: 8, LIVE)
        print("params", a.params[1].b)
        """
    let (quiet, _) = runCapturing(source.replacingAll("LIVE", with: "verbose: false"))
    let (live, error) = runCapturing(
      source.replacingAll("LIVE", with: "live: true"), terminal: true)
    #expect(error == nil)
    // the line after the picture starts behind its last ESC[J
    func params(_ text: String) -> String? {
      text.split(separator: "\n").compactMap { $0.firstRange(of: "params [") }.first.map {
        String(text[$0.lowerBound...].prefix { $0 != "\n" })
      }
    }
    let quietParams = params(quiet)
    let liveParams = params(live)
    #expect(quietParams != nil && quietParams == liveParams)
    #expect(live.contains("\u{1b}[J"))
    #expect(live.contains("A\r"))  // the cursor moves up over the last frame
    #expect(live.contains("decision regions"))
    #expect(live.contains("epoch 4/4 loss="))
  }

  @Test("a tiny terminal gets the header alone; printing clears and redraws the picture")
  func tinyTerminalAndPrints() throws {
    let (output, buffer) = Output.capturing()
    output.isTerminal = true
    output.rows = 5
    let interp = Interpreter(output: output)
    let text = try printed(
      interp, buffer,
      spirals + """
        fn noisy(p, X, y) {
          if len(X) == 90 { print("hello") }
          loss(p, X, y)
        }
        r = fit(noisy, mlp_init([2, 4, 3]), d.X, d.y, epochs: 2, batch: 90, live: true)
        """)
    #expect(!text.contains("decision regions"))
    #expect(!text.contains("loss per epoch"))
    #expect(text.contains("\u{1b}[J") && text.contains("hello\n"))
    // the last frame: the deterministic header alone, painted over the one before
    let last = text.split(separator: "\u{1b}[J", omittingEmptySubsequences: true).last ?? ""
    #expect(last.contains("A\repoch 2/2 loss="))
    #expect(last.hasSuffix("\u{1b}[K\n"))
  }

  @Test("Ctrl-C during a live fit returns the result so far with the picture drawn")
  func interrupt() throws {
    let (output, buffer) = Output.capturing()
    output.isTerminal = true
    output.rows = 40
    let interp = Interpreter(output: output)
    final class Counter: @unchecked Sendable { var n = 0 }
    let counter = Counter()
    interp[global: "tick"] = .builtin(
      Builtin("tick", [], doc: "", example: "") { _ in
        counter.n += 1
        if counter.n == 40 { Interrupt.request() }
        return .none
      })
    let text = try printed(
      interp, buffer,
      spirals + """
        fn ticking(p, X, y) {
          tick()
          loss(p, X, y)
        }
        r = fit(ticking, mlp_init([2, 8, 3]), d.X, d.y, epochs: 100, batch: 30,
          val: [d.X, d.y], patience: 50, live: true)
        print(len(r.losses), len(r.val_losses), r.best_epoch >= 0)
        """)
    #expect(!Interrupt.isRequested)
    #expect(text.contains("decision regions"))
    #expect(text.contains("fit: stopped by Ctrl-C in epoch "))
    #expect(text.hasSuffix("true\n"))
  }
}
