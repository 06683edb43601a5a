// CSV: quoting, line ends, blank lines, errors with line numbers, round trips.

import NNSTensor
import Testing

@testable import NNSFiles

@Suite("csv")
struct CSVTests {
  func table(_ text: String, header: Bool = true, dtype: DType = .f64) throws -> CSV.Table {
    try CSV.decode(Array(text.utf8), header: header, dtype: dtype)
  }

  @Test("a plain table with a header")
  func plain() throws {
    let t = try table("a,b,c\n1,2,3\n4.5,-6,1e3\n")
    #expect(t.columns == ["a", "b", "c"])
    expectTensor(t.data, .f64, [2, 3], [1, 2, 3, 4.5, -6, 1000])
  }

  @Test(
    "line ends: CRLF, CR, no final newline, blank trailing lines",
    arguments: [
      "x,y\r\n1,2\r\n3,4\r\n", "x,y\r1,2\r3,4", "x,y\n1,2\n3,4", "x,y\n1,2\n\n3,4\n\n\n",
      "\u{FEFF}x,y\n1,2\n3,4\n",
      "x,y\n 1 , 2\n3,\t4 \n   \n",
    ])
  func lineEnds(text: String) throws {
    let t = try table(text)
    #expect(t.columns == ["x", "y"])
    expectTensor(t.data, .f64, [2, 2], [1, 2, 3, 4])
  }

  @Test("RFC 4180 quoting: separators, quotes and line breaks inside quotes, quoted numbers")
  func quoting() throws {
    let t = try table("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\", plain \n\"1.5\", \"2\" ,3,4\n")
    #expect(t.columns == ["a,b", "say \"hi\"", "two\nlines", "plain"])
    expectTensor(t.data, .f64, [1, 4], [1.5, 2, 3, 4])
  }

  @Test("without a header every line is data; f32 by request")
  func noHeader() throws {
    let t = try table("1,2\n3,4\n", header: false, dtype: .f32)
    #expect(t.columns.isEmpty)
    expectTensor(t.data, .f32, [2, 2], [1, 2, 3, 4])
  }

  @Test("empty cells are NaN; nan and inf spellings are numbers")
  func specials() throws {
    let t = try table("a,b,c\n,nan,inf\n-inf,NaN,-Infinity\n")
    expectTensor(t.data, .f64, [2, 3], [.nan, .nan, .infinity, -.infinity, .nan, -.infinity])
  }

  @Test("empty inputs: empty file, header only")
  func empty() throws {
    let none = try table("")
    #expect(none.columns.isEmpty)
    expectTensor(none.data, .f64, [0, 0], [])
    let headerOnly = try table("a,b,c\n")
    #expect(headerOnly.columns == ["a", "b", "c"])
    expectTensor(headerOnly.data, .f64, [0, 3], [])
    expectTensor(try table("\n\n", header: false).data, .f64, [0, 0], [])
  }

  static let errors: [(String, Bool, String)] = [
    (
      "a,b,c,d,e\n1,2,3,4,5\n6,7,8,9,10\n1,2,3\n", true, "load_csv: line 4 has 3 fields, expected 5"
    ),
    ("1,2\n3\n", false, "load_csv: line 2 has 1 field, expected 2"),
    ("a,b\n1,2\n\n3,4,5\n", true, "load_csv: line 4 has 3 fields, expected 2"),
    (
      "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n1,abc\n", true,
      "load_csv: line 7, column 2: 'abc' is not a number"
    ),
    ("\"multi\nline\"\n", false, "load_csv: line 1, column 1: 'multi\nline' is not a number"),
    ("a\n\"1\n2\"\n3,4\n", true, "load_csv: line 2, column 1: '1\n2' is not a number"),
    ("a\n\"x\ny\"\nz\n", true, "load_csv: line 2, column 1"),
    ("a\n\"1\n\n2\"\nq\n", true, "load_csv: line 2, column 1"),
    ("a,b\n\"1\n2\",3\nfoo,4\n", true, "load_csv: line 2, column 1"),
    ("a\n0x10\n", true, "load_csv: line 2, column 1: '0x10' is not a number"),
    ("a\n1_000\n", true, "'1_000' is not a number"),
    ("a\n1e\n", true, "'1e' is not a number"),
    ("a\n.\n", true, "'.' is not a number"),
    ("a\ntrue\n", true, "'true' is not a number"),
    ("a,b\n1,\"2\n", true, "load_csv: line 2: a quoted field is never closed"),
    ("a,b\n1,\"2\"x\n", true, "load_csv: line 2, column 2: text after a closing quote"),
  ]

