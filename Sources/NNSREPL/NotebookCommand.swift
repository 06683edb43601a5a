import NNSRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `nns notebook FILE.nns [-o OUT.md] [--check OUT.md] [--keep-going] [--ipynb OUT.ipynb]` and
/// `nns notebook --from IN.ipynb [-o OUT.nns]`.
public enum NotebookCommand {
  /// What the command line asked for.
  public struct Options: Sendable {
    /// The notebook to run.
    public var path: String
    /// Where to write the transcript (standard output when nil and not checking).
    public var outPath: String?
    /// A saved transcript to compare this run's with.
    public var checkPath: String?
    /// Run the remaining cells after an error.
    public var keepGoing: Bool
    /// Where to write the run as a Jupyter notebook, if anywhere.
    public var ipynbPath: String?

    /// Creates options.
    public init(
      path: String, outPath: String? = nil, checkPath: String? = nil, keepGoing: Bool = false,
      ipynbPath: String? = nil
    ) {
      self.path = path
      self.outPath = outPath
      self.checkPath = checkPath
      self.keepGoing = keepGoing
      self.ipynbPath = ipynbPath
    }
  }

  /// Runs a notebook as the command does.
  ///
  /// The notebook runs with the working directory set to its own folder (as Jupyter does), so
  /// its relative paths (`include`, `load_csv`) mean the same wherever it is run from, and
  /// errors name it by its file name, so transcripts do not depend on the path typed.
  /// - Parameters:
  ///   - options: the parsed command line.
  ///   - output: receives the transcript (without `-o`), the diff, messages and errors.
  ///   - changeDirectory: run in the notebook's folder (tests that run in parallel pass false).
  /// - Returns: the exit status: 0 when the run succeeded (and matched, with `--check`), 1 after
  ///   an error or a difference.
  public static func run(_ options: Options, output: Output, changeDirectory: Bool = true)
    -> Int32
  {
    let bytes: [UInt8]
    do { bytes = try Files.read(options.path, op: "notebook") } catch {
      output.writeError("error: \(error)\n")
      return 1
    }
    let outPath = options.outPath.map(TextFile.absolute)
    let checkPath = options.checkPath.map(TextFile.absolute)
    let ipynbPath = options.ipynbPath.map(TextFile.absolute)
    // the transcript written over the notebook would lose its source (by any path to it)
    if let outPath, TextFile.sameFile(outPath, options.path) {
      output.writeError("error: notebook -o: '\(options.outPath ?? "")' is the notebook itself\n")
      return 2
    }
    if let ipynbPath, TextFile.sameFile(ipynbPath, options.path) {
      output.writeError(
        "error: notebook --ipynb: '\(options.ipynbPath ?? "")' is the notebook itself\n")
      return 2
    }
    let notebook = Notebook(name: TextFile.baseName(options.path), bytes: bytes)
    let result = inDirectory(changeDirectory ? TextFile.directory(of: options.path) : nil) {
      NotebookRunner.run(notebook, keepGoing: options.keepGoing)
    }
    var status: Int32 = 0
    for error in result.errors {
      output.writeError(error + "\n")
      status = 1
    }
    if result.transcript.isEmpty { return status }  // the notebook's structure was wrong
    if let outPath {
      do { try TextFile.write(result.transcript, to: outPath, op: "notebook") } catch {
        output.writeError("error: \(error)\n")
        return 1
      }
    }
    if let ipynbPath {
      do {
        try TextFile.write(
          try Ipynb.text(notebook, outputs: result.outputs), to: ipynbPath, op: "notebook --ipynb")
      } catch {
        output.writeError("error: \(error)\n")
        return 1
      }
    }
    if let checkPath, let shown = options.checkPath {
      let saved: [UInt8]
      do { saved = try Files.read(checkPath, op: "notebook --check") } catch {
        output.writeError("error: \(error)\n")
        return 1
      }
      let old = String(decoding: saved, as: UTF8.self)
      if let diff = LineDiff.unified(
        old, result.transcript, oldName: shown, newName: "\(notebook.name) (this run)",
        equal: NumericMatch.equal)
      {
        output.write(diff)
        output.writeError("\(shown): the transcript differs from this run (diff above)\n")
        status = 1
      } else {
        output.line("\(shown): the transcript matches this run")
      }
    } else if outPath == nil && ipynbPath == nil {
      output.write(result.transcript)
    }
    output.flush()
    return status
  }

  /// `nns notebook --from IN.ipynb [-o OUT.nns]`: converts a Jupyter notebook to `# %%` form,
  /// written to `OUT.nns` (through a temporary file) or to standard output.
  /// - Parameters:
  ///   - path: the `.ipynb` file.
  ///   - outPath: where to write the `.nns` notebook (standard output when nil).
  ///   - output: receives the notebook (without `-o`) and errors.
  /// - Returns: the exit status: 0, 1 when the file cannot be read, converted or written, 2 when
  ///   `-o` names the input itself.
  public static func convert(ipynb path: String, to outPath: String?, output: Output) -> Int32 {
    if let outPath, TextFile.sameFile(TextFile.absolute(outPath), path) {
      output.writeError("error: notebook --from: '\(outPath)' is the input itself\n")
      return 2
    }
    do {
      let text = try Ipynb.nns(from: try Files.read(path, op: "notebook --from"), name: path)
      if let outPath {
        try TextFile.write(text, to: TextFile.absolute(outPath), op: "notebook --from")
      } else {
        output.write(text)
        output.flush()
      }
      return 0
    } catch {
      output.writeError("error: \(error)\n")
      return 1
    }
  }

  /// Runs `body` with the working directory set to `directory` (when given), then restores it.
  static func inDirectory<T>(_ directory: String?, _ body: () -> T) -> T {
    guard let directory, directory != ".", let previous = TextFile.currentDirectory(),
      chdir(directory) == 0
    else { return body() }
    defer { _ = chdir(previous) }
    return body()
  }
}
