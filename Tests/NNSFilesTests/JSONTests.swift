// JSON: trees round-trip, Python's JSON loads, syntax errors name line and column.

import NNSTensor
import Testing

@testable import NNSFiles

@Suite("json")
struct JSONTests {
  func decode(_ text: String, floatType: DType = .f32) throws -> FileTree {
    try JSONFormat.decode(Array(text.utf8), file: "t.json", floatType: floatType)
  }

  @Test("a tree of every kind round-trips through save and load")
  func roundTrip() throws {
    let tree: FileTree = .record([
      ("W", .tensor(try Tensor(shape: [2, 3], floats: [0.1, -2, 3e-8, 4, 5.5, 1e20]))),
      ("mask", .tensor(try Tensor(shape: [2, 1], values: [1, 0], dtype: .bool))),
      ("lr", .number(0.001)),
      ("on", .bool(false)),
      ("name", .string("tab\there \"q\" \\ ü 😀 \u{1}")),
      ("layers", .list([.record([("b", .tensor(try Tensor(shape: [1], floats: [7])))]), .none])),
      ("empty", .record([])),
      ("nothing", .list([])),
      ("nums", .list([.number(1), .string("a"), .bool(true)])),
      ("special", .tensor(try Tensor(shape: [3], floats: [.nan, .infinity, -.infinity]))),
    ])
    let dir = try TempDir()
    try Files.save(dir.file("t.json"), tree)
    let back = try Files.load(dir.file("t.json"), floatType: .f32)
    #expect(sameTree(back, tree))
  }

  @Test("f64 tensors round-trip exactly when loaded as f64")
  func doubles() throws {
    let values = [0.1, 1.0 / 3, -2.5e-300, 1.7976931348623157e308, -0.0, 123456789.123456789]
    let t = try Tensor(shape: [6], doubles: values)
    let back = try decode(try JSONFormat.encode(.tensor(t)), floatType: .f64)
    #expect(sameTree(back, .tensor(t)))
  }

  @Test("scalars: rank-0 tensors write as lone values and read as numbers or bools")
  func scalars() throws {
    #expect(try JSONFormat.encode(.tensor(Tensor(scalar: 0.1, dtype: .f32))) == "0.1\n")
    #expect(try JSONFormat.encode(.tensor(Tensor(scalar: 3, dtype: .f64))) == "3\n")
    #expect(try JSONFormat.encode(.tensor(Tensor(scalar: 1, dtype: .bool))) == "true\n")
    #expect(sameTree(try decode("2.5"), .number(2.5)))
    #expect(sameTree(try decode(" true "), .bool(true)))
  }

