// The nns command: parses the mode, then hands everything else to NNSRuntime.
import ArgumentParser
import NNSREPL
import NNSRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `nns FILE [ARGS...]`, `nns -e CODE`, `nns` (stdin), `--version`, `--help`.
struct NNS: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns",
    abstract: "A small array language for trying neural networks.",
    discussion: "With no arguments: the REPL on a terminal, else runs standard input.",
    version: "nns \(Version.string)",
    subcommands: [NotebookSubcommand.self, TutorialSubcommand.self])

  @Option(name: .customShort("e"), help: "Run CODE and display the value of its last expression.")
  var code: String?

  @Argument(help: "A script to run, then arguments bound to `args`.")
  var script: [String] = []

  func run() throws {
    let output = Output.standard()
    defer { output.flush() }
    var status: Int32
    if let code {
      let interp = Interpreter(output: output, args: script)
      status = interp.runBytes(Array(code.utf8), name: "<-e>", displayLast: true)
    } else if let path = script.first {
      status = Interpreter(output: output, args: Array(script.dropFirst())).runFile(path)
    } else if Terminal.stdinIsTerminal {
      let home = Environment.get("HOME").map { $0 + "/.nns_history" }
      let editor = ReadlineEditor(historyPath: Environment.get("NNS_HISTORY") ?? home)
      status = REPL(editor: editor, output: output) { Interpreter(output: output) }.run()
    } else {
      status = Interpreter(output: output).runBytes(
        Terminal.readStdin(), name: "<stdin>", displayLast: false)
    }
    output.flush()
    if status != 0 { throw ExitCode(status) }
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

  func run() throws {
    let options = NotebookCommand.Options(
      path: file, outPath: out, checkPath: check, keepGoing: keepGoing)
    let status = NotebookCommand.run(options, output: Output.standard())
    if status != 0 { throw ExitCode(status) }
  }
}

/// `nns tutorial [NAME]`.
struct TutorialSubcommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns tutorial", abstract: "List the tutorials, or walk through one.")

  @Argument(help: "The tutorial's name or lesson number.") var name: String?

  func run() throws {
    let output = Output.standard()
    let status = TutorialLauncher.main(name: name, output: output) {
      ReadlineEditor(historyPath: Environment.get("HOME").map { $0 + "/.nns_history" })
    }
    output.flush()
    if status != 0 { throw ExitCode(status) }
  }
}

extension ParsableCommand {
  /// Parses and runs a subcommand; usage errors exit with status 2 (SPEC §8), not 64.
  static func dispatch(_ arguments: [String]) -> Never {
    do {
      var command = try parse(arguments)
      try command.run()
      Glibc.exit(0)
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if code == .success { print(message) } else { FDWriter.stderr.write(message + "\n") }
      }
      FDWriter.stderr.flush()
      Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
    }
  }
}

// Subcommands are dispatched by hand: the root's script arguments would swallow their names.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "notebook": NotebookSubcommand.dispatch(Array(arguments.dropFirst()))
case "tutorial": TutorialSubcommand.dispatch(Array(arguments.dropFirst()))
default: NNS.main()
}
