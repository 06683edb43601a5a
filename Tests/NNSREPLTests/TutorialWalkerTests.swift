import Foundation
import NNSREPL
import NNSRuntime
import Testing

/// Walks `notebooks/tutorial.nns` over scripted inputs.
func walk(_ lines: [String], progress: TutorialProgress, interrupt: Bool = false) throws -> String {
  let notebook = try NotebookFiles.notebook("tutorial.nns")
  let (output, buffer) = Output.capturing()
  let editor = ScriptedEditor(lines.map { $0 == "^C" ? LineInput.interrupted : .line($0) })
  let walker = TutorialWalker(
    notebook: notebook, name: "tiny", lesson: 3, editor: editor, output: output,
    progress: progress
  ) { Interpreter(output: output) }
  walker.run()
  return buffer.text
}

@Suite("tutorial walker", .serialized) struct TutorialWalkerTests {
  @Test func stepsGroupProseWithTheNextCell() throws {
    let walker = TutorialWalker(
      notebook: try NotebookFiles.notebook("tutorial.nns"), name: "t", lesson: 1,
      editor: ScriptedEditor([]), output: Output.capturing().0,
      progress: TutorialProgress(path: nil)
    ) { Interpreter(output: Output.capturing().0) }
    #expect(walker.stepCount == 4)
  }

