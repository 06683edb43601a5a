// Elementwise operations: values against numpy, conventions, broadcasting against a naive
// reference, and error messages.

import PropertyBased
import Testing

@testable import NNSTensor

@Suite("elementwise")
struct ElementwiseTests {
  static let unaryCases: [(UnaryOp, Ref, Ref)] = [
    (.exp, NP.unaryInput, NP.exp), (.expm1, NP.unaryInput, NP.expm1),
    (.log, NP.posInput, NP.log), (.log1p, NP.posInput, NP.log1p),
    (.sqrt, NP.posInput, NP.sqrt), (.sin, NP.unaryInput, NP.sin),
    (.cos, NP.unaryInput, NP.cos), (.tan, NP.unaryInput, NP.tan),
    (.tanh, NP.unaryInput, NP.tanh), (.sigmoid, NP.unaryInput, NP.sigmoid),
    (.gelu, NP.unaryInput, NP.gelu), (.erf, NP.unaryInput, NP.erf),
    (.softplus, NP.unaryInput, NP.softplus), (.elu, NP.unaryInput, NP.elu),
    (.sign, NP.unaryInput, NP.sign), (.round, NP.roundInput, NP.round),
    (.floor, NP.roundInput, NP.floor), (.ceil, NP.roundInput, NP.ceil),
  ]

  @Test(arguments: 0..<unaryCases.count)
  func unaryMatchesNumpy(index: Int) throws {
    let (op, input, want) = Self.unaryCases[index]
    expectRef(try unary(op, try tensor(input)), want, rel: 1e-14, abs: 1e-15)
    // f32 agrees to single precision, including the fast exp and tanh kernels
    let f = try unary(op, try tensor(input, .f32))
    #expect(f.dtype == .f32)
    expectRef(f, want, rel: 3e-7, abs: 1e-7)
  }

  @Test func simpleUnaryOps() throws {
    let x = try vec([-2, -0.5, 0, 3])
    expectValues(try unary(.neg, x), [4], [2, 0.5, 0, -3])
    expectValues(try unary(.abs, x), [4], [2, 0.5, 0, 3])
    expectValues(try unary(.relu, x), [4], [0, 0, 0, 3])
    expectValues(try unary(.square, x), [4], [4, 0.25, 0, 9])
    expectValues(try unary(.reciprocal, x), [4], [-0.5, -2, .infinity, 1.0 / 3])
    expectValues(try leakyRelu(x, slope: 0.1), [4], [-0.2, -0.05, 0, 3])
    expectValues(try unary(.relu, try vec([.nan])), [1], [.nan])
    expectValues(try unary(.sign, try vec([-0.0, .nan])), [2], [0, .nan])
  }

  @Test func boolResults() throws {
    let x = try vec([1, .nan, .infinity, 0])
    #expect(try unary(.isnan, x).toBools() == [false, true, false, false])
    #expect(try unary(.isinf, x).toBools() == [false, false, true, false])
    #expect(try unary(.isfinite, x).toBools() == [true, false, false, true])
    #expect(try unary(.logicalNot, x).toBools() == [false, false, false, true])
    #expect(try unary(.isnan, x).dtype == .bool)
    let b = try Tensor(shape: [2], bools: [true, false])
    #expect(try unary(.logicalNot, b).toBools() == [false, true])
    #expect(try unary(.isnan, b).toBools() == [false, false])
    let e = try unary(.exp, b)
    #expect(e.dtype == Tensor.defaultFloat)
  }

