import NNSRuntime
import NNSTensor

/// Walks a user through a tutorial notebook (`nns tutorial NAME`), step by step.
///
/// A step is the prose cells before one code or exercise cell, and that cell. The walker shows
/// the prose and the code; Enter runs the code, and Enter again moves on. Between cells the
/// user has the whole REPL (the walker is a loop around `REPL.handle`, sharing its session), plus
/// the commands `:next`, `:back`, `:hint`, `:solution`, `:skip` and `:quit`. An exercise's
/// checks must all hold before the walk moves on; they are evaluated after each input. The step
/// reached is saved in the progress file at every move, and a later walk replays the earlier
/// cells quietly and resumes there.
public final class TutorialWalker {
  /// One step of the walk.
  struct Step {
    /// The prose cells shown first.
    var prose: [Notebook.Cell]
    /// The code or exercise cell, or nil for closing prose.
    var cell: Notebook.Cell?
  }

  /// Where the current step stands.
  enum Phase: Equatable {
    /// Shown; its code has not run (or its exercise is not solved).
    case pending
    /// Its code ran (or its exercise is solved): Enter moves on.
    case done
  }

  let notebook: Notebook
  let tutorialName: String
  let lesson: Int
  let repl: REPL
  let editor: LineEditor
  let output: Output
  let progress: TutorialProgress
  let steps: [Step]
  /// The current step's index.
  var current = 0
  var phase = Phase.pending
  /// Hints shown so far in the current step.
  var hintsShown = 0
  /// Set when the walk should end.
  var finished = false

  /// Creates a walker.
  /// - Parameters:
  ///   - notebook: the tutorial.
  ///   - name: the name progress is saved under.
  ///   - lesson: the lesson number shown in the position line.
  ///   - editor: where inputs come from.
  ///   - output: where everything goes.
  ///   - progress: the progress store.
  ///   - makeInterpreter: makes the session (at start and on `:reset`).
  public init(
    notebook: Notebook, name: String, lesson: Int, editor: LineEditor, output: Output,
    progress: TutorialProgress, makeInterpreter: @escaping () -> Interpreter
  ) {
    self.notebook = notebook
    self.tutorialName = name
    self.lesson = lesson
    self.editor = editor
    self.output = output
    self.progress = progress
    self.repl = REPL(editor: editor, output: output, makeInterpreter: makeInterpreter)
    self.steps = TutorialWalker.steps(of: notebook)
    // One line per epoch from `fit`, so the curve the prose speaks of stays on screen.
    output.progressLines = true
    let repl = self.repl
    editor.setCompleter { [weak repl] line, word, start in
      guard let repl else { return [] }
      return TutorialWalker.completions(repl, line: line, word: word, start: start)
    }
  }

  /// The REPL's Tab completion, with the walker's commands added to the `:` commands.
  static func completions(_ repl: REPL, line: String, word: String, start: Int) -> [String]? {
    let candidates = repl.completions(line: line, word: word, start: start)
    let head = line.prefix(start).trimmingSpaces
    guard head == ":" || (head.isEmpty && word.hasPrefix(":")), let candidates else {
      return candidates
    }
    let typed = word.hasPrefix(":") ? String(word.dropFirst()) : word
    let prefix = word.hasPrefix(":") ? ":" : ""
    let own = TutorialCommand.allCases.map(\.rawValue).filter { $0.hasPrefix(typed) }
    return Array(Set(candidates + own.map { prefix + $0 })).sorted()
  }

  /// Groups cells into steps: prose cells go with the code or exercise cell after them.
  static func steps(of notebook: Notebook) -> [Step] {
    var steps: [Step] = []
    var prose: [Notebook.Cell] = []
    for cell in notebook.cells {
      if cell.kind == .markdown {
        prose.append(cell)
      } else {
        steps.append(Step(prose: prose, cell: cell))
        prose = []
      }
    }
    if !prose.isEmpty { steps.append(Step(prose: prose, cell: nil)) }
    return steps
  }

  /// The number of steps.
  public var stepCount: Int { steps.count }

  /// The session that runs this tutorial's cells (the REPL's, which `:reset` replaces).
  var session: NotebookSession {
    NotebookSession(session: repl.session, name: notebook.name)
  }

