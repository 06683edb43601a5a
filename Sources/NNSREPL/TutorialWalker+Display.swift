import NNSRuntime

extension TutorialWalker {
  /// Records the current step and shows it: position line, prose, then code or exercise.
  func show() {
    phase = .pending
    hintsShown = 0
    if progress.state(of: tutorialName) != .done,
      let error = progress.set(tutorialName, .step(current + 1))
    {
      output.writeError("error: \(error)\n")
    }
    let step = steps[current]
    output.line("")
    output.line(positionLine(step))
    for cell in step.prose where !cell.markdown.isEmpty {
      output.line(prose.render(cell.markdown))
      output.line("")
    }
    guard let cell = step.cell else {
      phase = .done
      note("Enter: finish")
      return
    }
    switch cell.kind {
    case .exercise:
      if !cell.task.isEmpty {
        output.line(prose.render(cell.task))
        output.line("")
      }
      let what = cell.checks.count == 1 ? "this check hold" : "these checks hold"
      output.line("Exercise: write code that makes \(what):")
      for check in cell.checks { output.line(prose.code(check.text)) }
      let hints = cell.hints.isEmpty ? "" : ":hint for a hint · "
      note(hints + ":solution shows one · :skip runs it and moves on")
    case .code, .markdown:
      output.line(indented(cell.displayCode))
      note("Enter runs this code; or try your own first")
    }
  }

  /// `lesson 2 · step 5/23 · Title`, drawn as a rule across the output.
  func positionLine(_ step: Step) -> String {
    let title = step.cell?.title ?? step.prose.first?.title
    let dash = output.unicode ? "─" : "-"
    let dot = output.unicode ? "·" : "-"
    var text = "lesson \(lesson) \(dot) step \(current + 1)/\(steps.count)"
    if let title { text += " \(dot) \(title)" }
    let rule = String(repeating: dash, count: max(2, min(output.width, 72) - text.count - 4))
    return style(dash + dash + " " + text + " " + rule, "1;36")
  }

  /// Writes a dim hint in parentheses, wrapped at spaces to the output's width.
  func note(_ text: String) {
    for line in ProseRenderer.wrapWords("(\(text))", width: output.width - 1, indent: 1) {
      output.line(style(line, "2"))
    }
  }

  /// Wraps text in an ANSI style when the output allows colour.
  func style(_ text: String, _ code: String) -> String {
    output.color ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
  }

  /// Code indented four spaces, as shown before it runs, its long lines wrapped to the width.
  func indented(_ code: String) -> String {
    prose.code(code)
  }

  /// The renderer of prose and code for this output: styled on a terminal with colour, plain
  /// otherwise; prose within 80 columns, code within the output's width.
  var prose: ProseRenderer {
    ProseRenderer(width: output.width, styled: output.color, unicode: output.unicode)
  }
}
