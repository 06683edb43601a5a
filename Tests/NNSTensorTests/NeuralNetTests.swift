// Fused neural-net kernels: numpy values, stability at magnitude 1e4, shapes and errors.

import Testing

@testable import NNSTensor

@Suite("neural net kernels")
struct NeuralNetTests {
  @Test(arguments: [DType.f64, .f32])
  func softmaxFamily(dtype: DType) throws {
    let x = try tensor(NP.nnInput, dtype)
    let tol = dtype == .f64 ? 1e-14 : 1e-6
    expectRef(try softmax(x, axis: -1), NP.softmax, rel: tol, abs: tol)
    expectRef(try softmax(x, axis: 0), NP.softmaxAxis0, rel: tol, abs: tol)
    expectRef(try logSoftmax(x, axis: 1), NP.logSoftmax, rel: tol, abs: tol)
    #expect(try softmax(x, axis: 1).dtype == dtype)
    let s = try reduce(.sum, try softmax(x, axis: 1), axes: [1], keepdims: false)
    expectValues(s, [3], [1, 1, 1], rel: tol, abs: tol)
  }

  @Test func crossEntropyValues() throws {
    let x = try tensor(NP.nnInput)
    let ce = try crossEntropy(x, try tensor(NP.ceLabels))
    #expect(ce.shape == [] && ce.dtype == .f64)
    expectRef(ce, NP.crossEntropy, rel: 1e-14)
    expectRef(try crossEntropy(x, try tensor(NP.ceProbs)), NP.crossEntropyProbs, rel: 1e-14)
    let f = try crossEntropy(x.cast(.f32), try tensor(NP.ceLabels))
    #expect(f.dtype == .f32 && f.element(0).isFinite)
    expectRef(f, NP.crossEntropy, rel: 1e-6)
    // a single row of logits with a scalar label
    let one = try crossEntropy(try vec([0, 0]), Tensor(scalar: 1, dtype: .f64))
    expectValues(one, [], [0.6931471805599453], rel: 1e-15)
  }

  @Test func bceAndOneHot() throws {
    let b = try bceWithLogits(try tensor(NP.bceZ), try tensor(NP.bceY))
    expectRef(b, NP.bce, rel: 1e-14)
    #expect(try bceWithLogits(try vec([1e4], .f32), try vec([1], .f32)).element(0).isFinite)
    let h = try oneHot(try vec([2, 0]), 3, dtype: .f32)
    #expect(h.dtype == .f32)
    expectValues(h, [2, 3], [0, 0, 1, 1, 0, 0])
    expectValues(try oneHot(Tensor(scalar: 1, dtype: .f64), 2, dtype: .f64), [2], [0, 1])
  }

  @Test func errorMessages() throws {
    let x = try Tensor.zeros([2, 3], dtype: .f32)
    expectError("softmax: axis 2 is out of range for rank 2") { _ = try softmax(x, axis: 2) }
    expectError("log_softmax: axis -3 is out of range for rank 2") {
      _ = try logSoftmax(x, axis: -3)
    }
    expectError("cross_entropy: label 3 is out of range for 3 classes") {
      _ = try crossEntropy(x, try vec([0, 3]))
    }
    expectError("cross_entropy: label 0.5 is not an integer") {
      _ = try crossEntropy(x, try vec([0, 0.5]))
    }
    expectError(
      "cross_entropy: labels of shape [3] do not match logits of shape [2,3] (class indices "
        + "need shape [2], probability rows [2,3])"
    ) {
      _ = try crossEntropy(x, try vec([0, 1, 2]))
    }
    expectError("bce_with_logits: prediction of shape [2,3] and target of shape [2] differ") {
      _ = try bceWithLogits(x, try vec([0, 1]))
    }
    expectError("one_hot: label 2 is out of range for 2 classes") {
      _ = try oneHot(try vec([2]), 2, dtype: .f32)
    }
    expectError("one_hot: label -1 is out of range for 2 classes") {
      _ = try oneHot(try vec([-1]), 2, dtype: .f32)
    }
  }
}
