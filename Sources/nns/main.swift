// The nns command: picks the mode, then hands everything else to NNSRuntime.
import ArgumentParser
import NNSREPL
import NNSRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `nns FILE [ARGS...]`, `nns -e CODE [ARGS...]`, `nns` (REPL or stdin), `--version`, `--help`.
struct NNS: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns",
    abstract: "A small array language for trying neural networks.",
    discussion: """
      With no arguments nns runs standard input as a script (the REPL when it is a terminal).
      Also: nns notebook FILE.nns [-o OUT.md] [--check OUT.md], nns tutorial [NAME].
      """,
    version: "nns \(Version.string)")

  @Option(
    name: .customShort("e"),
    help: ArgumentHelp("Run CODE and display the value of its last expression.", valueName: "CODE"))
  var code: String?

  @Argument(help: "A script, then arguments bound to `args` (options go before the script).")
  var script: [String] = []

  func run() throws {
    let status = NNS.execute(code: code, script: script)
    if status != 0 { throw ExitCode(status) }
  }

  /// Runs a mode; returns the exit status.
  static func execute(code: String?, script: [String]) -> Int32 {
    let output = Output.standard()
    let status: Int32
    if let code {
      status = Interpreter(output: output, args: script)
        .runBytes(Array(code.utf8), name: "<-e>", displayLast: true)
    } else if let path = script.first {
      status = Interpreter(output: output, args: Array(script.dropFirst())).runFile(path)
    } else if Terminal.stdinIsTerminal {
      let home = Environment.get("HOME").map { $0 + "/.nns_history" }
      let editor = ReadlineEditor(historyPath: Environment.get("NNS_HISTORY") ?? home)
      status = REPL(editor: editor, output: output) { Interpreter(output: output) }.run()
    } else {
      status = Interpreter(output: output)
        .runBytes(Terminal.readStdin(), name: "<stdin>", displayLast: false)
    }
    output.flush()
    return status
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

// Tensor buffers of a training step are freed and allocated again every step. glibc's default
// returns buffers over 128 KiB to the kernel on each free, so every step paid fresh page faults
// (the spiral benchmark spent 60% of its time in the kernel); keep them in the heap instead.
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32  // <malloc.h>
_ = mallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD: buffers up to 32 MiB come from the heap
_ = mallopt(-1, 64 << 20)  // M_TRIM_THRESHOLD: keep up to 64 MiB of freed heap

let argv = Array(CommandLine.arguments.dropFirst())
// Subcommands are dispatched by hand: the root's script arguments would swallow their names.
switch argv.first {
case "notebook": NotebookSubcommand.dispatch(Array(argv.dropFirst()))
case "tutorial": TutorialSubcommand.dispatch(Array(argv.dropFirst()))
default: break
}
// The common forms skip the general parser (which costs start-up time): a script path first,
// `-e CODE`, or nothing.
if argv.isEmpty || !argv[0].hasPrefix("-") {
  exit(NNS.execute(code: nil, script: argv))
}
if argv[0] == "-e", argv.count >= 2 {
  exit(NNS.execute(code: argv[1], script: Array(argv.dropFirst(2).drop { $0 == "--" })))
}
// Options end at the script path: everything from there on belongs to the script.
var split = 0
while split < argv.count, argv[split].hasPrefix("-"), argv[split] != "--" {
  split += argv[split] == "-e" ? 2 : 1
}
split = min(split, argv.count)
let rest = Array(argv[split...].drop { $0 == "--" })
do {
  var command = try NNS.parseAsRoot(Array(argv[..<split]) + (rest.isEmpty ? [] : ["--"] + rest))
  try command.run()
} catch let code as ExitCode {
  exit(code.rawValue)
} catch {
  // Usage errors exit with 2; --help and --version print and exit with 0.
  let success = NNS.exitCode(for: error) == .success
  let text = NNS.fullMessage(for: error) + "\n"
  if success { FDWriter.stdout.write(text) } else { FDWriter.stderr.write(text) }
  FDWriter.stdout.flush()
  FDWriter.stderr.flush()
  exit(success ? 0 : 2)
}
