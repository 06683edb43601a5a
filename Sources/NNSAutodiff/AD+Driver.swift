import NNSTensor

/// Gradient drivers: what the runtime's `grad`, `value_and_grad`, `jacobian` and `hessian`
/// call. Each opens a fresh tape, so nothing persists between calls and nesting works.
extension AD {
  /// Runs `f` on tracked copies of `leaves` and differentiates its scalar result.
  /// - Parameters:
  ///   - leaves: the values to differentiate with respect to (any level of tracking).
  ///   - op: the name used in errors (`grad`, `value_and_grad`).
  ///   - record: store this tape's record in `Tape.lastRecord` (for `tape(f)`).
  ///   - f: the function; it receives the tracked leaves.
  /// - Returns: the value (one level down: constant unless an outer gradient tracks it) and
  ///   one cotangent per leaf.
  /// - Throws: `grad: f must return a scalar, got shape [3]`, and `f`'s errors.
  public static func valueAndGrad(
    _ leaves: [DVal], op: String = "grad", record: Bool = false,
    _ f: ([DVal]) throws -> DVal
  ) throws -> (value: DVal, grads: [DVal]) {
    let tape = Tape.open()
    defer { tape.release() }
    tape.keepsRecord = record
    let tracked = leaves.map { tape.track($0) }
    let out = try f(tracked)
    tape.close()
    let grads = try tape.backward(out, wrt: tracked, op: op)
    return (unwrap(out, from: tape), grads)
  }

  /// The gradient of scalar `f` at `x`.
  public static func grad(_ x: DVal, _ f: (DVal) throws -> DVal) throws -> DVal {
    let r = try valueAndGrad([x]) { try f($0[0]) }
    return r.grads[0]
  }

  /// The full Jacobian of `f` at `x`: shape `f(x).shape + x.shape` (as JAX), one reverse pass
  /// per output element.
  public static func jacobian(_ x: DVal, _ f: (DVal) throws -> DVal) throws -> DVal {
    let tape = Tape.open()
    defer { tape.release() }
    let leaf = tape.track(x)
    let out = try f(leaf)
    tape.close()
    let outShape = out.shape
    let n = out.count
    let dtype = out.floatDType
    var rows: [DVal] = []
    rows.reserveCapacity(n)
    for k in 0..<n {
      var seed = [Double](repeating: 0, count: n)
      seed[k] = 1
      let s = DVal.plain(try Tensor(shape: outShape, values: seed, dtype: dtype))
      rows.append(try tape.backward(out, seed: s, wrt: [leaf])[0])
    }
    if rows.isEmpty {
      return .plain(try Tensor.zeros(outShape + x.shape, dtype: x.floatDType))
    }
    return try reshape(stack(rows, axis: 0), outShape + x.shape)
  }

  /// The Hessian of scalar `f` at `x`: the Jacobian of its gradient, shape `x.shape + x.shape`.
  public static func hessian(_ x: DVal, _ f: (DVal) throws -> DVal) throws -> DVal {
    try jacobian(x) { y in try grad(y, f) }
  }

  /// A value with `tape`'s tracking removed (lower levels kept).
  static func unwrap(_ v: DVal, from tape: Tape) -> DVal {
    if case .tracked(let t) = v, t.tape === tape { return t.primal }
    return v
  }
}
