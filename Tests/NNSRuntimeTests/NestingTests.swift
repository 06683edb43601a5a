import NNSSyntax
import NNSTensor
import Testing

@testable import NNSRuntime

extension RuntimeSuites {
  /// Issue 13: nesting and size limits on lists and records, and release of long chains.
  @Suite("nesting and size limits")
  struct NestingTests {
    /// A list nested `depth` levels around the number 1.
    static func chain(_ depth: Int) -> Value {
      var x = Value.f32(1)
      for _ in 0..<depth { x = .list([x]) }
      return x
    }

    @Test func heightCountsListsAndRecords() {
      #expect(Nesting.height(.f32(1)) == 0)
      #expect(Nesting.height(.list([])) == 1)
      #expect(Nesting.height(.list([.f32(1), .list([.f32(2)])])) == 2)
      #expect(Nesting.height(.record(Record(keys: ["a"], values: [NestingTests.chain(3)]))) == 4)
      #expect(Nesting.height(NestingTests.chain(50), limit: 10) > 10)
    }

    @Test func sharedSubtreesAreMeasuredOnce() {
      var x = Value.record(Record(keys: ["a"], values: [.f32(1)]))
      for _ in 0..<62 { x = .list([x, x]) }
      let (height, leaves) = Nesting.measure(x)
      #expect(height == 63)
      #expect(leaves == 1 << 62)
      for _ in 0..<2 { x = .list([x, x]) }
      #expect(Nesting.measure(x).leaves == Int.max)  // saturates rather than overflowing
    }

    @Test func theLimitIsCheckedWhereValuesAreBuilt() throws {
      let deep = NestingTests.chain(Nesting.maxHeight)
      #expect(Nesting.height(deep) == Nesting.maxHeight)
      #expect(throws: RuntimeError.self) { try Nesting.check(deep, op: "list") }
      try Nesting.check(NestingTests.chain(Nesting.maxHeight - 1), op: "list")
      #expect(throws: RuntimeError.self) {
        try Nesting.check(NestingTests.chain(Nesting.maxHeight - 2), depth: 3, op: "assignment")
      }
    }

    @Test func wideSharedTreesAreRefusedBeforeMapping() throws {
      let src = "x = {a: 1}\nfor i in range(40) { x = [x, x] }\ny = x + 1\n"
      let rendered = try #require(render(src).error)
      #expect(
        rendered.hasPrefix(
          "script.nns:3:5: error: +: the result would have more than 67108864 leaves"))
      let same = render("x = [1]\nfor i in range(40) { x = [x, x] }\nprint(x == x)")
      #expect(same.output == "true\n")
      let small = render("x = [1]\nfor i in range(3) { x = [x, x] }\nprint(x + 1 == x + 1)")
      #expect(small.output == "true\n")
    }

    @Test func displayOfASharedTreeIsBounded() {
      var x = Value.list([.f32(1)])
      for _ in 0..<40 { x = .list([x, x]) }
      let text = Display.show(x, width: 80)
      #expect(text.count < 1_000_000)
      #expect(text.contains("[...]"))
      // a small tree shows whole
      #expect(Display.show(.list([.list([.f32(1), .f32(2)]), .string("a")])) == "[[1, 2], \"a\"]")
    }

    @Test func stringsAndListsHaveSizeLimits() throws {
      let s = try #require(render("s = \"ab\"\nfor i in range(40) { s = s + s }").error)
      #expect(s.contains("is too long (the limit is 1073741824 bytes)"))
      let l = try #require(render("x = [\"a\"]\nfor i in range(40) { x = extend(x, x) }").error)
      #expect(l.contains("items is too long (the limit is 67108864 items)"))
    }

    @Test func generatorsCheckTheirSizeFirst() throws {
      let e = try #require(render("spiral(1e9, 3)").error)
      #expect(e.contains("spiral: n = 1000000000 is too large (the limit is 268435456 points)"))
    }

    @Test func longClosureChainsAreReleasedWithoutRecursion() {
      // each closure holds the frame of `wrap`, which holds the previous closure
      let src = """
        fn wrap(g) = fn() = g()
        f = fn() = 0
        for i in range(300000) { f = wrap(f) }
        f = 0
        print("released")
        """
      #expect(render(src).output == "released\n")
    }
  }
}
