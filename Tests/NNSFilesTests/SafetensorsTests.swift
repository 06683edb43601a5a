// .safetensors: reference-library fixtures, round trips, flattening and corrupt headers.

import NNSTensor
import Testing

@testable import NNSFiles

@Suite("safetensors")
struct SafetensorsTests {
  @Test("a file written by the safetensors package loads every dtype and the metadata")
  func referenceFile() throws {
    let bytes = try FileSystem.readFile(fixture("mixed.safetensors"), op: "load")
    let contents = try Safetensors.decode(bytes)
    let tensors = Dictionary(uniqueKeysWithValues: contents.tensors.map { ($0.0, $0.1) })
    #expect(tensors.count == 9)
    func check(_ name: String, _ dtype: DType, _ shape: [Int], _ values: [Double]) throws {
      expectTensor(try #require(tensors[name]), dtype, shape, values)
    }
    try check("weight", .f32, [2, 3], ramp(6, 0.5, -1))
    try check("bias", .f64, [3], ramp(3, 0.1, 0))
    try check("mask", .bool, [3], [1, 0, 1])
    try check("ids", .i64, [4], ramp(4, 1, -2))
    try check("counts", .i64, [2, 2], ramp(4, 3, 0))
    try check("pixels", .i64, [5], ramp(5, 50, 0))
    try check("half", .f32, [4], ramp(4, 0.25, -0.5))
    try check("scalar", .f32, [], [7.5])
    try check("empty", .f32, [0, 4], [])
    #expect(contents.metadata.map(\.0).sorted() == ["format", "note"])
    #expect(contents.metadata.first { $0.0 == "note" }?.1 == "made by make_fixtures.py")
  }

  @Test("BF16 loads as f32 exactly")
  func bfloat16() throws {
    let tree = try Files.load(fixture("bf16.safetensors"))
    guard case .record(let fields) = tree else {
      Issue.record("expected a record")
      return
    }
    #expect(fields.map(\.0) == ["b"])
    // 3e38 truncated to its top 16 bits, as the fixture script wrote it.
    let truncated = Double(Float(bitPattern: Float(3e38).bitPattern & 0xFFFF_0000))
    expectTensor(try tensorOf(fields[0].1), .f32, [4], [1, -2.5, 0.15625, truncated])
  }

  @Test("records of f32, f64, i64 and bool tensors round-trip in order, metadata included")
  func roundTrip() throws {
    let contents = Safetensors.Contents(
      tensors: [
        ("w", try Tensor(shape: [3], floats: [0.1, -2, 3])),
        ("i", try Tensor(shape: [3], int64s: [.min, (1 << 53) + 1, .max])),
        ("b", try Tensor(shape: [2, 2], doubles: [0.1, .nan, -.infinity, 5e-324])),
        ("m", try Tensor(shape: [2], values: [1, 0], dtype: .bool)),
        ("s", Tensor(scalar: 2, dtype: .f32)),
        ("e", try Tensor(shape: [0], doubles: [])),
        ("ünï \"q\"", try Tensor(shape: [1], floats: [9])),
      ],
      metadata: [("format", "pt"), ("k", "v\n")])
    let back = try Safetensors.decode(try Safetensors.encode(contents))
    #expect(back.tensors.map(\.0) == contents.tensors.map(\.0))
    for (a, b) in zip(back.tensors, contents.tensors) {
      #expect(sameTree(.tensor(a.1), .tensor(b.1)), "\(a.0)")
    }
    #expect(back.metadata.map(\.0) == ["format", "k"])
    #expect(back.metadata.map(\.1) == ["pt", "v\n"])
  }

  @Test("the layout is aligned: header padded to 8 bytes, 8-byte types first")
  func layout() throws {
    let bytes = try Safetensors.encode(
      Safetensors.Contents(tensors: [
        ("a", try Tensor(shape: [3], floats: [1, 2, 3])),
        ("b", try Tensor(shape: [1], doubles: [4])),
      ]))
    let n = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
    #expect(n % 8 == 0)
    let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
    #expect(
      header.hasPrefix(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]},"
          + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}"))
    #expect(bytes.count == 8 + n + 20)
  }

  @Test("save flattens nested records and lists with dotted names")
  func flattening() throws {
    let dir = try TempDir()
    let path = dir.file("params.safetensors")
    let layer = { (w: Float) throws -> FileTree in
      .record([("W", .tensor(try Tensor(shape: [1], floats: [w]))), ("b", .number(0.5))])
    }
    try Files.save(
      path, .record([("layers", .list([try layer(1), try layer(2)])), ("flag", .bool(true))]))
    guard case .record(let fields) = try Files.load(path) else {
      Issue.record("expected a record")
      return
    }
    #expect(fields.map(\.0) == ["layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b", "flag"])
    expectTensor(try tensorOf(fields[2].1), .f32, [1], [2])
    expectTensor(try tensorOf(fields[3].1), Tensor.defaultFloat, [], [0.5])
    expectTensor(try tensorOf(fields[4].1), .bool, [], [1])
  }

  @Test("values a safetensors file cannot hold are errors")
  func unsavable() throws {
    let dir = try TempDir()
    let path = dir.file("x.safetensors")
    #expect(
      errorMessage { try Files.save(path, .tensor(Tensor(scalar: 1, dtype: .f32))) }
        == "save: a .safetensors file holds a record of tensors, got a tensor")
    #expect(
      errorMessage { try Files.save(path, .record([("a", .string("x"))])) }
        == "save: a .safetensors file holds only tensors, 'a' is a string")
    let dup: FileTree = .record([
      ("a.b", .number(1)), ("a", .record([("b", .number(2))])),
    ])
    #expect(errorMessage { try Files.save(path, dup) } == "save: the name 'a.b' appears twice")
    #expect(try dir.listing().isEmpty)
  }

  /// A file with the given JSON header (unpadded) and data bytes.
  static func handMade(_ header: String, data: [UInt8]) -> [UInt8] {
    let h = Array(header.utf8)
    return (0..<8).map { UInt8((h.count >> (8 * $0)) & 0xFF) } + h + data
  }

  static let corrupt: [(String, Int, String)] = [
    ("[]", 0, "malformed header: it is not a JSON object"),
    ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", 8, "line 1, column 54"),
    (
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8,
      "truncated: 'a' ends at data byte 16, the data has 8 bytes"
    ),
    (
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8,
      "'a': data_offsets [0,8] hold 8 bytes, shape [3] needs 12"
    ),
    (
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
      "'a' and 'b' overlap in the data"
    ),
    (
      "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8,
      "'a': unsupported dtype 'C64'"
    ),
    (
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4,
      "\"shape\" must hold non-negative integers"
    ),
    (
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4,
      "\"data_offsets\" must be [begin, end]"
    ),
    ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "'a' has no \"data_offsets\""),
    (
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", 4,
      "needs more"
    ),
    ("{\"__metadata__\":{\"a\":1}}", 0, "\"__metadata__\" value 'a' is not a string"),
    ("{\"a\":1}", 0, "'a' is not an object"),
    ("{\"a\":{},\"a\":{}}", 0, "duplicate key \"a\""),
  ]

  @Test("corrupt headers and offsets are clear errors naming the file", arguments: corrupt)
  func corruptFile(header: String, dataBytes: Int, expected: String) {
    let bytes = Self.handMade(header, data: [UInt8](repeating: 0, count: dataBytes))
    let message = errorMessage { _ = try Safetensors.decode(bytes, file: "m.safetensors") }
    #expect(message?.hasPrefix("load: 'm.safetensors': ") == true, "\(message ?? "no error")")
    #expect(message?.contains(expected) == true, "\(message ?? "no error")")
  }

  @Test("short files and implausible header lengths are errors")
  func headerLength() {
    #expect(
      errorMessage { _ = try Safetensors.decode([1, 2, 3], file: "m.safetensors") }
        == "load: 'm.safetensors': not a safetensors file (shorter than its 8-byte header length)")
    let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B]
    #expect(
      errorMessage { _ = try Safetensors.decode(huge, file: "m.safetensors") }?
        .contains("header length 18446744073709551615 is implausible") == true)
    let short = Self.handMade("{}", data: [])
    #expect(
      errorMessage { _ = try Safetensors.decode(Array(short.dropLast()), file: "m.safetensors") }
        == "load: 'm.safetensors': truncated: the header says 2 bytes, only 1 follow")
  }
}
