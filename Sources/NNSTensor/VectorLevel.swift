// Which compiled copy of the dense float loops this process runs: the baseline one in this
// module, or NNSKernelsX86's AVX-512 one. Both give the same bits (see NNSFastMath), so the
// choice changes speed only; it is made once, on the first exp/tanh/sigmoid over a tensor.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
#if arch(x86_64) && os(Linux)
  import CX86Features
#endif

/// An instruction-set level that a copy of the dense float loops is compiled for.
public enum VectorLevel: String, Sendable, CaseIterable {
  /// The build's target CPU (x86-64 with SSE2 on x86): always available.
  case baseline
  /// x86-64-v4: AVX-512 F/BW/CD/DQ/VL with everything in v3 and v2 (AVX2, FMA, BMI, ...).
  case x86_64_v4 = "x86-64-v4"

  /// The level the loops run at: the best `supported` one, unless the environment variable
  /// `NNS_CPU` is `baseline`.
  public static let current: VectorLevel = chosen(
    request: getenv("NNS_CPU").map { String(cString: $0) }, supported: supported)

  /// Whether this CPU, with its operating system, can run code of level x86-64-v4 (glibc's
  /// "active" bits: the CPU has the feature and the kernel saves its registers).
  static let supportsX86_64_v4: Bool = {
    #if arch(x86_64) && os(Linux)
      return x86_64_v4Features.allSatisfy { x86_cpu_active(UInt32($0)) }
    #else
      return false
    #endif
  }()

  /// Every level this process can run, lowest first.
  static var supported: [VectorLevel] {
    supportsX86_64_v4 ? [.baseline, .x86_64_v4] : [.baseline]
  }

  /// The level to use for a request (the value of `NNS_CPU`, or nil when unset).
  ///
  /// - Parameters:
  ///   - request: `baseline` picks the baseline; anything else, or nil, the best supported.
  ///   - supported: the levels available, lowest first.
  /// - Returns: the chosen level.
  static func chosen(request: String?, supported: [VectorLevel]) -> VectorLevel {
    if request == VectorLevel.baseline.rawValue { return .baseline }
    return supported.last ?? .baseline
  }
}

#if arch(x86_64) && os(Linux)
  /// The CPU features that `-target-cpu x86-64-v4` lets the compiler use, as glibc numbers
  /// them: the x86-64 psABI levels v2, v3 and v4 (glibc's own `get-isa-level.h` checks these).
  private let x86_64_v4Features = [
    x86_cpu_CMPXCHG16B, x86_cpu_LAHF64_SAHF64, x86_cpu_POPCNT, x86_cpu_SSE3, x86_cpu_SSSE3,
    x86_cpu_SSE4_1, x86_cpu_SSE4_2,
    x86_cpu_AVX, x86_cpu_AVX2, x86_cpu_BMI1, x86_cpu_BMI2, x86_cpu_F16C, x86_cpu_FMA,
    x86_cpu_LZCNT, x86_cpu_MOVBE,
    x86_cpu_AVX512F, x86_cpu_AVX512BW, x86_cpu_AVX512CD, x86_cpu_AVX512DQ, x86_cpu_AVX512VL,
  ]
#endif
