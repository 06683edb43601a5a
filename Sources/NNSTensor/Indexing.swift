// Indexing with numpy semantics: integers, slices and new axes give views; index tensors
// (gather) and bool masks select elements. Reads, writes and the accumulating scatter
// (`indexAdd`, the VJP of a read) share one plan of the positions an index addresses.

/// One entry of an index expression; entries apply to successive axes, the rest are `:`.
public enum IndexItem: Sendable {
  /// One position (negative counts from the end); removes the axis.
  case index(Int)
  /// `start:stop:step` with numpy's defaults and clipping.
  case slice(start: Int?, stop: Int?, step: Int?)
  /// A tensor of integral positions along one axis (a bool tensor acts as a mask).
  case gather(Tensor)
  /// A bool tensor over the next `mask.rank` axes selecting its true positions.
  case mask(Tensor)
  /// Inserts a size-1 axis.
  case newAxis
}

/// The positions an index expression addresses in a tensor of a given layout.
struct IndexPlan {
  /// One result axis: a basic axis (size, stride) or the flattened advanced axes.
  enum Dim {
    case basic(size: Int, stride: Int)
    case advanced
  }

  var resultShape: [Int] = []
  var dims: [Dim] = []
  var base: Int
  /// Storage offsets (without `base`) of each advanced combination, row-major over its shape.
  var advancedOffsets: [Int] = []
  var hasAdvanced = false

