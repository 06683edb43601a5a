import NNSREPL
import NNSRuntime
import NNSTensor
import Testing

/// Exercise checks judged fairly: `==` within a tolerance, comparisons explained with both
/// values, order and shape told apart (docs/NOTEBOOKS.md, "Checks").
@Suite("exercise checks", .serialized) struct CheckTests {
  /// Runs `setup` in a fresh session and judges `check` (written on line 1, column 4).
  static func judge(_ setup: String, _ check: String) -> NotebookSession.CheckOutcome {
    let (output, _) = Output.capturing()
    let session = NotebookSession(interpreter: Interpreter(output: output), name: "ex.nns")
    session.run(Notebook(name: "ex.nns", bytes: Array(("# %%\n" + setup + "\n").utf8)).cells[0])
    let text = "# %% [exercise]\n#! \(check)\n1\n"
    let cell = Notebook(name: "ex.nns", bytes: Array(text.utf8)).cells[0]
    return session.evaluate(cell.checks[0])
  }

  /// Checks that hold: floats computed two correct ways, and exact answers.
  @Test(arguments: [
    // Tutorial 7's exact `==` rejected this (1.2e-07 apart).
    (
      "start = [-4, 1]; fn valley(p) = p[0]^2 + 20 * p[1]^2\n"
        + "mine = start - grad(valley)(start) / 25", "mine == start - 0.04 * grad(valley)(start)"
    ),
    ("x = 0.1 + 0.2", "x == 0.3"),
    ("C = [[1, 2], [3, 4]] - mean([[1, 2], [3, 4]], axis: 0)", "mean(C, axis: 0) == 0"),
    ("v = [1, 2, 3]", "v.shape == [3]"),
    ("r = {a: 1, b: [1, 2]}", "r == {a: 1.000001, b: [1, 2]}"),
    ("s = \"yes\"", "s == \"yes\""),
    ("w = [1, 5, 9]", "w[1:] > w[:-1]"),
    ("final = 0.05", "final < 0.1"),
    ("v = [2, 2.1]", "approx(v, [2, 2], rtol: 0.1)"),
    ("v = [2, 2.1]", "approx(v, [2, 2], 0.1)"),
    ("n = 3", "n != 4"),
  ])
  func holds(setup: String, check: String) {
    #expect(Self.judge(setup, check) == .holds)
  }

  /// Checks that fail, and what the learner is told.
  @Test(arguments: [
    ("dq = 0.7788008", "dq == -0.7788008", "dq is 0.7788008; expected about -0.7788008"),
    (
      "sq = [5, 25, 61, 112]", "sq == [5, 25, 61, 113]",
      "sq is [5, 25, 61, 112]; expected [5, 25, 61, 113]"
    ),
    ("sq = [[5, 25, 61, 113]]", "sq == [5, 25, 61, 113]", "sq has shape [1,4]; expected shape [4]"),
    // A number where a vector is expected is a wrong shape, not a broadcast.
    ("sq = 5", "sq == [5, 5]", "sq has shape []; expected shape [2]"),
    (
      "v = [2, 2, 2.1]", "v == 2",
      "v is [2, 2, 2.1]; expected 2"
    ),
    ("final = 0.23", "final < 0.1", "final is 0.23; expected below 0.1"),
    ("acc = 0.9", "acc >= 0.95", "acc is 0.9; expected at least 0.95"),
    (
      "w = [186, 186, 186]", "w[1:] > w[:-1]",
      "w[1:] is [186, 186]; expected every element above [186, 186]"
    ),
    ("name = 3", "name == \"x\"", "name is 3, a tensor; expected \"x\", a string"),
    (
      "m = [[1, 2], [3, 4]]", "m == [[1, 2], [3, 5]]",
      "m is [[1, 2], [3, 4]]; expected [[1, 2], [3, 5]]"
    ),
    (
      "v = arange(8) * 0.5", "v == arange(8) * 0.5 + [0, 0, 0, 0, 0, 0, 0.001, 0]",
      "v is [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]; expected about [0, 0.5, 1, 1.5, 2, 2.5, 3.001, "
        + "3.5] (v[6] is 3, expected about 3.001)"
    ),
    (
      "r = {w: [1, 2]}", "r == {w: [1, 3]}",
      "r is {w: [1, 2]}; expected {w: [1, 3]} (r.w[1] is 2, expected 3)"
    ),
    ("x = 1", "approx(x, 1.5, rtol: 0.1)", "x is 1; expected about 1.5"),
    ("t = true", "t and false", "check does not hold: t and false"),
  ])
  func failsWithBothValues(setup: String, check: String, message: String) {
    #expect(Self.judge(setup, check) == .fails(message))
  }

