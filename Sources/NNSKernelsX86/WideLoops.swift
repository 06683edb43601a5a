// Loops over dense Float buffers. This one file is compiled twice (NNSKernelsX86v3 holds a
// symbolic link to it; see Package.swift): as NNSKernelsX86 for x86-64-v4 (AVX-512, 16 floats
// at a time) and as NNSKernelsX86v3 for x86-64-v3 (AVX2, 8 at a time). Every element goes
// through the same NNSFastMath function as NNSTensor's baseline loops, and the modules are
// built without FMA contraction or fast-math, so the results are the same bit for bit.
//
// Only NNSTensor's dispatch (`VectorLevel`) calls these, and only after it has checked that the
// CPU and the kernel support the module's level: on other CPUs they stop on an illegal
// instruction.

#if arch(x86_64)
  import NNSFastMath

  /// Writes `fastExp` of `count` floats from `source` to `destination`.
  ///
  /// - Parameters:
  ///   - source: the first of `count` readable floats.
  ///   - destination: the first of `count` writable floats (the same as `source`, or apart).
  ///   - count: the number of elements; nothing happens when it is 0 or less.
  public func expFloats(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    guard count > 0 else { return }
    for i in 0..<count { destination[i] = fastExp(source[i]) }
  }

  /// Writes `fastTanh` of `count` floats from `source` to `destination`.
  ///
  /// - Parameters:
  ///   - source: the first of `count` readable floats.
  ///   - destination: the first of `count` writable floats (the same as `source`, or apart).
  ///   - count: the number of elements; nothing happens when it is 0 or less.
  public func tanhFloats(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    guard count > 0 else { return }
    for i in 0..<count { destination[i] = fastTanh(source[i]) }
  }

  /// Writes `fastSigmoid` of `count` floats from `source` to `destination`.
  ///
  /// - Parameters:
  ///   - source: the first of `count` readable floats.
  ///   - destination: the first of `count` writable floats (the same as `source`, or apart).
  ///   - count: the number of elements; nothing happens when it is 0 or less.
  public func sigmoidFloats(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    guard count > 0 else { return }
    for i in 0..<count { destination[i] = fastSigmoid(source[i]) }
  }
#endif