  @Test("ragged rows and non-numbers are errors with line and column", arguments: errors)
  func error(text: String, header: Bool, expected: String) {
    let message = errorMessage { _ = try table(text, header: header) }
    #expect(message?.hasPrefix("load_csv: line ") == true, "\(message ?? "no error")")
    #expect(message?.contains(expected) == true, "\(message ?? "no error")")
  }

  @Test("line numbers count the lines inside quoted fields")
  func linesInsideQuotes() {
    let message = errorMessage { _ = try table("\"a\nb\",c\n1,2\n3,x\n") }
    #expect(message == "load_csv: line 4, column 2: 'x' is not a number")
  }

  @Test("save_csv writes the shortest round-trip numbers with a generated header")
  func write() throws {
    let t = try Tensor(shape: [2, 3], floats: [0.1, 3, -2.5, 1e-8, .nan, -.infinity])
    let text = String(decoding: try CSV.encode(t), as: UTF8.self)
    #expect(text == "c0,c1,c2\n0.1,3,-2.5\n1e-08,nan,-inf\n")
    let d = try Tensor(shape: [3], doubles: [0.1, 1.0 / 3, 1e300])
    #expect(
      String(decoding: try CSV.encode(d, header: false), as: UTF8.self)
        == "0.1\n0.3333333333333333\n1e+300\n")
    let b = try Tensor(shape: [1, 2], values: [1, 0], dtype: .bool)
    #expect(
      String(decoding: try CSV.encode(b, columns: ["a,b", "say \"x\""]), as: UTF8.self)
        == "\"a,b\",\"say \"\"x\"\"\"\n1,0\n")
  }

  @Test("save_csv refuses other ranks, no columns and wrong name counts")
  func writeErrors() throws {
    #expect(
      errorMessage {
        _ = try CSV.encode(try Tensor(shape: [2, 2, 2], floats: Array(repeating: 0, count: 8)))
      }
        == "save_csv: needs a tensor of rank 1 or 2, got shape [2,2,2]")
    #expect(
      errorMessage { _ = try CSV.encode(Tensor(scalar: 1, dtype: .f32)) }
        == "save_csv: needs a tensor of rank 1 or 2, got shape []")
    #expect(
      errorMessage { _ = try CSV.encode(try Tensor(shape: [2, 0], floats: [])) }
        == "save_csv: cannot write shape [2,0] (no columns)")
    #expect(
      errorMessage {
        _ = try CSV.encode(try Tensor(shape: [1, 2], floats: [1, 2]), columns: ["a"])
      }
        == "save_csv: 1 column names for 2 columns")
  }

  @Test("save_csv then load_csv with defaults round-trips exactly", arguments: [DType.f32, .f64])
  func roundTrip(dtype: DType) throws {
    var rng = SplitMix(state: 42)
    let values = (0..<60).map { _ in
      Double.random(in: -1e6...1e6, using: &rng) * Double.random(in: 0...1e-6, using: &rng)
    }
    let t = try Tensor(shape: [20, 3], values: values, dtype: dtype)
    let dir = try TempDir()
    let path = dir.file("t.csv")
    try Files.saveCSV(path, t, columns: ["x", "y,z", " w"])
    let back = try Files.loadCSV(path, dtype: dtype)
    #expect(back.columns == ["x", "y,z", " w"])
    #expect(sameTree(.tensor(back.data), .tensor(t)))
    let tree = try Files.loadCSV(path, names: true, dtype: dtype)
    guard case .record(let fields) = tree, fields.count == 2, case .list(let names) = fields[0].1
    else {
      Issue.record("expected {columns, data}")
      return
    }
    #expect(fields.map(\.0) == ["columns", "data"])
    #expect(sameTree(.list(names), .list([.string("x"), .string("y,z"), .string(" w")])))
    #expect(sameTree(fields[1].1, .tensor(t)))
  }

  @Test("load_csv names: true without a header is an error; a missing file names the path")
  func loadErrors() throws {
    let dir = try TempDir()
    #expect(
      errorMessage { _ = try Files.loadCSV(dir.file("t.csv"), header: false, names: true) }
        == "load_csv: names: true needs a header line (header: false was given)")
    #expect(
      errorMessage { _ = try Files.loadCSV(dir.file("nope.csv")) }
        == "load_csv: cannot open '\(dir.file("nope.csv"))': no such file or directory")
    #expect(
      errorMessage { _ = try CSV.decode([], dtype: .bool) }
        == "load_csv: dtype must be f32 or f64, got bool")
  }
}
