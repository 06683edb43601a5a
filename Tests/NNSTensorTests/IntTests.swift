// The i64 dtype (SPEC §2): exact integer kernels, overflow as an error, exact comparisons with
// floats, promotion, reductions, indexing and conversions. Expected values are hand-derived
// (the floor-modulo cases are Python's `%`).

import Testing

@testable import NNSTensor

/// A rank-1 i64 tensor.
func ints(_ values: [Int64]) throws -> Tensor {
  try Tensor(shape: [values.count], int64s: values)
}

@Suite("i64")
struct IntTests {
  @Test("+ - * % maximum minimum on two i64 tensors stay i64 and exact beyond 2^53")
  func arithmetic() throws {
    let a = try ints([(1 << 53) + 1, -7, 7, -7])
    let b = try ints([2, 3, -3, -3])
    let cases: [(BinaryOp, [Int64])] = [
      (.add, [(1 << 53) + 3, -4, 4, -10]),
      (.sub, [(1 << 53) - 1, -10, 10, -4]),
      (.mul, [(1 << 54) + 2, -21, -21, 21]),
      (.mod, [1, 2, -2, -1]),
      (.maximum, [(1 << 53) + 1, 3, 7, -3]),
      (.minimum, [2, -7, -3, -7]),
    ]
    for (op, want) in cases {
      let r = try binary(op, a, b)
      #expect(r.dtype == .i64, "\(op)")
      #expect(r.toInt64s() == want, "\(op)")
    }
  }

  @Test("floor modulo at the i64 extremes, as Python computes it")
  func floorModuloExtremes() throws {
    let r = try binary(.mod, try ints([.min, .min, .max, .min]), try ints([3, -3, -7, -1]))
    #expect(r.toInt64s() == [1, -2, 0, 0])
  }

  @Test("overflow and division by zero are errors, never a wrap or a trap")
  func overflow() throws {
    expectError("+: integer overflow (the result does not fit in i64)") {
      _ = try binary(.add, try ints([.max]), try ints([1]))
    }
    expectError("-: integer overflow (the result does not fit in i64)") {
      _ = try binary(.sub, try ints([.min]), try ints([1]))
    }
    expectError("*: integer overflow (the result does not fit in i64)") {
      _ = try binary(.mul, try ints([1 << 32, 1]), try ints([1 << 31, 1]))
    }
    expectError("%: integer division by zero") {
      _ = try binary(.mod, try ints([5, 6]), try ints([2, 0]))
    }
    expectError("-: integer overflow (the result does not fit in i64)") {
      _ = try unary(.neg, try ints([1, .min]))
    }
    expectError("abs: integer overflow (the result does not fit in i64)") {
      _ = try unary(.abs, try ints([.min]))
    }
    #expect(try unary(.neg, try ints([.max, 0, -5])).toInt64s() == [-.max, 0, 5])
    #expect(try unary(.abs, try ints([-.max, 3])).toInt64s() == [.max, 3])
  }

  @Test("/ and ^ of two i64 give the default float; i64 with a float gives that float")
  func promotion() throws {
    let a = try ints([3, 4])
    let half = try binary(.div, a, try ints([2, 8]))
    #expect(half.dtype == Tensor.defaultFloat)
    expectValues(half, [2], [1.5, 0.5])
    let p = try binary(.pow, a, try ints([2, 3]))
    #expect(p.dtype == Tensor.defaultFloat)
    expectValues(p, [2], [9, 64])
    let f64 = try binary(.mul, a, try vec([0.5, 0.25]))
    #expect(f64.dtype == .f64)
    expectValues(f64, [2], [1.5, 1])
    let f32 = try binary(.add, try vec([0.5, 0.25], .f32), a)
    #expect(f32.dtype == .f32)
    // bool arithmetic gives the default float, with i64 too
    let b = try binary(.add, a, try vec([1, 0], .bool))
    #expect(b.dtype == Tensor.defaultFloat)
    expectValues(b, [2], [4, 4])
  }

  @Test("comparisons of i64 with floats are exact by value")
  func exactComparisons() throws {
    // f32(16777217) rounds to 16777216: converting first would call these equal
    let big = try ints([16_777_217, 16_777_216, -3])
    let f = try vec([16_777_216, 16_777_216, -2.5], .f32)
    #expect(try binary(.eq, big, f).toBools() == [false, true, false])
    #expect(try binary(.gt, big, f).toBools() == [true, false, false])
    #expect(try binary(.lt, f, big).toBools() == [true, false, false])
    #expect(try binary(.le, big, f).toBools() == [false, true, true])
    // beyond 2^53 against f64, and against NaN and the infinities
    let huge = try ints([(1 << 53) + 1, .max, .min, 5])
    let g = try vec([0x1p53, 0x1p63, -0x1p63, .nan])
    #expect(try binary(.gt, huge, g).toBools() == [true, false, false, false])
    #expect(try binary(.eq, huge, g).toBools() == [false, false, true, false])
    #expect(try binary(.ne, huge, g).toBools() == [true, true, false, true])
    #expect(try binary(.lt, try ints([.max]), try vec([.infinity])).toBools() == [true])
    #expect(try binary(.ge, try ints([1]), try vec([1], .bool)).toBools() == [true])
    #expect(try binary(.eq, try ints([3, 4]), try ints([3, 5])).toBools() == [true, false])
  }

