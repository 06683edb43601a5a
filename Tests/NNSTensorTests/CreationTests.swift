import Testing

@testable import NNSTensor

@Suite("creation")
struct CreationTests {
  @Test func zerosHasShapeAndValues() throws {
    let t = try Tensor.zeros([2, 3], dtype: .f32)
    #expect(t.shape == [2, 3])
    #expect(t.toDoubles() == [0, 0, 0, 0, 0, 0])
  }
}
