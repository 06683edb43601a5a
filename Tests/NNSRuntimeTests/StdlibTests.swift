import NNSSyntax
import NNSTensor
import Synchronization
import Testing

@testable import NNSRuntime

/// The repository root, from this file's path (Tests/NNSRuntimeTests/StdlibTests.swift).
let repositoryRoot: String = {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  return parts.joined(separator: "/")
}()

/// Runs source in a fresh interpreter with a capturing output.
func runCapturing(_ text: String, terminal: Bool = false) -> (String, ScriptError?) {
  let (output, buffer) = Output.capturing()
  output.isTerminal = terminal
  let interp = Interpreter(output: output)
  do {
    try interp.run(Source(name: "<test>", text: text))
    return (buffer.text, nil)
  } catch {
    return (buffer.text, error)
  }
}

@Suite("stdlib")
struct StdlibTests {
  @Test("the embedded copy matches stdlib/ (run scripts/lib/embed-stdlib when this fails)")
  func embeddedCopyIsFresh() throws {
    let folder = repositoryRoot + "/stdlib"
    let names = listDirectory(folder).filter { $0.hasSuffix(".nns") }.sorted()
    #expect(!names.isEmpty)
    #expect(StdlibEmbedded.files.map(\.name) == names.map { "stdlib/" + $0 })
    for name in names {
      let text = try #require(readText(folder + "/" + name))
      let embedded = StdlibEmbedded.files.first { $0.name == "stdlib/" + name }?.text
      #expect(embedded == text, "stdlib/\(name) is stale: run scripts/lib/embed-stdlib")
    }
    let csv = try #require(readText(folder + "/datasets/digits.csv"))
    #expect(StdlibEmbedded.digitsCSV == csv, "digits.csv is stale: run scripts/lib/embed-stdlib")
    let firstNames = try #require(readText(folder + "/datasets/names.txt"))
    #expect(
      StdlibEmbedded.namesTXT == firstNames, "names.txt is stale: run scripts/lib/embed-stdlib")
    let surnames = try #require(readText(folder + "/datasets/surnames.txt"))
    #expect(
      StdlibEmbedded.surnamesTXT == surnames, "surnames.txt is stale: run scripts/lib/embed-stdlib")
  }

  @Test("the stdlib parses and loads without a message")
  func loadsCleanly() {
    #expect(Stdlib.parseDiagnostics.isEmpty)
    let (text, error) = runCapturing("1")
    #expect(error == nil)
    #expect(text == "")
  }

  @Test("every public stdlib function has a doc and an example, and help shows them")
  func everyFunctionDocumented() throws {
    let public_ = Stdlib.names.filter { !$0.hasPrefix("_") }
    let required = [
      "linear_init", "linear", "mlp_init", "mlp", "sgd", "adam", "rmsprop", "fit", "batches",
      "train_test_split", "standardize", "xor", "spiral", "moons", "circles", "blobs", "sine",
      "digits", "accuracy", "confusion", "boundary",
    ]
    for name in required { #expect(public_.contains(name), "missing \(name)") }
    for name in public_ {
      let doc = try #require(Stdlib.docs[name], "\(name) has no ## doc comment")
      #expect(!doc.doc.isEmpty && !doc.example.isEmpty, "\(name): doc or example missing")
      let parsed = Parser.parse(Source(name: "example", text: doc.example))
      #expect(parsed.succeeded, "\(name): its example does not parse")
    }
    for b in Builtins.plots + Builtins.files {
      #expect(Parser.parse(Source(name: "example", text: b.example)).succeeded, "\(b.name)")
    }
    let (text, _) = runCapturing("help(\"sgd\"); help(adam)")
    #expect(
      text.hasPrefix(
        "sgd(lr: 0.01, momentum: 0, nesterov: false, weight_decay: 0)\n  Stochastic gradient"))
    #expect(text.contains("adam(lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0)\n"))
    #expect(text.contains("  example: opt = adam(lr: 0.01); st = opt.init(params)\n"))
  }

  @Test("stdlib names are globals but not user variables; a user may redefine them")
  func namesAreQuiet() throws {
    let (output, _) = Output.capturing()
    let interp = Interpreter(output: output)
    #expect(interp.globalNames.contains("fit"))
    #expect(interp.userGlobals.map(\.0) == ["args"])
    try interp.run(Source(name: "<test>", text: "fn accuracy(a, b) = 42\nx = accuracy(1, 2)"))
    #expect(interp.userGlobals.map(\.0).sorted() == ["accuracy", "args", "x"])
  }

  @Test("doc comments: signature with defaults as name: value, example split off")
  func docExtraction() {
    let docs = Stdlib.extractDocs(
      "## Adds.\n## More words.\n## example: f(1)\nfn f(a, b = [1, 2]) = a\n\n## lost\n\nfn g() = 1",
      file: "t.nns")
    #expect(docs.count == 1)
    #expect(docs.first?.signature == "f(a, b: [1, 2])")
    #expect(docs.first?.doc == "Adds. More words.")
    #expect(docs.first?.example == "f(1)")
    let long = Stdlib.extractDocs(
      "## Long.\nfn h(a, b = 1,\n      c = none) {\n  a\n}\n## cut\nfn k(a,\n1\n2\n3\n4)",
      file: "t.nns")
    #expect(long.map(\.signature) == ["h(a, b: 1, c: none)"])
  }
}

