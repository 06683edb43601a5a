// Loops over dense Float buffers, in a module compiled for x86-64-v4 (AVX-512; see
// Package.swift) so that they run 16 floats at a time. Every element goes through the same
// NNSFastMath function as NNSTensor's baseline loops, and the module is built without FMA
// contraction or fast-math, so the results are the same bit for bit.
//
// Only NNSTensor's dispatch (`VectorLevel`) calls these, and only after it has checked that the
// CPU and the kernel support x86-64-v4: on any other CPU they stop on an illegal instruction.

#if arch(x86_64)
  import NNSFastMath

  /// Writes `fastExp` of `count` floats from `source` to `destination`.
  ///
  /// - Parameters:
  ///   - source: the first of `count` readable floats.
  ///   - destination: the first of `count` writable floats (the same as `source`, or apart).
  ///   - count: the number of elements; nothing happens when it is 0 or less.
  public func expFloatsX86_64_v4(
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
  public func tanhFloatsX86_64_v4(
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
  public func sigmoidFloatsX86_64_v4(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    guard count > 0 else { return }
    for i in 0..<count { destination[i] = fastSigmoid(source[i]) }
  }
#endif
