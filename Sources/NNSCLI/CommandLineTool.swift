// The `nns` command as a library: the executable only sets process-wide knobs and calls `run`.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSREPL
import NNSRuntime

/// The `nns` command (SPEC §8): decides what a command line asks for, then does it.
///
/// Deciding is pure (`form(of:)`, `decide(_:)`), so the argument handling is tested without
/// running anything; `execute(_:)` does the work and `run(_:)` ties the two together.
public enum CommandLineTool {
  /// What a command line asks nns to do, once its arguments are understood.
  public enum Mode: Equatable, Sendable {
    /// The REPL when standard input is a terminal; else standard input runs as a script.
    case standardInput
    /// Run the script at `path` with `args` bound to `arguments`.
    case script(path: String, arguments: [String])
    /// Run `-e CODE` and display its last value, with `args` bound to `arguments`.
    case code(String, arguments: [String])
    /// `-i FILE`: run the file into a REPL session, then stay in the REPL.
    case interactive(path: String, arguments: [String])
    /// `nns notebook`: run a notebook and write (or check) its transcript, and with `--ipynb`
    /// write the run as a Jupyter notebook.
    case notebook(
      path: String, outPath: String?, checkPath: String?, keepGoing: Bool, ipynbPath: String?)
    /// `nns notebook --from IN.ipynb [-o OUT.nns]`: convert a Jupyter notebook to `.nns`.
    case notebookFromIpynb(path: String, outPath: String?)
    /// `nns kernel serve`: the machine mode the Jupyter kernel drives.
    case kernelServe(width: Int, progressBar: Bool)
    /// `nns kernel install [--user]`: install and register the Jupyter kernel.
    case kernelInstall(user: Bool)
    /// `nns tutorial [NAME]`: list the tutorials (no name) or walk through one.
    case tutorial(name: String?)

    /// The mode of the root command's options: `-e CODE` wins, then a script, then stdin.
    /// - Parameters:
    ///   - code: the `-e` value, if any.
    ///   - script: the script path and its arguments (with `-e`, all of it is `args`).
    init(code: String?, script: [String]) {
      if let code {
        self = .code(code, arguments: script)
      } else if let path = script.first {
        self = .script(path: path, arguments: Array(script.dropFirst()))
      } else {
        self = .standardInput
      }
    }
  }

  /// How the command ends without running anything: help, version or a usage error.
  public struct Exit: Equatable, Sendable {
    /// The exit status: 0 after `--help` or `--version`, 2 for a usage error (SPEC §8).
    public var status: Int32
    /// The exact text to write, newline included; empty writes nothing.
    public var text: String
    /// Whether `text` goes to standard output (help, version) rather than standard error.
    public var toStandardOutput: Bool

    /// Creates an exit.
    /// - Parameters:
    ///   - status: the exit status.
    ///   - text: the text to write, newline included.
    ///   - toStandardOutput: write to standard output instead of standard error.
    public init(status: Int32, text: String, toStandardOutput: Bool) {
      self.status = status
      self.text = text
      self.toStandardOutput = toStandardOutput
    }
  }

  /// The outcome of reading a command line: a mode to run, or an exit with a message.
  public enum Decision: Equatable, Sendable {
    /// Run this mode; its status is the command's.
    case run(Mode)
    /// Write the message and exit with the status.
    case exit(Exit)
  }

  /// Runs the `nns` command.
  /// - Parameter arguments: the whole command line, program name first (`CommandLine.arguments`).
  /// - Returns: the exit status: 0 success, 1 an uncaught nns error, 2 a usage error.
  public static func run(_ arguments: [String]) -> Int32 {
    // A write past `ulimit -f` fails with EFBIG (and is reported) instead of killing nns.
    signal(SIGXFSZ, SIG_IGN)
    var status: Int32
    switch decide(Array(arguments.dropFirst())) {
    case .run(let mode):
      status = execute(mode)
    case .exit(let exit):
      if !exit.text.isEmpty {
        (exit.toStandardOutput ? FDWriter.stdout : FDWriter.stderr).write(exit.text)
      }
      status = exit.status
    }
    FDWriter.stdout.flush()
    if let code = FDWriter.stdout.writeError {
      // What was printed did not all arrive (a full disk, `> /dev/full`): a failure, as in
      // Python, not a silent success.
      FDWriter.stderr.write(
        "nns: error: cannot write to standard output: \(String(cString: strerror(code)))\n")
      if status == 0 { status = 1 }
    }
    FDWriter.stderr.flush()
    return status
  }

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
      return interpret { output in
        let interpreter = Interpreter(output: output, args: arguments)
        guard path == "-" else { return interpreter.runFile(path) }
        return interpreter.runBytes(Terminal.readStdin(), name: "<stdin>", displayLast: false)
      }
    case .interactive(let path, let arguments):
      return interpret { output in
        let editor = ReadlineEditor(historyPath: historyPath())
        let repl = REPL(editor: editor, output: output) {
          Interpreter(output: output, args: arguments)
        }
        repl.preload(path)
        return repl.run()
      }
    case .standardInput:
      return interpret { output in
        guard Terminal.stdinIsTerminal else {
          return Interpreter(output: output)
            .runBytes(Terminal.readStdin(), name: "<stdin>", displayLast: false)
        }
        let editor = ReadlineEditor(historyPath: historyPath())
        return REPL(editor: editor, output: output) { Interpreter(output: output) }.run()
      }
    case .notebook(let path, let outPath, let checkPath, let keepGoing, let ipynbPath):
      let options = NotebookCommand.Options(
        path: path, outPath: outPath, checkPath: checkPath, keepGoing: keepGoing,
        ipynbPath: ipynbPath)
      return NotebookCommand.run(options, output: Output.standard())
    case .notebookFromIpynb(let path, let outPath):
      return NotebookCommand.convert(ipynb: path, to: outPath, output: Output.standard())
    case .kernelServe(let width, let progressBar):
      return KernelServer.serve(width: width, progressBar: progressBar)
    case .kernelInstall(let user):
      return KernelInstall.run(user: user, output: Output.standard())
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

  /// The history file of the REPL and the tutorials: `NNS_HISTORY` when set, else
  /// `~/.nns_history`.
  /// - Returns: the path, or nil when neither `NNS_HISTORY` nor `HOME` is set.
  static func historyPath() -> String? {
    Environment.get("NNS_HISTORY") ?? Environment.get("HOME").map { $0 + "/.nns_history" }
  }
}
