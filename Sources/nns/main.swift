// The nns command: picks the mode, then hands everything else to NNSRuntime.
import ArgumentParser
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
    version: "nns 0.1.0")

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
      output.line("nns: the REPL is not built yet; run a script: nns FILE.nns, or nns -e CODE")
      status = 0
    } else {
      status = Interpreter(output: output)
        .runBytes(Terminal.readStdin(), name: "<stdin>", displayLast: false)
    }
    output.flush()
    return status
  }
}

let argv = Array(CommandLine.arguments.dropFirst())
if let mode = argv.first, mode == "notebook" || mode == "tutorial" {
  FDWriter.stderr.write("nns: '\(mode)' is not built yet\n")
  FDWriter.stderr.flush()
  exit(2)
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
