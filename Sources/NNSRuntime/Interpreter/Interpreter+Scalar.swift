import NNSSyntax

extension Interpreter {
  /// Calls the scalar form a call site has cached, in a register window on the stack.
  /// - Parameters:
  ///   - count: the number of arguments.
  ///   - fill: stores the arguments into the first `count` registers.
  @inline(__always)
  func callScalar(
    _ cache: ScalarCallCache, _ owner: ScalarCodeBox, count: Int, site: CallSite,
    fill: (UnsafeMutablePointer<Float>) -> Void
  ) throws -> Float {
    try cache.scalar._withUnsafeGuaranteedRef { s in
      // `fill` writes `count` registers: only a form of that arity has room for them
      if s.disabled || s.arity != count { throw ScalarDeopt(code: owner.code) }
      if s.registers <= 8 {
        var window: (Float, Float, Float, Float, Float, Float, Float, Float) = (
          0, 0, 0, 0, 0, 0, 0, 0
        )
        return try withUnsafeMutableBytes(of: &window) { raw in
          guard let base = raw.baseAddress else { throw ScalarDeopt(code: owner.code) }
          let w = base.assumingMemoryBound(to: Float.self)
          fill(w)
          return try callScalar(s, w, site: site)
        }
      }
      return try withUnsafeTemporaryAllocation(of: Float.self, capacity: s.registers) { buffer in
        guard let w = buffer.baseAddress else { throw ScalarDeopt(code: owner.code) }
        fill(w)
        return try callScalar(s, w, site: site)
      }
    }
  }

  /// Calls a scalar form with its arguments in `registers`: the depth, step and stack checks
  /// and the error chain of `invoke`, without frames or `Value`s.
  @inline(__always)
  func callScalar(_ s: ScalarCode, _ registers: UnsafeMutablePointer<Float>, site: CallSite?)
    throws -> Float
  {
    depth &+= 1
    defer { depth &-= 1 }
    stepsUntilPoll &-= 1
    if depth > maxDepth || stepsUntilPoll <= 0 || BigStack.below(stackLimit) {
      try scalarEntryChecks(s, site)
    }
    do {
      return try s.body(registers)
    } catch {
      throw Interpreter.traced(error, s, site)
    }
  }

  /// Adds a scalar call to the chain of a runtime error passing through it.
  @inline(never)
  static func traced(_ error: any Error, _ s: ScalarCode, _ site: CallSite?) -> any Error {
    guard var e = error as? RuntimeError else { return error }
    if let site {
      e.addCall(s.name, site.source, site.range)
    } else {
      e.addCall(s.name, s.source, s.range)
    }
    return e
  }

  /// The checks of `invoke` in its order, with its errors: depth, then the step poll, then
  /// the stack.
  func scalarEntryChecks(_ s: ScalarCode, _ site: CallSite?) throws {
    do {
      if depth > maxDepth {
        throw RuntimeError("\(s.name): recursion depth limit (\(maxDepth)) exceeded")
      }
      if stepsUntilPoll <= 0 { try poll() }
      try BigStack.check(limit: stackLimit, op: s.name)
    } catch {
      guard let site else { throw error }
      throw Compiler.locate(error, site.source, site.range)
    }
  }

  /// Stores `values` into registers when every one is an f32 number (a `tryScalar` fill).
  @inline(__always)
  static func storeF32<C: Collection<Value>>(_ values: C, _ registers: UnsafeMutablePointer<Float>)
    -> Bool
  {
    var i = 0
    for v in values {
      guard case .f32(let x) = v else { return false }
      registers[i] = x
      i += 1
    }
    return true
  }

  /// Runs a closure's scalar form on `count` f32 arguments from the general path; nil when
  /// the function has none of that arity, the session is in f64 mode, or the scalar run gave
  /// up (the caller then runs the general form, which redoes the same pure work).
  /// - Parameter fill: stores the arguments into the first `count` registers; returns false
  ///   when one is not an f32 number.
  @inline(__always)
  func tryScalar(
    _ c: Closure, count: Int, site: CallSite?,
    fill: (UnsafeMutablePointer<Float>) -> Bool
  ) throws -> Float? {
    guard let s = c.code.scalar, s.arity == count, !s.disabled, !literalF64, scalarFunctions
    else { return nil }
    do {
      return try withUnsafeTemporaryAllocation(of: Float.self, capacity: s.registers) { w in
        guard let base = w.baseAddress, fill(base) else { return nil }
        return try callScalar(s, base, site: site)
      }
    } catch let d as ScalarDeopt {
      d.code?.disabled = true
      return nil
    }
  }
}
