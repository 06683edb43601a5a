import NNSREPL
import NNSRuntime
import Testing
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a REPL over scripted inputs and returns everything it wrote.
func session(_ inputs: [LineInput], budget: Int? = nil) -> (
  text: String, repl: REPL, editor: ScriptedEditor
) {
  let editor = ScriptedEditor(inputs)
  let (output, buffer) = Output.capturing()
  let repl = REPL(editor: editor, output: output) {
    let interp = Interpreter(output: output)
    interp.stepBudget = budget
    return interp
  }
  repl.run(banner: false)
  return (buffer.text, repl, editor)
}

func session(_ lines: [String], budget: Int? = nil) -> String {
  session(lines.map { .line($0) }, budget: budget).text
}

@Suite struct REPLTests {
  @Test func showsValuesAndKeepsAns() {
    let out = session(["x = 2", "x + 1", "ans * 10", "x;"])
    #expect(out == "3  f32\n30  f32\n\n")
  }

  @Test func semicolonSilencesDisplay() {
    #expect(session(["1 + 1;"]) == "\n")
  }

  @Test func unfinishedInputContinues() {
    let (text, _, editor) = session([
      .line("fn f(a,"), .line("b) {"), .line("a * b"), .line("}"), .line("f(3, 4)"),
    ])
    #expect(editor.prompts == ["nns> ", "... ", "... ", "... ", "nns> ", "nns> "])
    #expect(text == "12  f32\n\n")
    #expect(editor.history == ["fn f(a,\nb) {\na * b\n}", "f(3, 4)"])
  }

  @Test func trailingOperatorContinues() {
    let (text, _, editor) = session([.line("1 +"), .line("2")])
    #expect(editor.prompts.prefix(2) == ["nns> ", "... "])
    #expect(text.hasPrefix("3  f32\n"))
  }

  @Test func errorDoesNotEndSession() {
    let out = session(["[1, 2] @ [1, 2, 3]", "5"])
    #expect(out.contains("<repl[1]>:1:1: error: @: shapes [2] and [3] do not align (2 != 3)"))
    #expect(out.hasSuffix("5  f32\n\n"))
  }

  @Test func interruptAtPromptDiscardsLine() {
    let (text, _, editor) = session([.line("fn f(x) ="), .interrupted, .line("7")])
    #expect(editor.prompts == ["nns> ", "... ", "nns> ", "nns> "])
    #expect(text == "7  f32\n\n")
  }

  @Test func interruptedRunKeepsVariables() {
    // A step budget stops the loop as Ctrl-C would (the real signal is driven in the pty
    // test; the global interrupt flag would disturb tests running in parallel).
    let out = session(["n = 5", "m = 1; while true { n += 1 }", "n", "m"], budget: 100_000)
    #expect(out.contains("<repl[2]>:1:"))
    #expect(out.contains("error: step budget of 100000 exhausted\n"))
    #expect(out.contains("note: every variable is as it was before this input (put back: n, m)"))
    #expect(out.contains("\n5  f32\n"))
    #expect(out.contains("undefined name 'm'"))
  }

  @Test func commandsResolveByPrefix() {
    #expect(REPLCommand.resolve("h") == .help)
    #expect(REPLCommand.resolve("hi") == .history)
    #expect(REPLCommand.resolve("q") == .quit)
    #expect(REPLCommand.resolve("v") == .vars)
    #expect(REPLCommand.resolve("ta") == .tape)
    #expect(REPLCommand.resolve("t") == .time)
    #expect(REPLCommand.resolve("x") == nil)
  }

  @Test func unknownCommandIsAnError() {
    #expect(
      session([":frobnicate"])
        == "error: unknown command ':frobnicate' (:help lists the commands)\n\n")
  }

  @Test func quitStopsReading() {
    let (_, _, editor) = session([.line(":q"), .line("1")])
    #expect(editor.prompts.count == 1)
  }

  @Test func varsTable() {
    let out = session([
      "a = zeros(2, 3)", "s = \"hi\"", "r = {w: ones(4), b: 0}", "fn f(x) = x", ":vars",
    ])
    #expect(
      out == """
        name  kind      type       bytes
        a     tensor    f32 [2,3]     24
        s     string    2 chars        2
        r     record    {w, b}        20
        f     function  fn f(x)        0

        """ + "\n")
  }

  @Test func varsWhenEmpty() {
    #expect(session([":vars"]) == "no variables yet\n\n")
  }

  @Test func helpOnAName() {
    let out = session([":help zeros", "?zeros"])
    let halves = out.components(separatedBy: "zeros(")
    #expect(halves.count >= 3)
    #expect(out.contains("zeros"))
  }

  @Test func helpListsCommands() {
    let out = session([":help"])
    for cmd in REPLCommand.allCases { #expect(out.contains(cmd.usage)) }
  }

  @Test func helpRejectsNonNames() {
    #expect(
      session([":help 1+"]).contains(
        "error: no builtin, function, keyword or operator named '1+'; did you mean '+'?"))
  }

  @Test func timeReportsMedian() {
    let out = session([":time 1 + 1"])
    #expect(out.hasPrefix("median "))
    #expect(out.contains(" per run over "))
    #expect(out.contains(" batches (min "))
  }

  @Test func timeNeedsExpression() {
    #expect(session([":time"]).contains("error: :time needs an expression"))
  }

  @Test func durationUnits() {
    #expect(REPL.durationTextForTesting(12.3e-9) == "12.3 ns")
    #expect(REPL.durationTextForTesting(4.56e-4) == "456 µs")
    #expect(REPL.durationTextForTesting(0.0012) == "1.20 ms")
    #expect(REPL.durationTextForTesting(2.5) == "2.50 s")
  }

  @Test func resetForgetsVariables() {
    let out = session(["x = 1", ":reset", ":vars"])
    #expect(out == "session reset: every variable is gone\nno variables yet\n\n")
  }

  @Test func saveThenLoadReproducesState() throws {
    let path = "/tmp/nns-repl-save-\(getpid()).nns"
    defer { unlink(path) }
    let first = session(["a = [1, 2]", "bad(", ")", "b = a * 3", "[1] @ [1, 2]", ":save \(path)"])
    #expect(first.contains("saved 2 inputs to \(path)"))
    let second = session([":load \(path)", "b"])
    #expect(second == "loaded \(path)\n[3, 6]  f32 [2]\n\n")
  }

  @Test func loadMissingFileIsAnError() {
    #expect(session([":load /nonexistent/x.nns"]).contains("error"))
  }

  @Test func historyCommandListsEntries() {
    let out = session(["1", "fn f(x) {\nx }", ":history"])
    #expect(out.hasSuffix("    1  1\n    2  fn f(x) {\n       x }\n    3  :history\n\n"))
  }

  @Test func completion() throws {
    let (_, repl, editor) = session([.line("record = {weight: 1, bias: 2}"), .line("value = 3")])
    let complete = try #require(editor.completer)
    #expect(complete("lins", "lins", 0) == ["linspace"])
    #expect(complete("rec", "rec", 0) == ["record"])
    #expect(complete("record.w", "record.w", 0) == ["record.weight"])
    #expect(complete("value.sh", "value.sh", 0) == ["value.shape"])
    #expect(complete(":he", ":he", 0) == [":help"])
    #expect(complete(":", "", 1) == REPLCommand.allCases.map(\.rawValue))
    #expect(complete(":load scr", "scr", 6) == nil)
    #expect(complete("wh", "wh", 0)?.contains("while") == true)
    _ = repl
  }
}
