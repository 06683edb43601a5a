// Indexing: integers, slices with steps, gather, masks, numpy's placement of advanced axes,
// writes, the accumulating scatter and error messages.

import Testing

@testable import NNSTensor

@Suite("indexing")
struct IndexTests {
  let t: Tensor  // 3x4x5 with values 0..<60

  init() throws { t = try reshape(try Tensor.arange(0, 60, 1, dtype: .f64), [3, 4, 5]) }

  func idx(_ values: [Double]) throws -> IndexItem { .gather(try vec(values)) }

  @Test func basicIndexing() throws {
    expectValues(try getIndex(t, [.index(1), .index(2), .index(3)]), [], [33])
    expectValues(try getIndex(t, [.index(-1), .index(-1)]), [5], [55, 56, 57, 58, 59])
    let row = try getIndex(t, [.index(0)])
    #expect(row.shape == [4, 5] && row.storage === t.storage)  // a view
    expectValues(
      try getIndex(
        t,
        [.slice(start: 1, stop: nil, step: nil), .index(0), .slice(start: nil, stop: 2, step: nil)]),
      [2, 2], [20, 21, 40, 41])
    expectValues(
      try getIndex(t, [.index(0), .index(0), .slice(start: nil, stop: nil, step: -2)]), [3],
      [4, 2, 0])
    expectValues(
      try getIndex(t, [.index(0), .index(0), .slice(start: 10, stop: -10, step: nil)]), [0], [])
    expectValues(
      try getIndex(t, [.index(0), .index(0), .slice(start: -2, stop: 100, step: nil)]), [2],
      [3, 4])
    #expect(try getIndex(t, [.newAxis, .index(0), .newAxis]).shape == [1, 1, 4, 5])
    // extreme bounds and steps clip instead of overflowing
    let v = try vec([0, 1, 2, 3])
    expectValues(try getIndex(v, [.slice(start: Int.min, stop: Int.max, step: Int.max)]), [1], [0])
    expectValues(try getIndex(v, [.slice(start: Int.max, stop: Int.min, step: Int.min)]), [1], [3])
    expectValues(try getIndex(v, [.slice(start: nil, stop: nil, step: -3)]), [2], [3, 0])
    expectValues(try getIndex(v, [.slice(start: 1, stop: 3, step: 5)]), [1], [1])
    expectRef(
      try getIndex(
        t, [.slice(start: nil, stop: nil, step: -2), .index(3), .slice(start: 1, stop: 5, step: 2)]),
      NP.idxStepNeg)
  }

  /// Forty start:stop:step slices of a length-7 vector agree with numpy's selection.
  @Test func slicesMatchNumpy() throws {
    let v = try Tensor.arange(0, 7, 1, dtype: .f64)
    let rows = NP.sliceCases.values
    for r in 0..<NP.sliceCases.shape[0] {
      let row = Array(rows[(r * 11)..<(r * 11 + 11)])
      func bound(_ x: Double) -> Int? { x == -999 ? nil : Int(x) }
      let count = Int(row[3])
      let item = IndexItem.slice(start: bound(row[0]), stop: bound(row[1]), step: bound(row[2]))
      expectValues(try getIndex(v, [item]), [count], Array(row[4..<(4 + count)]))
    }
  }

  @Test func advancedIndexing() throws {
    expectValues(try getIndex(t, [.index(0), .index(0), try idx([4, 0, 4])]), [3], [4, 0, 4])
    let last = try getIndex(t, [try idx([-1])])
    #expect(last.shape == [1, 4, 5] && last.element(0) == 40)
    // pointwise pairs, as numpy: t[[0, 2], [1, 3], [4, 0]]
    expectValues(
      try getIndex(t, [try idx([0, 2]), try idx([1, 3]), try idx([4, 0])]), [2], [9, 55])
    expectRef(
      try getIndex(t, [try idx([0, 2]), .slice(start: 1, stop: 3, step: nil), try idx([4, 0])]),
      NP.idxMixed)
    expectRef(
      try getIndex(
        t, [.slice(start: nil, stop: nil, step: nil), try idx([1, 3]), try idx([0, 2])]),
      NP.idxAdjacent)
    expectRef(
      try getIndex(t, [.index(1), .slice(start: nil, stop: nil, step: nil), try idx([0, 1, 1])]),
      NP.idxIntAndArray)
    // a 2-D index tensor
    let g = try getIndex(try vec([10, 11, 12]), [.gather(try tensor([2, 2], [0, 2, 1, 1]))])
    expectValues(g, [2, 2], [10, 12, 11, 11])
  }

  @Test func masks() throws {
    let rowsMask = try Tensor(shape: [3], bools: [true, false, true])
    expectRef(try getIndex(t, [.mask(rowsMask)]), NP.idxMaskRows)
    let x = try vec([3, -1, 4, -5])
    let pos = try binary(.gt, x, Tensor(scalar: 0, dtype: .f64))
    expectValues(try getIndex(x, [.mask(pos)]), [2], [3, 4])
    expectValues(try getIndex(x, [.gather(pos)]), [2], [3, 4])  // a bool gather is a mask
    let m = try tensor([2, 2], [1, -2, -3, 4])
    let full = try binary(.lt, m, Tensor(scalar: 0, dtype: .f64))
    expectValues(try getIndex(m, [.mask(full)]), [2], [-2, -3])
    expectValues(try getIndex(m, [.mask(try Tensor.zeros([2, 2], dtype: .bool))]), [0], [])
  }

