// Branch-free single-precision exp and tanh that the compiler vectorizes: no calls, no traps,
// selects instead of branches. Accurate to about 2 ulp; NaN, infinities, underflow to
// subnormals and zero, and signed zero behave as in libm.

/// e^x for Float: x = k ln2 + r with |r| <= ln2/2, e^r by its degree-7 Taylor polynomial,
/// then scaled by 2^k in two steps so subnormal results come out right.
@inline(__always) @usableFromInline
func fastExp(_ x: Float) -> Float {
  // beyond these bounds the result is 0 or inf anyway; clamping keeps k in range (NaN passes)
  var v = x > 89 ? 89 : x
  v = v < -105 ? -105 : v
  // round v / ln2 to an integer with the 1.5 * 2^23 trick (no float-to-int conversion)
  let magic: Float = 12_582_912
  let t = v * 1.442_695_04 + magic
  let kf = t - magic
  let k = Int32(bitPattern: t.bitPattern) &- Int32(bitPattern: magic.bitPattern)
  // r = v - k ln2, with ln2 split so k * ln2hi is exact
  let r = (v - kf * 0.693_145_751_953_125) - kf * 1.428_606_765_330_187e-6
  var p: Float = 1.0 / 5040
  p = p * r + 1.0 / 720
  p = p * r + 1.0 / 120
  p = p * r + 1.0 / 24
  p = p * r + 1.0 / 6
  p = p * r + 0.5
  p = p * r + 1
  p = p * r + 1
  // 2^k = 2^k1 * 2^k2 with both halves representable as normal floats
  let k1 = k >> 1
  let k2 = k &- k1
  let s1 = Float(bitPattern: UInt32(bitPattern: (k1 &+ 127) << 23))
  let s2 = Float(bitPattern: UInt32(bitPattern: (k2 &+ 127) << 23))
  return p * s1 * s2
}

/// tanh for Float: an odd Taylor polynomial below |x| = 0.55, `1 - 2 / (e^(2|x|) + 1)` above,
/// with the sign of x restored from its bit.
@inline(__always) @usableFromInline
func fastTanh(_ x: Float) -> Float {
  let a = Float(bitPattern: x.bitPattern & 0x7FFF_FFFF)
  // large |x|: tanh is 1 in single precision beyond 9
  let ac = a > 9 ? 9 : a
  let e = fastExp(2 * ac)
  let big = 1 - 2 / (e + 1)
  // small |x|: tanh x = x - x^3/3 + 2x^5/15 - 17x^7/315 + ... (alternating, error < 3e-9)
  let z = a * a
  var p: Float = 5.900_274_409_455_86e-4  // 6404582 / 10854718875
  p = p * z - 1.455_834_387_051_318e-3  // 929569 / 638512875
  p = p * z + 3.592_128_036_572_481e-3  // 21844 / 6081075
  p = p * z - 8.863_235_529_902_197e-3  // 1382 / 155925
  p = p * z + 2.186_948_853_615_520e-2  // 62 / 2835
  p = p * z - 5.396_825_396_825_397e-2  // 17 / 315
  p = p * z + 0.133_333_333_333_333_33  // 2 / 15
  p = p * z - 0.333_333_333_333_333_33  // 1 / 3
  let small = a + a * (p * z)
  let m = a < 0.55 ? small : big
  return Float(bitPattern: m.bitPattern | (x.bitPattern & 0x8000_0000))
}

/// The logistic function for Float through `fastExp`, stable for large |x|.
@inline(__always) @usableFromInline
func fastSigmoid(_ x: Float) -> Float {
  let e = fastExp(-Float(bitPattern: x.bitPattern & 0x7FFF_FFFF))
  let r = 1 / (1 + e)
  return x >= 0 ? r : e * r
}