  @Test func enterRunsThenAdvancesToTheEnd() throws {
    let progress = TutorialProgress(path: nil)
    let out = try walk(["", "", ":skip", "", "", ""], progress: progress)
    #expect(out.hasPrefix("\n── lesson 3 · step 1/4 · A vector ──"))
    #expect(
      out.contains(
        "Tiny tutorial\n═════════════\n\nWe make a vector.\n\n    v = [1, 2, 3]\n    v * 10\n"
          + "(Enter runs this code"
      ))
    #expect(out.contains("[10, 20, 30]  f32 [3]\n(Enter: next step)\n"))
    #expect(out.contains("── lesson 3 · step 2/4 · Ones ──"))
    #expect(
      out.contains(
        "Exercise: write code that makes these checks hold:\n    m.shape == [3, 4]\n    sum(m) == 12\n"
      ))
    #expect(out.contains("Running the model solution:\n    m = ones(3, 4)\n"))
    #expect(out.contains("── lesson 3 · step 3/4 ──"))
    #expect(out.contains("18  f32\n"))
    #expect(out.contains("── lesson 3 · step 4/4 ──"))
    #expect(out.contains("The end.\n"))
    #expect(
      out.hasSuffix(
        "That was the last step of lesson 3: well done!\n`nns tutorial` lists the tutorials.\n"))
    #expect(progress.state(of: "tiny") == .done)
  }

  @Test func exerciseAnsweredWronglyThenRightly() throws {
    let out = try walk(
      ["", "", "m = ones(3, 3)", "", ":next", "m = ones(3, 4) * 1", ""],
      progress: TutorialProgress(path: nil))
    #expect(out.contains("(not yet: m.shape is [3, 3]; expected [3, 4])\n"))
    #expect(
      out.contains("the exercise is not solved yet: :skip runs the model solution and goes on"))
    #expect(out.contains("✓ all checks hold: solved!\n(Enter: next step)\n"))
    #expect(out.contains("step 3/4"))
    #expect(!out.contains("Running the model solution"))
  }

  @Test func anyCorrectAnswerPasses() throws {
    let out = try walk(["", "", "m = full([3, 4], 1)"], progress: TutorialProgress(path: nil))
    #expect(out.contains("solved!"))
  }

  @Test func hintsThenSolution() throws {
    let out = try walk(
      ["", "", ":hint", ":hin", ":hint", ":solution"], progress: TutorialProgress(path: nil))
    #expect(
      out.contains(
        "hint 1/2: ones makes a tensor of ones\nhint 2/2: ones(3, 4)\n(no more hints)\n(:solution shows a model solution)\n"
      ))
    #expect(
      out.contains(
        "A solution:\n    m = ones(3, 4)\n(type it (or your own), or :skip to run it and go on)\n"))
    #expect(!out.contains("solved"))
  }

  @Test func hintOutsideAnExercise() throws {
    let out = try walk([":hint", ":solution"], progress: TutorialProgress(path: nil))
    #expect(out.contains("(this step is not an exercise)\n(this step is not an exercise)\n"))
  }

  @Test func backShowsThePreviousStep() throws {
    let out = try walk(["", "", ":back", ":b"], progress: TutorialProgress(path: nil))
    let firsts = out.components(separatedBy: "step 1/4").count - 1
    #expect(firsts == 2)
    #expect(out.contains("(this is the first step)"))
  }

  @Test func nextRunsTheShownCode() throws {
    let out = try walk([":next", "v"], progress: TutorialProgress(path: nil))
    #expect(out.contains("[10, 20, 30]  f32 [3]"))
    #expect(out.contains("step 2/4"))
    #expect(out.contains("[1, 2, 3]  f32 [3]"))
  }

  @Test func theREPLWorksBetweenCells() throws {
    let out = try walk(
      ["w = 5", "w * 2", ":vars", ":frob", "fn g(a) {", "a + 1", "}", "g(1)"],
      progress: TutorialProgress(path: nil))
    #expect(out.contains("10  f32\n"))
    #expect(out.contains("w     tensor"))
    #expect(out.contains("error: unknown command ':frob'"))
    #expect(out.contains("2  f32\n"))
    #expect(!out.contains("[10, 20, 30]"))  // the shown cell did not run
  }

  @Test func interruptAtThePromptDoesNotRunTheCell() throws {
    let out = try walk(["^C", "^C"], progress: TutorialProgress(path: nil))
    #expect(!out.contains("[10, 20, 30]"))
  }

  @Test func helpListsWalkerAndREPLCommands() throws {
    let out = try walk([":help"], progress: TutorialProgress(path: nil))
    for command in TutorialCommand.allCases { #expect(out.contains(":" + command.rawValue)) }
    #expect(out.contains(":vars"))
  }

  @Test func quitAndResumeFromTheProgressFile() throws {
    let dir = TemporaryFolder()
    let path = dir.file("sub/progress")
    let first = try walk(
      ["", "", "m = ones(3, 4)", "", ":quit"], progress: TutorialProgress(path: path))
    #expect(first.hasSuffix("Progress saved: `nns tutorial tiny` resumes at step 3.\n"))
    #expect(try dir.read("sub/progress") == "tiny 3\n")

    // A new session: earlier cells are replayed quietly, so `v` and `m` exist again.
    let second = try walk(["", "v", "sum(m)"], progress: TutorialProgress(path: path))
    #expect(
      second.hasPrefix("Resuming at step 3/4 (replaying steps 1-2).\n\n── lesson 3 · step 3/4 ──"))
    #expect(!second.contains("[10, 20, 30]"))
    #expect(second.contains("18  f32\n"))
    #expect(second.contains("[1, 2, 3]  f32 [3]"))
    #expect(second.contains("12  f32"))
    #expect(try dir.read("sub/progress") == "tiny 3\n")
  }

  @Test func endOfInputSavesProgress() throws {
    let progress = TutorialProgress(path: nil)
    _ = try walk(["", ""], progress: progress)
    #expect(progress.state(of: "tiny") == .step(2))
  }

  @Test func finishedTutorialOpensItsLastStepAndStaysDone() throws {
    let progress = TutorialProgress(path: nil)
    progress.set("tiny", .done)
    let out = try walk(["total", ":back", ":quit"], progress: progress)
    #expect(out.hasPrefix("You finished lesson 3 before, and it stays marked done."))
    #expect(out.contains("step 4/4"))
    #expect(!out.contains("step 1/4"))
    #expect(out.contains("18  f32\n"))  // every earlier cell was replayed
    #expect(out.contains("step 3/4"))
    #expect(out.hasSuffix("Lesson 3 stays marked done: `nns tutorial tiny` opens its last step.\n"))
    #expect(progress.state(of: "tiny") == .done)
  }

  @Test func resetInATutorialReplaysTheStepsSoFar() throws {
    let out = try walk(
      ["", "", ":skip", "w = 1", ":reset", "w", ""], progress: TutorialProgress(path: nil))
    #expect(
      out.contains(
        "session reset: every variable is gone\nReplaying steps 1-2 so that this step finds their "
          + "variables.\n(Enter runs this step's code)\n"))
    #expect(out.contains("undefined name 'w'"))
    #expect(out.contains("18  f32\n"))  // step 3 found v and m
  }

  @Test func resetDuringASolvedExerciseAsksForItAgain() throws {
    let out = try walk(
      ["", "", "m = ones(3, 4)", ":reset", ""], progress: TutorialProgress(path: nil))
    #expect(out.contains("Replaying steps 1-1 so that this step finds their variables."))
    #expect(out.contains("(solve the exercise again)\n"))
    #expect(out.contains("(solve the exercise again)\n(not yet: undefined name 'm')\n"))
  }

  @Test func gotoRebuildsAFreshSession() throws {
    let out = try walk(
      ["w = 7", ":goto 3", "v", "m", "w", ":goto 9", ":g 1"], progress: TutorialProgress(path: nil))
    #expect(out.contains("Replaying steps 1-2 in a fresh session.\n\n── lesson 3 · step 3/4 ──"))
    #expect(out.contains("[1, 2, 3]  f32 [3]"))
    #expect(out.contains("f32 [3,4]"))
    #expect(out.contains("undefined name 'w'"))
    #expect(out.contains("error: :goto takes a step number from 1 to 4, got '9'"))
    #expect(out.components(separatedBy: "step 1/4").count - 1 == 2)
  }

  @Test func fitPrintsOneLinePerEpochInATutorial() throws {
    let (output, buffer) = Output.capturing()
    output.isTerminal = true  // a terminal would get a bar redrawn in place elsewhere
    let editor = ScriptedEditor([
      .line("r = fit(fn(p, X, y) = mse(X @ p, y), zeros(1), ones(4, 1), ones(4), epochs: 2)")
    ])
    TutorialWalker(
      notebook: try NotebookFiles.notebook("tutorial.nns"), name: "t", lesson: 1,
      editor: editor, output: output, progress: TutorialProgress(path: nil)
    ) { Interpreter(output: output) }.run()
    #expect(buffer.text.contains("epoch 1/2 loss="))
    #expect(buffer.text.contains("epoch 2/2 loss="))
  }

  @Test func tabCompletesWalkerCommandsToo() throws {
    let editor = ScriptedEditor([])
    let output = Output.capturing().0
    let walker = TutorialWalker(
      notebook: try NotebookFiles.notebook("tutorial.nns"), name: "t", lesson: 1,
      editor: editor, output: output, progress: TutorialProgress(path: nil)
    ) { Interpreter(output: output) }
    let complete = try #require(editor.completer)
    #expect(complete(":s", ":s", 0) == [":save", ":skip", ":solution"])
    #expect(complete(":h", ":h", 0) == [":help", ":hint", ":history"])
    #expect(complete("lins", "lins", 0) == ["linspace"])
    _ = walker
  }

  @Test func commandWordsResolve() {
    #expect(TutorialCommand.resolve(":n") == .next)
    #expect(TutorialCommand.resolve(":b") == .back)
    #expect(TutorialCommand.resolve(":hin") == .hint)
    #expect(TutorialCommand.resolve(":h") == nil)  // :help
    #expect(TutorialCommand.resolve(":hi") == nil)  // :history
    #expect(TutorialCommand.resolve(":s") == nil)  // :save
    #expect(TutorialCommand.resolve(":sk") == .skip)
    #expect(TutorialCommand.resolve(":so") == .solution)
    #expect(TutorialCommand.resolve(":q") == .quit)
    #expect(TutorialCommand.resolve(":g") == .goto)
    #expect(TutorialCommand.resolve(":quit now") == .quit)
    #expect(TutorialCommand.resolve(":vars") == nil)
  }
}

