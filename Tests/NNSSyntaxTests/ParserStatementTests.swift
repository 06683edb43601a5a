import Testing

@testable import NNSSyntax

@Suite("Parser: statements")
struct ParserStatementTests {
  @Test(arguments: [
    ("x = e", "(= x e)"), ("x += 1", "(+= x 1)"), ("x -= 1", "(-= x 1)"), ("x *= 2", "(*= x 2)"),
    ("x /= 2", "(/= x 2)"), ("a, b = e", "(unpack a b e)"),
    ("a, b, c = f(x)", "(unpack a b c (call f x))"),
    (
      "loss, g = value_and_grad(loss_fn)(params, X, y)",
      "(unpack loss g (call (call value_and_grad loss_fn) params X y))"
    ),
    ("x[i, j] = e", "(= (index x i j) e)"),
    ("x[1:3, :] = v", "(= (index x (slice 1 3 _) (slice _ _ _)) v)"),
    ("r.w = e", "(= (. r w) e)"), ("r.layers[0].W = e", "(= (. (index (. r layers) 0) W) e)"),
    ("r.layers[0].W -= lr * g", "(-= (. (index (. r layers) 0) W) (* lr g))"),
    ("a[0], r.b = l", "(unpack (index a 0) (. r b) l)"),
    ("fn f(a, b, lr = 0.1) = a - lr * b", "(fn f (a b lr=0.1) (- a (* lr b)))"),
    ("fn f(a) {\n  b = a + 1\n  return b\n}", "(fn f (a) (block (= b (+ a 1)) (return b)))"),
    ("fn f() { return }", "(fn f () (block (return)))"), ("fn f() {}", "(fn f () (block))"),
    ("return", "(return)"), ("return x + 1", "(return (+ x 1))"), ("break", "(break)"),
    ("continue", "(continue)"),
    ("while i < 10 { i += 1 }", "(while (< i 10) (block (+= i 1)))"),
    ("for x in xs { print(x) }", "(for x xs (block (call print x)))"),
    ("for i in range(3) {\n}", "(for i (call range 3) (block))"),
    ("for xb, yb in batches(X, y, 32) { }", "(for (xb yb) (call batches X y 32) (block))"),
    ("include \"lib/util.nns\"", "(include \"lib/util.nns\")"),
    ("if a { b } else { c }", "(if (a (block b)) (else (block c)))"),
    ("if a {\n  b\n}\nelse {\n  c\n}", "(if (a (block b)) (else (block c)))"),
    (
      "if a {\n  b\n} else if c {\n  d\n}\nelse if e { f }",
      "(if (a (block b)) (c (block d)) (e (block f)))"
    ),
    ("x;", "(silent x)"), ("x = 1;", "(= x 1)"), ("a; b", "(silent a)\nb"),
    ("a; b;", "(silent a)\n(silent b)"),
    ("f(x) ;", "(silent (call f x))"),
    ("x = 1\n\n\ny = 2", "(= x 1)\n(= y 2)"), (";;x;;", "(silent x)"),
    ("# %% cell\nx = 1 # note\n# %% [markdown]\n# prose", "(= x 1)"),
    ("#!/usr/bin/env nns\nprint(1)", "(call print 1)"),
    ("fn f(x) = x^2\ny = f(3)", "(fn f (x) (^ x 2))\n(= y (call f 3))"),
    ("f = fn(x) = x + 1", "(= f (fn (x) (+ x 1)))"),
    (
      "while true {\n  if done { break }\n  continue\n}",
      "(while true (block (if (done (block (break)))) (continue)))"
    ),
    ("{\n  w: 1 }", "(record (w 1))"),
  ])
  func parses(source: String, expected: String) {
    #expect(dumpOf(source) == expected)
  }

  @Test func assignmentTargetShape() throws {
    let result = Parser.parse("r.layers[0].W = 1", name: "t")
    let stmt = try #require(result.statements.first)
    guard case .assign(let target, _) = stmt.kind else {
      Issue.record("not an assignment: \(stmt.dump)")
      return
    }
    #expect(target.name.name == "r")
    #expect(target.path.count == 3)
    guard case .field(let layers) = target.path[0], case .index(let items, _) = target.path[1],
      case .field(let w) = target.path[2]
    else {
      Issue.record("unexpected path")
      return
    }
    #expect(layers.name == "layers")
    #expect(items.count == 1)
    #expect(w.name == "W")
  }

  @Test func silencedFlagAndHeights() throws {
    let result = Parser.parse("1 + 2;\n3", name: "t")
    try #require(result.statements.count == 2)
    guard case .expression(let first, let silenced) = result.statements[0].kind,
      case .expression(_, let secondSilenced) = result.statements[1].kind
    else {
      Issue.record("expected expression statements")
      return
    }
    #expect(silenced)
    #expect(!secondSilenced)
    #expect(first.height == 2)
    #expect(result.statements[0].height == 3)
  }

  @Test func programRunningExample() {
    let program = """
      #!/usr/bin/env nns
      # %% Setup
      seed(0)
      data = moons(200, noise: 0.1)
      params = mlp_init([2, 16, 16, 2])
      fn loss_fn(p, X, y) = cross_entropy(mlp(p, X), y)
      opt = adam(lr: 0.01)
      st = opt.init(params)
      for epoch in range(100) {
        l, g = value_and_grad(loss_fn)(params, data.X, data.y)
        params, st = opt.step(params, g, st)
        if epoch % 10 == 0 { print("epoch {epoch}: loss {l:.4f}") }
      }
      acc = accuracy(mlp(params, data.X), data.y);
      """
    let result = Parser.parse(program, name: "train.nns")
    #expect(result.diagnostics.isEmpty)
    #expect(result.statements.count == 8)
  }
}
