import Testing

@testable import NNSSyntax

/// The diagnostics of parsing `text` as `LINE:COL: MESSAGE` strings.
func messagesOf(_ text: String) -> [String] {
  Parser.parse(text, name: "t.nns").diagnostics.map { "\($0.location): \($0.message)" }
}

@Suite("Parser: errors, recovery and incompleteness")
struct ParserErrorTests {
  @Test(arguments: [
    ("x = )", "1:5: unexpected ')'"), ("x = ]", "1:5: unexpected ']'"),
    ("}", "1:1: unexpected '}'"),
    ("a < b < c", "1:7: comparison operators cannot be chained"),
    ("a == b != c", "1:8: comparison operators cannot be chained"),
    ("y = else", "1:5: expected an expression, found 'else'"),
    ("@x", "1:1: expected an expression, found '@'"),
    ("f(a b)", "1:5: expected ')' after arguments, found 'b'"),
    ("x[]", "1:3: expected an index, found ']'"),
    ("x[..., 0, ...]", "1:11: index: at most one '...' per index"),
    ("[1 2]", "1:4: expected ',' or ']' in list, found '2'"),
    ("x = (1, 2)", "1:7: expected ')' after expression, found ','"),
    ("x = {1: 2}", "1:6: expected a field name, found '1'"),
    ("f(k: 1, 2)", "1:9: positional argument follows a named argument"),
    ("f(k: 1, k: 2)", "1:9: argument 'k' is given twice"),
    ("{a: 1, a: 2}", "1:8: field 'a' is given twice"),
    ("fn f(a, a) = 1", "1:9: parameter 'a' is given twice"),
    ("fn f(a = 1, b) = 1", "1:13: parameter 'b' without a default follows one with a default"),
    ("for a, a in x {}", "1:8: loop variable 'a' is given twice"),
    ("1 = x", "1:1: cannot assign to a number"),
    ("f(x) = 1", "1:1: cannot assign to a function call"),
    ("a + b = 1", "1:1: cannot assign to an operator expression"),
    ("f(x).w += 1", "1:1: cannot assign to a function call"),
    ("a, 2 = l", "1:4: cannot assign to a number"),
    ("a, b + 1", "1:4: cannot assign to an operator expression"),
    ("a, b", "1:5: expected '=' after assignment targets, found end of input"),
    ("x = 1 2", "1:7: expected end of statement, found '2'"),
    ("if a { b } c", "1:12: expected end of statement, found 'c'"),
    ("for 1 in x {}", "1:5: expected a loop variable name, found '1'"),
    ("for x y {}", "1:7: expected 'in' after the loop variable, found 'y'"),
    ("while x\n{ }", "1:8: expected '{' after while condition, found newline"),
    ("if x\n{ }", "1:5: expected '{' after if condition, found newline"),
    ("if x { 1 } else y", "1:17: expected '{' after 'else', found 'y'"),
    ("include x", "1:9: expected a file path string after 'include', found 'x'"),
    ("include \"a{b}\"", "1:9: include path must be a plain string"),
    ("fn f x", "1:6: expected '(' after 'fn', found 'x'"),
    ("fn f(1) = 1", "1:6: expected a parameter name, found '1'"),
    ("fn f(x) x", "1:9: expected '=' or '{' after parameters, found 'x'"),
    ("r.1", "1:3: expected a field name after '.', found '1'"),
    ("x = \"{}\"", "1:7: expected an expression inside '{}'"),
    ("x = \"{a b}\"", "1:9: expected '}' after interpolation, found 'b'"),
    ("return )", "1:8: unexpected ')'"), ("x = 1e", "1:5: invalid number '1e'"),
    ("x = $", "1:5: unexpected character '$'"),
    ("x = \"\\q\"", "1:6: invalid escape '\\q' in string (valid: \\n \\t \\\" \\\\ \\{ \\})"),
    ("x = 1\0", "1:6: NUL byte in source"),
    ("s = \"{a # b}\"", "1:9: a comment cannot appear inside '{...}' of a string"),
  ])
  func reportsOneError(source: String, expected: String) {
    #expect(messagesOf(source) == [expected])
  }

