/// One of the tutorial walker's own `:` commands (the REPL's commands work too).
public enum TutorialCommand: String, CaseIterable, Sendable {
  case next, back, goto, hint, solution, skip, quit

  /// One line saying what the command does, for `:help`.
  public var summary: String {
    switch self {
    case .next: return "go to the next step (runs the shown code first)"
    case .back: return "show the previous step again (variables stay as they are)"
    case .goto: return "go to step N, in a fresh session with steps 1 to N-1 replayed"
    case .hint: return "the exercise's next hint"
    case .solution: return "show the exercise's model solution"
    case .skip: return "run the exercise's model solution and go on"
    case .quit: return "leave; `nns tutorial NAME` resumes at this step"
    }
  }

  /// Every command word in the order a prefix is resolved: the REPL's order, with the walker's
  /// commands placed so that `:h` stays `:help`, `:hi` `:history`, `:s` `:save` and `:t` `:time`;
  /// `:hin`, `:n`, `:b`, `:g`, `:sk`, `:so` and `:q` reach the walker.
  static let resolutionOrder = [
    "help", "history", "hint", "vars", "time", "tape", "load", "save", "skip", "solution",
    "edit", "apropos", "next", "back", "goto", "reset", "quit",
  ]

  /// The walker command an input names, or nil when it is not one (a REPL command, say).
  /// - Parameter input: the trimmed input, starting with `:`.
  public static func resolve(_ input: String) -> TutorialCommand? {
    let word = String(input.dropFirst().prefix { $0 != " " && $0 != "\t" })
    guard !word.isEmpty else { return nil }
    if let exact = TutorialCommand(rawValue: word) { return exact }
    guard let first = resolutionOrder.first(where: { $0.hasPrefix(word) }) else { return nil }
    return TutorialCommand(rawValue: first)
  }

  /// The text after the command word.
  static func argument(of input: String) -> String {
    let word = input.dropFirst().prefix { $0 != " " && $0 != "\t" }
    return String(input.dropFirst(1 + word.count)).trimmingSpaces
  }

  /// The table shown by `:help` in a tutorial.
  static var table: String {
    allCases.map { ":" + ($0 == .goto ? "goto N" : $0.rawValue).padding(10) + $0.summary }
      .joined(separator: "\n")
  }
}

extension TutorialWalker {
  /// Runs a walker command.
  func perform(_ command: TutorialCommand, argument: String) {
    let cell = steps[current].cell
    let exercise = cell?.kind == .exercise ? cell : nil
    switch command {
    case .next:
      if phase == .pending, let cell {
        if let exercise {
          guard check(exercise, quietWhenFailing: false) else {
            note("the exercise is not solved yet: :skip runs the model solution and goes on")
            return
          }
        } else {
          session.run(cell)
        }
      }
      advance()
    case .back:
      guard current > 0 else {
        note("this is the first step")
        return
      }
      current -= 1
      show()
    case .hint:
      guard let exercise else { return notExercise() }
      guard hintsShown < exercise.hints.count else {
        note(exercise.hints.isEmpty ? "this exercise has no hints" : "no more hints")
        note(":solution shows a model solution")
        return
      }
      hintsShown += 1
      let hint = exercise.hints[hintsShown - 1]
      output.line(prose.render("hint \(hintsShown)/\(exercise.hints.count): \(hint)"))
    case .solution:
      guard let exercise else { return notExercise() }
      output.line("A solution:")
      output.line(indented(exercise.displayCode))
      note("type it (or your own), or :skip to run it and go on")
    case .skip:
      if phase == .pending, let cell {
        if let exercise {
          output.line("Running the model solution:")
          output.line(indented(exercise.displayCode))
          session.run(exercise)
          for (check, outcome) in zip(exercise.checks, session.checks(of: exercise)) {
            if let failure = session.render(outcome, of: check) {
              output.writeError(failure + "\n")
            }
          }
        } else {
          session.run(cell)
        }
      }
      advance()
    case .goto:
      goto(argument)
    case .quit:
      quit()
    }
  }

  /// Says that the current step has no exercise.
  func notExercise() {
    note("this step is not an exercise")
  }

  /// `:help` in a tutorial: the walker's commands, then the REPL's.
  func helpTable() {
    output.line("In a tutorial: Enter runs the shown code, then moves on. Tutorial commands:")
    output.line(TutorialCommand.table)
    output.line("")
  }
}
