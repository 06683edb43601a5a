// The random generator: an independent reference implementation, reproducibility,
// distributions and errors.

import Testing

@testable import NNSTensor

@Suite("random numbers")
struct RandomTests {
  @Test func matchesIndependentReference() throws {
    let g = RNG(seed: 0)
    expectRef(try g.uniform([6], dtype: .f64), NP.uniformSeed0, rel: 0, abs: 0)
    g.seed(42)
    expectRef(try g.uniform([6], dtype: .f64), NP.uniformSeed42, rel: 0, abs: 0)
  }

  @Test func sameSeedSameNumbers() throws {
    let a = RNG(seed: 7)
    let b = RNG(seed: 7)
    #expect(try a.normal([100], dtype: .f32).toFloats() == b.normal([100], dtype: .f32).toFloats())
    #expect(
      try a.randint(-3, 3, [50], dtype: .f64).toDoubles()
        == b.randint(-3, 3, [50], dtype: .f64).toDoubles())
    #expect(
      try a.permutation(20, dtype: .f32).toFloats() == b.permutation(20, dtype: .f32).toFloats())
    a.seed(1)
    b.seed(2)
    #expect(try a.uniform([4], dtype: .f64).toDoubles() != b.uniform([4], dtype: .f64).toDoubles())
  }

  @Test func distributions() throws {
    let g = RNG(seed: 123)
    let u = try g.uniform([100_000], dtype: .f32).toDoubles()
    #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    let um = u.reduce(0, +) / Double(u.count)
    #expect(abs(um - 0.5) < 0.01)
    let n = try g.normal([100_001], dtype: .f64).toDoubles()
    #expect(n.count == 100_001)
    let nm = n.reduce(0, +) / Double(n.count)
    let nv = n.map { ($0 - nm) * ($0 - nm) }.reduce(0, +) / Double(n.count)
    #expect(abs(nm) < 0.02 && abs(nv - 1) < 0.02)
    let r = try g.randint(2, 5, [10_000], dtype: .f64).toDoubles()
    #expect(Set(r) == [2, 3, 4])
    let p = try g.permutation(50, dtype: .f64).toDoubles()
    #expect(p.sorted() == (0..<50).map(Double.init))
    #expect(p != (0..<50).map(Double.init))
    #expect(try g.permutation(0, dtype: .f32).count == 0)
  }

  @Test func errorMessages() {
    let g = RNG(seed: 0)
    expectError("randint: low 5 must be less than high 3") {
      _ = try g.randint(5, 3, [2], dtype: .f32)
    }
    expectError("rand: negative dimension -2 in shape [-2]") {
      _ = try g.uniform([-2], dtype: .f32)
    }
    expectError("permutation: negative dimension -1 in shape [-1]") {
      _ = try g.permutation(-1, dtype: .f32)
    }
  }
}