  @Test func recoversAtStatementBoundariesAndReportsInSourceOrder() {
    let program = """
      x = )
      y = 1 +* 2
      z = $
      w = ok
      if a {
        b = )
        c = 1
        d = ]
      }
      q = 1 2
      fn f(x) {
        y = (1 +
      }
      last = 1
      """
    let result = Parser.parse(program, name: "t.nns")
    #expect(
      result.diagnostics.map { "\($0.location): \($0.message)" } == [
        "1:5: unexpected ')'", "2:8: expected an expression, found '*'",
        "3:5: unexpected character '$'", "6:7: unexpected ')'", "8:7: unexpected ']'",
        "10:7: expected end of statement, found '2'", "13:1: unexpected '}'",
      ])
    #expect(result.dump == "(= w ok)\n(if (a (block (= c 1))))\n(fn f (x) (block))\n(= last 1)")
    #expect(!result.isIncomplete)
  }

  @Test func oneErrorPerStatement() {
    #expect(messagesOf("x = ) ] $ 1e") == ["1:5: unexpected ')'"])
    #expect(
      messagesOf("f(1, $, ]\n  , 2)\ny = $") == [
        "1:6: unexpected character '$'", "3:5: unexpected character '$'",
      ])
    #expect(
      messagesOf("a = 1; b = ); c = ]; d = 2") == ["1:12: unexpected ')'", "1:19: unexpected ']'"])
  }

  @Test func errorsInsideStringsRecoverAfterTheString() {
    #expect(
      messagesOf("s = \"a\\qb {x} \\z\"\nt = $") == [
        "1:7: invalid escape '\\q' in string (valid: \\n \\t \\\" \\\\ \\{ \\})",
        "2:5: unexpected character '$'",
      ])
    #expect(
      messagesOf("s = \"{a b\n c}\"\nt = )") == [
        "1:9: expected '}' after interpolation, found 'b'", "3:5: unexpected ')'",
      ])
  }

  @Test(arguments: [
    ("f(1, 2", "1:2: '(' is never closed"), ("x = [1, 2", "1:5: '[' is never closed"),
    ("r = {w: 1", "1:5: '{' is never closed"), ("fn f(x) {\n  y = 1\n", "1:9: '{' is never closed"),
    ("s = \"abc", "1:5: string is never closed"), ("s = \"a {x", "1:5: string is never closed"),
    ("s = \"a {x:.2", "1:5: string is never closed"), ("x[1", "1:2: '[' is never closed"),
    ("f(a,", "1:2: '(' is never closed"), ("f(g(1,", "1:4: '(' is never closed"),
    ("x = [[1, 2],\n [3, 4", "2:2: '[' is never closed"),
    ("while x {\n  if y {\n    z(", "3:6: '(' is never closed"),
    ("x = 1 +", "1:8: expected an expression, found end of input"),
    ("x = 1 +\n\n", "1:8: expected an expression, found end of input"),
    ("a, b =", "1:7: expected an expression, found end of input"),
    ("x = not", "1:8: expected an expression, found end of input"),
    ("x = a and\n", "1:10: expected an expression, found end of input"),
    ("f = fn(x) =", "1:12: expected an expression, found end of input"),
    ("x = -", "1:6: expected an expression, found end of input"),
  ])
  func endOfInputIsIncomplete(source: String, expected: String) {
    let result = Parser.parse(source, name: "t.nns")
    #expect(result.diagnostics.map { "\($0.location): \($0.message)" } == [expected])
    #expect(result.isIncomplete)
  }

  @Test(arguments: [
    "x = 1", "x = )", "if x\n", "f(1, $", "x = 1 +\ny = $", "x = $\ny = (", "", "# only a comment",
    // A further line could not complete these: the newline it brings ends the statement.
    "if x", "x.", "fn(x)", "a, b", "for x in", "if a { 1 } else",
  ])
  func notIncomplete(source: String) {
    let result = Parser.parse(source, name: "t")
    #expect(!result.isIncomplete)
    // Adding the newline a continuation would bring never turns an error into success.
    if !result.succeeded { #expect(!Parser.parse(source + "\n1", name: "t").succeeded) }
  }

  @Test(arguments: [
    ("x = -", "1", "(= x (- 1))"), ("y = not", "b", "(= y (not b))"),
    ("z = a *", "b", "(= z (* a b))"),
    ("f(1,", "k: 2)", "(call f 1 k=2)"), ("a,", "b = l", "(unpack a b l)"),
    ("fn g(x) =", "x^2", "(fn g (x) (^ x 2))"), ("s = \"a", "b\"", "(= s \"a\\nb\")"),
    ("if x {", "1 }", "(if (x (block 1)))"), ("w -=", "1", "(-= w 1)"),
  ])
  func incompleteInputIsCompletedByTheNextLine(first: String, second: String, expected: String) {
    #expect(Parser.parse(first, name: "<repl>").isIncomplete)
    #expect(dumpOf(first + "\n" + second) == expected)
  }

  @Test func continuationCompletesTheInput() {
    #expect(Parser.parse("f(1,", name: "<repl>").isIncomplete)
    #expect(Parser.parse("f(1,\n2)", name: "<repl>").succeeded)
    #expect(Parser.parse("fn f(x) {\n", name: "<repl>").isIncomplete)
    #expect(Parser.parse("fn f(x) {\n  x\n}\n", name: "<repl>").succeeded)
  }
}
