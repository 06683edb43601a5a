// Matrix products: numpy's promotion and batching rules, BLAS and small-loop paths against a
// naive reference, transposed operands, dot, outer and error messages.

import Testing

@testable import NNSTensor

@Suite("linalg")
struct LinalgTests {
  /// A naive matrix product of row-major arrays.
  func naive(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n { for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] } }
    }
    return c
  }

  @Test func handValues() throws {
    let a = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
    let b = try tensor([3, 2], [7, 8, 9, 10, 11, 12])
    expectValues(try matmul(a, b), [2, 2], [58, 64, 139, 154])
    expectValues(try matmul(try vec([1, 2, 3]), try vec([4, 5, 6])), [], [32])
    expectValues(try matmul(try vec([1, 1]), a), [3], [5, 7, 9])
    expectValues(try matmul(a, try vec([1, 0, 1])), [2], [4, 10])
    let f = try matmul(a.cast(.f32), b.cast(.f32))
    #expect(f.dtype == .f32 && f.toFloats() == [58, 64, 139, 154])
    #expect(try matmul(a.cast(.f32), b).dtype == .f64)
  }

  @Test(arguments: [(1, 16, 16), (3, 4, 5), (20, 30, 40), (64, 64, 64), (65, 129, 33), (1, 300, 7)])
  func againstNaive(m: Int, k: Int, n: Int) throws {
    var r = TestRandom(m * 1000 + k * 10 + n)
    let a = try r.tensor([m, k])
    let b = try r.tensor([k, n])
    let want = naive(a.toDoubles(), b.toDoubles(), m: m, k: k, n: n)
    expectValues(try matmul(a, b), [m, n], want, rel: 1e-12, abs: 1e-12)
    let f = try matmul(a.cast(.f32), b.cast(.f32))
    expectValues(f, [m, n], want, rel: 1e-4, abs: 1e-4)
    // transposed and strided operands (views) give the same product
    let at = try transpose(try transpose(a, nil).contiguous(), nil)
    let bt = try transpose(try transpose(b, nil).contiguous(), nil)
    expectValues(try matmul(at, bt), [m, n], want, rel: 1e-12, abs: 1e-12)
    let wide = try concat([a, a], axis: 1)
    let stepped = try getIndex(
      wide, [.slice(start: nil, stop: nil, step: nil), .slice(start: nil, stop: nil, step: 2)])
    if k > 0 {
      let want2 = naive(stepped.toDoubles(), b.toDoubles(), m: m, k: k, n: n)
      expectValues(try matmul(stepped, b), [m, n], want2, rel: 1e-12, abs: 1e-12)
    }
  }

  @Test func batchedWithBroadcasting() throws {
    var r = TestRandom(3)
    let a = try r.tensor([2, 1, 3, 4])
    let b = try r.tensor([5, 4, 2])
    let c = try matmul(a, b)
    #expect(c.shape == [2, 5, 3, 2])
    let av = a.toDoubles()
    let bv = b.toDoubles()
    for i in 0..<2 {
      for j in 0..<5 {
        let want = naive(
          Array(av[(i * 12)..<(i * 12 + 12)]), Array(bv[(j * 8)..<(j * 8 + 8)]), m: 3, k: 4, n: 2)
        let got = try getIndex(c, [.index(i), .index(j)])
        expectValues(got, [3, 2], want)
      }
    }
    #expect(try matmul(try r.tensor([4]), try r.tensor([2, 4, 3])).shape == [2, 3])
    #expect(try matmul(try r.tensor([2, 3, 4]), try r.tensor([4])).shape == [2, 3])
    expectValues(
      try matmul(try Tensor.zeros([2, 0], dtype: .f64), try Tensor.zeros([0, 3], dtype: .f64)),
      [2, 3], [0, 0, 0, 0, 0, 0])
  }

  /// Batches large enough for BLAS, with a transposed (strided) batch operand.
  @Test func batchedThroughBlas() throws {
    var r = TestRandom(11)
    let a = try r.tensor([3, 40, 30])
    let bt = try r.tensor([50, 30])
    let b = try transpose(bt, nil)  // [30, 50], column-major view
    let c = try matmul(a, b)
    #expect(c.shape == [3, 40, 50])
    let av = a.toDoubles()
    let bv = b.toDoubles()
    for i in 0..<3 {
      let want = naive(Array(av[(i * 1200)..<(i * 1200 + 1200)]), bv, m: 40, k: 30, n: 50)
      expectValues(try getIndex(c, [.index(i)]), [40, 50], want, rel: 1e-12, abs: 1e-12)
    }
    let f = try matmul(a.cast(.f32), b.cast(.f32))
    expectValues(f, [3, 40, 50], c.toDoubles(), rel: 1e-4, abs: 1e-4)
  }

  @Test func dotAndOuter() throws {
    expectValues(try dot(try vec([1, 2]), try vec([3, 4])), [], [11])
    expectValues(try dot(Tensor(scalar: 2, dtype: .f64), try vec([3, 4])), [2], [6, 8])
    let a = try reshape(try Tensor.arange(0, 12, 1, dtype: .f64), [2, 2, 3])
    let b = try reshape(try Tensor.arange(0, 12, 1, dtype: .f64), [2, 3, 2])
    let d = try dot(a, b)  // numpy: shape (2, 2, 2, 2)
    #expect(d.shape == [2, 2, 2, 2])
    // d[i,j,k,l] = sum_p a[i,j,p] * b[k,p,l]; check d[1,0,1,1]
    let want: Double = 6 * 7 + 7 * 9 + 8 * 11  // a[1,0,:] = 6,7,8; b[1,:,1] = 7,9,11
    #expect(try getIndex(d, [.index(1), .index(0), .index(1), .index(1)]).element(0) == want)
    expectValues(try outer(try vec([1, 2]), try vec([3, 4, 5])), [2, 3], [3, 4, 5, 6, 8, 10])
  }

  @Test func errorMessages() throws {
    expectError("@: shapes [3,4] and [5,2] do not align (4 != 5)") {
      _ = try matmul(try Tensor.zeros([3, 4], dtype: .f32), try Tensor.zeros([5, 2], dtype: .f32))
    }
    expectError("@: shapes [3] and [4] do not align (3 != 4)") {
      _ = try matmul(try Tensor.zeros([3], dtype: .f32), try Tensor.zeros([4], dtype: .f32))
    }
    expectError("@: shapes [2,3,4] and [3,4,2] cannot broadcast") {
      _ = try matmul(
        try Tensor.zeros([2, 3, 4], dtype: .f32), try Tensor.zeros([3, 4, 2], dtype: .f32))
    }
    expectError("@: shapes [] and [3] include a scalar; use *") {
      _ = try matmul(Tensor(scalar: 1, dtype: .f32), try Tensor.zeros([3], dtype: .f32))
    }
    expectError("dot: shapes [2] and [3] do not align (2 != 3)") {
      _ = try dot(try Tensor.zeros([2], dtype: .f32), try Tensor.zeros([3], dtype: .f32))
    }
  }
}
