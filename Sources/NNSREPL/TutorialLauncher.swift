import NNSRuntime

/// `nns tutorial` (list the tutorials with their progress) and `nns tutorial NAME` (walk one).
public enum TutorialLauncher {
  /// Lists the tutorials: lesson number, name, summary and progress.
  /// - Returns: 0, or 1 when there are no tutorials.
  public static func list(catalog: TutorialCatalog, progress: TutorialProgress, output: Output)
    -> Int32
  {
    guard !catalog.entries.isEmpty else {
      output.writeError("error: tutorial: no tutorials in '\(catalog.directory)'\n")
      return 1
    }
    let prose = ProseRenderer(width: output.width, styled: output.color, unicode: output.unicode)
    output.line(
      prose.render("Tutorials (`nns tutorial NAME` starts one, or resumes where you left it):"))
    for line in lines(
      catalog.entries, width: catalog.entries.map(\.name.count).max() ?? 0,
      progress: progress, columns: output.width)
    {
      output.line(line)
    }
    return 0
  }

  /// One line per tutorial: lesson number, name, summary and progress; a summary too long for
  /// `columns` is cut with `…`.
  static func lines(
    _ entries: [TutorialCatalog.Entry], width: Int, progress: TutorialProgress, columns: Int
  ) -> [String] {
    entries.map { entry in
      let notebook = load(entry)
      let steps = notebook.map { TutorialWalker.steps(of: $0).count } ?? 0
      // Plain text: a summary is cut to fit the line, which styling codes would confuse.
      let summary = (notebook.map(TutorialCatalog.summary) ?? "(cannot be read)")
        .filter { $0 != "`" }
      let state: String
      switch progress.state(of: entry.name) {
      case .none: state = "new"
      case .done: state = "done"
      case .step(let n): state = "step \(min(n, steps))/\(steps)"
      }
      let number = entry.lesson < 10 ? " \(entry.lesson)" : "\(entry.lesson)"
      let head = "  \(number)  \(entry.name.padding(width))  "
      let tail = "  [\(state)]"
      let room = max(columns - head.count - tail.count, 12)
      let shown = summary.count > room ? String(summary.prefix(room - 1)) + "…" : summary
      return head + shown + tail
    }
  }

  /// Walks through one tutorial.
  /// - Parameters:
  ///   - query: the tutorial's name, short name or lesson number.
  ///   - catalog: the tutorials.
  ///   - progress: the progress store.
  ///   - editor: where inputs come from.
  ///   - output: where everything goes.
  /// - Returns: 0, or 1 when the tutorial is not found or is broken.
  public static func walk(
    _ query: String, catalog: TutorialCatalog, progress: TutorialProgress, editor: LineEditor,
    output: Output
  ) -> Int32 {
    let found = catalog.matches(query)
    if found.count > 1 {
      output.writeError(
        "error: tutorial: '\(query)' could mean any of these; type more of the name:\n")
      let width = found.map(\.name.count).max() ?? 0
      for line in lines(found, width: width, progress: progress, columns: output.width) {
        output.writeError(line + "\n")
      }
      return 1
    }
    guard let entry = found.first else {
      let names = catalog.entries.map(\.name).joined(separator: ", ")
      output.writeError(
        "error: tutorial: no tutorial named '\(query)'"
          + (names.isEmpty ? "" : " (there are: \(names))") + "\n")
      return 1
    }
    guard let notebook = load(entry) else {
      output.writeError("error: tutorial: cannot read '\(entry.path)'\n")
      return 1
    }
    let walker = TutorialWalker(
      notebook: notebook, name: entry.name, lesson: entry.lesson, editor: editor,
      output: output, progress: progress
    ) { Interpreter(output: output) }
    return walker.run()
  }

  /// Reads and splits a tutorial, or nil when it cannot be read.
  static func load(_ entry: TutorialCatalog.Entry) -> Notebook? {
    guard let bytes = try? Files.read(entry.path, op: "tutorial") else { return nil }
    return Notebook(name: TextFile.baseName(entry.path), bytes: bytes)
  }
}

extension TutorialLauncher {
  /// `nns tutorial [NAME]` for this process: finds the tutorials (`$NNS_TUTORIALS`, else
  /// `scripts/tutorials` above the binary) and the progress file (`~/.nns/progress`).
  /// - Parameters:
  ///   - name: the tutorial to walk, or nil to list them.
  ///   - output: where everything goes.
  ///   - makeEditor: makes the line editor (only when walking).
  /// - Returns: the exit status.
  public static func main(name: String?, output: Output, makeEditor: () -> LineEditor) -> Int32 {
    guard let directory = TutorialCatalog.locateForProcess() else {
      output.writeError(
        "error: tutorial: cannot find the tutorials (scripts/tutorials above the nns binary); "
          + "set NNS_TUTORIALS to their folder\n")
      return 1
    }
    let catalog = TutorialCatalog(directory: directory)
    let progress = TutorialProgress(path: TutorialProgress.defaultPath)
    guard let name else { return list(catalog: catalog, progress: progress, output: output) }
    return walk(name, catalog: catalog, progress: progress, editor: makeEditor(), output: output)
  }
}
