// Shape operations: reshape, transpose, squeeze, expand_dims, flatten, concat, stack, split,
// broadcast_to, tile; views share storage; error messages.

import Testing

@testable import NNSTensor

@Suite("shape")
struct ShapeTests {
  let m: Tensor

  init() throws { m = try tensor([2, 3], [1, 2, 3, 4, 5, 6]) }

  @Test func reshapeAndFlatten() throws {
    let r = try reshape(m, [3, -1])
    expectValues(r, [3, 2], [1, 2, 3, 4, 5, 6])
    #expect(r.storage === m.storage)  // a view
    expectValues(try reshape(m, [6]), [6], [1, 2, 3, 4, 5, 6])
    expectValues(try reshape(Tensor(scalar: 5, dtype: .f64), [1, 1]), [1, 1], [5])
    let t = try transpose(m, nil)
    expectValues(try reshape(t, [6]), [6], [1, 4, 2, 5, 3, 6])  // copies a non-contiguous input
    expectValues(flatten(t), [6], [1, 4, 2, 5, 3, 6])
    expectValues(try reshape(try Tensor.zeros([0, 3], dtype: .f64), [-1, 3]), [0, 3], [])
  }

  @Test func transposeSqueezeExpand() throws {
    let x = try reshape(try Tensor.arange(0, 24, 1, dtype: .f64), [2, 3, 4])
    let p = try transpose(x, [1, 2, 0])
    #expect(p.shape == [3, 4, 2])
    #expect(p.element(1) == 12 && p.element(2) == 1)
    #expect(try transpose(x, [-1, 0, 1]).shape == [4, 2, 3])
    let s = try reshape(m, [1, 2, 1, 3])
    #expect(try squeeze(s, axes: nil).shape == [2, 3])
    #expect(try squeeze(s, axes: [-2]).shape == [1, 2, 3])
    #expect(try expandDims(m, axis: 0).shape == [1, 2, 3])
    #expect(try expandDims(m, axis: -1).shape == [2, 3, 1])
    expectValues(try expandDims(m, axis: 1), [2, 1, 3], [1, 2, 3, 4, 5, 6])
  }

  @Test func concatStackSplit() throws {
    let a = try tensor([2, 2], [1, 2, 3, 4])
    let b = try tensor([1, 2], [5, 6])
    expectValues(try concat([a, b], axis: 0), [3, 2], [1, 2, 3, 4, 5, 6])
    expectValues(
      try concat([a, try transpose(a, nil)], axis: 1), [2, 4], [1, 2, 1, 3, 3, 4, 2, 4])
    let mixed = try concat([try vec([1], .f32), try vec([2], .f64)], axis: 0)
    #expect(mixed.dtype == .f64)
    expectValues(try stack([try vec([1, 2]), try vec([3, 4])], axis: 0), [2, 2], [1, 2, 3, 4])
    expectValues(try stack([try vec([1, 2]), try vec([3, 4])], axis: 1), [2, 2], [1, 3, 2, 4])
    expectValues(
      try stack([Tensor(scalar: 1, dtype: .f64), Tensor(scalar: 2, dtype: .f64)], axis: 0), [2],
      [1, 2])
    let parts = try split(m, sections: 3, axis: 1)
    #expect(parts.count == 3)
    expectValues(parts[1], [2, 1], [2, 5])
    let rows = try split(m, sections: 2, axis: -2)
    expectValues(rows[1], [1, 3], [4, 5, 6])
  }

  @Test func broadcastToAndTile() throws {
    let b = try broadcastTo(try vec([1, 2, 3]), [2, 3])
    expectValues(b, [2, 3], [1, 2, 3, 1, 2, 3])
    #expect(b.strides == [0, 1])
    expectValues(try broadcastTo(try tensor([2, 1], [1, 2]), [2, 2]), [2, 2], [1, 1, 2, 2])
    expectRef(try tile(try tensor([1, 2], [1, 2]), [2, 3]), NP.tile)
    expectValues(try tile(try vec([1, 2]), [2]), [4], [1, 2, 1, 2])
    expectValues(try tile(try vec([1, 2]), [2, 1]), [2, 2], [1, 2, 1, 2])
    expectValues(try tile(try vec([1, 2]), [0]), [0], [])
  }

  /// Rank 8 (and beyond) works through every layout path.
  @Test func highRank() throws {
    let shape = [2, 1, 2, 1, 2, 1, 2, 3]
    let x = try reshape(try Tensor.arange(0, 48, 1, dtype: .f64), shape)
    let t = try transpose(x, [7, 6, 5, 4, 3, 2, 1, 0])
    #expect(t.shape == shape.reversed())
    let back = try transpose(t, nil)
    expectValues(try binary(.sub, back, x), shape, [Double](repeating: 0, count: 48))
    let s = try reduce(.sum, t, axes: [0, 2, 4, 6], keepdims: false)
    #expect(s.shape == [2, 2, 2, 2] && s.element(0) == 0 + 1 + 2)
    let y = try binary(.add, t, try vec([1, 2]))
    #expect(y.shape == [3, 2, 1, 2, 1, 2, 1, 2] && y.element(1) == 24 + 2)
    let nine = try reshape(x, [2, 1, 2, 1, 2, 1, 2, 3, 1])
    #expect(try reduce(.max, nine, axes: nil, keepdims: true).shape.count == 9)
  }

  @Test func errorMessages() throws {
    expectError("reshape: cannot reshape [2,3] into [4]") { _ = try reshape(m, [4]) }
    expectError("reshape: cannot reshape [2,3] into [4,-1]") { _ = try reshape(m, [4, -1]) }
    expectError("reshape: only one size may be -1, got [-1,-1]") { _ = try reshape(m, [-1, -1]) }
    expectError("reshape: negative dimension -2 in shape [-2,-3]") { _ = try reshape(m, [-2, -3]) }
    expectError("transpose: permutation [0] does not match rank 2") { _ = try transpose(m, [0]) }
    expectError("transpose: [0,0] is not a permutation") { _ = try transpose(m, [0, 0]) }
    expectError("transpose: axis 2 is out of range for rank 2") { _ = try transpose(m, [0, 2]) }
    expectError("squeeze: axis 0 of shape [2,3] has size 2, not 1") {
      _ = try squeeze(m, axes: [0])
    }
    expectError("expand_dims: axis 3 is out of range for rank 3") {
      _ = try expandDims(m, axis: 3)
    }
    expectError("concat: shapes [2,3] and [3] differ in rank") {
      _ = try concat([m, try vec([1, 2, 3])], axis: 0)
    }
    expectError("concat: shapes [2,3] and [2,2] differ outside axis 0") {
      _ = try concat([m, try tensor([2, 2], [1, 2, 3, 4])], axis: 0)
    }
    expectError("concat: needs at least one tensor") { _ = try concat([], axis: 0) }
    expectError("stack: shapes [2,3] and [3] differ") {
      _ = try stack([m, try vec([1, 2, 3])], axis: 0)
    }
    expectError("split: axis 1 of size 3 cannot be split into 2 equal parts") {
      _ = try split(m, sections: 2, axis: 1)
    }
    expectError("broadcast_to: cannot broadcast [2,3] to [3,3]") { _ = try broadcastTo(m, [3, 3]) }
    expectError("broadcast_to: cannot broadcast [2,3] to [3]") { _ = try broadcastTo(m, [3]) }
    expectError("tile: negative repetition -1 in [-1]") { _ = try tile(m, [-1]) }
  }
}
