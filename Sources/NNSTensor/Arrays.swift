// Kernels of SPEC §11's array operations that are not compositions of other operations:
// the running sum along an axis, the stable sort order along an axis, and any/all.

/// The sizes before, along and after `axis` of `shape`: a tensor read as `[outer, n, inner]`.
func axisSplit(_ shape: [Int], _ axis: Int) -> (outer: Int, n: Int, inner: Int) {
  let outer = shape[..<axis].reduce(1, *)
  let inner = shape[(axis + 1)...].reduce(1, *)
  return (outer, shape[axis], inner)
}

/// `cumsum(x, axis)`: the running sum along `axis` (`reverse`: from the end, so that element
/// `i` is the sum of elements `i...`, the cotangent rule of the forward sum). Floats keep their
/// dtype and add in f64; `i64` and `bool` give `i64` (overflow is an error).
/// - Throws: `TensorError` `cumsum: axis 2 is out of range for rank 2`.
public func cumsum(_ x: Tensor, axis: Int, reverse: Bool = false) throws -> Tensor {
  let ax = try normalizeAxis(axis, rank: x.rank, op: "cumsum")
  let (outer, n, inner) = axisSplit(x.shape, ax)
  if x.dtype.isFloat {
    var v = x.toDoubles()
    for o in 0..<outer {
      for i in 0..<inner {
        var s = 0.0
        for j in 0..<n {
          let k = (o * n + (reverse ? n - 1 - j : j)) * inner + i
          s += v[k]
          v[k] = s
        }
      }
    }
    return try Tensor(shape: x.shape, values: v, dtype: x.dtype)
  }
  var v = x.toInt64s()
  for o in 0..<outer {
    for i in 0..<inner {
      var s: Int64 = 0
      for j in 0..<n {
        let k = (o * n + (reverse ? n - 1 - j : j)) * inner + i
        let (t, overflow) = s.addingReportingOverflow(v[k])
        guard !overflow else { throw TensorError("cumsum: the i64 sum overflows") }
        s = t
        v[k] = s
      }
    }
  }
  return try Tensor(shape: x.shape, int64s: v)
}

/// The positions that sort each line of `x` along `axis`, as an `i64` tensor of x's shape
/// (numpy's `argsort(kind: "stable")`). NaN sorts after every number, as numpy puts it last;
/// `descending` reverses the order of values (NaN first) but keeps equal values in their
/// original order.
/// - Throws: `TensorError` `OP: axis 2 is out of range for rank 2`.
public func argsort(_ x: Tensor, axis: Int, descending: Bool, op: String = "argsort") throws
  -> Tensor
{
  let ax = try normalizeAxis(axis, rank: x.rank, op: op)
  let (outer, n, inner) = axisSplit(x.shape, ax)
  var out = [Int64](repeating: 0, count: x.count)
  var order = [Int](repeating: 0, count: n)
  func fill(_ before: (Int, Int) -> Bool) {
    for o in 0..<outer {
      for i in 0..<inner {
        let base = o * n * inner + i
        for j in 0..<n { order[j] = j }
        // ties broken by position: stable whatever algorithm `sort` uses
        order.sort { a, b in
          let (ka, kb) = (base + a * inner, base + b * inner)
          if before(ka, kb) { return true }
          if before(kb, ka) { return false }
          return a < b
        }
        for j in 0..<n { out[base + j * inner] = Int64(order[j]) }
      }
    }
  }
  if x.dtype == .i64 {
    let v = x.toInt64s()
    fill { descending ? v[$0] > v[$1] : v[$0] < v[$1] }
  } else {
    let v = x.toDoubles()
    fill { a, b in
      let (p, q) = (v[a], v[b])
      if p.isNaN || q.isNaN { return descending ? p.isNaN && !q.isNaN : !p.isNaN && q.isNaN }
      return descending ? p > q : p < q
    }
  }
  return try Tensor(shape: x.shape, int64s: out)
}

/// Row-major positions in a tensor of `shape` that take, along `axis`, the positions in
/// `along` (an `i64` tensor whose shape is `shape` except possibly along `axis`): numpy's
/// `take_along_axis` as one flat gather.
public func takeAlongPositions(_ shape: [Int], axis: Int, _ along: Tensor) throws -> Tensor {
  let (outer, n, inner) = axisSplit(shape, axis)
  let m = along.rank == shape.count ? along.shape[axis] : 0
  let p = along.toInt64s()
  var out = [Int64](repeating: 0, count: p.count)
  for o in 0..<outer {
    for j in 0..<m {
      for i in 0..<inner {
        let k = (o * m + j) * inner + i
        out[k] = Int64(o * n * inner + i) + p[k] * Int64(inner)
      }
    }
  }
  return try Tensor(shape: along.shape, int64s: out)
}

/// `any(x, axis)` (`all: false`) or `all(x, axis)`: whether some (every) element over `axes`
/// (nil: all of them) is non-zero, as a `bool` tensor. NaN counts as non-zero, as in numpy; an
/// empty reduction gives false for any and true for all.
/// - Throws: `TensorError` `any: axis 2 is out of range for rank 2`.
public func anyAll(_ x: Tensor, axes: [Int]?, all: Bool) throws -> Tensor {
  let op = all ? "all" : "any"
  let zero = try unary(.logicalNot, x).cast(.f64)
  let zeros: Tensor
  do {
    zeros = try reduce(.sum, zero, axes: axes, keepdims: false)
  } catch let e as TensorError {
    throw TensorError(e.message.replacingPrefix("sum:", with: "\(op):"))
  }
  var reduced = 1
  if let axes {
    for a in Set(try axes.map { try normalizeAxis($0, rank: x.rank, op: op) }) {
      reduced *= x.shape[a]
    }
  } else {
    reduced = x.count
  }
  let limit = Tensor(scalar: all ? 0 : Double(reduced), dtype: .f64)
  return try binary(all ? .eq : .lt, zeros, limit)
}

extension String {
  /// The string with `prefix` replaced when it starts with it.
  func replacingPrefix(_ prefix: String, with replacement: String) -> String {
    hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
  }
}
