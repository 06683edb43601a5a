// Matrix products with numpy's rules: the only file that calls BLAS. Small products use a
// plain loop, which beats the BLAS call overhead; large ones go through cblas_sgemm/dgemm.

import CBLAS

/// The matrix product with numpy's `matmul` rules: rank-1 operands are promoted (a leading or
/// trailing 1 that is removed afterwards) and leading axes batch with broadcasting.
///
/// - Throws: `TensorError` `@: shapes [3,4] and [5,2] do not align (4 != 5)`, or for a rank-0
///   operand or batch axes that cannot broadcast.
public func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
  guard a.rank > 0, b.rank > 0 else {
    throw TensorError(
      "@: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) include a scalar; use *")
  }
  let dt = promotedFloat(a.dtype, b.dtype)
  let a2 = a.rank == 1 ? a.reshaped(unchecked: [1, a.shape[0]]) : a
  let b2 = b.rank == 1 ? b.reshaped(unchecked: [b.shape[0], 1]) : b
  let m = a2.shape[a2.rank - 2]
  let k = a2.shape[a2.rank - 1]
  let kb = b2.shape[b2.rank - 2]
  let n = b2.shape[b2.rank - 1]
  guard k == kb else {
    throw TensorError(
      "@: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) do not align (\(k) != \(kb))")
  }
  if a2.rank == 2 && b2.rank == 2 {  // no batch axes: skip the batch bookkeeping
    guard max(m, n, k) < Int(Int32.max) else {
      throw TensorError(
        "@: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) are too large for BLAS")
    }
    let ac = a2.dtype == dt ? a2 : a2.cast(dt)
    let bc = b2.dtype == dt ? b2 : b2.cast(dt)
    let out: Tensor
    let total: Int
    if a.rank == 2 && b.rank == 2 && k == n && a.dtype == dt && a.hasRowMajorStrides {
      // the result has a's shape (a square b): share a's shape and stride arrays
      total = a.count
      out = Tensor(uninitialized: a.shape, strides: a.strides, count: total, dtype: dt)
    } else {
      let shape = a.rank == 1 ? (b.rank == 1 ? [] : [n]) : (b.rank == 1 ? [m] : [m, n])
      total = try Tensor.checkedCount(shape, dtype: dt, op: "@")
      out = Tensor(uninitialized: shape, count: total, dtype: dt)
    }
    if total > 0 {
      let matA = MatrixView(tensor: ac, offset: ac.offset, rows: m, cols: k)
      let matB = MatrixView(tensor: bc, offset: bc.offset, rows: k, cols: n)
      if dt == .f32 {
        gemm(matA, matB, out.pointer(Float.self), m: m, n: n, k: k)
      } else {
        gemm(matA, matB, out.pointer(Double.self), m: m, n: n, k: k)
      }
    }
    try Interrupt.check()
    return out
  }
  let batchA = Array(a2.shape.dropLast(2))
  let batchB = Array(b2.shape.dropLast(2))
  let batch: [Int]
  do {
    batch = try broadcastShapes(batchA, batchB, op: "@")
  } catch {
    throw TensorError(
      "@: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) cannot broadcast")
  }
  guard max(m, n, k) < Int(Int32.max) else {
    throw TensorError(
      "@: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) are too large for BLAS")
  }
  var outShape = batch + [m, n]
  let total = try Tensor.checkedCount(outShape, dtype: dt, op: "@")
  let ac = a2.cast(dt)
  let bc = b2.cast(dt)
  let out = Tensor(uninitialized: outShape, count: total, dtype: dt)
  if total > 0 {
    let batchCount = batch.reduce(1, *)
    let sa = Array(ac.broadcastStrides(to: batch + [m, k]).dropLast(2))
    let sb = Array(bc.broadcastStrides(to: batch + [k, n]).dropLast(2))
    for bi in 0..<batchCount {
      var rest = bi
      var offA = ac.offset
      var offB = bc.offset
      for axis in stride(from: batch.count - 1, through: 0, by: -1) {
        let i = rest % batch[axis]
        rest /= batch[axis]
        offA += i * sa[axis]
        offB += i * sb[axis]
      }
      let matA = MatrixView(tensor: ac, offset: offA, rows: m, cols: k)
      let matB = MatrixView(tensor: bc, offset: offB, rows: k, cols: n)
      let c = bi * m * n
      if dt == .f32 {
        gemm(matA, matB, out.pointer(Float.self) + c, m: m, n: n, k: k)
      } else {
        gemm(matA, matB, out.pointer(Double.self) + c, m: m, n: n, k: k)
      }
      if Interrupt.isRequested { break }
    }
  }
  try Interrupt.check()
  if b.rank == 1 { outShape.removeLast() }
  if a.rank == 1 { outShape.remove(at: outShape.count - (b.rank == 1 ? 1 : 2)) }
  return out.reshaped(unchecked: outShape)
}