  /// Builds the plan for `items` applied to `shape`/`strides` at storage offset `offset`.
  init(shape: [Int], strides: [Int], offset: Int, items: [IndexItem]) throws {
    base = offset
    var consumed = 0
    for item in items {
      switch item {
      case .newAxis: break
      case .mask(let m): consumed += max(m.rank, 1)
      case .gather(let g) where g.dtype == .bool: consumed += max(g.rank, 1)
      default: consumed += 1
      }
    }
    guard consumed <= shape.count else {
      throw TensorError(
        "index: \(consumed) indices for a tensor of shape \(shapeString(shape)) (rank "
          + "\(shape.count))")
    }
    // advanced index arrays: (shape, positions, stride of the axis they index)
    var arrays: [(shape: [Int], values: [Int], stride: Int)] = []
    var advancedSlots: [Int] = []  // item positions (among items) that are advanced
    var anyArray = false
    var axis = 0
    var pre: [Dim] = []  // basic dims in order, with a marker where advanced items sit
    var preShape: [Int] = []
    var firstAdvancedDim: Int? = nil
    for (slot, item) in items.enumerated() {
      switch item {
      case .newAxis:
        pre.append(.basic(size: 1, stride: 0))
        preShape.append(1)
      case .index(let i):
        let size = shape[axis]
        let j = i < 0 ? i + size : i
        guard j >= 0 && j < size else {
          throw TensorError("index \(i) is out of range for axis \(axis) of size \(size)")
        }
        base += j * strides[axis]
        advancedSlots.append(slot)
        if firstAdvancedDim == nil { firstAdvancedDim = pre.count }
        axis += 1
      case .slice(let start, let stop, let step):
        let (s, len, st) = try sliceBounds(start, stop, step, size: shape[axis])
        base += s * strides[axis]
        // a huge step only ever selects one element, whose stride does not matter
        let (stepStride, o) = st.multipliedReportingOverflow(by: strides[axis])
        pre.append(.basic(size: len, stride: o ? 0 : stepStride))
        preShape.append(len)
        axis += 1
      case .gather(let g) where g.dtype != .bool:
        let values = try integralPositions(g, axis: axis, size: shape[axis])
        arrays.append((g.shape, values, strides[axis]))
        advancedSlots.append(slot)
        anyArray = true
        if firstAdvancedDim == nil { firstAdvancedDim = pre.count }
        axis += 1
      case .gather(let m), .mask(let m):
        let k = max(m.rank, 1)
        let axes = Array(shape[axis..<axis + k])
        guard m.rank > 0, m.shape == axes else {
          throw TensorError(
            "index: mask of shape \(shapeString(m.shape)) does not match shape "
              + "\(shapeString(axes)) at axis \(axis)")
        }
        let flags = m.toBools()
        let count = flags.reduce(0) { $0 + ($1 ? 1 : 0) }
        var columns = [[Int]](repeating: [], count: k)
        for c in 0..<k { columns[c].reserveCapacity(count) }
        let cs = Tensor.contiguousStrides(axes)
        for (flat, on) in flags.enumerated() where on {
          var rest = flat
          for c in 0..<k {
            columns[c].append(rest / max(cs[c], 1))
            rest %= max(cs[c], 1)
          }
        }
        for c in 0..<k { arrays.append(([count], columns[c], strides[axis + c])) }
        advancedSlots.append(slot)
        anyArray = true
        if firstAdvancedDim == nil { firstAdvancedDim = pre.count }
        axis += k
      }
    }
    // the remaining axes are `:`
    while axis < shape.count {
      pre.append(.basic(size: shape[axis], stride: strides[axis]))
      preShape.append(shape[axis])
      axis += 1
    }
    guard anyArray else {
      dims = pre
      resultShape = preShape
      return
    }
    hasAdvanced = true
    var bshape: [Int] = []
    for a in arrays {
      do {
        bshape = try broadcastShapes(bshape, a.shape, op: "index")
      } catch {
        throw TensorError(
          "index: index shapes \(shapeString(bshape)) and \(shapeString(a.shape)) cannot "
            + "broadcast")
      }
    }
    let bcount = try Tensor.checkedCount(bshape, dtype: .f64, op: "index")
    advancedOffsets = [Int](repeating: 0, count: bcount)
    for a in arrays {
      let astrides = Tensor.contiguousStrides(a.shape)
      let lead = bshape.count - a.shape.count
      let bstr = Tensor.contiguousStrides(bshape)
      for b in 0..<bcount {
        var src = 0
        var rest = b
        for d in 0..<bshape.count {
          let i = rest / max(bstr[d], 1)
          rest %= max(bstr[d], 1)
          if d >= lead && a.shape[d - lead] != 1 { src += i * astrides[d - lead] }
        }
        advancedOffsets[b] += a.values[src] * a.stride
      }
    }
    let adjacent = zip(advancedSlots, advancedSlots.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let at = adjacent ? (firstAdvancedDim ?? 0) : 0
    dims = Array(pre[..<at]) + [.advanced] + Array(pre[at...])
    resultShape = Array(preShape[..<at]) + bshape + Array(preShape[at...])
  }

  /// The storage offset of every addressed element, row-major over the result shape.
  func offsets() -> [Int] {
    var out = [base]
    for dim in dims {
      switch dim {
      case .basic(let size, let stride):
        var next: [Int] = []
        next.reserveCapacity(out.count * size)
        for o in out { for j in 0..<size { next.append(o + j * stride) } }
        out = next
      case .advanced:
        var next: [Int] = []
        next.reserveCapacity(out.count * advancedOffsets.count)
        for o in out { for a in advancedOffsets { next.append(o + a) } }
        out = next
      }
    }
    return out
  }

  /// The basic-only result as (shape, strides, offset); meaningful when `!hasAdvanced`.
  var view: (shape: [Int], strides: [Int], offset: Int) {
    var strides: [Int] = []
    for dim in dims { if case .basic(_, let s) = dim { strides.append(s) } }
    return (resultShape, strides, base)
  }
}

/// numpy slice semantics: (start, length, step) for `start:stop:step` over an axis of `size`.
func sliceBounds(_ start: Int?, _ stop: Int?, _ step: Int?, size: Int) throws -> (Int, Int, Int) {
  let st = step ?? 1
  guard st != 0 else { throw TensorError("index: slice step cannot be zero") }
  func clip(_ v: Int, _ lo: Int, _ hi: Int) -> Int { min(max(v, lo), hi) }
  if st > 0 {
    let s = clip(start.map { $0 < 0 ? $0 + size : $0 } ?? 0, 0, size)
    let e = clip(stop.map { $0 < 0 ? $0 + size : $0 } ?? size, 0, size)
    return (s, e > s ? (e - s - 1) / st + 1 : 0, st)
  }
  let s = clip(start.map { $0 < 0 ? $0 + size : $0 } ?? size - 1, -1, size - 1)
  let e = clip(stop.map { $0 < 0 ? $0 + size : $0 } ?? -1, -1, size - 1)
  let back = st == Int.min ? Int.max : -st
  return (max(s, 0), s > e ? (s - e - 1) / back + 1 : 0, st)
}

/// Reads a gather tensor as positions along an axis, resolving negative ones.
func integralPositions(_ g: Tensor, axis: Int, size: Int) throws -> [Int] {
  if g.dtype == .i64 {
    return try g.toInt64s().map { i in
      let j = i < 0 ? i &+ Int64(size) : i  // i < 0 and size >= 0: no overflow
      guard j >= 0 && j < Int64(size) else {
        throw TensorError("index \(i) is out of range for axis \(axis) of size \(size)")
      }
      return Int(j)
    }
  }
  return try g.toDoubles().map { v in
    guard v == v.rounded() else {
      throw TensorError("index: index \(formatIndex(v, g.dtype)) is not an integer")
    }
    guard abs(v) < 1e15 else {
      throw TensorError(
        "index \(formatIndex(v, g.dtype)) is out of range for axis \(axis) of size \(size)")
    }
    let i = Int(v)
    let j = i < 0 ? i + size : i
    guard j >= 0 && j < size else {
      throw TensorError("index \(i) is out of range for axis \(axis) of size \(size)")
    }
    return j
  }
}

/// Formats a number used as an index for messages (`3`, `1.5`, `0.1` for an f32 0.1, `2e+15`,
/// `nan`): whole numbers as integers, others in the shortest form of the tensor's dtype.
func formatIndex(_ v: Double, _ dtype: DType) -> String {
  if v.isNaN { return "nan" }
  if v.isInfinite { return v < 0 ? "-inf" : "inf" }
  if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
  let text = dtype == .f32 ? Float(v).description : v.description
  return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}
