import NNSREPL
import Testing

/// Tutorial prose as the walker shows it: plain text when not styled, ANSI styles on a
/// terminal with colour; code wrapped with its indentation.
@Suite("prose renderer") struct ProseRendererTests {
  static let plain = ProseRenderer(width: 80, styled: false, unicode: true)
  static let styled = ProseRenderer(width: 80, styled: true, unicode: true)

  @Test func headingsLoseTheirMarksAndAreUnderlined() {
    #expect(Self.plain.render("# Derivatives") == "Derivatives\n═══════════")
    #expect(Self.plain.render("## The `grad`") == "The `grad`\n──────────")
    #expect(Self.plain.render("### Small") == "Small")
    let ascii = ProseRenderer(width: 80, styled: false, unicode: false)
    #expect(ascii.render("# Title\n\n## Part") == "Title\n=====\n\nPart\n----")
  }

  @Test func emphasisLosesItsMarksWhenPlain() {
    #expect(
      Self.plain.render("the *derivative* and **bold** and _this_, but `code` keeps ticks")
        == "the derivative and bold and this, but `code` keeps ticks")
    // Not emphasis: a product, a snake_case name, marks inside code.
    #expect(Self.plain.render("2 * 3 * 4 and d_out_x") == "2 * 3 * 4 and d_out_x")
    #expect(Self.plain.render("`a * b` and `*x*`") == "`a * b` and `*x*`")
    #expect(Self.plain.render("an escaped \\*star\\*") == "an escaped *star*")
  }

  @Test func stylesOnATerminal() {
    let e = "\u{1B}["
    #expect(
      Self.styled.render("see *this* and `x`")
        == "see \(e)0m\(e)3mthis\(e)0m and \(e)0m\(e)36mx\(e)0m")
    #expect(Self.styled.render("**b**") == "\(e)0m\(e)1mb\(e)0m")
    #expect(Self.styled.render("# T").hasPrefix("\(e)0m\(e)1mT\(e)0m\n\(e)2m═\(e)0m"))
  }

  @Test func paragraphsAreReflowedToTheWidth() {
    let text = "one two three four five six seven eight nine ten eleven twelve"
    let narrow = ProseRenderer(width: 26, styled: false, unicode: true)
    #expect(
      narrow.render(text + "\nthirteen")
        == "one two three four five\nsix seven eight nine ten\neleven twelve thirteen")
    // Prose stays within 78 columns on a wide terminal.
    let wide = ProseRenderer(width: 200, styled: false, unicode: true)
    let long = Array(repeating: "word", count: 40).joined(separator: " ")
    #expect(wide.render(long).split(separator: "\n").allSatisfy { $0.count <= 78 })
  }

  @Test func aCodeSpanIsNeverSplit() {
    let narrow = ProseRenderer(width: 34, styled: false, unicode: true)
    #expect(
      narrow.render("so: `d_h = outer(d_out, w2)`, shape `[4, 3]`")
        == "so: `d_h = outer(d_out, w2)`,\nshape `[4, 3]`")
  }

  @Test func listItemsGetBulletsAndHangingIndents() {
    let narrow = ProseRenderer(width: 30, styled: false, unicode: true)
    #expect(
      narrow.render("Two things:\n\n- first a rather long item\n  that continues\n- second")
        == "Two things:\n\n  • first a rather long item\n    that continues\n  • second")
    #expect(Self.plain.render("1. one\n2. two") == "  1. one\n  2. two")
  }

  @Test func formulasAreIndentedTwoSpacesNotFour() {
    let text = "the chain rule:\n\n    dg/dx = dg/du * du/dx\n\nand so on"
    #expect(Self.plain.render(text) == "the chain rule:\n\n  dg/dx = dg/du * du/dx\n\nand so on")
    #expect(Self.plain.render("```\nx = 1\n```") == "  x = 1")
    #expect(Self.plain.render("> a quote") == "│ a quote")
  }

  @Test func longCodeLinesWrapAfterACommaAlignedAfterTheBracket() {
    let renderer = ProseRenderer(width: 80, styled: false, unicode: true)
    let code =
      "r = fit(mlp_loss, params, d.X, d.y, epochs: 60, batch: 32, opt: adam(lr: 0.01), "
      + "verbose: false)\nshort(1)"
    #expect(
      renderer.code(code)
        == "    r = fit(mlp_loss, params, d.X, d.y, epochs: 60, batch: 32,\n"
        + "            opt: adam(lr: 0.01), verbose: false)\n    short(1)")
    for line in renderer.code(code).split(separator: "\n") { #expect(line.count <= 80) }
  }

  @Test func codeWrapsAtItsOwnIndentationWhenTheBracketIsFarRight() {
    let renderer = ProseRenderer(width: 40, styled: false, unicode: true)
    let code = "  for r in [[\"sgd\", l_sgd], [\"momentum\", l_mom], [\"adam\", l_adam]] {"
    #expect(
      renderer.code(code)
        == "      for r in [[\"sgd\", l_sgd],\n                [\"momentum\", l_mom],\n"
        + "                [\"adam\", l_adam]] {")
  }

  @Test func withoutACommaCodeWrapsAfterABinaryOperator() {
    let renderer = ProseRenderer(width: 40, styled: false, unicode: true)
    #expect(
      renderer.code("total = alpha_one * beta_two + gamma_three - delta")
        == "    total = alpha_one * beta_two +\n        gamma_three - delta")
    // A comma is preferred where one fits.
    #expect(
      renderer.code("f(alpha_one + beta_two, gamma_three + delta_four)")
        == "    f(alpha_one + beta_two,\n      gamma_three + delta_four)")
  }

  @Test func notesWrapAtSpaces() {
    #expect(
      ProseRenderer.wrapWords("(a bb ccc dddd)", width: 8, indent: 1) == [
        "(a bb", " ccc", " dddd)",
      ])
    #expect(ProseRenderer.wrapWords("short", width: 80, indent: 1) == ["short"])
    #expect(
      ProseRenderer.wrapWords("averyveryverylongword x", width: 5, indent: 1) == [
        "averyveryverylongword", " x",
      ])
  }

  @Test func codeIsNotBrokenInsideStringsOrComments() {
    let renderer = ProseRenderer(width: 30, styled: false, unicode: true)
    let code = "print(\"a, b, c, d, e, f, g, h, i\")  # x, y, z, w, v"
    #expect(renderer.code(code) == "    " + code)
  }
}
