import NNSCLI
import NNSRuntime
import Testing

/// `decide(_:)` turns a command line into a mode or an exit. Exact messages were taken from the
/// `nns` binary built before the command moved into NNSCLI.
@Suite struct CommandLineToolDecisionTests {
  typealias Mode = CommandLineTool.Mode
  typealias Exit = CommandLineTool.Exit

  /// The exit of a command line, or a failed expectation when it runs a mode instead.
  func exitFor(_ argv: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Exit? {
    guard case .exit(let exit) = CommandLineTool.decide(argv) else {
      Issue.record("\(argv) runs a mode; expected an exit", sourceLocation: sourceLocation)
      return nil
    }
    return exit
  }

  /// One command line and the mode it must run.
  struct Case: Sendable, CustomTestStringConvertible {
    var argv: [String]
    var mode: Mode
    var testDescription: String { argv.description }
  }

  static let runs: [Case] = [
    Case(argv: [], mode: .standardInput),
    Case(argv: ["f.nns", "-x", "--y"], mode: .script(path: "f.nns", arguments: ["-x", "--y"])),
    Case(argv: ["-e", "1+1", "a", "b"], mode: .code("1+1", arguments: ["a", "b"])),
    Case(argv: ["-e", "1", "--", "-a"], mode: .code("1", arguments: ["-a"])),
    // Option forms that the parser accepts.
    Case(argv: ["--"], mode: .standardInput),
    Case(argv: ["--", "f.nns", "-a"], mode: .script(path: "f.nns", arguments: ["-a"])),
    Case(argv: ["--", "--", "f.nns"], mode: .script(path: "f.nns", arguments: [])),
    Case(argv: ["--", "-e", "1"], mode: .script(path: "-e", arguments: ["1"])),
    Case(argv: ["--", "f.nns", "--", "x"], mode: .script(path: "f.nns", arguments: ["--", "x"])),
    Case(argv: ["-"], mode: .script(path: "-", arguments: [])),
    Case(argv: ["-e=print(3)"], mode: .code("print(3)", arguments: [])),
    Case(argv: ["-e=1", "f.nns", "-x"], mode: .code("1", arguments: ["f.nns", "-x"])),
    Case(
      argv: ["notebook", "f.nns", "-o", "x.md"],
      mode: .notebook(
        path: "f.nns", outPath: "x.md", checkPath: nil, keepGoing: false, ipynbPath: nil)),
    Case(
      argv: ["notebook", "--keep-going", "f.nns", "--check", "c.md"],
      mode: .notebook(
        path: "f.nns", outPath: nil, checkPath: "c.md", keepGoing: true, ipynbPath: nil)),
    Case(
      argv: ["notebook", "f.nns", "--check", "f.md", "--ipynb", "f.ipynb"],
      mode: .notebook(
        path: "f.nns", outPath: nil, checkPath: "f.md", keepGoing: false, ipynbPath: "f.ipynb")),
    Case(
      argv: ["notebook", "--from", "in.ipynb", "-o", "out.nns"],
      mode: .notebookFromIpynb(path: "in.ipynb", outPath: "out.nns")),
    Case(
      argv: ["notebook", "--from", "in.ipynb"],
      mode: .notebookFromIpynb(path: "in.ipynb", outPath: nil)),
    Case(argv: ["kernel", "install"], mode: .kernelInstall(user: false)),
    Case(argv: ["kernel", "install", "--user"], mode: .kernelInstall(user: true)),
    Case(argv: ["kernel", "serve"], mode: .kernelServe(width: 80, progressBar: true)),
    Case(
      argv: ["kernel", "serve", "--width", "100", "--progress", "lines"],
      mode: .kernelServe(width: 100, progressBar: false)),
    Case(argv: ["tutorial"], mode: .tutorial(name: nil)),
    Case(argv: ["tutorial", "03-backprop"], mode: .tutorial(name: "03-backprop")),
  ]

  @Test(arguments: runs) func runsAMode(_ c: Case) {
    #expect(CommandLineTool.decide(c.argv) == .run(c.mode))
  }

  @Test(arguments: [["--version"], ["--version", "f.nns", "-x"]])
  func versionPrintsToStandardOutputWithStatusZero(_ argv: [String]) {
    #expect(
      exitFor(argv) == Exit(status: 0, text: "nns \(Version.string)\n", toStandardOutput: true))
  }