  @Test("sum and prod stay i64 with overflow an error; max and min keep the dtype")
  func reductions() throws {
    let m = try Tensor(shape: [2, 3], int64s: [1, 2, 3, 4, 5, 6])
    #expect(try reduce(.sum, m, axes: nil, keepdims: false).toInt64s() == [21])
    #expect(try reduce(.sum, m, axes: [0], keepdims: false).toInt64s() == [5, 7, 9])
    #expect(try reduce(.prod, m, axes: [1], keepdims: true).toInt64s() == [6, 120])
    #expect(try reduce(.max, m, axes: [0], keepdims: false).toInt64s() == [4, 5, 6])
    #expect(try reduce(.min, m, axes: nil, keepdims: false).dtype == .i64)
    let mean = try reduce(.mean, m, axes: [1], keepdims: false)
    #expect(mean.dtype == Tensor.defaultFloat)
    expectValues(mean, [2], [2, 5])
    expectValues(try reduce(.variance, m, axes: nil, keepdims: false), [], [35.0 / 12], rel: 1e-7)
    // exact where f64 is not: 2^53 + 1 + 1
    #expect(
      try reduce(.sum, try ints([1 << 53, 1, 1]), axes: nil, keepdims: false).toInt64s()
        == [(1 << 53) + 2])
    expectError("sum: integer overflow (the result does not fit in i64)") {
      _ = try reduce(.sum, try ints([.max, 1]), axes: nil, keepdims: false)
    }
    expectError("prod: integer overflow (the result does not fit in i64)") {
      _ = try reduce(.prod, try ints([1 << 40, 1 << 30]), axes: nil, keepdims: false)
    }
    expectError("max: cannot reduce an empty axis of shape [0]") {
      _ = try reduce(.max, try ints([]), axes: nil, keepdims: false)
    }
  }

  @Test("argmax and argmin give exact i64 positions and compare i64 exactly")
  func positions() throws {
    let r = try argmax(try ints([(1 << 53) + 1, 1 << 53, -1]), axis: nil)
    #expect(r.dtype == .i64 && r.toInt64s() == [0])  // the two values are equal in f64
    #expect(try argmin(try ints([5, -2, -2]), axis: nil).toInt64s() == [1])
    var x = try Tensor.zeros([(1 << 24) + 3], dtype: .f32)
    x.setElement((1 << 24) + 1, 1)
    #expect(try argmax(x, axis: nil).toInt64s() == [(1 << 24) + 1])
  }

  @Test("i64 tensors gather, scatter, reshape, concat, stack and select")
  func indexingAndShapes() throws {
    let x = try vec([10, 20, 30, 40])
    expectValues(try getIndex(x, [.gather(try ints([3, -1, 0]))]), [3], [40, 40, 10])
    expectError("index 4 is out of range for axis 0 of size 4") {
      _ = try getIndex(x, [.gather(try ints([4]))])
    }
    expectError("index -9223372036854775808 is out of range for axis 0 of size 4") {
      _ = try getIndex(x, [.gather(try ints([.min]))])
    }
    var y = try ints([1, 2, 3])
    try setIndex(&y, [.index(1)], Tensor(scalar: -2.7, dtype: .f64))
    #expect(y.dtype == .i64 && y.toInt64s() == [1, -2, 3])  // truncated as i64(x) does
    expectError("index: cannot convert nan to i64") {
      try setIndex(&y, [.index(0)], Tensor(scalar: .nan, dtype: .f32))
    }
    let big = try ints([.max, .min, 7, 8])
    #expect(
      try getIndex(big, [.slice(start: nil, stop: nil, step: -1)]).toInt64s()
        == [8, 7, .min, .max])
    #expect(try reshape(big, [2, 2]).rows() == [[.max, .min], [7, 8]])
    #expect(
      try transpose(reshape(big, [2, 2]), nil).contiguous().rows() == [[.max, 7], [.min, 8]])
    let c = try concat([big, try ints([1])], axis: 0)
    #expect(c.dtype == .i64 && c.toInt64s() == [.max, .min, 7, 8, 1])
    #expect(try concat([try ints([1]), try vec([1], .bool)], axis: 0).dtype == .i64)
    #expect(try concat([try ints([1]), try vec([0.5], .f32)], axis: 0).dtype == .f32)
    #expect(try stack([try ints([1, 2]), try ints([3, 4])], axis: 1).toInt64s() == [1, 3, 2, 4])
    let w = try whereSelect(
      try vec([1, 0], .bool), try getIndex(big, [.slice(start: 0, stop: 2, step: nil)]),
      try ints([5, 6]))
    #expect(w.dtype == .i64 && w.toInt64s() == [.max, 6])
  }

  @Test("i64(x) truncates toward zero; NaN and out-of-range values are errors")
  func conversions() throws {
    let t = try vec([2.7, -2.7, -0.0, 0x1p62]).converted(to: .i64, op: "i64")
    #expect(t.toInt64s() == [2, -2, 0, 1 << 62])
    expectError("i64: cannot convert nan to i64") {
      _ = try vec([1, .nan]).converted(to: .i64, op: "i64")
    }
    expectError("i64: 9.223372036854776e+18 is outside the i64 range") {
      _ = try vec([0x1p63]).converted(to: .i64, op: "i64")
    }
    expectError("i64: inf is outside the i64 range") {
      _ = try vec([.infinity], .f32).converted(to: .i64, op: "i64")
    }
    #expect(try vec([-0x1p63]).converted(to: .i64, op: "i64").toInt64s() == [.min])
    #expect(try ints([3, -1]).cast(.f32).toFloats() == [3, -1])
    #expect(try ints([0, 5]).cast(.bool).toBools() == [false, true])
    #expect(exactInt64(2.5) == nil && exactInt64(0x1p63) == nil && exactInt64(-0.0) == 0)
  }

  @Test("range counts exactly, up to the ends of the i64 range")
  func ranges() throws {
    #expect(try Tensor.range(0, 5, 2).toInt64s() == [0, 2, 4])
    #expect(try Tensor.range(5, 0, -2).toInt64s() == [5, 3, 1])
    #expect(try Tensor.range(.max - 2, .max, 1).toInt64s() == [.max - 2, .max - 1])
    #expect(try Tensor.range(.min, .min + 3, .max).toInt64s() == [.min])
    #expect(Tensor.rangeCount(.min, .max, 1) == UInt64.max)
    #expect(Tensor.rangeCount(.max, .min, .min) == 2)
    #expect(Tensor.rangeCount(3, 3, 1) == 0)
    // i * step alone overflows here; start + i * step does not
    #expect(try Tensor.range(.min, .max, 1 << 62).toInt64s() == [.min, -(1 << 62), 0, 1 << 62])
    expectError("range: step cannot be zero") { _ = try Tensor.range(0, 1, 0) }
  }

  @Test("elementwise functions other than - and abs compute in the default float")
  func unaryFloat() throws {
    let e = try unary(.exp, try ints([0, 1]))
    #expect(e.dtype == Tensor.defaultFloat)
    expectValues(e, [2], [1, Double(Float(2.7182817))], rel: 1e-7)
    #expect(try unary(.isnan, try ints([1])).toBools() == [false])
    #expect(try unary(.isfinite, try ints([1])).toBools() == [true])
    #expect(try unary(.logicalNot, try ints([0, 2])).toBools() == [true, false])
    #expect(try norm(try ints([3, 4]), p: 2, axes: nil, keepdims: false).toDoubles() == [5])
  }

  @Test("long i64 loops stop on Ctrl-C, and the entry point or the runtime then throws")
  func interrupts() throws {
    let big = try Tensor.range(0, 1 << 21, 1)
    let floats = try Tensor.zeros([1 << 21], dtype: .f64)
    Interrupt.request()
    defer { Interrupt.clear() }
    _ = try reduce(.sum, big, axes: nil, keepdims: false)  // stops early, leaves the flag
    #expect(Interrupt.isRequested)
    #expect(throws: Interrupted.self) { _ = try floats.converted(to: .i64, op: "i64") }
    Interrupt.request()
    #expect(throws: Interrupted.self) { _ = try Tensor.range(0, 1 << 21, 1) }
  }

  @Test("random integers and permutations are i64")
  func random() throws {
    let rng = RNG(seed: 3)
    let r = try rng.randint(Int(Int64.min), Int(Int64.max), [50])
    #expect(r.dtype == .i64 && Set(r.toInt64s()).count == 50)
    let small = try rng.randint(-2, 1, [200]).toInt64s()
    #expect(Set(small) == [-2, -1, 0])
    #expect(try rng.permutation(6).toInt64s().sorted() == [0, 1, 2, 3, 4, 5])
  }
}

extension Tensor {
  /// The rows of a rank-2 i64 tensor, for comparing layouts.
  func rows() -> [[Int64]] {
    let v = toInt64s()
    let cols = shape[1]
    return (0..<shape[0]).map { Array(v[($0 * cols)..<(($0 + 1) * cols)]) }
  }
}