  @Test("i64 tensors write as exact integers")
  func integers() throws {
    #expect(try JSONFormat.encode(.tensor(Tensor(int64: .min))) == "-9223372036854775808\n")
    let t = try Tensor(shape: [3], int64s: [(1 << 53) + 1, 0, .max])
    #expect(
      try JSONFormat.encode(.tensor(t)) == "[9007199254740993, 0, 9223372036854775807]\n")
    let csv = String(
      decoding: try CSV.encode(try Tensor(shape: [2], int64s: [-3, 1 << 60]), header: false),
      as: UTF8.self)
    #expect(csv == "-3\n1152921504606846976\n")
  }

  @Test("the text is indented JSON with the last axis of a tensor on one line")
  func layout() throws {
    let tree: FileTree = .record([
      ("W", .tensor(try Tensor(shape: [2, 2], floats: [1, 2, 3, 4]))),
      ("b", .list([.number(1), .none])),
      ("x", .number(.nan)),
    ])
    let expected = """
      {
        "W": [
          [1, 2],
          [3, 4]
        ],
        "b": [1, null],
        "x": NaN
      }

      """
    #expect(try JSONFormat.encode(tree) == expected)
  }

  @Test("a file written by Python's json module loads")
  func pythonFile() throws {
    let tree = try Files.load(fixture("python.json"), floatType: .f64)
    guard case .record(let fields) = tree else {
      Issue.record("expected a record")
      return
    }
    #expect(
      fields.map(\.0) == [
        "name", "layers", "flags", "mixed", "lr", "special", "empty", "nested_empty",
      ])
    let expected: FileTree = .record([
      ("name", .string("net")),
      (
        "layers",
        .list([
          .record([
            ("W", .tensor(try Tensor(shape: [2, 2], doubles: [1, 2, 3, 4.5]))),
            ("b", .tensor(try Tensor(shape: [2], doubles: [0.1, -0.2]))),
          ]),
          .record([
            ("W", .tensor(try Tensor(shape: [2, 1], doubles: [5, 6]))),
            ("b", .tensor(try Tensor(shape: [1], doubles: [0]))),
          ]),
        ])
      ),
      ("flags", .tensor(try Tensor(shape: [2], values: [1, 0], dtype: .bool))),
      ("mixed", .list([.number(1), .string("a"), .none])),
      ("lr", .number(0.001)),
      ("special", .tensor(try Tensor(shape: [3], doubles: [.nan, .infinity, -.infinity]))),
      ("empty", .list([])),
      ("nested_empty", .record([])),
    ])
    #expect(sameTree(tree, expected))
  }

  @Test("ragged and mixed arrays stay lists")
  func lists() throws {
    #expect(
      sameTree(
        try decode("[[1, 2], [3]]"),
        .list([
          .tensor(try Tensor(shape: [2], floats: [1, 2])),
          .tensor(try Tensor(shape: [1], floats: [3])),
        ])))
    #expect(sameTree(try decode("[1, true]"), .list([.number(1), .bool(true)])))
    #expect(
      sameTree(
        try decode("[[1], 2]"), .list([.tensor(try Tensor(shape: [1], floats: [1])), .number(2)])))
    #expect(sameTree(try decode("[[], []]"), .list([.list([]), .list([])])))
  }

  @Test("f32 numbers parse straight from the text, correctly rounded")
  func floatRounding() throws {
    // 1.00000005960464477539062500000001 lies just above the midpoint between two floats:
    // rounding through f64 first would land on the midpoint and then round to even (1.0).
    let t = try tensorOf(try decode("[1.00000005960464477539062500000001]"))
    #expect(t.toFloats() == [Float(bitPattern: 0x3F80_0001)])
  }

  @Test("strings: escapes, surrogate pairs, raw UTF-8")
  func strings() throws {
    let tree = try decode(#"["a\"b\\c\/d\b\f\n\r\t", "\u00fc\ud83d\ude00", "ü😀"]"#)
    #expect(
      sameTree(tree, .list([.string("a\"b\\c/d\u{8}\u{c}\n\r\t"), .string("ü😀"), .string("ü😀")])))
  }

  static let syntaxErrors: [(String, String)] = [
    ("", "line 1, column 1: unexpected end of input, expected a value"),
    ("[1, 2", "line 1, column 6: expected ',' or ']' in an array"),
    ("{\"a\" 1}", "line 1, column 6: expected ':' after a key"),
    ("{\"a\": 1,\n \"a\": 2}", "line 2, column 2: duplicate key \"a\""),
    ("[1,]", "line 1, column 4: unexpected character ']', expected a value"),
    ("[01]", "line 1, column 3: expected ',' or ']' in an array"),
    ("[1.]", "invalid number: digits must follow '.'"),
    ("[1e]", "invalid number: bad exponent"),
    ("\"abc", "string is never closed"),
    ("\"a\u{1}\"", "control character 0x1 in a string"),
    ("\"\\x\"", "invalid escape \\x"),
    ("\"\\ud800\"", "unpaired surrogate \\ud800"),
    ("\"\\udc00\"", "unpaired surrogate \\udc00"),
    ("\"\\u12\"", "invalid \\u escape"),
    ("tru", "unexpected character 't', expected a value"),
    ("[1] 2", "unexpected text after the value"),
    ("{1: 2}", "expected a string key"),
    ("[1]\n\n  x", "line 3, column 3: unexpected text after the value"),
  ]

  @Test("syntax errors name the file, line and column", arguments: syntaxErrors)
  func syntaxError(text: String, expected: String) {
    let message = errorMessage { _ = try decode(text) }
    #expect(message?.hasPrefix("load: 't.json': line ") == true, "\(message ?? "no error")")
    #expect(message?.contains(expected) == true, "\(message ?? "no error")")
  }

  @Test("invalid UTF-8 in a string is an error")
  func invalidUTF8() {
    let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
    #expect(
      errorMessage { _ = try JSONFormat.decode(bytes, file: "t.json") }
        == "load: 't.json': line 1, column 5: string is not valid UTF-8")
  }

  @Test("hostile nesting is an error, not a stack overflow", arguments: [257, 100_000])
  func deepNesting(depth: Int) {
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(
      errorMessage { _ = try decode(text) }?.contains("nested deeper than 256 levels") == true)
    let objects =
      String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
    #expect(
      errorMessage { _ = try decode(objects) }?.contains("nested deeper than 256 levels") == true)
  }

  @Test("nesting up to the limit works: a tensor up to 64 axes, nested lists beyond")
  func nestingAtLimit() throws {
    let text = String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64)
    #expect(try tensorOf(try decode(text)).rank == 64)
    let deep = String(repeating: "[", count: 256) + "1" + String(repeating: "]", count: 256)
    var tree = try decode(deep)
    var depth = 0
    while case .list(let items) = tree, items.count == 1 {
      tree = items[0]
      depth += 1
    }
    #expect(depth == 256 - 64)
    #expect(try tensorOf(tree).rank == 64)
  }

  @Test("writing a tree nested too deeply is an error")
  func deepWrite() {
    var tree: FileTree = .number(1)
    for _ in 0..<300 { tree = .list([tree]) }
    #expect(
      errorMessage { _ = try JSONFormat.encode(tree) }
        == "save: the value is nested deeper than 256 levels")
  }
}
