// One seedable random generator: xoshiro256** seeded through splitmix64, uniform floats from
// the top bits, normals by Box-Muller, unbiased integers by Lemire's multiply-and-reject.
// The same seed gives the same numbers on every run and machine.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The global random generator (seed 0 at start).
public final class RNG: @unchecked Sendable {
  /// The generator that `rand`, `randn`, `randint` and `permutation` use.
  public static let shared = RNG(seed: 0)

  private var s0: UInt64 = 0
  private var s1: UInt64 = 0
  private var s2: UInt64 = 0
  private var s3: UInt64 = 0

  /// The generator's whole state: saved before a REPL input and put back when the input fails,
  /// so that a failed input draws no numbers.
  public var state: [UInt64] {
    get { [s0, s1, s2, s3] }
    set {
      guard newValue.count == 4 else { return }
      (s0, s1, s2, s3) = (newValue[0], newValue[1], newValue[2], newValue[3])
    }
  }

  /// A generator started from `seed`.
  public init(seed: UInt64) { self.seed(seed) }

  /// Restarts the sequence from `s`.
  public func seed(_ s: UInt64) {
    var x = s
    func splitmix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitmix()
    s1 = splitmix()
    s2 = splitmix()
    s3 = splitmix()
  }

  /// The next 64 random bits.
  @inline(__always) public func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// A uniform integer in `0..<range` (range > 0), without modulo bias.
  public func bounded(_ range: UInt64) -> UInt64 {
    var m = next().multipliedFullWidth(by: range)
    if m.low < range {
      let threshold = (0 &- range) % range
      while m.low < threshold { m = next().multipliedFullWidth(by: range) }
    }
    return m.high
  }

  /// A uniform Double in [0, 1) with 53 random bits.
  @inline(__always) public func nextDouble() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Uniform numbers in [0, 1).
  ///
  /// - Throws: `TensorError` for a negative size or a shape over the limits.
  public func uniform(_ shape: [Int], dtype: DType) throws -> Tensor {
    var t = try Tensor.allocate(shape, dtype: dtype.isFloat ? dtype : .f32, op: "rand")
    let n = t.count
    if t.dtype == .f32 {
      t.withUnsafeMutableFloats { p in
        Interrupt.forChunks(n) { r in for i in r { p[i] = Float(next() >> 40) * 0x1p-24 } }
      }
    } else {
      t.withUnsafeMutableDoubles { p in
        Interrupt.forChunks(n) { r in for i in r { p[i] = nextDouble() } }
      }
    }
    try Interrupt.check()
    return t
  }

  /// Standard normal numbers (Box-Muller on pairs of uniforms, computed in f64).
  ///
  /// - Throws: `TensorError` for a negative size or a shape over the limits.
  public func normal(_ shape: [Int], dtype: DType) throws -> Tensor {
    let t = try Tensor.allocate(shape, dtype: dtype.isFloat ? dtype : .f32, op: "randn")
    let n = t.count
    // Written straight into the result (a gigabyte-sized f64 scratch array would take longer
    // to clear than Ctrl-C may wait); each value is computed in f64 and then stored.
    func fill<T>(_ p: UnsafeMutablePointer<T>, _ store: (Double) -> T) {
      // Chunks start at even indices (the chunk length is even), so no pair is split.
      Interrupt.forChunks(n) { range in
        var i = range.lowerBound
        while i < range.upperBound {
          let u1 = Double((next() >> 11) + 1) * 0x1p-53  // (0, 1]: log is finite
          let u2 = nextDouble()
          let r = (-2 * log(u1)).squareRoot()
          let angle = 2 * Double.pi * u2
          p[i] = store(r * cos(angle))
          if i + 1 < n { p[i + 1] = store(r * sin(angle)) }
          i += 2
        }
      }
    }
    if t.dtype == .f32 {
      fill(t.pointer(Float.self)) { Float($0) }
    } else {
      fill(t.pointer(Double.self)) { $0 }
    }
    try Interrupt.check()
    return t
  }

  /// Uniform integers in `lo..<hi` as an `i64` tensor (converted to `dtype` when it is not
  /// `i64`).
  ///
  /// - Throws: `TensorError` `randint: low 5 must be less than high 3`, or for a bad shape.
  public func randint(_ lo: Int, _ hi: Int, _ shape: [Int], dtype: DType = .i64) throws
    -> Tensor
  {
    guard lo < hi else { throw TensorError("randint: low \(lo) must be less than high \(hi)") }
    let n = try Tensor.checkedCount(shape, dtype: .i64, op: "randint")
    // the span of any two Ints fits in UInt64, and lo + an offset below it stays in range
    let range = UInt64(bitPattern: Int64(hi) &- Int64(lo))
    var values = [Int64](repeating: 0, count: n)
    values.withUnsafeMutableBufferPointer { v in
      Interrupt.forChunks(n) { r in
        for i in r { v[i] = Int64(lo) &+ Int64(bitPattern: bounded(range)) }
      }
    }
    try Interrupt.check()
    return try Tensor(shape: shape, int64s: values).cast(dtype)
  }

  /// A random ordering of `0..<n` (Fisher-Yates) as an `i64` tensor (converted to `dtype` when
  /// it is not `i64`).
  ///
  /// - Throws: `TensorError` for a negative `n` or one over the limits.
  public func permutation(_ n: Int, dtype: DType = .i64) throws -> Tensor {
    _ = try Tensor.checkedCount([n], dtype: .i64, op: "permutation")
    var values = (0..<n).map(Int64.init)
    var i = n - 1
    while i > 0 {
      let j = Int(bounded(UInt64(i + 1)))
      values.swapAt(i, j)
      i -= 1
      if i & (Interrupt.chunk - 1) == 0 { try Interrupt.check() }
    }
    return try Tensor(shape: [n], int64s: values).cast(dtype)
  }
}
