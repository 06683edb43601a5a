import NNSAutodiff
import NNSTensor
import Testing

/// Runs one case: analytic gradients of `sum(f(xs) * W)` against central differences in f64.
func checkFirstOrder(_ c: GradCase) throws -> Comparison {
  let xs = try Harness.inputs(c)
  let w = try Harness.weights(c.f(xs.map(DVal.plain)).shape)
  let loss = Harness.loss(c, w)
  let which = c.inputs.map(\.differentiate)
  let idx = which.indices.filter { which[$0] }
  let (_, grads) = try AD.valueAndGrad(idx.map { .plain(xs[$0]) }) { tracked in
    var args = xs.map(DVal.plain)
    for (k, i) in idx.enumerated() { args[i] = tracked[k] }
    return try loss(args)
  }
  var analytic = [[Double]](repeating: [], count: xs.count)
  for (k, i) in idx.enumerated() {
    #expect(grads[k].shape == xs[i].shape, "\(c): gradient shape of input \(i)")
    #expect(grads[k].dtype == .f64, "\(c): gradient dtype of input \(i)")
    analytic[i] = grads[k].value.toDoubles()
  }
  let numeric = try Harness.numericGrads(xs, which: which) {
    try loss($0.map(DVal.plain)).value.scalarDouble()
  }
  return Harness.compare(analytic, numeric)
}

/// Second order: the gradient of `sum_k sum(grad_k * V_k)` against central differences of it.
func checkSecondOrder(_ c: GradCase) throws -> Comparison {
  let xs = try Harness.inputs(c)
  let w = try Harness.weights(c.f(xs.map(DVal.plain)).shape)
  let loss = Harness.loss(c, w)
  var rng = SplitMix(state: 7)
  let vs = try xs.map { try rng.tensor($0.shape, .normal) }
  func h(_ args: [DVal]) throws -> DVal {
    let g = try AD.valueAndGrad(args) { try loss($0) }.grads
    var total = DVal.scalar(0, dtype: .f64)
    for (gk, v) in zip(g, vs) { total = try total + AD.sum(gk * .plain(v)) }
    return total
  }
  let (_, grads) = try AD.valueAndGrad(xs.map(DVal.plain)) { try h($0) }
  let analytic = grads.map { $0.value.toDoubles() }
  let numeric = try Harness.numericGrads(xs, which: xs.map { _ in true }) {
    try h($0.map(DVal.plain)).value.scalarDouble()
  }
  return Harness.compare(analytic, numeric, atol: 1e-4, rtol: 1e-3)
}

@Suite("primitive gradients")
struct PrimitiveGradientTests {
  /// Every entry of the primitive table must have finite-difference cases, and all must pass.
  @Test(arguments: Primitives.all.map(\.name))
  func primitiveMatchesFiniteDifferences(_ name: String) throws {
    let cases = try #require(GradCases.byName[name], "primitive \(name) has no gradient case")
    #expect(!cases.isEmpty)
    for c in cases {
      let r = try checkFirstOrder(c)
      #expect(r.ok, "\(c): \(r.worst)")
    }
  }

  @Test func tableNamesAreUnique() {
    let names = Primitives.all.map(\.name)
    #expect(Set(names).count == names.count)
  }

  @Test(arguments: GradCases.derived)
  func derivedOperationMatchesFiniteDifferences(_ c: GradCase) throws {
    let r = try checkFirstOrder(c)
    #expect(r.ok, "\(c): \(r.worst)")
  }

  @Test(arguments: GradCases.layers)
  func layerMatchesFiniteDifferences(_ c: GradCase) throws {
    let r = try checkFirstOrder(c)
    #expect(r.ok, "\(c): \(r.worst)")
  }

  @Test(arguments: GradCases.layers)
  func layerSecondOrderMatchesFiniteDifferences(_ c: GradCase) throws {
    let r = try checkSecondOrder(c)
    #expect(r.ok, "\(c): \(r.worst)")
  }

  @Test(arguments: GradCases.elementwise)
  func secondOrderMatchesFiniteDifferences(_ c: GradCase) throws {
    let r = try checkSecondOrder(c)
    #expect(r.ok, "\(c): \(r.worst)")
  }

  @Test(arguments: GradCases.arrays)
  func arrayOperationMatchesFiniteDifferencesToSecondOrder(_ c: GradCase) throws {
    let r = try checkFirstOrder(c)
    #expect(r.ok, "\(c): \(r.worst)")
    let r2 = try checkSecondOrder(c)
    #expect(r2.ok, "\(c) (second order): \(r2.worst)")
  }
}