  @Test(arguments: [["--help"], ["-h"], ["--help", "-e", "1"], ["--version", "--help"]])
  func helpPrintsToStandardOutputWithStatusZero(_ argv: [String]) throws {
    let exit = try #require(exitFor(argv))
    #expect(exit.status == 0)
    #expect(exit.toStandardOutput)
    #expect(exit.text.hasPrefix("OVERVIEW: A small array language for trying neural networks.\n"))
    #expect(exit.text.contains("USAGE: nns [-e <CODE>] [-i <FILE>] [<script> ...]\n"))
    #expect(exit.text.contains("Run FILE, then stay in the REPL with its variables."))
    #expect(exit.text.hasSuffix("\n"))
  }

  @Test func unknownOptionIsAUsageError() {
    #expect(
      exitFor(["--bogus"])
        == Exit(
          status: 2,
          text: """
            Error: Unknown option '--bogus'
            Usage: nns [-e <CODE>] [-i <FILE>] [<script> ...]
              See 'nns --help' for more information.

            """, toStandardOutput: false))
    #expect(exitFor(["--bogus", "-e", "1"])?.status == 2)
    #expect(exitFor(["-x", "f.nns"])?.text.hasPrefix("Error: Unknown option '-x'\n") == true)
  }

  @Test func missingCodeIsAUsageError() throws {
    let exit = try #require(exitFor(["-e"]))
    #expect(exit.status == 2)
    #expect(!exit.toStandardOutput)
    #expect(exit.text.hasPrefix("Error: Missing value for '-e <CODE>'\n"))
    #expect(exit.text.hasSuffix("See 'nns --help' for more information.\n"))
    let attached = try #require(self.exitFor(["-e1"]))
    #expect(attached.status == 2)
    #expect(attached.text.hasPrefix("Error: Unknown option '-e1'\n"))
    #expect(exitFor(["--version", "-e"])?.status == 2)
  }

  @Test func notebookUsageErrorsExitWithTwo() throws {
    let missing = try #require(exitFor(["notebook"]))
    #expect(missing.status == 2)
    #expect(!missing.toStandardOutput)
    #expect(
      missing.text.hasPrefix("Error: Missing expected argument '<file>' (or --from IN.ipynb).\n"))
    #expect(missing.text.contains("\nUsage: nns notebook [<file>] [-o <OUT.md>]"))
    #expect(exitFor(["notebook", "f.nns", "--from", "x.ipynb"])?.status == 2)
    #expect(exitFor(["notebook", "--from", "x.ipynb", "--check", "c.md"])?.status == 2)
    #expect(exitFor(["notebook", "--bogus"])?.status == 2)
    #expect(exitFor(["notebook", "f.nns", "-o"])?.status == 2)
    #expect(exitFor(["notebook", "--version"])?.status == 2)
  }

  @Test func kernelUsageErrorsExitWithTwo() throws {
    let missing = try #require(exitFor(["kernel"]))
    #expect(missing.status == 2)
    #expect(missing.text.hasPrefix("Error: Missing expected argument '<action>'\n"))
    let unknown = try #require(exitFor(["kernel", "start"]))
    #expect(unknown.status == 2)
    #expect(unknown.text.hasPrefix("Error: Unknown action 'start': use install or serve.\n"))
    #expect(exitFor(["kernel", "serve", "--width", "5"])?.status == 2)
    #expect(exitFor(["kernel", "serve", "--progress", "dots"])?.status == 2)
  }

  @Test func tutorialUsageErrorsExitWithTwo() throws {
    let extra = try #require(exitFor(["tutorial", "a", "b"]))
    #expect(extra.status == 2)
    #expect(!extra.toStandardOutput)
    #expect(extra.text.hasPrefix("Error: Unexpected argument 'b'\n"))
  }

  @Test(arguments: [
    (
      ["notebook", "--help"], "OVERVIEW: Run a notebook's cells and write a Markdown transcript.\n"
    ),
    (
      ["notebook", "f.nns", "-h"],
      "OVERVIEW: Run a notebook's cells and write a Markdown transcript.\n"
    ),
    (["tutorial", "--help"], "OVERVIEW: List the tutorials, or walk through one.\n"),
    (["kernel", "--help"], "OVERVIEW: The Jupyter kernel for nns.\n"),
  ])
  func subcommandHelpExitsWithZero(_ argv: [String], overview: String) throws {
    let exit = try #require(exitFor(argv))
    #expect(exit.status == 0)
    #expect(exit.toStandardOutput)
    #expect(exit.text.hasPrefix(overview))
    #expect(exit.text.hasSuffix("\n"))
  }
}