@Suite("tutorial catalog and progress", .serialized) struct TutorialCatalogTests {
  @Test func findsByNameNumberAndShortName() throws {
    let dir = TemporaryFolder()
    try dir.write("01-tensors.nns", "# %% [markdown]\n# # Tensors: shapes and more\n# %%\n1\n")
    try dir.write("02-derivatives.nns", "# %% Slopes\nx = 1\n")
    try dir.write("notes.txt", "not a tutorial")
    let catalog = TutorialCatalog(directory: dir.path)
    #expect(catalog.entries.map(\.name) == ["01-tensors", "02-derivatives"])
    #expect(catalog.find("tensors")?.lesson == 1)
    #expect(catalog.find("2")?.name == "02-derivatives")
    #expect(catalog.find("02-derivatives.nns")?.lesson == 2)
    #expect(catalog.find("deriv")?.lesson == 2)
    #expect(catalog.find("0") == nil)  // a prefix of both
    #expect(catalog.find("nothing") == nil)
  }

  @Test func lessonNumbersComeFromFileNames() throws {
    let dir = TemporaryFolder()
    for name in ["00-language", "01-tensors", "12-data", "13-interpret", "extra"] {
      try dir.write(name + ".nns", "# %%\n1\n")
    }
    let catalog = TutorialCatalog(directory: dir.path)
    #expect(catalog.entries.map(\.lesson) == [0, 1, 12, 13, 5])
    #expect(catalog.find("0")?.name == "00-language")
    #expect(catalog.find("12")?.name == "12-data")
    #expect(catalog.find("d")?.name == "12-data")
    #expect(catalog.matches("1").map(\.name) == ["01-tensors"])  // the lesson number wins
    #expect(catalog.matches("0").map(\.name) == ["00-language"])
    #expect(catalog.matches("").isEmpty)
  }

