// The remaining error messages, one expectation each (the common ones live beside their ops).

import Testing

@testable import NNSTensor

@Suite("error messages")
struct ErrorTests {
  @Test func creation() {
    expectError("arange: bounds and step must be finite") {
      _ = try Tensor.arange(0, .infinity, 1, dtype: .f32)
    }
    expectError("tensor: 3 values do not fit shape [2]") {
      _ = try Tensor(shape: [2], floats: [1, 2, 3])
    }
    expectError("tile: result shape is too large") {
      let empty = try reshape(try Tensor.zeros([0], dtype: .f32), [1 << 40, 0])
      _ = try tile(empty, [1 << 30, 1])
    }
  }

  @Test func shapes() throws {
    expectError("concat: cannot concatenate rank-0 tensors") {
      _ = try concat([Tensor(scalar: 1, dtype: .f32)], axis: 0)
    }
    expectError("stack: needs at least one tensor") { _ = try stack([], axis: 0) }
    expectError("stack: axis 2 is out of range for rank 2") {
      _ = try stack([try vec([1])], axis: 2)
    }
    expectError("split: axis 0 of size 4 cannot be split into 0 equal parts") {
      _ = try split(try vec([1, 2, 3, 4]), sections: 0, axis: 0)
    }
  }

  @Test func linalgAndNN() throws {
    // a matrix with 2^31 rows and no columns holds no elements but is too tall for BLAS
    let tall = try reshape(try Tensor.zeros([0], dtype: .f32), [1 << 31, 0])
    expectError("@: shapes [2147483648,0] and [0,1] are too large for BLAS") {
      _ = try matmul(tall, try Tensor.zeros([0, 1], dtype: .f32))
    }
    expectError("cross_entropy: logits must have a class axis, got shape []") {
      _ = try crossEntropy(Tensor(scalar: 1, dtype: .f32), Tensor(scalar: 0, dtype: .f32))
    }
    expectError("one_hot: label 0.5 is not an integer") {
      _ = try oneHot(try vec([0.5]), 2, dtype: .f32)
    }
    expectError("one_hot: number of classes must be non-negative, got -1") {
      _ = try oneHot(try vec([0]), -1, dtype: .f32)
    }
    expectError("index: index nan is not an integer") {
      _ = try getIndex(try vec([1, 2]), [.gather(try vec([.nan]))])
    }
  }
}
