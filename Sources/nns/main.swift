// The nns command: parses the mode, then hands everything else to NNSRuntime.
import ArgumentParser
import NNSRuntime

/// `nns FILE [ARGS...]`, `nns -e CODE`, `nns` (stdin), `--version`, `--help`.
struct NNS: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nns",
    abstract: "A small array language for trying neural networks.",
    discussion: "With no arguments: the REPL on a terminal, else runs standard input.",
    version: "nns 0.1.0")

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
      output.line("nns: the REPL is not built yet; run a script: nns FILE.nns or nns -e CODE")
      status = 0
    } else {
      status = Interpreter(output: output).runBytes(
        Terminal.readStdin(), name: "<stdin>", displayLast: false)
    }
    output.flush()
    if status != 0 { throw ExitCode(status) }
  }
}

NNS.main()