  @Test func binaryValues() throws {
    let a = try vec([1, -2, 3, 0])
    let b = try vec([2, 2, -1, 0])
    expectValues(try binary(.add, a, b), [4], [3, 0, 2, 0])
    expectValues(try binary(.sub, a, b), [4], [-1, -4, 4, 0])
    expectValues(try binary(.mul, a, b), [4], [2, -4, -3, 0])
    expectValues(try binary(.div, a, b), [4], [0.5, -1, -3, .nan])
    expectValues(try binary(.maximum, a, b), [4], [2, 2, 3, 0])
    expectValues(try binary(.minimum, a, b), [4], [1, -2, -1, 0])
    expectRef(try binary(.mod, try tensor(NP.modA), try tensor(NP.modB)), NP.mod)
    expectRef(try binary(.pow, try tensor(NP.powA), try tensor(NP.powB)), NP.pow, rel: 1e-15)
    let nan = try vec([.nan, 1])
    expectValues(try binary(.maximum, nan, try vec([0, .nan])), [2], [.nan, .nan])
    expectValues(try binary(.minimum, nan, try vec([0, .nan])), [2], [.nan, .nan])
  }

  @Test func comparisons() throws {
    let a = try vec([1, 2, 3])
    let b = try vec([2, 2, 2])
    #expect(try binary(.eq, a, b).toBools() == [false, true, false])
    #expect(try binary(.ne, a, b).toBools() == [true, false, true])
    #expect(try binary(.lt, a, b).toBools() == [true, false, false])
    #expect(try binary(.le, a, b).toBools() == [true, true, false])
    #expect(try binary(.gt, a, b).toBools() == [false, false, true])
    #expect(try binary(.ge, a, b).toBools() == [false, true, true])
    #expect(try binary(.lt, a, b).dtype == .bool)
    #expect(try binary(.eq, try vec([.nan]), try vec([.nan])).toBools() == [false])
  }

  @Test func whereAndClamp() throws {
    let c = try Tensor(shape: [3], bools: [true, false, true])
    expectValues(
      try whereSelect(c, try vec([1, 2, 3]), Tensor(scalar: 0, dtype: .f64)), [3], [1, 0, 3])
    let grid = try whereSelect(
      try tensor([2, 1], [1, 0]), try vec([1, 2, 3]), try tensor([2, 1], [7, 8]))
    expectValues(grid, [2, 3], [1, 2, 3, 8, 8, 8])
    let bb = try whereSelect(c, c, try Tensor(shape: [3], bools: [false, true, false]))
    #expect(bb.dtype == .bool && bb.toBools() == [true, true, true])
    let x = try vec([-2, 0.5, 3])
    expectValues(
      try clamp(x, Tensor(scalar: 0, dtype: .f64), Tensor(scalar: 1, dtype: .f64)), [3],
      [0, 0.5, 1])
    expectValues(try clamp(x, try vec([-3, 1, 0]), try vec([-1, 2, 2])), [3], [-2, 1, 2])
  }

  @Test func broadcastingShapes() throws {
    let col = try tensor([2, 1], [10, 20])
    let row = try vec([1, 2, 3])
    expectValues(try binary(.add, col, row), [2, 3], [11, 12, 13, 21, 22, 23])
    expectValues(try binary(.sub, row, col), [2, 3], [-9, -8, -7, -19, -18, -17])
    let s = Tensor(scalar: 2, dtype: .f64)
    expectValues(try binary(.pow, row, s), [3], [1, 4, 9])
    expectValues(try binary(.div, s, row), [3], [2, 1, 2.0 / 3])
    #expect(try broadcastShapes([2, 1, 3], [4, 1], op: "+") == [2, 4, 3])
    // a row repeated over leading axes, on either side (the bias-add loop)
    let m = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
    expectValues(try binary(.add, m, row), [2, 3], [2, 4, 6, 5, 7, 9])
    expectValues(try binary(.sub, row, m), [2, 3], [0, 0, 0, -3, -3, -3])
    let m3 = try reshape(m, [2, 1, 3])
    expectValues(
      try binary(.mul, m3, try tensor([1, 3], [1, 0, -1])), [2, 1, 3], [1, 0, -3, 4, 0, -6])
    #expect(try binary(.add, try Tensor.zeros([0, 3], dtype: .f32), row).shape == [0, 3])
  }

