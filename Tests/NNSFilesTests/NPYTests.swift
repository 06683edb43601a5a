// .npy: numpy-written fixtures, round trips, hand-made headers and malformed files.

import NNSTensor
import Testing

@testable import NNSFiles

@Suite("npy")
struct NPYTests {
  @Test("numpy fixtures load with their values, dtypes and shapes")
  func fixtures() throws {
    func load(_ name: String) throws -> Tensor { try tensorOf(try Files.load(fixture(name))) }
    expectTensor(try load("f4_2x3.npy"), .f32, [2, 3], ramp(6, 0.5, -1))
    expectTensor(try load("f8_5.npy"), .f64, [5], ramp(5, 0.1, 0))
    expectTensor(try load("f8_scalar.npy"), .f64, [], [3.25])
    expectTensor(try load("b1_2x2.npy"), .bool, [2, 2], [1, 0, 0, 1])
    expectTensor(try load("f2_4.npy"), .f32, [4], ramp(4, 0.25, -0.5))
    expectTensor(try load("f4_0x3.npy"), .f32, [0, 3], [])
    expectTensor(try load("be_f4_2x3.npy"), .f32, [2, 3], ramp(6, 0.5, -1))
    expectTensor(try load("be_f8_5.npy"), .f64, [5], ramp(5, 0.1, 0))
    expectTensor(try load("be_i4_6.npy"), .i64, [6], ramp(6, 1, -3))
    expectTensor(try load("v2_f8_2x2.npy"), .f64, [2, 2], ramp(4, 2, 1))
    expectTensor(try load("v3_f8_2x2.npy"), .f64, [2, 2], ramp(4, 2, 1))
  }

  @Test("numpy's f8 values are bit-exact", arguments: 0..<5)
  func exactDoubles(i: Int) throws {
    let t = try tensorOf(try Files.load(fixture("f8_5.npy")))
    // numpy computed arange(5) * 0.1 in f64; the same expression here gives the same bits.
    #expect(t.toDoubles()[i].bitPattern == (Double(i) * 0.1).bitPattern)
  }

  @Test("integer dtypes of every width load as i64", arguments: ["i1", "i2", "i4", "i8"])
  func signedIntegers(code: String) throws {
    let t = try tensorOf(try Files.load(fixture("\(code)_6.npy")))
    expectTensor(t, .i64, [6], ramp(6, 1, -3))
  }

  @Test("unsigned dtypes load as i64", arguments: ["u1", "u2", "u4", "u8"])
  func unsignedIntegers(code: String) throws {
    let t = try tensorOf(try Files.load(fixture("\(code)_6.npy")))
    expectTensor(t, .i64, [6], ramp(6))
  }

  @Test("int64 values load exactly at every size, the i64 extremes included")
  func bigIntegers() throws {
    let t = try tensorOf(try Files.load(fixture("i8_big.npy")))
    #expect(t.dtype == .i64 && t.toInt64s() == [1_099_511_627_777, -5])
    let e = try tensorOf(try Files.load(fixture("i8_extremes.npy")))
    #expect(e.dtype == .i64 && e.toInt64s() == [(1 << 62) + 1, .min, .max])
  }

