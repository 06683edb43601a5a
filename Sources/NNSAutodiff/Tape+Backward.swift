import NNSTensor

extension Tape {
  /// Computes the cotangents of `leaves` for the scalar `output`: the reverse pass.
  ///
  /// Closes the tape first (its values become constants), then walks the nodes in reverse
  /// with an explicit loop (no recursion), applying each primitive's VJP and summing adjoints.
  /// Cotangents are summed back to each input's shape and cast to its dtype here, in one place.
  /// - Parameters:
  ///   - output: the function's result; it must have exactly one element.
  ///   - leaves: values returned by `track` on this tape.
  ///   - op: the name used in error messages (`grad`, `value_and_grad`, ...).
  /// - Returns: one cotangent per leaf (zeros of its shape and dtype where unreachable).
  /// - Throws: `grad: f must return a scalar, got shape [3]`, and errors of the VJPs.
  public func backward(_ output: DVal, wrt leaves: [DVal], op: String = "grad") throws -> [DVal] {
    guard output.count == 1 else {
      throw ADError("\(op): f must return a scalar, got shape \(shapeString(output.shape))")
    }
    let seed = DVal.plain(try Tensor.ones(output.shape, dtype: output.floatDType))
    return try backward(output, seed: seed, wrt: leaves)
  }

  /// The reverse pass with an explicit seed cotangent (of `output`'s shape), for jacobians.
  /// The tape is left intact, so it may run several times.
  public func backward(_ output: DVal, seed: DVal, wrt leaves: [DVal]) throws -> [DVal] {
    try backward([output], seeds: [seed], wrt: leaves)
  }

  /// The reverse pass from several outputs at once, each with its seed cotangent (of that
  /// output's shape): the cotangents of `leaves` for `sum_k <seeds[k], outputs[k]>`, for `vjp`
  /// of a function with a tree result. Outputs not recorded on this tape (constants)
  /// contribute nothing. The tape is left intact, so it may run several times.
  public func backward(_ outputs: [DVal], seeds: [DVal], wrt leaves: [DVal]) throws -> [DVal] {
    close()
    let record = Tape.keepRecord || keepsRecord
    var adjoints = [DVal?](repeating: nil, count: nodes.count)
    var norms = [Double?](repeating: nil, count: record ? nodes.count : 0)
    var start = -1
    for (output, seed) in zip(outputs, seeds) {
      guard case .tracked(let t) = output, t.tape === self, t.index < nodes.count else {
        continue
      }
      if let old = adjoints[t.index] {
        adjoints[t.index] = try old + seed
      } else {
        adjoints[t.index] = seed
      }
      start = max(start, t.index)
    }
    if start >= 0 {
      var i = start
      while i >= 0 {
        defer { i -= 1 }
        guard let g = adjoints[i] else { continue }
        if record { norms[i] = Tape.l2(g.value) }
        guard let p = nodes[i].primitive else { continue }  // a leaf keeps its adjoint
        adjoints[i] = nil
        let ids = nodes[i].inputs.ids
        let needs = ids.map { $0 >= 0 }
        guard needs.contains(true) else { continue }
        let inputs = nodes[i].inputs.values(nodes)
        let args = VJPArgs(
          grad: g, result: nodes[i].result, inputs: inputs, attrs: nodes[i].attrs, needs: needs)
        let cotangents = try p.vjp(args)
        for (j, id) in ids.enumerated() where id >= 0 && j < cotangents.count {
          guard let c = cotangents[j] else { continue }
          let fitted = try Tape.fit(c, to: inputs[j])
          if let old = adjoints[id] {
            adjoints[id] = try old + fitted
          } else {
            adjoints[id] = fitted
          }
        }
      }
    }
    if record { Tape.lastRecord = makeRecord(norms: norms) }
    return try leaves.map { leaf in
      if case .tracked(let t) = leaf, t.tape === self, t.index < adjoints.count,
        let g = adjoints[t.index]
      {
        return try Tape.fit(g, to: t.primal)
      }
      return .plain(try Tensor.zeros(leaf.shape, dtype: leaf.floatDType))
    }
  }

  /// Sums a cotangent back to `input`'s shape (undoing broadcasting) and casts it to its dtype.
  static func fit(_ c: DVal, to input: DVal) throws -> DVal {
    var out = c
    let shape = input.shape
    if out.shape != shape { out = try AD.sumTo(out, shape) }
    let dtype = input.floatDType
    if out.dtype != dtype { out = try AD.cast(out, dtype) }
    return out
  }

  /// The Euclidean norm of a tensor, for the tape record.
  static func l2(_ t: Tensor) -> Double {
    var s = 0.0
    for v in t.toDoubles() { s += v * v }
    return s.squareRoot()
  }

  /// Frees the recorded nodes (the tape's values already act as constants once closed).
  public func release() {
    close()
    nodes = []
  }
}
