// Running a decided mode: the only part of the command that does anything.
import NNSREPL
import NNSRuntime

extension CommandLineTool {
  /// Runs a mode, writing to standard output and standard error.
  /// - Parameter mode: what to run.
  /// - Returns: the exit status: 0 success, 1 an uncaught nns error (or a failed check).
  public static func execute(_ mode: Mode) -> Int32 {
    switch mode {
    case .code(let code, let arguments):
      return interpret { output in
        Interpreter(output: output, args: arguments)
          .runBytes(Array(code.utf8), name: "<-e>", displayLast: true)
      }
    case .script(let path, let arguments):
      return interpret { output in Interpreter(output: output, args: arguments).runFile(path) }
    case .standardInput:
      return interpret { output in
        guard Terminal.stdinIsTerminal else {
          return Interpreter(output: output)
            .runBytes(Terminal.readStdin(), name: "<stdin>", displayLast: false)
        }
        let editor = ReadlineEditor(historyPath: Environment.get("NNS_HISTORY") ?? historyPath())
        return REPL(editor: editor, output: output) { Interpreter(output: output) }.run()
      }
    case .notebook(let path, let outPath, let checkPath, let keepGoing):
      let options = NotebookCommand.Options(
        path: path, outPath: outPath, checkPath: checkPath, keepGoing: keepGoing)
      return NotebookCommand.run(options, output: Output.standard())
    case .tutorial(let name):
      return interpret { output in
        TutorialLauncher.main(name: name, output: output) {
          ReadlineEditor(historyPath: historyPath())
        }
      }
    }
  }

  /// Runs `body` with the standard output, then flushes what it wrote.
  /// - Parameter body: runs code and returns its exit status.
  /// - Returns: `body`'s exit status.
  static func interpret(_ body: (Output) -> Int32) -> Int32 {
    let output = Output.standard()
    let status = body(output)
    output.flush()
    return status
  }

  /// `~/.nns_history`, the history file of the REPL and the tutorials (nil without `HOME`).
  /// - Returns: the path, or nil when `HOME` is not set.
  static func historyPath() -> String? {
    Environment.get("HOME").map { $0 + "/.nns_history" }
  }
}
