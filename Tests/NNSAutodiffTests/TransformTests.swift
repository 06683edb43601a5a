import NNSAutodiff
import NNSTensor
import Testing

/// Every gradient case, primitives and derived operations, in one list.
private let allCases: [GradCase] =
  GradCases.byName.keys.sorted().flatMap { GradCases.byName[$0] ?? [] } + GradCases.derived

/// One tangent per differentiated input of a case, drawn from a fixed seed.
private func tangents(_ xs: [Tensor], _ idx: [Int]) throws -> [Tensor] {
  var rng = SplitMix(state: 99)
  return try idx.map { try rng.tensor(xs[$0].shape, .normal) }
}

/// `jvp` of a case's function (with respect to its differentiated inputs, in the direction of
/// fixed random tangents) against central differences along that direction in f64.
func checkJVP(_ c: GradCase) throws -> Comparison {
  let xs = try Harness.inputs(c)
  let idx = c.inputs.indices.filter { c.inputs[$0].differentiate }
  let vs = try tangents(xs, idx)
  func call(_ chosen: [DVal]) throws -> DVal {
    var args = xs.map(DVal.plain)
    for (k, i) in idx.enumerated() { args[i] = chosen[k] }
    return try c.f(args)
  }
  let (values, products) = try AD.jvp(
    idx.map { .plain(xs[$0]) }, tangents: vs.map(DVal.plain)
  ) { [try call($0)] }
  let plain = try call(idx.map { .plain(xs[$0]) })
  #expect(values[0].value.toDoubles() == plain.value.toDoubles(), "\(c): jvp's value")
  #expect(products[0].shape == plain.shape, "\(c): tangent shape")
  let eps = 1e-6
  func shifted(_ sign: Double) throws -> [Double] {
    let moved = try zip(idx, vs).map { i, v in
      DVal.plain(
        try Tensor(
          shape: xs[i].shape,
          values: zip(xs[i].toDoubles(), v.toDoubles()).map { $0 + sign * eps * $1 },
          dtype: .f64))
    }
    return try call(moved).value.toDoubles()
  }
  let up = try shifted(1)
  let down = try shifted(-1)
  let numeric = zip(up, down).map { ($0 - $1) / (2 * eps) }
  return Harness.compare([products[0].value.toDoubles()], [numeric])
}

/// `vjp`'s pullback at a fixed random cotangent `w` against the gradient of `sum(f * w)`.
func checkVJP(_ c: GradCase) throws -> Comparison {
  let xs = try Harness.inputs(c)
  let idx = c.inputs.indices.filter { c.inputs[$0].differentiate }
  let w = try Harness.weights(c.f(xs.map(DVal.plain)).shape)
  func call(_ chosen: [DVal]) throws -> DVal {
    var args = xs.map(DVal.plain)
    for (k, i) in idx.enumerated() { args[i] = chosen[k] }
    return try c.f(args)
  }
  let (_, pullback) = try AD.vjp(idx.map { .plain(xs[$0]) }) { [try call($0)] }
  let analytic = try pullback([.plain(w)]).map { $0.value.toDoubles() }
  let again = try pullback([.plain(w)]).map { $0.value.toDoubles() }
  #expect(analytic == again, "\(c): a pullback called twice gives the same cotangents")
  let (_, grads) = try AD.valueAndGrad(idx.map { .plain(xs[$0]) }) {
    try AD.sum(call($0) * .plain(w))
  }
  return Harness.compare(analytic, grads.map { $0.value.toDoubles() }, atol: 1e-12, rtol: 1e-12)
}

@Suite("jvp and vjp")
struct TransformTests {
  /// Forward mode is built from two reverse passes, so it is only as right as every VJP is
  /// linear and differentiable in its cotangent: checked for every primitive's cases.
  @Test(arguments: allCases)
  func jvpMatchesDirectionalFiniteDifferences(_ c: GradCase) throws {
    let r = try checkJVP(c)
    #expect(r.ok, "\(c): \(r.worst)")
  }

  @Test(arguments: allCases)
  func pullbackMatchesTheGradientOfTheWeightedSum(_ c: GradCase) throws {
    let r = try checkVJP(c)
    #expect(r.ok, "\(c): \(r.worst)")
  }

  /// jvp of sin at 0.5 in direction 2 is 2 cos(0.5), by hand; the value is sin(0.5).
  @Test func jvpOfSinByHand() throws {
    let x = DVal.plain(Tensor(scalar: 0.5, dtype: .f64))
    let v = DVal.plain(Tensor(scalar: 2, dtype: .f64))
    let (values, products) = try AD.jvp([x], tangents: [v]) { [try AD.unary(.sin, $0[0])] }
    #expect(try values[0].value.scalarDouble() == 0.479425538604203)
    #expect(abs(try products[0].value.scalarDouble() - 2 * 0.8775825618903728) < 1e-15)
  }

  /// Several outputs, one of them constant: each gets its own tangent (zero for the constant).
  @Test func jvpOfSeveralOutputs() throws {
    let x = DVal.plain(try Tensor(shape: [2], values: [1, 2], dtype: .f64))
    let v = DVal.plain(try Tensor(shape: [2], values: [3, 5], dtype: .f64))
    let (_, products) = try AD.jvp([x], tangents: [v]) { xs in
      [try xs[0] * xs[0], try AD.sum(xs[0]), .plain(try Tensor.ones([3], dtype: .f64))]
    }
    #expect(products[0].value.toDoubles() == [6, 20])  // 2 x v
    #expect(products[1].value.toDoubles() == [8])
    #expect(products[2].value.toDoubles() == [0, 0, 0])
  }

  /// The pullback of several outputs sums their contributions: for y1 = x^2, y2 = sum(x)
  /// and cotangents [1, 1], 3: 2 x + 3.
  @Test func pullbackOfSeveralOutputs() throws {
    let x = DVal.plain(try Tensor(shape: [2], values: [1, 2], dtype: .f64))
    let (values, pullback) = try AD.vjp([x]) { xs in [try xs[0] * xs[0], try AD.sum(xs[0])] }
    #expect(values[1].value.toDoubles() == [3])
    let g = try pullback([
      .plain(try Tensor.ones([2], dtype: .f64)), .plain(Tensor(scalar: 3, dtype: .f64)),
    ])
    #expect(g[0].value.toDoubles() == [5, 7])
  }

  /// jvp nests inside grad: d/dx of the jvp of sin at x in direction 1 is -sin(x).
  @Test func jvpNestsInsideGrad() throws {
    let x = DVal.plain(Tensor(scalar: 0.3, dtype: .f64))
    let g = try AD.grad(x) { y in
      try AD.jvp([y], tangents: [.scalar(1, dtype: .f64)]) { [try AD.unary(.sin, $0[0])] }
        .tangents[0]
    }
    #expect(abs(try g.value.scalarDouble() + 0.29552020666133955) < 1e-15)
  }
}
