// Reading a command line: its shape by hand (the common forms skip swift-argument-parser,
// which costs start-up time), then the parser for option forms and subcommands.
import ArgumentParser

extension CommandLineTool {
  /// The shape of a command line, told from the arguments alone.
  public enum Form: Equatable, Sendable {
    /// A common form that needs no parser: nothing (stdin), a script path first, or `-e CODE`.
    case run(Mode)
    /// `nns notebook ...`: these arguments (after `notebook`) go to the notebook parser.
    case notebook(arguments: [String])
    /// `nns tutorial ...`: these arguments (after `tutorial`) go to the tutorial parser.
    case tutorial(arguments: [String])
    /// `nns kernel ...`: these arguments (after `kernel`) go to the kernel parser.
    case kernel(arguments: [String])
    /// Options first: the parser reads `options`; `scriptArguments` (from the script path on,
    /// leading `--` dropped) belong to the script and only pass through.
    case options(options: [String], scriptArguments: [String])
  }

  /// Tells the shape of a command line.
  ///
  /// Subcommands are picked by hand: the root's script arguments would swallow their names.
  /// A script path first, `-e CODE`, or nothing skip the parser. Otherwise options end at the
  /// script path (the first argument that does not start with `-` and is not the value of an
  /// `-e`) or at `--`, and everything from there on belongs to the script, so that a script's
  /// own `-x` never reaches the parser.
  /// - Parameter argv: the arguments, without the program name.
  /// - Returns: the form; only `.options` still needs the parser.
  public static func form(of argv: [String]) -> Form {
    switch argv.first {
    case "notebook": return .notebook(arguments: Array(argv.dropFirst()))
    case "tutorial": return .tutorial(arguments: Array(argv.dropFirst()))
    case "kernel": return .kernel(arguments: Array(argv.dropFirst()))
    default: break
    }
    guard let first = argv.first, first.hasPrefix("-") else {
      return .run(Mode(code: nil, script: argv))
    }
    if first == "-e", argv.count >= 2 {
      return .run(.code(argv[1], arguments: Array(argv.dropFirst(2).drop { $0 == "--" })))
    }
    if first == "-" {
      return .run(.script(path: "-", arguments: Array(argv.dropFirst())))
    }
    if first == "-i", argv.count >= 2 {
      return .run(
        .interactive(path: argv[1], arguments: Array(argv.dropFirst(2).drop { $0 == "--" })))
    }
    var split = 0
    while split < argv.count, argv[split].hasPrefix("-"), argv[split] != "--", argv[split] != "-" {
      split += argv[split] == "-e" || argv[split] == "-i" ? 2 : 1
    }
    split = min(split, argv.count)
    return .options(
      options: Array(argv[..<split]), scriptArguments: Array(argv[split...].drop { $0 == "--" }))
  }

  /// The arguments the root parser reads for an `.options` form: the options, then `--` and the
  /// script arguments when there are any, so that none of them is taken for an option.
  /// - Parameters:
  ///   - options: the options part of the command line.
  ///   - scriptArguments: the script path and its arguments.
  /// - Returns: the parser's arguments.
  public static func parserArguments(options: [String], scriptArguments: [String]) -> [String] {
    options + (scriptArguments.isEmpty ? [] : ["--"] + scriptArguments)
  }

  /// Decides what a command line asks for, without running or writing anything.
  /// - Parameter argv: the arguments, without the program name.
  /// - Returns: the mode to run, or how to exit: help and version with status 0 and their text
  ///   for standard output, usage errors with status 2 and a message for standard error.
  public static func decide(_ argv: [String]) -> Decision {
    switch form(of: argv) {
    case .run(let mode):
      return .run(mode)
    case .notebook(let arguments):
      return decideSubcommand(NotebookSubcommand.self, arguments) { $0.mode }
    case .tutorial(let arguments):
      return decideSubcommand(TutorialSubcommand.self, arguments) { $0.mode }
    case .kernel(let arguments):
      return decideSubcommand(KernelSubcommand.self, arguments) { $0.mode }
    case .options(let options, let scriptArguments):
      return decideRoot(parserArguments(options: options, scriptArguments: scriptArguments))
    }
  }

  /// Parses the root command's option form.
  /// - Parameter arguments: the parser's arguments (`parserArguments(options:scriptArguments:)`).
  /// - Returns: the mode, or the exit for `--help`, `--version` or a usage error.
  static func decideRoot(_ arguments: [String]) -> Decision {
    do {
      var command = try RootCommand.parseAsRoot(arguments)
      if let root = command as? RootCommand { return .run(root.mode) }
      // The parser answers `--help` with its own command, whose `run` throws the help text.
      try command.run()
      return .exit(Exit(status: 0, text: "", toStandardOutput: true))
    } catch {
      return .exit(rootExit(for: error))
    }
  }

  /// The exit for an error of the root parser: help and version print to standard output and
  /// exit with 0; anything else is a usage error, printed to standard error, status 2.
  /// - Parameter error: what the parser threw.
  /// - Returns: the exit.
  static func rootExit(for error: any Error) -> Exit {
    let success = RootCommand.exitCode(for: error) == .success
    return Exit(
      status: success ? 0 : 2, text: RootCommand.fullMessage(for: error) + "\n",
      toStandardOutput: success)
  }

  /// Parses a subcommand's arguments into its mode.
  /// - Parameters:
  ///   - command: the subcommand's type.
  ///   - arguments: the arguments after the subcommand's name.
  ///   - mode: the mode of the parsed subcommand.
  /// - Returns: the mode, or the exit for `--help` or a usage error.
  static func decideSubcommand<Command: ParsableCommand>(
    _ command: Command.Type, _ arguments: [String], mode: (Command) -> Mode
  ) -> Decision {
    do {
      return .run(mode(try Command.parse(arguments)))
    } catch {
      return .exit(subcommandExit(command, for: error))
    }
  }

  /// The exit for an error of a subcommand's parser: help prints to standard output with
  /// status 0, a usage error (ArgumentParser's 64) to standard error with status 2 (SPEC §8).
  /// - Parameters:
  ///   - command: the subcommand's type.
  ///   - error: what its parser threw.
  /// - Returns: the exit.
  static func subcommandExit<Command: ParsableCommand>(
    _ command: Command.Type, for error: any Error
  ) -> Exit {
    let code = Command.exitCode(for: error)
    let message = Command.fullMessage(for: error)
    return Exit(
      status: code == .validationFailure ? 2 : code.rawValue,
      text: message.isEmpty ? "" : message + "\n", toStandardOutput: code == .success)
  }
}
