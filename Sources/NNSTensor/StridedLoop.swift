// Iteration over strided operands: dimensions are merged where the layout allows, so the body
// runs once per innermost row with a plain pointer loop inside.

/// Merges adjacent axes that are contiguous with each other in every operand and drops size-1
/// axes, returning the reduced shape and per-operand strides (at least one axis).
@usableFromInline
func collapseAxes(_ shape: [Int], _ strides: [[Int]]) -> ([Int], [[Int]]) {
  var outShape: [Int] = []
  var outStrides = [[Int]](repeating: [], count: strides.count)
  outShape.reserveCapacity(shape.count)
  for axis in 0..<shape.count {
    let size = shape[axis]
    if size == 1 { continue }
    if let last = outShape.last {
      var mergeable = true
      for k in 0..<strides.count
      where outStrides[k][outStrides[k].count - 1] != strides[k][axis] &* size {
        mergeable = false
        break
      }
      if mergeable {
        outShape[outShape.count - 1] = last &* size
        for k in 0..<strides.count { outStrides[k][outStrides[k].count - 1] = strides[k][axis] }
        continue
      }
    }
    outShape.append(size)
    for k in 0..<strides.count { outStrides[k].append(strides[k][axis]) }
  }
  if outShape.isEmpty {
    outShape = [1]
    for k in 0..<strides.count { outStrides[k] = [0] }
  }
  return (outShape, outStrides)
}

/// Calls `body(start, offsets, n, innerStrides)` for every run of a walk over `shape`: each
/// innermost row, split into pieces of at most `Interrupt.chunk` elements. `start` is the
/// row-major index of the run's first element (where it goes in a contiguous result) and
/// `offsets[k]` is operand k's element offset there (relative to `bases[k]`).
///
/// The runs are visited in row-major order. Between runs of `Interrupt.chunk` elements in all
/// the walk looks at the interrupt flag and stops early when Ctrl-C asked it to (the caller's
/// entry point then throws; see `Interrupt`).
@inline(__always) @usableFromInline
func forEachRow(
  shape: [Int], strides: [[Int]], bases: [Int],
  _ body: (
    _ start: Int, _ offsets: UnsafeMutablePointer<Int>, _ n: Int,
    _ inner: UnsafePointer<Int>
  ) -> Void
) {
  let total = shape.reduce(1, &*)
  if total == 0 { return }
  let (cshape, cstrides) = collapseAxes(shape, strides)
  let ops = strides.count
  let rank = cshape.count
  let n = cshape[rank - 1]
  let rows = total / n
  withUnsafeTemporaryAllocation(of: Int.self, capacity: ops * (rank + 3) + rank) { buf in
    guard let base = buf.baseAddress else { return }  // never nil: the capacity is positive
    let offsets = base
    let inner = base + ops
    let counters = base + 2 * ops
    let strideTable = base + 2 * ops + rank  // strideTable[k * rank + axis]
    let piece = base + ops * (rank + 2) + rank  // offsets within a long row
    for k in 0..<ops {
      offsets[k] = bases[k]
      inner[k] = cstrides[k][rank - 1]
      for axis in 0..<rank { strideTable[k * rank + axis] = cstrides[k][axis] }
    }
    for axis in 0..<rank { counters[axis] = 0 }
    var sinceLook = 0
    for row in 0..<rows {
      if n <= Interrupt.chunk {
        body(row &* n, offsets, n, UnsafePointer(inner))
        sinceLook &+= n
        if sinceLook >= Interrupt.chunk {
          sinceLook = 0
          if Interrupt.isRequested { return }
        }
      } else {
        var done = 0
        while done < n {
          let len = min(Interrupt.chunk, n &- done)
          for k in 0..<ops { piece[k] = offsets[k] &+ done &* inner[k] }
          body(row &* n &+ done, piece, len, UnsafePointer(inner))
          done &+= len
          if Interrupt.isRequested { return }
        }
      }
      // advance the outer counters (axes 0..<rank-1) like an odometer
      var axis = rank - 2
      while axis >= 0 {
        counters[axis] &+= 1
        for k in 0..<ops { offsets[k] &+= strideTable[k * rank + axis] }
        if counters[axis] < cshape[axis] { break }
        for k in 0..<ops { offsets[k] &-= strideTable[k * rank + axis] &* cshape[axis] }
        counters[axis] = 0
        axis -= 1
      }
    }
  }
}

/// Copies the elements of a strided source into contiguous row-major memory.
@usableFromInline
func stridedCopy<T>(
  from src: UnsafePointer<T>, shape: [Int], strides: [Int], to dst: UnsafeMutablePointer<T>
) {
  forEachRow(shape: shape, strides: [strides], bases: [0]) { start, offsets, n, inner in
    let s = src + offsets[0]
    let d = dst + start
    let st = inner[0]
    if st == 1 {
      d.update(from: s, count: n)
    } else {
      for i in 0..<n { d[i] = s[i &* st] }
    }
  }
}

extension Tensor {
  /// A contiguous copy with offset 0 that owns its storage (always copies).
  @usableFromInline func materialized() -> Tensor {
    let n = count
    let out = Tensor(uninitialized: shape, count: n, dtype: dtype)
    if n == 0 { return out }
    switch dtype {
    case .f32:
      stridedCopy(
        from: pointer(UInt32.self), shape: shape, strides: strides, to: out.pointer(UInt32.self))
    case .f64, .i64:
      stridedCopy(
        from: pointer(UInt64.self), shape: shape, strides: strides, to: out.pointer(UInt64.self))
    case .bool:
      stridedCopy(
        from: pointer(UInt8.self), shape: shape, strides: strides, to: out.pointer(UInt8.self))
    }
    return out
  }

  /// The tensor itself when contiguous, otherwise a contiguous copy.
  public func contiguous() -> Tensor {
    isContiguous ? self : materialized()
  }
}