/// One matrix inside a tensor: its element offset and row/column strides.
struct MatrixView {
  var storage: TensorStorage
  var offset: Int
  var rowStride: Int
  var colStride: Int

  init(tensor: Tensor, offset: Int, rows: Int, cols: Int) {
    storage = tensor.storage
    self.offset = offset
    let r = tensor.rank
    rowStride = rows == 1 ? max(cols, 1) : tensor.strides[r - 2]
    colStride = cols == 1 ? 1 : tensor.strides[r - 1]
  }
}

/// Element types that BLAS multiplies.
protocol GemmElement: FloatElement {
  static func blasGemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
    _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
}

extension Float: GemmElement {
  static func blasGemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb), 0, c, blasint(ldc))
  }
}

extension Double: GemmElement {
  static func blasGemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
    _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb), 0, c, blasint(ldc))
  }
}

/// BLAS layout of a matrix view: (transposed, leading dimension), or nil when it needs a copy.
func blasLayout(_ v: MatrixView, rows: Int, cols: Int) -> (Bool, Int)? {
  if v.rowStride >= Int(Int32.max) || v.colStride >= Int(Int32.max) { return nil }
  if v.colStride == 1 && v.rowStride >= max(cols, 1) { return (false, v.rowStride) }
  if v.rowStride == 1 && v.colStride >= max(rows, 1) { return (true, v.colStride) }
  return nil
}

/// Below this many multiply-adds a plain loop is faster than calling BLAS.
let smallGemmLimit = 24 * 24 * 24

/// C (m x n, contiguous) = A (m x k) * B (k x n) for one matrix pair.
func gemm<T: GemmElement>(
  _ a: MatrixView, _ b: MatrixView, _ c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int
) {
  let pa = UnsafePointer(a.storage.base.assumingMemoryBound(to: T.self)) + a.offset
  let pb = UnsafePointer(b.storage.base.assumingMemoryBound(to: T.self)) + b.offset
  if k == 0 {
    c.initialize(repeating: 0, count: m * n)
    return
  }
  // m * n fits (it is the result's size); dividing avoids overflowing m * n * k
  if m * n <= smallGemmLimit / k || m == 1 && n <= (1 << 16) / k {
    smallGemm(pa, a.rowStride, a.colStride, pb, b.rowStride, b.colStride, c, m: m, n: n, k: k)
    return
  }
  var la = blasLayout(a, rows: m, cols: k)
  var lb = blasLayout(b, rows: k, cols: n)
  var copyA: [T] = []
  var copyB: [T] = []
  if la == nil {
    copyA = (0..<m * k).map { pa[($0 / k) * a.rowStride + ($0 % k) * a.colStride] }
    la = (false, k)
  }
  if lb == nil {
    copyB = (0..<k * n).map { pb[($0 / n) * b.rowStride + ($0 % n) * b.colStride] }
    lb = (false, n)
  }
  let (ta, lda) = la ?? (false, k)
  let (tb, ldb) = lb ?? (false, n)
  copyA.withUnsafeBufferPointer { ca in
    copyB.withUnsafeBufferPointer { cb in
      // The copy when one was made (an empty array may still have an address).
      let ra = ca.isEmpty ? pa : ca.baseAddress.map { UnsafePointer($0) } ?? pa
      let rb = cb.isEmpty ? pb : cb.baseAddress.map { UnsafePointer($0) } ?? pb
      let side = gemmBlockSide(m: m, n: n, k: k)
      if side >= m && side >= n {
        T.blasGemm(ta, tb, m, n, k, ra, lda, rb, ldb, c, n)
        return
      }
      // Blocks of C, so that Ctrl-C is seen between them. Each element of C is still one
      // BLAS dot product over all of k, so the result is the one a single call gives.
      for i0 in stride(from: 0, to: m, by: side) {
        for j0 in stride(from: 0, to: n, by: side) {
          let (mb, nb) = (min(side, m - i0), min(side, n - j0))
          let blockA = ta ? ra + i0 : ra + i0 * lda
          let blockB = tb ? rb + j0 * ldb : rb + j0
          T.blasGemm(ta, tb, mb, nb, k, blockA, lda, blockB, ldb, c + i0 * n + j0, n)
          if Interrupt.isRequested { return }
        }
      }
    }
  }
}

