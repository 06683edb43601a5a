// numpy broadcasting and dtype promotion, and the loops that map kernels over broadcast
// operands into a fresh contiguous result.

/// The broadcast shape of `a` and `b` (align trailing axes; a size-1 axis stretches).
///
/// - Throws: `TensorError` `OP: shapes [3] and [4] cannot broadcast`.
public func broadcastShapes(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
  if a == b || b.isEmpty { return a }
  if a.isEmpty { return b }
  let rank = max(a.count, b.count)
  var out = [Int](repeating: 1, count: rank)
  for i in 0..<rank {
    let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
    let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
    if da == db || db == 1 {
      out[i] = da
    } else if da == 1 {
      out[i] = db
    } else {
      throw TensorError("\(op): shapes \(shapeString(a)) and \(shapeString(b)) cannot broadcast")
    }
  }
  return out
}

/// The float dtype that arithmetic on `a` and `b` computes in when its result is a float: f64
/// wins over f32, and bool and i64 take the other operand's float dtype (the default float when
/// neither is a float), as PyTorch and JAX promote integers with floats.
public func promotedFloat(_ a: DType, _ b: DType) -> DType {
  if a == .f64 || b == .f64 { return .f64 }
  if a == .f32 || b == .f32 { return .f32 }
  return Tensor.defaultFloat
}

/// The dtype that holds values of both `a` and `b` (what `concat`, `stack` and `where` give):
/// bool with bool stays bool, i64 with i64 or bool stays i64, anything with a float is the
/// promoted float.
public func promotedType(_ a: DType, _ b: DType) -> DType {
  if a == b { return a }
  if !a.isFloat && !b.isFloat { return .i64 }  // i64 with bool
  return promotedFloat(a, b)
}

extension Tensor {
  /// The strides that read this tensor as if broadcast to `target` (0 on stretched axes).
  @usableFromInline func broadcastStrides(to target: [Int]) -> [Int] {
    let lead = target.count - shape.count
    var out = [Int](repeating: 0, count: target.count)
    for axis in 0..<shape.count where shape[axis] != 1 || target[lead + axis] == 1 {
      out[lead + axis] = strides[axis]
    }
    return out
  }
}

/// Maps `f` over one operand (of element type S) into a fresh contiguous tensor of type D.
@inline(__always) @usableFromInline
func map1<S, D>(_ x: Tensor, _: S.Type, to dtype: DType, _: D.Type, _ f: (S) -> D) -> Tensor {
  let (out, dense) = map1Output(x, dtype: dtype)
  let n = x.count
  if n == 0 { return out }
  if dense {
    let dst = out.pointer(D.self)
    let src = x.pointer(S.self)
    Interrupt.forChunks(n) { r in for i in r { dst[i] = f(src[i]) } }
    return out
  }
  map1Strided(x, into: out, f)
  return out
}

/// The uninitialized result of a unary map over `x`, and whether `x`'s elements are dense in
/// memory in the result's order, so that one flat loop over both buffers does the map.
@inline(__always) @usableFromInline
func map1Output(_ x: Tensor, dtype: DType) -> (out: Tensor, dense: Bool) {
  let n = x.count
  let rowMajor = x.hasRowMajorStrides
  let out =
    rowMajor
    ? Tensor(uninitialized: x.shape, strides: x.strides, count: n, dtype: dtype)
    : Tensor(uninitialized: x.shape, count: n, dtype: dtype)
  return (out, rowMajor || x.isContiguous)
}

/// Maps `f` over a non-dense `x` (element type S) row by row into `out`, a fresh row-major
/// tensor of type D and `x`'s shape.
@inline(__always) @usableFromInline
func map1Strided<S, D>(_ x: Tensor, into out: Tensor, _ f: (S) -> D) {
  let dst = out.pointer(D.self)
  let src = x.storage.base.assumingMemoryBound(to: S.self)
  forEachRow(shape: x.shape, strides: [x.strides], bases: [x.offset]) { start, offs, n, inner in
    let s = src + offs[0]
    let d = dst + start
    let st = inner[0]
    for i in 0..<n { d[i] = f(s[i &* st]) }
  }
}

