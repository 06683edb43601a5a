import NNSRuntime

/// Rebuilding a tutorial's session: on resume, after `:reset`, for `:goto N`, and when a
/// finished tutorial is opened again. The cells of the steps before the target run quietly
/// (code cells, and exercises' model solutions), so the target step finds its variables.
extension TutorialWalker {
  /// Replays the cells of the steps before `target` (0-based) quietly, in a fresh session when
  /// `fresh`, and makes the target the current step; when a replayed cell fails (the tutorial
  /// changed, say) the walk goes to that cell's step instead.
  /// - Returns: whether every cell ran.
  @discardableResult
  func rebuild(upTo target: Int, fresh: Bool) -> Bool {
    let target = min(max(target, 0), steps.count - 1)
    if fresh { repl.session.reset() }
    let cells = steps[..<target].compactMap(\.cell)
    guard let failure = session.replay(cells) else {
      current = target
      return true
    }
    let index = steps.firstIndex { $0.cell?.firstLine == failure.cell.firstLine } ?? 0
    output.writeError(failure.error + "\n")
    output.line("Replaying stopped at step \(index + 1); continuing from there.")
    current = index
    return false
  }

  /// Where a walk starts: step 1 for a new tutorial; the saved step, its earlier steps
  /// replayed, for one left unfinished; the last step, every cell replayed, for a finished one
  /// (it stays marked done).
  func resume() {
    switch progress.state(of: tutorialName) {
    case .done?:
      let last = steps.count - 1
      output.line(
        "You finished lesson \(lesson) before, and it stays marked done. Here is its last "
          + "step again, its variables rebuilt: :back steps back, :goto N jumps to step N "
          + "(:goto 1 starts over).")
      rebuild(upTo: last, fresh: false)
    case .step(let saved)? where saved > 1:
      let target = min(saved, steps.count) - 1
      output.line(
        "Resuming at step \(target + 1)/\(steps.count) (replaying steps 1-\(target)).")
      rebuild(upTo: target, fresh: false)
    default:
      break
    }
  }

  /// After `:reset` in a tutorial: the session is empty, so the steps before the current one
  /// are replayed and the current step's code (or exercise) is to be done again.
  func rebuildAfterReset() {
    let here = current
    if here > 0 {
      output.line("Replaying steps 1-\(here) so that this step finds their variables.")
      rebuild(upTo: here, fresh: false)
    }
    if current != here {
      show()
      return
    }
    phase = .pending
    if let cell = steps[current].cell {
      note(cell.kind == .exercise ? "solve the exercise again" : "Enter runs this step's code")
    }
  }

  /// `:goto N`: a fresh session with steps 1 to N-1 replayed, then step N.
  func goto(_ argument: String) {
    guard let n = Int(argument.trimmingSpaces), n >= 1, n <= steps.count else {
      output.writeError(
        "error: :goto takes a step number from 1 to \(steps.count), got '\(argument)'\n")
      return
    }
    if n > 1 { output.line("Replaying steps 1-\(n - 1) in a fresh session.") }
    rebuild(upTo: n - 1, fresh: true)
    show()
  }
}
