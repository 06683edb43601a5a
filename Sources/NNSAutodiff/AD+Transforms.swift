import NNSTensor

/// The product transforms behind `jvp` and `vjp`: one Jacobian-vector product, or a pullback
/// that gives vector-Jacobian products, without building the Jacobian.
extension AD {
  /// The reverse-mode product: runs `f` once on tracked copies of `leaves` and returns its
  /// outputs with a pullback. `pullback(seeds)` (one seed per output, of its shape) gives the
  /// cotangent of each leaf for `sum_k <seeds[k], outputs[k]>`: one backward pass per call,
  /// reusing the one recorded forward pass. The pullback keeps the tape alive.
  /// - Parameters:
  ///   - leaves: the values to differentiate with respect to (any level of tracking).
  ///   - f: the function; it receives the tracked leaves and returns its output leaves.
  /// - Returns: the outputs (one level down) and the pullback.
  /// - Throws: `f`'s errors; the pullback throws the VJPs' errors.
  public static func vjp(
    _ leaves: [DVal], _ f: ([DVal]) throws -> [DVal]
  ) throws -> (values: [DVal], pullback: ([DVal]) throws -> [DVal]) {
    let tape = Tape.open()
    let tracked = leaves.map { tape.track($0) }
    let outs: [DVal]
    do {
      outs = try f(tracked)
    } catch {
      tape.release()
      throw error
    }
    tape.close()
    let pullback: ([DVal]) throws -> [DVal] = { seeds in
      try tape.backward(outs, seeds: seeds, wrt: tracked)
    }
    return (outs.map { unwrap($0, from: tape) }, pullback)
  }

  /// The forward-mode product `J v`: the derivative of `f` at `leaves` in the direction
  /// `tangents` (one per leaf, of its shape), with `f`'s outputs.
  ///
  /// Built from two reverse passes (the "double VJP"): the pullback `u -> J^T u` is linear in
  /// `u`, so running it with `u` tracked on an outer tape and differentiating `<J^T u, v>`
  /// with respect to `u` gives `J v`. The cost is one forward pass, one backward pass recorded
  /// on the outer tape and one backward pass over that record: a small constant times the
  /// cost of `f`, whatever the number of inputs or outputs. Nests like `grad` (the inputs and
  /// tangents may be tracked by outer gradients).
  /// - Returns: the outputs (one level down) and one tangent per output (its shape, its float
  ///   dtype).
  /// - Throws: `f`'s errors and those of the VJPs.
  public static func jvp(
    _ leaves: [DVal], tangents: [DVal], op: String = "jvp", _ f: ([DVal]) throws -> [DVal]
  ) throws -> (values: [DVal], tangents: [DVal]) {
    let outer = Tape.open()
    defer { outer.release() }
    let inner = Tape.open()
    defer { inner.release() }
    let tracked = leaves.map { inner.track($0) }
    let outs = try f(tracked)
    inner.close()
    let seeds = try outs.map { o in
      outer.track(.plain(try Tensor.zeros(o.shape, dtype: o.floatDType)))
    }
    let cotangents = try inner.backward(outs, seeds: seeds, wrt: tracked)
    var dot: DVal? = nil
    for (c, v) in zip(cotangents, tangents) {
      let term = try sum(c * v)
      dot = try dot.map { try $0 + term } ?? term
    }
    outer.close()
    let values = outs.map { unwrap($0, from: inner) }
    guard let dot else {
      return (values, try outs.map { .plain(try Tensor.zeros($0.shape, dtype: $0.floatDType)) })
    }
    let products = try outer.backward(dot, wrt: seeds, op: op)
    return (values, products)
  }
}
