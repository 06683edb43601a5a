// exp, tanh and sigmoid over Float tensors: NNSFastMath's per-element formulas, in loops that
// NNSKernelsX86 (AVX-512) and NNSKernelsX86v3 (AVX2) also have compiled, chosen by
// `VectorLevel`. Every path gives the same bits, so the numbers of the language read the same
// on every machine.

import NNSFastMath

#if arch(x86_64)
  import NNSKernelsX86
  import NNSKernelsX86v3
#endif

/// e^x through `fastExp` for Float and libm for Double (the branch folds when specialized).
@inline(__always) @usableFromInline
func kernelExp<T: FloatElement>(_ x: T) -> T {
  if T.self == Float.self {
    return unsafeBitCast(fastExp(unsafeBitCast(x, to: Float.self)), to: T.self)
  }
  return T.mExp(x)
}

/// tanh through `fastTanh` for Float and libm for Double (the branch folds when specialized).
@inline(__always) @usableFromInline
func kernelTanh<T: FloatElement>(_ x: T) -> T {
  if T.self == Float.self {
    return unsafeBitCast(fastTanh(unsafeBitCast(x, to: Float.self)), to: T.self)
  }
  return T.mTanh(x)
}

/// A Float function with a loop over dense buffers at every `VectorLevel`.
@usableFromInline
enum DenseFloatLoop: Sendable, CaseIterable {
  case exp, tanh, sigmoid

  /// The per-element function every copy of the loop applies.
  @inline(__always) @usableFromInline
  func value(_ x: Float) -> Float {
    switch self {
    case .exp: return fastExp(x)
    case .tanh: return fastTanh(x)
    case .sigmoid: return fastSigmoid(x)
    }
  }

  /// Writes the function of `count` floats from `source` to `destination`.
  ///
  /// - Parameters:
  ///   - source: the first of `count` readable floats.
  ///   - destination: the first of `count` writable floats.
  ///   - count: the number of elements (nothing happens for 0 or less).
  ///   - level: the copy of the loop to run; it must be one of `VectorLevel.supported`.
  @usableFromInline
  func run(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int,
    level: VectorLevel = .current
  ) {
    guard count > 0 else { return }
    #if arch(x86_64)
      switch (level, self) {
      case (.baseline, _): break
      case (.x86_64_v4, .exp): return NNSKernelsX86.expFloats(source, destination, count: count)
      case (.x86_64_v4, .tanh): return NNSKernelsX86.tanhFloats(source, destination, count: count)
      case (.x86_64_v4, .sigmoid):
        return NNSKernelsX86.sigmoidFloats(source, destination, count: count)
      case (.x86_64_v3, .exp): return NNSKernelsX86v3.expFloats(source, destination, count: count)
      case (.x86_64_v3, .tanh):
        return NNSKernelsX86v3.tanhFloats(source, destination, count: count)
      case (.x86_64_v3, .sigmoid):
        return NNSKernelsX86v3.sigmoidFloats(source, destination, count: count)
      }
    #endif
    // one loop per function, so each is vectorized with its formula inlined
    switch self {
    case .exp: for i in 0..<count { destination[i] = fastExp(source[i]) }
    case .tanh: for i in 0..<count { destination[i] = fastTanh(source[i]) }
    case .sigmoid: for i in 0..<count { destination[i] = fastSigmoid(source[i]) }
    }
  }
}

/// Applies `loop` to every element of an f32 tensor: one call over the whole buffer when the
/// elements are dense in memory, element by element otherwise (same values either way).
@usableFromInline
func mapFloats(_ x: Tensor, _ loop: DenseFloatLoop) -> Tensor {
  let (out, dense) = map1Output(x, dtype: .f32)
  let n = x.count
  if n == 0 { return out }
  if dense {
    let (src, dst) = (x.pointer(Float.self), out.pointer(Float.self))
    Interrupt.forChunks(n) { r in loop.run(src + r.lowerBound, dst + r.lowerBound, count: r.count) }
  } else {
    map1Strided(x, into: out) { (v: Float) in loop.value(v) }
  }
  return out
}
