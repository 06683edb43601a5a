// Branch-free single-precision exp and tanh that the compiler vectorizes: no calls, no traps,
// selects instead of branches (exp within 2 ulp, tanh within 8); NaN, infinities, underflow to
// subnormals and zero, and signed zero behave as in libm.
//
// This is the one definition of each formula: NNSTensor inlines it into baseline loops and
// NNSKernelsX86 into wide ones. Only plain IEEE operations (no FMA, no reassociation), so every
// element comes out the same whatever the vector width. A module of its own, compiled for the
// baseline CPU, so that an unoptimized build calling these out of line runs anywhere.

/// e^x for Float: x = k ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial fitted by
/// Tests/NNSTensorTests/fit_fastmath.py (about 1 ulp), then scaled by 2^k in two steps so
/// subnormal results come out right.
@inlinable @inline(__always)
public func fastExp(_ x: Float) -> Float {
  // beyond these bounds the result is 0 or inf anyway; clamping keeps k in range, and the
  // comparison order lets NaN pass through (these compile to minps/maxps)
  var v = 89 < x ? 89 : x
  v = -105 > v ? -105 : v
  // round v / ln2 to an integer with the 1.5 * 2^23 trick (no float-to-int conversion)
  let magic: Float = 12_582_912
  let t = v * 1.442_695_04 + magic
  let kf = t - magic
  let k = Int32(bitPattern: t.bitPattern) &- Int32(bitPattern: magic.bitPattern)
  // r = v - k ln2, with ln2 split so k * ln2hi is exact
  let r = (v - kf * 0.693_145_751_953_125) - kf * 1.428_606_765_330_187e-6
  // 1 + r + r^2 q(r) by Estrin's scheme: short dependency chains, so vectors overlap
  let r2 = r * r
  let r4 = r2 * r2
  let q01 = 0.499_999_934_513_538_47 + 0.166_665_206_912_118_67 * r
  let q23 = 4.166_838_751_899_581e-2 + 8.368_709_677_449_642e-3 * r
  let q = (q01 + r2 * q23) + r4 * 1.381_460_044_311_629_4e-3
  let p = 1 + (r + r2 * q)
  // 2^k = 2^k1 * 2^k2 with both halves representable as normal floats
  let k1 = k >> 1
  let k2 = k &- k1
  let s1 = Float(bitPattern: UInt32(bitPattern: (k1 &+ 127) << 23))
  let s2 = Float(bitPattern: UInt32(bitPattern: (k2 &+ 127) << 23))
  return p * s1 * s2
}

/// tanh for Float: `x P(x^2) / Q(x^2)` on |x| <= 9 (where tanh reaches 1 in single precision),
/// a rational fit of ours (Tests/NNSTensorTests/fit_fastmath.py: weighted least squares with Lawson
/// iterations; fit error 7e-9, about 6 ulp after rounding), with the sign of x restored.
@inlinable @inline(__always)
public func fastTanh(_ x: Float) -> Float {
  let a = Float(bitPattern: x.bitPattern & 0x7FFF_FFFF)
  let c = a > 9 ? 9 : a  // NaN passes through
  let z = c * c
  // Estrin's scheme: short dependency chains, so neighbouring vectors overlap
  let z2 = z * z
  let z4 = z2 * z2
  let p01 = 0.999_999_993_386_798 + 0.130_840_079_827_623_9 * z
  let p23 = 3.103_953_752_129_152e-3 + 1.115_427_933_523_731_3e-5 * z
  let p45 = -2.022_508_731_188_041e-8 + 5.277_869_775_056_440_6e-11 * z
  let p456 = p45 + -8.488_478_072_442_514e-14 * z2
  let p = (p01 + z2 * p23) + z4 * p456
  let q01 = 1 + 0.464_173_350_851_268_76 * z
  let q23 = 2.449_516_886_778_332_2e-2 + 2.546_141_454_709_092_6e-4 * z
  let q = q01 + z2 * q23
  var m = (c * p) / q
  m = a >= 9 || m > 1 ? 1 : m
  return Float(bitPattern: m.bitPattern | (x.bitPattern & 0x8000_0000))
}

/// The logistic function for Float through `fastExp`, stable for large |x|.
@inlinable @inline(__always)
public func fastSigmoid(_ x: Float) -> Float {
  let e = fastExp(-Float(bitPattern: x.bitPattern & 0x7FFF_FFFF))
  let r = 1 / (1 + e)
  return x >= 0 ? r : e * r
}
