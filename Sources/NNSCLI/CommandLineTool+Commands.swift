// The command-line grammar of `nns`, declared for swift-argument-parser.
import ArgumentParser
import NNSRuntime

/// `nns FILE [ARGS...]`, `nns -e CODE [ARGS...]`, `nns` (REPL or stdin), `--version`, `--help`.
///
/// Only the option forms reach the parser (see `CommandLineTool.form(of:)`); the parsed value
/// becomes a `CommandLineTool.Mode` instead of running itself.
struct RootCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns",
    abstract: "A small array language for trying neural networks.",
    discussion: """
      With no arguments nns runs standard input as a script (the REPL when it is a terminal);
      `nns - [ARGS...]` always runs standard input as a script.
      Also: nns notebook FILE.nns [-o OUT.md] [--check OUT.md] [--ipynb OUT.ipynb],
      nns notebook --from IN.ipynb [-o OUT.nns], nns tutorial [NAME],
      nns kernel install [--user] (the Jupyter kernel).
      """,
    version: "nns \(Version.string)")

  @Option(
    name: .customShort("e"),
    help: ArgumentHelp("Run CODE and display the value of its last expression.", valueName: "CODE"))
  var code: String?

  @Option(
    name: .customShort("i"),
    help: ArgumentHelp("Run FILE, then stay in the REPL with its variables.", valueName: "FILE"))
  var interactive: String?

  @Argument(help: "A script (- for standard input), then arguments bound to `args`.")
  var script: [String] = []

  /// What these options ask for: `-e CODE`, `-i FILE`, a script, or standard input.
  var mode: CommandLineTool.Mode {
    if code == nil, let interactive { return .interactive(path: interactive, arguments: script) }
    return CommandLineTool.Mode(code: code, script: script)
  }
}

/// `nns notebook FILE.nns [-o OUT.md] [--check OUT.md] [--keep-going] [--ipynb OUT.ipynb]`
/// and `nns notebook --from IN.ipynb [-o OUT.nns]`.
struct NotebookSubcommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns notebook",
    abstract: "Run a notebook's cells and write a Markdown transcript.",
    discussion: """
      --ipynb also writes the run as a Jupyter notebook; --from converts a Jupyter notebook back \
      to a .nns notebook (to stdout, or -o).
      """)

  @Argument(help: "The notebook (a .nns file with '# %%' cells).") var file: String?
  @Option(
    name: .customShort("o"),
    help: ArgumentHelp(
      "Write the transcript (with --from: the .nns notebook) here instead of to stdout.",
      valueName: "OUT.md"))
  var out: String?
  @Option(
    help: ArgumentHelp(
      "Compare with this saved transcript; print a diff and fail when they differ.",
      valueName: "OUT.md"))
  var check: String?
  @Flag(help: "Run the remaining cells after an error.") var keepGoing = false
  @Option(
    help: ArgumentHelp(
      "Also write the run as a Jupyter notebook (nbformat 4) with its outputs.",
      valueName: "OUT.ipynb"))
  var ipynb: String?
  @Option(
    help: ArgumentHelp(
      "Convert a Jupyter notebook to a .nns notebook instead of running one.",
      valueName: "IN.ipynb"))
  var from: String?

  func validate() throws {
    if from != nil {
      guard file == nil else {
        throw ValidationError("Give either a notebook to run or --from IN.ipynb, not both.")
      }
      guard check == nil, ipynb == nil, !keepGoing else {
        throw ValidationError(
          "--from converts a notebook; --check, --ipynb and --keep-going run one.")
      }
    } else if file == nil {
      throw ValidationError("Missing expected argument '<file>' (or --from IN.ipynb).")
    }
  }

  /// The notebook run (or conversion) these options ask for.
  var mode: CommandLineTool.Mode {
    if let from { return .notebookFromIpynb(path: from, outPath: out) }
    return .notebook(
      path: file ?? "", outPath: out, checkPath: check, keepGoing: keepGoing, ipynbPath: ipynb)
  }
}

/// `nns kernel install [--user]` and `nns kernel serve [--width N] [--progress bar|lines]`.
struct KernelSubcommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns kernel", abstract: "The Jupyter kernel for nns.",
    discussion: """
      install: pip-installs the kernel's Python package (scripts/jupyter, with ipykernel) and \
      registers the kernelspec `nns`; needs python3 (NNS_PYTHON names another). serve: the \
      machine mode the kernel talks to (JSON Lines on stdin and stdout, docs/NOTEBOOKS.md).
      """)

  @Argument(help: "install or serve.") var action: String
  @Flag(help: "install: for this user only (else for this Python environment or system-wide).")
  var user = false
  @Option(help: "serve: the output width in columns (at least 20).") var width = 80
  @Option(help: "serve: fit's progress as one updating line (bar) or a line per epoch (lines).")
  var progress = "bar"

  func validate() throws {
    guard action == "install" || action == "serve" else {
      throw ValidationError("Unknown action '\(action)': use install or serve.")
    }
    guard width >= 20 && width <= 10_000 else {
      throw ValidationError("--width must be between 20 and 10000, got \(width).")
    }
    guard progress == "bar" || progress == "lines" else {
      throw ValidationError("--progress takes bar or lines, got '\(progress)'.")
    }
  }

  /// The kernel action these options ask for.
  var mode: CommandLineTool.Mode {
    action == "install"
      ? .kernelInstall(user: user) : .kernelServe(width: width, progressBar: progress == "bar")
  }
}

/// `nns tutorial [NAME]`.
struct TutorialSubcommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns tutorial", abstract: "List the tutorials, or walk through one.")

  @Argument(help: "The tutorial's name or lesson number.") var name: String?

  /// The listing (no name) or the walk these options ask for.
  var mode: CommandLineTool.Mode { .tutorial(name: name) }
}