  @Test func writes() throws {
    var x = try Tensor.zeros([3, 3], dtype: .f64)
    let original = x
    try setIndex(&x, [.index(1)], try vec([1, 2, 3]))
    try setIndex(
      &x, [.slice(start: nil, stop: nil, step: nil), .index(0)], Tensor(scalar: 7, dtype: .f64))
    try setIndex(&x, [try idx([2, 2]), try idx([1, 2])], try vec([8, 9]))
    expectValues(x, [3, 3], [7, 0, 0, 7, 2, 3, 7, 8, 9])
    expectValues(original, [3, 3], [0, 0, 0, 0, 0, 0, 0, 0, 0])  // value semantics
    var v = try vec([1, -2, 3])
    try setIndex(
      &v, [.mask(try binary(.lt, v, Tensor(scalar: 0, dtype: .f64)))],
      Tensor(scalar: 0, dtype: .f64))
    expectValues(v, [3], [1, 0, 3])
    var f = try vec([1, 2], .f32)
    try setIndex(&f, [.index(0)], Tensor(scalar: 0.5, dtype: .f64))  // converts to f32
    #expect(f.dtype == .f32 && f.toFloats() == [0.5, 2])
    // writing through a transposed view of shared storage copies first
    let base = try tensor([2, 2], [1, 2, 3, 4])
    var tr = try transpose(base, nil)
    try setIndex(&tr, [.index(0), .index(1)], Tensor(scalar: 9, dtype: .f64))
    expectValues(tr, [2, 2], [1, 9, 2, 4])
    expectValues(base, [2, 2], [1, 2, 3, 4])
  }

  @Test func indexAddAccumulates() throws {
    let g = try indexAdd(shape: [4], dtype: .f64, [try idx([0, 2, 2, -1])], try vec([1, 2, 3, 4]))
    expectValues(g, [4], [1, 0, 5, 4])
    let h = try indexAdd(
      shape: [2, 3], dtype: .f32, [.slice(start: nil, stop: nil, step: nil), try idx([1, 1])],
      Tensor(scalar: 1, dtype: .f32))
    expectValues(h, [2, 3], [0, 2, 0, 0, 2, 0])
    let b = try indexAdd(
      shape: [3], dtype: .f64, [.slice(start: nil, stop: nil, step: -1)], try vec([1, 2, 3]))
    expectValues(b, [3], [3, 2, 1])
  }

  /// getIndex followed by indexAdd of ones counts how often each position is read.
  @Test func indexAddIsTheAdjointOfGetIndex() throws {
    var r = TestRandom(7)
    for _ in 0..<50 {
      let shape = r.shape(rank: 3)
      let x = try r.tensor(shape)
      let items: [IndexItem] = [
        .gather(try vec((0..<r.int(1...4)).map { _ in Double(r.int(0...shape[0] - 1)) })),
        .slice(start: nil, stop: nil, step: r.int(0...1) == 0 ? 1 : -1),
        .index(r.int(-shape[2]...shape[2] - 1)),
      ]
      let y = try getIndex(x, items)
      let w = try r.tensor(y.shape)
      // <getIndex(x), w> == <x, indexAdd(w)>
      let lhs = try reduce(.sum, try binary(.mul, y, w), axes: nil, keepdims: false).element(0)
      let back = try indexAdd(shape: shape, dtype: .f64, items, w)
      let rhs = try reduce(.sum, try binary(.mul, x, back), axes: nil, keepdims: false).element(0)
      #expect(close(lhs, rhs, rel: 1e-12, abs: 1e-12))
    }
  }

  @Test func errorMessages() throws {
    let x = try vec([1, 2, 3])
    expectError("index 5 is out of range for axis 0 of size 3") { _ = try getIndex(x, [.index(5)]) }
    expectError("index -4 is out of range for axis 0 of size 3") {
      _ = try getIndex(x, [.index(-4)])
    }
    expectError("index 3 is out of range for axis 0 of size 3") {
      _ = try getIndex(x, [try idx([0, 3])])
    }
    expectError("index 7 is out of range for axis 2 of size 5") {
      _ = try getIndex(t, [.index(0), .index(0), .index(7)])
    }
    expectError("index: index 1.5 is not an integer") { _ = try getIndex(x, [try idx([1.5])]) }
    expectError("index: 2 indices for a tensor of shape [3] (rank 1)") {
      _ = try getIndex(x, [.index(0), .index(0)])
    }
    expectError("index: slice step cannot be zero") {
      _ = try getIndex(x, [.slice(start: nil, stop: nil, step: 0)])
    }
    expectError("index: mask of shape [2] does not match shape [3] at axis 0") {
      _ = try getIndex(x, [.mask(try Tensor.zeros([2], dtype: .bool))])
    }
    expectError("index: index shapes [2] and [3] cannot broadcast") {
      _ = try getIndex(t, [try idx([0, 1]), try idx([0, 1, 2])])
    }
    var y = x
    expectError("index: cannot assign shape [2] to shape [3]") {
      try setIndex(&y, [.slice(start: nil, stop: nil, step: nil)], try vec([1, 2]))
    }
    expectError("index 3 is out of range for axis 0 of size 3") {
      try setIndex(&y, [.index(3)], Tensor(scalar: 1, dtype: .f64))
    }
    #expect(y.toDoubles() == [1, 2, 3])
  }
}