/// Maps `f` over two operands of element type S broadcast to `shape` into a fresh tensor of D.
@inline(__always) @usableFromInline
func map2<S, D>(
  _ a: Tensor, _ b: Tensor, _: S.Type, shape: [Int], count n: Int, to dtype: DType, _: D.Type,
  _ f: (S, S) -> D
) -> Tensor {
  let aSame = a.shape == shape
  let bSame = b.shape == shape
  let out: Tensor
  if aSame && a.hasRowMajorStrides {
    out = Tensor(uninitialized: shape, strides: a.strides, count: n, dtype: dtype)
  } else if bSame && b.hasRowMajorStrides {
    out = Tensor(uninitialized: shape, strides: b.strides, count: n, dtype: dtype)
  } else {
    out = Tensor(uninitialized: shape, count: n, dtype: dtype)
  }
  if n == 0 { return out }
  let dst = out.pointer(D.self)
  if aSame && bSame && (a.hasRowMajorStrides || a.isContiguous)
    && (b.hasRowMajorStrides || b.isContiguous)
  {
    let pa = a.pointer(S.self)
    let pb = b.pointer(S.self)
    Interrupt.forChunks(n) { r in for i in r { dst[i] = f(pa[i], pb[i]) } }
    return out
  }
  if aSame && b.count == 1 && a.isContiguous {
    let pa = a.pointer(S.self)
    let s = b.pointer(S.self).pointee
    Interrupt.forChunks(n) { r in for i in r { dst[i] = f(pa[i], s) } }
    return out
  }
  if bSame && a.count == 1 && b.isContiguous {
    let pb = b.pointer(S.self)
    let s = a.pointer(S.self).pointee
    Interrupt.forChunks(n) { r in for i in r { dst[i] = f(s, pb[i]) } }
    return out
  }
  // a row repeated over the leading axes (a bias added to every row)
  if aSame && a.isContiguous && b.isContiguous && isTrailingBlock(b.shape, of: shape) {
    let pa = a.pointer(S.self)
    let pb = b.pointer(S.self)
    let m = b.count
    Interrupt.forChunks(n / m, weight: m) { rows in
      for r in rows {
        let ra = pa + r &* m
        let d = dst + r &* m
        for j in 0..<m { d[j] = f(ra[j], pb[j]) }
      }
    }
    return out
  }
  if bSame && a.isContiguous && b.isContiguous && isTrailingBlock(a.shape, of: shape) {
    let pa = a.pointer(S.self)
    let pb = b.pointer(S.self)
    let m = a.count
    Interrupt.forChunks(n / m, weight: m) { rows in
      for r in rows {
        let rb = pb + r &* m
        let d = dst + r &* m
        for j in 0..<m { d[j] = f(pa[j], rb[j]) }
      }
    }
    return out
  }
  let sa = a.broadcastStrides(to: shape)
  let sb = b.broadcastStrides(to: shape)
  let baseA = a.storage.base.assumingMemoryBound(to: S.self)
  let baseB = b.storage.base.assumingMemoryBound(to: S.self)
  forEachRow(shape: shape, strides: [sa, sb], bases: [a.offset, b.offset]) {
    start, offs, n, inner in
    let pa = baseA + offs[0]
    let pb = baseB + offs[1]
    let d = dst + start
    let ia = inner[0]
    let ib = inner[1]
    if ia == 1 && ib == 1 {
      for i in 0..<n { d[i] = f(pa[i], pb[i]) }
    } else if ia == 1 && ib == 0 {
      let s = pb.pointee
      for i in 0..<n { d[i] = f(pa[i], s) }
    } else if ia == 0 && ib == 1 {
      let s = pa.pointee
      for i in 0..<n { d[i] = f(s, pb[i]) }
    } else {
      for i in 0..<n { d[i] = f(pa[i &* ia], pb[i &* ib]) }
    }
  }
  return out
}

/// Whether `small` (ignoring leading 1s) equals the trailing axes of `shape` and is non-empty,
/// so broadcasting repeats it as one contiguous block.
@inline(__always) @usableFromInline
func isTrailingBlock(_ small: [Int], of shape: [Int]) -> Bool {
  var i = small.count - 1
  var j = shape.count - 1
  var count = 1
  while i >= 0 && small[i] == shape[j] {
    count &*= small[i]
    i -= 1
    j -= 1
  }
  while i >= 0 && small[i] == 1 { i -= 1 }
  return i < 0 && count > 0
}

/// Maps `f` over three operands broadcast to `shape` into a fresh tensor of element type D.
@inline(__always) @usableFromInline
func map3<A, B, C, D>(
  _ a: Tensor, _ b: Tensor, _ c: Tensor, _: A.Type, _: B.Type, _: C.Type,
  shape: [Int], count n: Int, to dtype: DType, _: D.Type, _ f: (A, B, C) -> D
) -> Tensor {
  let out = Tensor(uninitialized: shape, count: n, dtype: dtype)
  if n == 0 { return out }
  let dst = out.pointer(D.self)
  let pa = a.storage.base.assumingMemoryBound(to: A.self)
  let pb = b.storage.base.assumingMemoryBound(to: B.self)
  let pc = c.storage.base.assumingMemoryBound(to: C.self)
  forEachRow(
    shape: shape,
    strides: [
      a.broadcastStrides(to: shape), b.broadcastStrides(to: shape),
      c.broadcastStrides(to: shape),
    ],
    bases: [a.offset, b.offset, c.offset]
  ) { start, offs, n, inner in
    let ra = pa + offs[0]
    let rb = pb + offs[1]
    let rc = pc + offs[2]
    let d = dst + start
    let (ia, ib, ic) = (inner[0], inner[1], inner[2])
    for i in 0..<n { d[i] = f(ra[i &* ia], rb[i &* ib], rc[i &* ic]) }
  }
  return out
}