  @Test func errorsInsideAComparisonAreErrors() {
    guard case .error(let message) = Self.judge("x = 1", "nope == 2") else {
      Issue.record("expected an error")
      return
    }
    #expect(message.contains("undefined name 'nope'"))
    guard case .error(let bad) = Self.judge("x = 1", "approx(x, 1, rtol: \"a\")") else {
      Issue.record("expected an error")
      return
    }
    #expect(bad.contains("approx: rtol must be a number, got string"))
  }

  @Test func longValuesAreCutOnOneLine() {
    guard case .fails(let message) = Self.judge("v = arange(100)", "v == arange(100) + 1") else {
      Issue.record("expected a failure")
      return
    }
    #expect(!message.contains("\n"))
    #expect(message.contains("(v[0] is 0, expected 1)"))
  }

  @Test func renderedFailureNamesTheCheckAndTheValues() {
    let (output, _) = Output.capturing()
    let session = NotebookSession(interpreter: Interpreter(output: output), name: "ex.nns")
    let text = "# %% [exercise]\n#! m == 2\nm = 3\n"
    let cell = Notebook(name: "ex.nns", bytes: Array(text.utf8)).cells[0]
    session.run(cell)
    let outcome = session.evaluate(cell.checks[0])
    #expect(
      session.render(outcome, of: cell.checks[0])
        == "ex.nns:2:4: error: check does not hold: m == 2 (m is 3; expected 2)\n#! m == 2\n   ^")
  }
}

/// `approx`, the comparison checks use, against hand-worked cases.
@Suite("approx") struct ApproxTests {
  @Test(arguments: [
    (1.0, 1.0 + 1e-6, true),  // relative 1e-5 of 1 plus 1e-6
    (1.0, 1.00002, false),
    (1e6, 1e6 + 9, true),  // 1e-5 * 1e6 = 10
    (1e6, 1e6 + 11, false),
    (0.0, 9e-7, true),  // absolute 1e-6 near 0
    (0.0, 2e-6, false),
    (Double.nan, Double.nan, false),
    (Double.infinity, Double.infinity, true),
    (Double.infinity, -Double.infinity, false),
    (1.0, Double.infinity, false),
  ])
  func numbers(a: Double, b: Double, close: Bool) {
    #expect(Approx.isClose(.f64(a), .f64(b)) == close)
  }

  @Test func isAsymmetricInTheExpectedValue() {
    // |a - b| <= atol + rtol * |b|: the tolerance scales with b, as numpy's isclose.
    #expect(Approx.isClose(.f64(0), .f64(1), rtol: 1, atol: 0))
    #expect(!Approx.isClose(.f64(1), .f64(0), rtol: 1, atol: 0))
  }

  @Test func shapesAndTrees() throws {
    let v = Value.list([.f32(1), .f32(2)])
    #expect(Approx.mismatch(.f32(1), v) == .shape(actual: [], expected: [2]))
    #expect(Approx.isClose(.tensor(try Tensor(shape: [2], floats: [1, 2])), v))
    #expect(Approx.isClose(.list([.string("a"), .none]), .list([.string("a"), .none])))
    #expect(Approx.mismatch(.list([.f32(1)]), .list([.f32(1), .f32(2)])) == .structure(path: ""))
    #expect(Approx.mismatch(.string("a"), .string("b")) == .value(path: ""))
  }
}
