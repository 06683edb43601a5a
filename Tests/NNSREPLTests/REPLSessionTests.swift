import NNSREPL
import NNSRuntime
import NNSSyntax
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The session rule (an input is all or nothing), `:save` rebuilding the session, input
/// numbering, and the commands added for Julia and IPython users.
@Suite(.serialized) struct REPLSessionTests {
  @Test func aFailedInputLeavesEveryVariableAsItWas() {
    let out = session(["a = 1", "a = 2; b = 3; nope", "a", "b"])
    #expect(
      out == """
        <repl[2]>:1:15: error: undefined name 'nope'
        a = 2; b = 3; nope
                      ^
        note: every variable is as it was before this input (put back: a, b)
        1  f32
        <repl[4]>:1:1: error: undefined name 'b'
        b
        ^

        """ + "\n")
  }

  @Test func anErrorBeforeAnyChangeHasNoNote() {
    let out = session(["x = 1", "x @ x"])
    #expect(out.contains("error: @:"))
    #expect(!out.contains("note:"))
  }

  @Test func aFailedInputDrawsNoRandomNumbers() {
    let withFailure = session(["x = rand(3)", "y = rand(2); nope", "z = rand(3)", "z"])
    let without = session(["x = rand(3)", "z = rand(3)", "z"])
    #expect(withFailure.contains("(put back: y, the random generator)"))
    #expect(withFailure.hasSuffix(without))
  }

  @Test func aFailedInputPutsTheDefaultDtypeBack() {
    let out = session(["default_dtype(\"f64\"); nope", "1"])
    #expect(out.contains("(put back: the default dtype)"))
    #expect(out.hasSuffix("1  f32\n\n"))
  }

  @Test func saveWritesWhatTookEffectAndRunningItRebuildsTheSession() throws {
    let path = "/tmp/nns-repl-rebuild-\(getpid()).nns"
    defer { unlink(path) }
    let inputs = [
      "seed(3)", "w = randn(2, 2)", "b = zeros(2); oops(1)", "fn f(x, k = 2) = x * k",
      "v = f(w[0]) + rand(2)", "r = {w, n: len(v)}", "default_dtype(\"f64\"); q = 1; nope",
      "[1] @ [1, 2]", "s = \"done\"",
    ]
    let first = session(inputs + [":vars", ":save \(path)"])
    #expect(first.contains("saved 6 inputs to \(path)"))
    let firstVars = try #require(
      first.components(separatedBy: "name  ").last?.components(separatedBy: "saved").first)
    let second = session([":load \(path)", ":vars"])
    let secondVars = try #require(second.components(separatedBy: "name  ").last)
    #expect(firstVars.trimmingSpaces == secondVars.trimmingSpaces)
    #expect(firstVars.contains("s     string"))
    let values = session(inputs + ["[w, v, r]"]).components(separatedBy: "\n").suffix(8)
    let rerun = session([":load \(path)", "[w, v, r]"]).components(separatedBy: "\n").suffix(8)
    #expect(values == rerun)
  }

  @Test func inputsAreNumberedInLocationsAndCallChains() {
    let out = session(["fn f(x) = x @ [1]", "1", "f([1, 2])"])
    #expect(out.contains("<repl[1]>:1:11: error: @: shapes [2] and [1] do not align (2 != 1)"))
    #expect(out.contains("\n  in f, called at <repl[3]>:1:1\n"))
  }

  @Test func timeReportsPerRunAndChangesNothing() {
    let out = session(["x = 1", ":time x = x + 1", "x", ":time 1"])
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("median ") && lines[0].contains(" per run over "))
    #expect(lines[1] == "1  f32")
    // `1` costs a few nanoseconds once the timing loop's own cost is taken off.
    #expect(lines[2].hasSuffix("ns per run") || lines[2].contains(" ns per run over "))
  }

  @Test func historyTakesACount() {
    let out = session(["1", "2", "3", ":history 2"])
    #expect(out.hasSuffix("    3  3\n    4  :history 2\n\n"))
    #expect(session([":history x"]).contains("error: :history takes a count, got 'x'"))
  }

  @Test func varsTakesAPattern() {
    let inputs = ["w1 = 1", "w2 = 2", "loss = 3", "fn f(x) = x"]
    let globbed = session(inputs + [":vars w*"])
    #expect(globbed.contains("w1") && globbed.contains("w2") && !globbed.contains("loss"))
    let part = session(inputs + [":vars os"])
    #expect(part.contains("loss") && !part.contains("w1"))
    #expect(session(inputs + [":vars zz*"]).contains("no variables match 'zz*'"))
  }

  @Test(arguments: [
    (":reset now", "error: :reset takes no argument, got 'now' too"),
    (":vars a b", "error: :vars takes one argument (quote a file name with spaces), got 'b' too"),
    (":tape x", "error: :tape takes no argument, got 'x' too"),
    (":save a.nns b.nns", "got 'b.nns' too"),
    (":load \"a b", "error: :load: a quote is not closed"),
  ])
  func extraArgumentsAreAnError(_ input: String, _ message: String) {
    #expect(session([input]).contains(message))
  }

  @Test func unknownCommandsSuggestTheClosest() {
    #expect(session([":hlep"]).contains("unknown command ':hlep'; did you mean ':help'?"))
    #expect(session([":vras"]).contains("did you mean ':vars'?"))
  }

  @Test func helpCoversKeywordsAndOperators() {
    let out = session(["?for", "?+", ":help while"])
    #expect(out.hasPrefix("for x in expr { body }"))
    #expect(out.contains("\na + b\n  Adds element-wise"))
    #expect(out.contains("\nwhile cond { body }\n"))
  }

  @Test func helpOnSomethingUnknownSuggests() {
    #expect(session(["?linspce"]).contains("named 'linspce'; did you mean 'linspace'?"))
  }

  @Test func aproposSearchesEveryHelpText() {
    let out = session(["## Squares a gradient step.", "fn step2(x) = x^2", "??gradient"])
    let names = out.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
    #expect(names.contains("grad") && names.contains("value_and_grad"))
    #expect(names.contains("step2"))
    #expect(session([":apropos zzzqqq"]) == "no help text mentions 'zzzqqq'\n\n")
  }

  @Test func docCommentsContinueOntoTheFunction() {
    let (text, _, editor) = session([
      .line("## Doubles x."), .line("## example: dbl(2)"), .line("fn dbl(x) = 2 * x"),
      .line("?dbl"),
    ])
    #expect(editor.prompts.prefix(4) == ["nns> ", "... ", "... ", "nns> "])
    #expect(text == "fn dbl(x)\n  Doubles x.\n  example: dbl(2)\n\n")
  }

  @Test func exitEndsTheSessionWithItsStatus() {
    let (_, repl, editor) = session([.line("x = 1"), .line("exit(3)"), .line("x")])
    #expect(repl.status == 3)
    #expect(editor.prompts.count == 2)
    #expect(session(["exit(300)"]).contains("exit: status must be between 0 and 255, got 300"))
  }

  @Test func editRunsWhatTheEditorSaved() throws {
    let script = "/tmp/nns-edit-script-\(getpid()).sh"
    defer { unlink(script) }
    try writeFile(script, "#!/bin/sh\nsed -i 's/x = 1/x = 42/' \"$1\"\n")
    chmod(script, 0o755)
    let saved = getenv("EDITOR").map { String(cString: $0) }
    setenv("EDITOR", script, 1)
    defer { if let saved { setenv("EDITOR", saved, 1) } else { unsetenv("EDITOR") } }
    unsetenv("VISUAL")
    let out = session(["x = 1", ":edit", "x"])
    #expect(out == "42  f32\n\n")
    let named = session(["## Adds.", "fn add(a, b) = a + b", ":edit add", "add(1, 2)"])
    #expect(named == "3  f32\n\n")  // unchanged by the sed, but saved: it runs again
    setenv("EDITOR", "true", 1)  // exits without writing: nothing runs
    #expect(session(["x = 1", ":edit"]).contains("not saved: nothing was run"))
    #expect(session([":edit nosuch"]).contains("'nosuch' is not a function defined"))
  }

  @Test func longListsAreSummarisedLikeLongTensors() {
    let out = session(["map(fn(i) = i, range(5000))"])
    #expect(out == "[0, 1, 2, ... 4994 more ..., 4997, 4998, 4999]\n\n")
    #expect(session(["range(100)"]).split(separator: "\n").count < 20)
  }

  @Test func theWidthIsReadBeforeEachInput() {
    let editor = ScriptedEditor(lines: ["linspace(0, 1, 11)", "linspace(0, 1, 11)"])
    let (output, buffer) = Output.capturing()
    final class Width: @unchecked Sendable { var columns = 120 }
    let width = Width()
    output.widthSource = { width.columns }
    let repl = REPL(editor: editor, output: output) { Interpreter(output: output) }
    editor.onRead = { if $0 == 1 { width.columns = 40 } }
    repl.run(banner: false)
    let lines = buffer.text.split(separator: "\n").map(String.init)
    #expect(lines[0].hasSuffix("1]  f32 [11]"))  // one line at 120 columns
    #expect(lines.count == 3)  // the second wrapped at 40
    // The `f32 [11]` suffix stays on the line of the value's end, within the width.
    #expect(lines.dropFirst().allSatisfy { $0.count <= 40 })
    #expect(lines.last?.hasSuffix("]  f32 [11]") == true)
  }

  @Test func errorColourFollowsTheErrorOutput() {
    let (output, buffer) = Output.capturing()
    output.color = false
    output.errorColor = true
    output.writeError("x:1:1: error: bad\n")
    #expect(buffer.text.contains("\u{1B}[1;31merror:"))
    output.color = true
    output.errorColor = false
    buffer.text = ""
    output.writeError("x:1:1: error: bad\n")
    #expect(!buffer.text.contains("\u{1B}"))
  }

  @Test func tildeExpandsToHome() {
    let home = getenv("HOME").map { String(cString: $0) } ?? ""
    #expect(Session.expandingTilde("~/x.nns") == home + "/x.nns")
    #expect(Session.expandingTilde("a/~/x") == "a/~/x")
  }

  @Test func functionsDisplayAsDefinitions() {
    #expect(
      session(["fn myf(a, b = 2) = a + b", "myf", "fn(a) = a"]) == "fn myf(a, b = 2)\nfn(a)\n\n")
  }

  @Test func theSessionRunsNotebookCellsUnderTheSameRule() throws {
    let (output, buffer) = Output.capturing()
    let notebook = NotebookSession(interpreter: Interpreter(output: output), name: "n.nns")
    #expect(notebook.run(Source(name: "n.nns", text: "a = 1\n")) == nil)
    let failure = try #require(notebook.run(Source(name: "n.nns", text: "a = 2\nb = nope\n")))
    #expect(failure.hasSuffix("note: every variable is as it was before this input (put back: a)"))
    #expect(notebook.interpreter[global: "a"].map { Display.plain($0) } == "1")
    #expect(buffer.text.hasSuffix(failure + "\n"))
  }
}

extension String {
  /// Without leading and trailing whitespace.
  var trimmingSpaces: String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}

/// Writes a text file.
func writeFile(_ path: String, _ text: String) throws {
  guard let f = fopen(path, "w") else { throw FileError(path: path) }
  fputs(text, f)
  fclose(f)
}

struct FileError: Error {
  var path: String
}
