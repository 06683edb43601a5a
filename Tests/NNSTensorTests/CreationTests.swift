// Creation functions, conversions, dtype handling, limits and copy-on-write.

import Testing

@testable import NNSTensor

@Suite("creation")
struct CreationTests {
  @Test func zerosOnesFull() throws {
    expectValues(try Tensor.zeros([2, 3], dtype: .f32), [2, 3], [0, 0, 0, 0, 0, 0])
    expectValues(try Tensor.ones([3], dtype: .f64), [3], [1, 1, 1])
    let f = try Tensor.full([2, 2], 2.5, dtype: .f32)
    #expect(f.dtype == .f32)
    expectValues(f, [2, 2], [2.5, 2.5, 2.5, 2.5])
    let z = try Tensor.zeros([], dtype: .f64)
    #expect(z.rank == 0 && z.count == 1)
    #expect(try Tensor.zeros([0, 3], dtype: .f32).count == 0)
  }

  @Test func eyeArangeLinspace() throws {
    expectValues(try Tensor.eye(3, dtype: .f64), [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1])
    expectValues(try Tensor.arange(0, 5, 1, dtype: .f64), [5], [0, 1, 2, 3, 4])
    expectValues(try Tensor.arange(1, 2, 0.25, dtype: .f64), [4], [1, 1.25, 1.5, 1.75])
    expectValues(try Tensor.arange(5, 0, -2, dtype: .f64), [3], [5, 3, 1])
    expectValues(try Tensor.arange(3, 0, 1, dtype: .f64), [0], [])
    expectValues(try Tensor.arange(0, -1e300, 1, dtype: .f64), [0], [])
    expectError("arange: too many elements (1e+300)") {
      _ = try Tensor.arange(0, 1e300, 1, dtype: .f64)
    }
    expectValues(try Tensor.linspace(0, 1, 5, dtype: .f64), [5], [0, 0.25, 0.5, 0.75, 1])
    expectValues(try Tensor.linspace(2, 3, 1, dtype: .f64), [1], [2])
    expectValues(try Tensor.linspace(0, 0.3, 4, dtype: .f64), [4], [0, 0.1, 0.2, 0.3], rel: 1e-15)
  }

  @Test func fromValuesAndNested() throws {
    let t = try Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
    #expect(t.dtype == .f32 && t.toFloats() == [1, 2, 3, 4])
    let d = try Tensor(shape: [3], doubles: [0.1, 0.2, 0.3])
    #expect(d.dtype == .f64 && d.toDoubles() == [0.1, 0.2, 0.3])
    let b = try Tensor(shape: [3], values: [0, 2, -1], dtype: .bool)
    #expect(b.toBools() == [false, true, true])
    let n = try Tensor(
      nested: .list([.list([.scalar(1), .scalar(2)]), .list([.scalar(3), .scalar(4)])]),
      dtype: .f32)
    expectValues(n, [2, 2], [1, 2, 3, 4])
    expectValues(try Tensor(nested: .list([]), dtype: .f32), [0], [])
    expectValues(try Tensor(nested: .scalar(7), dtype: .f64), [], [7])
    let s = Tensor(scalar: 3.5, dtype: .f32)
    let sv = try s.scalarDouble()
    #expect(s.rank == 0 && sv == 3.5)
  }

  @Test func creationErrors() {
    expectError("tensor: 3 values do not fit shape [2,2]") {
      _ = try Tensor(shape: [2, 2], values: [1, 2, 3], dtype: .f64)
    }
    expectError("tensor: nested lists are ragged (expected shape [2,2])") {
      _ = try Tensor(
        nested: .list([.list([.scalar(1), .scalar(2)]), .list([.scalar(3)])]), dtype: .f32)
    }
    expectError("zeros: negative dimension -1 in shape [-1,3]") {
      _ = try Tensor.zeros([-1, 3], dtype: .f32)
    }
    expectError(
      "zeros: shape [1000000,1000000] is too large (1000000000000 elements; the limit is "
        + "\(Tensor.maxElements) elements and \(Tensor.maxBytes) bytes)"
    ) { _ = try Tensor.zeros([1_000_000, 1_000_000], dtype: .f32) }
    expectError("arange: step must not be zero") { _ = try Tensor.arange(0, 1, 0, dtype: .f32) }
    expectError("linspace: number of points must be non-negative, got -1") {
      _ = try Tensor.linspace(0, 1, -1, dtype: .f32)
    }
    expectError("expected a single element, got shape [3]") {
      _ = try Tensor.zeros([3], dtype: .f32).scalarDouble()
    }
  }

  @Test func overflowingShapeIsRefused() {
    expectError(
      "ones: shape [4294967296,4294967296,4] is too large (more than \(Int.max) elements; "
        + "the limit is \(Tensor.maxElements))"
    ) { _ = try Tensor.ones([1 << 32, 1 << 32, 4], dtype: .f64) }
  }

  @Test func castAndPromotion() throws {
    let f = try vec([1.5, 0, -2], .f32)
    #expect(f.cast(.f64).dtype == .f64)
    #expect(f.cast(.bool).toBools() == [true, false, true])
    let b = try Tensor(shape: [2], bools: [true, false])
    #expect(b.cast(.f32).toFloats() == [1, 0])
    #expect(try binary(.add, f, f.cast(.f64)).dtype == .f64)
    #expect(try binary(.add, b, b).dtype == Tensor.defaultFloat)
    #expect(try binary(.add, b, try vec([1, 2], .f32)).dtype == .f32)
    #expect(try reduce(.sum, b, axes: nil, keepdims: false).dtype == Tensor.defaultFloat)
    #expect(DType(name: "f64") == .f64 && DType.bool.name == "bool")
  }

  @Test func copyOnWrite() throws {
    let a = try vec([1, 2, 3])
    var b = a
    b.setElement(0, 9)
    #expect(a.toDoubles() == [1, 2, 3])
    #expect(b.toDoubles() == [9, 2, 3])
    // a view shares storage; writing into the view copies it
    let m = try tensor([2, 2], [1, 2, 3, 4])
    var t = try transpose(m, nil)
    #expect(t.storage === m.storage)
    t.setElement(1, 7)
    #expect(m.toDoubles() == [1, 2, 3, 4])
    #expect(t.toDoubles() == [1, 7, 2, 4])
    var u = try vec([5, 6])
    let before = ObjectIdentifier(u.storage)
    u.setElement(1, 0)
    #expect(ObjectIdentifier(u.storage) == before)  // unique: written in place
  }

  @Test func largeBuffersAreCacheLineAligned() throws {
    for n in [64, 65, 1000, 4099] {
      let t = try Tensor.zeros([n], dtype: .f32)
      #expect(UInt(bitPattern: t.storage.base) % 64 == 0)
      #expect(t.storage.byteCount == 4 * n)
    }
    #expect(UInt(bitPattern: try Tensor.zeros([3], dtype: .f64).storage.base) % 8 == 0)
  }

  @Test func accessHelpers() throws {
    let m = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
    let t = try transpose(m, nil)
    #expect(t.element(1) == 4)
    #expect(!t.isContiguous && t.contiguous().isContiguous)
    #expect(t.withUnsafeFloats { Array($0) } == [1, 4, 2, 5, 3, 6])
    #expect(t.withUnsafeDoubles { $0.reduce(0, +) } == 21)
    var w = m
    w.withUnsafeMutableDoubles { $0[0] = 10 }
    #expect(w.element(0) == 10 && m.element(0) == 1)
    #expect(shapeString([3, 4]) == "[3,4]" && shapeString([]) == "[]")
  }
}
