import NNSCLI
import Testing

/// `form(of:)` reads a command line's shape as main.swift did before it moved here: the
/// expected forms were worked out by hand from that code and checked against the old binary.
@Suite struct CommandLineToolFormTests {
  typealias Form = CommandLineTool.Form

  /// One command line and the form it must have.
  struct Case: Sendable, CustomTestStringConvertible {
    var argv: [String]
    var form: Form
    var testDescription: String { argv.description }
  }

  static let fastPaths: [Case] = [
    Case(argv: [], form: .run(.standardInput)),
    Case(argv: ["f.nns"], form: .run(.script(path: "f.nns", arguments: []))),
    Case(
      argv: ["f.nns", "-x", "--y"], form: .run(.script(path: "f.nns", arguments: ["-x", "--y"]))),
    // A script keeps every argument after it, `--` included.
    Case(argv: ["f.nns", "--", "a"], form: .run(.script(path: "f.nns", arguments: ["--", "a"]))),
    Case(argv: ["f.nns", "notebook"], form: .run(.script(path: "f.nns", arguments: ["notebook"]))),
    Case(argv: [""], form: .run(.script(path: "", arguments: []))),
    Case(argv: ["-e", "1+1", "a", "b"], form: .run(.code("1+1", arguments: ["a", "b"]))),
    Case(argv: ["-e", "1+1"], form: .run(.code("1+1", arguments: []))),
    // Leading `--`s after the code are dropped, later ones are arguments.
    Case(argv: ["-e", "1", "--", "-a"], form: .run(.code("1", arguments: ["-a"]))),
    Case(
      argv: ["-e", "1", "--", "--", "-a", "--"], form: .run(.code("1", arguments: ["-a", "--"]))),
    Case(argv: ["-e", "1", "a", "--", "b"], form: .run(.code("1", arguments: ["a", "--", "b"]))),
    Case(argv: ["-e", "x", "f.nns"], form: .run(.code("x", arguments: ["f.nns"]))),
    Case(argv: ["-e", "x", "-e", "y"], form: .run(.code("x", arguments: ["-e", "y"]))),
    Case(argv: ["-e", "--"], form: .run(.code("--", arguments: []))),
    Case(argv: ["-e", ""], form: .run(.code("", arguments: []))),
    Case(argv: ["-e", "x", "notebook"], form: .run(.code("x", arguments: ["notebook"]))),
  ]

  @Test(arguments: fastPaths) func commonFormsSkipTheParser(_ c: Case) {
    #expect(CommandLineTool.form(of: c.argv) == c.form)
  }

  static let subcommands: [Case] = [
    Case(
      argv: ["notebook", "f.nns", "-o", "x.md"],
      form: .notebook(arguments: ["f.nns", "-o", "x.md"])),
    Case(argv: ["notebook"], form: .notebook(arguments: [])),
    Case(argv: ["notebook", "--help"], form: .notebook(arguments: ["--help"])),
    Case(argv: ["tutorial"], form: .tutorial(arguments: [])),
    Case(argv: ["tutorial", "2", "-x"], form: .tutorial(arguments: ["2", "-x"])),
    Case(argv: ["kernel", "install", "--user"], form: .kernel(arguments: ["install", "--user"])),
    // Only the first argument names a subcommand.
    Case(argv: ["--", "notebook"], form: .options(options: [], scriptArguments: ["notebook"])),
  ]

  @Test(arguments: subcommands) func subcommandsArePickedByTheirName(_ c: Case) {
    #expect(CommandLineTool.form(of: c.argv) == c.form)
  }

  static let optionForms: [Case] = [
    Case(argv: ["--version"], form: .options(options: ["--version"], scriptArguments: [])),
    Case(argv: ["--help"], form: .options(options: ["--help"], scriptArguments: [])),
    Case(argv: ["-h"], form: .options(options: ["-h"], scriptArguments: [])),
    Case(argv: ["--bogus"], form: .options(options: ["--bogus"], scriptArguments: [])),
    // `-e` without its value is left to the parser, which reports it.
    Case(argv: ["-e"], form: .options(options: ["-e"], scriptArguments: [])),
    Case(argv: ["-e1"], form: .options(options: ["-e1"], scriptArguments: [])),
    Case(argv: ["-"], form: .run(.script(path: "-", arguments: []))),
    Case(argv: ["-", "a", "-x"], form: .run(.script(path: "-", arguments: ["a", "-x"]))),
    Case(argv: ["-i", "f.nns"], form: .run(.interactive(path: "f.nns", arguments: []))),
    Case(
      argv: ["-i", "f.nns", "--", "-x"], form: .run(.interactive(path: "f.nns", arguments: ["-x"]))
    ),
    // Options end at the script path; an `-e` takes the next argument as its value.
    Case(
      argv: ["--bogus", "-e", "1", "f.nns", "-x"],
      form: .options(options: ["--bogus", "-e", "1"], scriptArguments: ["f.nns", "-x"])),
    Case(
      argv: ["--version", "f.nns", "--help"],
      form: .options(options: ["--version"], scriptArguments: ["f.nns", "--help"])),
    Case(
      argv: ["--version", "-e"], form: .options(options: ["--version", "-e"], scriptArguments: [])),
    // `--` ends the options and is dropped (all of a leading run of them).
    Case(argv: ["--"], form: .options(options: [], scriptArguments: [])),
    Case(
      argv: ["--", "f.nns", "a"], form: .options(options: [], scriptArguments: ["f.nns", "a"])),
    Case(argv: ["--", "-e", "1"], form: .options(options: [], scriptArguments: ["-e", "1"])),
    Case(
      argv: ["-x", "--", "--", "f.nns", "--"],
      form: .options(options: ["-x"], scriptArguments: ["f.nns", "--"])),
  ]

  @Test(arguments: optionForms) func optionFormsSplitAtTheScript(_ c: Case) {
    #expect(CommandLineTool.form(of: c.argv) == c.form)
  }

  @Test func parserArgumentsPutScriptArgumentsAfterDashDash() {
    #expect(CommandLineTool.parserArguments(options: ["-x"], scriptArguments: []) == ["-x"])
    #expect(CommandLineTool.parserArguments(options: [], scriptArguments: []) == [])
    #expect(
      CommandLineTool.parserArguments(options: [], scriptArguments: ["f.nns", "-a"])
        == ["--", "f.nns", "-a"])
    #expect(
      CommandLineTool.parserArguments(options: ["-e", "1"], scriptArguments: ["a"])
        == ["-e", "1", "--", "a"])
  }
}
