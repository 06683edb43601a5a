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
      Also: nns notebook FILE.nns [-o OUT.md] [--check OUT.md], nns tutorial [NAME].
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

/// `nns notebook FILE.nns [-o OUT.md] [--check OUT.md] [--keep-going]`.
struct NotebookSubcommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns notebook", abstract: "Run a notebook's cells and write a Markdown transcript."
  )

  @Argument(help: "The notebook (a .nns file with '# %%' cells).") var file: String
  @Option(
    name: .customShort("o"),
    help: ArgumentHelp("Write the transcript here instead of to stdout.", valueName: "OUT.md"))
  var out: String?
  @Option(
    help: ArgumentHelp(
      "Compare with this saved transcript; print a diff and fail when they differ.",
      valueName: "OUT.md"))
  var check: String?
  @Flag(help: "Run the remaining cells after an error.") var keepGoing = false

  /// The notebook run these options ask for.
  var mode: CommandLineTool.Mode {
    .notebook(path: file, outPath: out, checkPath: check, keepGoing: keepGoing)
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
