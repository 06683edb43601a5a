import NNSTensor

/// SPEC §11's array operations. Except `cumsum` (a primitive), each is a composition of
/// differentiable primitives (index reads and writes, `where`), so its gradient and every higher
/// order follow from theirs.
extension AD {
  /// `cumsum(x, axis)`: the running sum along `axis`.
  public static func cumsum(_ x: DVal, axis: Int = -1) throws -> DVal {
    var a = Attrs()
    a.axis = axis
    return try Primitives.cumsum(x, a)
  }

  /// `[:, :, ...]` for the first `n` axes.
  static func fullSlices(_ n: Int) -> [IndexItem] {
    [IndexItem](repeating: .slice(start: nil, stop: nil, step: nil), count: n)
  }

  /// `flip(x, axes)`: the elements in reverse order along each of `axes`.
  /// - Throws: an axis out of range.
  public static func flip(_ x: DVal, axes: [Int]) throws -> DVal {
    var items = fullSlices(x.rank)
    for axis in axes {
      items[try normalizeAxis(axis, rank: x.rank, op: "flip")] = .slice(
        start: nil, stop: nil, step: -1)
    }
    return try getIndex(x, items)
  }

  /// `roll(x, shift, axis)`: element `i` along `axis` moves to `(i + shift) mod n`.
  /// - Throws: an axis out of range.
  public static func roll(_ x: DVal, shift: Int, axis: Int) throws -> DVal {
    let ax = try normalizeAxis(axis, rank: x.rank, op: "roll")
    let n = x.shape[ax]
    guard n > 0 else { return x }
    let s = ((shift % n) + n) % n
    let from = (0..<n).map { Int64(($0 - s + n) % n) }
    let items = fullSlices(ax) + [.gather(try Tensor(shape: [n], int64s: from))]
    return try getIndex(x, items)
  }

  /// `triu(x, k)` (`upper`) or `tril(x, k)`: x with the elements below (above) diagonal `k` of
  /// its last two axes set to zero.
  /// - Throws: when x has fewer than two axes.
  public static func triangle(_ x: DVal, k: Int, upper: Bool) throws -> DVal {
    let op = upper ? "triu" : "tril"
    guard x.rank >= 2 else {
      throw ADError("\(op): x must have at least 2 axes, got shape \(shapeString(x.shape))")
    }
    let (n, m) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
    var keep: [Bool] = []
    keep.reserveCapacity(n * m)
    for i in 0..<n {
      for j in 0..<m { keep.append(upper ? j - i >= k : j - i <= k) }
    }
    let mask = DVal.plain(try Tensor(shape: [n, m], bools: keep))
    let zero = DVal.plain(Tensor(scalar: 0, dtype: x.dtype))
    return try AD.where(mask, x, zero)
  }

  /// `diag(x)`: a vector as the diagonal of a square matrix, or a matrix's main diagonal.
  /// - Throws: when x is neither a vector nor a matrix.
  public static func diag(_ x: DVal) throws -> DVal {
    switch x.rank {
    case 1:
      let n = x.shape[0]
      let d = IndexItem.gather(try Tensor.range(0, Int64(n), 1))
      return try setIndex(.plain(try Tensor.zeros([n, n], dtype: x.dtype)), [d, d], x)
    case 2:
      let n = Swift.min(x.shape[0], x.shape[1])
      let d = IndexItem.gather(try Tensor.range(0, Int64(n), 1))
      return try getIndex(x, [d, d])
    default:
      throw ADError("diag: x must be a vector or a matrix, got shape \(shapeString(x.shape))")
    }
  }

  /// `pad(x, widths, value)`: x inside a tensor of `value` with `widths[i] = [before, after]`
  /// elements added around axis `i`.
  /// - Throws: when `widths` does not have one pair per axis or a width is negative.
  public static func pad(_ x: DVal, _ widths: [[Int]], value: Double) throws -> DVal {
    guard widths.count == x.rank, widths.allSatisfy({ $0.count == 2 }) else {
      throw ADError(
        "pad: widths must be one [before, after] pair per axis (\(x.rank) for shape "
          + "\(shapeString(x.shape))), got \(widths.count)")
    }
    var shape: [Int] = []
    var items: [IndexItem] = []
    for (axis, w) in widths.enumerated() {
      for v in w where v < 0 {
        throw ADError("pad: width \(v) for axis \(axis) is negative")
      }
      let (s1, o1) = x.shape[axis].addingReportingOverflow(w[0])
      let (s2, o2) = s1.addingReportingOverflow(w[1])
      guard !o1 && !o2 else { throw ADError("pad: width for axis \(axis) is too large") }
      shape.append(s2)
      items.append(.slice(start: w[0], stop: w[0] + x.shape[axis], step: 1))
    }
    let base = try Tensor.full(shape, value, dtype: x.dtype)
    return try setIndex(.plain(base), items, x)
  }

  /// The elements of `x` at `positions` along `axis` (numpy's `take_along_axis`).
  static func takeAlong(_ x: DVal, axis: Int, _ positions: Tensor) throws -> DVal {
    let flat = try takeAlongPositions(x.shape, axis: axis, positions)
    return try getIndex(flatten(x), [.gather(flat)])
  }

  /// `sort(x, axis, descending)`: each line along `axis` in order (NaN last, or first when
  /// descending); the gradient flows back to the positions each value came from.
  public static func sort(_ x: DVal, axis: Int = -1, descending: Bool = false) throws -> DVal {
    let order = try NNSTensor.argsort(x.value, axis: axis, descending: descending, op: "sort")
    let ax = try normalizeAxis(axis, rank: x.rank, op: "sort")
    return try takeAlong(x, axis: ax, order)
  }

  /// `topk(x, k, axis)`: the `k` largest values along `axis` in descending order (equal values
  /// in their original order) and their positions (`i64`).
  /// - Throws: an axis out of range, or `k` outside `0...n`.
  public static func topk(_ x: DVal, _ k: Int, axis: Int = -1) throws -> (DVal, Tensor) {
    let ax = try normalizeAxis(axis, rank: x.rank, op: "topk")
    let n = x.shape[ax]
    guard k >= 0 && k <= n else {
      throw ADError("topk: k = \(k) is out of range for axis \(ax) of size \(n)")
    }
    let order = try NNSTensor.argsort(x.value, axis: ax, descending: true, op: "topk")
    let first = try NNSTensor.getIndex(
      order, fullSlices(ax) + [.slice(start: 0, stop: k, step: 1)]
    ).contiguous()
    return (try takeAlong(x, axis: ax, first), first)
  }

  /// `split(x, sizes, axis)`: consecutive pieces of the given lengths along `axis`.
  /// - Throws: an axis out of range, a negative length, or lengths that do not add up to the
  ///   axis length.
  public static func split(_ x: DVal, sizes: [Int], axis: Int = 0) throws -> [DVal] {
    let ax = try normalizeAxis(axis, rank: x.rank, op: "split")
    let len = x.shape[ax]
    var total = 0
    for n in sizes {
      guard n >= 0 else { throw ADError("split: piece length \(n) is negative") }
      let (t, o) = total.addingReportingOverflow(n)
      total = o ? Int.max : t
    }
    guard total == len else {
      let list = "[" + sizes.map(String.init).joined(separator: ", ") + "]"
      throw ADError(
        "split: piece lengths \(list) add up to \(total), not the length \(len) of axis \(ax)")
    }
    var start = 0
    return try sizes.map { n in
      defer { start += n }
      return try getIndex(x, fullSlices(ax) + [.slice(start: start, stop: start + n, step: 1)])
    }
  }
}
