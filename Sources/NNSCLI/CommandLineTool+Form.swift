// Reading a command line's shape without swift-argument-parser, which costs start-up time.

extension CommandLineTool {
  /// The shape of a command line, told from the arguments alone.
  public enum Form: Equatable, Sendable {
    /// A common form that needs no parser: nothing (stdin), a script path first, or `-e CODE`.
    case run(Mode)
    /// `nns notebook ...`: these arguments (after `notebook`) go to the notebook parser.
    case notebook(arguments: [String])
    /// `nns tutorial ...`: these arguments (after `tutorial`) go to the tutorial parser.
    case tutorial(arguments: [String])
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
    default: break
    }
    guard let first = argv.first, first.hasPrefix("-") else {
      return .run(Mode(code: nil, script: argv))
    }
    if first == "-e", argv.count >= 2 {
      return .run(.code(argv[1], arguments: Array(argv.dropFirst(2).drop { $0 == "--" })))
    }
    var split = 0
    while split < argv.count, argv[split].hasPrefix("-"), argv[split] != "--" {
      split += argv[split] == "-e" ? 2 : 1
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
}
