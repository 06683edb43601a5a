import NNSAutodiff
import NNSTensor
import Testing

private func f64(_ v: [Double], _ shape: [Int]? = nil) throws -> DVal {
  .plain(try Tensor(shape: shape ?? [v.count], values: v, dtype: .f64))
}

private func s(_ v: Double, _ dtype: DType = .f64) -> DVal { .scalar(v, dtype: dtype) }

@Suite("autodiff semantics")
struct SemanticsTests {
  @Test func noPerturbationConfusion() throws {
    // grad(fn(x) = x * grad(fn(y) = x * y)(2))(3) == 6
    let g = try AD.grad(s(3)) { x in try x * AD.grad(s(2)) { y in try x * y } }
    #expect(try g.value.scalarDouble() == 6)
  }

  @Test func secondAndThirdDerivatives() throws {
    // d2/dx2 x^3 = 6x, d3/dx3 x^3 = 6
    let cube: (DVal) throws -> DVal = { x in try x * x * x }
    let d2 = try AD.grad(s(2)) { x in try AD.grad(x, cube) }
    #expect(try d2.value.scalarDouble() == 12)
    let d3 = try AD.grad(s(2)) { x in try AD.grad(x) { y in try AD.grad(y, cube) } }
    #expect(try d3.value.scalarDouble() == 6)
  }

