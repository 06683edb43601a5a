import Testing

@testable import NNSPlot

/// The output layer's rules (SPEC §7) as a pure function of the facts it is given.
@Suite struct StyleTests {
  static let utf8 = ["LANG": "en_US.UTF-8", "TERM": "xterm-256color"]

  @Test func terminalGetsColourUnicodeAndItsWidth() {
    let s = PlotStyle.forOutput(isTerminal: true, terminalWidth: 132, environment: Self.utf8)
    #expect(s == PlotStyle(width: 132, height: nil, unicode: true, color: true))
  }

  @Test func pipeGets80PlainColumns() {
    let s = PlotStyle.forOutput(isTerminal: false, terminalWidth: 132, environment: Self.utf8)
    #expect(s == PlotStyle(width: 80, height: nil, unicode: true, color: false))
  }

  @Test(arguments: [
    ["NO_COLOR": "1"], ["TERM": "dumb"], ["NO_COLOR": "yes please"],
  ])
  func colourRules(extra: [String: String]) {
    let env = Self.utf8.merging(extra) { $1 }
    #expect(!PlotStyle.forOutput(isTerminal: true, terminalWidth: 80, environment: env).color)
  }

  @Test func emptyNoColorKeepsColour() {
    let env = Self.utf8.merging(["NO_COLOR": ""]) { $1 }
    #expect(PlotStyle.forOutput(isTerminal: true, terminalWidth: 80, environment: env).color)
  }

  @Test(arguments: [
    ([String: String](), false),
    (["LANG": "C"], false),
    (["LANG": "en_US.ISO-8859-1"], false),
    (["LANG": "C.utf8"], true),
    (["LC_ALL": "POSIX", "LANG": "en_US.UTF-8"], false),  // LC_ALL wins
    (["LC_ALL": "", "LC_CTYPE": "de_DE.UTF-8"], true),  // empty values are skipped
    (["LANG": "en_US.UTF-8", "NNS_ASCII": "1"], false),
    (["LANG": "en_US.UTF-8", "NNS_ASCII": "0"], true),
  ])
  func unicodeRules(env: [String: String], unicode: Bool) {
    #expect(
      PlotStyle.forOutput(isTerminal: false, terminalWidth: nil, environment: env).unicode
        == unicode)
  }
}
