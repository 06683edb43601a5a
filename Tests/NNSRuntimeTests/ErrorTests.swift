import NNSSyntax
import NNSTensor
import Testing

@testable import NNSRuntime

/// Runs source text, returning the rendered error (or nil) and the output.
func render(_ text: String, name: String = "script.nns") -> (error: String?, output: String) {
  let (out, buffer) = Output.capturing()
  let interp = Interpreter(output: out)
  do {
    try interp.run(Source(name: name, text: text))
    return (nil, buffer.text)
  } catch {
    return (error.render(), buffer.text)
  }
}

extension RuntimeSuites {
  @Suite("error rendering")
  struct ErrorTests {
    @Test func runtimeErrorHasLocationLineCaretAndCallChain() throws {
      let text = "fn f(a) = a @ zeros(5, 2)\nfn g(x) = f(x) + 1\ng(zeros(3, 4))\n"
      let rendered = try #require(render(text).error)
      #expect(
        rendered == """
          script.nns:1:11: error: @: shapes [3,4] and [5,2] do not align (4 != 5)
          fn f(a) = a @ zeros(5, 2)
                    ^
            in f, called at script.nns:2:11
            in g, called at script.nns:3:1
          """)
    }

    @Test func transformErrorsNameTheTreePathAtTheCall() throws {
      let text = "p = {W: [[1, 2]], b: [0]}\ny, dy = jvp(fn(p) = p.W @ p.b, p, {W: 1, b: [1]})\n"
      let rendered = try #require(render(text).error)
      #expect(
        rendered == """
          script.nns:2:9: error: jvp: v.W has shape [], but x.W has shape [1,2]
          y, dy = jvp(fn(p) = p.W @ p.b, p, {W: 1, b: [1]})
                  ^
          """)
      let pull = "y, back = vjp(fn(x) = x * 2, [1, 2])\nfn use(ct) = back(ct)\nuse([1])\n"
      #expect(
        render(pull).error == """
          script.nns:2:14: error: vjp: ct has shape [1], but f(x) has shape [2]
          fn use(ct) = back(ct)
                       ^
            in use, called at script.nns:3:1
          """)
    }

    @Test func parseErrorsAreReportedInSourceOrder() throws {
      let rendered = try #require(render("x = (1 +\n").error)
      #expect(rendered.hasPrefix("script.nns:1:5: error: '(' is never closed"))
    }

    @Test func longFlatSumsRunAndLongerOnesAreAnError() throws {
      let terms = Array(repeating: "x", count: 1000).joined(separator: " + ")
      let ran = render("x = 1\nprint(\(terms))\nfn f(x) = \(terms)\nprint(f(2))")
      #expect(ran.error == nil)
      #expect(ran.output == "1000\n2000\n")
      let longer = Array(repeating: "1", count: 2000).joined(separator: " + ")
      let rendered = try #require(render("y = \(longer)").error)
      #expect(
        rendered.hasPrefix("script.nns:1:5: error: expression is too deep (limit 1024 levels)"))
    }

    @Test func deepRecursionChainPrintsTheRepeatedCallOnce() throws {
      let rendered = try #require(render("fn d(n) = d(n + 1)\nd(0)").error)
      let lines = rendered.split(separator: "\n")
      #expect(lines[0] == "script.nns:1:11: error: d: recursion depth limit (10000) exceeded")
      #expect(
        lines.dropFirst(3) == [
          "  in d, called at script.nns:1:11 (9999 times)", "  in d, called at script.nns:2:1",
        ])
    }

    @Test func mutualRecursionPrintsTheCycleOnce() throws {
      let rendered = try #require(
        render("fn a(n) = b(n + 1)\nfn b(n) = a(n + 1)\na(0)").error)
      let lines = rendered.split(separator: "\n").map(String.init)
      // 9,999 nested calls: 4,999 rounds of the two, one more call of b, then the first call.
      #expect(lines.count == 8)
      #expect(lines[3] == "  in b, called at script.nns:1:11")
      #expect(lines[4] == "  in a, called at script.nns:2:11")
      #expect(lines[5] == "  ... these 2 calls 4999 times in all")
      #expect(lines[6] == "  in b, called at script.nns:1:11")
      #expect(lines[7] == "  in a, called at script.nns:3:1")
    }

    @Test func differentCallsAreNotCollapsed() {
      let trace = [("f", 1), ("g", 2), ("f", 3)].map { name, line in
        (
          name: name, source: Source(name: "s", text: "x\ny\nz"),
          range: SourceRange(at: SourceLocation(line: line, column: 1, offset: 0)), count: 1
        )
      }
      #expect(
        RuntimeError.chainLines(trace) == [
          "  in f, called at s:1:1", "  in g, called at s:2:1", "  in f, called at s:3:1",
        ])
    }

    @Test func longSourceLinesAreCutToTheTerminalWidth() {
      let line = "x = " + String(repeating: "1 + ", count: 40) + "nope + 1"
      var e = RuntimeError("undefined name 'nope'")
      let column = line.utf8.count - 7
      e.source = Source(name: "<repl[1]>", text: line)
      e.range = SourceRange(
        at: SourceLocation(line: 1, column: column, offset: column - 1))
      let lines = e.render(width: 60).split(separator: "\n").map(String.init)
      #expect(lines[1].count <= 59)
      #expect(lines[1].hasPrefix("...") && lines[1].hasSuffix("nope + 1"))
      let caret = lines[2].count - 1
      let shown = Array(lines[1])
      #expect(String(shown[caret..<(caret + 4)]) == "nope")
      #expect(e.render().split(separator: "\n")[1] == Substring(line))  // no width: whole
    }

    @Test(arguments: [
      ("linspce(0, 1, 3)", "undefined name 'linspce'; did you mean 'linspace'?"),
      ("r = {weight: 1}\nr.wieght", "record has no field 'wieght'; did you mean 'weight'?"),
      ("linspace(0, 1, nn: 3)", "linspace: unknown argument 'nn'; did you mean 'n'?"),
      ("fn f(alpha) = alpha\nf(alpah: 1)", "f: unknown argument 'alpah'; did you mean 'alpha'?"),
      ("zeros(2).shap", "tensor has no property 'shap'; did you mean 'shape'?"),
      ("fn g(x) { y = 1; x + yy }\ng(1)", "undefined name 'yy'; did you mean 'y'?"),
    ])
    func unknownNamesSuggestTheClosest(_ code: String, _ message: String) throws {
      let rendered = try #require(render(code).error)
      #expect(rendered.contains(message))
    }

    @Test func farOffNamesSuggestNothing() throws {
      let rendered = try #require(render("qqqqqq").error)
      #expect(!rendered.contains("did you mean"))
    }

    @Test(
      "hostile inputs end in an nns error, never a crash",
      arguments: [
        "fn f(n) = f(n + 1) + 1\nf(0)",
        String(repeating: "(", count: 100_000),
        String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
        "x = \"\u{0}\"\nprint(undefined)",
        "zeros(1000000, 1000000)",
        "ones(2)[1e300]",
        "randn(-5)",
        "reshape(zeros(4), 2.5, 2)",
        "x = " + String(repeating: "1 + ", count: 50_000) + "1",
        "s = \"" + String(repeating: "a", count: 10_000_000) + "\"\nnope",
        "fn a(n) = b(n)\nfn b(n) = a(n)\na(1)",
      ])
    func hostile(_ text: String) {
      let (error, _) = render(text)
      #expect(error?.contains("error: ") == true)
    }

    @Test func hugeAllocationsAreErrorsNamingTheShape() throws {
      let rendered = try #require(render("zeros(100000, 100000, 100000)").error)
      #expect(
        rendered.hasPrefix(
          "script.nns:1:1: error: zeros: shape [100000,100000,100000] is too large"))
    }

    @Test func invalidUTF8IsAnError() {
      let (out, buffer) = Output.capturing()
      let interp = Interpreter(output: out)
      let status = interp.runBytes(
        [0x70, 0x72, 0xFF, 0xFE, 0x0A], name: "bad.nns", displayLast: false)
      #expect(status == 1)
      #expect(buffer.text.contains("error: "))
    }

    @Test func stepBudgetStopsInfiniteLoops() throws {
      let (out, _) = Output.capturing()
      let interp = Interpreter(output: out)
      interp.stepBudget = 10_000
      interp.resetSteps()
      #expect(throws: ScriptError.self) {
        try interp.run(Source(name: "t", text: "while true { }"))
      }
      interp.resetSteps()
      #expect(throws: ScriptError.self) {
        try interp.run(
          Source(name: "t", text: "fn f(n) = if n > 0 { f(n - 1) } else { f(5) }\nf(5)"))
      }
    }

    @Test func interruptFlagStopsRunningCode() throws {
      let (out, _) = Output.capturing()
      let interp = Interpreter(output: out)
      Interrupt.request()
      do {
        try interp.run(Source(name: "t", text: "i = 0\nwhile true { i += 1 }"))
        Issue.record("expected an interrupt")
      } catch {
        guard case .runtime(let e) = error else { throw error }
        #expect(e.isInterrupt)
        #expect(e.message == "interrupted")
      }
      // Variables assigned before the interrupt keep their values.
      #expect(interp[global: "i"] != nil)
    }

    @Test func lastExpressionValueIsReturned() throws {
      let (out, _) = Output.capturing()
      let interp = Interpreter(output: out)
      let v = try interp.run(Source(name: "t", text: "x = 2\nx * 21"))
      #expect(Display.plain(v) == "42")
      let none = try interp.run(Source(name: "t", text: "y = 1"))
      #expect(none.isNone)
      let silenced = try interp.run(Source(name: "t", text: "x * 2;"))
      #expect(silenced.isNone)  // a trailing `;` silences `nns -e` too
    }

    @Test func displayModeShowsEachTopLevelValue() throws {
      let (out, buffer) = Output.capturing()
      let interp = Interpreter(output: out)
      try interp.run(
        Source(name: "t", text: "1 + 1\nzeros(2);\n[1, 2]\nx = 3"), displayValues: true)
      #expect(buffer.text == "2  f32\n[1, 2]  f32 [2]\n")
    }
  }
}
