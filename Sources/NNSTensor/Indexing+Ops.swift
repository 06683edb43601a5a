// Index reads, writes and the accumulating scatter, all driven by an IndexPlan.

/// Reads `x[items]`: a view for integers, slices and new axes; a copy when an index tensor or a
/// mask is involved (numpy's advanced indexing, including where the selected axes go).
///
/// - Throws: `TensorError` `index 5 is out of range for axis 0 of size 3`, and for
///   non-integral indices, mismatched masks, too many indices or a zero slice step.
public func getIndex(_ x: Tensor, _ items: [IndexItem]) throws -> Tensor {
  if let view = try integerView(x, items) { return view }
  let plan = try IndexPlan(shape: x.shape, strides: x.strides, offset: x.offset, items: items)
  if !plan.hasAdvanced {
    let v = plan.view
    return Tensor(
      dtype: x.dtype, shape: v.shape, strides: v.strides, offset: v.offset, storage: x.storage)
  }
  let n = try Tensor.checkedCount(plan.resultShape, dtype: x.dtype, op: "index")
  let out = Tensor(uninitialized: plan.resultShape, count: n, dtype: x.dtype)
  let offsets = plan.offsets()
  func gather<T>(_: T.Type) {
    let src = x.storage.base.assumingMemoryBound(to: T.self)
    let dst = out.pointer(T.self)
    for i in 0..<n { dst[i] = src[offsets[i]] }
  }
  switch x.dtype {
  case .f32: gather(UInt32.self)
  case .f64, .i64: gather(UInt64.self)
  case .bool: gather(UInt8.self)
  }
  return out
}

/// The view for leading integer indices only (`x[i]`, `x[i, j]`), without building a plan;
/// nil for any other index expression.
@inline(__always)
func integerView(_ x: Tensor, _ items: [IndexItem]) throws -> Tensor? {
  guard items.count <= x.rank else { return nil }
  var offset = x.offset
  for axis in 0..<items.count {
    guard case .index(let i) = items[axis] else { return nil }
    let size = x.shape[axis]
    let j = i < 0 ? i + size : i
    guard j >= 0 && j < size else {
      throw TensorError("index \(i) is out of range for axis \(axis) of size \(size)")
    }
    offset += j * x.strides[axis]
  }
  let k = items.count
  return Tensor(
    dtype: x.dtype, shape: k == x.rank ? [] : Array(x.shape[k...]),
    strides: k == x.rank ? [] : Array(x.strides[k...]), offset: offset, storage: x.storage)
}

/// Writes `value` (broadcast to the indexed shape, converted to `x`'s dtype) into `x[items]`.
///
/// `x` is copied first if its storage is shared. With repeated gather indices the last write
/// wins.
/// - Throws: the errors of `getIndex`, or `index: cannot assign shape [3] to shape [2]`.
public func setIndex(_ x: inout Tensor, _ items: [IndexItem], _ value: Tensor) throws {
  // validate before copying, so a failed write leaves x untouched and cheap
  _ = try IndexPlan(shape: x.shape, strides: x.strides, offset: x.offset, items: items)
  x.makeUniqueContiguous()
  let plan = try IndexPlan(shape: x.shape, strides: x.strides, offset: x.offset, items: items)
  _ = try Tensor.checkedCount(plan.resultShape, dtype: x.dtype, op: "index")
  let v = try assignable(value, to: plan.resultShape, dtype: x.dtype)
  if !plan.hasAdvanced {
    let view = plan.view
    Tensor(
      dtype: x.dtype, shape: view.shape, strides: view.strides, offset: view.offset,
      storage: x.storage
    ).copyElements(from: v)
    return
  }
  let offsets = plan.offsets()
  let vc = v.materialized()
  func scatter<T>(_: T.Type) {
    let dst = x.storage.base.assumingMemoryBound(to: T.self)
    let src = vc.pointer(T.self)
    for i in 0..<offsets.count { dst[offsets[i]] = src[i] }
  }
  switch x.dtype {
  case .f32: scatter(UInt32.self)
  case .f64, .i64: scatter(UInt64.self)
  case .bool: scatter(UInt8.self)
  }
}

/// A zero tensor of `shape` with `values` added at the positions `getIndex(_, items)` reads;
/// repeated positions accumulate. This is the vector-Jacobian product of `getIndex`.
///
/// - Throws: the errors of `getIndex`, or when `values` does not broadcast to the indexed shape.
public func indexAdd(shape: [Int], dtype: DType, _ items: [IndexItem], _ values: Tensor) throws
  -> Tensor
{
  let dt = dtype.isFloat ? dtype : Tensor.defaultFloat
  var out = try Tensor.zeros(shape, dtype: dt)
  let plan = try IndexPlan(shape: out.shape, strides: out.strides, offset: 0, items: items)
  _ = try Tensor.checkedCount(plan.resultShape, dtype: dt, op: "index")
  let v = try assignable(values, to: plan.resultShape, dtype: dt).materialized()
  let offsets = plan.offsets()
  out.makeUniqueContiguous()
  func accumulate<T: FloatElement>(_: T.Type) {
    let dst = out.storage.base.assumingMemoryBound(to: T.self)
    let src = v.pointer(T.self)
    for i in 0..<offsets.count { dst[offsets[i]] += src[i] }
  }
  if dt == .f32 { accumulate(Float.self) } else { accumulate(Double.self) }
  return out
}

/// `value` converted to `dtype` and broadcast to `shape`, or the assignment error. Floats
/// written into an i64 tensor convert as `i64(x)` does (truncated toward zero; NaN and values
/// outside the i64 range are errors).
func assignable(_ value: Tensor, to shape: [Int], dtype: DType) throws -> Tensor {
  let converted = try value.converted(to: dtype, op: "index")
  do {
    return try broadcastTo(converted, shape)
  } catch {
    throw TensorError(
      "index: cannot assign shape \(shapeString(value.shape)) to shape \(shapeString(shape))")
  }
}