  @Test("an unsigned value above the i64 range is an error naming it")
  func unsignedOverflow() {
    #expect(
      errorMessage { _ = try Files.load(fixture("u8_over.npy")) }?.hasSuffix(
        "u8_over.npy': unsigned value 9223372036854775808 does not fit in i64") == true)
  }

  @Test("i64 round-trips exactly and is written as numpy's '<i8'")
  func int64RoundTrip() throws {
    let t = try Tensor(shape: [2, 2], int64s: [.min, -1, 1 << 53 + 1, .max])
    let bytes = try NPY.encode(t)
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
    #expect(header.hasPrefix("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }"))
    let back = try NPY.decode(bytes)
    #expect(back.dtype == .i64 && back.shape == [2, 2] && back.toInt64s() == t.toInt64s())
  }

  @Test("fortran-order arrays are reordered to row-major")
  func fortranOrder() throws {
    let a = try tensorOf(try Files.load(fixture("fortran_f4_2x3x4.npy")))
    expectTensor(a, .f32, [2, 3, 4], ramp(24))
    let b = try tensorOf(try Files.load(fixture("fortran_f8_3x2.npy")))
    expectTensor(b, .f64, [3, 2], ramp(6, 1.5))
  }

  static let shapes: [[Int]] = [[], [1], [5], [0], [2, 0], [2, 3], [2, 3, 4], [1, 1, 1, 1, 2]]

  @Test("f32, f64 and bool round-trip bit for bit", arguments: shapes)
  func roundTrip(shape: [Int]) throws {
    let n = shape.reduce(1, *)
    let values = (0..<n).map { Double($0) * 0.37 - 1.1 }
    let dir = try TempDir()
    for tensor in [
      try Tensor(shape: shape, floats: values.map(Float.init)),
      try Tensor(shape: shape, doubles: values),
      try Tensor(shape: shape, values: values.map { $0 > 0 ? 1 : 0 }, dtype: .bool),
    ] {
      let path = dir.file("x.npy")
      try Files.save(path, .tensor(tensor))
      #expect(sameTree(try Files.load(path), .tensor(tensor)))
    }
  }

  @Test("special values survive: nan, inf, -0, subnormals")
  func specialValues() throws {
    let values: [Double] = [
      .nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
    ]
    let t = try Tensor(shape: [6], doubles: values)
    let back = try NPY.decode(try NPY.encode(t))
    #expect(sameTree(.tensor(back), .tensor(t)))
    #expect(back.toDoubles()[3].sign == .minus)
  }

  @Test("the written header is numpy's: version 1.0, padded to 64 bytes, ending in a newline")
  func headerLayout() throws {
    let bytes = try NPY.encode(try Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]))
    #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    #expect((10 + headerLength) % 64 == 0)
    let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
    #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
    #expect(header.hasSuffix(" \n"))
    #expect(bytes.count == 10 + headerLength + 24)
    let scalarHeader = String(
      decoding: try NPY.encode(Tensor(scalar: 1, dtype: .bool)), as: UTF8.self)
    #expect(scalarHeader.contains("'descr': '|b1', 'fortran_order': False, 'shape': (), }"))
  }

  /// A hand-made .npy file: version `major`, the header text as given, then `data`.
  static func handMade(_ header: String, major: UInt8 = 1, data: [UInt8]) -> [UInt8] {
    let h = Array(header.utf8)
    var out = NPY.magic + [major, 0]
    if major == 1 {
      out += [UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
    } else {
      out += [UInt8(h.count & 0xFF), UInt8(h.count >> 8), 0, 0]
    }
    return out + h + data
  }

  @Test("headers in other spellings parse: double quotes, Python 2 longs, no trailing comma")
  func headerSpellings() throws {
    let data: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]  // f32 1.0 and 2.0
    for header in [
      "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L,)}",
      "{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}\n",
      "  { 'descr' : '<f4' , 'fortran_order' : True , 'shape' : ( 2 , ) , }   \n",
      "{'descr': '=f4', 'fortran_order': False, 'shape': (1, 2)}",
    ] {
      let t = try NPY.decode(Self.handMade(header, data: data))
      #expect(t.toDoubles() == [1, 2], "\(header)")
    }
    let big = try NPY.decode(
      Self.handMade("{'descr': '>u2', 'fortran_order': False, 'shape': (1,)}", data: [0x01, 0x02]))
    #expect(big.toDoubles() == [258])
    let v2 = try NPY.decode(
      Self.handMade(
        "{'descr': '|u1', 'fortran_order': False, 'shape': (3,)}", major: 2, data: [7, 8, 9]))
    #expect(v2.toDoubles() == [7, 8, 9])
  }

  static let malformed: [(String, String)] = [
    ("{'descr': '<f4', 'fortran_order': False}", "expected the keys"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "expected the keys"),
    ("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "'fortran_order' must be"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", "'shape' must be a tuple"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "non-negative"),
    ("{'descr': '<c16', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype '<c16'"),
    ("{'descr': '<U3', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype '<U3'"),
    ("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", "structured"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", "malformed header"),
    ("{'descr': '<f4', 'descr': '<f4', 'shape': (1,)}", "duplicate key 'descr'"),
    ("{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", "malformed header"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,)}", "too large"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk", "unexpected text"),
    ("__import__('os')", "malformed header"),
    ("[1, 2]", "not a dict"),
  ]

  @Test("malformed headers are clear errors naming the file", arguments: malformed)
  func malformedHeader(header: String, expected: String) {
    let message = errorMessage {
      _ = try NPY.decode(Self.handMade(header, data: [0, 0, 0, 0]), file: "w.npy")
    }
    #expect(message?.hasPrefix("load: 'w.npy': ") == true, "\(message ?? "no error")")
    #expect(message?.contains(expected) == true, "\(message ?? "no error")")
  }

  @Test("bad magic, versions, truncation and huge shapes are errors")
  func corruptFiles() throws {
    let good = try NPY.encode(try Tensor(shape: [3], floats: [1, 2, 3]))
    #expect(
      errorMessage { _ = try NPY.decode(Array("hello, world".utf8), file: "a.npy") }
        == "load: 'a.npy': not a .npy file (it does not start with \\x93NUMPY)")
    var v9 = good
    v9[6] = 9
    #expect(
      errorMessage { _ = try NPY.decode(v9, file: "a.npy") }
        == "load: 'a.npy': unsupported .npy version 9.0 (nns reads 1.0, 2.0, 3.0)")
    #expect(
      errorMessage { _ = try NPY.decode(Array(good.dropLast(1)), file: "a.npy") }
        == "load: 'a.npy': truncated: shape [3] needs 12 data bytes, found 11")
    #expect(
      errorMessage { _ = try NPY.decode(Array(good.prefix(40)), file: "a.npy") }
        == "load: 'a.npy': truncated: the header says 118 bytes, only 30 follow")
    let huge = Self.handMade(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}", data: [])
    #expect(errorMessage { _ = try NPY.decode(huge, file: "a.npy") }?.contains("too large") == true)
    let many = Self.handMade(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (\(String(repeating: "1,", count: 65)))}",
      data: [0, 0, 0, 0, 0, 0, 0, 0])
    #expect(
      errorMessage { _ = try NPY.decode(many, file: "a.npy") }?.contains("65 dimensions") == true)
  }

  @Test("trailing bytes after the data are ignored, as numpy does")
  func trailingBytes() throws {
    let good = try NPY.encode(try Tensor(shape: [2], doubles: [1, 2]))
    #expect(try NPY.decode(good + [1, 2, 3]).toDoubles() == [1, 2])
  }

  @Test("tensors stop at 64 dimensions, numpy's limit, so every tensor fits a .npy file")
  func tooManyDimensions() throws {
    #expect(
      errorMessage { _ = try Tensor(shape: [Int](repeating: 1, count: 65), floats: [1]) }
        == "tensor: 65 axes is too many (the limit is 64, as in numpy)")
    let t = try Tensor(shape: [Int](repeating: 1, count: 64), floats: [1])
    #expect(try NPY.decode(try NPY.encode(t)).rank == 64)
  }

  @Test("non-contiguous tensors write in row-major order")
  func transposedWrite() throws {
    let t = try transpose(try Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]), nil)
    let back = try NPY.decode(try NPY.encode(t))
    expectTensor(back, .f32, [3, 2], [1, 4, 2, 5, 3, 6])
  }
}
