// Which compiled copy of the dense float loops this process runs: the baseline one in this
// module, or NNSKernelsX86's AVX-512 one. Both give the same bits (see NNSFastMath), so the
// choice changes speed only; it is made once, on the first exp/tanh/sigmoid over a tensor.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An instruction-set level that a copy of the dense float loops is compiled for.
public enum VectorLevel: String, Sendable, CaseIterable {
  /// The build's target CPU (x86-64 with SSE2 on x86): always available.
  case baseline
  /// x86-64-v3: AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE with everything in v2.
  case x86_64_v3 = "x86-64-v3"
  /// x86-64-v4: AVX-512 F/BW/CD/DQ/VL with everything in v3 and v2.
  case x86_64_v4 = "x86-64-v4"

  /// The level the loops run at: the best `supported` one, unless the environment variable
  /// `NNS_CPU` names a lower supported one (`baseline`, `x86-64-v3`).
  public static let current: VectorLevel = chosen(
    request: getenv("NNS_CPU").map { String(cString: $0) }, supported: supported)

  /// The feature flags of this CPU as the kernel lists them (the kernel leaves out the AVX and
  /// AVX-512 flags when it does not save those registers). Read once, from `/proc/cpuinfo`, so
  /// no C header of a particular libc is needed; empty where that cannot be read.
  static let cpuFeatures: Set<Substring> = {
    #if arch(x86_64) && os(Linux)
      return cpuFlags() ?? []
    #else
      return []
    #endif
  }()

  /// Whether this CPU can run code of level x86-64-v3 (every feature of v2 and v3 listed).
  static var supportsX86_64_v3: Bool {
    #if arch(x86_64) && os(Linux)
      return x86_64_v3Flags.allSatisfy { cpuFeatures.contains($0) }
    #else
      return false
    #endif
  }

  /// Whether this CPU can run code of level x86-64-v4 (every feature of v2, v3 and v4 listed).
  static var supportsX86_64_v4: Bool {
    #if arch(x86_64) && os(Linux)
      return supportsX86_64_v3 && x86_64_v4Flags.allSatisfy { cpuFeatures.contains($0) }
    #else
      return false
    #endif
  }

  /// Every level this process can run, lowest first.
  static var supported: [VectorLevel] {
    [.baseline] + (supportsX86_64_v3 ? [.x86_64_v3] : []) + (supportsX86_64_v4 ? [.x86_64_v4] : [])
  }

  /// The level to use for a request (the value of `NNS_CPU`, or nil when unset).
  ///
  /// - Parameters:
  ///   - request: a supported level's name picks it; anything else, or nil, the best supported.
  ///   - supported: the levels available, lowest first.
  /// - Returns: the chosen level.
  static func chosen(request: String?, supported: [VectorLevel]) -> VectorLevel {
    if let request, let level = VectorLevel(rawValue: request), supported.contains(level) {
      return level
    }
    return supported.last ?? .baseline
  }
}

#if arch(x86_64) && os(Linux)
  /// The CPU features that `-march=x86-64-v3` lets the compiler use (the x86-64 psABI levels
  /// v2 and v3), by their names in `/proc/cpuinfo` (`pni` is SSE3; `abm` is LZCNT).
  let x86_64_v3Flags: [Substring] = [
    "cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2",
    "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave",
  ]

  /// What x86-64-v4 adds to v3.
  let x86_64_v4Flags: [Substring] = ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]

  /// The words of the first `flags` line of `/proc/cpuinfo` (nil when it cannot be read).
  func cpuFlags() -> Set<Substring>? {
    let fd = open("/proc/cpuinfo", O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16384)
    // the first processor's entry holds the flags line; stop reading once it is complete
    while bytes.count < 1 << 20 {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      if let line = flagsLine(bytes), line.hasSuffix("\n") { break }
    }
    return parseCPUFlags(bytes)
  }

  /// The flags of the first processor in the text of `/proc/cpuinfo` (nil without a `flags`
  /// line).
  func parseCPUFlags(_ bytes: [UInt8]) -> Set<Substring>? {
    guard let line = flagsLine(bytes) else { return nil }
    return Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }))
  }

  /// The text from the first line starting `flags` to the end of that line (or of the input).
  private func flagsLine(_ bytes: [UInt8]) -> Substring? {
    let text = String(decoding: bytes, as: UTF8.self)
    let start: String.Index
    if text.hasPrefix("flags") {
      start = text.startIndex
    } else if let newline = text.firstRange(of: "\nflags")?.lowerBound {
      start = text.index(after: newline)
    } else {
      return nil
    }
    let rest = text[start...]
    guard let colon = rest.firstIndex(of: ":") else { return nil }
    let body = rest[rest.index(after: colon)...]
    if let end = body.firstIndex(of: "\n") { return body[...end] }
    return body
  }
#endif