  @Test func nonScalarOutputIsAnError() throws {
    #expect(throws: ADError("grad: f must return a scalar, got shape [3]")) {
      _ = try AD.grad(f64([1, 2, 3])) { x in try x * 2 }
    }
  }

  @Test func unreachableLeavesGetZerosOfTheirShapeAndDType() throws {
    let x = DVal.plain(try Tensor(shape: [2, 2], floats: [1, 2, 3, 4]))
    let y = try f64([5])
    let r = try AD.valueAndGrad([x, y]) { xs in try AD.sum(xs[0]) }
    #expect(r.grads[0].value.toDoubles() == [1, 1, 1, 1])
    #expect(r.grads[0].dtype == .f32)
    #expect(r.grads[1].shape == [1])
    #expect(r.grads[1].value.toDoubles() == [0])
    #expect(try r.value.value.scalarDouble() == 10)
  }

  @Test func nonDifferentiableOpsGiveZeroGradient() throws {
    for op: UnaryOp in [.floor, .round, .sign, .ceil] {
      let g = try AD.grad(s(1.3)) { x in try AD.unary(op, x) + AD.unary(op, x * 2) }
      #expect(try g.value.scalarDouble() == 0, "\(op)")
    }
    let g = try AD.grad(f64([1, 2])) { x in
      let m = try AD.binary(.gt, x, s(1.5))
      #expect(!m.isLive)
      return try AD.sum(AD.where(m, x, s(0)))
    }
    #expect(g.value.toDoubles() == [0, 1])
  }

  @Test func castGradientKeepsTheInputDType() throws {
    let x = DVal.plain(try Tensor(shape: [2], floats: [1, 2]))
    let g = try AD.grad(x) { x in try AD.sum(AD.cast(x, .f64) * 3) }
    #expect(g.dtype == .f32)
    #expect(g.value.toDoubles() == [3, 3])
  }

  @Test func stopGradientIsAConstant() throws {
    let g = try AD.grad(s(3)) { x in try x * AD.stopGradient(x) }
    #expect(try g.value.scalarDouble() == 3)
  }

  @Test func crossEntropyWithHugeLogitsIsFinite() throws {
    let z = try f64([1e4, -1e4, 0, -1e4, 1e4, 5e3], [2, 3])
    let labels = try f64([1, 0])
    let r = try AD.valueAndGrad([z]) { try AD.crossEntropy($0[0], labels) }
    #expect(try r.value.value.scalarDouble().isFinite)
    let g = r.grads[0].value.toDoubles()
    #expect(g.allSatisfy { $0.isFinite })
    // softmax(z) - onehot, over n = 2: row 0 is [1,0,0] - [0,1,0]
    #expect(g == [0.5, -0.5, 0, -0.5, 0.5, 0])
    let z32 = DVal.plain(try Tensor(shape: [1, 2], floats: [1e4, -1e4]))
    let g32 = try AD.grad(z32) { try AD.crossEntropy($0, f64([1])) }
    #expect(g32.value.toDoubles() == [1, -1])
  }

  @Test func bceWithLogitsGradientIsExactlySigmoidMinusYOverN() throws {
    let zv: [Double] = [-3, -0.5, 0, 0.7, 2, 40]
    let yv: [Double] = [0, 1, 1, 0, 1, 0]
    let g = try AD.grad(f64(zv)) { try AD.bceWithLogits($0, f64(yv)) }
    let sig = try unary(.sigmoid, Tensor(shape: [6], values: zv, dtype: .f64)).toDoubles()
    let expected = zip(sig, yv).map { ($0 - $1) / 6 }
    #expect(g.value.toDoubles() == expected)
  }

  @Test func ties() throws {
    let g = try AD.grad(f64([1, 3, 3, 2])) { try AD.reduce(.max, $0, axes: nil) }
    #expect(g.value.toDoubles() == [0, 0.5, 0.5, 0])
    let h = try AD.grad(f64([1, 1, 1, 2])) { try AD.reduce(.min, $0, axes: nil) }
    let third: Double = 1.0 / 3
    #expect(h.value.toDoubles() == [third, third, third, 0])
    let r = try AD.valueAndGrad([s(2), s(2)]) { try AD.binary(.maximum, $0[0], $0[1]) }
    #expect(r.grads.map { try? $0.value.scalarDouble() } == [0.5, 0.5])
    let q = try AD.valueAndGrad([s(2), s(2)]) { try AD.binary(.minimum, $0[0], $0[1]) }
    #expect(q.grads.map { try? $0.value.scalarDouble() } == [0.5, 0.5])
    let rows = try AD.grad(f64([5, 5, 1, 2], [2, 2])) {
      try AD.sum(AD.reduce(.max, $0, axes: [1]))
    }
    #expect(rows.value.toDoubles() == [0.5, 0.5, 0, 1])
  }

  @Test func kinks() throws {
    func d(_ x: Double, _ f: @escaping (DVal) throws -> DVal) throws -> Double {
      try AD.grad(s(x), f).value.scalarDouble()
    }
    #expect(try d(0) { try AD.unary(.relu, $0) } == 0)
    #expect(try d(0) { try AD.unary(.abs, $0) } == 0)
    #expect(try d(0) { try AD.unary(.sqrt, $0) } == .infinity)
    #expect(try d(-0.5) { try AD.clamp($0, s(-0.5), s(0.5)) } == 1)
    #expect(try d(0.5) { try AD.clamp($0, s(-0.5), s(0.5)) } == 1)
    #expect(try d(0.6) { try AD.clamp($0, s(-0.5), s(0.5)) } == 0)
    let n = try AD.grad(f64([0, 0, 0])) { try AD.norm($0) }
    #expect(n.value.toDoubles() == [0, 0, 0])
    let n1 = try AD.grad(f64([0, 0])) { try AD.norm($0, p: 1) }
    #expect(n1.value.toDoubles() == [0, 0])
  }

  @Test func gatherRepeatsAccumulate() throws {
    let idx = try Tensor(shape: [4], values: [0, 2, 2, 2], dtype: .f64)
    let g = try AD.grad(f64([1, 2, 3])) { try AD.sum(AD.getIndex($0, [.gather(idx)])) }
    #expect(g.value.toDoubles() == [1, 0, 3])
  }

  @Test func millionNodeTapeNeedsNoRecursion() throws {
    let g = try AD.grad(s(1)) { x in
      var y = x
      for _ in 0..<1_000_000 { y = try y + 1e-6 }
      return try y * x
    }
    // d/dx (x + 1) * x = 2x + 1 = 3 (up to the rounding of a million additions)
    #expect(abs(try g.value.scalarDouble() - 3) < 1e-6)
  }

  @Test func closedTapeValuesAreConstants() throws {
    var leaked: DVal? = nil
    _ = try AD.grad(s(2)) { x in
      leaked = x
      return try x * x
    }
    let stale = try #require(leaked)
    #expect(!stale.isLive)
    let g = try AD.grad(s(5)) { y in try y * stale }
    #expect(try g.value.scalarDouble() == 2)
  }

  @Test func jacobianAndHessianShapes() throws {
    let x = try f64([1, 2, 3])
    let j = try AD.jacobian(x) { x in try AD.reshape(x * x, [3, 1]) }
    #expect(j.shape == [3, 1, 3])
    #expect(j.value.toDoubles() == [2, 0, 0, 0, 4, 0, 0, 0, 6])
    let h = try AD.hessian(x) { x in try AD.sum(x * x * x) }
    #expect(h.shape == [3, 3])
    #expect(h.value.toDoubles() == [6, 0, 0, 0, 12, 0, 0, 0, 18])
    let m = try f64([1, 2, 3, 4], [2, 2])
    let jm = try AD.jacobian(m) { try AD.matmul($0, f64([1, -1])) }
    #expect(jm.shape == [2, 2, 2])
    #expect(jm.value.toDoubles() == [1, -1, 0, 0, 0, 0, 1, -1])
  }

  @Test func hugeJacobianIsAnErrorNotACrash() throws {
    let x = DVal.plain(try Tensor.zeros([100_000], dtype: .f32))
    #expect(throws: ADError("jacobian: result of shape [100000,100000] is too large")) {
      _ = try AD.jacobian(x) { try $0 * 2 }
    }
  }

  @Test func gradcheckReportsAgreementAndDisagreement() throws {
    let x = try Tensor(shape: [3], values: [0.3, -1.2, 2], dtype: .f64)
    let good = try AD.gradcheck(x) { try AD.sum(AD.unary(.tanh, $0) * $0) }
    #expect(good.ok)
    #expect(good.maxAbsErr < 1e-7)
    // stop_gradient hides a dependence: the analytic gradient is wrong, gradcheck sees it.
    let bad = try AD.gradcheck(x) { x in try AD.sum(x * AD.stopGradient(x)) }
    #expect(!bad.ok)
    #expect(abs(bad.maxAbsErr - 2) < 1e-6)
  }

  @Test func tapeRecordListsNodesAndGradientNorms() throws {
    let r = try AD.valueAndGrad([f64([3, 4])], record: true) { xs in
      try AD.norm(xs[0]) * 2
    }
    let rec = try #require(Tape.lastRecord)
    #expect(rec.entries.map(\.op) == ["input", "norm", "*"])
    #expect(rec.entries[2].inputs == [1])
    #expect(rec.entries[1].shape == [])
    #expect(rec.entries[1].summary == "5")
    #expect(rec.entries[2].gradNorm == 1)
    #expect(rec.entries[1].gradNorm == 2)
    #expect(abs((rec.entries[0].gradNorm ?? 0) - 2) < 1e-12)
    #expect(r.grads[0].value.toDoubles() == [1.2, 1.6])
    // columns as wide as their widest cell, ids right-aligned, the value summary last
    #expect(
      rec.description == """
        id  op     inputs  shape  |grad|  value
         0  input          [2]    2       [3, 4]
         1  norm   0       []     2       5
         2  *      1       []     1       10
        """)
  }
}
