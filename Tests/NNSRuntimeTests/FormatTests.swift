import NNSSyntax
import NNSTensor
import Testing

@testable import NNSRuntime

@Suite("number formatting and display")
struct FormatTests {
  @Test(
    "shortest f32 form",
    arguments: [
      (Float(3), "3"), (Float(0.1), "0.1"), (Float(1e-8), "1e-08"), (Float(-2.5), "-2.5"),
      (Float.nan, "nan"), (-Float.nan, "nan"), (Float.infinity, "inf"), (-Float.infinity, "-inf"),
      (Float(1e20), "1e+20"), (Float(123456.7), "123456.7"), (Float(-0.0), "-0"),
    ])
  func shortestFloat(_ x: Float, _ text: String) {
    #expect(NumberFormat.shortest(x) == text)
  }

  @Test(
    "shortest f64 form",
    arguments: [
      (0.1 + 0.2, "0.30000000000000004"), (1e-300, "1e-300"), (2.0, "2"), (-1e100, "-1e+100"),
      (Double.nan, "nan"),
    ])
  func shortestDouble(_ x: Double, _ text: String) {
    #expect(NumberFormat.shortest(x) == text)
  }

  @Test(
    "format specs",
    arguments: [
      (3.14159, ".2f", "3.14"), (3.14159, "8.3f", "   3.142"), (1234.5, ".3e", "1.234e+03"),
      (0.0001, "g", "0.0001"), (12.0, "5", "   12"), (2.0 / 3.0, ".3", "0.667"),
      (Double.nan, "6.2f", "   nan"), (-Double.infinity, ".1f", "-inf"),
    ])
  func specs(_ x: Double, _ spec: String, _ text: String) throws {
    let s = try FormatSpec(parsing: spec)
    #expect(NumberFormat.format(x, s, isF32: false) == text)
  }

  @Test func boolUnderNumericSpecIsOneOrZero() throws {
    let s = try FormatSpec(parsing: ".2f")
    #expect(try Formatting.format(.bool(true), s, width: 80) == "1.00")
    #expect(try Formatting.format(.bool(false), s, width: 80) == "0.00")
  }

  @Test func plainAndShowForms() throws {
    let v = Value.tensor(try Tensor(shape: [3], floats: [1, 2, 3]))
    #expect(Display.plain(v) == "[1, 2, 3]")
    #expect(Display.show(v) == "[1, 2, 3]  f32 [3]")
    #expect(Display.show(.f64(0.5)) == "0.5  f64")
    #expect(Display.plain(.string("a")) == "a")
    #expect(Display.show(.string("a\n")) == "\"a\\n\"")
    #expect(Display.plain(.none) == "none")
    let r = Value.record(Record(keys: ["w", "s"], values: [.f32(1), .string("x")]))
    #expect(Display.plain(r) == "{w: 1, s: \"x\"}")
    #expect(Display.plain(.list([])) == "[]")
  }

  @Test func matrixColumnsAlign() throws {
    let m = Value.tensor(try Tensor(shape: [2, 2], floats: [1, -2.5, 100, 0.25]))
    #expect(Display.plain(m) == "[[   1, -2.5],\n [ 100, 0.25]]")
    #expect(Display.show(m) == "[[   1, -2.5],\n [ 100, 0.25]]  f32 [2,2]")
  }

  @Test func largeTensorsSummariseToAFewLines() throws {
    let big = try Tensor.zeros([1000, 1000], dtype: .f32)
    let text = Display.plain(.tensor(big))
    #expect(text.split(separator: "\n").count == 7)
    #expect(text.contains("..."))
    let rank3 = try Tensor.zeros([20, 20, 20], dtype: .f64)
    #expect(Display.plain(.tensor(rank3)).split(separator: "\n").count < 60)
  }

  @Test func rowsWrapAtTheWidth() throws {
    let t = try Tensor(shape: [30], doubles: (0..<30).map { Double($0) * 1000 })
    let text = Display.plain(.tensor(t), width: 40)
    for line in text.split(separator: "\n") { #expect(line.count <= 40) }
    #expect(text.split(separator: "\n").count > 1)
  }
}

extension RuntimeSuites {
  @Suite("output layer")
  struct OutputTests {
    @Test func colourOnlyOnATerminalWithoutNoColorOrDumb() {
      #expect(Output.decideColor(isTerminal: true, env: ["TERM": "xterm"]))
      #expect(!Output.decideColor(isTerminal: false, env: ["TERM": "xterm"]))
      #expect(!Output.decideColor(isTerminal: true, env: ["TERM": "dumb"]))
      #expect(!Output.decideColor(isTerminal: true, env: ["NO_COLOR": "1"]))
      #expect(Output.decideColor(isTerminal: true, env: ["NO_COLOR": ""]))
    }

    @Test func errorsAreColouredOnlyWhenColourIsAllowed() {
      let text = "<repl>:1:3: error: @: shapes [3] and [2] do not align (3 != 2)\nx @ y\n  ^\n"
      var seen = ""
      let plain = Output(sink: { _ in }, errorSink: { seen = $0 }, color: false)
      plain.writeError(text)
      #expect(seen == text)
      let coloured = Output(sink: { _ in }, errorSink: { seen = $0 }, color: true)
      coloured.writeError(text)
      #expect(
        seen == "<repl>:1:3: \u{1B}[1;31merror:\u{1B}[0m @: shapes [3] and [2] do not align "
          + "(3 != 2)\nx @ y\n\u{1B}[1;32m  ^\u{1B}[0m\n")
    }

    @Test func unicodeUnlessAsciiRequestedOrNonUTF8Locale() {
      #expect(Output.decideUnicode(env: [:]))
      #expect(Output.decideUnicode(env: ["LANG": "en_US.UTF-8"]))
      #expect(!Output.decideUnicode(env: ["NNS_ASCII": "1"]))
      #expect(!Output.decideUnicode(env: ["LC_ALL": "C"]))
      #expect(!Output.decideUnicode(env: ["LANG": "en_US.ISO-8859-1"]))
      #expect(Output.decideUnicode(env: ["LC_ALL": "", "LANG": "de_DE.utf8"]))
    }

    @Test func capturingOutputCollectsPrintsAndErrors() {
      let (out, buffer) = Output.capturing()
      let interp = Interpreter(output: out)
      let status = interp.runBytes(
        Array("print(1)\nprint(x)".utf8), name: "t.nns", displayLast: false)
      #expect(status == 1)
      #expect(buffer.text.hasPrefix("1\nt.nns:2:7: error: undefined name 'x'\nprint(x)\n      ^"))
    }
  }
}
