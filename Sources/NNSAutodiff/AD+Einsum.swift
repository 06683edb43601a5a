import NNSTensor

/// `einsum`: numpy's subscript language, composed of differentiable primitives (a diagonal
/// gather for a label repeated within an operand, broadcast_to, sum, transpose, reshape and a
/// batched matmul per pair of operands), so gradients of every order follow from theirs.
extension AD {
  /// A parsed subscript string: per operand its labels (letters as their code, the axes of `...`
  /// as `ellipsisBase + k`, aligned to the right of the widest `...`), and the output labels.
  struct EinsumSpec {
    var inputs: [[Int]]
    var output: [Int]
  }

  static let ellipsisBase = 1000

  /// Splits one term into its letters and whether (and where) it has `...`.
  static func einsumTerm(_ term: Substring, _ what: String) throws -> (
    before: [Int], after: [Int], ellipsis: Bool
  ) {
    var before: [Int] = []
    var after: [Int] = []
    var ellipsis = false
    var rest = term[...]
    while let c = rest.first {
      if rest.hasPrefix("...") {
        guard !ellipsis else { throw ADError("einsum: '...' appears twice in \(what)") }
        ellipsis = true
        rest = rest.dropFirst(3)
        continue
      }
      guard let a = c.asciiValue, c.isLetter else {
        throw ADError("einsum: invalid character '\(c)' in \(what) (letters and '...' only)")
      }
      if ellipsis { after.append(Int(a)) } else { before.append(Int(a)) }
      rest = rest.dropFirst()
    }
    return (before, after, ellipsis)
  }

  /// Parses `subscripts` for operands of the given ranks.
  static func einsumSpec(_ subscripts: String, ranks: [Int]) throws -> EinsumSpec {
    let text = subscripts.filter { $0 != " " }
    let sides = text.split(separator: "-", omittingEmptySubsequences: false)
    guard sides.count <= 2, sides.count == 1 || sides[1].hasPrefix(">") else {
      throw ADError("einsum: subscripts '\(subscripts)' may contain '->' once, not a lone '-'")
    }
    let terms = sides[0].split(separator: ",", omittingEmptySubsequences: false)
    guard terms.count == ranks.count else {
      throw ADError(
        "einsum: subscripts '\(subscripts)' name \(terms.count) operand"
          + "\(terms.count == 1 ? "" : "s"), got \(ranks.count)")
    }
    var parsed: [(before: [Int], after: [Int], ellipsis: Bool)] = []
    var widest = 0
    for (i, term) in terms.enumerated() {
      let p = try einsumTerm(term, "operand \(i)'s subscripts '\(term)'")
      let named = p.before.count + p.after.count
      if p.ellipsis ? named > ranks[i] : named != ranks[i] {
        throw ADError(
          "einsum: operand \(i) has \(ranks[i]) axes but its subscripts '\(term)' name "
            + "\(named)")
      }
      if p.ellipsis { widest = Swift.max(widest, ranks[i] - named) }
      parsed.append(p)
    }
    let ell = (0..<widest).map { ellipsisBase + $0 }
    let inputs = parsed.enumerated().map { i, p in
      let k = p.ellipsis ? ranks[i] - p.before.count - p.after.count : 0
      return p.before + ell.suffix(k) + p.after
    }
    var output: [Int]
    if sides.count == 2 {
      let p = try einsumTerm(sides[1].dropFirst(), "the output '\(sides[1].dropFirst())'")
      output = p.before + (p.ellipsis ? ell : []) + p.after
      let all = Set(inputs.joined())
      for (j, l) in output.enumerated() {
        let name = l >= ellipsisBase ? "..." : String(UnicodeScalar(UInt8(l)))
        guard all.contains(l) else {
          throw ADError("einsum: output label '\(name)' appears in no operand")
        }
        guard !output[..<j].contains(l) else {
          throw ADError("einsum: output label '\(name)' appears twice")
        }
      }
    } else {
      // numpy's implicit output: `...`, then the letters used once, in alphabetical order
      var count: [Int: Int] = [:]
      for l in inputs.joined() where l < ellipsisBase { count[l, default: 0] += 1 }
      output = ell + count.filter { $0.value == 1 }.keys.sorted()
    }
    return EinsumSpec(inputs: inputs, output: output)
  }

  /// The name of a label in messages.
  static func labelName(_ l: Int) -> String {
    l >= ellipsisBase ? "... axis \(l - ellipsisBase)" : String(UnicodeScalar(UInt8(l)))
  }

