// Which elements of an index write survive: with repeated gather indices `setIndex` writes
// the same position more than once and the last write wins, so only that element's value
// reaches the result (and only its cotangent flows back in the gradient).

/// A 0/1 tensor of the indexed shape of `x[items]` (`x` of `shape`) holding 1 where that
/// element of the written value is the last write to its position, or nil when every position
/// is written once (no index tensor, or one without repeats).
///
/// - Parameters:
///   - shape: the shape of the tensor written into.
///   - items: the index expression, as for `setIndex`.
///   - dtype: the float dtype of the result.
/// - Returns: the mask, or nil when it would be all ones.
/// - Throws: the errors of `getIndex` for an invalid index expression.
public func lastWrites(shape: [Int], _ items: [IndexItem], dtype: DType) throws -> Tensor? {
  let plan = try IndexPlan(
    shape: shape, strides: Tensor.contiguousStrides(shape), offset: 0, items: items)
  guard plan.hasAdvanced else { return nil }  // slices and integers address distinct positions
  let offsets = plan.offsets()
  let size = try Tensor.checkedCount(shape, dtype: .f64, op: "index")
  var last = [Int](repeating: -1, count: size)
  for (i, o) in offsets.enumerated() { last[o] = i }
  var keep = [Double](repeating: 1, count: offsets.count)
  var repeated = false
  for (i, o) in offsets.enumerated() where last[o] != i {
    keep[i] = 0
    repeated = true
  }
  guard repeated else { return nil }
  return try Tensor(shape: plan.resultShape, values: keep, dtype: dtype)
}