  @Test func anAmbiguousPrefixListsTheMatches() throws {
    let dir = TemporaryFolder()
    try dir.write("02-derivatives.nns", "# %% Slopes\nx = 1\n")
    try dir.write("06-digits.nns", "# %% Digits\nx = 1\n")
    try dir.write("07-optimizers.nns", "# %% Steps\nx = 1\n")
    let (output, buffer) = Output.capturing()
    let status = TutorialLauncher.walk(
      "d", catalog: TutorialCatalog(directory: dir.path), progress: TutorialProgress(path: nil),
      editor: ScriptedEditor([]), output: output)
    #expect(status == 1)
    #expect(
      buffer.text == """
        error: tutorial: 'd' could mean any of these; type more of the name:
           2  02-derivatives  Slopes  [new]
           6  06-digits       Digits  [new]

        """)
  }

  @Test func listShowsSummariesAndProgress() throws {
    let dir = TemporaryFolder()
    try dir.write(
      "01-tensors.nns", "# %% [markdown]\n# # Tensors: shapes and more\n# %%\n1\n# %%\n2\n")
    try dir.write("02-derivatives.nns", "# %% Slopes\nx = 1\n")
    let progress = TutorialProgress(path: nil)
    progress.set("01-tensors", .step(2))
    let (output, buffer) = Output.capturing()
    let status = TutorialLauncher.list(
      catalog: TutorialCatalog(directory: dir.path), progress: progress, output: output)
    #expect(status == 0)
    #expect(
      buffer.text == """
        Tutorials (`nns tutorial NAME` starts one, or resumes where you left it):
           1  01-tensors      Tensors: shapes and more  [step 2/2]
           2  02-derivatives  Slopes  [new]

        """)
  }

  @Test func walkingAnUnknownTutorialIsAnError() {
    let (output, buffer) = Output.capturing()
    let status = TutorialLauncher.walk(
      "nope", catalog: TutorialCatalog(directory: NotebookFiles.directory),
      progress: TutorialProgress(path: nil), editor: ScriptedEditor([]), output: output)
    #expect(status == 1)
    #expect(buffer.text.hasPrefix("error: tutorial: no tutorial named 'nope' (there are: "))
  }

  @Test func locatesTutorialsAboveTheExecutable() throws {
    let dir = TemporaryFolder()
    try FileManager.default.createDirectory(
      atPath: dir.file("repo/scripts/tutorials"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: dir.file("repo/.build/release"), withIntermediateDirectories: true)
    let exe = dir.file("repo/.build/release/nns")
    #expect(
      TutorialCatalog.locate(environment: nil, executable: exe)
        == dir.file("repo/scripts/tutorials"))
    #expect(TutorialCatalog.locate(environment: "/x/y", executable: exe) == "/x/y")
    #expect(TutorialCatalog.locate(environment: nil, executable: dir.file("elsewhere/nns")) == nil)
  }

  @Test func progressFileRoundTrips() throws {
    let dir = TemporaryFolder()
    let path = dir.file("p/progress")
    let progress = TutorialProgress(path: path)
    progress.set("01-tensors", .step(4))
    progress.set("my tutorial", .done)
    progress.set("01-tensors", .step(5))
    #expect(try dir.read("p/progress") == "01-tensors 5\nmy tutorial done\n")
    try dir.write("p/progress", try dir.read("p/progress") + "garbage\nx -3\n\n")
    let loaded = TutorialProgress(path: path)
    #expect(loaded.state(of: "01-tensors") == .step(5))
    #expect(loaded.state(of: "my tutorial") == .done)
    #expect(loaded.state(of: "x") == nil)
    #expect(TutorialProgress(path: dir.file("missing")).states.isEmpty)
  }
}