  /// An operand with a label repeated reduced to its diagonal: one axis per distinct label.
  static func einsumDiagonal(_ x: DVal, _ labels: [Int], _ index: Int) throws -> (DVal, [Int]) {
    var unique: [Int] = []
    for l in labels where !unique.contains(l) { unique.append(l) }
    if unique.count == labels.count { return (x, labels) }
    var size: [Int: Int] = [:]
    for (a, l) in labels.enumerated() {
      if let s = size[l], s != x.shape[a] {
        throw ADError(
          "einsum: label '\(labelName(l))' of operand \(index) has sizes \(s) and \(x.shape[a])")
      }
      size[l] = x.shape[a]
    }
    // every axis gathered by a position tensor that varies along its label's result axis
    var items: [IndexItem] = []
    for (a, l) in labels.enumerated() {
      let u = unique.firstIndex(of: l) ?? 0
      var shape = [Int](repeating: 1, count: unique.count)
      shape[u] = x.shape[a]
      let positions = try Tensor.range(0, Int64(x.shape[a]), 1)
      items.append(.gather(try NNSTensor.reshape(positions, shape)))
    }
    return (try getIndex(x, items), unique)
  }

  /// `einsum(subscripts, operands)`.
  /// - Throws: subscript errors and size mismatches, naming the label.
  public static func einsum(_ subscripts: String, _ operands: [DVal]) throws -> DVal {
    guard !operands.isEmpty else { throw ADError("einsum: needs at least one operand") }
    let spec = try einsumSpec(subscripts, ranks: operands.map(\.rank))
    // sizes per label: equal, or 1 broadcasting (numpy broadcasts `...` axes)
    var size: [Int: Int] = [:]
    for (x, labels) in zip(operands, spec.inputs) {
      for (a, l) in labels.enumerated() {
        let s = x.shape[a]
        if let t = size[l], t != s, t != 1, s != 1 {
          throw ADError("einsum: label '\(labelName(l))' has sizes \(t) and \(s)")
        }
        if size[l] == nil || size[l] == 1 { size[l] = s }
      }
    }
    var terms: [(DVal, [Int])] = []
    for (i, (x, labels)) in zip(operands, spec.inputs).enumerated() {
      var (y, ls) = try einsumDiagonal(x, labels, i)
      let full = ls.map { size[$0] ?? 1 }
      if y.shape != full { y = try broadcastTo(y, full) }
      terms.append((y, ls))
    }
    // fold left: sum labels no one else needs, then contract each pair with matmul
    func needed(after k: Int) -> Set<Int> {
      Set(spec.output).union(terms.dropFirst(k + 1).flatMap(\.1))
    }
    var (acc, accLabels) = try einsumReduce(terms[0], keep: needed(after: 0))
    for k in 1..<terms.count {
      let keep = needed(after: k)
      let (b, bLabels) = try einsumReduce(terms[k], keep: keep.union(accLabels))
      (acc, accLabels) = try einsumPair(acc, accLabels, b, bLabels, keep: keep, size: size)
    }
    (acc, accLabels) = try einsumReduce((acc, accLabels), keep: Set(spec.output))
    let perm = spec.output.compactMap { accLabels.firstIndex(of: $0) }
    return perm == Array(0..<perm.count) ? acc : try transpose(acc, perm)
  }

  /// Sums away the labels of `term` that are not in `keep`.
  static func einsumReduce(_ term: (DVal, [Int]), keep: Set<Int>) throws -> (DVal, [Int]) {
    let (x, labels) = term
    let drop = labels.indices.filter { !keep.contains(labels[$0]) }
    if drop.isEmpty { return term }
    return (try sum(x, axes: drop, keepdims: false), labels.filter { keep.contains($0) })
  }

  /// Contracts two terms whose labels are all needed: labels in both and in `keep` are batch
  /// axes, labels in both and not kept are summed (one matmul).
  static func einsumPair(
    _ a: DVal, _ al: [Int], _ b: DVal, _ bl: [Int], keep: Set<Int>, size: [Int: Int]
  ) throws -> (DVal, [Int]) {
    let both = al.filter { bl.contains($0) }
    let batch = both.filter { keep.contains($0) }
    let summed = both.filter { !keep.contains($0) }
    let aOnly = al.filter { !bl.contains($0) }
    let bOnly = bl.filter { !al.contains($0) }
    func count(_ ls: [Int]) -> Int { ls.reduce(1) { $0 * (size[$1] ?? 1) } }
    let at = try transpose(a, (batch + aOnly + summed).compactMap { al.firstIndex(of: $0) })
    let bt = try transpose(b, (batch + summed + bOnly).compactMap { bl.firstIndex(of: $0) })
    let am = try reshape(at, [count(batch), count(aOnly), count(summed)])
    let bm = try reshape(bt, [count(batch), count(summed), count(bOnly)])
    let out = try matmul(am, bm)
    let labels = batch + aOnly + bOnly
    return (try reshape(out, labels.map { size[$0] ?? 1 }), labels)
  }
}