/// The side of the square blocks of C a large product is computed in: about 2^29
/// multiply-adds each (about 20 ms on two cores, tens more on a busy machine), at least 256
/// so that BLAS still runs at full speed (each block packs its panels of A and B again, so
/// smaller blocks cost a few percent); a product under 2^31 multiply-adds is one block.
/// - Returns: the block side (`max(m, n)` for one block).
func gemmBlockSide(m: Int, n: Int, k: Int) -> Int {
  let work = Double(m) * Double(n) * Double(k)
  guard work >= 0x1p31 else { return max(m, n) }
  let side = Int((0x1p29 / Double(max(k, 1))).squareRoot()) / 64 * 64
  return max(side, 256)
}

/// The plain triple loop (i, p, j order so the inner loop streams rows of B and C).
@inline(__always)
func smallGemm<T: FloatElement>(
  _ a: UnsafePointer<T>, _ ars: Int, _ acs: Int, _ b: UnsafePointer<T>, _ brs: Int, _ bcs: Int,
  _ c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int
) {
  for i in 0..<m {
    let crow = c + i &* n
    crow.initialize(repeating: 0, count: n)
    for p in 0..<k {
      let aip = a[i &* ars &+ p &* acs]
      let brow = b + p &* brs
      if bcs == 1 {
        for j in 0..<n { crow[j] += aip * brow[j] }
      } else {
        for j in 0..<n { crow[j] += aip * brow[j &* bcs] }
      }
    }
  }
}

/// numpy's `dot`: a product with a scalar, the inner product of vectors, `matmul` for
/// matrices, and for higher ranks a sum over the last axis of `a` and the second-to-last of `b`.
///
/// - Throws: `TensorError` `dot: shapes [3] and [4] do not align (3 != 4)`.
public func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
  if a.rank == 0 || b.rank == 0 { return try binary(.mul, a, b) }
  let k = a.shape[a.rank - 1]
  let kb = b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]
  guard k == kb else {
    throw TensorError(
      "dot: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) do not align (\(k) != \(kb))"
    )
  }
  if a.rank <= 2 && b.rank <= 2 { return try matmul(a, b) }
  // move b's contraction axis to the front, flatten the rest of each operand
  let bAxis = b.rank - 2
  let perm = [bAxis] + (0..<b.rank).filter { $0 != bAxis }
  let bt = b.permuted(perm)
  let restB = Array(bt.shape.dropFirst())
  let am = a.reshaped(unchecked: [a.shape.dropLast().reduce(1, *), k])
  let bm = bt.reshaped(unchecked: [k, restB.reduce(1, *)])
  let c = try matmul(am, bm)
  return c.reshaped(unchecked: Array(a.shape.dropLast()) + restB)
}

/// The outer product of the flattened `a` and `b`: shape `[a.count, b.count]`.
///
/// - Throws: `TensorError` when the result is over the size limits.
public func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
  let col = flatten(a).reshaped(unchecked: [a.count, 1])
  let row = flatten(b).reshaped(unchecked: [1, b.count])
  return try binary(.mul, col, row)
}