  /// Walks until the last step is done, `:quit` or end of input.
  /// - Returns: the exit status (0, or what `exit(n)` asked for; 1 when the tutorial itself
  ///   is broken).
  @discardableResult
  public func run() -> Int32 {
    for problem in notebook.problems { output.writeError(problem + "\n") }
    guard notebook.problems.isEmpty, !steps.isEmpty else {
      if steps.isEmpty { output.writeError("error: tutorial: \(tutorialName) has no cells\n") }
      return 1
    }
    resume()
    show()
    while !finished {
      switch readInput() {
      case .endOfInput:
        output.line("")
        quit()
      case .interrupted:
        continue
      case .line(let input):
        handle(input)
      }
      output.flush()
    }
    output.flush()
    return repl.status
  }

  /// Handles one input: Enter, a walker command, or anything the REPL takes.
  func handle(_ input: String) {
    repl.session.settle()
    Interrupt.clear()  // a Ctrl-C at the prompt is spent
    let trimmed = input.trimmingSpaces
    if trimmed.isEmpty {
      enter()
      return
    }
    if trimmed.hasPrefix(":"), let command = TutorialCommand.resolve(trimmed) {
      editor.addHistory(input)
      perform(command, argument: TutorialCommand.argument(of: trimmed))
      return
    }
    if trimmed.hasPrefix(":"), TutorialCommand.argument(of: trimmed).isEmpty,
      REPLCommand.resolve(String(trimmed.dropFirst())) == .help
    {
      helpTable()
    }
    let before = ObjectIdentifier(repl.interpreter)
    repl.handle(input)
    if repl.finished {
      quit()
      return
    }
    if ObjectIdentifier(repl.interpreter) != before {
      rebuildAfterReset()
      return
    }
    let isCode = !trimmed.hasPrefix(":") && !trimmed.hasPrefix("?")
    if isCode, phase == .pending, let cell = steps[current].cell, cell.kind == .exercise {
      check(cell, quietWhenFailing: false)
    }
  }

  /// Enter on an empty line: run the shown code, check the exercise, or move on.
  func enter() {
    guard phase == .pending, let cell = steps[current].cell else {
      advance()
      return
    }
    switch cell.kind {
    case .exercise:
      check(cell, quietWhenFailing: false)
    case .code, .markdown:
      runCell(cell)
    }
  }

  /// Runs the current code cell and marks the step done.
  func runCell(_ cell: Notebook.Cell) {
    session.run(cell)
    phase = .done
    note("Enter: next step")
  }

  /// Evaluates an exercise's checks; when all hold the step is done.
  /// - Returns: whether all checks hold.
  @discardableResult
  func check(_ cell: Notebook.Cell, quietWhenFailing: Bool) -> Bool {
    let outcomes = session.checks(of: cell)
    if let failing = outcomes.first(where: { !$0.holds }) {
      if !quietWhenFailing {
        switch failing {
        case .fails(let m), .error(let m): note("not yet: \(m)")
        case .holds: break
        }
      }
      return false
    }
    phase = .done
    let mark = output.unicode ? "✓" : "ok:"
    output.line(
      "\(mark) \(cell.checks.count == 1 ? "the check holds" : "all checks hold"): solved!")
    note("Enter: next step")
    return true
  }

  /// Moves to the next step, or ends the walk after the last.
  func advance() {
    guard current + 1 < steps.count else {
      progress.set(tutorialName, .done)
      output.line("")
      output.line("That was the last step of lesson \(lesson): well done!")
      output.line(prose.render("`nns tutorial` lists the tutorials."))
      finished = true
      return
    }
    current += 1
    show()
  }

  /// Saves the step (a finished tutorial stays done) and ends the walk.
  func quit() {
    if !finished {
      if progress.state(of: tutorialName) == .done {
        output.line(
          "Lesson \(lesson) stays marked done: `nns tutorial \(tutorialName)` opens its last step.")
      } else {
        progress.set(tutorialName, .step(current + 1))
        output.line(
          "Progress saved: `nns tutorial \(tutorialName)` resumes at step \(current + 1).")
      }
    }
    finished = true
  }

  /// Reads one whole input (continuing unfinished ones), telling Ctrl-C apart from Enter.
  func readInput() -> LineInput {
    var text = ""
    var prompt = repl.styled(REPL.prompt)
    while true {
      switch editor.readLine(prompt: prompt) {
      case .endOfInput:
        return text.isEmpty ? .endOfInput : .line(text)
      case .interrupted:
        return .interrupted
      case .line(let line):
        text = text.isEmpty ? line : text + "\n" + line
        guard REPL.needsMore(text) else { return .line(text) }
        prompt = repl.styled(REPL.continuationPrompt)
      }
    }
  }
}