@Suite("fit progress and interrupts", .serialized)
struct FitProgressTests {
  @Test("Ctrl-C during fit stops it and returns the parameters and finished epochs")
  func interrupt() throws {
    let (output, buffer) = Output.capturing()
    let interp = Interpreter(output: output)
    // A builtin the loss calls: it raises the interrupt flag on its 7th call, as Ctrl-C does.
    final class Counter: @unchecked Sendable { var n = 0 }
    let counter = Counter()
    interp[global: "tick"] = .builtin(
      Builtin("tick", [], doc: "", example: "") { _ in
        counter.n += 1
        if counter.n == 7 { Interrupt.request() }
        return .none
      })
    let source = """
      fn loss(p, x, y) {
        tick()
        mse(x[:, 0] * p, y)
      }
      r = fit(loss, 0, [[1], [2], [3], [4]], [1, 2, 3, 4], epochs: 100, batch: 2,
        opt: sgd(lr: 0.01))
      print(len(r.losses), r.params > 0)
      """
    try interp.run(Source(name: "<test>", text: source))
    let pending = Interrupt.isRequested
    #expect(!pending)
    let lines = buffer.text.split(separator: "\n").map(String.init)
    // Epochs 1-3 finish (steps 1-6); the flag rises during step 7, in epoch 4.
    #expect(lines.prefix(3).allSatisfy { $0.hasPrefix("epoch ") })
    #expect(
      lines.dropFirst(3).first == "fit: stopped by Ctrl-C in epoch 4/100 after 3 finished epochs")
    #expect(lines.last == "3 true")
  }

  @Test("on a terminal one bar line is redrawn in place and prints clear and redraw it")
  func barOnTerminal() throws {
    let (text, error) = runCapturing(
      """
      fn loss(p, x, y) {
        if p > 0 { print("hello") }
        mse(x[:, 0] * p, y)
      }
      r = fit(loss, 0, [[1], [2]], [1, 2], epochs: 3, batch: 2, opt: sgd(lr: 0.1))
      print("done", len(r.losses))
      """, terminal: true)
    #expect(error == nil)
    #expect(!text.contains("epoch 1/3 loss="))
    #expect(text.contains("\r\u{1b}[Khello\nepoch 1/3 ▕"))
    #expect(text.contains("\repoch 3/3 ▕██"))
    #expect(text.contains("█▏ 100% [00:00<00:00] loss="))
    #expect(text.hasSuffix("it/s\u{1b}[K\ndone 3\n"))
  }

  @Test(
    "bar line layout",
    arguments: [
      (0, 1, 0.5, "epoch 1/2 ▕███▎         ▏ 25% [00:02<00:06] loss=0.5 0.5 it/s"),
      (1, 2, 0.25, "epoch 2/2 ▕███████████▏ 100% [00:02<00:00] loss=0.25 2.0 it/s"),
    ])
  func barLine(epoch: Int, step: Int, loss: Double, expected: String) {
    let line = TrainingProgress.barLine(
      epoch: epoch, epochs: 2, step: step, steps: 2, loss: loss, elapsed: 2, width: 62,
      unicode: true)
    #expect(line == expected)
  }

  @Test("ASCII bars and clocks")
  func asciiAndClock() {
    #expect(TrainingProgress.bar(0.5, cells: 4, unicode: false) == "|##  |")
    #expect(TrainingProgress.clock(3725) == "1:02:05")
    #expect(TrainingProgress.clock(65) == "01:05")
    #expect(TrainingProgress.rateText(12.345) == "12.3")
    #expect(TrainingProgress.rateText(45678) == "45k")
    #expect(TrainingProgress.rateText(.infinity) == "inf")
    #expect(TrainingProgress.clock(1e300) == "100000:00:00")
    let early = TrainingProgress.barLine(
      epoch: 0, epochs: 1 << 31, step: 0, steps: 1 << 31, loss: .nan, elapsed: 1e-300,
      width: 80, unicode: false)
    #expect(early.hasPrefix("epoch 1/2147483648 |"))
    #expect(early.contains(" 0% [00:00<?] loss=nan 0.0 it/s"))
  }
}
