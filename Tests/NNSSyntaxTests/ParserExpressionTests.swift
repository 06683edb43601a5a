import Testing

@testable import NNSSyntax

/// Parses `text`, requiring success, and returns the S-expression dump.
func dumpOf(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
  let result = Parser.parse(text, name: "t.nns")
  #expect(
    result.diagnostics.isEmpty, "\(result.diagnostics.map { $0.render() })",
    sourceLocation: sourceLocation)
  return result.dump
}

@Suite("Parser: expressions and precedence")
struct ParserExpressionTests {
  @Test(arguments: [
    // Literals.
    ("12", "12"), ("3.5", "3.5"), ("1_000", "1000"), ("true", "true"), ("false", "false"),
    ("none", "none"), ("x", "x"), (#""hi""#, #""hi""#), (#""""#, #""""#),
    (#""a\n\"b""#, #""a\n\"b""#),
    // Bracket literals: the parser never decides tensor versus list.
    ("[]", "(list)"), ("[1, 2, 3]", "(list 1 2 3)"),
    ("[[1, 2], [3, 4]]", "(list (list 1 2) (list 3 4))"),
    ("[1, 2,]", "(list 1 2)"), (#"["a", 1]"#, #"(list "a" 1)"#), ("[a + 1, b]", "(list (+ a 1) b)"),
    // Records.
    ("{w: x, b: y}", "(record (w x) (b y))"), ("{w, b}", "(record (w w) (b b))"),
    ("{}", "(record)"),
    ("{w: 1, b,}", "(record (w 1) (b b))"),
    ("{a: {b: 1}}.a.b", "(. (. (record (a (record (b 1)))) a) b)"),
    // Arithmetic precedence and associativity.
    ("1 + 2 * 3", "(+ 1 (* 2 3))"), ("1 * 2 + 3", "(+ (* 1 2) 3)"), ("a - b - c", "(- (- a b) c)"),
    ("a / b * c", "(* (/ a b) c)"), ("a % b @ c", "(@ (% a b) c)"), ("a @ b + c", "(+ (@ a b) c)"),
    ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
    // Power: right-associative, tighter than unary minus, signed right operand.
    ("2^3^2", "(^ 2 (^ 3 2))"), ("-x^2", "(- (^ x 2))"), ("2^-1", "(^ 2 (- 1))"),
    ("-2^-x^2", "(- (^ 2 (- (^ x 2))))"), ("a * b^c", "(* a (^ b c))"), ("(-x)^2", "(^ (- x) 2)"),
    ("x^y.T", "(^ x (. y T))"), ("2^+1", "(^ 2 (+ 1))"),
    // Unary.
    ("-a * b", "(* (- a) b)"), ("- - a", "(- (- a))"), ("+a", "(+ a)"), ("a - -b", "(- a (- b))"),
    ("-f(x)", "(- (call f x))"), ("-x[0]", "(- (index x 0))"),
    // Logic and comparisons.
    ("a or b and c", "(or a (and b c))"), ("a and b or c", "(or (and a b) c)"),
    ("not a and b", "(and (not a) b)"), ("not a == b", "(not (== a b))"),
    ("not not a", "(not (not a))"),
    ("a < b + 1", "(< a (+ b 1))"), ("a == b and c != d", "(and (== a b) (!= c d))"),
    ("x <= 1 or x >= 2", "(or (<= x 1) (>= x 2))"), ("(a < b) < c", "(< (< a b) c)"),
    ("x.shape == [2, 3]", "(== (. x shape) (list 2 3))"), ("a > -1", "(> a (- 1))"),
    // Postfix.
    ("f()", "(call f)"), ("f(a, b, k: v)", "(call f a b k=v)"),
    ("f(k: 1, j: 2)", "(call f k=1 j=2)"),
    ("f(a,)", "(call f a)"), ("f(a)(b)", "(call (call f a) b)"), ("r.name", "(. r name)"),
    ("opt.step(p, g, s)", "(call (. opt step) p g s)"), ("x.T.shape", "(. (. x T) shape)"),
    ("x[i]", "(index x i)"), ("x[i, j]", "(index x i j)"),
    ("x[[0, 2, 2]]", "(index x (list 0 2 2))"),
    ("x[x > 0]", "(index x (> x 0))"), ("x[1:3]", "(index x (slice 1 3 _))"),
    ("x[:]", "(index x (slice _ _ _))"), ("x[1:]", "(index x (slice 1 _ _))"),
    ("x[:b]", "(index x (slice _ b _))"), ("x[::2]", "(index x (slice _ _ 2))"),
    ("x[a:b:step]", "(index x (slice a b step))"),
    ("x[1:3, :]", "(index x (slice 1 3 _) (slice _ _ _))"),
    ("x[..., 0]", "(index x ... 0)"), ("x[0, ..., 1:]", "(index x 0 ... (slice 1 _ _))"),
    ("x[::-1]", "(index x (slice _ _ (- 1)))"), ("x[-1]", "(index x (- 1))"),
    ("x[0][1]", "(index (index x 0) 1)"),
    ("x[i,]", "(index x i)"), ("x[:, 0]", "(index x (slice _ _ _) 0)"),
    // Functions.
    ("fn(x) = x^2", "(fn (x) (^ x 2))"), ("fn() = 1", "(fn () 1)"),
    ("fn(x, y) { s = x + y; s * s }", "(fn (x y) (block (= s (+ x y)) (* s s)))"),
    ("fn(x, lr = 0.1) = x", "(fn (x lr=0.1) x)"),
    ("map(fn(x) = x * 2, l)", "(call map (fn (x) (* x 2)) l)"),
    (
      "grad(fn(x) = x * grad(fn(y) = x * y)(2))(3)",
      "(call (call grad (fn (x) (* x (call (call grad (fn (y) (* x y))) 2)))) 3)"
    ),
    // If expressions.
    ("if a > b { a } else { b }", "(if ((> a b) (block a)) (else (block b)))"),
    ("if a { 1 }", "(if (a (block 1)))"),
    (
      "if a { 1 } else if b { 2 } else if c { 3 } else { 4 }",
      "(if (a (block 1)) (b (block 2)) (c (block 3)) (else (block 4)))"
    ),
    ("if {a: 1}.a { }", "(if ((. (record (a 1)) a) (block)))"),
    // Strings with interpolation.
    (#""epoch {i}: loss {l:.4f}""#, #"(str "epoch " i ": loss " (fmt l .4f))"#),
    (#""{x:8}{y:.2e}{z:10.3g}{w:f}""#, "(str (fmt x 8) (fmt y .2e) (fmt z 10.3g) (fmt w f))"),
    (
      #""{f(a, k: 1)} {x[1:2]} {"in{n}"}""#,
      #"(str (call f a k=1) " " (index x (slice 1 2 _)) " " (str "in" n))"#
    ),
    (#""\{not\} {x}""#, #"(str "{not} " x)"#), (#""{ {a: 1}.a }""#, "(str (. (record (a 1)) a))"),
  ])
  func parses(source: String, expected: String) {
    #expect(dumpOf(source) == expected)
  }

  @Test func newlinesInsideBracketsAndAfterOperators() {
    #expect(dumpOf("x = (1 +\n 2)") == "(= x (+ 1 2))")
    #expect(dumpOf("x = 1 +\n 2") == "(= x (+ 1 2))")
    #expect(dumpOf("y = [\n  1,\n  2,\n]") == "(= y (list 1 2))")
    #expect(dumpOf("f(\n  a,\n  k: 2\n)") == "(call f a k=2)")
    #expect(dumpOf("r = {\n  w: 1,\n  b: 2\n}") == "(= r (record (w 1) (b 2)))")
    #expect(dumpOf("x = a and\n b") == "(= x (and a b))")
    #expect(dumpOf("z = x[\n 1,\n :\n]") == "(= z (index x 1 (slice _ _ _)))")
    #expect(dumpOf("x = \"{a +\n b}\"") == "(= x (str (+ a b)))")
    #expect(dumpOf("x =\n 5") == "(= x 5)")
  }

  @Test func newlineEndsStatementBeforeAnOperator() {
    #expect(dumpOf("a\n-b") == "a\n(- b)")
    #expect(dumpOf("f\n(x)") == "f\nx")
  }

  @Test func ifBlocksAreNewlineSensitiveInsideParentheses() {
    #expect(
      dumpOf("y = (if a {\n  1\n  2\n} else {\n  3\n})")
        == "(= y (if (a (block 1 2)) (else (block 3))))")
  }

  @Test func rangesCoverTheWholeExpression() throws {
    let result = Parser.parse("  f(a)[1].b + 2", name: "t")
    let stmt = try #require(result.statements.first)
    guard case .expression(let expr, _) = stmt.kind,
      case .binary(_, let left, let right) = expr.kind
    else {
      Issue.record("unexpected tree \(stmt.dump)")
      return
    }
    #expect(expr.range.start.column == 3)
    #expect(expr.range.end.column == 16)
    #expect(left.range.end.column == 12)
    #expect(right.range.start.column == 15)
  }
}