  @Test func errorMessages() throws {
    expectError("+: shapes [3] and [4] cannot broadcast") {
      _ = try binary(.add, try Tensor.zeros([3], dtype: .f32), try Tensor.zeros([4], dtype: .f32))
    }
    expectError("<=: shapes [2,3] and [2] cannot broadcast") {
      _ = try binary(
        .le, try Tensor.zeros([2, 3], dtype: .f32), try Tensor.zeros([2], dtype: .f32))
    }
    expectError("where: shapes [2] and [3] cannot broadcast") {
      _ = try whereSelect(
        try Tensor.zeros([2], dtype: .bool), try Tensor.zeros([3], dtype: .f32),
        Tensor(scalar: 0, dtype: .f32))
    }
    expectError("clamp: shapes [3] and [2] cannot broadcast") {
      _ = try clamp(
        try Tensor.zeros([3], dtype: .f32), try Tensor.zeros([2], dtype: .f32),
        Tensor(scalar: 1, dtype: .f32))
    }
    expectError(
      "*: shape [100000,100000] is too large (10000000000 elements; the limit is "
        + "\(Tensor.maxElements) elements and \(Tensor.maxBytes) bytes)"
    ) {
      _ = try binary(
        .mul, try Tensor.zeros([100_000, 1], dtype: .f32), try Tensor.zeros([100_000], dtype: .f32))
    }
  }

  /// Broadcast binary ops agree with a naive per-element reference over random shapes and
  /// layouts (including transposed and broadcast views).
  @Test func broadcastMatchesNaiveReference() async throws {
    await propertyCheck(count: 150, input: Gen.int(in: 0...1_000_000)) { seed in
      var r = TestRandom(seed)
      let rank = r.int(0...4)
      let out = r.shape(rank: rank)
      // each operand drops leading axes and sets some axes to 1
      func operandShape() -> [Int] {
        let drop = r.int(0...rank)
        return out.dropFirst(drop).map { r.int(0...2) == 0 ? 1 : $0 }
      }
      let sa = operandShape()
      let sb = operandShape()
      guard var a = try? r.tensor(sa), var b = try? r.tensor(sb) else { return }
      if a.rank >= 2 && r.int(0...1) == 0 {  // a non-contiguous layout with the same values
        a = (try? transpose(a.permuted(Array((0..<a.rank).reversed())).contiguous(), nil)) ?? a
      }
      if r.int(0...1) == 0 { b = b.cast(.f32).cast(.f64) }
      let ops: [BinaryOp] = [.add, .sub, .mul, .div, .maximum, .lt, .mod]
      let op = ops[r.int(0...ops.count - 1)]
      guard let c = try? binary(op, a, b) else {
        Issue.record("binary failed for \(sa) \(sb)")
        return
      }
      guard let shape = try? broadcastShapes(sa, sb, op: "+") else { return }
      #expect(c.shape == shape)
      let av = a.toDoubles()
      let bv = b.toDoubles()
      let cv = c.toDoubles()
      for flat in 0..<cv.count {
        let idx = multiIndex(flat, shape)
        func pick(_ s: [Int], _ v: [Double]) -> Double {
          let sub = idx.suffix(s.count).enumerated().map { s[$0.offset] == 1 ? 0 : $0.element }
          return v[flatIndex(Array(sub), s)]
        }
        let x = pick(sa, av)
        let y = pick(sb, bv)
        let want: Double
        switch op {
        case .add: want = x + y
        case .sub: want = x - y
        case .mul: want = x * y
        case .div: want = x / y
        case .maximum: want = Swift.max(x, y)
        case .lt: want = x < y ? 1 : 0
        default:
          let m = x.truncatingRemainder(dividingBy: y)
          want = m != 0 && (m < 0) != (y < 0) ? m + y : m
        }
        if !close(cv[flat], want) {
          Issue.record("\(op) \(sa) \(sb) at \(idx): \(cv[flat]) != \(want)")
          return
        }
      }
    }
  }
}
