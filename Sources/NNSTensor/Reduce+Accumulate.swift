// How every float sum in NNSTensor accumulates: pairwise, as numpy does. A contiguous run is
// cut in halves down to blocks of at most 128 terms, each summed with eight interleaved
// accumulators, and the halves are added together; columns (the leading axis of a block) are
// added row by row in blocks of 16 rows (as many terms as each of a row's accumulators takes)
// whose sums combine the same way. The error grows with log2(n) instead of n, and the loops
// stay as fast as a plain one (`nns-bench tensor`: rowsum, colsum, sum, var, softmax). Reductions, the mean,
// the variance's two passes, logsumexp, norm, softmax and the losses all sum through here.

/// The terms of a sum, indexed from 0: what the pairwise summation adds up.
@usableFromInline
protocol SumTerms {
  associatedtype Element: FloatElement
  /// Term `i`.
  func term(_ i: Int) -> Element
}

/// The elements of a contiguous run.
@usableFromInline
struct PlainTerms<T: FloatElement>: SumTerms {
  let p: UnsafePointer<T>
  @inline(__always) @usableFromInline func term(_ i: Int) -> T { p[i] }
}

/// `(x[i] - mean)^2`: the variance's second pass.
@usableFromInline
struct SquaredDeviations<T: FloatElement>: SumTerms {
  let p: UnsafePointer<T>
  let mean: T
  @inline(__always) @usableFromInline func term(_ i: Int) -> T {
    let d = p[i] - mean
    return d * d
  }
}

/// `exp(x[i] - shift)`: logsumexp and log_softmax.
@usableFromInline
struct ShiftedExps<T: FloatElement>: SumTerms {
  let p: UnsafePointer<T>
  let shift: T
  @inline(__always) @usableFromInline func term(_ i: Int) -> T { kernelExp(p[i] - shift) }
}

/// Sums `n` terms pairwise: blocks of up to 128 with eight accumulators, halves added.
@usableFromInline
func pairwiseSum<S: SumTerms>(_ s: S, from start: Int, count n: Int) -> S.Element {
  if n < 8 {
    var r: S.Element = 0
    for i in 0..<n { r += s.term(start &+ i) }
    return r
  }
  if n <= 128 {
    let b = start
    var (s0, s1, s2, s3) = (s.term(b), s.term(b &+ 1), s.term(b &+ 2), s.term(b &+ 3))
    var (s4, s5, s6, s7) = (s.term(b &+ 4), s.term(b &+ 5), s.term(b &+ 6), s.term(b &+ 7))
    var i = 8
    while i &+ 8 <= n {
      let k = b &+ i
      s0 += s.term(k)
      s1 += s.term(k &+ 1)
      s2 += s.term(k &+ 2)
      s3 += s.term(k &+ 3)
      s4 += s.term(k &+ 4)
      s5 += s.term(k &+ 5)
      s6 += s.term(k &+ 6)
      s7 += s.term(k &+ 7)
      i &+= 8
    }
    var r = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    while i < n {
      r += s.term(b &+ i)
      i &+= 1
    }
    return r
  }
  let half = (n / 2) & ~7
  // Between the halves of a long run, a look at the interrupt flag (a stopped sum is thrown
  // away by the caller's entry point; see `Interrupt`).
  if n > Interrupt.chunk && Interrupt.isRequested { return 0 }
  return pairwiseSum(s, from: start, count: half)
    + pairwiseSum(s, from: start &+ half, count: n &- half)
}

/// Sums `n` contiguous elements pairwise.
@usableFromInline
func pairwiseSum<T: FloatElement>(_ p: UnsafePointer<T>, _ n: Int) -> T {
  pairwiseSum(PlainTerms(p: p), from: 0, count: n)
}

/// `s / n`, the mean of `n` terms summing to `s`; a count above 2^24, which f32 cannot hold
/// exactly, divides in f64.
@inline(__always) @usableFromInline
func divided<T: FloatElement>(_ s: T, by n: Int) -> T {
  n <= 1 << 24 ? s / T(n) : T(s.double / Double(n))
}

/// The variance of a contiguous row in two passes (the mean, then the squared deviations, both
/// summed pairwise), divided by `n - ddof`; NaN when `n - ddof <= 0`.
@usableFromInline
func rowVariance<T: FloatElement>(_ p: UnsafePointer<T>, _ n: Int, ddof: Int) -> T {
  let dof = n &- ddof
  if dof <= 0 || n == 0 { return T.nan }
  let mean = divided(pairwiseSum(p, n), by: n)
  let ss = pairwiseSum(SquaredDeviations(p: p, mean: mean), from: 0, count: n)
  return divided(ss, by: dof)
}

/// Sums the leading `rows` axis of a contiguous `rows x cols` block into `dst`: blocks of up to
/// 16 rows are added row by row, and the block sums combine pairwise (a binary counter over
/// the blocks, so at most log2(rows / 16) + 2 partial rows are kept). One column is a row.
@usableFromInline
func columnSums<T: FloatElement>(
  _ p: UnsafePointer<T>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>
) {
  if cols == 1 {
    dst[0] = pairwiseSum(p, rows)
    return
  }
  func block(_ first: Int, _ count: Int, into acc: UnsafeMutablePointer<T>) {
    acc.update(from: p + first &* cols, count: cols)
    for r in (first &+ 1)..<(first &+ count) {
      let row = p + r &* cols
      for j in 0..<cols { acc[j] += row[j] }
    }
  }
  let blockRows = 16
  if rows <= blockRows {
    block(0, rows, into: dst)
    return
  }
  let blocks = (rows &+ blockRows &- 1) / blockRows
  let levels = Int.bitWidth &- blocks.leadingZeroBitCount &+ 1
  withUnsafeTemporaryAllocation(of: T.self, capacity: levels &* cols) { scratch in
    guard let base = scratch.baseAddress else { return }
    var top = 0
    var sinceLook = 0
    for b in 0..<blocks {
      sinceLook &+= blockRows &* cols
      if sinceLook >= Interrupt.chunk && top > 0 {
        sinceLook = 0
        if Interrupt.isRequested { break }
      }
      let first = b &* blockRows
      block(first, Swift.min(blockRows, rows &- first), into: base + top &* cols)
      top &+= 1
      var done = b
      while done & 1 == 1 {  // merge equal-sized partial sums, as a binary counter carries
        let lower = base + (top &- 2) &* cols
        let upper = base + (top &- 1) &* cols
        for j in 0..<cols { lower[j] += upper[j] }
        top &-= 1
        done >>= 1
      }
    }
    dst.update(from: base + (top &- 1) &* cols, count: cols)
    var level = top &- 2
    while level >= 0 {
      let lower = base + level &* cols
      for j in 0..<cols { dst[j] = lower[j] + dst[j] }
      level &-= 1
    }
  }
}
